namespace ServerlessKomunitas.Storage;

/// <summary>
/// Azure's limits, enforced here because Azurite does not: 1 MiB per entity, 64 KiB per string property,
/// 255 properties, and per batch 100 entities, 4 MiB and one partition.
/// </summary>
public static class EntityLimits
{
    public const int MaxEntityBytes = 1024 * 1024;
    public const int MaxStringBytes = 64 * 1024;
    public const int MaxProperties = 252; // 255 including PartitionKey, RowKey and Timestamp
    public const int MaxBatchEntities = 100;
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    public static void Check(ITableEntity entity)
    {
        var properties = entity is TableEntity dynamic ? dynamic.Keys.Count : entity.GetType().GetProperties().Length;
        if (properties > MaxProperties)
        {
            throw new InvalidOperationException($"Entity {entity.PartitionKey}/{entity.RowKey} has {properties} properties; Azure allows {MaxProperties}.");
        }
        var size = EstimatedBytes(entity);
        if (size > MaxEntityBytes)
        {
            throw new InvalidOperationException($"Entity {entity.PartitionKey}/{entity.RowKey} is {size} bytes; Azure allows {MaxEntityBytes}.");
        }
    }

    public static void CheckBatch(IReadOnlyCollection<TableTransactionAction> actions)
    {
        if (actions.Count > MaxBatchEntities)
        {
            throw new InvalidOperationException($"A batch holds at most {MaxBatchEntities} entities; this one has {actions.Count}.");
        }
        if (actions.Select(a => a.Entity.PartitionKey).Distinct().Count() > 1)
        {
            throw new InvalidOperationException("A batch must stay within one partition.");
        }
        var total = 0L;
        foreach (var action in actions)
        {
            Check(action.Entity);
            total += EstimatedBytes(action.Entity);
        }
        if (total > MaxBatchBytes)
        {
            throw new InvalidOperationException($"A batch holds at most {MaxBatchBytes} bytes; this one has about {total}.");
        }
    }

    /// <summary>Azure's own size formula: 4 bytes + keys in UTF-16, and per property 8 bytes + name + value.</summary>
    public static long EstimatedBytes(ITableEntity entity)
    {
        long size = 4 + (entity.PartitionKey.Length + entity.RowKey.Length) * 2;
        foreach (var (name, value) in Properties(entity))
        {
            size += 8 + name.Length * 2 + value switch
            {
                string s => CheckString(name, s),
                byte[] b => 4 + b.Length,
                BinaryData d => 4 + d.ToMemory().Length,
                bool => 1,
                int => 4,
                long or double or DateTimeOffset or DateTime => 8,
                Guid => 16,
                _ => 8,
            };
        }
        return size;
    }

    static long CheckString(string name, string value)
    {
        var bytes = value.Length * 2 + 4;
        if (bytes > MaxStringBytes)
        {
            throw new InvalidOperationException($"Property {name} is {bytes} bytes; Azure allows {MaxStringBytes} per string.");
        }
        return bytes;
    }

    static IEnumerable<(string Name, object? Value)> Properties(ITableEntity entity)
    {
        if (entity is TableEntity dynamic)
        {
            return dynamic.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
                .Select(p => (p.Key, (object?)p.Value));
        }
        return entity.GetType().GetProperties()
            .Where(p => p.Name is not (nameof(ITableEntity.PartitionKey) or nameof(ITableEntity.RowKey) or nameof(ITableEntity.Timestamp) or nameof(ITableEntity.ETag)))
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => (p.Name, p.GetValue(entity)));
    }
}
