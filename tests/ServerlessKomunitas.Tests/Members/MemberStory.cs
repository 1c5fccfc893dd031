using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Proposals;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Members;

/// <summary>A member signing up through HTTP and confirming from the mailbox.</summary>
public sealed class MemberStory(IAppHost host, string communityId, string? email = null)
{
    public string Email { get; } = email ?? Submissions.UniqueEmail("anggota");

    public string CommunityId => communityId;

    public string PersonKey => Person.KeyOf(Email);

    public HttpClient Client => host.Client;

    public static Dictionary<string, string?> Timings(double confirm = 60) => new()
    {
        ["Durable:Backend"] = "InMemory",
        ["Member:ConfirmationWindow"] = TimeSpan.FromSeconds(confirm).ToString("c"),
    };

    /// <summary>An approved community in Kabupaten Tabalong, written directly.</summary>
    public static async Task<string> CommunityAsync(IAppHost host, string regencyCode = "63.09", RegistrationStatus status = RegistrationStatus.Approved) =>
        (await ProposalStory.ForNewCommunityAsync(host, regencyCode, status)).Valid()["communityId"]!.GetValue<string>();

    public JsonObject Valid() => new()
    {
        ["name"] = "Sari Ilustrasi",
        ["email"] = Email,
        ["phone"] = "0813-5000-1234",
        ["communityId"] = communityId,
        ["subsectors"] = new JsonArray("desain-komunikasi-visual"),
        ["regencyCode"] = "63.09",
        ["profile"] = "Ilustrator digital, suka komik.",
        ["wantsMentor"] = true,
        ["consent"] = true,
        ["consentVersion"] = "2026-11",
    };

    public static HttpRequestMessage Json(JsonObject body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/members") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    public async Task<HttpResponseMessage> SignUpAsync(Action<JsonObject>? change = null)
    {
        var body = Valid();
        change?.Invoke(body);
        return await Client.SendAsync(Json(body));
    }

    public async Task<string> ConfirmLinkAsync(int count = 1) =>
        new Uri(Assert.Single((await Mail.WaitForAsync(Client, Email, "Konfirmasi keanggotaan", count)).OrderByDescending(m => m.SentAt).First().Links("/api/members/confirm/"))).PathAndQuery;

    public async Task<HttpResponseMessage> ConfirmAsync(string link) =>
        await Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, link) { Headers = { Accept = { new("application/json") } } });

    public async Task<MembershipStatus> CompletionAsync(int attempt = 1, int seconds = 180)
    {
        return (await host.CompletionAsync(Membership.InstanceIdOf(PersonKey, communityId, attempt), seconds)).ReadOutputAs<MembershipStatus>();
    }

    public Task<PersonStore.PersonRows> RowsAsync() => host.Get<PersonStore>().ReadAsync(PersonKey);

    /// <summary>A confirmed person (by default in Kabupaten Tabalong, WITA), written with the app's stores: for tests about what members do, not how they join.</summary>
    public static async Task<Person> ConfirmedPersonAsync(IAppHost host, Registration community, string name, string regencyCode = "63.09",
        string[]? subsectors = null, string? email = null)
    {
        var regions = host.Get<ServerlessKomunitas.Regions.RegionDirectory>();
        var regency = (await regions.FindRegencyAsync(regencyCode))!;
        var zone = (await regions.FindProvinceAsync(regency.ProvinceCode))!.Zone;
        var member = new NewMember(name, email ?? Submissions.UniqueEmail("anggota"), "+6281350001234", community, subsectors ?? ["desain-komunikasi-visual"], regency,
            zone, null, WantsMentor: false, OffersMentoring: false, MentorCapacity: 0, ConsentVersion: "2026-11");
        var persons = host.Get<PersonStore>();
        var signUp = await persons.SignUpAsync(member, DateTimeOffset.UtcNow);
        return (await persons.ConfirmAsync(signUp.Person.Key, community.Id, signUp.Membership.Attempt, DateTimeOffset.UtcNow)).Rows.Person!;
    }
}
