using ServerlessKomunitas.Members;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Mentoring;

/// <summary>
/// Asks the best candidate left, holding one of their places while they decide (so a mentor with one place is
/// never asked by two mentees at once), or puts the request on the waitlist. A retry resumes the offer it made.
/// </summary>
public sealed class OfferNextMentor(MentorshipStore store, MentorDirectory mentors, PersonStore persons, RegistrationStore communities,
    MentorshipLinks links, EmailLedger ledger, AuditLog audit, TimeProvider time, ILogger<OfferNextMentor> log) : TaskActivity<OfferStep, OfferOutcome>
{
    public override async Task<OfferOutcome> RunAsync(TaskActivityContext context, OfferStep input)
    {
        using var scope = log.BeginActivity(context);
        var m = await store.RequireAsync(input.MentorshipId);
        if (m.Status is not (MentorshipStatus.Matching or MentorshipStatus.Waiting or MentorshipStatus.Offered))
        {
            return new OfferOutcome(false, m.Status);
        }
        if (await persons.FindPersonAsync(m.MenteeKey) is not { } mentee)
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
        foreach (var best in MentorMatcher.Rank(profile, await mentors.CandidatesAsync(mentee.Subsectors), m.ExcludedKeys))
        {
            var now = time.GetUtcNow();
            var (offered, _) = await store.TransitionAsync(m, r => MentorshipTransitions.Offer(r, best, input.Round, now));
            m = offered!;
            if (m.Status != MentorshipStatus.Offered)
            {
                return new OfferOutcome(false, m.Status);
            }
            if (await HoldAndAskAsync(m, mentee, input))
            {
                await mentors.StopWaitingAsync(m.Id, mentee.Subsectors);
                await audit.RecordAsync(MentorshipAudit.Entry(m, "Offered", input.Round, best.Mentor.PersonKey, time.GetUtcNow(), from, $"{best.Score.Points}: {MentorshipEmails.Why(m)}"));
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
        if (!await mentors.ReserveAsync(m.MentorKey!, m.Id))
        {
            return false;
        }
        if (await persons.FindPersonAsync(m.MentorKey!) is { } mentor)
        {
            var answerBy = new DateTimeOffset(input.AnswerBy, TimeSpan.Zero);
            await ledger.SendOnceAsync(new LedgerKey(m.Id, "offer", input.Round, mentor.Key),
                MentorshipEmails.Offer(mentor, mentee, m, links.Offer(m.Id, mentor.Key, input.Round, answerBy), answerBy));
        }
        return true;
    }

    async Task<Mentorship> WithdrawOfferAsync(Mentorship m, int round)
    {
        var (row, _) = await store.TransitionAsync(m, r => MentorshipTransitions.WithdrawOffer(r, round));
        return row!;
    }

    async Task<OfferOutcome> WaitForMentorAsync(Mentorship m, Person mentee, int round)
    {
        var from = m.StatusName;
        var (waiting, changed) = await store.TransitionAsync(m, r => MentorshipTransitions.WaitForMentor(r));
        if (waiting!.Status != MentorshipStatus.Waiting)
        {
            return new OfferOutcome(false, waiting.Status);
        }
        await mentors.WaitAsync(m.Id, mentee.Key, mentee.Subsectors);
        if (changed)
        {
            await audit.RecordAsync(MentorshipAudit.Entry(waiting, "NoMentor", round, MentorshipAudit.System, time.GetUtcNow(), from));
        }
        // Told once per request: a wake-up that finds nobody again (another mentee took the place) sends nothing more.
        await ledger.SendOnceAsync(new LedgerKey(m.Id, "no-mentor", 0, MentorshipRoles.Mentee), MentorshipEmails.NoMentor(mentee));
        if (await communities.FindAsync(m.CommunityId) is { } community)
        {
            await ledger.SendOnceAsync(new LedgerKey(m.Id, "no-mentor", 0, "contact"), MentorshipEmails.NoMentorToContact(community, mentee));
        }
        return new OfferOutcome(false, waiting.Status);
    }
}

/// <summary>
/// Settles the offer of a round: an acceptance starts the mentorship in the place held since the offer; a decline
/// or a silence gives the place back and moves on to the next candidate. An answer stored just before the timeout
/// still counts.
/// </summary>
public sealed class SettleOffer(MentorshipStore store, MentorDirectory mentors, AuditLog audit, TimeProvider time,
    ILogger<SettleOffer> log) : TaskActivity<MentorshipStep, Settled>
{
    public override async Task<Settled> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = log.BeginActivity(context);
        var m = await store.RequireAsync(input.MentorshipId);
        if (m.Status != MentorshipStatus.Offered || m.OfferRound != input.Round)
        {
            return new Settled(m.Status == MentorshipStatus.Offered ? MentorshipStatus.Matching : m.Status, []);
        }
        var mentorKey = m.MentorKey!;
        var accepted = m.OfferAnswer == "accept" && await mentors.ReserveAsync(mentorKey, m.Id);
        var now = time.GetUtcNow();
        var (row, changed) = await store.TransitionAsync(m, r => MentorshipTransitions.SettleOffer(r, input.Round, accepted, mentorKey, now));
        // Declined, unanswered, or ended meanwhile: the place held for the offer goes back.
        var waking = row!.Status == MentorshipStatus.Active ? [] : await mentors.FreePlaceAsync(mentorKey, m.Id);
        if (changed)
        {
            var action = accepted ? "Accepted" : m.OfferAnswer switch { "accept" => "MentorFull", "decline" => "Declined", _ => "OfferExpired" };
            await audit.RecordAsync(MentorshipAudit.Entry(row, action, input.Round, mentorKey, time.GetUtcNow(), nameof(MentorshipStatus.Offered)));
        }
        return new Settled(row.Status, waking);
    }
}
