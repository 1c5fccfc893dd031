using ServerlessKomunitas.Calendar;

namespace ServerlessKomunitas.Proposals;

/// <summary>How the proposal workflow's activities write the audit trail.</summary>
public static class ProposalAudit
{
    public const string Workflow = nameof(ProposalOrchestrator);
    public const string System = "system";

    public static AuditEntry Entry(Proposal p, string action, int round, string actor, DateTimeOffset at, string instanceId, string? from = null, string? comment = null) =>
        new(p.Id, action, round, actor, at, from, p.StatusName, comment, Workflow, instanceId);
}

/// <summary>Records the submission and asks the community contact to confirm the proposal made in the community's name.</summary>
public sealed class SendProposalConfirmation(ProposalStore store, ProposalLinks links, AuditLog audit, EmailLedger ledger, RegionDirectory regions,
    ProposalConfirmationWhatsApp whatsApp, IOptions<ProposalOptions> options, ILogger<SendProposalConfirmation> log) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = log.BeginActivity(context);
        var p = await store.RequireAsync(input.ProposalId);
        await audit.RecordAsync(ProposalAudit.Entry(p, "Submitted", 1, "proposer", p.SubmittedAt, context.InstanceId));
        if (p.Status != ProposalStatus.AwaitingConfirmation)
        {
            return p.Status;
        }
        var until = new DateTimeOffset(input.Until ?? p.SubmittedAt.UtcDateTime.Add(options.Value.ConfirmationWindow), TimeSpan.Zero);
        var confirmLink = links.Confirm(p, until);
        if (await whatsApp.SendAsync(p, confirmLink, until))
        {
            await ledger.SendOnceAsync(ProposalConfirmationWhatsApp.EmailKey(context.InstanceId),
                ProposalEmails.ConfirmSubmission(p, confirmLink, links.Withdraw(p), until, await regions.RegencyNameAsync(p.RegencyCode)));
        }
        return p.Status;
    }
}

/// <summary>Closes a proposal its community never confirmed; a confirmation that got in first wins.</summary>
public sealed class ExpireUnconfirmedProposal(ProposalStore store, AuditLog audit, TimeProvider time, ILogger<ExpireUnconfirmedProposal> log) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = log.BeginActivity(context);
        var p = await store.ExpireFromAsync(input.ProposalId, ProposalStatus.AwaitingConfirmation, time.GetUtcNow());
        if (p.Status == ProposalStatus.Expired)
        {
            await audit.RecordAsync(ProposalAudit.Entry(p, "ConfirmationExpired", 1, ProposalAudit.System, p.ExpiredAt ?? time.GetUtcNow(), context.InstanceId, nameof(ProposalStatus.AwaitingConfirmation)));
        }
        return p.Status;
    }
}

/// <summary>Closes a proposal whose requested changes never came; an edit that got in first wins.</summary>
public sealed class ExpireStaleChanges(ProposalStore store, ProposalLinks links, AuditLog audit, EmailLedger ledger, TimeProvider time, ILogger<ExpireStaleChanges> log) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = log.BeginActivity(context);
        var p = await store.ExpireFromAsync(input.ProposalId, ProposalStatus.ChangesRequested, time.GetUtcNow(), input.Round);
        if (p.Status == ProposalStatus.Expired)
        {
            await audit.RecordAsync(ProposalAudit.Entry(p, "ChangesExpired", input.Round, ProposalAudit.System, p.ExpiredAt ?? time.GetUtcNow(), context.InstanceId, nameof(ProposalStatus.ChangesRequested)));
            await ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "changes-expired", input.Round, ProposalLinks.Contact),
                ProposalEmails.Expired(p, "perubahan yang diminta tidak dikirim sampai batas waktu.", links.Status(p)));
        }
        return p.Status;
    }
}

/// <summary>When to remind the contact to confirm the approved event, and when it expires: before it starts.</summary>
public sealed class PlanEventConfirmation(ProposalStore store, ProposalReviewSubject subject, IOptions<ProposalOptions> options, TimeProvider time, ILogger<PlanEventConfirmation> log) : TaskActivity<ProposalStep, EventConfirmationPlan>
{
    public override async Task<EventConfirmationPlan> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = log.BeginActivity(context);
        var p = await store.RequireAsync(input.ProposalId);
        var expireAt = subject.ConfirmEventBy(p);
        var remindAt = (p.DecidedAt ?? time.GetUtcNow()) + options.Value.EventConfirmationReminderAfter;
        return new EventConfirmationPlan(remindAt.UtcDateTime, expireAt.UtcDateTime, p.StartUtc.UtcDateTime, p.EndUtc.UtcDateTime);
    }
}

public sealed class RemindEventConfirmation(ProposalStore store, ProposalLinks links, ProposalReviewSubject subject, AuditLog audit, EmailLedger ledger, TimeProvider time,
    ILogger<RemindEventConfirmation> log) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = log.BeginActivity(context);
        var p = await store.RequireAsync(input.ProposalId);
        if (p.Status != ProposalStatus.Approved)
        {
            return p.Status;
        }
        var confirmBy = subject.ConfirmEventBy(p);
        await ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "event-confirmation-reminder", p.ApprovalRound, ProposalLinks.Contact),
            ProposalEmails.ConfirmEventReminder(p, links.ConfirmEvent(p, p.StartUtc), confirmBy));
        await audit.RecordAsync(ProposalAudit.Entry(p, "EventConfirmationReminded", p.ApprovalRound, ProposalAudit.System, time.GetUtcNow(), context.InstanceId));
        return p.Status;
    }
}

/// <summary>An approved event nobody confirmed in time is taken off; a confirmation that got in first wins.</summary>
public sealed class ExpireUnconfirmedEvent(ProposalStore store, ProposalLinks links, AuditLog audit, EmailLedger ledger, TimeProvider time, ILogger<ExpireUnconfirmedEvent> log) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = log.BeginActivity(context);
        var p = await store.ExpireFromAsync(input.ProposalId, ProposalStatus.Approved, time.GetUtcNow());
        if (p.Status == ProposalStatus.Expired)
        {
            await audit.RecordAsync(ProposalAudit.Entry(p, "EventConfirmationExpired", p.ApprovalRound, ProposalAudit.System, p.ExpiredAt ?? time.GetUtcNow(), context.InstanceId, nameof(ProposalStatus.Approved)));
            await ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "event-expired", p.ApprovalRound, ProposalLinks.Contact),
                ProposalEmails.Expired(p, "kegiatan tidak dikonfirmasi sebelum batas waktu.", links.Status(p)));
        }
        return p.Status;
    }
}

/// <summary>
/// Puts a confirmed event in the public calendar and sends the contact its calendar file. A withdrawal that got
/// in first leaves it out (the workflow then cancels).
/// </summary>
public sealed class PublishEvent(ProposalStore store, ProposalLinks links, EventCalendar calendar, AuditLog audit, EmailLedger ledger, RegionDirectory regions,
    ILogger<PublishEvent> log) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = log.BeginActivity(context);
        var p = await store.RequireAsync(input.ProposalId);
        if (p.Status != ProposalStatus.Confirmed)
        {
            return p.Status;
        }
        var entry = CalendarEntry.From(p, await regions.RegencyNameAsync(p.RegencyCode));
        await calendar.PublishAsync(entry);
        await audit.RecordAsync(ProposalAudit.Entry(p, "Listed", p.ApprovalRound, ProposalAudit.System, entry.ConfirmedAt, context.InstanceId));
        await ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "event-confirmed", p.ApprovalRound, ProposalLinks.Contact),
            ProposalEmails.EventConfirmed(p, links.Status(p), links.Withdraw(p))
                with { Attachments = [EventIcs.Attachment(entry, IcsStatus.Confirmed, entry.ConfirmedAt)] });
        return p.Status;
    }
}

/// <summary>The event has ended: the map counts it held from now, not from the next rebuild.</summary>
public sealed class CountEventHeld(ProposalStore store, Mapping.MapFigureKeeper map, ILogger<CountEventHeld> log) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = log.BeginActivity(context);
        await map.RefreshAsync(new Mapping.MapSource(Mapping.MapSourceKind.Event, input.ProposalId));
        return (await store.RequireAsync(input.ProposalId)).Status;
    }
}

/// <summary>
/// Takes a cancelled event out of the calendar and tells the contact and everyone who RSVPed or waits, each once,
/// with a calendar file that removes it.
/// </summary>
public sealed class CancelEvent(ProposalStore store, ProposalLinks links, EventCalendar calendar, Rsvps.EventRsvps rsvps, AuditLog audit, EmailLedger ledger, RegionDirectory regions,
    TimeProvider time, ILogger<CancelEvent> log) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input)
    {
        using var scope = log.BeginActivity(context);
        var p = await store.RequireAsync(input.ProposalId);
        await calendar.UnpublishAsync(p.StartUtc, p.Id);
        if (p.Status == ProposalStatus.Cancelled)
        {
            var at = p.CancelledAt ?? time.GetUtcNow();
            var entry = CalendarEntry.From(p, await regions.RegencyNameAsync(p.RegencyCode));
            await audit.RecordAsync(ProposalAudit.Entry(p, "Unlisted", p.ApprovalRound, ProposalAudit.System, at, context.InstanceId));
            await ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "event-cancelled", p.ApprovalRound, ProposalLinks.Contact),
                ProposalEmails.EventCancelled(p, links.Status(p)) with { Attachments = [EventIcs.Attachment(entry, IcsStatus.Cancelled, at)] });
            await rsvps.AnnounceCancellationAsync(entry, at);
        }
        return p.Status;
    }
}

/// <summary>The row's status, when a withdrawal or another path ended the workflow.</summary>
public sealed class ReadProposalStatus(ProposalStore store) : TaskActivity<ProposalStep, ProposalStatus>
{
    public override async Task<ProposalStatus> RunAsync(TaskActivityContext context, ProposalStep input) =>
        (await store.RequireAsync(input.ProposalId)).Status;
}
