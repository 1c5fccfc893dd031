namespace ServerlessKomunitas.Mapping;

/// <summary>
/// The map's aggregates (table <c>MapFigures</c>), kept so that no page counts records when it is read. Two kinds of
/// partition: an area's own figures ("area|63.09": a row per measure and breakdown), and the figures of an area's
/// children side by side ("children|63": a row per kab/kota and headline measure, and per kab/kota and subsector), so
/// that a province's table or the national map is one partition of a few hundred rows. An absent row is zero.
/// </summary>
public sealed class MapFigureStore(KomunitasTables tables)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "MapFigures";

    TableClient Table => tables.Client(TableName);

    static string AreaPartition(string code) => "area|" + code;

    static string ChildrenPartition(string parent) => "children|" + parent;

    /// <summary>One area's figures, by measure and breakdown.</summary>
    public async Task<IReadOnlyDictionary<string, long>> AreaAsync(string code, CancellationToken cancellationToken = default)
    {
        var figures = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {AreaPartition(code)}"),
                           select: ["RowKey", "Count"], cancellationToken: cancellationToken))
        {
            figures[row.RowKey] = row.GetInt64("Count") ?? 0;
        }
        return figures;
    }

    /// <summary>The headline figures and communities per subsector of each child of <paramref name="parent"/> that has any.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>> ChildrenAsync(string parent, CancellationToken cancellationToken = default) =>
        (await ChildrenWhereAsync(TableClient.CreateQueryFilter($"PartitionKey eq {ChildrenPartition(parent)}"), cancellationToken)).GetValueOrDefault(parent)
        ?? new Dictionary<string, IReadOnlyDictionary<string, long>>();

    /// <summary>Every kab/kota's figures, by province: one range query over the provinces' children partitions.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>>> AllRegenciesAsync(
        CancellationToken cancellationToken = default)
    {
        var all = await ChildrenWhereAsync(TableClient.CreateQueryFilter($"PartitionKey gt {ChildrenPartition("")} and PartitionKey lt {ChildrenPartition("~")}"),
            cancellationToken);
        all.Remove(MapMeasures.Nation);
        return all;
    }

    async Task<Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>>> ChildrenWhereAsync(string filter, CancellationToken cancellationToken)
    {
        var byParent = new Dictionary<string, Dictionary<string, Dictionary<string, long>>>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "Count"], cancellationToken: cancellationToken))
        {
            var parent = row.PartitionKey[(row.PartitionKey.IndexOf('|') + 1)..];
            var split = row.RowKey.IndexOf('|');
            var children = byParent.TryGetValue(parent, out var found) ? found : byParent[parent] = new(StringComparer.Ordinal);
            var child = row.RowKey[..split];
            (children.TryGetValue(child, out var figures) ? figures : children[child] = new(StringComparer.Ordinal))[row.RowKey[(split + 1)..]] = row.GetInt64("Count") ?? 0;
        }
        return byParent.ToDictionary(p => p.Key,
            p => (IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>)p.Value.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, long>)c.Value),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Makes the table hold exactly <paramref name="tally"/>'s figures: writes the rows whose count changed, deletes the
    /// rows that are now zero, and leaves the rest, so a rebuild of unchanged records writes nothing.
    /// </summary>
    public async Task<(int Written, int Deleted, int Unchanged)> ReplaceAllAsync(MapTally tally, CancellationToken cancellationToken = default)
    {
        var wanted = RowsOf(tally);
        var existing = new Dictionary<(string, string), long>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ne {MarkPartition}"),
                           select: ["PartitionKey", "RowKey", "Count"], cancellationToken: cancellationToken))
        {
            existing[(row.PartitionKey, row.RowKey)] = row.GetInt64("Count") ?? 0;
        }
        var actions = new List<TableTransactionAction>();
        foreach (var ((partition, rowKey), count) in wanted)
        {
            if (existing.GetValueOrDefault((partition, rowKey)) != count)
            {
                actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(partition, rowKey) { ["Count"] = count }));
            }
        }
        var deleted = existing.Keys.Where(k => !wanted.ContainsKey(k)).ToList();
        actions.AddRange(deleted.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(k.Item1, k.Item2), ETag.All)));
        await KomunitasTables.SubmitInBatchesAsync(Table, actions.OrderBy(a => a.Entity.PartitionKey, StringComparer.Ordinal), cancellationToken);
        return (actions.Count - deleted.Count, deleted.Count, wanted.Count - (actions.Count - deleted.Count));
    }

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

    /// <summary>The rows a tally is stored as: each area's own, and each area's row in its parent's children partition.</summary>
    static Dictionary<(string Partition, string Row), long> RowsOf(MapTally tally)
    {
        var rows = new Dictionary<(string, string), long>();
        foreach (var (area, figures) in tally.Areas)
        {
            var parent = MapMeasures.ParentOf(area);
            foreach (var (measure, count) in figures.Where(f => f.Value != 0))
            {
                rows[(AreaPartition(area), measure)] = count;
                if (parent is not null && (MapMeasures.Headline.Contains(measure) || measure.StartsWith(MapMeasures.Communities + "|", StringComparison.Ordinal)))
                {
                    rows[(ChildrenPartition(parent), $"{area}|{measure}")] = count;
                }
            }
        }
        // A province whose kab/kota cannot all be protected has its total withheld; the national table must know it, and what a reader can tell of it.
        foreach (var regencies in tally.Areas.Where(a => a.Key.Contains('.')).GroupBy(a => MapMeasures.ParentOf(a.Key)!))
        {
            var province = regencies.Key;
            foreach (var measure in MapMeasures.Headline.Where(MapMeasures.CountsPeople))
            {
                var children = regencies.Select(r => new ChildCount(r.Key, r.Value.GetValueOrDefault(measure))).ToList();
                var (cells, totalWithheld) = SmallCountProtection.Protect(children.Sum(c => c.Value), children);
                if (totalWithheld)
                {
                    rows[(ChildrenPartition(MapMeasures.Nation), $"{province}|{MapMeasures.WithheldTotal(measure)}")] = SmallCountProtection.LeastOfWithheldTotal(children, cells);
                }
            }
        }
        return rows;
    }
}

/// <summary>Figures being counted, added to a kab/kota and, with it, to its province and the nation.</summary>
public sealed class MapTally
{
    readonly Dictionary<string, Dictionary<string, long>> areas = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Dictionary<string, long>> Areas => areas;

    /// <summary>The earliest record counted: the start of the figures' temporal coverage.</summary>
    public DateTimeOffset? EarliestRecordAt { get; private set; }

    public void Saw(DateTimeOffset? at)
    {
        if (at is { } seen && (EarliestRecordAt is null || seen < EarliestRecordAt))
        {
            EarliestRecordAt = seen;
        }
    }

    public void Add(string regencyCode, string measure, long count = 1)
    {
        for (string? area = regencyCode; area is not null; area = MapMeasures.ParentOf(area))
        {
            var figures = areas.TryGetValue(area, out var found) ? found : areas[area] = new(StringComparer.Ordinal);
            figures[measure] = figures.GetValueOrDefault(measure) + count;
        }
    }
}
