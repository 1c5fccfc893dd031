using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Rsvps;

namespace ServerlessKomunitas.Tests.Hardening;

/// <summary>
/// One host for the hostile-input suite, with the rate limits lifted (they would answer 429 before the handlers are
/// reached), a community, a confirmed person with their signed links, and a coming event. The suite runs on the Local
/// host and on the real Functions host (<see cref="RealHost.FunctionsHostileInputFixture"/>).
/// </summary>
public abstract class HostileInputFixture : IAsyncLifetime
{
    public IAppHost Host { get; private set; } = null!;
    public Registration Community { get; private set; } = null!;
    public Person Person { get; private set; } = null!;
    public OpenEvent Event { get; private set; } = null!;
    public JsonElement OpenApi { get; private set; }

    /// <summary>The community's coordinator, whose inbox link the inbox's own routes take.</summary>
    public ServerlessKomunitas.Coordinators.Coordinator Coordinator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await StartHostAsync(new Dictionary<string, string?>(MemberStory.Timings())
        {
            ["RateLimits:SubmissionsPerClientPerHour"] = "1000000",
            ["RateLimits:PostsPerClientPerHour"] = "1000000",
            ["RateLimits:PostsPerLinkPerHour"] = "1000000",
            ["RateLimits:ConfirmationEmailsPerAddressPerDay"] = "1000000",
            ["Proposal:ProposalsPerCommunityPerDay"] = "1000000",
        });
        Community = (await Host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(Host)))!;
        Person = await MemberStory.ConfirmedPersonAsync(Host, Community, "Tamu Uji");
        Event = await EventStory.PublishAsync(Host, Community, DateTimeOffset.UtcNow.AddDays(12), capacity: 20);
        OpenApi = await Host.Client.GetFromJsonAsync<JsonElement>("/api/openapi.json");
        Coordinator = await Host.Get<ServerlessKomunitas.Coordinators.CoordinatorDirectory>().FindApproverAsync(Community.ProvinceCode);
    }

    protected abstract Task<IAppHost> StartHostAsync(Dictionary<string, string?> settings);

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>A valid value for each path and query parameter this host can give one for.</summary>
    public IReadOnlyDictionary<string, string> ValidParameters(string path)
    {
        var links = Host.Get<PreferenceLinks>();
        var k = path switch
        {
            "/api/unsubscribe" => Query(links.Unsubscribe(Person.Key, EmailCategory.WeeklyChallenge)),
            "/api/preferences/address" => Query(links.ConfirmAddress(Person.Key)),
            "/api/inbox/whatsapp" => Query(Host.Get<ServerlessKomunitas.Inbox.InboxLinks>().For(Coordinator)),
            "/api/whatsapp/confirm" => Query(Host.Get<ServerlessKomunitas.WhatsApp.WhatsAppOptIn>().ConfirmLink(Person.Key, 1)),
            "/api/events/{id}/rsvp" => Query(Host.Get<EventRsvps>().Link(Person.Key, Event)),
            "/api/listing" => Query(Host.Get<ServerlessKomunitas.Listings.DirectoryLinks>().Listing(Community.Id)),
            _ when path.StartsWith("/api/my-data", StringComparison.Ordinal) => Query(links.MyData(Person.Key)),
            _ => Query(links.Page(Person.Key)),
        };
        return new Dictionary<string, string>
        {
            ["k"] = k,
            ["id"] = path.StartsWith("/api/events/", StringComparison.Ordinal) ? Event.Entry.ProposalId : Community.Id,
            ["community"] = Community.Id,
            ["kind"] = "workshop",
            ["scope"] = "63",
            ["week"] = "2026-W50",
            ["subsector"] = "fotografi",
        };
    }

    static string Query(string link) => Uri.UnescapeDataString(new Uri(link).Query.Split("k=")[1]);

    public Task<string> StateAsync() => HostState.CaptureAsync(Host);
}

public sealed class LocalHostileInputFixture : HostileInputFixture
{
    protected override async Task<IAppHost> StartHostAsync(Dictionary<string, string?> settings) =>
        await LocalHost.StartAsync(settings, services: s => s.AddSingleton<TimeProvider>(new MidWindowTime()));
}
