namespace ServerlessKomunitas.Proposals;

/// <summary>
/// Every change of a proposal's status, in one place, for the endpoints and the workflow's activities alike. Each one
/// is applied to the row just read inside <see cref="Storage.RecordStore{T}.TransitionAsync"/> (ETag-conditional, read
/// again on conflict), and answers whether it changed anything: false leaves the row as it is, so a repeat or a race
/// lost to another change is a no-op. The review's own steps (a round started, concluded or expired) are the approval
/// engine's, in <see cref="ProposalReviewSubject"/>.
/// </summary>
public static class ProposalTransitions
{
    /// <summary>The contact confirms the proposal made in the community's name: it goes to review, round 1.</summary>
    public static bool Confirm(Proposal p, DateTimeOffset now)
    {
        if (p.Status != ProposalStatus.AwaitingConfirmation)
        {
            return false;
        }
        p.Status = ProposalStatus.InReview;
        p.ApprovalRound = 1;
        p.ConfirmedAt = now;
        return true;
    }

    /// <summary>The contact sends the changes asked for in <paramref name="round"/>: the edited proposal goes to review again, a round later.</summary>
    public static bool Resubmit(Proposal p, int round, NewProposal edited)
    {
        if (p.Status != ProposalStatus.ChangesRequested || p.ApprovalRound != round)
        {
            return false;
        }
        ProposalIntake.Apply(p, edited);
        p.Status = ProposalStatus.InReview;
        p.ApprovalRound = round + 1;
        p.ReviewStartedAt = null;
        p.ReviewOutcome = null;
        p.DecidedAt = null;
        p.DecidedBy = null;
        p.DecisionComment = null;
        return true;
    }

    /// <summary>The contact takes the proposal back: withdrawn while open, cancelled once confirmed (until the event starts).</summary>
    public static bool WithdrawOrCancel(Proposal p, DateTimeOffset now)
    {
        if (!p.IsOpen || (p.Status == ProposalStatus.Confirmed && p.StartUtc <= now))
        {
            return false;
        }
        if (p.Status == ProposalStatus.Confirmed)
        {
            p.Status = ProposalStatus.Cancelled;
            p.CancelledAt = now;
            p.Listed = false;
        }
        else
        {
            p.Status = ProposalStatus.Withdrawn;
            p.WithdrawnAt = now;
        }
        return true;
    }

    /// <summary>The contact confirms the approved event: it is listed in the public calendar.</summary>
    public static bool ConfirmEvent(Proposal p, DateTimeOffset now)
    {
        if (p.Status != ProposalStatus.Approved)
        {
            return false;
        }
        p.Status = ProposalStatus.Confirmed;
        p.EventConfirmedAt = now;
        p.Listed = true;
        return true;
    }

    /// <summary>A wait ran out: from <paramref name="from"/> (in <paramref name="round"/>, when given) to Expired.</summary>
    public static bool Expire(Proposal p, ProposalStatus from, int? round, DateTimeOffset now)
    {
        if (p.Status != from || (round is { } r && p.ApprovalRound != r))
        {
            return false;
        }
        p.Status = ProposalStatus.Expired;
        p.ExpiredAt = now;
        return true;
    }
}
