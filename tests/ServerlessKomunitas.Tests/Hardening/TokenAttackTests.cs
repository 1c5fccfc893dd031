using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ServerlessKomunitas.Links;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Registrations;
using Xunit.Abstractions;

namespace ServerlessKomunitas.Tests.Hardening;

/// <summary>
/// Signed links under attack, over HTTP: forged, truncated, from an unknown key, expired, used for another purpose,
/// and replayed. Each is refused with a 4xx and changes no table and sends no mail.
/// </summary>
public class TokenAttackTests(ITestOutputHelper output)
{
    static string Forged(string token)
    {
        var last = token[^1] == 'A' ? 'B' : 'A';
        return token[..^1] + last;
    }

    /// <summary>The same claims under a key id the host does not have.</summary>
    static string UnknownKey(string token)
    {
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[0]))!;
        payload["k"] = "gone";
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString())) + "." + token.Split('.')[1];
    }

    static string TokenOf(string path) => Uri.UnescapeDataString(path.Contains("?k=") ? path.Split("?k=")[1] : path.Split('/')[^1]);

    static string WithToken(string path, string token) =>
        path.Contains("?k=") ? path.Split("?k=")[0] + "?k=" + Uri.EscapeDataString(token) : path[..(path.LastIndexOf('/') + 1)] + Uri.EscapeDataString(token);

    [Fact]
    public async Task Forged_truncated_unknown_key_expired_cross_purpose_and_replayed_links_are_refused_and_change_nothing()
    {
        // Timers far off: the attacks take minutes on a busy machine, and the registration must still be open after them.
        await using var host = await LocalHost.StartAsync(new Dictionary<string, string?>(Story.Timings(confirmSeconds: 3600, reminderSeconds: 3600, expireSeconds: 7200))
        {
            ["RateLimits:PostsPerLinkPerHour"] = "1000",
        });
        await RunAsync(host, output);
    }

    /// <summary>
    /// The attacks on <paramref name="host"/>, which must be quiet (no workflow of another test due to wake), keep
    /// registrations open for longer than the attacks take, and allow a link some 30 posts an hour.
    /// </summary>
    internal static async Task RunAsync(IAppHost host, ITestOutputHelper output)
    {
        var story = new Story(host);
        await story.SubmitAsync();
        var confirm = await story.ConfirmationLinkAsync();
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var person = await MemberStory.ConfirmedPersonAsync(host, community, "Pemilik Tautan");
        var links = host.Get<PreferenceLinks>();
        var withdraw = new Uri(links.MyData(person.Key)).PathAndQuery.Replace("/api/my-data?", "/api/my-data/withdraw?");
        var signer = host.Get<LinkSigner>();
        var expired = signer.Sign(new SignedLink(person.Key, LinkPurpose.MyData, "self", 0, DateTimeOffset.UtcNow.AddMinutes(-1), PreferenceLinks.SubjectType));

        var cases = new List<(string What, string Path, HttpStatusCode Expected)>();
        foreach (var (route, path) in new[] { ("registration confirmation", confirm), ("withdrawal", withdraw) })
        {
            var token = TokenOf(path);
            cases.Add(($"{route}: forged signature", WithToken(path, Forged(token)), HttpStatusCode.BadRequest));
            cases.Add(($"{route}: truncated", WithToken(path, token[..^6]), HttpStatusCode.BadRequest));
            cases.Add(($"{route}: payload only", WithToken(path, token.Split('.')[0]), HttpStatusCode.BadRequest));
            cases.Add(($"{route}: unknown key", WithToken(path, UnknownKey(token)), HttpStatusCode.NotFound));
        }
        cases.Add(("withdrawal: expired", WithToken(withdraw, expired), HttpStatusCode.Gone));
        // A confirmation link where a decision is expected, and an email-preferences link where the data rights are.
        cases.Add(("confirmation link used to decide", "/api/approvals/" + Uri.EscapeDataString(TokenOf(confirm)), HttpStatusCode.BadRequest));
        cases.Add(("preferences link used to withdraw", WithToken(withdraw, TokenOf(new Uri(links.Page(person.Key)).PathAndQuery)), HttpStatusCode.BadRequest));
        cases.Add(("unsubscribe link used to delete", WithToken(withdraw.Replace("/withdraw?", "/delete?"),
            TokenOf(new Uri(links.Unsubscribe(person.Key, EmailCategory.WeeklyChallenge)).PathAndQuery)), HttpStatusCode.BadRequest));

        await HostState.SettledAsync(host);
        var failures = new List<string>();
        foreach (var (what, path, expected) in cases)
        {
            HttpResponseMessage response = null!;
            var unchanged = false;
            // The registration's workflow may wake on a timer meanwhile: a change is only the attack's if a second try, on a settled host, changes something too.
            for (var attempt = 0; attempt < 2 && !unchanged; attempt++)
            {
                var before = attempt == 0 ? await HostState.CaptureAsync(host) : await HostState.SettledAsync(host);
                var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent([new("confirm", "ya"), new("decision", "approve")]) };
                request.Headers.Accept.ParseAdd("application/json");
                response = await host.Client.SendAsync(request);
                unchanged = await HostState.CaptureAsync(host) == before;
            }
            output.WriteLine($"{what}: {(int)response.StatusCode}{(unchanged ? "" : " CHANGED STATE")}");
            if (response.StatusCode != expected || !unchanged || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{what}: {(int)response.StatusCode} (expected {(int)expected}), unchanged: {unchanged}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Replayed: a decision link is single-use. The first decision counts; the replay is refused and changes nothing.
        await story.ConfirmAsync();
        var decide = await story.ApprovalLinkAsync();
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(decide, "approve", json: true)).StatusCode);
        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());
        await Mail.WaitForAsync(host.Client, story.Email, "Selamat!");
        var settled = await HostState.SettledAsync(host);
        var replay = await story.DecideAsync(decide, "reject", "Berubah pikiran", json: true);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal(settled, await HostState.CaptureAsync(host));
        // The same decision sent again is also "already decided", and once the round is closed it changes nothing either.
        Assert.Equal(HttpStatusCode.Conflict, (await story.DecideAsync(decide, "approve", json: true)).StatusCode);
        Assert.Equal(settled, await HostState.SettledAsync(host));
        Assert.Equal(RegistrationStatus.Approved, (await host.Get<RegistrationStore>().FindAsync(story.Id))!.Status);
    }
}
