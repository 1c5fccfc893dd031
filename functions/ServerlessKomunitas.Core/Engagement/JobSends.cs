namespace ServerlessKomunitas.Engagement;

/// <summary>
/// The ledger of the timer jobs' emails: one row per person, kind and period, written after SendGrid accepted the
/// request that carried it (or refused it: then the row says so and the next run does not retry a 4xx). Rows of a
/// kind and period are spread over 10 partitions by the person key, so that the 1,000 people of one SendGrid request
/// make about 100 rows per partition: a run over 100,000 people writes about 1,000 batches, not 100,000 rows one by one.
/// </summary>
public sealed class JobSends(KomunitasTables tables)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "JobSends";

    TableClient Table => tables.Client(TableName);

    public const string Sent = "Sent";
    public const string Failed = "Failed";

    /// <summary>The message went on WhatsApp only, as the person chose.</summary>
    public const string WhatsApp = "WhatsApp";

    const int BucketCount = 10;

    static string Partition(string kind, string period, int bucket) => TableKey.Checked($"{kind}-{period}-{bucket}");

    static int BucketOf(string personKey) => (int)(((uint)personKey[0] * 31 + personKey[1]) % BucketCount);

    static IEnumerable<int> Buckets => Enumerable.Range(0, BucketCount);

    /// <summary>The people who already have a row for this kind and period.</summary>
    public async Task<HashSet<string>> DoneAsync(string kind, string period, CancellationToken cancellationToken = default)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        await Task.WhenAll(Buckets.Select(async bucket =>
        {
            var keys = new List<string>();
            await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition(kind, period, bucket), select: ["RowKey"], cancellationToken: cancellationToken))
            {
                keys.Add(row.RowKey);
            }
            lock (done)
            {
                done.UnionWith(keys);
            }
        }));
        return done;
    }

    /// <summary>When each person's row for this kind and period was last written (for "at most once per N days").</summary>
    public async Task<Dictionary<string, DateTimeOffset>> WrittenAtAsync(string kind, string period, CancellationToken cancellationToken = default)
    {
        var written = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await Task.WhenAll(Buckets.Select(async bucket =>
        {
            var rows = new List<(string, DateTimeOffset)>();
            await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition(kind, period, bucket), select: ["RowKey", "At"], cancellationToken: cancellationToken))
            {
                rows.Add((row.RowKey, row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue));
            }
            lock (written)
            {
                foreach (var (key, at) in rows)
                {
                    written[key] = at;
                }
            }
        }));
        return written;
    }

    /// <summary>Writes the rows, each partition's batches in parallel with the others'.</summary>
    public async Task RecordAsync(string kind, string period, IEnumerable<string> personKeys, string state, int? status, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await Task.WhenAll(personKeys.GroupBy(BucketOf).Select(bucket => KomunitasTables.SubmitInBatchesAsync(Table,
            bucket.Select(key => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(Partition(kind, period, bucket.Key), key) { ["State"] = state, ["Status"] = status, ["At"] = at })), cancellationToken)));

    /// <summary>Every row of one person, across kinds and periods (a scan, for the rare data-rights request).</summary>
    public async Task<IReadOnlyList<(string Job, string State, DateTimeOffset? At)>> OfPersonAsync(string personKey, CancellationToken cancellationToken = default)
    {
        var rows = new List<(string, string, DateTimeOffset?)>();
        await foreach (var r in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {personKey}"), cancellationToken: cancellationToken))
        {
            rows.Add((r.PartitionKey, r.GetString("State") ?? "", r.GetDateTimeOffset("At")));
        }
        return rows;
    }

    public Task<int> ForgetPersonAsync(string personKey, CancellationToken cancellationToken = default) =>
        KomunitasTables.DeleteWhereAsync(Table, TableClient.CreateQueryFilter($"RowKey eq {personKey}"), _ => true, cancellationToken);
}
