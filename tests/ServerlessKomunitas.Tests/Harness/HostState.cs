using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace ServerlessKomunitas.Tests.Harness;

public static class HostState
{
    /// <summary>
    /// Every row's key and version in the host's tables and task hub, and the mail sent: what a refused request must
    /// leave as it was. Two tables change on their own and are left out: the rate-limit counters, and the task hub's
    /// Partitions table, whose lease rows the Durable provider renews every 10 s whatever the workflows do.
    /// </summary>
    public static async Task<string> CaptureAsync(IAppHost host)
    {
        var service = host.Get<TableServiceClient>();
        var state = new StringBuilder();
        // Only this host's tables: the test Azurite holds every test's, and listing them all on each capture was most of
        // what a capture cost late in a run.
        var prefix = host.TablePrefix;
        await foreach (var table in service.QueryAsync(t => t.Name.CompareTo(prefix) >= 0 && t.Name.CompareTo(prefix + "~") < 0))
        {
            if (table.Name.EndsWith("RateLimits", StringComparison.Ordinal) || table.Name == prefix + "Partitions")
            {
                continue;
            }
            await foreach (var row in service.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                state.Append(table.Name).Append('|').Append(row.PartitionKey).Append('|').Append(row.RowKey).Append('|').Append(row.ETag).Append('\n');
            }
        }
        // Visible messages in the task hub's queues (a raised event, an activity to run) are work not yet seen in any
        // table. A durable timer's message stays invisible until it is due, so a workflow that waits does not count.
        var queues = new QueueServiceClient(await Azurite.ConnectionString());
        await foreach (var queue in queues.GetQueuesAsync(prefix: host.TablePrefix.ToLowerInvariant()))
        {
            var visible = (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(maxMessages: 32)).Value.Length;
            state.Append("queue|").Append(queue.Name).Append('|').Append(visible).Append('\n');
        }
        state.Append("mail:").Append(await host.Client.GetStringAsync("/dev/mailbox/stats"));
        return state.ToString();
    }

    /// <summary>
    /// Waits until the workflows in flight have nothing queued and stop writing (two captures half a second apart
    /// agree), and returns that state: what a test checks before it says that something did not happen.
    /// </summary>
    public static async Task<string> SettledAsync(IAppHost host, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var state = await CaptureAsync(host);
        while (true)
        {
            await Task.Delay(500);
            var next = await CaptureAsync(host);
            if (next == state && !HasQueuedWork(next))
            {
                return next;
            }
            Assert.True(DateTime.UtcNow < deadline, $"The host did not settle in {seconds} s; last state:\n{next}");
            state = next;
        }
    }

    static bool HasQueuedWork(string state) =>
        state.Split('\n').Any(line => line.StartsWith("queue|", StringComparison.Ordinal) && !line.EndsWith("|0", StringComparison.Ordinal));

    /// <summary>
    /// Waits until the workflow has run since <paramref name="since"/> (it took the event raised after it), then until the
    /// host settles: what a test checks before it says that an event changed nothing.
    /// </summary>
    public static async Task<string> SettledAfterAsync(IAppHost host, string instanceId, DateTimeOffset since, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while ((await host.WorkflowAsync(instanceId))?.LastUpdatedAt < since)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Workflow {instanceId} did not run after {since:O} within {seconds} s.");
            await Task.Delay(100);
        }
        return await SettledAsync(host, seconds);
    }
}
