using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ServerlessKomunitas.Storage;

namespace ServerlessKomunitas.Abuse;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Confirmation emails one address may receive per day (UTC), across all registrations.</summary>
    public int ConfirmationEmailsPerAddressPerDay { get; set; } = 3;

    /// <summary>Submissions one client address may make per hour.</summary>
    public int SubmissionsPerClientPerHour { get; set; } = 30;

    /// <summary>Read the client from X-Forwarded-For (set by Azure's front ends); off where clients can set it.</summary>
    public bool TrustForwardedFor { get; set; }
}

/// <summary>
/// Fixed-window counters in Table Storage, so that every instance of a scaled-out app sees the same count.
/// Each increment is ETag-conditional, so concurrent requests never both take the last slot.
/// </summary>
public sealed class RateLimiter(KomunitasTables tables, TimeProvider time)
{
    public sealed record Decision(bool Allowed, TimeSpan RetryAfter);

    public async Task<Decision> TryConsumeAsync(string scope, string subjectHash, TimeSpan window, int limit, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var windowStart = new DateTimeOffset(now.UtcTicks - now.UtcTicks % window.Ticks, TimeSpan.Zero);
        var retryAfter = windowStart + window - now;
        var partition = TableKey.Checked($"{scope}-{subjectHash}");
        var row = windowStart.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

        for (var attempt = 0; attempt < 8; attempt++)
        {
            var current = await tables.RateLimits.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            try
            {
                if (!current.HasValue)
                {
                    if (limit < 1)
                    {
                        return new Decision(false, retryAfter);
                    }
                    await tables.RateLimits.AddEntityAsync(
                        new TableEntity(partition, row) { ["Count"] = 1, ["ExpiresAt"] = windowStart + window }, cancellationToken);
                    return new Decision(true, TimeSpan.Zero);
                }
                var entity = current.Value!;
                var count = entity.GetInt32("Count") ?? 0;
                if (count >= limit)
                {
                    return new Decision(false, retryAfter);
                }
                entity["Count"] = count + 1;
                await tables.RateLimits.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return new Decision(true, TimeSpan.Zero);
            }
            catch (RequestFailedException e) when (e.IsConflict() || e.IsPreconditionFailed())
            {
                // Somebody else counted at the same moment; read again.
            }
        }
        return new Decision(false, TimeSpan.FromSeconds(1));
    }
}
