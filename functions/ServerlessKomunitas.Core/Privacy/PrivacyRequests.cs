using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Privacy;

public enum RightsRequestKind
{
    Withdrawal,
    Erasure,
}

/// <summary>
/// A withdrawal or an erasure not yet carried out to the end. It holds the address until then, because an erasure
/// deletes the person row that held it, and a run cut short must be able to finish. <see cref="LogId"/> is drawn at
/// random when the request is opened: it names the erasure log entry and is the pseudonym in the audit.
/// </summary>
public sealed record OpenRightsRequest(RightsRequestKind Kind, string PersonKey, string Email, string Name, IndonesianTimeZone Zone, string LogId, DateTimeOffset RequestedAt)
{
    /// <summary>UU PDP's deadline: 3 × 24 hours.</summary>
    public DateTimeOffset DueBy => RequestedAt.AddHours(72);

    public string Pseudonym => "erased-" + LogId;
}

/// <summary>One carried-out request, with no personal data: what was done, when it was asked, when it was done, and how many rows.</summary>
public sealed record RightsLogEntry(string LogId, RightsRequestKind Kind, DateTimeOffset RequestedAt, DateTimeOffset CompletedAt, DateTimeOffset DueBy, string Counts);

/// <summary>
/// Open data-rights requests (partition "open", one per kind and person) and the log of those carried out (partition
/// "log", keyed by the request's random id). Closing writes the log entry first, so a run cut short between the two
/// writes finishes by writing the same entry again.
/// </summary>
public sealed class PrivacyRequests(KomunitasTables tables)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "PrivacyRequests";

    const string OpenPartition = "open";
    const string LogPartition = "log";

    TableClient Table => tables.Client(TableName);

    /// <summary>Opens the request, or returns the one already open for this kind and person (the first time asked is kept).</summary>
    public async Task<OpenRightsRequest> OpenAsync(RightsRequestKind kind, Person person, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var request = new OpenRightsRequest(kind, person.Key, person.Email, person.Name, person.TimeZone, Guid.NewGuid().ToString("N"), now);
        try
        {
            await Table.AddEntityAsync(ToEntity(request), cancellationToken);
            return request;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            var existing = await Table.GetEntityAsync<TableEntity>(OpenPartition, RowOf(kind, person.Key), cancellationToken: cancellationToken);
            return FromEntity(existing.Value);
        }
    }

    /// <summary>Requests opened before <paramref name="before"/> and not yet closed: a run that was cut short.</summary>
    public async Task<IReadOnlyList<OpenRightsRequest>> OpenBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var open = new List<OpenRightsRequest>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition} and RequestedAt lt {before}"), cancellationToken: cancellationToken))
        {
            open.Add(FromEntity(row));
        }
        return open;
    }

    public async Task CloseAsync(OpenRightsRequest request, DateTimeOffset completedAt, string counts, CancellationToken cancellationToken = default)
    {
        // A log row already there was written by a run that stopped before removing the open request.
        await Table.AddIfAbsentAsync(new TableEntity(LogPartition, request.LogId)
        {
            ["Kind"] = request.Kind.ToString(),
            ["RequestedAt"] = request.RequestedAt,
            ["CompletedAt"] = completedAt,
            ["DueBy"] = request.DueBy,
            ["Counts"] = counts,
        }, cancellationToken);
        await Table.DeleteIfExistsAsync(OpenPartition, RowOf(request.Kind, request.PersonKey), cancellationToken);
    }

    public async Task<IReadOnlyList<RightsLogEntry>> LogAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var entries = new List<RightsLogEntry>();
        await foreach (var row in Table.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {LogPartition} and RequestedAt ge {from} and RequestedAt lt {to}"), cancellationToken: cancellationToken))
        {
            entries.Add(new RightsLogEntry(row.RowKey, Enum.Parse<RightsRequestKind>(row.GetString("Kind")), row.GetDateTimeOffset("RequestedAt") ?? default,
                row.GetDateTimeOffset("CompletedAt") ?? default, row.GetDateTimeOffset("DueBy") ?? default, row.GetString("Counts") ?? ""));
        }
        return entries.OrderBy(e => e.RequestedAt).ToList();
    }

    static string RowOf(RightsRequestKind kind, string personKey) => $"{kind}-{TableKey.Checked(personKey)}";

    static TableEntity ToEntity(OpenRightsRequest r) => new(OpenPartition, RowOf(r.Kind, r.PersonKey))
    {
        ["Kind"] = r.Kind.ToString(),
        ["PersonKey"] = r.PersonKey,
        ["Email"] = r.Email,
        ["Name"] = r.Name,
        ["Zone"] = r.Zone.ToString(),
        ["LogId"] = r.LogId,
        ["RequestedAt"] = r.RequestedAt,
    };

    static OpenRightsRequest FromEntity(TableEntity e) => new(Enum.Parse<RightsRequestKind>(e.GetString("Kind")), e.GetString("PersonKey"),
        e.GetString("Email"), e.GetString("Name"), Enum.Parse<IndonesianTimeZone>(e.GetString("Zone")), e.GetString("LogId"), e.GetDateTimeOffset("RequestedAt") ?? default);
}
