namespace ServerlessKomunitas.Members;

/// <summary>One sign-up attempt: ids and the window only, no personal data.</summary>
public sealed record MemberSignUpInput(string PersonKey, string CommunityId, int Attempt, TimeSpan ConfirmationWindow);

public sealed record MemberStep(string PersonKey, string CommunityId, int Attempt, DateTime? Until = null);

/// <summary>Raised after the member confirmed the address (the rows already say Confirmed).</summary>
public sealed record MembershipConfirmed
{
    public static WorkflowEvent<MembershipConfirmed> Event { get; } = new(nameof(MembershipConfirmed));
}

/// <summary>
/// Double opt-in: the confirmation email, then the confirmation or the expiry, whichever comes first. A confirmed
/// member is welcomed and goes into the community's next daily digest.
/// </summary>
public sealed class MemberSignUpOrchestrator : LoggedOrchestrator<MemberSignUpInput, MembershipStatus>
{
    protected override async Task<MembershipStatus> RunStepsAsync(TaskOrchestrationContext context, MemberSignUpInput input, ILogger log)
    {
        var confirmBy = context.CurrentUtcDateTime + input.ConfirmationWindow;
        var step = new MemberStep(input.PersonKey, input.CommunityId, input.Attempt, confirmBy);
        var confirmed = context.WaitFor(MembershipConfirmed.Event);
        var status = await context.CallActivityAsync<MembershipStatus>(nameof(SendMemberConfirmation), step, Retry);
        if (status == MembershipStatus.Unconfirmed && await OrchestrationWaits.FirstAsync(context, confirmBy, confirmed) == -1)
        {
            status = await context.CallActivityAsync<MembershipStatus>(nameof(ExpireMembership), step, Retry);
        }
        else if (status == MembershipStatus.Unconfirmed)
        {
            status = MembershipStatus.Confirmed;
        }
        if (status == MembershipStatus.Confirmed)
        {
            var welcomed = await context.CallActivityAsync<Welcomed>(nameof(WelcomeMember), step, Retry);
            // A new mentor wakes the requests that were waiting for someone like them.
            foreach (var mentorship in welcomed.WaitingMentorships)
            {
                context.Send(mentorship, Mentoring.MentorAvailable.Event, new Mentoring.MentorAvailable());
            }
        }
        return status;
    }
}
