using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace ServerlessKomunitas.Storage;

/// <summary>
/// Deduplication as a claim, not a check: the first writer of a key's row owns it, and everyone after
/// gets the owner's id. Keys are hashes, so no email address or title ever becomes a table key.
/// </summary>
public sealed class Claims(KomunitasTables tables, TimeProvider time)
{
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
            await tables.Claims.AddEntityAsync(entity, cancellationToken);
            return new Outcome(targetId, IsNew: true);
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            var existing = await tables.Claims.GetEntityAsync<TableEntity>(key, Row, cancellationToken: cancellationToken);
            return new Outcome(existing.Value.GetString("TargetId"), IsNew: false);
        }
    }

    /// <summary>Points a claim made for a record that will not be created at the record that exists.</summary>
    public async Task RepointAsync(string key, string targetId, CancellationToken cancellationToken = default) =>
        await tables.Claims.UpsertEntityAsync(
            new TableEntity(TableKey.Checked(key), Row) { ["TargetId"] = targetId, ["ClaimedAt"] = time.GetUtcNow() },
            TableUpdateMode.Replace, cancellationToken);
}
