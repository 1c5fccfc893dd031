using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Telemetry;

namespace ServerlessKomunitas.Mentoring;

/// <summary>What the mentoring activities share.</summary>
public sealed class MentorshipSteps(MentorshipStore store, MentorDirectory mentors, PersonStore persons, RegistrationStore communities,
    MentorshipLinks links, EmailLedger ledger, AuditLog audit, TimeProvider time, ILogger<MentorshipSteps> log)
{
    public const string Workflow = nameof(MentorshipOrchestrator);
    public const string System = "system";

    public MentorshipStore Store => store;
    public MentorDirectory Mentors => mentors;
    public PersonStore Persons => persons;
    public RegistrationStore Communities => communities;
    public MentorshipLinks Links => links;
    public EmailLedger Ledger => ledger;
    public DateTimeOffset Now => time.GetUtcNow();

    public IDisposable? Begin(TaskActivityContext context)
    {
        log.LogInformation(AppEvents.WorkflowStep, "{Activity} running for workflow {InstanceId}", context.Name.Name, context.InstanceId);
        return log.BeginScope(new Dictionary<string, object> { ["InstanceId"] = context.InstanceId, ["Activity"] = context.Name.Name });
    }

    public async Task<Mentorship> RowAsync(string id) => await store.FindAsync(id) ?? throw new InvalidOperationException($"Mentorship {id} does not exist.");

    public Task AuditAsync(Mentorship m, string action, int round, string actor, string? from, string? comment = null) =>
        audit.RecordAsync(new AuditEntry(m.Id, action, round, actor, Now, from, m.StatusName, comment, Workflow, m.Id));

    /// <summary>Both participants, the mentee first; a side that was deleted (privacy) is null.</summary>
    public async Task<(Person? Mentee, Person? Mentor)> PeopleAsync(Mentorship m) =>
        (await persons.FindPersonAsync(m.MenteeKey), m.MentorKey is null ? null : await persons.FindPersonAsync(m.MentorKey));

    public async Task<Person?> PersonOfAsync(Mentorship m, string role) => m.KeyOf(role) is { } key ? await persons.FindPersonAsync(key) : null;
}

/// <summary>Creates the request if new, then asks the best candidate left, or puts the request on the waitlist.</summary>
public sealed class OfferNextMentor(MentorshipSteps steps) : TaskActivity<OfferStep, OfferOutcome>
{
    public override async Task<OfferOutcome> RunAsync(TaskActivityContext context, OfferStep input)
    {
        using var scope = steps.Begin(context);
        var m = await steps.RowAsync(input.MentorshipId);
        if (m.Status is not (MentorshipStatus.Matching or MentorshipStatus.Waiting or MentorshipStatus.Offered))
        {
            return new OfferOutcome(false, m.Status);
        }
        if (m.Status == MentorshipStatus.Offered && m.OfferRound == input.Round)
        {
            return new OfferOutcome(true, m.Status);
        }
        if (await steps.Persons.FindPersonAsync(m.MenteeKey) is not { } mentee)
        {
            return new OfferOutcome(false, MentorshipStatus.Ended);
        }
        var profile = new MenteeProfile(mentee.Key, m.CommunityId, mentee.Subsectors.ToList(), mentee.RegencyCode, mentee.ProvinceCode, mentee.TimeZone);
        var best = MentorMatcher.Rank(profile, await steps.Mentors.CandidatesAsync(mentee.Subsectors), m.ExcludedKeys).FirstOrDefault();
        var now = steps.Now;
        var from = m.StatusName;
        if (best is null)
        {
            var (waiting, changed) = await steps.Store.TransitionAsync(m, r =>
            {
                if (r.Status == MentorshipStatus.Waiting || r.IsOver)
                {
                    return false;
                }
                r.Status = MentorshipStatus.Waiting;
                r.MentorKey = null;
                return true;
            });
            await steps.Mentors.WaitAsync(m.Id, mentee.Key, mentee.Subsectors);
            if (changed)
            {
                await steps.AuditAsync(waiting!, "NoMentor", input.Round, MentorshipSteps.System, from);
            }
            // Told once per round that found nobody, so a wake-up that finds nobody again tells them again only in a new round.
            await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "no-mentor", input.Round, MentorshipRoles.Mentee), MentorshipEmails.NoMentor(mentee));
            if (await steps.Communities.FindAsync(m.CommunityId) is { } community)
            {
                await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "no-mentor", input.Round, "contact"), MentorshipEmails.NoMentorToContact(community, mentee));
            }
            return new OfferOutcome(false, waiting!.Status);
        }

        var (offered, _) = await steps.Store.TransitionAsync(m, r =>
        {
            if (r.IsOver || r.Status == MentorshipStatus.Active)
            {
                return false;
            }
            r.Status = MentorshipStatus.Offered;
            r.MentorKey = best.Mentor.PersonKey;
            r.OfferRound = input.Round;
            r.OfferedAt = now;
            r.OfferAnswer = null;
            r.ScoreSameCommunity = best.Score.SameCommunity;
            r.ScoreSharedSubsectors = best.Score.SharedSubsectors;
            r.ScoreNearness = best.Score.Nearness.ToString();
            r.ScorePoints = best.Score.Points;
            return true;
        });
        m = offered!;
        if (m.Status != MentorshipStatus.Offered)
        {
            return new OfferOutcome(false, m.Status);
        }
        await steps.Mentors.StopWaitingAsync(m.Id, mentee.Subsectors);
        await steps.AuditAsync(m, "Offered", input.Round, best.Mentor.PersonKey, from, $"{best.Score.Points}: {MentorshipEmails.Why(m)}");
        if (await steps.Persons.FindPersonAsync(best.Mentor.PersonKey) is { } mentor)
        {
            var answerBy = new DateTimeOffset(input.AnswerBy, TimeSpan.Zero);
            await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "offer", input.Round, mentor.Key),
                MentorshipEmails.Offer(mentor, mentee, m, steps.Links.Offer(m.Id, mentor.Key, input.Round, answerBy), answerBy));
        }
        return new OfferOutcome(true, m.Status);
    }
}

/// <summary>
/// Settles the offer of a round: an acceptance takes one of the mentor's places and starts the mentorship; a
/// decline, a silence or a mentor with no place left moves on to the next candidate. An answer stored just before
/// the timeout still counts.
/// </summary>
public sealed class SettleOffer(MentorshipSteps steps) : TaskActivity<MentorshipStep, MentorshipStatus>
{
    public override async Task<MentorshipStatus> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = steps.Begin(context);
        var m = await steps.RowAsync(input.MentorshipId);
        if (m.Status != MentorshipStatus.Offered || m.OfferRound != input.Round)
        {
            return m.Status == MentorshipStatus.Offered ? MentorshipStatus.Matching : m.Status;
        }
        var mentorKey = m.MentorKey!;
        var accepted = m.OfferAnswer == "accept" && await steps.Mentors.ReserveAsync(mentorKey, m.Id);
        var now = steps.Now;
        var (row, changed) = await steps.Store.TransitionAsync(m, r =>
        {
            if (r.Status != MentorshipStatus.Offered || r.OfferRound != input.Round)
            {
                return false;
            }
            if (accepted)
            {
                r.Status = MentorshipStatus.Active;
                r.StartedAt = now;
            }
            else
            {
                r.Status = MentorshipStatus.Matching;
                r.Excluded = string.Join(',', r.ExcludedKeys.Append(mentorKey).Distinct());
                r.MentorKey = null;
            }
            return true;
        });
        if (!changed && accepted && row!.Status != MentorshipStatus.Active)
        {
            // Ended while the place was being taken: give it back.
            await steps.Mentors.ReleaseAsync(mentorKey, m.Id);
        }
        if (changed)
        {
            var action = accepted ? "Accepted" : m.OfferAnswer switch { "accept" => "MentorFull", "decline" => "Declined", _ => "OfferExpired" };
            await steps.AuditAsync(row!, action, input.Round, mentorKey, nameof(MentorshipStatus.Offered));
        }
        return row!.Status;
    }
}

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
        if (m.Status != MentorshipStatus.Active || await steps.PersonOfAsync(m, input.Role) is not { } person)
        {
            return false;
        }
        await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "checkin", input.Number, input.Role),
            MentorshipEmails.CheckIn(person, input.Number, m.CheckInsPlanned, steps.Links.CheckIn(m.Id, input.Role, input.Number, steps.Now)));
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
        if (m.Status != MentorshipStatus.Active || await steps.PersonOfAsync(m, input.Role) is not { } person)
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
            MentorshipEmails.CheckInReminder(person, input.Number, steps.Links.CheckIn(m.Id, input.Role, input.Number, steps.Now)));
        if (input.Number > 1 && await steps.Store.CheckInAsync(m.Id, input.Number - 1, input.Role) is { Missed: true }
            && await steps.Communities.FindAsync(m.CommunityId) is { } community && await steps.Persons.FindPersonAsync(m.MenteeKey) is { } mentee)
        {
            await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "missed-twice", input.Number, input.Role), MentorshipEmails.MissedTwice(community, person, input.Role, mentee));
        }
        return CheckInOutcome.Missed;
    }
}

/// <summary>The check-ins are over: both sides are asked for their feedback.</summary>
public sealed class RequestFeedback(MentorshipSteps steps) : TaskActivity<MentorshipStep, MentorshipStatus>
{
    public override async Task<MentorshipStatus> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = steps.Begin(context);
        var (m, changed) = await steps.Store.TransitionAsync(input.MentorshipId, r =>
        {
            if (r.Status != MentorshipStatus.Active)
            {
                return false;
            }
            r.Status = MentorshipStatus.Feedback;
            return true;
        });
        if (m!.Status != MentorshipStatus.Feedback)
        {
            return m.Status;
        }
        if (changed)
        {
            await steps.AuditAsync(m, "FeedbackRequested", 0, MentorshipSteps.System, nameof(MentorshipStatus.Active));
        }
        foreach (var role in MentorshipRoles.Both)
        {
            if (await steps.PersonOfAsync(m, role) is { } person)
            {
                await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "feedback", 0, role), MentorshipEmails.FeedbackRequest(person, steps.Links.Feedback(m.Id, role, steps.Now)));
            }
        }
        return m.Status;
    }
}

/// <summary>Records the mentorship as completed and gives the mentor's place back.</summary>
public sealed class CompleteMentorship(MentorshipSteps steps) : TaskActivity<MentorshipStep, MentorshipStatus>
{
    public override async Task<MentorshipStatus> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = steps.Begin(context);
        var now = steps.Now;
        var (m, changed) = await steps.Store.TransitionAsync(input.MentorshipId, r =>
        {
            if (r.Status is not (MentorshipStatus.Feedback or MentorshipStatus.Active))
            {
                return false;
            }
            r.Status = MentorshipStatus.Completed;
            r.CompletedAt = now;
            return true;
        });
        if (m!.Status != MentorshipStatus.Completed)
        {
            return m.Status;
        }
        if (m.MentorKey is { } mentorKey)
        {
            await steps.Mentors.ReleaseAsync(mentorKey, m.Id);
        }
        if (changed)
        {
            await steps.AuditAsync(m, "Completed", 0, MentorshipSteps.System, nameof(MentorshipStatus.Feedback));
        }
        foreach (var role in MentorshipRoles.Both)
        {
            if (await steps.PersonOfAsync(m, role) is { } person)
            {
                await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "completed", 0, role), MentorshipEmails.Completed(person));
            }
        }
        return m.Status;
    }
}

/// <summary>After an early end (the row is already Ended): the mentor's place back, the waitlist left, both sides told.</summary>
public sealed class AnnounceEnd(MentorshipSteps steps) : TaskActivity<MentorshipStep, MentorshipStatus>
{
    public override async Task<MentorshipStatus> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = steps.Begin(context);
        var m = await steps.RowAsync(input.MentorshipId);
        if (m.Status != MentorshipStatus.Ended)
        {
            return m.Status;
        }
        var (mentee, _) = await steps.PeopleAsync(m);
        if (mentee is not null)
        {
            await steps.Mentors.StopWaitingAsync(m.Id, mentee.Subsectors);
        }
        if (m.MentorKey is { } mentorKey)
        {
            await steps.Mentors.ReleaseAsync(mentorKey, m.Id);
        }
        foreach (var role in MentorshipRoles.Both)
        {
            if (await steps.PersonOfAsync(m, role) is { } person)
            {
                await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "ended", 0, role), MentorshipEmails.Ended(person, m.EndedBy ?? role, m.EndReason));
            }
        }
        return m.Status;
    }
}

/// <summary>Nobody joined in time: the request is closed and the mentee told.</summary>
public sealed class CloseUnmatched(MentorshipSteps steps) : TaskActivity<MentorshipStep, MentorshipStatus>
{
    public override async Task<MentorshipStatus> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = steps.Begin(context);
        var (m, changed) = await steps.Store.TransitionAsync(input.MentorshipId, r =>
        {
            if (r.Status != MentorshipStatus.Waiting)
            {
                return false;
            }
            r.Status = MentorshipStatus.Unmatched;
            r.EndedAt = steps.Now;
            return true;
        });
        if (m!.Status != MentorshipStatus.Unmatched)
        {
            return m.Status;
        }
        if (await steps.Persons.FindPersonAsync(m.MenteeKey) is { } mentee)
        {
            await steps.Mentors.StopWaitingAsync(m.Id, mentee.Subsectors);
            await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "unmatched", input.Round, MentorshipRoles.Mentee), MentorshipEmails.Unmatched(mentee));
        }
        if (changed)
        {
            await steps.AuditAsync(m, "Unmatched", input.Round, MentorshipSteps.System, nameof(MentorshipStatus.Waiting));
        }
        return m.Status;
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
