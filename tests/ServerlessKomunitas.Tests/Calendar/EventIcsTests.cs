using System.Text;
using Ical.Net.CalendarComponents;
using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Regions;

namespace ServerlessKomunitas.Tests.Calendar;

public class EventIcsTests
{
    /// <summary>19.00 local on 12 December 2026 in each zone: 12.00, 11.00 and 10.00 UTC.</summary>
    public static TheoryData<IndonesianTimeZone, string, int> Zones => new()
    {
        { IndonesianTimeZone.WIB, "Asia/Jakarta", 12 },
        { IndonesianTimeZone.WITA, "Asia/Makassar", 11 },
        { IndonesianTimeZone.WIT, "Asia/Jayapura", 10 },
    };

    public static CalendarEntry Entry(IndonesianTimeZone zone, int utcHour, string id = "p1", string? onlineLink = null) => new()
    {
        PartitionKey = "2026-12",
        RowKey = "x",
        ProposalId = id,
        Title = "Lokakarya animasi; sesi 1, dasar",
        Kind = "workshop",
        Description = "Belajar animasi 2D.\nBawa laptop.",
        CommunityName = "Animator Malang",
        SubsectorSlugs = "film-animasi-video,desain-komunikasi-visual",
        RegencyCode = "35.73",
        RegencyName = "Kota Malang",
        ProvinceCode = "35",
        Zone = zone.ToString(),
        StartUtc = new DateTimeOffset(2026, 12, 12, utcHour, 0, 0, TimeSpan.Zero),
        EndUtc = new DateTimeOffset(2026, 12, 12, utcHour + 3, 0, 0, TimeSpan.Zero),
        Venue = "Gedung Kesenian",
        OnlineLink = onlineLink,
        Capacity = 40,
        ConfirmedAt = new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero),
    };

    [Theory]
    [MemberData(nameof(Zones))]
    public void The_feed_parses_back_with_the_right_utc_times_and_the_zone_of_the_event(IndonesianTimeZone zone, string tzid, int utcHour)
    {
        var entry = Entry(zone, utcHour);
        var text = EventIcs.Feed([entry], "Kegiatan", DateTimeOffset.UtcNow);

        var calendar = Ical.Net.Calendar.Load(text)!;
        var parsed = Assert.Single(calendar.Events);
        Assert.Equal(new DateTime(2026, 12, 12, utcHour, 0, 0, DateTimeKind.Utc), parsed.Start!.AsUtc);
        Assert.Equal(new DateTime(2026, 12, 12, utcHour + 3, 0, 0, DateTimeKind.Utc), parsed.End!.AsUtc);
        Assert.Equal(tzid, parsed.Start.TzId);
        Assert.Equal(19, parsed.Start.Value.Hour);
        Assert.Contains($"DTSTART;TZID={tzid}:20261212T190000", text);
        Assert.Equal(tzid, Assert.Single(calendar.TimeZones).TzId);
        Assert.Equal(entry.Title, parsed.Summary);
        Assert.Equal("CONFIRMED", parsed.Status);
        Assert.Equal("p1@serverless-komunitas", parsed.Uid);
        Assert.Equal("Gedung Kesenian, Kota Malang", parsed.Location);
        Assert.Contains("Komunitas: Animator Malang", parsed.Description);
        Assert.Contains("Lokakarya", parsed.Categories);
        Assert.Equal("PUBLISH", calendar.Method);
    }

    [Fact]
    public void A_feed_with_events_in_several_zones_carries_each_zone_once()
    {
        var text = EventIcs.Feed([Entry(IndonesianTimeZone.WIB, 12, "a"), Entry(IndonesianTimeZone.WIT, 10, "b"), Entry(IndonesianTimeZone.WIB, 12, "c")], "Kegiatan", DateTimeOffset.UtcNow);

        var calendar = Ical.Net.Calendar.Load(text)!;
        Assert.Equal(3, calendar.Events.Count);
        Assert.Equal(["Asia/Jakarta", "Asia/Jayapura"], calendar.TimeZones.Select(z => z.TzId).Order());
        Assert.Contains("X-WR-CALNAME:Kegiatan", text);
        Assert.True(text.LastIndexOf("BEGIN:VTIMEZONE", StringComparison.Ordinal) < text.IndexOf("BEGIN:VEVENT", StringComparison.Ordinal), "time zones come before the events");
        Assert.Contains("\r\n", text);
    }

    [Fact]
    public void An_empty_feed_is_still_a_valid_calendar()
    {
        var calendar = Ical.Net.Calendar.Load(EventIcs.Feed([], "Kegiatan", DateTimeOffset.UtcNow))!;
        Assert.Empty(calendar.Events);
    }

    [Theory]
    [InlineData(IcsStatus.Tentative, "PUBLISH", "TENTATIVE", 0)]
    [InlineData(IcsStatus.Confirmed, "PUBLISH", "CONFIRMED", 1)]
    [InlineData(IcsStatus.Cancelled, "CANCEL", "CANCELLED", 2)]
    public void The_email_attachment_moves_the_same_event_forward_so_calendar_apps_replace_it(IcsStatus status, string method, string icsStatus, int sequence)
    {
        var attachment = EventIcs.Attachment(Entry(IndonesianTimeZone.WITA, 11, onlineLink: "https://meet.example.org/abc"), status, DateTimeOffset.UtcNow);

        Assert.Equal("kegiatan.ics", attachment.FileName);
        Assert.Equal("text/calendar", attachment.ContentType);
        var calendar = Ical.Net.Calendar.Load(Encoding.UTF8.GetString(attachment.Content))!;
        Assert.Equal(method, calendar.Method);
        var parsed = Assert.Single(calendar.Events);
        Assert.Equal(icsStatus, parsed.Status);
        Assert.Equal(sequence, parsed.Sequence);
        Assert.Equal("p1@serverless-komunitas", parsed.Uid);
        Assert.Equal(new Uri("https://meet.example.org/abc"), parsed.Url);
        Assert.Equal(new DateTime(2026, 12, 12, 11, 0, 0, DateTimeKind.Utc), parsed.Start!.AsUtc);
    }
}
