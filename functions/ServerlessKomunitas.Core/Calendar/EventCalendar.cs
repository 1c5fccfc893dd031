namespace ServerlessKomunitas.Calendar;

/// <summary>One page of the calendar and the cursor of the next, null on the last.</summary>
public sealed record CalendarPage(IReadOnlyList<CalendarEntry> Items, string? Next);

/// <summary>The cursor came back changed or from elsewhere; Table Storage refused it.</summary>
public sealed class InvalidCursorException() : Exception("The calendar cursor is not one this API gave out.");

/// <summary>
/// The public calendar in Table Storage: written by the proposal workflow when an event is confirmed, removed
/// when it is cancelled, read by anyone. Every filter runs in the service, so a page holds exactly what matches.
/// </summary>
public sealed class EventCalendar(KomunitasTables tables, TimeProvider time)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Calendar";

    TableClient Table => tables.Client(TableName);

    /// <summary>Events run for at most this long, so that partitions older than it hold no running event.</summary>
    static readonly TimeSpan LongestEvent = TimeSpan.FromDays(31);

    /// <summary>Writes (or rewrites, on a retried activity) the entry.</summary>
    public async Task PublishAsync(CalendarEntry entry, CancellationToken cancellationToken = default)
    {
        var row = entry.ToRow();
        EntityLimits.Check(row);
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Removes the entry; removing one that is not there is not an error (a retried activity).</summary>
    public async Task UnpublishAsync(DateTimeOffset startUtc, string proposalId, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.DeleteEntityAsync(CalendarEntry.PartitionFor(startUtc), CalendarEntry.RowFor(startUtc, proposalId), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
        }
    }

    public async Task<CalendarEntry?> FindAsync(DateTimeOffset startUtc, string proposalId, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<CalendarEntry>(CalendarEntry.PartitionFor(startUtc), CalendarEntry.RowFor(startUtc, proposalId), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Events not yet over that match <paramref name="filter"/>, soonest first, <paramref name="limit"/> at most.</summary>
    /// <summary>Every event in the calendar that starts in [<paramref name="from"/>, <paramref name="to"/>), month partition by month.</summary>
    public async Task<IReadOnlyList<CalendarEntry>> StartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var entries = new List<CalendarEntry>();
        for (var month = new DateTimeOffset(from.UtcDateTime.Year, from.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero); month < to; month = month.AddMonths(1))
        {
            var partition = CalendarEntry.PartitionFor(month);
            await foreach (var entry in Table.QueryAsync<CalendarEntry>(e => e.PartitionKey == partition && e.StartUtc >= from && e.StartUtc < to, cancellationToken: cancellationToken))
            {
                entries.Add(entry);
            }
        }
        return entries;
    }

    public async Task<CalendarPage> PageAsync(CalendarFilter filter, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        var token = cursor is null ? null : DecodeCursor(cursor);
        var query = Filter(filter);
        var items = new List<CalendarEntry>(limit);
        try
        {
            // The service may answer a filtered query with fewer rows than asked (or none) and a continuation;
            // keep asking for the rest until the page is full or the rows run out.
            do
            {
                var wanted = limit - items.Count;
                await foreach (var page in Table.QueryAsync<CalendarEntry>(query, wanted, cancellationToken: cancellationToken).AsPages(token, wanted))
                {
                    items.AddRange(page.Values);
                    token = page.ContinuationToken;
                    break;
                }
            }
            while (items.Count < limit && token is not null);
        }
        catch (RequestFailedException e) when (cursor is not null && e.Status == 400)
        {
            throw new InvalidCursorException();
        }
        return new CalendarPage(items, token is null ? null : EncodeCursor(token));
    }

    string Filter(CalendarFilter filter)
    {
        var now = time.GetUtcNow();
        var parts = new List<string>
        {
            TableClient.CreateQueryFilter($"PartitionKey ge {CalendarEntry.PartitionFor(now - LongestEvent)}"),
            TableClient.CreateQueryFilter($"EndUtc gt {now}"),
        };
        if (filter.Province is { } province)
        {
            parts.Add(TableClient.CreateQueryFilter($"ProvinceCode eq {province}"));
        }
        if (filter.Regency is { } regency)
        {
            parts.Add(TableClient.CreateQueryFilter($"RegencyCode eq {regency}"));
        }
        if (filter.Kind is { } kind)
        {
            parts.Add(TableClient.CreateQueryFilter($"Kind eq {kind}"));
        }
        if (filter.Subsector is { } subsector)
        {
            // The slug was checked against the known list, so the column name is ours.
            parts.Add($"{CalendarEntry.SubsectorColumn(subsector)} eq true");
        }
        return string.Join(" and ", parts);
    }

    /// <summary>The service's continuation ("next partition, space, next row"), made URL-safe.</summary>
    static string EncodeCursor(string token) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool IsWellFormedCursor(string cursor) => cursor.Length <= 2048 && DecodeCursorOrNull(cursor) is not null;

    static string DecodeCursor(string cursor) => DecodeCursorOrNull(cursor) ?? throw new InvalidCursorException();

    static string? DecodeCursorOrNull(string cursor)
    {
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var written))
        {
            return null;
        }
        var token = Encoding.UTF8.GetString(bytes, 0, written);
        var parts = token.Split(' ');
        return parts.Length == 2 && parts[0].Length > 0 && token.All(c => c is > ' ' and < (char)127 || c == ' ') ? token : null;
    }
}
