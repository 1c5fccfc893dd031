using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Abuse;

/// <summary>A cap on emails per address per day across all kinds, with transactional mail given the room category mail may not use.</summary>
public class EmailCapTests
{
    [Fact]
    public async Task Category_mail_stops_first_transactional_mail_goes_on_to_the_cap_and_a_data_rights_confirmation_always_goes()
    {
        await using var host = await LocalHost.StartAsync(new Dictionary<string, string?>(MemberStory.Timings())
        {
            ["RateLimits:EmailsPerAddressPerDay"] = "4",
            ["RateLimits:CategoryEmailsPerAddressPerDay"] = "2",
        }, services: s => s.AddSingleton<TimeProvider>(new MidWindowTime()));
        var ledger = host.Get<EmailLedger>();
        var to = Submissions.UniqueEmail("sibuk");
        var other = Submissions.UniqueEmail("lain");
        EmailMessage Mail(string subject, bool category = false) => EmailLayout.Compose(to, "Sibuk", subject, ["Isi."]) with
        {
            Headers = category ? new Dictionary<string, string> { ["List-Unsubscribe"] = "<https://example.org/u>" } : null,
        };
        var n = 0;
        Task<LedgerOutcome> Send(EmailMessage message) => ledger.SendOnceAsync(new LedgerKey("cap-test", "step", n++, "person"), message);

        Assert.Equal(LedgerOutcome.Sent, await Send(Mail("Tantangan 1", category: true)));
        Assert.Equal(LedgerOutcome.Sent, await Send(Mail("Tantangan 2", category: true)));
        Assert.Equal(LedgerOutcome.Capped, await Send(Mail("Tantangan 3", category: true)));
        Assert.Equal(LedgerOutcome.Sent, await Send(Mail("Konfirmasi 1")));
        Assert.Equal(LedgerOutcome.Sent, await Send(Mail("Konfirmasi 2")));
        Assert.Equal(LedgerOutcome.Capped, await Send(Mail("Konfirmasi 3")));
        Assert.Equal(LedgerOutcome.Sent, await Send(Mail("Data Anda sudah dihapus") with { IgnoresSuppression = true }));
        // A coordinator asked to decide is never capped; the same address in another role still is.
        Assert.Equal(LedgerOutcome.Sent, await Send(Mail("Menunggu keputusan Anda") with { AsksCoordinatorToDecide = true }));
        Assert.Equal(LedgerOutcome.Sent, await Send(EmailLayout.Compose(other, "Lain", "Konfirmasi lain", ["Isi."])));

        var received = (await Harness.Mail.ToAsync(host.Client, to)).Select(m => m.Subject).Order().ToList();
        Assert.Equal(["Data Anda sudah dihapus", "Konfirmasi 1", "Konfirmasi 2", "Menunggu keputusan Anda", "Tantangan 1", "Tantangan 2"], received);
        Assert.Equal(EmailLedger.Capped, await ledger.StateOfAsync(new LedgerKey("cap-test", "step", 2, "person")));
    }

    [Fact]
    public async Task A_province_coordinator_facing_a_hundred_registrations_in_a_day_is_asked_about_every_one_and_decides_every_one()
    {
        // Many people registering at once: the per-client limits lifted, the per-address email cap as in production.
        var settings = new Dictionary<string, string?>(Story.Timings(confirmSeconds: 1800, reminderSeconds: 1800, expireSeconds: 3600))
        {
            ["RateLimits:SubmissionsPerClientPerHour"] = "1000000",
            ["RateLimits:PostsPerClientPerHour"] = "1000000",
            // The in-memory engine: the workflows' own storage traffic would make this test, and every test beside it
            // on the shared Azurite, slow; what is tested here is the ledger and the tables, which stay on Azurite.
            ["Durable:Backend"] = "InMemory",
            // The inbox's daily number of single emails lifted: this test is about the anti-abuse cap, which must never
            // hold back a request to a coordinator; the daily number and the digest are InboxFloodTests'.
            ["Inbox:DailyEmails"] = "1000",
        };
        await using var host = await LocalHost.StartAsync(settings);
        var stories = Enumerable.Range(0, 100).Select(_ => new Story(host)).ToList();

        await Parallel.ForEachAsync(stories, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (story, _) =>
        {
            await story.SubmitAsync();
            await story.ConfirmAsync();
        });
        await Parallel.ForEachAsync(stories, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (story, _) =>
        {
            var link = await story.ApprovalLinkAsync(seconds: 120);
            Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(link, "approve")).StatusCode);
            Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync(seconds: 180));
        });

        var asked = (await Harness.Mail.ToAsync(host.Client, Story.JawaTimurCoordinator)).Where(m => m.Subject.Contains("menunggu keputusan Anda", StringComparison.Ordinal));
        Assert.Equal(100, asked.Count());
        foreach (var story in stories)
        {
            Assert.Equal(EmailLedger.Sent, await host.Get<EmailLedger>().StateOfAsync(new LedgerKey(story.Id, "approval-request", 1, "province-35")));
        }
    }
}
