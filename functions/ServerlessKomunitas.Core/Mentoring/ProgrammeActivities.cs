using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Mentoring;

/// <summary>Plans the check-ins at the local hour of each side and tells both (and the community contact) that it has begun.</summary>
public sealed class StartProgramme(MentorshipStore store, PersonStore persons, RegistrationStore communities, MentorshipLinks links,
    EmailLedger ledger, AuditLog audit, TimeProvider time, ILogger<StartProgramme> log) : TaskActivity<ProgrammeStep, CheckInPlan>
{
    public override async Task<CheckInPlan> RunAsync(TaskActivityContext context, ProgrammeStep input)
    {
        using var scope = log.BeginActivity(context);
        var current = await store.RequireAsync(input.MentorshipId);
        var (mentee, mentor) = await persons.ParticipantsAsync(current);
        var start = current.StartedAt ?? time.GetUtcNow();
        var plan = new CheckInPlan(
            CheckInSchedule.Plan(start, input.Programme, mentee?.TimeZone ?? Regions.IndonesianTimeZone.WIB),
            CheckInSchedule.Plan(start, input.Programme, mentor?.TimeZone ?? Regions.IndonesianTimeZone.WIB));
        var (m, _) = await store.TransitionAsync(current, r => MentorshipTransitions.PlanCheckIns(r, input.Programme.CheckIns, plan));
        if (m!.Status == MentorshipStatus.Active && mentee is not null && mentor is not null)
        {
            await audit.RecordAsync(MentorshipAudit.Entry(m, "Started", m.OfferRound, mentor.Key, time.GetUtcNow(), nameof(MentorshipStatus.Offered)));
            foreach (var (to, other, role, first) in new[] { (mentee, mentor, MentorshipRoles.Mentee, plan.MenteeAt[0]), (mentor, mentee, MentorshipRoles.Mentor, plan.MentorAt[0]) })
            {
                await ledger.SendOnceAsync(new LedgerKey(m.Id, "started", 0, role), MentorshipEmails.Started(to, other, role,
                    new DateTimeOffset(first, TimeSpan.Zero), input.Programme.CheckIns, links.Status(m.Id, role, time.GetUtcNow()), links.End(m.Id, role, time.GetUtcNow())));
            }
            if (await communities.FindAsync(m.CommunityId) is { } community)
            {
                await ledger.SendOnceAsync(new LedgerKey(m.Id, "started", 0, "contact"), MentorshipEmails.StartedToContact(community, mentee, mentor, m));
            }
        }
        return plan;
    }
}

/// <summary>
/// Sends one side's check-in, by email and on WhatsApp as they chose (<see cref="CheckInFallback"/> emails one that
/// WhatsApp could not deliver); false (and nothing sent) once the mentorship is no longer active.
/// </summary>
public sealed class SendCheckIn(MentorshipStore store, PersonStore persons, MentorshipLinks links, EmailLedger ledger, WhatsApp.WhatsAppNotices whatsApp,
    TimeProvider time, ILogger<SendCheckIn> log) : TaskActivity<CheckInInput, bool>
{
    public const string Kind = "checkin";

    public override async Task<bool> RunAsync(TaskActivityContext context, CheckInInput input)
    {
        using var scope = log.BeginActivity(context);
        var m = await store.RequireAsync(input.MentorshipId);
        if (m.Status != MentorshipStatus.Active || await persons.ParticipantAsync(m, input.Role) is not { } person
            || await persons.ParticipantAsync(m, MentorshipRoles.Other(input.Role)) is not { } other)
        {
            return false;
        }
        var link = links.CheckIn(m.Id, input.Role, input.Number, time.GetUtcNow());
        var key = new LedgerKey(m.Id, Kind, input.Number, input.Role);
        var template = WhatsApp.WhatsAppTemplates.CheckIn;
        var sent = await whatsApp.SendAsync(person.Key, WhatsApp.WhatsAppKind.CheckIns, $"{key.PartitionKey}/{key.RowKey}", template,
            template.Values(person.FirstName, $"{input.Number}", $"{m.CheckInsPlanned}", other.Name, link), new WhatsApp.FallbackReference(m.Id, input.Role, input.Number).For(Kind));
        if (sent.Email)
        {
            await ledger.SendOnceAsync(key, MentorshipEmails.CheckIn(person, other, input.Number, m.CheckInsPlanned, link));
        }
        return true;
    }
}

/// <summary>The check-in email, once, for a WhatsApp check-in that ended failed or undelivered, to someone who chose WhatsApp only.</summary>
public sealed class CheckInFallback(MentorshipStore store, PersonStore persons, MentorshipLinks links, EmailLedger ledger, TimeProvider time)
    : WhatsApp.IWhatsAppFallback
{
    public string Kind => SendCheckIn.Kind;

    public async Task SendAsync(string personKey, WhatsApp.FallbackReference reference, CancellationToken cancellationToken)
    {
        var (id, role, number) = reference;
        if (await store.FindAsync(id, cancellationToken) is not { Status: MentorshipStatus.Active } m
            || await persons.ParticipantAsync(m, role) is not { } person || person.Key != personKey
            || await persons.ParticipantAsync(m, MentorshipRoles.Other(role)) is not { } other)
        {
            return;
        }
        await ledger.SendOnceAsync(new LedgerKey(m.Id, Kind, number, role),
            MentorshipEmails.CheckIn(person, other, number, m.CheckInsPlanned, links.CheckIn(m.Id, role, number, time.GetUtcNow())), cancellationToken);
    }
}

/// <summary>
/// After the window: a miss unless an answer got in first, one reminder, and on the second miss in a row by the
/// same side, a word to the community contact.
/// </summary>
public sealed class RecordMissedCheckIn(MentorshipStore store, PersonStore persons, RegistrationStore communities, MentorshipLinks links,
    EmailLedger ledger, AuditLog audit, TimeProvider time, ILogger<RecordMissedCheckIn> log) : TaskActivity<CheckInInput, CheckInOutcome>
{
    public override async Task<CheckInOutcome> RunAsync(TaskActivityContext context, CheckInInput input)
    {
        using var scope = log.BeginActivity(context);
        var m = await store.RequireAsync(input.MentorshipId);
        if (m.Status != MentorshipStatus.Active || await persons.ParticipantAsync(m, input.Role) is not { } person
            || await persons.ParticipantAsync(m, MentorshipRoles.Other(input.Role)) is not { } other)
        {
            return CheckInOutcome.Skipped;
        }
        await store.RecordMissAsync(m.Id, input.Number, input.Role, time.GetUtcNow());
        if (await store.CheckInAsync(m.Id, input.Number, input.Role) is not { Missed: true })
        {
            return CheckInOutcome.Submitted;
        }
        await audit.RecordAsync(MentorshipAudit.Entry(m, $"CheckInMissed:{input.Role}", input.Number, MentorshipAudit.System, time.GetUtcNow(), m.StatusName));
        await ledger.SendOnceAsync(new LedgerKey(m.Id, "checkin-reminder", input.Number, input.Role),
            MentorshipEmails.CheckInReminder(person, other, input.Number, links.CheckIn(m.Id, input.Role, input.Number, time.GetUtcNow())));
        if (input.Number > 1 && await store.CheckInAsync(m.Id, input.Number - 1, input.Role) is { Missed: true }
            && await communities.FindAsync(m.CommunityId) is { } community && await persons.FindPersonAsync(m.MenteeKey) is { } mentee)
        {
            await ledger.SendOnceAsync(new LedgerKey(m.Id, "missed-twice", input.Number, input.Role), MentorshipEmails.MissedTwice(community, person, input.Role, mentee));
        }
        return CheckInOutcome.Missed;
    }
}

/// <summary>When a participant's check-ins go: every interval from the start, moved to the next local hour in their zone.</summary>
public static class CheckInSchedule
{
    public static IReadOnlyList<DateTime> Plan(DateTimeOffset start, Programme programme, Regions.IndonesianTimeZone zone) =>
        Enumerable.Range(1, programme.CheckIns).Select(n =>
        {
            var due = start + programme.Interval * n;
            return (programme.LocalHour is { } hour ? LocalHours.NextAt(due, zone, hour) : due).UtcDateTime;
        }).ToArray();
}
