using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Notifications;

/// <summary>The bulk sender through the real SendGrid client against the local SendGrid endpoint, with faults injected at the edge.</summary>
public class BulkEmailTests
{
    /// <summary>Counts the requests that reach SendGrid (the local endpoint), below the retries.</summary>
    sealed class CountingHandler : DelegatingHandler
    {
        int count;

        public int Count => count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref count);
            return base.SendAsync(request, cancellationToken);
        }
    }

    static readonly Dictionary<string, string?> FastRetries = new() { ["Email:BulkRetryDelay"] = "00:00:00.050" };

    static async Task<LocalHost> HostAsync(params DelegatingHandler[] handlers) =>
        await LocalHost.StartAsync(FastRetries, services: s =>
        {
            var client = s.AddHttpClient(BulkEmailSender.ClientName);
            foreach (var handler in handlers)
            {
                client.AddHttpMessageHandler(() => handler);
            }
        });

    static BulkEmail Challenge => new("Tantangan minggu ini untuk -name-", "<p>Halo -name-, tantangan: -challenge-</p>", "Halo -name-, tantangan: -challenge-");

    static List<BulkRecipient> Recipients(int count, string tag) => Enumerable.Range(0, count)
        .Select(i => new BulkRecipient($"bulk.{tag}.{i}@example.org", $"Anggota {i}",
            new Dictionary<string, string> { ["-name-"] = $"Anggota {i}", ["-challenge-"] = $"Gambar {i}" },
            new Dictionary<string, string> { ["List-Unsubscribe"] = $"<https://example.org/u/{i}>" }))
        .ToList();

    [Fact]
    public async Task Twenty_five_hundred_recipients_make_three_requests_and_each_gets_their_own_values()
    {
        var requests = new CountingHandler();
        await using var host = await HostAsync(requests);
        var tag = Guid.NewGuid().ToString("N")[..8];

        var batches = await host.Get<BulkEmailSender>().SendAsync(Challenge, Recipients(2500, tag));

        Assert.Equal(3, requests.Count);
        Assert.Equal([1000, 1000, 500], batches.Select(b => b.Recipients.Count));
        Assert.All(batches, b => Assert.True(b.Accepted));
        var last = Assert.Single(await Mail.ToAsync(host.Client, $"bulk.{tag}.2499@example.org"));
        Assert.Equal("Tantangan minggu ini untuk Anggota 2499", last.Subject);
        Assert.Contains("Halo Anggota 2499, tantangan: Gambar 2499", last.Text);
        Assert.Equal("<https://example.org/u/2499>", last.Headers!["List-Unsubscribe"]);
    }

    [Fact]
    public async Task A_throttled_or_failing_request_is_retried_until_it_goes_through_once()
    {
        var throttle = new FailingHandler(HttpStatusCode.TooManyRequests, failures: 1);
        var unavailable = new FailingHandler(HttpStatusCode.ServiceUnavailable, failures: 1);
        var requests = new CountingHandler();
        await using var host = await HostAsync(throttle, unavailable, requests);
        var tag = Guid.NewGuid().ToString("N")[..8];

        var batch = Assert.Single(await host.Get<BulkEmailSender>().SendAsync(Challenge, Recipients(3, tag)));

        Assert.True(batch.Accepted);
        Assert.Equal(1, throttle.Failed);
        Assert.Equal(1, unavailable.Failed);
        Assert.Equal(1, requests.Count);
        Assert.Single(await Mail.ToAsync(host.Client, $"bulk.{tag}.0@example.org"));
    }

    [Fact]
    public async Task A_bad_request_is_not_retried_and_comes_back_as_a_failed_batch()
    {
        var rejecting = new FailingHandler(HttpStatusCode.BadRequest, failures: 5);
        await using var host = await HostAsync(rejecting);
        var tag = Guid.NewGuid().ToString("N")[..8];

        var batch = Assert.Single(await host.Get<BulkEmailSender>().SendAsync(Challenge, Recipients(2, tag)));

        Assert.False(batch.Accepted);
        Assert.Equal(400, batch.Status);
        Assert.Contains("injected fault", batch.Error);
        Assert.Equal(1, rejecting.Failed);
        Assert.Empty(await Mail.ToAsync(host.Client, $"bulk.{tag}.0@example.org"));
    }

    [Fact]
    public async Task A_mailbox_that_keeps_nothing_still_counts_every_request_and_message()
    {
        await using var host = await LocalHost.StartAsync(new Dictionary<string, string?>(FastRetries) { ["Mailbox:Keep"] = "false" });
        var tag = Guid.NewGuid().ToString("N")[..8];

        await host.Get<BulkEmailSender>().SendAsync(Challenge, Recipients(1200, tag));

        var stats = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(host.Client, "/dev/mailbox/stats");
        Assert.Equal(2, stats.GetProperty("requests").GetInt64());
        Assert.Equal(1200, stats.GetProperty("recipients").GetInt64());
        Assert.Empty(await Mail.ToAsync(host.Client, $"bulk.{tag}.0@example.org"));
    }
}
