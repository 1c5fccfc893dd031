using System.Globalization;

namespace ServerlessKomunitas.Abuse;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Confirmation emails one address may receive per day (UTC), across all registrations.</summary>
    public int ConfirmationEmailsPerAddressPerDay { get; set; } = 3;

    /// <summary>Submissions one client address may make per hour.</summary>
    public int SubmissionsPerClientPerHour { get; set; } = 30;

    /// <summary>Emails one address may receive per day (UTC) across all kinds; transactional ones go up to this.</summary>
    public int EmailsPerAddressPerDay { get; set; } = 20;

    /// <summary>The share of that a category email (a job's, with List-Unsubscribe) may use: past it, only transactional mail goes.</summary>
    public int CategoryEmailsPerAddressPerDay { get; set; } = 5;

    /// <summary>Anonymous POSTs and DELETEs (forms and links from emails) one client may make per hour, across all routes.</summary>
    public int PostsPerClientPerHour { get; set; } = 120;

    /// <summary>POSTs and DELETEs on one link (one token, one person's page) per hour, from any client.</summary>
    public int PostsPerLinkPerHour { get; set; } = 20;

    /// <summary>A form served by a page and sent back sooner than this was filled by a bot.</summary>
    public TimeSpan MinimumFillTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Read the client from X-Forwarded-For (set by Azure's front ends); off where no proxy of ours is in front.</summary>
    public bool TrustForwardedFor { get; set; }

    /// <summary>
    /// How many proxies of ours append to X-Forwarded-For: the client is that many entries from the right (1: the
    /// right-most, written by the front end that received the call). The entries left of it are the caller's own.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10)]
    public int ForwardedHops { get; set; } = 1;
}

/// <summary>
/// Fixed-window counters in Table Storage, so that every instance of a scaled-out app sees the same count.
/// Each increment is ETag-conditional, so concurrent requests never both take the last slot.
/// </summary>
public sealed class RateLimiter(KomunitasTables tables, TimeProvider time)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "RateLimits";

    TableClient Table => tables.Client(TableName);

    public sealed record Decision(bool Allowed, TimeSpan RetryAfter);

    const int Attempts = 40;

    /// <summary>
    /// Counts one use against <paramref name="limit"/> per <paramref name="window"/>. With <paramref name="usuallyFirst"/>
    /// (a counter that is rarely used twice in a window, such as one address's emails) it tries the insert first.
    /// </summary>
    public async Task<Decision> TryConsumeAsync(string scope, string subjectHash, TimeSpan window, int limit, bool usuallyFirst = false, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var windowStart = new DateTimeOffset(now.UtcTicks - now.UtcTicks % window.Ticks, TimeSpan.Zero);
        var retryAfter = windowStart + window - now;
        if (limit < 1)
        {
            return new Decision(false, retryAfter);
        }
        var partition = TableKey.Checked($"{scope}-{subjectHash}");
        var row = windowStart.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

        // The first use in a window is the common case: one insert, no read.
        if (usuallyFirst && await TryAddFirstAsync(partition, row, windowStart + window, cancellationToken))
        {
            return new Decision(true, TimeSpan.Zero);
        }
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var current = await Table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            try
            {
                if (!current.HasValue)
                {
                    if (await TryAddFirstAsync(partition, row, windowStart + window, cancellationToken))
                    {
                        return new Decision(true, TimeSpan.Zero);
                    }
                    continue;
                }
                var entity = current.Value!;
                var count = entity.GetInt32("Count") ?? 0;
                if (count >= limit)
                {
                    return new Decision(false, retryAfter);
                }
                entity["Count"] = count + 1;
                await Table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return new Decision(true, TimeSpan.Zero);
            }
            catch (RequestFailedException e) when (e.IsPreconditionFailed())
            {
                // Somebody else counted at the same moment: wait a little, at random, and read again.
                await Task.Delay(Random.Shared.Next(2, 10 + attempt * 2), cancellationToken);
            }
        }
        // Dozens of writers on one counter at once is itself a flood.
        return new Decision(false, TimeSpan.FromSeconds(1));
    }

    Task<bool> TryAddFirstAsync(string partition, string row, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Table.AddIfAbsentAsync(new TableEntity(partition, row) { ["Count"] = 1, ["ExpiresAt"] = expiresAt }, cancellationToken);
}
