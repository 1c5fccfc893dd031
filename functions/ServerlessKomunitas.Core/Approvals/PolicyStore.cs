using ServerlessKomunitas.Coordinators;

namespace ServerlessKomunitas.Approvals;

/// <summary>
/// Approval policies as data (table Policies: partition = subject kind, row = scope), and their resolution for
/// one request: the most specific place wins (regency, then province, then national), and within a place the
/// most specific kind ("proposal-workshop" before "proposal"). Roles become concrete coordinators here.
/// </summary>
public sealed class PolicyStore(KomunitasTables tables, CoordinatorDirectory coordinators, TimeProvider time)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Policies";

    TableClient Table => tables.Client(TableName);

    // Every submission resolves a policy; they change rarely, so a lookup is kept for a minute.
    static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);
    readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), (PolicyDefinition? Value, DateTimeOffset Until)> cache = new();

    public const string RegencyRole = "@regency";
    public const string ProvinceRole = "@province";
    public const string NationalRole = "@national";

    public async Task SaveAsync(PolicyDefinition policy, CancellationToken cancellationToken = default)
    {
        await Table.UpsertEntityAsync(ToEntity(policy), TableUpdateMode.Replace, cancellationToken);
        cache.TryRemove((policy.SubjectKind, policy.Scope), out _);
    }

    public async Task<bool> DeleteAsync(string subjectKind, string scope, CancellationToken cancellationToken = default)
    {
        cache.TryRemove((subjectKind, scope), out _);
        return !(await Table.DeleteEntityAsync(TableKey.Checked(subjectKind), TableKey.Checked(scope), cancellationToken: cancellationToken)).IsError;
    }

    public async Task<IReadOnlyList<PolicyDefinition>> ListAsync(CancellationToken cancellationToken = default)
    {
        var policies = new List<PolicyDefinition>();
        await foreach (var row in Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            policies.Add(FromEntity(row));
        }
        return policies;
    }

    public async Task<PolicyDefinition?> FindAsync(string subjectKind, string scope, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue((subjectKind, scope), out var kept) && kept.Until > now)
        {
            return kept.Value;
        }
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(TableKey.Checked(subjectKind), TableKey.Checked(scope), cancellationToken: cancellationToken);
        var policy = row.HasValue ? FromEntity(row.Value!) : null;
        cache[(subjectKind, scope)] = (policy, now + KeepFor);
        return policy;
    }

    /// <summary>The policy in force for a request of <paramref name="kinds"/> (most specific first) in <paramref name="regency"/>.</summary>
    public async Task<ApprovalPolicy> ResolveAsync(IReadOnlyList<string> kinds, Regency regency, CancellationToken cancellationToken = default)
    {
        string[] scopes = [PolicyDefinition.RegencyScope(regency.Code), PolicyDefinition.ProvinceScope(regency.ProvinceCode), PolicyDefinition.National];
        foreach (var scope in scopes)
        {
            foreach (var kind in kinds)
            {
                if (await FindAsync(kind, scope, cancellationToken) is { } definition)
                {
                    return await ConcreteAsync(definition, regency, cancellationToken);
                }
            }
        }
        throw new InvalidOperationException($"No approval policy for {string.Join("/", kinds)}; load the seeds (seed --reference-only).");
    }

    async Task<ApprovalPolicy> ConcreteAsync(PolicyDefinition definition, Regency regency, CancellationToken cancellationToken)
    {
        var approvers = new List<Approver>();
        foreach (var spec in definition.Approvers)
        {
            var coordinator = await CoordinatorForAsync(spec.Approver, regency, cancellationToken);
            if (approvers.FirstOrDefault(a => a.Id == coordinator.Id) is { } existing)
            {
                // One person named twice (a role that fell back to the same coordinator) decides once.
                approvers[approvers.IndexOf(existing)] = existing with { Required = existing.Required || spec.Required };
                continue;
            }
            approvers.Add(new Approver(coordinator.Id, spec.Required));
        }
        var needed = definition.Rule switch
        {
            ApprovalRule.AnyOf => 1,
            ApprovalRule.AllOf => approvers.Count,
            _ => Math.Min(definition.Quorum, approvers.Count),
        };
        return new ApprovalPolicy($"{definition.SubjectKind}/{definition.Scope}", definition.Rule, needed, approvers,
            await EscalationAsync(approvers, regency, cancellationToken));
    }

    /// <summary>The levels above the highest approver: kab/kota, then province, then national.</summary>
    async Task<IReadOnlyList<IReadOnlyList<string>>> EscalationAsync(IReadOnlyList<Approver> approvers, Regency regency, CancellationToken cancellationToken)
    {
        var highest = approvers.Select(a => Coordinator.TryParseId(a.Id, out var level, out _) ? level : CoordinatorLevel.National)
            .DefaultIfEmpty(CoordinatorLevel.National).Min();
        var levels = new List<IReadOnlyList<string>>();
        if (highest == CoordinatorLevel.Regency && await coordinators.FindAsync(CoordinatorLevel.Province, regency.ProvinceCode, cancellationToken) is { } province)
        {
            levels.Add([province.Id]);
        }
        if (highest != CoordinatorLevel.National && await coordinators.FindAsync(CoordinatorLevel.National, Coordinator.NationalRegion, cancellationToken) is { } national)
        {
            levels.Add([national.Id]);
        }
        return levels.Where(level => level.Any(id => approvers.All(a => a.Id != id))).ToList();
    }

    async Task<Coordinator> CoordinatorForAsync(string approver, Regency regency, CancellationToken cancellationToken)
    {
        var found = approver switch
        {
            RegencyRole => await coordinators.FindAsync(CoordinatorLevel.Regency, regency.Code, cancellationToken)
                ?? await coordinators.FindAsync(CoordinatorLevel.Province, regency.ProvinceCode, cancellationToken),
            ProvinceRole => await coordinators.FindAsync(CoordinatorLevel.Province, regency.ProvinceCode, cancellationToken),
            NationalRole => null,
            _ => await coordinators.FindByIdAsync(approver, cancellationToken),
        };
        return found
            ?? await coordinators.FindAsync(CoordinatorLevel.National, Coordinator.NationalRegion, cancellationToken)
            ?? throw new InvalidOperationException("No national coordinator is configured; load the seeds (seed --reference-only).");
    }

    public static TableEntity ToEntity(PolicyDefinition p) => new(TableKey.Checked(p.SubjectKind), TableKey.Checked(p.Scope))
    {
        ["Rule"] = p.Rule.ToString(),
        ["Quorum"] = p.Quorum,
        ["ApproversJson"] = JsonSerializer.Serialize(p.Approvers),
    };

    static PolicyDefinition FromEntity(TableEntity e) => new(e.PartitionKey, e.RowKey, Enum.Parse<ApprovalRule>(e.GetString("Rule")),
        e.GetInt32("Quorum") ?? 1, JsonSerializer.Deserialize<List<ApproverSpec>>(e.GetString("ApproversJson")) ?? []);
}
