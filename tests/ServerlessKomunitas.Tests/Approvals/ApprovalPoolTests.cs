using ServerlessKomunitas.Approvals;

namespace ServerlessKomunitas.Tests.Approvals;

/// <summary>The policy rules, as pure evaluation: the orchestrator and the expiry activity both use this.</summary>
public class ApprovalPoolTests
{
    static readonly DateTime T0 = new(2026, 11, 27, 3, 0, 0, DateTimeKind.Utc);

    static ApprovalPool Pool(ApprovalRule rule, int needed, params (string Id, bool Required)[] approvers) =>
        ApprovalPool.Start(new ApprovalPolicy("test", rule, needed, [.. approvers.Select(a => new Approver(a.Id, a.Required))], []));

    static RoundDecision D(string id, ApprovalDecision decision, int second, string? to = null) => new(id, decision, to, T0.AddSeconds(second));

    [Fact]
    public void AnyOf_the_first_decision_counts()
    {
        var pool = Pool(ApprovalRule.AnyOf, 1, ("a", false), ("b", false));

        Assert.Equal((ApprovalOutcome.Pending, null), pool.Evaluate([]));
        Assert.Equal((ApprovalOutcome.Rejected, "b"), pool.Evaluate([D("a", ApprovalDecision.Approve, 2), D("b", ApprovalDecision.Reject, 1)]));
        Assert.Equal((ApprovalOutcome.Approved, "a"), pool.Evaluate([D("a", ApprovalDecision.Approve, 1), D("b", ApprovalDecision.Reject, 2)]));
    }

    [Fact]
    public void AllOf_needs_every_approver_and_one_rejection_rejects()
    {
        var pool = Pool(ApprovalRule.AllOf, 2, ("a", false), ("b", false));

        Assert.Equal(ApprovalOutcome.Pending, pool.Evaluate([D("a", ApprovalDecision.Approve, 1)]).Outcome);
        Assert.Equal((ApprovalOutcome.Approved, "b"), pool.Evaluate([D("a", ApprovalDecision.Approve, 1), D("b", ApprovalDecision.Approve, 2)]));
        Assert.Equal((ApprovalOutcome.Rejected, "b"), pool.Evaluate([D("a", ApprovalDecision.Approve, 1), D("b", ApprovalDecision.Reject, 2)]));
    }

    [Fact]
    public void Quorum_approves_with_enough_approvals_and_rejects_once_it_cannot_be_reached()
    {
        var pool = Pool(ApprovalRule.Quorum, 2, ("a", false), ("b", false), ("c", false));

        Assert.Equal(ApprovalOutcome.Pending, pool.Evaluate([D("a", ApprovalDecision.Reject, 1)]).Outcome);
        Assert.Equal(ApprovalOutcome.Approved, pool.Evaluate([D("a", ApprovalDecision.Reject, 1), D("b", ApprovalDecision.Approve, 2), D("c", ApprovalDecision.Approve, 3)]).Outcome);
        Assert.Equal(ApprovalOutcome.Rejected, pool.Evaluate([D("a", ApprovalDecision.Reject, 1), D("b", ApprovalDecision.Reject, 2)]).Outcome);
    }

    [Fact]
    public void A_required_approver_must_approve_and_their_rejection_ends_the_round_at_once()
    {
        var pool = Pool(ApprovalRule.Quorum, 2, ("a", false), ("b", true), ("c", false));

        Assert.Equal(ApprovalOutcome.Pending, pool.Evaluate([D("a", ApprovalDecision.Approve, 1), D("c", ApprovalDecision.Approve, 2)]).Outcome);
        Assert.Equal(ApprovalOutcome.Approved, pool.Evaluate([D("a", ApprovalDecision.Approve, 1), D("b", ApprovalDecision.Approve, 2)]).Outcome);
        Assert.Equal((ApprovalOutcome.Rejected, "b"), pool.Evaluate([D("b", ApprovalDecision.Reject, 1)]));
    }

    [Fact]
    public void Changes_requested_by_anyone_end_the_round()
    {
        var pool = Pool(ApprovalRule.AllOf, 2, ("a", false), ("b", false));

        Assert.Equal((ApprovalOutcome.ChangesRequested, "b"), pool.Evaluate([D("a", ApprovalDecision.Approve, 1), D("b", ApprovalDecision.RequestChanges, 2)]));
    }

    [Fact]
    public void A_delegate_takes_the_delegators_place_including_being_required()
    {
        var pool = Pool(ApprovalRule.AllOf, 2, ("a", false), ("b", true));
        RoundDecision[] decisions = [D("b", ApprovalDecision.Delegate, 1, to: "x"), D("a", ApprovalDecision.Approve, 2)];

        var delegated = pool.WithDelegations(decisions);

        Assert.Equal(["a", "x"], delegated.Members.Select(m => m.Id));
        Assert.True(delegated.Members.Single(m => m.Id == "x").Required);
        Assert.Equal(ApprovalOutcome.Pending, delegated.Evaluate(decisions).Outcome);
        Assert.Equal((ApprovalOutcome.Approved, "x"), delegated.Evaluate([.. decisions, D("x", ApprovalDecision.Approve, 3)]));
        Assert.Equal(ApprovalOutcome.Rejected, delegated.Evaluate([.. decisions, D("x", ApprovalDecision.Reject, 3)]).Outcome);
    }

    [Fact]
    public void Escalated_approvers_count_and_decisions_already_made_are_kept()
    {
        var pool = Pool(ApprovalRule.AnyOf, 1, ("a", false)).Add(["p"]);

        Assert.Equal(["a", "p"], pool.Members.Select(m => m.Id));
        Assert.Equal((ApprovalOutcome.Approved, "p"), pool.Evaluate([D("p", ApprovalDecision.Approve, 5)]));
    }

    [Fact]
    public void Decisions_of_people_outside_the_round_do_not_count()
    {
        var pool = Pool(ApprovalRule.AnyOf, 1, ("a", false));

        Assert.Equal(ApprovalOutcome.Pending, pool.Evaluate([D("stranger", ApprovalDecision.Approve, 1)]).Outcome);
    }
}
