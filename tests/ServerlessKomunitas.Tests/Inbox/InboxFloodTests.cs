using System.Net;
using System.Text.Json;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Operations;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Inbox;

/// <summary>
/// A hundred registrations to one coordinator in one day: ten come by email one by one, the rest wait in the inbox,
/// and one digest counts them. The coordinator works through all hundred from the inbox, reached from the digest,
/// following only links found in the emails and on the inbox page. The same story runs on the real Functions host
/// (<see cref="RealHost.SharedFunctionsHostTests"/>), in a province of its own.
/// </summary>
public class InboxFloodTests
{
    const int Requests = 100;

    /// <summary>The default number of single approval emails a day, which the story relies on.</summary>
    const int DailyEmails = 10;

    static Dictionary<string, string?> Settings() => new(Story.Timings(reminderSeconds: 3000, expireSeconds: 3600))
    {
        // The digest is due from 00.00 in the coordinator's zone, so that a run finds it due at any hour.
        ["Jobs:LocalHour"] = "0",
        ["RateLimits:SubmissionsPerClientPerHour"] = "1000000",
        ["RateLimits:PostsPerClientPerHour"] = "1000000",
        // The in-memory engine: what is tested is the inbox, the ledger and the tables, which stay on Azurite; a hundred
        // workflows' own storage traffic would only make this test, and those beside it on the shared Azurite, slow.
        ["Durable:Backend"] = "InMemory",
    };

    [Fact]
    public async Task A_hundred_requests_in_a_day_bring_ten_emails_and_one_digest_and_are_all_decided_from_the_inbox_before_any_expires()
    {
        await using var host = await LocalHost.StartAsync(Settings());
        await FloodAsync(host, Story.JawaTimurCoordinator, "35.73", async () =>
        {
            var response = await host.Client.SendAsync(OperatorTests.Request(HttpMethod.Post, "/dev/jobs/ApproverDigest"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
    }

    static async Task<int> EmailsAsync(IAppHost host, string coordinator, string subject) =>
        (await Mail.ToAsync(host.Client, coordinator)).Count(m => m.Subject.Contains(subject, StringComparison.Ordinal));

    /// <param name="runDigest">Runs the digest job and returns when it has finished.</param>
    internal static async Task FloodAsync(IAppHost host, string coordinator, string regencyCode, Func<Task> runDigest)
    {
        const string single = "menunggu keputusan Anda:";
        var stories = Enumerable.Range(0, Requests).Select(_ => new Story(host)).ToList();
        foreach (var batch in stories.Chunk(10))
        {
            await Task.WhenAll(batch.Select(async story =>
            {
                await story.SubmitAsync(body => body["regencyCode"] = regencyCode);
                await story.ConfirmAsync();
            }));
        }

        // Settled: every request is in the inbox, whichever came by email.
        var first = (await Mail.WaitForAsync(host.Client, coordinator, single, count: DailyEmails, seconds: 300))[0];
        var fromEmail = new Uri(Assert.Single(first.Links("/api/inbox"))).PathAndQuery;
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while ((await InboxTests.ReadAsync(host, fromEmail)).GetProperty("waiting").GetInt32() < Requests)
        {
            Assert.True(DateTime.UtcNow < deadline, "Not every request reached the inbox.");
            await Task.Delay(250);
        }
        await HostState.SettledAsync(host, seconds: 120);
        Assert.Equal(DailyEmails, await EmailsAsync(host, coordinator, single));

        await runDigest();
        var digest = Assert.Single(await Mail.WaitForAsync(host.Client, coordinator, $"{Requests} permintaan menunggu keputusan Anda", seconds: 120));
        Assert.Contains($"{Requests - DailyEmails} di antaranya tidak kami kirim satu per satu", digest.Text);
        await runDigest();
        Assert.Equal(1, await EmailsAsync(host, coordinator, "permintaan menunggu keputusan Anda"));

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
        await HostState.SettledAsync(host, seconds: 120);
        Assert.Equal(DailyEmails, await EmailsAsync(host, coordinator, single));
        await runDigest();
        Assert.Equal(1, await EmailsAsync(host, coordinator, "permintaan menunggu keputusan Anda"));
    }
}
