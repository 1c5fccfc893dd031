namespace ServerlessKomunitas.Approvals;

/// <summary>When approvers are reminded, when the request goes up a level, and when it expires: from the round's start.</summary>
public sealed record ReviewTimings(TimeSpan ReminderAfter, TimeSpan EscalateAfter, TimeSpan ExpireAfter);

/// <summary>One round of review of one request, as the workflow's input carries it: ids, the policy in force, timings.</summary>
public sealed record ReviewInput(string SubjectType, string SubjectId, int Round, ApprovalPolicy Policy, ReviewTimings Timings);

/// <summary>
/// Raised after an approver's decision is stored. One event name per round, so that an event of an old round is
/// never taken for the current one. Ids, enums and the time only: comments stay in the record.
/// </summary>
public sealed record ApprovalDecisionEvent(string ApproverId, ApprovalDecision Decision, string? DelegateTo, DateTime At)
{
    public static WorkflowEvent<ApprovalDecisionEvent> EventFor(int round) => new($"ApprovalDecided-{round}");
}

public enum ReviewEnd
{
    Approved,
    Rejected,
    ChangesRequested,
    Expired,

    /// <summary>The request left review some other way (withdrawn, cancelled).</summary>
    Closed,
}

public sealed record ReviewResult(ReviewEnd End, string? DecidedBy);

public enum LinkReason
{
    Requested,
    Reminder,
    Escalated,
    Delegated,
}

/// <summary>
/// Links to send in one round: to whom, why, and until when they are good; with the round's rule, which the approvers'
/// inboxes show beside each request.
/// </summary>
public sealed record ApprovalLinks(string SubjectType, string SubjectId, int Round, DateTime Deadline, IReadOnlyList<string> ApproverIds,
    LinkReason Reason, string? PolicyKey = null, string? DelegatedBy = null, ApprovalRule Rule = ApprovalRule.AnyOf, int Needed = 1);

public sealed record ReviewRef(string SubjectType, string SubjectId, int Round);

/// <summary>The record's view of a round: whether the request still waits on it, and the decisions stored so far.</summary>
public sealed record ReviewState(bool InReview, string Status, IReadOnlyList<RoundDecision> Decisions);

public sealed record ConcludeReviewStep(string SubjectType, string SubjectId, int Round, ApprovalOutcome Outcome, string? DecidedBy);

/// <summary>The expiry, with the round's approvers (the policy's plus escalated) so the activity can evaluate the rows itself.</summary>
public sealed record ExpireReviewStep(string SubjectType, string SubjectId, int Round, ApprovalPolicy Policy, IReadOnlyList<string> Escalated);

/// <summary>
/// The approval engine, run inside a request's orchestrator (no sub-orchestration: fewer storage requests per
/// request). It sends each approver a link, collects decisions until the policy has an outcome, and on each timer
/// re-reads the record, reminds, escalates a level, and finally expires. Deterministic: no I/O, no clock but the
/// context's, activities for everything else.
/// </summary>
public static class ApprovalEngine
{
    static TaskOptions Retry => ActivityRetry.Standard;

    enum Milestone
    {
        Remind,
        Escalate,
        Expire,
    }

    /// <param name="closed">Completes if the request leaves review another way (a withdrawal); the engine then stops.</param>
    public static async Task<ReviewResult> ReviewAsync(TaskOrchestrationContext context, ReviewInput input, Task? closed = null)
    {
        var start = context.CurrentUtcDateTime;
        var deadline = start + input.Timings.ExpireAfter;
        var reference = new ReviewRef(input.SubjectType, input.SubjectId, input.Round);
        var escalated = new List<string>();
        var pendingLevels = new Queue<IReadOnlyList<string>>(input.Policy.EscalationLevels);
        var decisions = new List<RoundDecision>();
        ApprovalPool Pool() => ApprovalPool.Start(input.Policy).Add(escalated).WithDelegations(decisions);
        ApprovalLinks Links(IReadOnlyList<string> approverIds, LinkReason reason, string? delegatedBy = null) =>
            new(input.SubjectType, input.SubjectId, input.Round, deadline, approverIds, reason, reason == LinkReason.Requested ? input.Policy.PolicyKey : null,
                delegatedBy, input.Policy.Rule, input.Policy.Needed);

        await context.CallActivityAsync(nameof(SendApprovalLinks), Links([.. input.Policy.Approvers.Select(a => a.Id)], LinkReason.Requested), Retry);

        List<(DateTime At, Milestone Kind)> milestones =
        [
            (start + input.Timings.ReminderAfter, Milestone.Remind),
            .. input.Policy.EscalationLevels.Count > 0 ? [(start + input.Timings.EscalateAfter, Milestone.Escalate)] : Array.Empty<(DateTime, Milestone)>(),
            (deadline, Milestone.Expire),
        ];
        milestones.Sort((a, b) => a.At.CompareTo(b.At));

        var next = context.WaitFor(ApprovalDecisionEvent.EventFor(input.Round));
        var milestone = 0;
        while (true)
        {
            var (at, kind) = milestones[milestone];
            var woken = await WaitAsync(context, next, closed, at);
            if (woken == Wake.Closed)
            {
                return await ClosedAsync(context, reference);
            }
            if (woken == Wake.Decision)
            {
                var decision = next.Result;
                if (decisions.All(d => d.ApproverId != decision.ApproverId))
                {
                    var before = Pool();
                    decisions.Add(new RoundDecision(decision.ApproverId, decision.Decision, decision.DelegateTo, decision.At));
                    if (decision.Decision == ApprovalDecision.Delegate && decision.DelegateTo is { } delegateTo && before.Members.Any(m => m.Id == decision.ApproverId))
                    {
                        await context.CallActivityAsync(nameof(SendApprovalLinks), Links([delegateTo], LinkReason.Delegated, decision.ApproverId), Retry);
                    }
                }
                if (await ConcludedAsync(context, input, Pool(), decisions) is { } result)
                {
                    return result;
                }
                next = context.WaitFor(ApprovalDecisionEvent.EventFor(input.Round));
                continue;
            }

            // A timer woke us: the record is the truth. A decision stored while its event was lost counts now.
            var state = await context.CallActivityAsync<ReviewState>(nameof(ReadReview), reference, Retry);
            if (!state.InReview)
            {
                return await ClosedAsync(context, reference);
            }
            decisions = [.. state.Decisions];
            if (await ConcludedAsync(context, input, Pool(), decisions) is { } recorded)
            {
                return recorded;
            }
            switch (kind)
            {
                case Milestone.Remind:
                    await context.CallActivityAsync(nameof(SendApprovalLinks), Links([.. Pool().Pending(decisions)], LinkReason.Reminder), Retry);
                    break;
                case Milestone.Escalate when pendingLevels.TryDequeue(out var level):
                    escalated.AddRange(level);
                    await context.CallActivityAsync(nameof(SendApprovalLinks), Links(level, LinkReason.Escalated), Retry);
                    break;
                case Milestone.Expire:
                    return await context.CallActivityAsync<ReviewResult>(nameof(ExpireReview),
                        new ExpireReviewStep(input.SubjectType, input.SubjectId, input.Round, input.Policy, escalated), Retry);
            }
            milestone++;
        }
    }

    /// <summary>The request left review another way: its round leaves the approvers' inboxes.</summary>
    static async Task<ReviewResult> ClosedAsync(TaskOrchestrationContext context, ReviewRef reference)
    {
        await context.CallActivityAsync<bool>(nameof(CloseReviewInbox), reference, Retry);
        return new ReviewResult(ReviewEnd.Closed, null);
    }

    static async Task<ReviewResult?> ConcludedAsync(TaskOrchestrationContext context, ReviewInput input, ApprovalPool pool, IReadOnlyList<RoundDecision> decisions)
    {
        var (outcome, decidedBy) = pool.Evaluate(decisions);
        if (outcome == ApprovalOutcome.Pending)
        {
            return null;
        }
        return await context.CallActivityAsync<ReviewResult>(nameof(ConcludeReview),
            new ConcludeReviewStep(input.SubjectType, input.SubjectId, input.Round, outcome, decidedBy), Retry);
    }

    enum Wake
    {
        Decision,
        Closed,
        Timer,
    }

    /// <summary>Waits for the next decision (or the close signal) until <paramref name="deadline"/>; only the timer is ever cancelled.</summary>
    static async Task<Wake> WaitAsync(TaskOrchestrationContext context, Task decision, Task? closed, DateTime deadline)
    {
        if (decision.IsCompleted)
        {
            return Wake.Decision;
        }
        if (closed is { IsCompleted: true })
        {
            return Wake.Closed;
        }
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(deadline, cancel.Token);
        var winner = closed is null ? await Task.WhenAny(decision, timer) : await Task.WhenAny(decision, closed, timer);
        if (winner == timer)
        {
            return Wake.Timer;
        }
        cancel.Cancel();
        return winner == decision ? Wake.Decision : Wake.Closed;
    }
}
