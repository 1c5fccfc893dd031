using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;
using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Tests.WhatsApp;

/// <summary>
/// WhatsApp's double opt-in, from the preferences page as a person uses it: a number and the WhatsApp consent, the
/// opt-in message in the dev service's WhatsApp view, its link followed, and only then WhatsApp on; bad input refused
/// field by field; the person switching it off, the day's cap, the export and the withdrawal. The same story runs on the
/// real Functions host (<see cref="RealHost.SharedFunctionsHostTests"/>).
/// </summary>
public partial class WhatsAppOptInTests
{
    [Fact]
    public async Task A_member_opts_in_from_the_preferences_page_and_whatsapp_is_on_only_after_the_link_in_the_whatsapp_message()
    {
        await using var host = await LocalHost.StartAsync();
        await OptInAsync(host);
    }

    /// <summary>A confirmed member, written as the sign-up leaves one; their preferences link.</summary>
    internal static async Task<(string PersonKey, string Number, string Preferences)> MemberAsync(IAppHost host)
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        var person = Person.KeyOf(email);
        var number = "+62815" + Random.Shared.Next(1000000, 9999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await host.Get<ServerlessKomunitas.Storage.KomunitasTables>().Client(PersonStore.TableName).AddEntityAsync(new Person
        {
            PartitionKey = person, Name = "Rina Wulandari", Email = email, Phone = number, Status = PersonStatus.Confirmed, Zone = "WITA",
            ConsentVersion = "2026-11", ConsentedAt = DateTimeOffset.UtcNow, ConfirmedAt = DateTimeOffset.UtcNow,
        });
        return (person, number, new Uri(host.Get<PreferenceLinks>().Page(person)).PathAndQuery);
    }

    /// <summary>The opt-in messages that reached the number, newest first, as their links.</summary>
    internal static async Task<List<string>> OptInLinksAsync(IAppHost host, string number) =>
        [.. JsonDocument.Parse(await host.Client.GetStringAsync($"/dev/whatsapp/messages?to={Uri.EscapeDataString("whatsapp:" + number)}")).RootElement
            .EnumerateArray().Select(m => m.GetProperty("text").GetString()!).Where(t => t.Contains("Konfirmasi di sini", StringComparison.Ordinal))
            .Select(t => new Uri(LinkPattern().Match(t).Value).PathAndQuery)];

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();

    internal static async Task OptInAsync(IAppHost host)
    {
        var (person, number, preferences) = await MemberAsync(host);
        var change = ApiRoutes.ChangeWhatsApp.Path + new Uri("http://x" + preferences).Query;
        var consents = host.Get<WhatsAppConsents>();

        // The page offers WhatsApp with the member's number filled in, and the consent of its own.
        var page = WebUtility.HtmlDecode(await host.Client.GetStringAsync(preferences));
        Assert.Contains("<h2 id=\"whatsapp-heading\">WhatsApp</h2>", page);
        Assert.Contains($"value=\"{number}\"", page);
        Assert.Contains(WhatsAppConsentText.Version, page);

        // Bad input: each field named, nothing recorded, nothing sent.
        var bad = await host.Client.PostJsonAsync(change, new { action = "request", number = "0812-ab", consent = false, consentVersion = "2020-01" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["consent", "consentVersion", "number"], (await bad.ReadJson()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        var unknownAction = await host.Client.PostJsonAsync(change, new { action = "semua" });
        Assert.Equal("action", Assert.Single((await unknownAction.ReadJson()).GetProperty("errors").EnumerateObject()).Name);
        var form = await host.Client.PostAsync(change, new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "request", ["number"] = number }));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Contains("Persetujuan penggunaan nomor WhatsApp wajib diberikan.", await form.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.PostJsonAsync(change[..^3] + "xyz", new { action = "off" })).StatusCode);
        Assert.Null(await consents.FindAsync(person));
        Assert.Empty(await OptInLinksAsync(host, number));

        // Asked twice (the number spelled as people write it): two messages, and only the latest link confirms.
        var request = new { action = "request", number = "0" + number[3..6] + "-" + number[6..], consent = true, consentVersion = WhatsAppConsentText.Version };
        var first = await host.Client.PostJsonAsync(change, request);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var view = await first.ReadJson();
        Assert.Equal(("requested", number), (view.GetProperty("status").GetString(), view.GetProperty("number").GetString()));
        Assert.Null(await consents.ConfirmedNumberAsync(person));
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostJsonAsync(change, request)).StatusCode);
        var links = await OptInLinksAsync(host, number);
        Assert.Equal(2, links.Count);
        Assert.Contains("Halo Rina,", (await host.Client.GetStringAsync($"/dev/whatsapp/messages?to={Uri.EscapeDataString("whatsapp:" + number)}")));

        var confirmPage = await host.Client.GetStringAsync(links[0]);
        Assert.Contains("Aktifkan WhatsApp", confirmPage);
        Assert.Null(await consents.ConfirmedNumberAsync(person));
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client.PostAsync(links[1], null)).StatusCode);
        var confirmed = await host.Client.PostAsync(links[0], null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("WhatsApp aktif", await confirmed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(links[0], null)).StatusCode);
        Assert.Equal(number, await consents.ConfirmedNumberAsync(person));
        var consent = (await consents.FindAsync(person))!;
        Assert.Equal((WhatsAppConsentText.Version, WhatsAppConsentStatus.Confirmed), (consent.ConsentVersion, consent.Status));
        Assert.Contains($"WhatsApp aktif untuk nomor <strong>{number}</strong>", WebUtility.HtmlDecode(await host.Client.GetStringAsync(preferences)));

        // The export has the consent, its version and times.
        var myData = new Uri(host.Get<PreferenceLinks>().MyData(person)).PathAndQuery;
        var export = JsonDocument.Parse(await host.Client.GetStringAsync(myData.Replace("/api/my-data?", "/api/my-data/export?"))).RootElement;
        var exported = Assert.Single(export.GetProperty("whatsAppConsent").EnumerateArray());
        Assert.Equal((number, "Confirmed", WhatsAppConsentText.Version), (exported.GetProperty("number").GetString(), exported.GetProperty("status").GetString(),
            exported.GetProperty("consentVersion").GetString()));
        Assert.Equal(2, export.GetProperty("whatsAppMessages").GetArrayLength());

        // Switched off by the person: at once.
        var off = await host.Client.PostJsonAsync(change, new { action = "off" });
        Assert.Equal("off", (await off.ReadJson()).GetProperty("status").GetString());
        Assert.Null(await consents.ConfirmedNumberAsync(person));

        // A third opt-in message today goes; a fourth is refused until tomorrow, naming the number.
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostJsonAsync(change, request)).StatusCode);
        var capped = await host.Client.PostJsonAsync(change, request);
        Assert.Equal(HttpStatusCode.TooManyRequests, capped.StatusCode);
        Assert.NotNull(capped.Headers.RetryAfter);
        Assert.Equal("number", Assert.Single((await capped.ReadJson()).GetProperty("errors").EnumerateObject()).Name);
        Assert.Equal(3, (await OptInLinksAsync(host, number)).Count);

        // Confirmed again from the latest message, then the consent to processing is withdrawn: WhatsApp is off at once.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync((await OptInLinksAsync(host, number))[0], null)).StatusCode);
        Assert.Equal(number, await consents.ConfirmedNumberAsync(person));
        var withdraw = await host.Client.PostJsonAsync(myData.Replace("/api/my-data?", "/api/my-data/withdraw?"), new { confirm = true });
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        Assert.Null(await consents.ConfirmedNumberAsync(person));
        Assert.Equal(WhatsAppConsentStatus.Off, (await consents.FindAsync(person))!.Status);
    }

    [Fact]
    public async Task A_member_who_ticks_whatsapp_on_the_sign_up_form_gets_the_opt_in_message_only_after_confirming_their_membership()
    {
        await using var host = await LocalHost.StartAsync(Members.MemberStory.Timings());
        await SignUpWithWhatsAppAsync(host);
    }

    internal static async Task SignUpWithWhatsAppAsync(IAppHost host)
    {
        var member = new Members.MemberStory(host, await Members.MemberStory.CommunityAsync(host));
        var number = "+62816" + Random.Shared.Next(1000000, 9999999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        // The WhatsApp box carries its own consent version; a wrong one is refused, naming the field.
        var refused = await member.SignUpAsync(body => (body["phone"], body["whatsapp"], body["whatsappConsentVersion"]) = (number, true, "2020-01"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("whatsappConsentVersion", Assert.Single((await refused.ReadJson()).GetProperty("errors").EnumerateObject()).Name);
        var form = WebUtility.HtmlDecode(await host.Client.GetStringAsync(ApiRoutes.MemberForm.Path));
        Assert.Contains("name=\"whatsapp\"", form);
        Assert.Contains(WhatsAppConsentText.Text, form);

        // No mentoring wish: on the shared real host, a member asking for a mentor would be matched by other stories' mentors.
        var signedUp = await member.SignUpAsync(body => (body["phone"], body["whatsapp"], body["whatsappConsentVersion"], body["wantsMentor"])
            = (number, true, WhatsAppConsentText.Version, false));
        Assert.Equal(HttpStatusCode.Accepted, signedUp.StatusCode);
        Assert.Empty(await OptInLinksAsync(host, number));
        Assert.Equal(HttpStatusCode.OK, (await member.ConfirmAsync(await member.ConfirmLinkAsync())).StatusCode);

        var link = await WaitForOptInAsync(host, number);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(link, null)).StatusCode);
        var consent = (await host.Get<WhatsAppConsents>().FindAsync(member.PersonKey))!;
        Assert.Equal((WhatsAppConsentStatus.Confirmed, number, WhatsAppConsentText.Version), (consent.Status, consent.Number, consent.ConsentVersion));
        Assert.Equal((await member.RowsAsync()).Person!.WhatsAppConsentedAt, consent.ConsentedAt);
    }

    /// <summary>The opt-in message's link, once the workflow's welcome has sent it.</summary>
    internal static async Task<string> WaitForOptInAsync(IAppHost host, string number, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if ((await OptInLinksAsync(host, number)) is [var link])
            {
                return link;
            }
            Assert.True(DateTime.UtcNow < deadline, $"No opt-in message reached {number} in {seconds} s.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_number_that_replied_berhenti_gets_no_opt_in_message_and_the_page_says_how_to_start_again()
    {
        await using var host = await LocalHost.StartAsync();
        var (_, number, preferences) = await MemberAsync(host);
        var change = ApiRoutes.ChangeWhatsApp.Path + new Uri("http://x" + preferences).Query;
        var reply = await host.Client.PostAsync("/dev/whatsapp/reply", new FormUrlEncodedContent(new Dictionary<string, string> { ["from"] = number, ["body"] = "BERHENTI" }));
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);

        var refused = await host.Client.PostAsync(change, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["action"] = "request", ["number"] = number, ["consent"] = "on", ["consentVersion"] = WhatsAppConsentText.Version,
        }));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Balas MULAI", await refused.Content.ReadAsStringAsync());
        Assert.Empty(await OptInLinksAsync(host, number));
        Assert.Contains("pernah membalas BERHENTI", await host.Client.GetStringAsync(preferences));
    }
}
