namespace ServerlessKomunitas.Storage;

/// <summary>
/// Rows of one aggregate, one per partition (its random id) under a fixed row key. Every change of state is
/// ETag-conditional: a transition re-reads and tries again when somebody else wrote first. After every write, and
/// every transition that found nothing to change, <paramref name="changes"/> is told (see <see cref="IRecordChangeObserver"/>).
/// </summary>
public abstract class RecordStore<T>(KomunitasTables tables, string tableName, string rowKey, IRecordChangeObserver? changes) where T : class, ITableEntity
{
    readonly TableClient table = tables.Client(tableName);

    public TableClient Table => table;

    /// <summary>The record a workflow step works on; it exists, or the workflow was started wrongly.</summary>
    public async Task<T> RequireAsync(string id) => await FindAsync(id) ?? throw new InvalidOperationException($"{typeof(T).Name} {id} does not exist.");

    public async Task<T?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!RecordId.IsWellFormed(id))
        {
            return null;
        }
        var row = await table.GetEntityIfExistsAsync<T>(id, rowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>The records whose <paramref name="column"/> (a property name from code) equals the value: a scan, for rare requests such as a person's data rights.</summary>
    public async Task<IReadOnlyList<T>> WhereEqualAsync(string column, string value, CancellationToken cancellationToken = default)
    {
        var rows = new List<T>();
        await foreach (var row in table.QueryAsync<T>(TableClient.CreateQueryFilter($"RowKey eq {rowKey}") + $" and {column}" + TableClient.CreateQueryFilter($" eq {value}"),
                           cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Adds the row; false if a row with this id already exists (a retried or repaired submission).</summary>
    public async Task<bool> TryAddAsync(T record, CancellationToken cancellationToken = default)
    {
        EntityLimits.Check(record);
        var added = await table.AddIfAbsentAsync(record, cancellationToken);
        await ChangedAsync(record.PartitionKey, cancellationToken);
        return added;
    }

    /// <summary>Writes a changed row only if nobody changed it since it was read; false if somebody did.</summary>
    public async Task<bool> TryReplaceAsync(T record, CancellationToken cancellationToken = default)
    {
        var replaced = await ReplaceAsync(record, cancellationToken);
        await ChangedAsync(record.PartitionKey, cancellationToken);
        return replaced;
    }

    /// <summary>Tells the observer that the record in <paramref name="partitionKey"/> was written or asked to be.</summary>
    protected Task ChangedAsync(string partitionKey, CancellationToken cancellationToken) =>
        changes?.RecordChangedAsync(tableName, partitionKey, cancellationToken) ?? Task.CompletedTask;

    async Task<bool> ReplaceAsync(T record, CancellationToken cancellationToken)
    {
        EntityLimits.Check(record);
        try
        {
            var response = await table.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, cancellationToken);
            record.ETag = response.Headers.ETag ?? record.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current row and writes it ETag-conditionally, re-reading and trying
    /// again if somebody else wrote first. <paramref name="change"/> returns false to leave the row as it is.
    /// </summary>
    public Task<(T? Row, bool Changed)> TransitionAsync(string id, Func<T, bool> change, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, null, change, cancellationToken);

    /// <summary>The same, starting from a row the caller has just read, so that the common case reads nothing twice.</summary>
    public Task<(T? Row, bool Changed)> TransitionAsync(T current, Func<T, bool> change, CancellationToken cancellationToken = default) =>
        TransitionAsync(current.PartitionKey, current, change, cancellationToken);

    async Task<(T? Row, bool Changed)> TransitionAsync(string id, T? current, Func<T, bool> change, CancellationToken cancellationToken)
    {
        var result = await TransitionOnceAsync(id, current, change, cancellationToken);
        if (result.Row is not null)
        {
            await ChangedAsync(id, cancellationToken);
        }
        return result;
    }

    async Task<(T? Row, bool Changed)> TransitionOnceAsync(string id, T? current, Func<T, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var row = attempt == 0 && current is not null ? current : await FindAsync(id, cancellationToken);
            if (row is null || !change(row))
            {
                return (row, false);
            }
            if (await ReplaceAsync(row, cancellationToken))
            {
                return (row, true);
            }
        }
        throw new InvalidOperationException($"{typeof(T).Name} {id} kept changing under a transition; giving up after 10 attempts.");
    }
}
