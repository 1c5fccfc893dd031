using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;

namespace ServerlessKomunitas.Tests.Abuse;

/// <summary>Every anonymous POST and DELETE passes limits per client and per link, counted in Table Storage, before its handler runs.</summary>
public class RequestLimitTests
{
    static readonly string[] EventReminders = ["event-reminders"];

    static async Task<(LocalHost Host, Person Person, Registration Community)> StartAsync(Dictionary<string, string?> limits)
    {
        // Limits count per clock hour: the test runs on a clock that cannot straddle the hour.
        var host = await LocalHost.StartAsync(new Dictionary<string, string?>(MemberStory.Timings().Concat(limits)), services: s => s.AddSingleton<TimeProvider>(new MidWindowTime()));
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        return (host, await MemberStory.ConfirmedPersonAsync(host, community, "Sering Klik"), community);
    }

    static HttpRequestMessage Json(string path, object body, string accept = "application/json") => new(HttpMethod.Post, path)
    {
        Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        Headers = { Accept = { new(accept) } },
    };

    [Fact]
    public async Task One_link_used_too_often_in_an_hour_gets_429_with_retry_after_and_its_handler_does_not_run()
    {
        var (host, person, community) = await StartAsync(new() { ["RateLimits:PostsPerLinkPerHour"] = "3" });
        await using var _ = host;
        var preferences = new Uri(host.Get<PreferenceLinks>().Page(person.Key)).PathAndQuery;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(Json(preferences, new { categories = EventReminders }))).StatusCode);
        }

        var refused = await host.Client.SendAsync(Json(preferences, new { categories = Array.Empty<string>() }));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"link\"", await refused.Content.ReadAsStringAsync());
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.True((await host.Get<PersonStore>().FindPersonAsync(person.Key))!.Wants(EmailCategory.EventReminders));
        // Another person's link is not held back by this one.
        var other = await MemberStory.ConfirmedPersonAsync(host, community, "Jarang Klik");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(Json(new Uri(host.Get<PreferenceLinks>().Page(other.Key)).PathAndQuery, new { categories = Array.Empty<string>() }))).StatusCode);
    }

    [Fact]
    public async Task One_client_posting_too_often_across_routes_gets_429_and_a_page_in_bahasa_indonesia_for_a_form()
    {
        var (host, person, _) = await StartAsync(new() { ["RateLimits:PostsPerClientPerHour"] = "2" });
        await using var _ = host;
        var links = host.Get<PreferenceLinks>();
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(Json(new Uri(links.Page(person.Key)).PathAndQuery, new { categories = Array.Empty<string>() }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(new Uri(links.Unsubscribe(person.Key, EmailCategory.WeeklyChallenge)).PathAndQuery, null)).StatusCode);

        var form = await host.Client.PostAsync(new Uri(links.MyData(person.Key)).PathAndQuery.Replace("/api/my-data?", "/api/my-data/withdraw?"),
            new FormUrlEncodedContent([new("confirm", "ya")]));

        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        Assert.Equal("text/html", form.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Terlalu banyak permintaan", await form.Content.ReadAsStringAsync());
        Assert.NotNull(form.Headers.RetryAfter);
        Assert.Equal(PersonStatus.Confirmed, (await host.Get<PersonStore>().FindPersonAsync(person.Key))!.Status);
        // Reading is never limited.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(new Uri(links.MyData(person.Key)).PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task Behind_a_proxy_the_client_is_the_right_most_forwarded_entry_so_a_caller_cannot_pose_as_many()
    {
        var (host, person, _) = await StartAsync(new()
        {
            ["RateLimits:PostsPerClientPerHour"] = "2",
            ["RateLimits:TrustForwardedFor"] = "true",
        });
        await using var _ = host;
        var preferences = new Uri(host.Get<PreferenceLinks>().Page(person.Key)).PathAndQuery;
        HttpRequestMessage From(string forwardedFor)
        {
            var request = Json(preferences, new { categories = Array.Empty<string>() });
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            return request;
        }

        // The caller writes a new address on the left each time; our front end appends the one it saw.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(From("198.51.100.1, 203.0.113.7"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(From("198.51.100.2, 203.0.113.7:51234"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.Client.SendAsync(From("198.51.100.3, 203.0.113.7"))).StatusCode);

        // Another client, as the front end saw it, has its own count.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(From("203.0.113.7, 203.0.113.8"))).StatusCode);
    }

    [Fact]
    public async Task A_storage_failure_while_counting_a_limit_is_a_503_with_retry_after_and_the_handler_does_not_run()
    {
        var prefix = LocalHost.UniquePrefix();
        var crash = new StorageCrash(r => r.Uri.ToString().Contains($"/{prefix}RateLimits", StringComparison.Ordinal), CrashPoint.BeforeWrite, times: 1000);
        var host = await LocalHost.StartAsync(new Dictionary<string, string?>(MemberStory.Timings()), tablePrefix: prefix,
            services: s => s.AddSingleton<TimeProvider>(new MidWindowTime()));
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var person = await MemberStory.ConfirmedPersonAsync(host, community, "Saat Gangguan");
        await host.DisposeAsync();

        await using var failing = await LocalHost.StartAsync(new Dictionary<string, string?>(MemberStory.Timings()), tablePrefix: prefix, seed: false,
            services: s => { s.AddSingleton<TimeProvider>(new MidWindowTime()); s.AddSingleton(crash.Options()); });
        var refused = await failing.Client.SendAsync(Json(new Uri(failing.Get<PreferenceLinks>().Page(person.Key)).PathAndQuery, new { categories = Array.Empty<string>() }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.DoesNotContain("Exception", await refused.Content.ReadAsStringAsync());
        Assert.True(crash.Crashes > 0);
        Assert.True((await failing.Get<PersonStore>().FindPersonAsync(person.Key))!.Wants(EmailCategory.WeeklyChallenge));
    }
}
