using Microsoft.DurableTask;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Telemetry;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Mentoring;

/// <summary>Plans the check-ins at the local hour of each side and tells both (and the community contact) that it has begun.</summary>
public sealed class StartProgramme(MentorshipSteps steps) : TaskActivity<ProgrammeStep, CheckInPlan>
{
    public override async Task<CheckInPlan> RunAsync(TaskActivityContext context, ProgrammeStep input)
    {
        using var scope = steps.Begin(context);
        var current = await steps.RowAsync(input.MentorshipId);
        var (mentee, mentor) = await steps.PeopleAsync(current);
        var start = current.StartedAt ?? steps.Now;
        var plan = new CheckInPlan(
            CheckInSchedule.Plan(start, input.Programme, mentee?.TimeZone ?? Regions.IndonesianTimeZone.WIB),
            CheckInSchedule.Plan(start, input.Programme, mentor?.TimeZone ?? Regions.IndonesianTimeZone.WIB));
        var (m, _) = await steps.Store.TransitionAsync(current, r =>
        {
            if (r.CheckInsPlanned == input.Programme.CheckIns)
            {
                return false;
            }
            r.CheckInsPlanned = input.Programme.CheckIns;
            r.MenteePlan = Mentorship.PlanText(plan.MenteeAt);
            r.MentorPlan = Mentorship.PlanText(plan.MentorAt);
            return true;
        });
        if (m!.Status == MentorshipStatus.Active && mentee is not null && mentor is not null)
        {
            await steps.AuditAsync(m, "Started", m.OfferRound, mentor.Key, nameof(MentorshipStatus.Offered));
            foreach (var (to, other, role, first) in new[] { (mentee, mentor, MentorshipRoles.Mentee, plan.MenteeAt[0]), (mentor, mentee, MentorshipRoles.Mentor, plan.MentorAt[0]) })
            {
                await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "started", 0, role), MentorshipEmails.Started(to, other, role,
                    new DateTimeOffset(first, TimeSpan.Zero), input.Programme.CheckIns, steps.Links.Status(m.Id, role, steps.Now), steps.Links.End(m.Id, role, steps.Now)));
            }
            if (await steps.Communities.FindAsync(m.CommunityId) is { } community)
            {
                await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "started", 0, "contact"), MentorshipEmails.StartedToContact(community, mentee, mentor, m));
            }
        }
        return plan;
    }
}

/// <summary>Sends one side's check-in email; false (and nothing sent) once the mentorship is no longer active.</summary>
public sealed class SendCheckIn(MentorshipSteps steps) : TaskActivity<CheckInInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, CheckInInput input)
    {
        using var scope = steps.Begin(context);
        var m = await steps.RowAsync(input.MentorshipId);
        if (m.Status != MentorshipStatus.Active || await steps.PersonOfAsync(m, input.Role) is not { } person
            || await steps.PersonOfAsync(m, MentorshipRoles.Other(input.Role)) is not { } other)
        {
            return false;
        }
        await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "checkin", input.Number, input.Role),
            MentorshipEmails.CheckIn(person, other, input.Number, m.CheckInsPlanned, steps.Links.CheckIn(m.Id, input.Role, input.Number, steps.Now)));
        return true;
    }
}

/// <summary>
/// After the window: a miss unless an answer got in first, one reminder, and on the second miss in a row by the
/// same side, a word to the community contact.
/// </summary>
public sealed class RecordMissedCheckIn(MentorshipSteps steps) : TaskActivity<CheckInInput, CheckInOutcome>
{
    public override async Task<CheckInOutcome> RunAsync(TaskActivityContext context, CheckInInput input)
    {
        using var scope = steps.Begin(context);
        var m = await steps.RowAsync(input.MentorshipId);
        if (m.Status != MentorshipStatus.Active || await steps.PersonOfAsync(m, input.Role) is not { } person
            || await steps.PersonOfAsync(m, MentorshipRoles.Other(input.Role)) is not { } other)
        {
            return CheckInOutcome.Skipped;
        }
        await steps.Store.RecordMissAsync(m.Id, input.Number, input.Role, steps.Now);
        if (await steps.Store.CheckInAsync(m.Id, input.Number, input.Role) is not { Missed: true })
        {
            return CheckInOutcome.Submitted;
        }
        await steps.AuditAsync(m, $"CheckInMissed:{input.Role}", input.Number, MentorshipSteps.System, m.StatusName);
        await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "checkin-reminder", input.Number, input.Role),
            MentorshipEmails.CheckInReminder(person, other, input.Number, steps.Links.CheckIn(m.Id, input.Role, input.Number, steps.Now)));
        if (input.Number > 1 && await steps.Store.CheckInAsync(m.Id, input.Number - 1, input.Role) is { Missed: true }
            && await steps.Communities.FindAsync(m.CommunityId) is { } community && await steps.Persons.FindPersonAsync(m.MenteeKey) is { } mentee)
        {
            await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "missed-twice", input.Number, input.Role), MentorshipEmails.MissedTwice(community, person, input.Role, mentee));
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
