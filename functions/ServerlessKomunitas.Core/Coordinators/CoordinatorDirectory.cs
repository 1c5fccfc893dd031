namespace ServerlessKomunitas.Coordinators;

public enum CoordinatorLevel
{
    National,
    Province,
    Regency,
}

/// <summary>A network coordinator who decides for one level. <see cref="Id"/> is what workflows and links carry.</summary>
/// <param name="Phone">E.164, optional: offered as the WhatsApp number when they opt in from their inbox.</param>
public sealed record Coordinator(CoordinatorLevel Level, string RegionCode, string Title, string Name, string Email, string? Phone = null)
{
    public const string NationalRegion = "ID";

    /// <summary>
    /// The key of the person behind the coordinator's address, as a member's key is made: their WhatsApp consent and
    /// messages are theirs, not the region's, and are the same as their member ones if they are a member too.
    /// </summary>
    public string PersonKey => Members.Person.KeyOf(Email);

    public string Id => $"{Level.ToString().ToLowerInvariant()}-{RegionCode}";

    public static bool TryParseId(string id, out CoordinatorLevel level, out string regionCode)
    {
        var dash = id.IndexOf('-');
        regionCode = dash > 0 ? id[(dash + 1)..] : "";
        return Enum.TryParse(dash > 0 ? id[..dash] : "", ignoreCase: true, out level) && TableKey.IsValid(regionCode);
    }
}

/// <summary>
/// Coordinators, keyed by level and region code (seeded; managed by operators later). Lookups are kept for
/// a minute: every registration asks for the same few people, and a change may take that long to show.
/// </summary>
public sealed class CoordinatorDirectory(KomunitasTables tables, TimeProvider time)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Coordinators";

    TableClient Table => tables.Client(TableName);

    static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);
    readonly System.Collections.Concurrent.ConcurrentDictionary<(CoordinatorLevel, string), (Coordinator? Value, DateTimeOffset Until)> cache = new();

    /// <summary>The approver for a community: its province's coordinator, else the national one.</summary>
    public async Task<Coordinator> FindApproverAsync(string provinceCode, CancellationToken cancellationToken = default) =>
        await FindAsync(CoordinatorLevel.Province, provinceCode, cancellationToken)
        ?? await FindAsync(CoordinatorLevel.National, Coordinator.NationalRegion, cancellationToken)
        ?? throw new InvalidOperationException("No national coordinator is configured; load the seeds (`seed --reference-only`).");

    public Task<Coordinator?> FindByIdAsync(string id, CancellationToken cancellationToken = default) =>
        Coordinator.TryParseId(id, out var level, out var region)
            ? FindAsync(level, region, cancellationToken)
            : Task.FromResult<Coordinator?>(null);

    public async Task<Coordinator?> FindAsync(CoordinatorLevel level, string regionCode, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue((level, regionCode), out var kept) && kept.Until > now)
        {
            return kept.Value;
        }
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(
            PartitionOf(level), TableKey.Checked(regionCode), cancellationToken: cancellationToken);
        var coordinator = row.HasValue ? FromEntity(row.Value!) : null;
        cache[(level, regionCode)] = (coordinator, now + KeepFor);
        return coordinator;
    }

    /// <summary>Everyone, national first, then by level and region; for choosing a delegate.</summary>
    public async Task<IReadOnlyList<Coordinator>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<Coordinator>();
        await foreach (var row in Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            all.Add(FromEntity(row));
        }
        return all.OrderBy(c => c.Level).ThenBy(c => c.RegionCode, StringComparer.Ordinal).ToList();
    }

    public async Task SaveAsync(Coordinator coordinator, CancellationToken cancellationToken = default)
    {
        await Table.UpsertEntityAsync(ToEntity(coordinator), TableUpdateMode.Replace, cancellationToken);
        cache.TryRemove((coordinator.Level, coordinator.RegionCode), out _);
    }

    public static string PartitionOf(CoordinatorLevel level) => level.ToString().ToLowerInvariant();

    public static TableEntity ToEntity(Coordinator c) => new(PartitionOf(c.Level), TableKey.Checked(c.RegionCode))
    {
        ["Title"] = c.Title,
        ["Name"] = c.Name,
        ["Email"] = c.Email,
        ["Phone"] = c.Phone,
    };

    static Coordinator FromEntity(TableEntity e) => new(
        Enum.Parse<CoordinatorLevel>(e.PartitionKey, ignoreCase: true), e.RowKey,
        e.GetString("Title"), e.GetString("Name"), e.GetString("Email"), e.GetString("Phone"));
}

public static class CoordinatorZones
{
    /// <summary>The coordinator's own zone: WIB for the national coordinator; a province's or kab/kota's, its province's.</summary>
    public static async Task<IndonesianTimeZone> ZoneOfAsync(this RegionDirectory regions, Coordinator coordinator, CancellationToken cancellationToken = default) =>
        coordinator.Level == CoordinatorLevel.National
            ? IndonesianTimeZone.WIB
            : await regions.ZoneOfAsync(coordinator.RegionCode[..Math.Min(2, coordinator.RegionCode.Length)], cancellationToken);
}
