using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Rsvps;

/// <summary>RSVPs through HTTP on the Local host, against a confirmed event and confirmed members written directly.</summary>
public class RsvpTests
{
    sealed record Guest(Person Person, string Link);

    sealed class Scene(IAppHost host, Registration community, OpenEvent e)
    {
        public IAppHost Host => host;
        public string EventId => e.Entry.ProposalId;
        public OpenEvent Event => e;

        public static async Task<Scene> StartAsync(int capacity, DateTimeOffset? start = null, ProposalStatus status = ProposalStatus.Confirmed,
            IDictionary<string, string?>? settings = null)
        {
            // Limits count per clock hour: a test that sets one runs on a clock that cannot straddle the hour.
            var host = await LocalHost.StartAsync(new Dictionary<string, string?>(MemberStory.Timings().Concat(settings ?? new Dictionary<string, string?>())),
                services: settings is null ? null : s => s.AddSingleton<TimeProvider>(new MidWindowTime()));
            return await OnAsync(host, capacity, start, status);
        }

        /// <summary>A community and its event on a host already running (the real Functions host, say).</summary>
        public static async Task<Scene> OnAsync(IAppHost host, int capacity, DateTimeOffset? start = null, ProposalStatus status = ProposalStatus.Confirmed)
        {
            var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
            return new Scene(host, community, await EventStory.PublishAsync(host, community, start ?? DateTimeOffset.UtcNow.AddDays(10), capacity, status: status));
        }

        public async Task<Guest> MemberAsync(string name)
        {
            var person = await MemberStory.ConfirmedPersonAsync(host, community, name);
            return new Guest(person, new Uri(host.Get<EventRsvps>().Link(person.Key, e)).PathAndQuery);
        }

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
        {
            var request = new HttpRequestMessage(method, path) { Headers = { Accept = { new("application/json") } } };
            if (body is not null)
            {
                request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            }
            return await host.Client.SendAsync(request);
        }

        public async Task<string> RsvpAsync(Guest guest, string action = "attend")
        {
            var response = await SendAsync(HttpMethod.Post, guest.Link, new { action });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
        }

        public async Task<IReadOnlyList<Rsvp>> ActiveAsync() => await host.Get<RsvpStore>().ActiveAsync(EventId);
    }

    [Fact]
    public async Task Fifty_concurrent_rsvps_for_ten_seats_give_ten_attendees_and_forty_in_line_and_freed_seats_go_in_order()
    {
        var scene = await Scene.StartAsync(capacity: 10);
        await using var _ = scene.Host;
        await FiftyForTenAsync(scene);
    }

    internal static async Task FiftyForTenAsync(IAppHost host) => await FiftyForTenAsync(await Scene.OnAsync(host, capacity: 10));

    static async Task FiftyForTenAsync(Scene scene)
    {
        var guests = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => scene.MemberAsync($"Peserta {i}")));

        var statuses = await Task.WhenAll(guests.Select(g => scene.RsvpAsync(g)));

        Assert.Equal(10, statuses.Count(s => s == "attending"));
        Assert.Equal(40, statuses.Count(s => s == "waitlisted"));
        var active = await scene.ActiveAsync();
        Assert.Equal(10, active.Count(r => r.Status == RsvpStatus.Attending));
        Assert.Equal(10, (await scene.Host.Get<RsvpStore>().SeatsAsync(scene.EventId))!.Attending);
        var line = active.Where(r => r.Status == RsvpStatus.Waitlisted).OrderBy(r => r.Sequence).Select(r => r.PersonKey).ToList();
        Assert.Equal(40, line.Distinct().Count());

        // Three attendees cancel one after another: the first three in line get their seats, in order, and are told.
        foreach (var leaving in active.Where(r => r.Status == RsvpStatus.Attending).Take(3))
        {
            var guest = guests.Single(g => g.Person.Key == leaving.PersonKey);
            Assert.Equal("none", await scene.RsvpAsync(guest, "cancel"));
        }
        var after = await scene.ActiveAsync();
        Assert.Equal(10, after.Count(r => r.Status == RsvpStatus.Attending));
        Assert.Equal(37, after.Count(r => r.Status == RsvpStatus.Waitlisted));
        foreach (var promoted in line.Take(3))
        {
            Assert.Equal(RsvpStatus.Attending, after.Single(r => r.PersonKey == promoted).Status);
            var email = guests.Single(g => g.Person.Key == promoted).Person.Email;
            var mail = Assert.Single(await Mail.WaitForAsync(scene.Host.Client, email, "Ada tempat untuk Anda"));
            Assert.Single(mail.Attachments);
        }
        Assert.All(line.Skip(3), key => Assert.Equal(RsvpStatus.Waitlisted, after.Single(r => r.PersonKey == key).Status));
    }

    [Fact]
    public async Task A_notice_a_crash_left_owed_is_sent_once_by_the_next_rsvp_and_one_just_written_is_left_to_its_own_request()
    {
        var scene = await Scene.StartAsync(capacity: 5);
        await using var _ = scene.Host;
        var crashed = await scene.MemberAsync("Sinta Terputus");
        var busy = await scene.MemberAsync("Wulan Sibuk");
        var next = await scene.MemberAsync("Bayu Berikutnya");
        var store = scene.Host.Get<RsvpStore>();
        // One request wrote its RSVP three minutes ago and crashed before its email; another wrote one just now and is still at work.
        Assert.Equal(RsvpStore.Notices.Attending, (await store.AttendAsync(scene.EventId, crashed.Person.Key, 5, DateTimeOffset.UtcNow.AddMinutes(-3))).Rsvp!.Notice);
        Assert.Equal(RsvpStore.Notices.Attending, (await store.AttendAsync(scene.EventId, busy.Person.Key, 5, DateTimeOffset.UtcNow)).Rsvp!.Notice);

        Assert.Equal("attending", await scene.RsvpAsync(next));
        Assert.Single(await Mail.WaitForAsync(scene.Host.Client, crashed.Person.Email, "Anda terdaftar"));
        Assert.Null((await store.FindAsync(scene.EventId, crashed.Person.Key))!.Notice);
        Assert.Equal(RsvpStore.Notices.Attending, (await store.FindAsync(scene.EventId, busy.Person.Key))!.Notice);
        Assert.Empty(await Mail.ToAsync(scene.Host.Client, busy.Person.Email));
        Assert.Equal("attending", await scene.RsvpAsync(next));
        Assert.Single(await Mail.ToAsync(scene.Host.Client, crashed.Person.Email));
    }

    [Fact]
    public async Task An_attendee_gets_the_calendar_file_once_and_a_waitlisted_member_is_told_without_it()
    {
        var scene = await Scene.StartAsync(capacity: 1);
        await using var _ = scene.Host;
        var first = await scene.MemberAsync("Dewi Hadir");
        var second = await scene.MemberAsync("Raka Menunggu");

        Assert.Equal("attending", await scene.RsvpAsync(first));
        Assert.Equal("attending", await scene.RsvpAsync(first));
        Assert.Equal("waitlisted", await scene.RsvpAsync(second));

        var attending = Assert.Single(await Mail.WaitForAsync(scene.Host.Client, first.Person.Email, "Anda terdaftar"));
        Assert.Equal("text/calendar", Assert.Single(attending.Attachments).Type);
        Assert.Contains("WITA", attending.Text);
        var waitlisted = Assert.Single(await Mail.WaitForAsync(scene.Host.Client, second.Person.Email, "Daftar tunggu"));
        Assert.Empty(waitlisted.Attachments);
        Assert.Equal(2, (await Mail.ToAsync(scene.Host.Client, first.Person.Email)).Count + (await Mail.ToAsync(scene.Host.Client, second.Person.Email)).Count);
        Assert.NotNull((await scene.Host.Get<PersonStore>().FindPersonAsync(first.Person.Key))!.LastActiveAt);
        var counted = await scene.Host.Get<ServerlessKomunitas.Engagement.ActivityLog>().MonthAsync(scene.Event.Proposal.CommunityId, DateTimeOffset.UtcNow);
        Assert.Equal(1, counted.Single(a => a.PersonKey == first.Person.Key).Rsvps);

        // The page shows the RSVP; DELETE cancels, and the seat goes to the second member.
        var page = await scene.Host.Client.GetStringAsync(first.Link);
        Assert.Contains("Anda terdaftar hadir", page);
        Assert.Equal(HttpStatusCode.OK, (await scene.SendAsync(HttpMethod.Delete, first.Link)).StatusCode);
        await Mail.WaitForAsync(scene.Host.Client, second.Person.Email, "Ada tempat untuk Anda");
    }

    [Fact]
    public async Task Without_a_link_the_address_gets_its_link_and_an_unknown_or_bad_address_learns_nothing_more()
    {
        var scene = await Scene.StartAsync(capacity: 5);
        await using var _ = scene.Host;
        var member = await scene.MemberAsync("Nadia Tautan");
        var path = $"/api/events/{scene.EventId}/rsvp";

        var known = await scene.SendAsync(HttpMethod.Post, path, new { email = member.Person.Email });
        var unknown = await scene.SendAsync(HttpMethod.Post, path, new { email = "bukan.anggota@example.org" });
        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        var mail = Assert.Single(await Mail.WaitForAsync(scene.Host.Client, member.Person.Email, "Daftar hadir"));
        Assert.Contains(path + "?k=", mail.Text);
        Assert.Empty(await Mail.ToAsync(scene.Host.Client, "bukan.anggota@example.org"));

        var bad = await scene.SendAsync(HttpMethod.Post, path, new { email = "bukan email" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out var _));
        Assert.Equal(HttpStatusCode.BadRequest, (await scene.SendAsync(HttpMethod.Post, member.Link, new { action = "maybe" })).StatusCode);
        Assert.Empty(await scene.ActiveAsync());
    }

    [Fact]
    public async Task A_link_for_another_event_an_unknown_event_and_a_closed_event_are_refused()
    {
        var scene = await Scene.StartAsync(capacity: 5);
        await using var _ = scene.Host;
        var member = await scene.MemberAsync("Yoga Salah Tautan");
        var other = await Scene.StartAsync(capacity: 5);
        await using var __ = other.Host;

        var wrongEvent = member.Link.Replace(scene.EventId, other.EventId);
        Assert.Equal(HttpStatusCode.BadRequest, (await other.SendAsync(HttpMethod.Post, wrongEvent, new { action = "attend" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scene.SendAsync(HttpMethod.Post, member.Link.Replace(scene.EventId, RecordId.New()), new { })).StatusCode);
        var tampered = member.Link[..^2] + (member.Link.EndsWith("AA") ? "BB" : "AA");
        Assert.Equal(HttpStatusCode.BadRequest, (await scene.SendAsync(HttpMethod.Post, tampered, new { })).StatusCode);

        var past = await Scene.StartAsync(capacity: 5, start: DateTimeOffset.UtcNow.AddHours(-1));
        await using var ___ = past.Host;
        var late = await past.MemberAsync("Telat Datang");
        Assert.Equal(HttpStatusCode.Conflict, (await past.SendAsync(HttpMethod.Post, late.Link, new { })).StatusCode);
        Assert.Empty(await scene.ActiveAsync());
        Assert.Empty(await past.ActiveAsync());
    }

    [Fact]
    public async Task A_cancelled_event_tells_everyone_who_rsvped_or_waits_once()
    {
        var scene = await Scene.StartAsync(capacity: 1);
        await using var _ = scene.Host;
        var attendee = await scene.MemberAsync("Sinta Hadir");
        var waiting = await scene.MemberAsync("Bima Menunggu");
        var gone = await scene.MemberAsync("Tono Batal");
        await scene.RsvpAsync(attendee);
        await scene.RsvpAsync(waiting);
        await scene.RsvpAsync(gone);
        await scene.RsvpAsync(gone, "cancel");

        var rsvps = scene.Host.Get<EventRsvps>();
        await rsvps.AnnounceCancellationAsync(scene.Event.Entry, DateTimeOffset.UtcNow);
        await rsvps.AnnounceCancellationAsync(scene.Event.Entry, DateTimeOffset.UtcNow);

        foreach (var told in new[] { attendee, waiting })
        {
            var mail = Assert.Single(await Mail.WaitForAsync(scene.Host.Client, told.Person.Email, "Kegiatan dibatalkan"));
            Assert.Contains("METHOD:CANCEL", Assert.Single(mail.Attachments).Text);
        }
        Assert.DoesNotContain(await Mail.ToAsync(scene.Host.Client, gone.Person.Email), m => m.Subject.StartsWith("Kegiatan dibatalkan", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Asking_for_links_is_limited_per_client_like_any_form()
    {
        var scene = await Scene.StartAsync(capacity: 5, settings: new Dictionary<string, string?> { ["RateLimits:SubmissionsPerClientPerHour"] = "2" });
        await using var _ = scene.Host;
        var path = $"/api/events/{scene.EventId}/rsvp";

        Assert.Equal(HttpStatusCode.Accepted, (await scene.SendAsync(HttpMethod.Post, path, new { email = "satu@example.org" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await scene.SendAsync(HttpMethod.Post, path, new { email = "dua@example.org" })).StatusCode);
        var refused = await scene.SendAsync(HttpMethod.Post, path, new { email = "tiga@example.org" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out var __));
    }
}
