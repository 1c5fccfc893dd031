namespace ServerlessKomunitas.Engagement;

public enum ActivityKind
{
    Rsvp,
    CheckIn,
    Proposal,
}

/// <summary>A member's activity in one community and month, as counted for the monthly recognition.</summary>
public sealed record MemberActivity(string PersonKey, int Rsvps, int CheckIns, int Proposals);

/// <summary>
/// Counts each member's RSVPs, mentoring check-ins and proposals per community and month (partition
/// "{community}-{yyyyMM}", one row per person), so the monthly recognition reads one partition per community.
/// </summary>
public sealed class ActivityLog(KomunitasTables tables)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Activity";

    TableClient Table => tables.Client(TableName);

    static string Partition(string communityId, DateTimeOffset at) => TableKey.Checked($"{communityId}-{at.UtcDateTime:yyyyMM}");

    public async Task CountAsync(string communityId, string personKey, ActivityKind kind, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var column = kind.ToString();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(communityId, at), personKey, cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue)
                {
                    await Table.AddEntityAsync(new TableEntity(Partition(communityId, at), personKey) { [column] = 1 }, cancellationToken);
                    return;
                }
                var row = existing.Value!;
                row[column] = (row.GetInt32(column) ?? 0) + 1;
                await Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.IsConflict() || e.IsPreconditionFailed())
            {
            }
        }
    }

    static MemberActivity Counts(TableEntity row) =>
        new(row.RowKey, row.GetInt32(nameof(ActivityKind.Rsvp)) ?? 0, row.GetInt32(nameof(ActivityKind.CheckIn)) ?? 0, row.GetInt32(nameof(ActivityKind.Proposal)) ?? 0);

    public async Task<IReadOnlyList<MemberActivity>> MonthAsync(string communityId, DateTimeOffset monthStart, CancellationToken cancellationToken = default)
    {
        var rows = new List<MemberActivity>();
        var partition = Partition(communityId, monthStart);
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            rows.Add(Counts(row));
        }
        return rows;
    }

    /// <summary>One person's counts in every community and month (a scan, for the rare data-rights request).</summary>
    public async Task<IReadOnlyList<(string CommunityMonth, MemberActivity Counts)>> OfPersonAsync(string personKey, CancellationToken cancellationToken = default)
    {
        var rows = new List<(string, MemberActivity)>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {personKey}"), cancellationToken: cancellationToken))
        {
            rows.Add((row.PartitionKey, Counts(row)));
        }
        return rows;
    }

    public Task<int> ForgetPersonAsync(string personKey, CancellationToken cancellationToken = default) =>
        KomunitasTables.DeleteWhereAsync(Table, TableClient.CreateQueryFilter($"RowKey eq {personKey}"), _ => true, cancellationToken);
}
