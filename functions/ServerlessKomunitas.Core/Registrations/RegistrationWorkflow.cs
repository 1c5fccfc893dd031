using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using ServerlessKomunitas.Approvals;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Registrations;

/// <summary>How long each wait lasts. Carried in the input, so tests run the workflow in seconds.</summary>
public sealed record RegistrationTimings(TimeSpan ConfirmationWindow, TimeSpan ApprovalReminderAfter, TimeSpan ApprovalExpireAfter);

/// <summary>The workflow's input. Ids and settings only: workflow history is kept long and cannot be edited (UU PDP).</summary>
public sealed record RegistrationWorkflowInput(string RegistrationId, RegistrationTimings Timings);

/// <summary>Raised when the contact confirms the address (after the row has moved to PendingApproval).</summary>
public sealed record EmailConfirmed
{
    public static WorkflowEvent<EmailConfirmed> Event { get; } = new(nameof(EmailConfirmed));
}

/// <summary>Raised after a decision was stored on the row. The row is the truth; this only wakes the workflow.</summary>
public sealed record ApprovalDecided(RegistrationStatus Decision, int Round)
{
    public static WorkflowEvent<ApprovalDecided> Event { get; } = new(nameof(ApprovalDecided));
}

/// <summary>What the workflow waits for, published as its custom status (an enum: no personal data).</summary>
public enum RegistrationStage
{
    AwaitingConfirmation,
    AwaitingDecision,
    Finishing,
}

/// <summary>One approval round of one registration, as the activities need it.</summary>
public sealed record ApprovalStep(string RegistrationId, int Round, DateTime Deadline);

/// <summary>
/// Version 1, kept so that registrations started before the approval engine finish on the code they started with
/// (a workflow waiting for people can be in flight for a week). New registrations start <see cref="RegistrationOrchestratorV2"/>.
/// Remove once no instance of it runs (the Durable HTTP API lists them by name).
///
/// A registration from submission to decision: the contact confirms the address, the province's coordinator
/// (or the national one) decides from an email, is reminded once, and after the deadline the registration
/// expires. Each wake-up re-reads the row through an activity, so a decision stored before a crash, or at the
/// very moment of expiry, always wins.
/// </summary>
public sealed class RegistrationOrchestrator : LoggedOrchestrator<RegistrationWorkflowInput, RegistrationStatus>
{
    protected override async Task<RegistrationStatus> RunStepsAsync(TaskOrchestrationContext context, RegistrationWorkflowInput input, ILogger log)
    {
        var id = input.RegistrationId;
        var timings = input.Timings;

        var confirmBy = context.CurrentUtcDateTime + timings.ConfirmationWindow;
        await context.CallActivityAsync(nameof(SendConfirmationEmail), new ConfirmationStep(id, confirmBy), Retry);

        context.SetCustomStatus(RegistrationStage.AwaitingConfirmation);
        var confirmed = context.WaitFor(EmailConfirmed.Event);
        if (!await OrchestrationWaits.HappensBeforeAsync(context, confirmed, confirmBy))
        {
            // The window closed. The row decides: it may have been confirmed just before a lost event.
            var status = await context.CallActivityAsync<RegistrationStatus>(nameof(ExpireUnconfirmedRegistration), id, Retry);
            if (status != RegistrationStatus.PendingApproval)
            {
                log.LogInformation("Registration {Id} ended unconfirmed as {Status}", id, status);
                return status;
            }
        }

        const int round = 1;
        var deadline = context.CurrentUtcDateTime + timings.ApprovalExpireAfter;
        var step = new ApprovalStep(id, round, deadline);
        var requested = await context.CallActivityAsync<RegistrationStatus>(nameof(RequestApproval), step, Retry);

        if (requested == RegistrationStatus.PendingApproval)
        {
            // One wait for the decision across both timers; only the timers are cancelled.
            context.SetCustomStatus(RegistrationStage.AwaitingDecision);
            var decided = context.WaitFor(ApprovalDecided.Event);
            if (!await OrchestrationWaits.HappensBeforeAsync(context, decided, context.CurrentUtcDateTime + timings.ApprovalReminderAfter))
            {
                var afterReminder = await context.CallActivityAsync<RegistrationStatus>(nameof(SendApprovalReminder), step, Retry);
                if (afterReminder == RegistrationStatus.PendingApproval && !await OrchestrationWaits.HappensBeforeAsync(context, decided, deadline))
                {
                    var final = await context.CallActivityAsync<RegistrationStatus>(nameof(ExpirePendingApproval), step, Retry);
                    if (final == RegistrationStatus.Expired)
                    {
                        log.LogInformation("Registration {Id} expired waiting for its approver", id);
                        return final;
                    }
                }
            }
        }

        context.SetCustomStatus(RegistrationStage.Finishing);
        var outcome = await context.CallActivityAsync<RegistrationStatus>(nameof(CompleteRegistration), step, Retry);
        log.LogInformation("Registration {Id} completed as {Status}", id, outcome);
        return outcome;
    }
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
        log.LogInformation("Registration {InstanceId} review ended {End}", context.InstanceId, review.End);
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
