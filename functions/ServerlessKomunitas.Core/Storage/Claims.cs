using System.Security.Cryptography;

namespace ServerlessKomunitas.Storage;

/// <summary>
/// Deduplication as a claim, not a check: the first writer of a key's row owns it, and everyone after
/// gets the owner's id. Keys are hashes, so no email address or title ever becomes a table key.
/// </summary>
public sealed class Claims(KomunitasTables tables, TimeProvider time)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Claims";

    TableClient Table => tables.Client(TableName);

    const string Row = "claim";

    public sealed record Outcome(string TargetId, bool IsNew);

    public static string KeyOf(string kind, string naturalKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + naturalKey)))[..40];

    /// <summary>Claims <paramref name="key"/> for <paramref name="targetId"/>, or returns who already holds it.</summary>
    public async Task<Outcome> ClaimAsync(string key, string targetId, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(TableKey.Checked(key), Row) { ["TargetId"] = targetId, ["ClaimedAt"] = time.GetUtcNow() };
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken);
            return new Outcome(targetId, IsNew: true);
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            var existing = await Table.GetEntityAsync<TableEntity>(key, Row, cancellationToken: cancellationToken);
            return new Outcome(existing.Value.GetString("TargetId"), IsNew: false);
        }
    }

    /// <summary>
    /// Claims a record's natural key and, when the client named its request, the request too: a retry with the same
    /// Idempotency-Key returns the first answer even if its content differs.
    /// </summary>
    public async Task<Outcome> ClaimAsync(string kind, string naturalKey, string? idempotencyKey, string candidateId, CancellationToken cancellationToken = default)
    {
        var byContent = KeyOf(kind, naturalKey);
        if (idempotencyKey is null)
        {
            return await ClaimAsync(byContent, candidateId, cancellationToken);
        }
        var byRequestKey = KeyOf($"idempotency-{kind}", idempotencyKey);
        var byRequest = await ClaimAsync(byRequestKey, candidateId, cancellationToken);
        if (!byRequest.IsNew)
        {
            return byRequest;
        }
        var outcome = await ClaimAsync(byContent, candidateId, cancellationToken);
        if (!outcome.IsNew)
        {
            await RepointAsync(byRequestKey, outcome.TargetId, cancellationToken);
        }
        return outcome;
    }

    /// <summary>Points a claim made for a record that will not be created at the record that exists.</summary>
    public async Task RepointAsync(string key, string targetId, CancellationToken cancellationToken = default) =>
        await Table.UpsertEntityAsync(
            new TableEntity(TableKey.Checked(key), Row) { ["TargetId"] = targetId, ["ClaimedAt"] = time.GetUtcNow() },
            TableUpdateMode.Replace, cancellationToken);
}
