using Microsoft.DurableTask;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Telemetry;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Mentoring;

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
