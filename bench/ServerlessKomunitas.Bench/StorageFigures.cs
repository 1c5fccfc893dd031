using System.Diagnostics;
using System.Text.RegularExpressions;
using Azure.Data.Tables;

namespace ServerlessKomunitas.Bench;

static partial class StorageFigures
{
    /// <summary>Azurite's raw single-insert rate, sequentially and at 16 concurrent, into a table of its own.</summary>
    public static async Task<(double Sequential, double Concurrent)> InsertRateAsync(string connectionString, int count = 1000)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("benchraw" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        var payload = new string('x', 200);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await table.AddEntityAsync(new TableEntity("p" + (i % 16), "s" + i) { ["Data"] = payload });
        }
        var sequential = count / clock.Elapsed.TotalSeconds;

        clock.Restart();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await table.AddEntityAsync(new TableEntity("p" + (i % 16), "c" + i) { ["Data"] = payload });
            }
        }));
        return (sequential, count / clock.Elapsed.TotalSeconds);
    }

    public sealed record RequestCounts(int Total, IReadOnlyDictionary<string, int> ByService, IReadOnlyDictionary<string, int> ByOperation);

    /// <summary>Requests Azurite logged since <paramref name="fromLine"/>: one "StorageContextMiddleware: RequestMethod=" line each.</summary>
    public static RequestCounts Count(string debugLog, long fromLine, out long lines)
    {
        var byService = new Dictionary<string, int>();
        var byOperation = new Dictionary<string, int>();
        var total = 0;
        lines = 0;
        using var reader = new StreamReader(new FileStream(debugLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line)
        {
            if (lines++ < fromLine)
            {
                continue;
            }
            var request = RequestLine().Match(line);
            if (request.Success)
            {
                total++;
                var service = request.Groups[1].Value;
                byService[service] = byService.GetValueOrDefault(service) + 1;
                continue;
            }
            var operation = OperationLine().Match(line);
            if (operation.Success)
            {
                byOperation[operation.Groups[1].Value] = byOperation.GetValueOrDefault(operation.Groups[1].Value) + 1;
            }
        }
        return new RequestCounts(total, byService, byOperation);
    }

    public static long LineCount(string debugLog)
    {
        using var reader = new StreamReader(new FileStream(debugLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        long lines = 0;
        while (reader.ReadLine() is not null)
        {
            lines++;
        }
        return lines;
    }

    [GeneratedRegex(@"(Table|Queue|Blob)StorageContextMiddleware: RequestMethod=", RegexOptions.IgnoreCase)]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"DispatchMiddleware: Operation=(\w+)")]
    private static partial Regex OperationLine();
}
