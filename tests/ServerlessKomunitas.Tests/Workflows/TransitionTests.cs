using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Tests.Workflows;

/// <summary>
/// The transitions classes on their own: each change applies only from the states it names, and a change that does
/// not apply leaves the row exactly as it was (so a repeat, or a race lost to another change, writes nothing).
/// </summary>
public class TransitionTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 6, 2, 0, 0, TimeSpan.Zero);

    public static TheoryData<ProposalStatus, bool> ProposalWithdrawals => new()
    {
        { ProposalStatus.AwaitingConfirmation, true },
        { ProposalStatus.InReview, true },
        { ProposalStatus.ChangesRequested, true },
        { ProposalStatus.Approved, true },
        { ProposalStatus.Confirmed, true },
        { ProposalStatus.Rejected, false },
        { ProposalStatus.Withdrawn, false },
        { ProposalStatus.Expired, false },
        { ProposalStatus.Cancelled, false },
    };

    [Theory]
    [MemberData(nameof(ProposalWithdrawals))]
    public void A_proposal_is_withdrawn_while_open_cancelled_once_confirmed_and_untouched_once_closed(ProposalStatus status, bool applies)
    {
        var p = new Proposal { PartitionKey = "p1", Status = status, StartUtc = Now.AddDays(10) };

        Assert.Equal(applies, ProposalTransitions.WithdrawOrCancel(p, Now));

        Assert.Equal(applies ? (status == ProposalStatus.Confirmed ? ProposalStatus.Cancelled : ProposalStatus.Withdrawn) : status, p.Status);
        Assert.Equal(applies && status == ProposalStatus.Confirmed ? (DateTimeOffset?)Now : null, p.CancelledAt);
        Assert.Equal(applies && status != ProposalStatus.Confirmed ? (DateTimeOffset?)Now : null, p.WithdrawnAt);
    }

    [Fact]
    public void A_confirmed_event_that_has_started_can_no_longer_be_cancelled()
    {
        var p = new Proposal { PartitionKey = "p1", Status = ProposalStatus.Confirmed, StartUtc = Now, Listed = true };

        Assert.False(ProposalTransitions.WithdrawOrCancel(p, Now));
        Assert.Equal(ProposalStatus.Confirmed, p.Status);
        Assert.True(p.Listed);
    }

    [Fact]
    public void An_expiry_applies_only_from_its_state_and_round()
    {
        var stale = new Proposal { PartitionKey = "p1", Status = ProposalStatus.ChangesRequested, ApprovalRound = 2 };
        Assert.False(ProposalTransitions.Expire(stale, ProposalStatus.ChangesRequested, 1, Now));
        Assert.False(ProposalTransitions.Expire(stale, ProposalStatus.Approved, null, Now));
        Assert.Equal(ProposalStatus.ChangesRequested, stale.Status);
        Assert.Null(stale.ExpiredAt);

        Assert.True(ProposalTransitions.Expire(stale, ProposalStatus.ChangesRequested, 2, Now));
        Assert.Equal(ProposalStatus.Expired, stale.Status);
        Assert.Equal(Now, stale.ExpiredAt);
    }

    [Fact]
    public void Confirming_twice_changes_the_proposal_once()
    {
        var p = new Proposal { PartitionKey = "p1", Status = ProposalStatus.AwaitingConfirmation };

        Assert.True(ProposalTransitions.Confirm(p, Now));
        Assert.False(ProposalTransitions.Confirm(p, Now.AddMinutes(5)));

        Assert.Equal(ProposalStatus.InReview, p.Status);
        Assert.Equal(1, p.ApprovalRound);
        Assert.Equal(Now, p.ConfirmedAt);
    }

    [Fact]
    public void A_registration_confirmed_after_its_window_closed_stays_expired()
    {
        var r = new Registration { PartitionKey = "r1", Status = RegistrationStatus.AwaitingConfirmation };

        Assert.True(RegistrationTransitions.ExpireUnconfirmed(r, Now));
        Assert.False(RegistrationTransitions.ConfirmAddress(r, Now.AddSeconds(1)));

        Assert.Equal(RegistrationStatus.Expired, r.Status);
        Assert.Null(r.ConfirmedAt);
    }

    [Fact]
    public void A_declined_offer_excludes_its_mentor_and_an_accepted_one_starts_the_programme()
    {
        var declined = new Mentorship { PartitionKey = "m1", Status = MentorshipStatus.Offered, OfferRound = 2, MentorKey = "mentor-a", Excluded = "mentor-z" };
        Assert.False(MentorshipTransitions.SettleOffer(declined, 1, accepted: false, "mentor-a", Now));
        Assert.True(MentorshipTransitions.SettleOffer(declined, 2, accepted: false, "mentor-a", Now));
        Assert.Equal(MentorshipStatus.Matching, declined.Status);
        Assert.Equal(["mentor-z", "mentor-a"], declined.ExcludedKeys);
        Assert.Null(declined.MentorKey);

        var accepted = new Mentorship { PartitionKey = "m2", Status = MentorshipStatus.Offered, OfferRound = 1, MentorKey = "mentor-b" };
        Assert.True(MentorshipTransitions.SettleOffer(accepted, 1, accepted: true, "mentor-b", Now));
        Assert.Equal(MentorshipStatus.Active, accepted.Status);
        Assert.Equal(Now, accepted.StartedAt);
        Assert.Equal("mentor-b", accepted.MentorKey);
    }

    [Fact]
    public void Only_the_mentor_asked_answers_an_offer_and_only_once()
    {
        var m = new Mentorship { PartitionKey = "m1", Status = MentorshipStatus.Offered, OfferRound = 3, MentorKey = "mentor-a" };

        Assert.False(MentorshipTransitions.AnswerOffer(m, 3, "mentor-b", "accept"));
        Assert.False(MentorshipTransitions.AnswerOffer(m, 2, "mentor-a", "accept"));
        Assert.True(MentorshipTransitions.AnswerOffer(m, 3, "mentor-a", "decline"));
        Assert.False(MentorshipTransitions.AnswerOffer(m, 3, "mentor-a", "accept"));

        Assert.Equal("decline", m.OfferAnswer);
    }

    [Fact]
    public void A_mentorship_that_is_over_cannot_be_ended_again()
    {
        var m = new Mentorship { PartitionKey = "m1", Status = MentorshipStatus.Active };

        Assert.True(MentorshipTransitions.EndEarly(m, MentorshipRoles.Mentee, "pindah kota", Now));
        Assert.False(MentorshipTransitions.EndEarly(m, MentorshipRoles.Mentor, "sibuk", Now.AddDays(1)));

        Assert.Equal(MentorshipStatus.Ended, m.Status);
        Assert.Equal(MentorshipRoles.Mentee, m.EndedBy);
        Assert.Equal("pindah kota", m.EndReason);
        Assert.Equal(Now, m.EndedAt);
    }
}
