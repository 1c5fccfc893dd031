using System.Runtime.Serialization;

namespace ServerlessKomunitas.Storage;

/// <summary>The four members Table Storage gives every row; a stored class adds only its own columns.</summary>
public abstract class TableRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
}

/// <summary>
/// A record partitioned by its own random id, in one row of a fixed key, whose state is a status that workflows move
/// through ETag-conditional transitions. The status is stored by name, so that reordering the enum changes no row;
/// a new record starts in the enum's first member.
/// </summary>
public abstract class RecordRow<TStatus> : TableRow where TStatus : struct, Enum
{
    protected RecordRow(string row) => RowKey = row;

    [IgnoreDataMember]
    public string Id => PartitionKey;

    public string StatusName { get; set; } = default(TStatus).ToString();

    [IgnoreDataMember]
    public TStatus Status
    {
        get => Enum.Parse<TStatus>(StatusName);
        set => StatusName = value.ToString();
    }
}
