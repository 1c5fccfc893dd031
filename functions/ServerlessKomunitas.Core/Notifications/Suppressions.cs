namespace ServerlessKomunitas.Notifications;

/// <summary>
/// Addresses that bounced, were dropped or reported spam, keyed by a hash of the normalized address (members or
/// not: a community contact can bounce too). Nothing is sent to a suppressed address until it confirms itself again.
/// </summary>
public sealed class Suppressions(KomunitasTables tables)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Suppressions";

    TableClient Table => tables.Client(TableName);

    const string Row = "suppression";

    public static string KeyOf(string email) => RecordId.FromSeed("address\n" + email.Trim().ToLowerInvariant());

    public async Task<bool> IsSuppressedAsync(string email, CancellationToken cancellationToken = default) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>(KeyOf(email), Row, cancellationToken: cancellationToken)).HasValue;

    /// <summary>Suppresses the address; a repeat keeps the first reason and time.</summary>
    public Task SuppressAsync(string email, string reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Table.AddIfAbsentAsync(new TableEntity(KeyOf(email), Row) { ["Reason"] = reason, ["At"] = at }, cancellationToken);

    /// <summary>Every suppressed address's key: a job over many people reads them once instead of one lookup per person.</summary>
    public async Task<HashSet<string>> AllKeysAsync(CancellationToken cancellationToken = default)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            keys.Add(row.PartitionKey);
        }
        return keys;
    }

    public async Task LiftAsync(string email, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.DeleteEntityAsync(KeyOf(email), Row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
        }
    }
}
