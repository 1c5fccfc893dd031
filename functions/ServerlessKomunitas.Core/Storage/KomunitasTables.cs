namespace ServerlessKomunitas.Storage;

/// <summary>A table the app keeps: named by the store that owns it, declared by its feature with <see cref="StorageFeature.AddTable"/>, with what it holds.</summary>
public sealed record AppTable(TableContents Contents)
{
    public string Name => Contents.Table;
}

/// <summary>
/// The app's tables, each behind the configured name prefix. Which tables exist is what the features declared
/// (<see cref="AppTable"/>): a new feature adds its own without touching this class.
/// </summary>
public sealed class KomunitasTables(TableServiceClient service, IOptions<StorageOptions> options, IEnumerable<AppTable> declared)
{
    readonly string prefix = options.Value.TablePrefix;

    /// <summary>Every declared table's name (without the prefix), for code that walks them all (creation, a breach report).</summary>
    public IReadOnlyList<string> Names { get; } = declared.Select(t => t.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The table named by its owner's <c>TableName</c>.</summary>
    public TableClient Client(string name) => service.GetTableClient(prefix + name);

    /// <summary>Creates every declared table that does not exist yet, in parallel.</summary>
    public Task CreateAllAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(Names.Select(name => Client(name).CreateIfNotExistsAsync(cancellationToken)));

    /// <summary>
    /// Moves every row of partition <paramref name="from"/> to <paramref name="to"/> (changed by <paramref name="change"/>):
    /// written there first, then deleted here, so a run cut short leaves copies that the next run overwrites. Returns how many.
    /// </summary>
    public static async Task<int> MovePartitionAsync(TableClient table, string from, string to, Func<TableEntity, TableEntity>? change = null,
        CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == from, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        var moved = rows.Select(r => new TableEntity(r) { PartitionKey = to, RowKey = r.RowKey, ETag = default }).Select(change ?? (r => r));
        await SubmitInBatchesAsync(table, moved.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), cancellationToken);
        await SubmitInBatchesAsync(table, rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
        return rows.Count;
    }

    /// <summary>
    /// Deletes the rows a filter selects, and a check on the row where the service cannot filter (a key's suffix);
    /// returns how many. For a person's rows scattered over partitions: a scan, for the rare data-rights request.
    /// </summary>
    public static async Task<int> DeleteWhereAsync(TableClient table, string? filter, Func<TableEntity, bool> matches, CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (matches(row))
            {
                await table.DeleteIfExistsAsync(row.PartitionKey, row.RowKey, cancellationToken);
                count++;
            }
        }
        return count;
    }

    /// <summary>Submits one partition's actions in batches within Azure's limits.</summary>
    public static async Task SubmitInBatchesAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(EntityLimits.MaxBatchEntities))
            {
                EntityLimits.CheckBatch(chunk);
                await table.SubmitTransactionAsync(chunk, cancellationToken);
            }
        }
    }
}

public static class TableResponses
{
    public static bool IsConflict(this RequestFailedException e) => e.Status == 409;
    public static bool IsNotFound(this RequestFailedException e) => e.Status == 404;
    public static bool IsPreconditionFailed(this RequestFailedException e) => e.Status == 412;

    /// <summary>Deletes the row whatever its version; a row already gone is what was wanted.</summary>
    public static async Task DeleteIfExistsAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
        }
    }

    /// <summary>Adds the row unless one with its keys exists: true when this call added it, false when it was there first.</summary>
    public static async Task<bool> AddIfAbsentAsync(this TableClient table, ITableEntity entity, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return false;
        }
    }
}
