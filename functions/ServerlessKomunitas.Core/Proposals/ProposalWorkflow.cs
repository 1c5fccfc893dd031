using ServerlessKomunitas.Approvals;

namespace ServerlessKomunitas.Proposals;

/// <summary>The waits of one proposal, copied in at submission like its policy.</summary>
public sealed record ProposalTimings(TimeSpan ConfirmationWindow, ReviewTimings Review, TimeSpan EditWindow, TimeSpan EventConfirmationReminderAfter);

/// <summary>The workflow's input: ids, the policy in force at submission, and the timings. No personal data.</summary>
public sealed record ProposalWorkflowInput(string ProposalId, ApprovalPolicy Policy, ProposalTimings Timings);

/// <summary>Raised after the community contact confirmed the proposal (the row is already InReview).</summary>
public sealed record ProposalConfirmed
{
    public static WorkflowEvent<ProposalConfirmed> Event { get; } = new(nameof(ProposalConfirmed));
}

/// <summary>Raised after the proposer sent an edited proposal, starting round <c>Round</c>.</summary>
public sealed record ProposalEdited(int Round)
{
    public static WorkflowEvent<ProposalEdited> EventFor(int round) => new($"ProposalEdited-{round}");
}

/// <summary>Raised after the proposer withdrew (the row is already Withdrawn or Cancelled).</summary>
public sealed record ProposalWithdrawn
{
    public static WorkflowEvent<ProposalWithdrawn> Event { get; } = new(nameof(ProposalWithdrawn));
}

/// <summary>Raised after the proposer confirmed the approved event will happen (the row is already Confirmed).</summary>
public sealed record EventConfirmed
{
    public static WorkflowEvent<EventConfirmed> Event { get; } = new(nameof(EventConfirmed));
}

/// <summary>What the workflow waits for, published as its custom status.</summary>
public enum ProposalStage
{
    AwaitingConfirmation,
    InReview,
    ChangesRequested,
    AwaitingEventConfirmation,
    /// <summary>Confirmed and in the public calendar, until it starts or is cancelled.</summary>
    Listed,
    /// <summary>Started: waiting for its end, when the map counts it held.</summary>
    Running,
    Done,
}

public sealed record ProposalStep(string ProposalId, int Round = 0, DateTime? Until = null);

/// <summary>When to remind the contact to confirm the approved event, when it expires unconfirmed, when it starts and ends.</summary>
public sealed record EventConfirmationPlan(DateTime RemindAt, DateTime ExpireAt, DateTime StartsAt, DateTime EndsAt = default);

/// <summary>
/// An event proposal from submission to a confirmed event: the community contact confirms it, the approvers of
/// the policy in force review it (round after round while they ask for changes), and once approved the contact
/// confirms the event will happen; it is then in the public calendar until it starts. A withdrawal ends it at
/// any point, and after confirmation cancels the event.
/// </summary>
public sealed class ProposalOrchestrator : LoggedOrchestrator<ProposalWorkflowInput, ProposalStatus>
{
    protected override async Task<ProposalStatus> RunStepsAsync(TaskOrchestrationContext context, ProposalWorkflowInput input, ILogger log)
    {
        var status = await RunStagesAsync(context, input);
        context.SetCustomStatus(ProposalStage.Done);
        return status;
    }

    static async Task<ProposalStatus> RunStagesAsync(TaskOrchestrationContext context, ProposalWorkflowInput input)
    {
        var id = input.ProposalId;
        var timings = input.Timings;
        // One wait for a withdrawal, kept for the whole workflow and never cancelled.
        var withdrawn = context.WaitFor(ProposalWithdrawn.Event);

        context.SetCustomStatus(ProposalStage.AwaitingConfirmation);
        var confirmBy = context.CurrentUtcDateTime + timings.ConfirmationWindow;
        await context.CallActivityAsync(nameof(SendProposalConfirmation), new ProposalStep(id, 1, confirmBy), Retry);
        var confirmed = context.WaitFor(ProposalConfirmed.Event);
        switch (await OrchestrationWaits.FirstAsync(context, confirmBy, confirmed, withdrawn))
        {
            case 1:
                return ProposalStatus.Withdrawn;
            case -1:
                var afterWindow = await context.CallActivityAsync<ProposalStatus>(nameof(ExpireUnconfirmedProposal), new ProposalStep(id), Retry);
                if (afterWindow != ProposalStatus.InReview)
                {
                    return afterWindow;
                }
                break;
        }

        for (var round = 1; ; round++)
        {
            context.SetCustomStatus(ProposalStage.InReview);
            var review = await ApprovalEngine.ReviewAsync(context, new ReviewInput(ProposalLinks.SubjectType, id, round, input.Policy, timings.Review), withdrawn);
            switch (review.End)
            {
                case ReviewEnd.Approved:
                    return await ConfirmEventAsync(context, input, withdrawn);
                case ReviewEnd.Rejected:
                    return ProposalStatus.Rejected;
                case ReviewEnd.Expired:
                    return ProposalStatus.Expired;
                case ReviewEnd.Closed:
                    return await context.CallActivityAsync<ProposalStatus>(nameof(ReadProposalStatus), new ProposalStep(id), Retry);
            }

            context.SetCustomStatus(ProposalStage.ChangesRequested);
            var edited = context.WaitFor(ProposalEdited.EventFor(round + 1));
            switch (await OrchestrationWaits.FirstAsync(context, context.CurrentUtcDateTime + timings.EditWindow, edited, withdrawn))
            {
                case 1:
                    return ProposalStatus.Withdrawn;
                case -1:
                    var afterEdit = await context.CallActivityAsync<ProposalStatus>(nameof(ExpireStaleChanges), new ProposalStep(id, round), Retry);
                    if (afterEdit != ProposalStatus.InReview)
                    {
                        return afterEdit;
                    }
                    break;
            }
        }
    }

    static async Task<ProposalStatus> ConfirmEventAsync(TaskOrchestrationContext context, ProposalWorkflowInput input, Task withdrawn)
    {
        context.SetCustomStatus(ProposalStage.AwaitingEventConfirmation);
        var id = input.ProposalId;
        var plan = await context.CallActivityAsync<EventConfirmationPlan>(nameof(PlanEventConfirmation),
            new ProposalStep(id), Retry);
        var confirmed = context.WaitFor(EventConfirmed.Event);
        var remindAt = plan.RemindAt < plan.ExpireAt ? plan.RemindAt : plan.ExpireAt;
        var first = await OrchestrationWaits.FirstAsync(context, remindAt, confirmed, withdrawn);
        if (first == -1 && remindAt < plan.ExpireAt)
        {
            await context.CallActivityAsync(nameof(RemindEventConfirmation), new ProposalStep(id), Retry);
            first = await OrchestrationWaits.FirstAsync(context, plan.ExpireAt, confirmed, withdrawn);
        }
        return first switch
        {
            0 => await ListUntilStartAsync(context, id, plan, withdrawn),
            1 => await context.CallActivityAsync<ProposalStatus>(nameof(ReadProposalStatus), new ProposalStep(id), Retry),
            _ => await context.CallActivityAsync<ProposalStatus>(nameof(ExpireUnconfirmedEvent), new ProposalStep(id), Retry),
        };
    }

    /// <summary>
    /// Puts the confirmed event in the calendar and takes it out again if it is cancelled before it starts; once it
    /// has ended, the map counts it held.
    /// </summary>
    static async Task<ProposalStatus> ListUntilStartAsync(TaskOrchestrationContext context, string id, EventConfirmationPlan plan, Task withdrawn)
    {
        context.SetCustomStatus(ProposalStage.Listed);
        var status = await context.CallActivityAsync<ProposalStatus>(nameof(PublishEvent), new ProposalStep(id), Retry);
        if (status == ProposalStatus.Confirmed && await OrchestrationWaits.FirstAsync(context, plan.StartsAt, withdrawn) == -1)
        {
            context.SetCustomStatus(ProposalStage.Running);
            if (plan.EndsAt > context.CurrentUtcDateTime)
            {
                await context.CreateTimer(plan.EndsAt, CancellationToken.None);
            }
            return await context.CallActivityAsync<ProposalStatus>(nameof(CountEventHeld), new ProposalStep(id), Retry);
        }
        return await context.CallActivityAsync<ProposalStatus>(nameof(CancelEvent), new ProposalStep(id), Retry);
    }
}
