using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Calendar;

/// <summary>The public calendar's list and feed over HTTP, on entries written as the proposal workflow writes them.</summary>
public class CalendarTests
{
    public static CalendarEntry Entry(string regency, string province, DateTimeOffset start, string kind = "workshop", string subsectors = "film-animasi-video",
        IndonesianTimeZone zone = IndonesianTimeZone.WIB, TimeSpan? length = null)
    {
        var id = RecordId.New();
        return new CalendarEntry
        {
            PartitionKey = CalendarEntry.PartitionFor(start),
            RowKey = CalendarEntry.RowFor(start, id),
            ProposalId = id,
            Title = "Kegiatan " + id[..6],
            Kind = kind,
            Description = "Terbuka untuk umum.",
            CommunityName = "Komunitas Uji",
            SubsectorSlugs = subsectors,
            RegencyCode = regency,
            RegencyName = "Kab/kota " + regency,
            ProvinceCode = province,
            Zone = zone.ToString(),
            StartUtc = start,
            EndUtc = start + (length ?? TimeSpan.FromHours(2)),
            Venue = "Balai kota",
            Capacity = 50,
            ConfirmedAt = DateTimeOffset.UtcNow,
        };
    }

    sealed record Seeded(CalendarEntry MalangWorkshop, CalendarEntry KabMalangMeetup, CalendarEntry TabalongMusic, CalendarEntry Running, CalendarEntry Over);

    static async Task<Seeded> SeedAsync(LocalHost host)
    {
        var now = DateTimeOffset.UtcNow;
        var seeded = new Seeded(
            Entry("35.73", "35", now.AddDays(2)),
            Entry("35.07", "35", now.AddDays(40), kind: "meetup", subsectors: "film-animasi-video,musik"),
            Entry("63.09", "63", now.AddDays(5), kind: "meetup", subsectors: "musik", zone: IndonesianTimeZone.WITA),
            Entry("91.71", "91", now.AddHours(-1), zone: IndonesianTimeZone.WIT, length: TimeSpan.FromHours(3)),
            Entry("35.73", "35", now.AddHours(-5)));
        var calendar = host.Get<EventCalendar>();
        foreach (var entry in new[] { seeded.MalangWorkshop, seeded.KabMalangMeetup, seeded.TabalongMusic, seeded.Running, seeded.Over })
        {
            await calendar.PublishAsync(entry);
        }
        return seeded;
    }

    static async Task<List<string>> IdsAsync(LocalHost host, string query)
    {
        var response = await host.Client.GetAsync("/api/events" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();
        return list.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
    }

    [Fact]
    public async Task Lists_events_not_yet_over_soonest_first_and_filters_by_place_kind_and_subsector()
    {
        await using var host = await LocalHost.StartAsync();
        var s = await SeedAsync(host);

        Assert.Equal([s.Running.ProposalId, s.MalangWorkshop.ProposalId, s.TabalongMusic.ProposalId, s.KabMalangMeetup.ProposalId], await IdsAsync(host, ""));
        Assert.Equal([s.MalangWorkshop.ProposalId, s.KabMalangMeetup.ProposalId], await IdsAsync(host, "?province=35"));
        Assert.Equal([s.MalangWorkshop.ProposalId], await IdsAsync(host, "?province=35&regency=35.73"));
        Assert.Equal([s.TabalongMusic.ProposalId, s.KabMalangMeetup.ProposalId], await IdsAsync(host, "?kind=meetup"));
        Assert.Equal([s.TabalongMusic.ProposalId, s.KabMalangMeetup.ProposalId], await IdsAsync(host, "?subsector=musik"));
        Assert.Equal([s.KabMalangMeetup.ProposalId], await IdsAsync(host, "?subsector=musik&province=35&kind=meetup"));
        Assert.Empty(await IdsAsync(host, "?subsector=kuliner"));

        var tabalong = (await host.Client.GetFromJsonAsync<JsonElement>("/api/events?regency=63.09")).GetProperty("items")[0];
        Assert.Equal("WITA", tabalong.GetProperty("zone").GetString());
        Assert.EndsWith("WITA", tabalong.GetProperty("localStart").GetString());
        Assert.Equal("Kalimantan Selatan", tabalong.GetProperty("provinceName").GetString());
        Assert.Equal("Temu komunitas", tabalong.GetProperty("kindName").GetString());
        Assert.Equal(["musik"], tabalong.GetProperty("subsectors").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task Pages_follow_the_cursor_to_the_end_without_losing_or_repeating_an_event()
    {
        await using var host = await LocalHost.StartAsync();
        var calendar = host.Get<EventCalendar>();
        var expected = new List<string>();
        // Spread over three months, so that pages cross partitions; every other one is in another province.
        for (var i = 0; i < 14; i++)
        {
            var entry = Entry(i % 2 == 0 ? "35.73" : "63.09", i % 2 == 0 ? "35" : "63", DateTimeOffset.UtcNow.AddDays(1 + i * 5));
            await calendar.PublishAsync(entry);
            if (i % 2 == 0)
            {
                expected.Add(entry.ProposalId);
            }
        }

        var seen = new List<string>();
        string? url = "/api/events?province=35&limit=3";
        var pages = 0;
        while (url is not null)
        {
            var page = await host.Client.GetFromJsonAsync<JsonElement>(url);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 3);
            seen.AddRange(items.Select(e => e.GetProperty("id").GetString()!));
            url = page.TryGetProperty("nextUrl", out var next) ? new Uri(next.GetString()!).PathAndQuery : null;
            if (url is not null)
            {
                Assert.Contains("province=35", url);
                Assert.Contains("limit=3", url);
            }
            Assert.True(++pages < 10);
        }
        Assert.Equal(expected, seen);
        Assert.True(pages >= 3);
    }

    public static TheoryData<string, string, string> BadQueries => new()
    {
        { "?province=99", "province", "unknown" },
        { "?province=35%27%20or%20%271%27%20eq%20%271", "province", "unknown" },
        { "?regency=99.99", "regency", "unknown" },
        { "?province=63&regency=35.73", "regency", "outside-province" },
        { "?kind=lomba", "kind", "unknown" },
        { "?kind=workshop&kind=meetup", "kind", "repeated" },
        { "?subsector=Musik", "subsector", "unknown" },
        { "?limit=0", "limit", "out-of-range" },
        { "?limit=101", "limit", "out-of-range" },
        { "?limit=-1", "limit", "out-of-range" },
        { "?limit=sepuluh", "limit", "out-of-range" },
        { "?cursor=%25%25%25", "cursor", "invalid" },
        { "?cursor=" + new string('A', 3000), "cursor", "invalid" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Refuses_a_bad_filter_with_a_problem_naming_it(string query, string field, string code)
    {
        await using var host = await LocalHost.StartAsync();

        foreach (var path in new[] { "/api/events", "/api/events.ics" })
        {
            if (path.EndsWith(".ics", StringComparison.Ordinal) && field is "limit" or "cursor")
            {
                continue;
            }
            var response = await host.Client.GetAsync(path + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.ReadJson();
            Assert.Equal(code, problem.GetProperty("errors").GetProperty(field)[0].GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task A_well_formed_cursor_the_service_refuses_is_a_400_naming_the_cursor()
    {
        await using var host = await LocalHost.StartAsync();
        await SeedAsync(host);
        var forged = Convert.ToBase64String("1!8!bm9wZQ-- 1!8!bm9wZQ--"u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var response = await host.Client.GetAsync("/api/events?cursor=" + forged);

        // Azurite and Azure answer a forged continuation either with a 400 or with a page after it; never a 500.
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.True((await response.ReadJson()).GetProperty("errors").TryGetProperty("cursor", out _));
        }
    }

    [Fact]
    public async Task The_feed_holds_the_filtered_events_in_their_zones_and_nothing_private()
    {
        await using var host = await LocalHost.StartAsync();
        var s = await SeedAsync(host);

        var response = await host.Client.GetAsync("/api/events.ics?subsector=musik");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var text = await response.Content.ReadAsStringAsync();
        var calendar = Ical.Net.Calendar.Load(text)!;
        Assert.Equal([s.TabalongMusic.ProposalId, s.KabMalangMeetup.ProposalId], calendar.Events.Select(e => e.Uid!.Split('@')[0]));
        var tabalong = calendar.Events.First();
        Assert.Equal("Asia/Makassar", tabalong.Start!.TzId);
        Assert.Equal(s.TabalongMusic.StartUtc.UtcDateTime, tabalong.Start.AsUtc, TimeSpan.FromSeconds(1));
        Assert.Equal(["Asia/Jakarta", "Asia/Makassar"], calendar.TimeZones.Select(z => z.TzId).Order());
        Assert.DoesNotContain("@example.org", text);
        Assert.DoesNotContain("mailto:", text, StringComparison.OrdinalIgnoreCase);

        var empty = Ical.Net.Calendar.Load(await host.Client.GetStringAsync("/api/events.ics?province=91&kind=meetup"))!;
        Assert.Empty(empty.Events);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/events.ics?limit=5")).StatusCode);
    }

    [Fact]
    public async Task Unpublishing_takes_the_event_out_and_is_safe_to_repeat()
    {
        await using var host = await LocalHost.StartAsync();
        var s = await SeedAsync(host);
        var calendar = host.Get<EventCalendar>();

        await calendar.UnpublishAsync(s.MalangWorkshop.StartUtc, s.MalangWorkshop.ProposalId);
        await calendar.UnpublishAsync(s.MalangWorkshop.StartUtc, s.MalangWorkshop.ProposalId);
        await calendar.PublishAsync(s.TabalongMusic);

        Assert.Equal([s.KabMalangMeetup.ProposalId], await IdsAsync(host, "?province=35"));
        Assert.Single(await IdsAsync(host, "?regency=63.09"));
    }
}
