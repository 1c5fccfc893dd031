using System.Net;
using System.Text.Json;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Operations;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Inbox;

/// <summary>
/// A hundred registrations to one coordinator in one day: ten come by email one by one, the rest wait in the inbox,
/// and one digest counts them. The coordinator works through all hundred from the inbox, reached from the digest,
/// following only links found in the emails and on the inbox page.
/// </summary>
public class InboxFloodTests
{
    const int Requests = 100;
    const int DailyEmails = 10;
    const string Coordinator = Story.JawaTimurCoordinator;

    static Dictionary<string, string?> Settings() => new(Story.Timings(reminderSeconds: 3000, expireSeconds: 3600))
    {
        ["Inbox:DailyEmails"] = DailyEmails.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // The digest is due from 00.00 in the coordinator's zone, so that a run finds it due at any hour.
        ["Jobs:LocalHour"] = "0",
        ["RateLimits:SubmissionsPerClientPerHour"] = "1000000",
        ["RateLimits:PostsPerClientPerHour"] = "1000000",
        // The in-memory engine: what is tested is the inbox, the ledger and the tables, which stay on Azurite; a hundred
        // workflows' own storage traffic would only make this test, and those beside it on the shared Azurite, slow.
        ["Durable:Backend"] = "InMemory",
    };

    static async Task<int> SingleRequestEmailsAsync(LocalHost host) =>
        (await Mail.ToAsync(host.Client, Coordinator)).Count(m => m.Subject.Contains("menunggu keputusan Anda:", StringComparison.Ordinal));

    static async Task<JsonElement> RunDigestAsync(LocalHost host)
    {
        var response = await host.Client.SendAsync(OperatorTests.Request(HttpMethod.Post, "/dev/jobs/ApproverDigest"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task A_hundred_requests_in_a_day_bring_ten_emails_and_one_digest_and_are_all_decided_from_the_inbox_before_any_expires()
    {
        await using var host = await LocalHost.StartAsync(Settings());
        var stories = Enumerable.Range(0, Requests).Select(_ => new Story(host)).ToList();
        foreach (var batch in stories.Chunk(10))
        {
            await Task.WhenAll(batch.Select(async story =>
            {
                await story.SubmitAsync();
                await story.ConfirmAsync();
            }));
        }

        // Settled: every request is in the inbox, whichever came by email.
        var first = (await Mail.WaitForAsync(host.Client, Coordinator, "menunggu keputusan Anda:", count: DailyEmails))[0];
        var fromEmail = new Uri(Assert.Single(first.Links("/api/inbox"))).PathAndQuery;
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while ((await InboxTests.ReadAsync(host, fromEmail)).GetProperty("waiting").GetInt32() < Requests)
        {
            Assert.True(DateTime.UtcNow < deadline, "Not every request reached the inbox.");
            await Task.Delay(250);
        }
        await HostState.SettledAsync(host);
        Assert.Equal(DailyEmails, await SingleRequestEmailsAsync(host));

        Assert.Equal(1, (await RunDigestAsync(host)).GetProperty("sent").GetInt32());
        var digest = Assert.Single(await Mail.WaitForAsync(host.Client, Coordinator, $"{Requests} permintaan menunggu keputusan Anda"));
        Assert.Contains($"{Requests - DailyEmails} di antaranya tidak kami kirim satu per satu", digest.Text);
        Assert.Equal(0, (await RunDigestAsync(host)).GetProperty("sent").GetInt32());

        // From the digest: decide everything by following the page's own links.
        var inbox = new Uri(Assert.Single(digest.Links("/api/inbox"))).PathAndQuery;
        var decided = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = await host.Client.GetStringAsync(inbox);
            var links = InboxTests.Hrefs(page, "/api/approvals/");
            if (links.Count == 0)
            {
                break;
            }
            foreach (var link in links)
            {
                Assert.True(decided.Add(link), "The inbox offered a request it had already had decided.");
                Assert.Equal(HttpStatusCode.OK, (await Story.DecideAsync(host.Client, link, "approve")).StatusCode);
            }
        }

        Assert.Equal(Requests, decided.Count);
        var done = await InboxTests.ReadAsync(host, inbox);
        Assert.Equal((0, Requests), (done.GetProperty("waiting").GetInt32(), done.GetProperty("decided").GetArrayLength()));
        foreach (var story in stories)
        {
            Assert.Equal("Approved", (await story.CompletionAsync()).ToString());
        }
        await HostState.SettledAsync(host);
        Assert.Equal(DailyEmails, await SingleRequestEmailsAsync(host));
        Assert.Equal(0, (await RunDigestAsync(host)).GetProperty("sent").GetInt32());
    }
}
