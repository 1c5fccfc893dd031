using System.Reflection;
using System.Runtime.Serialization;

namespace ServerlessKomunitas.Storage;

/// <summary>A row read generically (as the approval engine reads any request) turned into its typed record.</summary>
public static class EntityConversion
{
    public static T To<T>(TableEntity row) where T : class, ITableEntity, new()
    {
        var record = new T { PartitionKey = row.PartitionKey, RowKey = row.RowKey, ETag = row.ETag, Timestamp = row.Timestamp };
        foreach (var property in Writable<T>.Properties)
        {
            if (!row.TryGetValue(property.Name, out var value) || value is null)
            {
                continue;
            }
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            property.SetValue(record, value switch
            {
                DateTime dt when type == typeof(DateTimeOffset) => new DateTimeOffset(dt.ToUniversalTime(), TimeSpan.Zero),
                long l when type == typeof(int) => (int)l,
                _ => value,
            });
        }
        return record;
    }

    static class Writable<T>
    {
        public static readonly PropertyInfo[] Properties = typeof(T).GetProperties()
            .Where(p => p.CanWrite && p.GetCustomAttribute<IgnoreDataMemberAttribute>() is null
                && p.Name is not (nameof(ITableEntity.PartitionKey) or nameof(ITableEntity.RowKey) or nameof(ITableEntity.ETag) or nameof(ITableEntity.Timestamp)))
            .ToArray();
    }
}
