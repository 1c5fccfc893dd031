using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ServerlessKomunitas.Bench;

/// <summary>Register (JSON POST), confirm the address, the province coordinator approves, the welcome arrives.</summary>
sealed class RegistrationStories(Site site, string regencyCode = "35.73", string coordinator = RegistrationStories.JawaTimur) : StoryDriver(site)
{
    static readonly string[] Subsectors = ["film-animasi-video"];

    public const string JawaTimur = "koordinator.jawa-timur@example.org";

    /// <summary>The last community this driver got approved: its id and contact address.</summary>
    public (string Id, string Email) LastCommunity { get; private set; }

    /// <summary>Every community this driver got approved.</summary>
    public ConcurrentBag<(string Id, string Email)> Communities { get; } = [];

    protected override async Task<StoryTimes> OneStoryAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var email = $"bench.{tag}@example.org";
        var name = $"Komunitas Uji {tag}";
        var body = JsonSerializer.Serialize(new
        {
            name, subsectors = Subsectors, regencyCode, contactName = "Peserta Uji",
            email, phone = "0812-3456-7890", memberCount = 20, consent = true, consentVersion = "2026-11",
        });
        var story = Stopwatch.StartNew();
        var response = await Client.PostAsync("/api/communities", new StringContent(body, Encoding.UTF8, "application/json"));
        var postMs = story.Elapsed.TotalMilliseconds;
        Expect(response, HttpStatusCode.Accepted);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var confirm = await LinkAsync(email, "Konfirmasi email", "/api/confirmations/");
        Expect(await Client.PostAsync(confirm, null), HttpStatusCode.OK);
        await ApproveAsync(coordinator, name);
        await LinkAsync(email, "diterima di jaringan", null);
        var total = story.Elapsed.TotalMilliseconds;
        LastCommunity = (id, email);
        Communities.Add((id, email));
        return new StoryTimes(postMs, total, total);
    }
}
