using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Inbox;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;
using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Tests.WhatsApp;

/// <summary>
/// A coordinator opts in to WhatsApp from their inbox, gets the approval request there with its decision link, and
/// decides from it; one who chose WhatsApp only and whose number fails gets their inbox by email instead, once. The
/// first story runs on the real Functions host too (<see cref="RealHost.SharedFunctionsHostTests"/>), in Sulawesi Utara,
/// a province no other story of that host uses.
/// </summary>
public partial class WhatsAppApprovalTests
{
    [Fact]
    public async Task A_coordinator_opts_in_from_the_inbox_gets_the_approval_request_on_whatsapp_and_decides_from_its_link()
    {
        await using var host = await LocalHost.StartAsync(Story.Timings(confirmSeconds: 120, reminderSeconds: 3600, expireSeconds: 7200));
        await DecideFromWhatsAppAsync(host);
    }

    /// <summary>The province's coordinator, opted in to WhatsApp from their inbox on a number of their own.</summary>
    static async Task<(Coordinator Coordinator, string Number, string Change)> OptedInCoordinatorAsync(IAppHost host, string province, string number)
    {
        var coordinator = (await host.Get<CoordinatorDirectory>().FindAsync(CoordinatorLevel.Province, province))!;
        var inbox = new Uri(host.Get<InboxLinks>().For(coordinator)).PathAndQuery;
        Assert.Contains("<h2 id=\"whatsapp-heading\">WhatsApp</h2>", await host.Client.GetStringAsync(inbox));
        var change = ApiRoutes.ChangeCoordinatorWhatsApp.Path + new Uri("http://x" + inbox).Query;
        var asked = await host.Client.PostJsonAsync(change, new { action = "request", number, consent = true, consentVersion = WhatsAppConsentText.Version });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var confirmed = await host.Client.PostAsync(Assert.Single(await WhatsAppOptInTests.OptInLinksAsync(host, number)), null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(number, await host.Get<WhatsAppConsents>().ConfirmedNumberAsync(coordinator.PersonKey));
        return (coordinator, number, change);
    }

    static string UniqueNumber(string ending = "") =>
        "+62817" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (ending.Length > 0 ? ending : Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();

    /// <summary>The template message to the number that names <paramref name="about"/>, once it arrives.</summary>
    static async Task<string> WaitForMessageAsync(IAppHost host, string number, string about, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var texts = JsonDocument.Parse(await host.Client.GetStringAsync($"/dev/whatsapp/messages?to={Uri.EscapeDataString("whatsapp:" + number)}")).RootElement
                .EnumerateArray().Select(m => m.GetProperty("text").GetString()!).Where(t => t.Contains(about, StringComparison.Ordinal)).ToList();
            if (texts.Count > 0)
            {
                return Assert.Single(texts);
            }
            Assert.True(DateTime.UtcNow < deadline, $"No WhatsApp message about {about} reached {number} in {seconds} s.");
            await Task.Delay(200);
        }
    }

    internal static async Task DecideFromWhatsAppAsync(IAppHost host)
    {
        var (coordinator, number, _) = await OptedInCoordinatorAsync(host, "71", UniqueNumber());
        var story = new Story(host);
        await story.SubmitAsync(body => body["regencyCode"] = "71.71");
        await story.ConfirmAsync();

        var request = await WaitForMessageAsync(host, number, story.Name);
        Assert.StartsWith($"Halo {coordinator.Name.Split(' ')[0]}, ada permintaan yang menunggu keputusan Anda: Pendaftaran komunitas {story.Name}", request);
        var decide = new Uri(LinkPattern().Match(request).Value).PathAndQuery;
        Assert.StartsWith("/api/approvals/", decide);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(decide)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(decide, "approve")).StatusCode);
        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());
        // Both channels by default: the email went too, with its own decision link.
        Assert.StartsWith("/api/approvals/", await story.ApprovalLinkAsync(coordinator: coordinator.Email, seconds: 120));
    }

    [Fact]
    public async Task A_coordinator_who_chose_whatsapp_only_gets_no_request_email_and_when_whatsapp_fails_gets_the_inbox_by_email_once()
    {
        await using var host = await LocalHost.StartAsync(Story.Timings(confirmSeconds: 120, reminderSeconds: 3600, expireSeconds: 7200));
        var (coordinator, _, change) = await OptedInCoordinatorAsync(host, "72", UniqueNumber("0000"));
        var chosen = await host.Client.PostJsonAsync(change, new Dictionary<string, string> { ["action"] = "channels", ["approval-requests"] = "whatsapp" });
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);

        var story = new Story(host);
        await story.SubmitAsync(body => body["regencyCode"] = "72.71");
        await story.ConfirmAsync();

        var fallback = Assert.Single(await Mail.WaitForAsync(host.Client, coordinator.Email, "Permintaan persetujuan menunggu Anda"));
        Assert.Contains("/api/inbox?k=", fallback.Text);
        Assert.Empty(await story.MailAboutAsync(coordinator.Email, story.Name));
        var inbox = new Uri(fallback.Links("/api/inbox")[0]).PathAndQuery;
        Assert.Contains(story.Name, await host.Client.GetStringAsync(inbox));
    }
}
