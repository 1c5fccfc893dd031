namespace ServerlessKomunitas.Mapping;

/// <summary>A kab/kota, province or the nation as its partition holds it: its counts, its version, and the parts read.</summary>
/// <param name="Parts">The figures of each part (source, kab/kota or province) that was read, by its key.</param>
public sealed record AreaFigures(string Code, IReadOnlyDictionary<string, long> Counts, long Version, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Parts);

/// <summary>Where a source was last put on the map (<see cref="MapFigureKeeper"/>).</summary>
/// <param name="Settled">False while a step is putting it there: the figures may not have reached every area yet.</param>
/// <param name="Leaving">While unsettled, the kab/kota where it may have a part, to be emptied unless it counts there now.</param>
public sealed record MapPlacement(MapContribution Contribution, bool Settled, IReadOnlyList<string> Leaving, ETag ETag)
{
    /// <summary>While unsettled: the record changed again since the step putting it started, so that step puts it again.</summary>
    public bool Pending { get; init; }

    /// <summary>While unsettled: when the step putting it started; after <see cref="MapFigureKeeper.Lease"/> another step takes over.</summary>
    public DateTimeOffset? StartedAt { get; init; }
}

/// <summary>
/// The map's aggregates (table <c>MapFigures</c>), kept so that no page counts records when it is read. Each area has
/// one partition ("regency|63.09", "province|63", "nation|ID") with:
/// <list type="bullet">
/// <item>a row per measure and breakdown with its count (an absent row is zero);</item>
/// <item>a part row per thing the area is the sum of, with that thing's figures: each source record for a kab/kota,
/// each kab/kota for a province, each province for the nation (with the markers of its withheld totals);</item>
/// <item>a version row, one more at every change, that a part one level up carries.</item>
/// </list>
/// The counts are always the sum of the parts beside them: a part is written together with the counts' difference in
/// one ETag-conditional batch, so writing the same part again changes nothing, and a retried step counts once. A
/// province's table or the national map is one partition of a few hundred rows.
/// </summary>
public sealed partial class MapFigureStore(KomunitasTables tables)
{
    /// <summary>The table of the figures pages read: provinces and the nation, with each kab/kota's figures as a part of its province.</summary>
    public const string TableName = "MapFigures";

    /// <summary>
    /// The table of what the figures are made of: each kab/kota's partition with its records' parts, and the records'
    /// placements. Apart from <see cref="TableName"/>, so that a page's query never passes over a row per record.
    /// </summary>
    public const string SourcesTableName = "MapSources";

    const string VersionRow = "~version";
    const string PartPrefix = "~~|";
    const int Attempts = 50;

    TableClient Table => tables.Client(TableName);

    TableClient Sources => tables.Client(SourcesTableName);

    /// <summary>The table a partition lives in: a kab/kota's and the placements in <see cref="SourcesTableName"/>, the rest in <see cref="TableName"/>.</summary>
    TableClient TableOf(string partition) =>
        partition.StartsWith("regency|", StringComparison.Ordinal) || partition.StartsWith("sources|", StringComparison.Ordinal) ? Sources : Table;

    /// <summary>The partition of an area: its level, for a range over all provinces, and its code.</summary>
    static string PartitionOf(string code) =>
        (code == MapMeasures.Nation ? "nation|" : code.Contains('.') ? "regency|" : "province|") + code;

    static string CodeOf(string partition) => partition[(partition.IndexOf('|') + 1)..];

    static string PlacementPartition(MapSourceKind kind) => "sources|" + kind.ToString().ToLowerInvariant();

    /// <summary>The member a row names: a person's placement, or their part in a kab/kota; no other row names anyone.</summary>
    public static IEnumerable<PersonReference> PeopleIn(TableEntity row)
    {
        var person = new MapSource(MapSourceKind.Person, "").Key;
        return row.PartitionKey == PlacementPartition(MapSourceKind.Person) ? PersonReference.ByKey(row.RowKey)
            : row.RowKey.StartsWith(PartPrefix + person, StringComparison.Ordinal) ? PersonReference.ByKey(row.RowKey[(PartPrefix.Length + person.Length)..])
            : [];
    }

    /// <summary>One area's figures, by measure and breakdown.</summary>
    public async Task<IReadOnlyDictionary<string, long>> AreaAsync(string code, CancellationToken cancellationToken = default)
    {
        if (code.Contains('.'))
        {
            // A kab/kota's figures as its province holds them: one row, in the table pages read.
            var part = await Table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(MapMeasures.ParentOf(code)!), PartPrefix + code, ["Figures"], cancellationToken);
            return part.HasValue ? MapFigureSets.FromJson(part.Value!.GetString("Figures")) : new Dictionary<string, long>();
        }
        var figures = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(code)} and RowKey lt {"~"}"),
                           select: ["RowKey", "Count"], cancellationToken: cancellationToken))
        {
            figures[row.RowKey] = row.GetInt64("Count") ?? 0;
        }
        return figures;
    }

    /// <summary>The figures of each child of <paramref name="parent"/> (a province's kab/kota, the nation's provinces) that has any.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>> ChildrenAsync(string parent, CancellationToken cancellationToken = default) =>
        (await PartsWhereAsync(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(parent)} and RowKey ge {PartPrefix}"), cancellationToken))
        .GetValueOrDefault(parent) ?? new Dictionary<string, IReadOnlyDictionary<string, long>>();

    /// <summary>Every kab/kota's figures, by province: one range query over the provinces' partitions.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>>> AllRegenciesAsync(
        CancellationToken cancellationToken = default) =>
        await PartsWhereAsync(TableClient.CreateQueryFilter($"PartitionKey gt {"province|"} and PartitionKey lt {"province|~"} and RowKey ge {PartPrefix}"), cancellationToken);

    async Task<Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>>> PartsWhereAsync(string filter, CancellationToken cancellationToken)
    {
        var byParent = new Dictionary<string, Dictionary<string, IReadOnlyDictionary<string, long>>>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "Figures"], cancellationToken: cancellationToken))
        {
            var figures = MapFigureSets.FromJson(row.GetString("Figures"));
            if (figures.Count > 0)
            {
                var parent = CodeOf(row.PartitionKey);
                (byParent.TryGetValue(parent, out var found) ? found : byParent[parent] = new(StringComparer.Ordinal))[row.RowKey[PartPrefix.Length..]] = figures;
            }
        }
        return byParent.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// Makes <paramref name="partKey"/>'s part of area <paramref name="code"/> hold <paramref name="figures"/>, and the
    /// area's counts follow, in one ETag-conditional batch (read again and retried when another step wrote first).
    /// With a <paramref name="partVersion"/> (a kab/kota's or province's own version), a part already at that version
    /// or later is left as it is, so a late step never writes older figures over newer ones. Answers the area as it
    /// now stands, with every part when <paramref name="allParts"/>, else with this part only.
    /// </summary>
    public async Task<AreaFigures> PutPartAsync(string code, string partKey, long? partVersion, IReadOnlyDictionary<string, long> figures, bool allParts,
        CancellationToken cancellationToken = default)
    {
        var partition = PartitionOf(code);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var rows = await ReadPartitionAsync(partition, allParts ? null : PartPrefix + partKey, cancellationToken);
            var counts = rows.Where(r => !r.Key.StartsWith('~')).ToDictionary(r => r.Key, r => r.Value.GetInt64("Count") ?? 0, StringComparer.Ordinal);
            var version = rows.TryGetValue(VersionRow, out var versionRow) ? versionRow.GetInt64("Version") ?? 0 : 0;
            var parts = rows.Where(r => r.Key.StartsWith(PartPrefix, StringComparison.Ordinal))
                .ToDictionary(r => r.Key[PartPrefix.Length..], r => (IReadOnlyDictionary<string, long>)MapFigureSets.FromJson(r.Value.GetString("Figures")), StringComparer.Ordinal);
            rows.TryGetValue(PartPrefix + partKey, out var partRow);
            var old = parts.GetValueOrDefault(partKey) ?? new Dictionary<string, long>();
            var upToDate = partVersion is { } v ? partRow is not null && (partRow.GetInt64("Version") ?? 0) >= v : MapFigureSets.Same(old, figures);
            if (upToDate)
            {
                return new AreaFigures(code, counts, version, parts);
            }

            var difference = new Dictionary<string, long>(StringComparer.Ordinal);
            MapFigureSets.AddInto(difference, figures);
            MapFigureSets.AddInto(difference, old, -1);
            var actions = new List<TableTransactionAction>();
            foreach (var (measure, change) in difference.Where(d => d.Value != 0))
            {
                var count = counts.GetValueOrDefault(measure) + change;
                actions.Add(rows.TryGetValue(measure, out var existing)
                    ? count == 0 ? new(TableTransactionActionType.Delete, existing, existing.ETag) : new(TableTransactionActionType.UpdateReplace, CountRow(partition, measure, count), existing.ETag)
                    : new(TableTransactionActionType.Add, CountRow(partition, measure, count)));
                counts[measure] = count;
            }
            // A versioned part stays when empty, so that its version keeps an older write out; a source's part goes.
            var part = PartRow(partition, partKey, partVersion, figures);
            if (figures.Count == 0 && partVersion is null)
            {
                actions.Add(new(TableTransactionActionType.Delete, partRow!, partRow!.ETag));
            }
            else
            {
                actions.Add(partRow is null ? new(TableTransactionActionType.Add, part) : new(TableTransactionActionType.UpdateReplace, part, partRow.ETag));
            }
            var next = new TableEntity(partition, VersionRow) { ["Version"] = version + 1 };
            actions.Add(versionRow is null ? new(TableTransactionActionType.Add, next) : new(TableTransactionActionType.UpdateReplace, next, versionRow.ETag));
            if (await TrySubmitAsync(TableOf(partition), actions, cancellationToken))
            {
                parts[partKey] = figures;
                return new AreaFigures(code, counts.Where(c => c.Value != 0).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal), version + 1, parts);
            }
            await Task.Delay(Random.Shared.Next(5, 25 + attempt * 5), cancellationToken);
        }
        throw new InvalidOperationException($"The map's figures of {code} kept changing; giving up after {Attempts} attempts.");
    }

    static TableEntity CountRow(string partition, string measure, long count) => new(partition, measure) { ["Count"] = count };

    static TableEntity PartRow(string partition, string partKey, long? version, IReadOnlyDictionary<string, long> figures) =>
        new(partition, PartPrefix + partKey) { ["Version"] = version ?? 0, ["Figures"] = MapFigureSets.ToJson(figures) };

    async Task<Dictionary<string, TableEntity>> ReadPartitionAsync(string partition, string? onlyPart, CancellationToken cancellationToken)
    {
        var filter = onlyPart is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and (RowKey lt {PartPrefix} or RowKey eq {onlyPart})");
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in TableOf(partition).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows[row.RowKey] = row;
        }
        return rows;
    }

    static async Task<bool> TrySubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        if (actions.Count > EntityLimits.MaxBatchEntities)
        {
            // Only a rebuild moves this many figures at once; a step changes a few.
            throw new InvalidOperationException($"A change of {actions.Count} map figures does not fit one batch; the rebuild job writes such changes.");
        }
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict() || e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }

    /// <summary>Where <paramref name="source"/> was last put, or null if it counts nowhere.</summary>
    public async Task<MapPlacement?> PlacementAsync(MapSource source, CancellationToken cancellationToken = default) =>
        (await Sources.GetEntityIfExistsAsync<TableEntity>(PlacementPartition(source.Kind), source.Id, cancellationToken: cancellationToken)) is { HasValue: true, Value: { } row }
            ? PlacementOf(row)
            : null;

    static MapPlacement PlacementOf(TableEntity row) =>
        new(new MapContribution(row.GetString("Regency") ?? "", MapFigureSets.FromJson(row.GetString("Figures"))), row.GetBoolean("Settled") ?? false,
            (row.GetString("Leaving") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), row.ETag)
        {
            Pending = row.GetBoolean("Pending") ?? false,
            StartedAt = row.GetDateTimeOffset("StartedAt"),
        };

    /// <summary>
    /// Claims the putting of <paramref name="source"/>'s figures, if the placement is still as <paramref name="current"/>
    /// read it (absent for null): unsettled, no change pending, the kab/kota where it may have a part listed in
    /// <paramref name="leaving"/>. Answers the row's new ETag, or null if another step wrote first.
    /// </summary>
    public async Task<ETag?> TryStartAsync(MapSource source, MapPlacement? current, IReadOnlyCollection<string> leaving, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        var row = new TableEntity(PlacementPartition(source.Kind), source.Id)
        {
            ["Regency"] = current?.Contribution.Regency ?? "", ["Figures"] = MapFigureSets.ToJson(current?.Contribution.Figures ?? new Dictionary<string, long>()),
            ["Settled"] = false, ["Pending"] = false, ["Leaving"] = string.Join(',', leaving), ["StartedAt"] = now,
        };
        try
        {
            var response = current is null ? await Sources.AddEntityAsync(row, cancellationToken) : await Sources.UpdateEntityAsync(row, current.ETag, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.IsConflict() || e.IsPreconditionFailed() || e.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>Tells the step putting <paramref name="source"/>'s figures that its record changed again; false if the placement changed first.</summary>
    public async Task<bool> TryMarkPendingAsync(MapSource source, ETag current, CancellationToken cancellationToken = default)
    {
        try
        {
            await Sources.UpdateEntityAsync(new TableEntity(PlacementPartition(source.Kind), source.Id) { ["Pending"] = true }, current, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }

    /// <summary>
    /// Records where <paramref name="source"/> now counts and marks it settled (or removes its row when it counts
    /// nowhere), if nobody wrote the placement since <paramref name="started"/>: a change marked meanwhile fails it.
    /// </summary>
    public async Task<bool> TrySettleAsync(MapSource source, MapContribution contribution, ETag started, CancellationToken cancellationToken = default)
    {
        try
        {
            if (contribution.Regency.Length == 0)
            {
                await Sources.DeleteEntityAsync(PlacementPartition(source.Kind), source.Id, started, cancellationToken);
            }
            else
            {
                await Sources.UpdateEntityAsync(SettledRow(source, contribution), started, TableUpdateMode.Replace, cancellationToken);
            }
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }

    /// <summary>A settled placement, as a step leaves it and as the rebuild writes it.</summary>
    static TableEntity SettledRow(MapSource source, MapContribution contribution) => new(PlacementPartition(source.Kind), source.Id)
    {
        ["Regency"] = contribution.Regency, ["Figures"] = MapFigureSets.ToJson(contribution.Figures), ["Settled"] = true,
    };

    const string MarkPartition = "meta";
    const string MarkRow = "rebuild";

    /// <summary>When the figures were last rebuilt, for the catalogue; null before the first rebuild.</summary>
    public async Task<MapRebuildMark?> MarkAsync(CancellationToken cancellationToken = default) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>(MarkPartition, MarkRow, cancellationToken: cancellationToken)) is { HasValue: true, Value: { } row }
            ? new MapRebuildMark(row.GetDateTimeOffset(nameof(MapRebuildMark.RebuiltAt)) ?? DateTimeOffset.MinValue, row.GetDateTimeOffset(nameof(MapRebuildMark.EarliestRecordAt)))
            : null;

    public Task MarkAsync(MapRebuildMark mark, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(new TableEntity(MarkPartition, MarkRow)
        {
            [nameof(MapRebuildMark.RebuiltAt)] = mark.RebuiltAt,
            [nameof(MapRebuildMark.EarliestRecordAt)] = mark.EarliestRecordAt,
        }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>
    /// A province's part in the nation: its counts, and for each count of people whose kab/kota cannot all be
    /// protected, the marker that its total is withheld and what a reader can tell of it (see <see cref="SmallCountProtection"/>).
    /// </summary>
    public static Dictionary<string, long> ProvincePart(IReadOnlyDictionary<string, long> counts, IEnumerable<KeyValuePair<string, IReadOnlyDictionary<string, long>>> regencies)
    {
        var part = counts.Where(c => c.Value != 0).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        var nonEmpty = regencies.Where(r => r.Value.Any(f => f.Value != 0)).ToList();
        foreach (var measure in MapMeasures.Headline.Where(MapMeasures.CountsPeople))
        {
            var children = nonEmpty.Select(r => new ChildCount(r.Key, r.Value.GetValueOrDefault(measure))).ToList();
            var (cells, totalWithheld) = SmallCountProtection.Protect(children.Sum(c => c.Value), children);
            if (totalWithheld)
            {
                part[MapMeasures.WithheldTotal(measure)] = SmallCountProtection.LeastOfWithheldTotal(children, cells);
            }
        }
        return part;
    }
}
