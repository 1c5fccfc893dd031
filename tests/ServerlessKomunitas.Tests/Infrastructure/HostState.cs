using System.Text;
using Azure.Data.Tables;

namespace ServerlessKomunitas.Tests.Infrastructure;

public static class HostState
{
    /// <summary>
    /// Every row's key and version in the host's tables and task hub (the rate-limit counters aside), and the mail
    /// sent: what a refused request must leave as it was.
    /// </summary>
    public static async Task<string> CaptureAsync(LocalHost host)
    {
        var service = host.Get<TableServiceClient>();
        var state = new StringBuilder();
        await foreach (var table in service.QueryAsync())
        {
            if (!table.Name.StartsWith(host.TablePrefix, StringComparison.OrdinalIgnoreCase) || table.Name.EndsWith("RateLimits", StringComparison.Ordinal))
            {
                continue;
            }
            await foreach (var row in service.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                state.Append(table.Name).Append('|').Append(row.PartitionKey).Append('|').Append(row.RowKey).Append('|').Append(row.ETag).Append('\n');
            }
        }
        state.Append("mail:").Append(await host.Client.GetStringAsync("/dev/mailbox/stats"));
        return state.ToString();
    }

    /// <summary>Waits until the workflows in flight stop writing (two captures half a second apart agree), and returns that state.</summary>
    public static async Task<string> SettledAsync(LocalHost host, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var state = await CaptureAsync(host);
        while (true)
        {
            await Task.Delay(500);
            var next = await CaptureAsync(host);
            if (next == state || DateTime.UtcNow > deadline)
            {
                return next;
            }
            state = next;
        }
    }
}
