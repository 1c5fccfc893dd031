using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Inbox;
using ServerlessKomunitas.Jobs;

namespace ServerlessKomunitas.Approvals;

/// <summary>How the approval engine writes the audit trail.</summary>
public static class ReviewAudit
{
    public const string Workflow = "ApprovalEngine";
    public const string System = "system";
    public const string Requester = "contact";

    public static AuditEntry Entry(string subjectId, string action, int round, string actor, DateTimeOffset at, string instanceId, string? to = null, string? comment = null) =>
        new(subjectId, action, round, actor, at, null, to, comment, Workflow, instanceId);

    public static string ActionOf(ApprovalDecision decision) => decision switch
    {
        ApprovalDecision.Approve => "Approved",
        ApprovalDecision.Reject => "Rejected",
        ApprovalDecision.RequestChanges => "ChangesRequested",
        _ => "Delegated",
    };
}

/// <summary>
/// Ends a round with its outcome: the request's transition, every decision in the audit, and the requester told.
/// Both the decision that completes a round (<see cref="ConcludeReview"/>) and an expiry that finds the round already
/// decided (<see cref="ExpireReview"/>) end it here.
/// </summary>
public sealed class ReviewConclusion(ReviewSubjects subjects, AuditLog audit, EmailLedger ledger, CoordinatorDirectory coordinators, ApprovalInbox inbox,
    IOptions<SiteOptions> site, TimeProvider time)
{
    public async Task<ReviewResult> ConcludeAsync(string instanceId, ConcludeReviewStep input)
    {
        var subject = subjects[input.SubjectType];
        var (_, decisions) = await ReviewStore.ReadAsync(subject, input.SubjectId, input.Round);
        var comments = await ApprovalEmails.CommentsAsync(decisions, coordinators);
        var now = time.GetUtcNow();
        var (row, changed) = await ReviewStore.TransitionAsync(subject, input.SubjectId,
            r => subject.Conclude(r, input.Round, input.Outcome, input.DecidedBy, comments, now));
        if (row is null)
        {
            return new ReviewResult(ReviewEnd.Closed, null);
        }
        var end = input.Outcome switch
        {
            ApprovalOutcome.Approved => ReviewEnd.Approved,
            ApprovalOutcome.ChangesRequested => ReviewEnd.ChangesRequested,
            _ => ReviewEnd.Rejected,
        };
        if (!changed && row.GetString("ReviewOutcome") != input.Outcome.ToString())
        {
            // Left review another way (withdrawn, expired) before this outcome could apply.
            return new ReviewResult(ReviewEnd.Closed, null);
        }

        var entries = decisions.Select(d => ReviewAudit.Entry(input.SubjectId, ReviewAudit.ActionOf(d.Decision), input.Round, d.ApproverId, d.At, instanceId,
            comment: d.Decision == ApprovalDecision.Delegate ? $"to {d.DelegateTo}" : d.Comment)).ToList();
        entries.Add(ReviewAudit.Entry(input.SubjectId, $"Review{input.Outcome}", input.Round, input.DecidedBy ?? ReviewAudit.System,
            row.GetDateTimeOffset("DecidedAt") ?? now, instanceId, subject.StatusName(row)));
        await audit.RecordAsync(entries);
        await inbox.CloseAsync(input.SubjectType, input.SubjectId, input.Round);

        var summary = await subjects.SummaryAsync(subject, row);
        await ledger.SendOnceAsync(new LedgerKey(instanceId, "outcome", input.Round, ReviewAudit.Requester),
            subject.OutcomeEmail(row, summary, input.Outcome, site.Value.Link(summary.StatusPath), comments));
        return new ReviewResult(end, input.DecidedBy);
    }
}

/// <summary>Sends each named approver their own link for the round: on request, as a reminder, on escalation or on delegation.</summary>
public sealed class SendApprovalLinks(ReviewSubjects subjects, AuditLog audit, EmailLedger ledger, LinkSigner links, CoordinatorDirectory coordinators, RegionDirectory regions,
    ApprovalInbox inbox, InboxLinks inboxLinks, ApprovalWhatsApp whatsApp, IOptions<InboxOptions> inboxOptions, IOptions<SiteOptions> site, TimeProvider time,
    ILogger<SendApprovalLinks> log)
    : TaskActivity<ApprovalLinks, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, ApprovalLinks input)
    {
        using var scope = log.BeginActivity(context, input.SubjectId);
        var subject = subjects[input.SubjectType];
        var deadline = new DateTimeOffset(input.Deadline, TimeSpan.Zero);
        var now = time.GetUtcNow();
        var (row, _) = await ReviewStore.TransitionAsync(subject, input.SubjectId, r =>
        {
            if (input.Reason != LinkReason.Requested || !subject.InReview(r, input.Round) || r.GetDateTimeOffset("ReviewStartedAt") is not null && r.GetInt32("ApprovalRound") == input.Round)
            {
                return false;
            }
            subject.StartRound(r, input.Round, now, deadline);
            return true;
        });
        if (row is null || !subject.InReview(row, input.Round))
        {
            return 0;
        }

        var summary = await subjects.SummaryAsync(subject, row);
        var regencyName = await regions.RegencyNameAsync(summary.RegencyCode);
        var delegator = input.DelegatedBy is null ? null : await coordinators.FindByIdAsync(input.DelegatedBy);
        var entries = new List<AuditEntry>();
        if (input.Reason == LinkReason.Requested)
        {
            entries.Add(ReviewAudit.Entry(input.SubjectId, "ReviewStarted", input.Round, ReviewAudit.System, row.GetDateTimeOffset("ReviewStartedAt") ?? now, context.InstanceId,
                subject.StatusName(row), input.PolicyKey));
        }
        var approvers = new List<Coordinator>();
        foreach (var approverId in input.ApproverIds)
        {
            if (await coordinators.FindByIdAsync(approverId) is { } approver)
            {
                approvers.Add(approver);
                var at = time.GetUtcNow();
                entries.Add(input.Reason switch
                {
                    LinkReason.Reminder => ReviewAudit.Entry(input.SubjectId, "ApprovalReminded", input.Round, approverId, at, context.InstanceId),
                    LinkReason.Escalated => ReviewAudit.Entry(input.SubjectId, "Escalated", input.Round, approverId, at, context.InstanceId),
                    LinkReason.Delegated => ReviewAudit.Entry(input.SubjectId, "DelegationReceived", input.Round, approverId, at, context.InstanceId, comment: $"from {input.DelegatedBy}"),
                    _ => ReviewAudit.Entry(input.SubjectId, "ApprovalRequested", input.Round, approverId, at, context.InstanceId),
                });
            }
        }
        // The audit says who was asked before the emails go: a retry writes the same entries again.
        await audit.RecordAsync(entries);
        foreach (var approver in approvers)
        {
            // The inbox holds the request before the email that points to it goes.
            await inbox.AskAsync(new InboxItem(approver.Id, subject.Type, input.SubjectId, input.Round, summary.Title, summary.What, summary.Brief,
                summary.RegencyCode, summary.ProvinceCode, deadline, now, InboxState.Waiting, Rule: input.Rule, Needed: input.Needed));
            var zone = approver.Level == CoordinatorLevel.National ? IndonesianTimeZone.WIB : await regions.ZoneOfAsync(summary.ProvinceCode);
            var token = links.Sign(new SignedLink(input.SubjectId, LinkPurpose.Decide, approver.Id, input.Round, deadline, subject.Type));
            var decisionUrl = site.Value.Link(ApiRoutes.Decide.PathFor(token));
            var message = EmailLayout.WithInboxLine(
                ApprovalEmails.Request(summary, approver, decisionUrl, deadline, zone, input.Reason, delegator, regencyName),
                inboxLinks.For(approver));
            var step = input.Reason == LinkReason.Reminder ? "approval-reminder" : "approval-request";
            var key = new LedgerKey(context.InstanceId, step, input.Round, approver.Id);
            // The day's number counts requests, whichever channel carries them: WhatsApp goes only where the email may.
            if (await inbox.TryTakeEmailAsync(approver.Id, LocalHours.DayOf(now, zone), $"{key.PartitionKey}/{key.RowKey}", inboxOptions.Value.DailyEmails))
            {
                if (await whatsApp.SendAsync(approver, summary, regencyName, decisionUrl, zone.Format(deadline), $"{key.PartitionKey}/{key.RowKey}",
                    input.SubjectId, input.Round))
                {
                    await ledger.SendOnceAsync(key, message);
                }
            }
            else
            {
                // Past the day's number: the request waits in the inbox, and tomorrow's digest counts it.
                await audit.RecordAsync(ReviewAudit.Entry(input.SubjectId, "ApprovalEmailHeld", input.Round, approver.Id, now, context.InstanceId));
            }
        }
        return approvers.Count;
    }
}

/// <summary>The record's view of a round, read when a timer wakes the workflow.</summary>
public sealed class ReadReview(ReviewSubjects subjects, ILogger<ReadReview> log) : TaskActivity<ReviewRef, ReviewState>
{
    public override async Task<ReviewState> RunAsync(TaskActivityContext context, ReviewRef input)
    {
        using var scope = log.BeginActivity(context, input.SubjectId);
        var subject = subjects[input.SubjectType];
        var (row, decisions) = await ReviewStore.ReadAsync(subject, input.SubjectId, input.Round);
        return row is null
            ? new ReviewState(false, "Missing", [])
            : new ReviewState(subject.InReview(row, input.Round), subject.StatusName(row), [.. decisions.Select(d => d.ForWorkflow)]);
    }
}

/// <summary>Moves the request to the round's outcome, audits every decision of the round, and tells the requester.</summary>
public sealed class ConcludeReview(ReviewConclusion conclusion, ILogger<ConcludeReview> log) : TaskActivity<ConcludeReviewStep, ReviewResult>
{
    public override async Task<ReviewResult> RunAsync(TaskActivityContext context, ConcludeReviewStep input)
    {
        using var scope = log.BeginActivity(context, input.SubjectId);
        return await conclusion.ConcludeAsync(context.InstanceId, input);
    }
}

/// <summary>
/// Ends a round nobody completed. The decisions stored so far are evaluated first, and the expiry is an ETag-
/// conditional transition, so a decision stored before it, even at the very moment, wins.
/// </summary>
public sealed class ExpireReview(ReviewSubjects subjects, ReviewConclusion conclusion, AuditLog audit, EmailLedger ledger, ApprovalInbox inbox, IOptions<SiteOptions> site,
    TimeProvider time, ILogger<ExpireReview> log) : TaskActivity<ExpireReviewStep, ReviewResult>
{
    public override async Task<ReviewResult> RunAsync(TaskActivityContext context, ExpireReviewStep input)
    {
        using var scope = log.BeginActivity(context, input.SubjectId);
        var subject = subjects[input.SubjectType];
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var (row, decisions) = await ReviewStore.ReadAsync(subject, input.SubjectId, input.Round);
            if (row is null)
            {
                return new ReviewResult(ReviewEnd.Closed, null);
            }
            if (!subject.InReview(row, input.Round))
            {
                return row.GetString("ReviewOutcome") == "Expired" ? await NotifyAsync(context, subject, row, input) : new ReviewResult(ReviewEnd.Closed, null);
            }
            var pool = ApprovalPool.Start(input.Policy).Add(input.Escalated).WithDelegations(decisions.Select(d => d.ForWorkflow));
            var (outcome, decidedBy) = pool.Evaluate(decisions.Select(d => d.ForWorkflow));
            if (outcome != ApprovalOutcome.Pending)
            {
                return await conclusion.ConcludeAsync(context.InstanceId,
                    new ConcludeReviewStep(input.SubjectType, input.SubjectId, input.Round, outcome, decidedBy));
            }
            if (!subject.Expire(row, input.Round, time.GetUtcNow()))
            {
                return new ReviewResult(ReviewEnd.Closed, null);
            }
            try
            {
                await subject.Table.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
                await subject.ChangedAsync(input.SubjectId);
                return await NotifyAsync(context, subject, row, input);
            }
            catch (Azure.RequestFailedException e) when (e.Status == 412)
            {
                // A decision (or a withdrawal) landed between the read and the expiry: read again.
            }
        }
        throw new InvalidOperationException($"{input.SubjectType} {input.SubjectId} kept changing while it expired.");
    }

    async Task<ReviewResult> NotifyAsync(TaskActivityContext context, IReviewSubject subject, Azure.Data.Tables.TableEntity row, ExpireReviewStep input)
    {
        await audit.RecordAsync(ReviewAudit.Entry(input.SubjectId, "ReviewExpired", input.Round, ReviewAudit.System,
            row.GetDateTimeOffset("ExpiredAt") ?? time.GetUtcNow(), context.InstanceId, subject.StatusName(row)));
        await inbox.CloseAsync(input.SubjectType, input.SubjectId, input.Round);
        var summary = await subjects.SummaryAsync(subject, row);
        await ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "expired", input.Round, ReviewAudit.Requester),
            subject.OutcomeEmail(row, summary, null, site.Value.Link(summary.StatusPath), null));
        return new ReviewResult(ReviewEnd.Expired, null);
    }
}

/// <summary>A round that left review another way (a withdrawal, a cancellation) leaves every inbox that still holds it.</summary>
public sealed class CloseReviewInbox(ApprovalInbox inbox, ILogger<CloseReviewInbox> log) : TaskActivity<ReviewRef, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReviewRef input)
    {
        using var scope = log.BeginActivity(context, input.SubjectId);
        await inbox.CloseAsync(input.SubjectType, input.SubjectId, input.Round);
        return true;
    }
}
