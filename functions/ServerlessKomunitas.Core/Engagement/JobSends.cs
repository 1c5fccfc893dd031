using Azure.Data.Tables;
using ServerlessKomunitas.Storage;

namespace ServerlessKomunitas.Engagement;

/// <summary>
/// The ledger of the timer jobs' emails: one row per person, kind and period, written after SendGrid accepted the
/// request that carried it (or refused it: then the row says so and the next run does not retry a 4xx). Rows of a
/// kind and period are spread over 32 partitions by the first character of the person key and written 100 to a batch,
/// so a run over 100,000 people writes 1,000 batches, not 100,000 rows one by one.
/// </summary>
public sealed class JobSends(KomunitasTables tables)
{
    public const string Sent = "Sent";
    public const string Failed = "Failed";

    static string Partition(string kind, string period, char bucket) => TableKey.Checked($"{kind}-{period}-{bucket}");

    static IEnumerable<char> Buckets => "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>The people who already have a row for this kind and period.</summary>
    public async Task<HashSet<string>> DoneAsync(string kind, string period, CancellationToken cancellationToken = default)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        await Task.WhenAll(Buckets.Select(async bucket =>
        {
            var keys = new List<string>();
            await foreach (var row in tables.JobSends.QueryAsync<TableEntity>(e => e.PartitionKey == Partition(kind, period, bucket), select: ["RowKey"], cancellationToken: cancellationToken))
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

    public async Task RecordAsync(string kind, string period, IEnumerable<string> personKeys, string state, int? status, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var rows = personKeys.Select(key => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            new TableEntity(Partition(kind, period, key[0]), key) { ["State"] = state, ["Status"] = status, ["At"] = at }));
        await KomunitasTables.SubmitInBatchesAsync(tables.JobSends, rows, cancellationToken);
    }
}
