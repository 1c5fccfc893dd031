namespace ServerlessKomunitas.Approvals;

/// <summary>How the approvers' decisions combine.</summary>
public enum ApprovalRule
{
    /// <summary>The first decision counts.</summary>
    AnyOf,

    /// <summary>Every approver must approve; one rejection rejects.</summary>
    AllOf,

    /// <summary>At least n approvals; rejected as soon as n can no longer be reached.</summary>
    Quorum,
}

/// <summary>An approver in a policy: a coordinator id ("province-35") or a role relative to the request's place ("@regency", "@province", "@national").</summary>
public sealed record ApproverSpec(string Approver, bool Required = false);

/// <summary>
/// A policy as stored: for one kind of request (<see cref="SubjectKind"/>, such as "registration" or "proposal-workshop")
/// at one place (<see cref="Scope"/>: "national", "province-35" or "regency-35.73").
/// </summary>
public sealed record PolicyDefinition(string SubjectKind, string Scope, ApprovalRule Rule, int Quorum, IReadOnlyList<ApproverSpec> Approvers)
{
    public const string National = "national";

    public static string ProvinceScope(string provinceCode) => $"province-{provinceCode}";

    public static string RegencyScope(string regencyCode) => $"regency-{regencyCode}";
}

/// <summary>One concrete approver of a request, by coordinator id.</summary>
public sealed record Approver(string Id, bool Required);

/// <summary>
/// The policy in force for one request, resolved to concrete coordinators at submission and copied into the
/// workflow's input, so that editing a policy later does not change requests already in review. Ids only.
/// </summary>
public sealed record ApprovalPolicy(string PolicyKey, ApprovalRule Rule, int Needed, IReadOnlyList<Approver> Approvers, IReadOnlyList<IReadOnlyList<string>> EscalationLevels);

public enum ApprovalDecision
{
    Approve,
    Reject,
    RequestChanges,
    Delegate,
}

public enum ApprovalOutcome
{
    Pending,
    Approved,
    Rejected,
    ChangesRequested,
}

/// <summary>One approver's decision in one round. <see cref="DelegateTo"/> names the coordinator a delegation hands over to.</summary>
public sealed record RoundDecision(string ApproverId, ApprovalDecision Decision, string? DelegateTo, DateTime At);

/// <summary>
/// The approvers of one round as they stand: the policy's, plus those added by escalation, with delegations
/// applied. Pure and deterministic, so the orchestrator and the activities evaluate it the same way.
/// </summary>
public sealed record ApprovalPool(ApprovalPolicy Policy, IReadOnlyList<Approver> Members)
{
    public static ApprovalPool Start(ApprovalPolicy policy) => new(policy, policy.Approvers);

    public ApprovalPool Add(IEnumerable<string> approverIds) =>
        this with { Members = [.. Members, .. approverIds.Where(id => Members.All(m => m.Id != id)).Select(id => new Approver(id, false))] };

    /// <summary>The delegate takes the delegator's place, including whether their decision is required.</summary>
    public ApprovalPool Delegate(string from, string to) =>
        Members.Any(m => m.Id == to)
            ? this with { Members = [.. Members.Where(m => m.Id != from)] }
            : this with { Members = [.. Members.Select(m => m.Id == from ? new Approver(to, m.Required) : m)] };

    /// <summary>Replays delegations in order, so that a pool can be rebuilt from the stored decisions alone.</summary>
    public ApprovalPool WithDelegations(IEnumerable<RoundDecision> decisions) =>
        decisions.Where(d => d.Decision == ApprovalDecision.Delegate && d.DelegateTo is not null)
            .OrderBy(d => d.At)
            .Aggregate(this, (pool, d) => pool.Members.Any(m => m.Id == d.ApproverId) ? pool.Delegate(d.ApproverId, d.DelegateTo!) : pool);

    public IEnumerable<string> Pending(IEnumerable<RoundDecision> decisions)
    {
        var decided = decisions.Where(d => d.Decision != ApprovalDecision.Delegate).Select(d => d.ApproverId).ToHashSet();
        return Members.Where(m => !decided.Contains(m.Id)).Select(m => m.Id);
    }

    /// <summary>
    /// The round's outcome so far. Changes requested by anyone end the round. A rejection by a required approver
    /// rejects. AnyOf: the first decision counts. AllOf: one rejection rejects. Quorum (and AllOf, whose quorum is
    /// every original approver): approved with enough approvals and every required approver's; rejected once
    /// enough approvals can no longer come.
    /// </summary>
    public (ApprovalOutcome Outcome, string? DecidedBy) Evaluate(IEnumerable<RoundDecision> decisions)
    {
        var members = Members.ToDictionary(m => m.Id);
        var counted = decisions.Where(d => d.Decision != ApprovalDecision.Delegate && members.ContainsKey(d.ApproverId))
            .OrderBy(d => d.At).ToList();

        if (counted.FirstOrDefault(d => d.Decision == ApprovalDecision.RequestChanges) is { } changes)
        {
            return (ApprovalOutcome.ChangesRequested, changes.ApproverId);
        }
        if (counted.FirstOrDefault(d => d.Decision == ApprovalDecision.Reject && members[d.ApproverId].Required) is { } veto)
        {
            return (ApprovalOutcome.Rejected, veto.ApproverId);
        }
        if (Policy.Rule == ApprovalRule.AnyOf && counted.Count > 0)
        {
            var first = counted[0];
            return (first.Decision == ApprovalDecision.Approve ? ApprovalOutcome.Approved : ApprovalOutcome.Rejected, first.ApproverId);
        }
        if (Policy.Rule == ApprovalRule.AllOf && counted.FirstOrDefault(d => d.Decision == ApprovalDecision.Reject) is { } rejection)
        {
            return (ApprovalOutcome.Rejected, rejection.ApproverId);
        }

        var approvals = counted.Where(d => d.Decision == ApprovalDecision.Approve).ToList();
        var pending = Pending(counted).Count();
        var requiredApproved = Members.Where(m => m.Required).All(m => approvals.Any(a => a.ApproverId == m.Id));
        if (approvals.Count >= Policy.Needed && requiredApproved)
        {
            return (ApprovalOutcome.Approved, approvals[^1].ApproverId);
        }
        if (approvals.Count + pending < Policy.Needed)
        {
            return (ApprovalOutcome.Rejected, counted.LastOrDefault()?.ApproverId);
        }
        return (ApprovalOutcome.Pending, null);
    }
}
