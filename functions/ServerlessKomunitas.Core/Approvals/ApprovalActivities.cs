using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Links;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Approvals;

/// <summary>What the approval activities share: the subjects, the record, the audit, the ledger, links and people.</summary>
public sealed class ReviewSteps(
    ReviewSubjects subjects,
    ReviewStore store,
    AuditLog audit,
    EmailLedger ledger,
    LinkSigner links,
    CoordinatorDirectory coordinators,
    RegionDirectory regions,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<ReviewSteps> log)
{
    public const string Workflow = "ApprovalEngine";
    public const string System = "system";
    public const string Requester = "contact";

    public ReviewSubjects Subjects => subjects;
    public ReviewStore Store => store;
    public AuditLog Audit => audit;
    public EmailLedger Ledger => ledger;
    public CoordinatorDirectory Coordinators => coordinators;
    public RegionDirectory Regions => regions;
    public DateTimeOffset Now => time.GetUtcNow();

    public string Link(string path) => site.Value.Link(path);

    public string Sign(SignedLink link) => links.Sign(link);

    public IDisposable? Begin(TaskActivityContext context, string subjectId) => log.BeginActivity(context, subjectId);

    public async Task<ReviewSummary> SummaryAsync(IReviewSubject subject, Azure.Data.Tables.TableEntity row)
    {
        var summary = subject.Summarize(row, null);
        return subject.Summarize(row, await regions.FindRegencyAsync(summary.RegencyCode));
    }

    public async Task<IndonesianTimeZone> ZoneOfAsync(string provinceCode) =>
        (await regions.FindProvinceAsync(provinceCode))?.Zone ?? IndonesianTimeZone.WIB;

    /// <summary>"Nama (Jabatan): catatan" for each decision of a round that carries a comment.</summary>
    public async Task<string?> CommentsAsync(IEnumerable<StoredDecision> decisions)
    {
        var lines = new List<string>();
        foreach (var d in decisions.Where(d => !string.IsNullOrWhiteSpace(d.Comment)))
        {
            var who = await coordinators.FindByIdAsync(d.ApproverId);
            lines.Add(who is null ? d.Comment! : $"{who.Name} ({who.Title}): {d.Comment}");
        }
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }

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

/// <summary>Sends each named approver their own link for the round: on request, as a reminder, on escalation or on delegation.</summary>
public sealed class SendApprovalLinks(ReviewSteps steps) : TaskActivity<ApprovalLinks, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, ApprovalLinks input)
    {
        using var scope = steps.Begin(context, input.SubjectId);
        var subject = steps.Subjects[input.SubjectType];
        var deadline = new DateTimeOffset(input.Deadline, TimeSpan.Zero);
        var now = steps.Now;
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

        var summary = await steps.SummaryAsync(subject, row);
        var regencyName = (await steps.Regions.FindRegencyAsync(summary.RegencyCode))?.Name ?? summary.RegencyCode;
        var delegator = input.DelegatedBy is null ? null : await steps.Coordinators.FindByIdAsync(input.DelegatedBy);
        var entries = new List<AuditEntry>();
        if (input.Reason == LinkReason.Requested)
        {
            entries.Add(ReviewSteps.Entry(input.SubjectId, "ReviewStarted", input.Round, ReviewSteps.System, row.GetDateTimeOffset("ReviewStartedAt") ?? now, context.InstanceId,
                subject.StatusName(row), input.PolicyKey));
        }
        var approvers = new List<Coordinator>();
        foreach (var approverId in input.ApproverIds)
        {
            if (await steps.Coordinators.FindByIdAsync(approverId) is { } approver)
            {
                approvers.Add(approver);
                var at = steps.Now;
                entries.Add(input.Reason switch
                {
                    LinkReason.Reminder => ReviewSteps.Entry(input.SubjectId, "ApprovalReminded", input.Round, approverId, at, context.InstanceId),
                    LinkReason.Escalated => ReviewSteps.Entry(input.SubjectId, "Escalated", input.Round, approverId, at, context.InstanceId),
                    LinkReason.Delegated => ReviewSteps.Entry(input.SubjectId, "DelegationReceived", input.Round, approverId, at, context.InstanceId, comment: $"from {input.DelegatedBy}"),
                    _ => ReviewSteps.Entry(input.SubjectId, "ApprovalRequested", input.Round, approverId, at, context.InstanceId),
                });
            }
        }
        // The audit says who was asked before the emails go: a retry writes the same entries again.
        await steps.Audit.RecordAsync(entries);
        foreach (var approver in approvers)
        {
            var zone = approver.Level == CoordinatorLevel.National ? IndonesianTimeZone.WIB : await steps.ZoneOfAsync(summary.ProvinceCode);
            var token = steps.Sign(new SignedLink(input.SubjectId, LinkPurpose.Decide, approver.Id, input.Round, deadline, subject.Type));
            var message = ApprovalEmails.Request(summary, approver, steps.Link(ApiRoutes.Decide.PathFor(token)), deadline, zone, input.Reason, delegator, regencyName);
            var step = input.Reason == LinkReason.Reminder ? "approval-reminder" : "approval-request";
            await steps.Ledger.SendOnceAsync(new Notifications.LedgerKey(context.InstanceId, step, input.Round, approver.Id), message);
        }
        return approvers.Count;
    }
}

/// <summary>The record's view of a round, read when a timer wakes the workflow.</summary>
public sealed class ReadReview(ReviewSteps steps) : TaskActivity<ReviewRef, ReviewState>
{
    public override async Task<ReviewState> RunAsync(TaskActivityContext context, ReviewRef input)
    {
        using var scope = steps.Begin(context, input.SubjectId);
        var subject = steps.Subjects[input.SubjectType];
        var (row, decisions) = await ReviewStore.ReadAsync(subject, input.SubjectId, input.Round);
        return row is null
            ? new ReviewState(false, "Missing", [])
            : new ReviewState(subject.InReview(row, input.Round), subject.StatusName(row), [.. decisions.Select(d => d.ForWorkflow)]);
    }
}

/// <summary>Moves the request to the round's outcome, audits every decision of the round, and tells the requester.</summary>
public sealed class ConcludeReview(ReviewSteps steps) : TaskActivity<ConcludeReviewStep, ReviewResult>
{
    public override async Task<ReviewResult> RunAsync(TaskActivityContext context, ConcludeReviewStep input)
    {
        using var scope = steps.Begin(context, input.SubjectId);
        return await ConcludeAsync(steps, context.InstanceId, input);
    }

    public static async Task<ReviewResult> ConcludeAsync(ReviewSteps steps, string instanceId, ConcludeReviewStep input)
    {
        var subject = steps.Subjects[input.SubjectType];
        var (_, decisions) = await ReviewStore.ReadAsync(subject, input.SubjectId, input.Round);
        var comments = await steps.CommentsAsync(decisions);
        var now = steps.Now;
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

        var entries = decisions.Select(d => ReviewSteps.Entry(input.SubjectId, ReviewSteps.ActionOf(d.Decision), input.Round, d.ApproverId, d.At, instanceId,
            comment: d.Decision == ApprovalDecision.Delegate ? $"to {d.DelegateTo}" : d.Comment)).ToList();
        entries.Add(ReviewSteps.Entry(input.SubjectId, $"Review{input.Outcome}", input.Round, input.DecidedBy ?? ReviewSteps.System,
            row.GetDateTimeOffset("DecidedAt") ?? now, instanceId, subject.StatusName(row)));
        await steps.Audit.RecordAsync(entries);

        var summary = await steps.SummaryAsync(subject, row);
        await steps.Ledger.SendOnceAsync(new Notifications.LedgerKey(instanceId, "outcome", input.Round, ReviewSteps.Requester),
            subject.OutcomeEmail(row, summary, input.Outcome, steps.Link(summary.StatusPath), comments));
        return new ReviewResult(end, input.DecidedBy);
    }
}

/// <summary>
/// Ends a round nobody completed. The decisions stored so far are evaluated first, and the expiry is an ETag-
/// conditional transition, so a decision stored before it, even at the very moment, wins.
/// </summary>
public sealed class ExpireReview(ReviewSteps steps) : TaskActivity<ExpireReviewStep, ReviewResult>
{
    public override async Task<ReviewResult> RunAsync(TaskActivityContext context, ExpireReviewStep input)
    {
        using var scope = steps.Begin(context, input.SubjectId);
        var subject = steps.Subjects[input.SubjectType];
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
                return await ConcludeReview.ConcludeAsync(steps, context.InstanceId,
                    new ConcludeReviewStep(input.SubjectType, input.SubjectId, input.Round, outcome, decidedBy));
            }
            if (!subject.Expire(row, input.Round, steps.Now))
            {
                return new ReviewResult(ReviewEnd.Closed, null);
            }
            try
            {
                await subject.Table.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
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
        await steps.Audit.RecordAsync(ReviewSteps.Entry(input.SubjectId, "ReviewExpired", input.Round, ReviewSteps.System,
            row.GetDateTimeOffset("ExpiredAt") ?? steps.Now, context.InstanceId, subject.StatusName(row)));
        var summary = await steps.SummaryAsync(subject, row);
        await steps.Ledger.SendOnceAsync(new Notifications.LedgerKey(context.InstanceId, "expired", input.Round, ReviewSteps.Requester),
            subject.OutcomeEmail(row, summary, null, steps.Link(summary.StatusPath), null));
        return new ReviewResult(ReviewEnd.Expired, null);
    }
}
