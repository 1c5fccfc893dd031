using Microsoft.Extensions.DependencyInjection;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Tests.Infrastructure;
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
        Assert.Equal(LedgerOutcome.Sent, await Send(EmailLayout.Compose(other, "Lain", "Konfirmasi lain", ["Isi."])));

        var received = (await Infrastructure.Mail.ToAsync(host.Client, to)).Select(m => m.Subject).Order().ToList();
        Assert.Equal(["Data Anda sudah dihapus", "Konfirmasi 1", "Konfirmasi 2", "Tantangan 1", "Tantangan 2"], received);
        Assert.Equal(EmailLedger.Capped, await ledger.StateOfAsync(new LedgerKey("cap-test", "step", 2, "person")));
    }
}
