using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Telemetry;
using ServerlessKomunitas.Workflows;

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

    public IDisposable? Begin(TaskActivityContext context) => log.BeginActivity(context);

    public async Task<Mentorship> RowAsync(string id) => await store.FindAsync(id) ?? throw new InvalidOperationException($"Mentorship {id} does not exist.");

    public Task AuditAsync(Mentorship m, string action, int round, string actor, string? from, string? comment = null) =>
        audit.RecordAsync(new AuditEntry(m.Id, action, round, actor, Now, from, m.StatusName, comment, Workflow, m.Id));

    /// <summary>Both participants, the mentee first; a side that was deleted (privacy) is null.</summary>
    public async Task<(Person? Mentee, Person? Mentor)> PeopleAsync(Mentorship m) =>
        (await persons.FindPersonAsync(m.MenteeKey), m.MentorKey is null ? null : await persons.FindPersonAsync(m.MentorKey));

    public async Task<Person?> PersonOfAsync(Mentorship m, string role) => m.KeyOf(role) is { } key ? await persons.FindPersonAsync(key) : null;

    /// <summary>Gives the mentor's place back; the waiting requests that could take it are returned, to be woken.</summary>
    public async Task<IReadOnlyList<string>> FreePlaceAsync(string mentorKey, string mentorshipId)
    {
        await mentors.ReleaseAsync(mentorKey, mentorshipId);
        return await persons.FindPersonAsync(mentorKey) is { Status: PersonStatus.Confirmed, OffersMentoring: true } mentor && mentor.ActiveMentees < mentor.MentorCapacity
            ? (await mentors.WaitingForAsync(mentor)).Where(id => id != mentorshipId).ToList()
            : [];
    }
}

/// <summary>
/// Asks the best candidate left, holding one of their places while they decide (so a mentor with one place is
/// never asked by two mentees at once), or puts the request on the waitlist. A retry resumes the offer it made.
/// </summary>
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
        if (await steps.Persons.FindPersonAsync(m.MenteeKey) is not { } mentee)
        {
            return new OfferOutcome(false, MentorshipStatus.Ended);
        }
        var from = m.StatusName;
        if (m.Status == MentorshipStatus.Offered && m.OfferRound == input.Round)
        {
            if (await HoldAndAskAsync(m, mentee, input))
            {
                return new OfferOutcome(true, MentorshipStatus.Offered);
            }
            m = await WithdrawOfferAsync(m, input.Round);
        }

        var profile = new MenteeProfile(mentee.Key, m.CommunityId, mentee.Subsectors.ToList(), mentee.RegencyCode, mentee.ProvinceCode, mentee.TimeZone);
        foreach (var best in MentorMatcher.Rank(profile, await steps.Mentors.CandidatesAsync(mentee.Subsectors), m.ExcludedKeys))
        {
            var now = steps.Now;
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
            if (await HoldAndAskAsync(m, mentee, input))
            {
                await steps.Mentors.StopWaitingAsync(m.Id, mentee.Subsectors);
                await steps.AuditAsync(m, "Offered", input.Round, best.Mentor.PersonKey, from, $"{best.Score.Points}: {MentorshipEmails.Why(m)}");
                return new OfferOutcome(true, m.Status);
            }
            // Their last place went since the index was read: the next candidate.
            m = await WithdrawOfferAsync(m, input.Round);
        }
        return await WaitForMentorAsync(m, mentee, input.Round);
    }

    /// <summary>Holds one of the offered mentor's places and sends the offer; false (nothing sent) when they have none left.</summary>
    async Task<bool> HoldAndAskAsync(Mentorship m, Person mentee, OfferStep input)
    {
        if (!await steps.Mentors.ReserveAsync(m.MentorKey!, m.Id))
        {
            return false;
        }
        if (await steps.Persons.FindPersonAsync(m.MentorKey!) is { } mentor)
        {
            var answerBy = new DateTimeOffset(input.AnswerBy, TimeSpan.Zero);
            await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "offer", input.Round, mentor.Key),
                MentorshipEmails.Offer(mentor, mentee, m, steps.Links.Offer(m.Id, mentor.Key, input.Round, answerBy), answerBy));
        }
        return true;
    }

    async Task<Mentorship> WithdrawOfferAsync(Mentorship m, int round)
    {
        var (row, _) = await steps.Store.TransitionAsync(m, r =>
        {
            if (r.Status != MentorshipStatus.Offered || r.OfferRound != round)
            {
                return false;
            }
            r.Status = MentorshipStatus.Matching;
            r.MentorKey = null;
            return true;
        });
        return row!;
    }

    async Task<OfferOutcome> WaitForMentorAsync(Mentorship m, Person mentee, int round)
    {
        var from = m.StatusName;
        var (waiting, changed) = await steps.Store.TransitionAsync(m, r =>
        {
            if (r.Status == MentorshipStatus.Waiting || r.IsOver || r.Status == MentorshipStatus.Active)
            {
                return false;
            }
            r.Status = MentorshipStatus.Waiting;
            r.MentorKey = null;
            return true;
        });
        if (waiting!.Status != MentorshipStatus.Waiting)
        {
            return new OfferOutcome(false, waiting.Status);
        }
        await steps.Mentors.WaitAsync(m.Id, mentee.Key, mentee.Subsectors);
        if (changed)
        {
            await steps.AuditAsync(waiting, "NoMentor", round, MentorshipSteps.System, from);
        }
        // Told once per request: a wake-up that finds nobody again (another mentee took the place) sends nothing more.
        await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "no-mentor", 0, MentorshipRoles.Mentee), MentorshipEmails.NoMentor(mentee));
        if (await steps.Communities.FindAsync(m.CommunityId) is { } community)
        {
            await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "no-mentor", 0, "contact"), MentorshipEmails.NoMentorToContact(community, mentee));
        }
        return new OfferOutcome(false, waiting.Status);
    }
}

/// <summary>
/// Settles the offer of a round: an acceptance starts the mentorship in the place held since the offer; a decline
/// or a silence gives the place back and moves on to the next candidate. An answer stored just before the timeout
/// still counts.
/// </summary>
public sealed class SettleOffer(MentorshipSteps steps) : TaskActivity<MentorshipStep, Settled>
{
    public override async Task<Settled> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = steps.Begin(context);
        var m = await steps.RowAsync(input.MentorshipId);
        if (m.Status != MentorshipStatus.Offered || m.OfferRound != input.Round)
        {
            return new Settled(m.Status == MentorshipStatus.Offered ? MentorshipStatus.Matching : m.Status, []);
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
        // Declined, unanswered, or ended meanwhile: the place held for the offer goes back.
        var waking = row!.Status == MentorshipStatus.Active ? [] : await steps.FreePlaceAsync(mentorKey, m.Id);
        if (changed)
        {
            var action = accepted ? "Accepted" : m.OfferAnswer switch { "accept" => "MentorFull", "decline" => "Declined", _ => "OfferExpired" };
            await steps.AuditAsync(row, action, input.Round, mentorKey, nameof(MentorshipStatus.Offered));
        }
        return new Settled(row.Status, waking);
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
public sealed class CompleteMentorship(MentorshipSteps steps) : TaskActivity<MentorshipStep, Settled>
{
    public override async Task<Settled> RunAsync(TaskActivityContext context, MentorshipStep input)
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
            return new Settled(m.Status, []);
        }
        var waking = m.MentorKey is { } mentorKey ? await steps.FreePlaceAsync(mentorKey, m.Id) : [];
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
        return new Settled(m.Status, waking);
    }
}

/// <summary>After an early end (the row is already Ended): the mentor's place back, the waitlist left, both sides told.</summary>
public sealed class AnnounceEnd(MentorshipSteps steps) : TaskActivity<MentorshipStep, Settled>
{
    public override async Task<Settled> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = steps.Begin(context);
        var m = await steps.RowAsync(input.MentorshipId);
        if (m.Status != MentorshipStatus.Ended)
        {
            return new Settled(m.Status, []);
        }
        var (mentee, _) = await steps.PeopleAsync(m);
        if (mentee is not null)
        {
            await steps.Mentors.StopWaitingAsync(m.Id, mentee.Subsectors);
        }
        var waking = m.MentorKey is { } mentorKey ? await steps.FreePlaceAsync(mentorKey, m.Id) : [];
        foreach (var role in MentorshipRoles.Both)
        {
            if (await steps.PersonOfAsync(m, role) is { } person)
            {
                await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "ended", 0, role), MentorshipEmails.Ended(person, m.EndedBy ?? role, m.EndReason));
            }
        }
        return new Settled(m.Status, waking);
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
