using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Proposals;

/// <summary>What the proposal activities share.</summary>
public sealed class ProposalSteps(
    ProposalStore store,
    ProposalLinks links,
    ProposalReviewSubject subject,
    AuditLog audit,
    EmailLedger ledger,
    EventCalendar calendar,
    Rsvps.EventRsvps rsvps,
    RegionDirectory regions,
    IOptions<ProposalOptions> options,
    TimeProvider time,
    ILogger<ProposalSteps> log)
{
    public const string Workflow = nameof(ProposalOrchestrator);
    public const string System = "system";

    public ProposalStore Store => store;
    public ProposalLinks Links => links;
    public ProposalReviewSubject Subject => subject;
    public EmailLedger Ledger => ledger;
    public EventCalendar Calendar => calendar;
    public Rsvps.EventRsvps Rsvps => rsvps;
    public ProposalOptions Options => options.Value;
    public DateTimeOffset Now => time.GetUtcNow();

    public IDisposable? Begin(TaskActivityContext context) => log.BeginActivity(context);

    public async Task<Proposal> RowAsync(string id) => await store.FindAsync(id) ?? throw new InvalidOperationException($"Proposal {id} does not exist.");

    public async Task<string> RegencyNameAsync(Proposal p) => (await regions.FindRegencyAsync(p.RegencyCode))?.Name ?? p.RegencyCode;

    public Task AuditAsync(Proposal p, string action, int round, string actor, DateTimeOffset at, string instanceId, string? from = null, string? comment = null) =>
        audit.RecordAsync(new AuditEntry(p.Id, action, round, actor, at, from, p.StatusName, comment, Workflow, instanceId));

    /// <summary>Moves the row from <paramref name="from"/> to Expired; the row as it stands either way.</summary>
    public async Task<Proposal> ExpireFromAsync(string id, ProposalStatus from, int? round = null)
    {
        var now = Now;
        var (row, _) = await store.TransitionAsync(id, p =>
        {
            if (p.Status != from || (round is { } r && p.ApprovalRound != r))
            {
                return false;
            }
            p.Status = ProposalStatus.Expired;
            p.ExpiredAt = now;
            return true;
        });
        return row ?? throw new InvalidOperationException($"Proposal {id} does not exist.");
    }
}

/// <summary>Records the submission and asks the community contact to confirm the proposal made in the community's name.</summary>
public sealed class SendProposalConfirmation(ProposalSteps steps) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = steps.Begin(context);
        var p = await steps.RowAsync(input.ProposalId);
        await steps.AuditAsync(p, "Submitted", 1, "proposer", p.SubmittedAt, context.InstanceId);
        if (p.Status != ProposalStatus.AwaitingConfirmation)
        {
            return p.Status;
        }
        var until = new DateTimeOffset(input.Until ?? p.SubmittedAt.UtcDateTime.Add(steps.Options.ConfirmationWindow), TimeSpan.Zero);
        await steps.Ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "proposal-confirmation", 1, ProposalLinks.Contact),
            ProposalEmails.ConfirmSubmission(p, steps.Links.Confirm(p, until), steps.Links.Withdraw(p), until, await steps.RegencyNameAsync(p)));
        return p.Status;
    }
}

/// <summary>Closes a proposal its community never confirmed; a confirmation that got in first wins.</summary>
public sealed class ExpireUnconfirmedProposal(ProposalSteps steps) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = steps.Begin(context);
        var p = await steps.ExpireFromAsync(input.ProposalId, ProposalStatus.AwaitingConfirmation);
        if (p.Status == ProposalStatus.Expired)
        {
            await steps.AuditAsync(p, "ConfirmationExpired", 1, ProposalSteps.System, p.ExpiredAt ?? steps.Now, context.InstanceId, nameof(ProposalStatus.AwaitingConfirmation));
        }
        return p.Status;
    }
}

/// <summary>Closes a proposal whose requested changes never came; an edit that got in first wins.</summary>
public sealed class ExpireStaleChanges(ProposalSteps steps) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = steps.Begin(context);
        var p = await steps.ExpireFromAsync(input.ProposalId, ProposalStatus.ChangesRequested, input.Round);
        if (p.Status == ProposalStatus.Expired)
        {
            await steps.AuditAsync(p, "ChangesExpired", input.Round, ProposalSteps.System, p.ExpiredAt ?? steps.Now, context.InstanceId, nameof(ProposalStatus.ChangesRequested));
            await steps.Ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "changes-expired", input.Round, ProposalLinks.Contact),
                ProposalEmails.Expired(p, "perubahan yang diminta tidak dikirim sampai batas waktu.", steps.Links.Status(p)));
        }
        return p.Status;
    }
}

/// <summary>When to remind the contact to confirm the approved event, and when it expires: before it starts.</summary>
public sealed class PlanEventConfirmation(ProposalSteps steps) : TaskActivity<ProposalStep, EventConfirmationPlan>
{
    public override async Task<EventConfirmationPlan> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = steps.Begin(context);
        var p = await steps.RowAsync(input.ProposalId);
        var expireAt = steps.Subject.ConfirmEventBy(p);
        var remindAt = (p.DecidedAt ?? steps.Now) + steps.Options.EventConfirmationReminderAfter;
        return new EventConfirmationPlan(remindAt.UtcDateTime, expireAt.UtcDateTime, p.StartUtc.UtcDateTime);
    }
}

public sealed class RemindEventConfirmation(ProposalSteps steps) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = steps.Begin(context);
        var p = await steps.RowAsync(input.ProposalId);
        if (p.Status != ProposalStatus.Approved)
        {
            return p.Status;
        }
        var confirmBy = steps.Subject.ConfirmEventBy(p);
        await steps.Ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "event-confirmation-reminder", p.ApprovalRound, ProposalLinks.Contact),
            ProposalEmails.ConfirmEventReminder(p, steps.Links.ConfirmEvent(p, p.StartUtc), confirmBy));
        await steps.AuditAsync(p, "EventConfirmationReminded", p.ApprovalRound, ProposalSteps.System, steps.Now, context.InstanceId);
        return p.Status;
    }
}

/// <summary>An approved event nobody confirmed in time is taken off; a confirmation that got in first wins.</summary>
public sealed class ExpireUnconfirmedEvent(ProposalSteps steps) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = steps.Begin(context);
        var p = await steps.ExpireFromAsync(input.ProposalId, ProposalStatus.Approved);
        if (p.Status == ProposalStatus.Expired)
        {
            await steps.AuditAsync(p, "EventConfirmationExpired", p.ApprovalRound, ProposalSteps.System, p.ExpiredAt ?? steps.Now, context.InstanceId, nameof(ProposalStatus.Approved));
            await steps.Ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "event-expired", p.ApprovalRound, ProposalLinks.Contact),
                ProposalEmails.Expired(p, "kegiatan tidak dikonfirmasi sebelum batas waktu.", steps.Links.Status(p)));
        }
        return p.Status;
    }
}

/// <summary>
/// Puts a confirmed event in the public calendar and sends the contact its calendar file. A withdrawal that got
/// in first leaves it out (the workflow then cancels).
/// </summary>
public sealed class PublishEvent(ProposalSteps steps) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = steps.Begin(context);
        var p = await steps.RowAsync(input.ProposalId);
        if (p.Status != ProposalStatus.Confirmed)
        {
            return p.Status;
        }
        var entry = CalendarEntry.From(p, await steps.RegencyNameAsync(p));
        await steps.Calendar.PublishAsync(entry);
        await steps.AuditAsync(p, "Listed", p.ApprovalRound, ProposalSteps.System, entry.ConfirmedAt, context.InstanceId);
        await steps.Ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "event-confirmed", p.ApprovalRound, ProposalLinks.Contact),
            ProposalEmails.EventConfirmed(p, steps.Links.Status(p), steps.Links.Withdraw(p))
                with { Attachments = [EventIcs.Attachment(entry, IcsStatus.Confirmed, entry.ConfirmedAt)] });
        return p.Status;
    }
}

/// <summary>
/// Takes a cancelled event out of the calendar and tells the contact and everyone who RSVPed or waits, each once,
/// with a calendar file that removes it.
/// </summary>
public sealed class CancelEvent(ProposalSteps steps) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = steps.Begin(context);
        var p = await steps.RowAsync(input.ProposalId);
        await steps.Calendar.UnpublishAsync(p.StartUtc, p.Id);
        if (p.Status == ProposalStatus.Cancelled)
        {
            var at = p.CancelledAt ?? steps.Now;
            var entry = CalendarEntry.From(p, await steps.RegencyNameAsync(p));
            await steps.AuditAsync(p, "Unlisted", p.ApprovalRound, ProposalSteps.System, at, context.InstanceId);
            await steps.Ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "event-cancelled", p.ApprovalRound, ProposalLinks.Contact),
                ProposalEmails.EventCancelled(p, steps.Links.Status(p)) with { Attachments = [EventIcs.Attachment(entry, IcsStatus.Cancelled, at)] });
            await steps.Rsvps.AnnounceCancellationAsync(entry, at);
        }
        return p.Status;
    }
}

/// <summary>The row's status, when a withdrawal or another path ended the workflow.</summary>
public sealed class ReadProposalStatus(ProposalSteps steps) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input) =>
        (await steps.RowAsync(input.ProposalId)).Status;
}
