namespace ServerlessKomunitas.Mentoring;

/// <summary>
/// Every change of a mentorship's status, in one place, for the endpoints and the workflow's activities alike. Each
/// one is applied to the row just read inside <see cref="Storage.RecordStore{T}.TransitionAsync"/> (ETag-conditional,
/// read again on conflict), and answers whether it changed anything: false leaves the row as it is, so a repeat or a
/// race lost to another change is a no-op.
/// </summary>
public static class MentorshipTransitions
{
    /// <summary>The best mentor left is asked, in offer round <paramref name="round"/>, with the score that chose them.</summary>
    public static bool Offer(Mentorship m, MentorMatch best, int round, DateTimeOffset now)
    {
        if (m.IsOver || m.Status == MentorshipStatus.Active)
        {
            return false;
        }
        m.Status = MentorshipStatus.Offered;
        m.MentorKey = best.Mentor.PersonKey;
        m.OfferRound = round;
        m.OfferedAt = now;
        m.OfferAnswer = null;
        m.ScoreSameCommunity = best.Score.SameCommunity;
        m.ScoreSharedSubsectors = best.Score.SharedSubsectors;
        m.ScoreNearness = best.Score.Nearness.ToString();
        m.ScorePoints = best.Score.Points;
        return true;
    }

    /// <summary>The mentor asked answers the offer (<c>accept</c> or <c>decline</c>), once, from their own link.</summary>
    public static bool AnswerOffer(Mentorship m, int round, string mentorKey, string answer)
    {
        if (m.Status != MentorshipStatus.Offered || m.OfferRound != round || m.MentorKey != mentorKey || m.OfferAnswer is not null)
        {
            return false;
        }
        m.OfferAnswer = answer;
        return true;
    }

    /// <summary>The offer of <paramref name="round"/> is taken back (its mentor can no longer take it): matching goes on.</summary>
    public static bool WithdrawOffer(Mentorship m, int round)
    {
        if (m.Status != MentorshipStatus.Offered || m.OfferRound != round)
        {
            return false;
        }
        m.Status = MentorshipStatus.Matching;
        m.MentorKey = null;
        return true;
    }

    /// <summary>
    /// The offer of <paramref name="round"/> is settled: accepted (with the mentor's place held), the programme starts;
    /// otherwise the mentor is excluded and matching goes on.
    /// </summary>
    public static bool SettleOffer(Mentorship m, int round, bool accepted, string mentorKey, DateTimeOffset now)
    {
        if (m.Status != MentorshipStatus.Offered || m.OfferRound != round)
        {
            return false;
        }
        if (accepted)
        {
            m.Status = MentorshipStatus.Active;
            m.StartedAt = now;
        }
        else
        {
            m.Status = MentorshipStatus.Matching;
            m.Excluded = string.Join(',', m.ExcludedKeys.Append(mentorKey).Distinct());
            m.MentorKey = null;
        }
        return true;
    }

    /// <summary>No mentor fits yet: the request waits for a new one.</summary>
    public static bool WaitForMentor(Mentorship m)
    {
        if (m.Status == MentorshipStatus.Waiting || m.IsOver || m.Status == MentorshipStatus.Active)
        {
            return false;
        }
        m.Status = MentorshipStatus.Waiting;
        m.MentorKey = null;
        return true;
    }

    /// <summary>The programme's check-ins are planned, each side at its own local hour.</summary>
    public static bool PlanCheckIns(Mentorship m, int checkIns, CheckInPlan plan)
    {
        if (m.CheckInsPlanned == checkIns)
        {
            return false;
        }
        m.CheckInsPlanned = checkIns;
        m.MenteePlan = Mentorship.PlanText(plan.MenteeAt);
        m.MentorPlan = Mentorship.PlanText(plan.MentorAt);
        return true;
    }

    /// <summary>The check-ins are over: both sides are asked for feedback.</summary>
    public static bool AskFeedback(Mentorship m)
    {
        if (m.Status != MentorshipStatus.Active)
        {
            return false;
        }
        m.Status = MentorshipStatus.Feedback;
        return true;
    }

    public static bool Complete(Mentorship m, DateTimeOffset now)
    {
        if (m.Status is not (MentorshipStatus.Feedback or MentorshipStatus.Active))
        {
            return false;
        }
        m.Status = MentorshipStatus.Completed;
        m.CompletedAt = now;
        return true;
    }

    /// <summary>Nobody joined in time: the waiting request is closed.</summary>
    public static bool CloseUnmatched(Mentorship m, DateTimeOffset now)
    {
        if (m.Status != MentorshipStatus.Waiting)
        {
            return false;
        }
        m.Status = MentorshipStatus.Unmatched;
        m.EndedAt = now;
        return true;
    }

    /// <summary>One side ends it early, with a reason; false when it was already over.</summary>
    public static bool EndEarly(Mentorship m, string role, string reason, DateTimeOffset at)
    {
        if (m.IsOver)
        {
            return false;
        }
        m.Status = MentorshipStatus.Ended;
        m.EndedAt = at;
        m.EndedBy = role;
        m.EndReason = reason;
        return true;
    }
}
