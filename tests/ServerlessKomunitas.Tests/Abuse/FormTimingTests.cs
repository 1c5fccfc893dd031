using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Abuse;

/// <summary>A form served by a page carries a signed stamp of when it was handed out; sent back too soon, or altered, it is the form again.</summary>
public class FormTimingTests
{
    static string StampOf(string html) => WebUtility.HtmlDecode(Regex.Match(html, "name=\"formStartedAt\" value=\"([^\"]+)\"").Groups[1].Value);

    [Fact]
    public async Task A_registration_form_sent_back_within_the_minimum_fill_time_or_with_an_altered_stamp_is_shown_again_and_nothing_is_stored()
    {
        // A minimum far longer than the test's own steps can take on a busy machine; the clock the test moves does the waiting.
        var clock = new MovableTime();
        await using var host = await LocalHost.StartAsync(new Dictionary<string, string?>(Story.Timings()) { ["RateLimits:MinimumFillTime"] = "00:10:00" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        var stamp = StampOf(await host.Client.GetStringAsync("/api/daftar"));
        Assert.NotEmpty(stamp);
        var body = Submissions.Valid();
        body["formStartedAt"] = stamp;
        var before = await Rows.CountAsync(host.Get<ServerlessKomunitas.Storage.KomunitasTables>().Client(ServerlessKomunitas.Registrations.RegistrationStore.TableName));

        var tooFast = await host.Client.SendAsync(Submissions.Form(body));

        Assert.Equal(HttpStatusCode.BadRequest, tooFast.StatusCode);
        var page = await tooFast.Content.ReadAsStringAsync();
        Assert.Contains("Formulir terkirim terlalu cepat", page);
        Assert.NotEmpty(StampOf(page));

        body["formStartedAt"] = stamp[..^3] + "AAA";
        clock.Offset = TimeSpan.FromMinutes(11);
        var altered = await host.Client.SendAsync(Submissions.Form(body));
        Assert.Equal(HttpStatusCode.BadRequest, altered.StatusCode);
        Assert.Contains("Formulir ini tidak utuh", await altered.Content.ReadAsStringAsync());
        Assert.Equal(before, await Rows.CountAsync(host.Get<ServerlessKomunitas.Storage.KomunitasTables>().Client(ServerlessKomunitas.Registrations.RegistrationStore.TableName)));

        // A person who took their time gets through with the same page.
        body["formStartedAt"] = stamp;
        var sent = await host.Client.SendAsync(Submissions.Form(body));
        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
    }

    [Fact]
    public async Task The_rsvp_link_request_form_has_the_bot_trap_and_the_fill_time_too()
    {
        await using var host = await LocalHost.StartAsync(new Dictionary<string, string?>(Members.MemberStory.Timings()) { ["RateLimits:MinimumFillTime"] = "00:10:00" });
        var community = (await host.Get<RegistrationStore>().FindAsync(await Members.MemberStory.CommunityAsync(host)))!;
        var person = await Members.MemberStory.ConfirmedPersonAsync(host, community, "Tamu Cepat");
        var e = await Rsvps.EventStory.PublishAsync(host, community, DateTimeOffset.UtcNow.AddDays(9), 10);
        var page = await host.Client.GetStringAsync($"/api/events/{e.Entry.ProposalId}/rsvp");
        var stamp = StampOf(page);
        Assert.NotEmpty(stamp);
        Assert.Contains("name=\"website\"", page);

        var trapped = await host.Client.PostAsync($"/api/events/{e.Entry.ProposalId}/rsvp", new FormUrlEncodedContent([new("email", person.Email), new("website", "https://spam.example")]));
        var hasty = await host.Client.PostAsync($"/api/events/{e.Entry.ProposalId}/rsvp", new FormUrlEncodedContent([new("email", person.Email), new("formStartedAt", stamp)]));

        Assert.Equal(HttpStatusCode.BadRequest, trapped.StatusCode);
        Assert.Contains("harus dikosongkan", await trapped.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, hasty.StatusCode);
        Assert.Contains("Formulir terkirim terlalu cepat", await hasty.Content.ReadAsStringAsync());
        await HostState.SettledAsync(host);
        Assert.Empty(await Mail.ToAsync(host.Client, person.Email));
    }
}
