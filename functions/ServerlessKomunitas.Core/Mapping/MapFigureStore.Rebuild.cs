namespace ServerlessKomunitas.Mapping;

/// <summary>Every row of the map's table as a rebuild found it before reading the records, with its ETag.</summary>
public sealed class MapTableSnapshot
{
    /// <summary>Each partition's rows by row key: their content (<c>ContentOf</c>) and ETag.</summary>
    internal Dictionary<string, Dictionary<string, (string Content, ETag ETag)>> Partitions { get; } = new(StringComparer.Ordinal);

    internal IReadOnlyDictionary<string, (string Content, ETag ETag)> Of(string partition) =>
        Partitions.TryGetValue(partition, out var rows) ? rows : new Dictionary<string, (string Content, ETag ETag)>();
}

/// <summary>What a rebuild wrote: rows written, deleted and left as they were, and areas a step changed meanwhile (left to the step).</summary>
public sealed record MapRebuildWrites(int Written, int Deleted, int Unchanged, int Busy);

public sealed partial class MapFigureStore
{
    /// <summary>Reads every row; a rebuild does so before it reads the records, so that a step in between makes its write fail, not vanish.</summary>
    public async Task<MapTableSnapshot> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = new MapTableSnapshot();
        foreach (var table in new[] { Table, Sources })
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ne {MarkPartition}"), cancellationToken: cancellationToken))
            {
                var rows = snapshot.Partitions.TryGetValue(row.PartitionKey, out var found) ? found : snapshot.Partitions[row.PartitionKey] = new(StringComparer.Ordinal);
                rows[row.RowKey] = (ContentOf(row), row.ETag);
            }
        }
        return snapshot;
    }

    /// <summary>A row's content as one string, to compare what is with what should be.</summary>
    static string ContentOf(TableEntity row) => string.Join('\n', row.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
        .Order(StringComparer.Ordinal).Select(k => $"{k}={Convert.ToString(row[k], System.Globalization.CultureInfo.InvariantCulture)}"));

    /// <summary>
    /// Makes the table hold exactly what <paramref name="sources"/> add up to: each source's part and placement, each
    /// area's counts, each kab/kota's and province's part one level up. Writes only what differs from
    /// <paramref name="before"/>, each area ETag-conditionally: an area a step changed since is left to that step.
    /// A rebuild of unchanged records writes nothing.
    /// </summary>
    public async Task<MapRebuildWrites> ReplaceAllAsync(MapTableSnapshot before, IReadOnlyDictionary<MapSource, MapContribution> sources, CancellationToken cancellationToken = default)
    {
        var wanted = new Dictionary<string, Dictionary<string, TableEntity>>(StringComparer.Ordinal);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);

        // Each area: its parts, their sum, and a version one higher than before if anything in it changes.
        IReadOnlyDictionary<string, long> Area(string code, IReadOnlyDictionary<string, (long? Version, IReadOnlyDictionary<string, long> Figures)> parts)
        {
            var partition = PartitionOf(code);
            var rows = new List<TableEntity>();
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (key, (partVersion, figures)) in parts)
            {
                MapFigureSets.AddInto(counts, figures);
                rows.Add(PartRow(partition, key, partVersion, figures));
            }
            rows.AddRange(counts.Where(c => c.Value != 0).Select(c => CountRow(partition, c.Key, c.Value)));
            var was = before.Of(partition);
            var hadVersion = was.TryGetValue(VersionRow, out var versionRow);
            var version = hadVersion ? long.Parse(versionRow.Content["Version=".Length..], System.Globalization.CultureInfo.InvariantCulture) : 0;
            var changed = rows.Count != was.Count - (hadVersion ? 1 : 0) || rows.Any(r => !was.TryGetValue(r.RowKey, out var b) || b.Content != ContentOf(r));
            if (changed || hadVersion || rows.Count > 0)
            {
                version += changed ? 1 : 0;
                rows.Add(new TableEntity(partition, VersionRow) { ["Version"] = version });
            }
            versions[code] = version;
            wanted[partition] = rows.ToDictionary(r => r.RowKey, StringComparer.Ordinal);
            return counts;
        }

        // A versioned part that was there stays (empty), so that its version keeps a late step's older figures out.
        Dictionary<string, (long?, IReadOnlyDictionary<string, long>)> Versioned(string parent, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> children)
        {
            var keys = children.Keys.Concat(before.Of(PartitionOf(parent)).Keys.Where(k => k.StartsWith(PartPrefix, StringComparison.Ordinal))
                .Select(k => k[PartPrefix.Length..])).Distinct();
            return keys.ToDictionary(k => k, k => ((long?)versions.GetValueOrDefault(k), children.GetValueOrDefault(k) ?? new Dictionary<string, long>()), StringComparer.Ordinal);
        }

        var byRegency = sources.Where(s => s.Value.Regency.Length > 0).GroupBy(s => s.Value.Regency)
            .ToDictionary(g => g.Key, g => g.ToDictionary(s => s.Key.Key, s => (Version: (long?)null, s.Value.Figures)), StringComparer.Ordinal);
        var knownAreas = before.Partitions.Keys.Where(p => p.StartsWith("regency|", StringComparison.Ordinal) || p.StartsWith("province|", StringComparison.Ordinal))
            .Select(CodeOf).ToHashSet(StringComparer.Ordinal);
        var regencyCounts = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        foreach (var regency in byRegency.Keys.Concat(knownAreas.Where(a => a.Contains('.'))).Distinct())
        {
            regencyCounts[regency] = Area(regency, byRegency.GetValueOrDefault(regency)?.ToDictionary(p => p.Key, p => (p.Value.Version, p.Value.Figures))
                ?? new Dictionary<string, (long?, IReadOnlyDictionary<string, long>)>());
        }
        var provinceParts = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        foreach (var province in regencyCounts.Keys.Select(r => MapMeasures.ParentOf(r)!).Concat(knownAreas.Where(a => a != MapMeasures.Nation && !a.Contains('.'))).Distinct())
        {
            var regencies = regencyCounts.Where(r => MapMeasures.ParentOf(r.Key) == province).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
            var counts = Area(province, Versioned(province, regencies));
            provinceParts[province] = ProvincePart(counts, regencies.Where(r => r.Value.Count > 0));
        }
        Area(MapMeasures.Nation, Versioned(MapMeasures.Nation, provinceParts));
        foreach (var (source, contribution) in sources.Where(s => s.Value.Regency.Length > 0))
        {
            var partition = PlacementPartition(source.Kind);
            (wanted.TryGetValue(partition, out var placements) ? placements : wanted[partition] = new(StringComparer.Ordinal))[source.Id] = SettledRow(source, contribution);
        }

        int written = 0, deleted = 0, unchanged = 0, busy = 0;
        foreach (var partition in wanted.Keys.Concat(before.Partitions.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var actions = new List<TableTransactionAction>();
            var rows = wanted.GetValueOrDefault(partition) ?? [];
            var existing = before.Of(partition);
            // The version row first: a step that changed the area since the snapshot fails the first batch, before anything is written.
            foreach (var row in rows.Values.OrderBy(r => r.RowKey == VersionRow ? 0 : 1))
            {
                if (!existing.TryGetValue(row.RowKey, out var was))
                {
                    actions.Add(new(TableTransactionActionType.Add, row));
                }
                else if (was.Content != ContentOf(row))
                {
                    actions.Add(new(TableTransactionActionType.UpdateReplace, row, was.ETag));
                }
                else
                {
                    unchanged++;
                }
            }
            actions.AddRange(existing.Where(e => !rows.ContainsKey(e.Key))
                .Select(g => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, g.Key), g.Value.ETag)));
            foreach (var chunk in actions.Chunk(EntityLimits.MaxBatchEntities))
            {
                if (!await TrySubmitAsync(TableOf(partition), chunk, cancellationToken))
                {
                    busy++;
                    if (partition.StartsWith("sources|", StringComparison.Ordinal))
                    {
                        continue;
                    }
                    break;
                }
                written += chunk.Count(a => a.ActionType != TableTransactionActionType.Delete);
                deleted += chunk.Count(a => a.ActionType == TableTransactionActionType.Delete);
            }
        }
        return new MapRebuildWrites(written, deleted, unchanged, busy);
    }
}
