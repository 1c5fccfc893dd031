using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ServerlessKomunitas.Bench;

/// <summary>
/// Register (JSON POST), confirm the address, the province coordinator approves, the welcome arrives. With
/// <paramref name="whatsApp"/>, the contact also asks for WhatsApp on the form and follows the opt-in message's link.
/// </summary>
sealed class RegistrationStories(Site site, string regencyCode = "35.73", string coordinator = RegistrationStories.JawaTimur, bool whatsApp = false) : StoryDriver(site)
{
    static readonly string[] Subsectors = ["film-animasi-video"];

    public const string JawaTimur = "koordinator.jawa-timur@example.org";

    /// <summary>The last community this driver got approved: its id, contact address and contact's WhatsApp number.</summary>
    public (string Id, string Email, string Number) LastCommunity { get; private set; }

    /// <summary>Every community this driver got approved.</summary>
    public ConcurrentBag<(string Id, string Email)> Communities { get; } = [];

    protected override async Task<StoryTimes> OneStoryAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var email = $"bench.{tag}@example.org";
        var name = $"Komunitas Uji {tag}";
        var number = "+62813" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = JsonSerializer.Serialize(new
        {
            name, subsectors = Subsectors, regencyCode, contactName = "Peserta Uji",
            email, phone = number, memberCount = 20, consent = true, consentVersion = "2026-11",
            whatsapp = whatsApp, whatsappConsentVersion = whatsApp ? "2026-12" : null,
        });
        var story = Stopwatch.StartNew();
        var response = await Client.PostAsync("/api/communities", new StringContent(body, Encoding.UTF8, "application/json"));
        var postMs = story.Elapsed.TotalMilliseconds;
        Expect(response, HttpStatusCode.Accepted);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var confirm = await LinkAsync(email, "Konfirmasi email", "/api/confirmations/");
        Expect(await Client.PostAsync(confirm, null), HttpStatusCode.OK);
        if (whatsApp)
        {
            Expect(await Client.PostAsync(await WhatsAppLinkAsync(number, "Konfirmasi di sini", "/api/whatsapp/confirm"), null), HttpStatusCode.OK);
        }
        await ApproveAsync(coordinator, name);
        await LinkAsync(email, "diterima di jaringan", null);
        var total = story.Elapsed.TotalMilliseconds;
        LastCommunity = (id, email, number);
        Communities.Add((id, email));
        return new StoryTimes(postMs, total, total);
    }
}
