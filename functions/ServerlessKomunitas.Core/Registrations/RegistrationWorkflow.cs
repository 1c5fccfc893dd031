using ServerlessKomunitas.Approvals;

namespace ServerlessKomunitas.Registrations;

/// <summary>Raised when the contact confirms the address (after the row has moved to PendingApproval).</summary>
public sealed record EmailConfirmed
{
    public static WorkflowEvent<EmailConfirmed> Event { get; } = new(nameof(EmailConfirmed));
}

/// <summary>What the workflow waits for, published as its custom status (an enum: no personal data).</summary>
public enum RegistrationStage
{
    AwaitingConfirmation,
    AwaitingDecision,
    Finishing,
}

/// <summary>The input of <see cref="RegistrationOrchestratorV2"/>: the policy in force is copied in at submission.</summary>
public sealed record RegistrationWorkflowInputV2(string RegistrationId, TimeSpan ConfirmationWindow, ApprovalPolicy Policy, ReviewTimings Review);

/// <summary>
/// A registration from submission to decision on the approval engine: the contact confirms the address, then the
/// approvers of the policy in force (by default the province's coordinator) decide from their own links, with
/// reminders, escalation a level up, and expiry.
/// </summary>
public sealed class RegistrationOrchestratorV2 : LoggedOrchestrator<RegistrationWorkflowInputV2, RegistrationStatus>
{
    protected override async Task<RegistrationStatus> RunStepsAsync(TaskOrchestrationContext context, RegistrationWorkflowInputV2 input, ILogger log)
    {
        var id = input.RegistrationId;
        var confirmBy = context.CurrentUtcDateTime + input.ConfirmationWindow;
        await context.CallActivityAsync(nameof(SendConfirmationEmail), new ConfirmationStep(id, confirmBy), Retry);

        context.SetCustomStatus(RegistrationStage.AwaitingConfirmation);
        var confirmed = context.WaitFor(EmailConfirmed.Event);
        if (!await OrchestrationWaits.HappensBeforeAsync(context, confirmed, confirmBy))
        {
            var status = await context.CallActivityAsync<RegistrationStatus>(nameof(ExpireUnconfirmedRegistration), id, Retry);
            if (status != RegistrationStatus.PendingApproval)
            {
                return status;
            }
        }

        context.SetCustomStatus(RegistrationStage.AwaitingDecision);
        var review = await ApprovalEngine.ReviewAsync(context, new ReviewInput(RegistrationReviewSubject.Name, id, 1, input.Policy, input.Review));
        context.SetCustomStatus(RegistrationStage.Finishing);
        return review.End switch
        {
            ReviewEnd.Approved => RegistrationStatus.Approved,
            ReviewEnd.Expired => RegistrationStatus.Expired,
            ReviewEnd.Closed => RegistrationStatus.Expired,
            ReviewEnd.Rejected => RegistrationStatus.Rejected,
            // A registration's subject allows no "changes requested" (RegistrationReviewSubject.AllowsChanges).
            ReviewEnd.ChangesRequested => throw new InvalidOperationException($"Registration {id}'s review cannot end in {review.End}."),
            _ => throw new InvalidOperationException($"Registration {id}'s review ended in {review.End}, which no registration can have."),
        };
    }
}
