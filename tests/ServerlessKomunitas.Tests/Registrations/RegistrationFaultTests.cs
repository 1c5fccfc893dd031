using System.Net;
using System.Text.Json;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Registrations;

/// <summary>
/// Crashes at the storage edge while the registration workflow sends its emails.
/// </summary>
public class RegistrationFaultTests
{
    [Fact]
    public async Task An_activity_retried_after_its_email_was_marked_sent_sends_no_second_email()
    {
        var prefix = LocalHost.UniquePrefix();
        var crash = new StorageCrash(StorageCrash.LedgerMark(prefix, "confirmation"), CrashPoint.AfterWrite, times: 1);
        await using var host = await LocalHost.StartAsync(Story.Timings(), tablePrefix: prefix,
            services: s => s.AddSingleton(crash.Options()));
        var story = new Story(host);
        await story.SubmitAsync();

        await story.ConfirmAsync();
        await story.ApprovalLinkAsync();

        Assert.Equal(1, crash.Crashes);
        Assert.Single(await story.MailAboutAsync(story.Email, "Konfirmasi email pendaftaran"));
    }

    [Fact]
    public async Task A_crash_between_sendgrids_202_and_the_ledger_mark_sends_the_email_twice_the_one_known_gap()
    {
        var prefix = LocalHost.UniquePrefix();
        var crash = new StorageCrash(StorageCrash.LedgerMark(prefix, "confirmation"), CrashPoint.BeforeWrite, times: 1);
        await using var host = await LocalHost.StartAsync(Story.Timings(), tablePrefix: prefix,
            services: s => s.AddSingleton(crash.Options()));
        var story = new Story(host);
        await story.SubmitAsync();

        var confirmations = await Mail.WaitForAsync(host.Client, story.Email, "Konfirmasi email pendaftaran", count: 2);
        await story.ConfirmAsync();
        await story.ApprovalLinkAsync();

        Assert.Equal(1, crash.Crashes);
        Assert.Equal(2, confirmations.Count);
        Assert.Single(await story.MailAboutAsync(Story.JawaTimurCoordinator, story.Name));
    }
}
