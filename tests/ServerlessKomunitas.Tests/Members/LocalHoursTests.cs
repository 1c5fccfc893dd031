using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Regions;

namespace ServerlessKomunitas.Tests.Members;

/// <summary>09.00 in each zone as a UTC instant, around midnight UTC, where the local date differs from the UTC date.</summary>
public class LocalHoursTests
{
    [Theory]
    // 23.30 UTC on 6 Dec is 06.30 WIB, 07.30 WITA, 08.30 WIT on 7 Dec: nine has not come yet, so the last nine was on 6 Dec.
    [InlineData("2026-12-06T23:30:00Z", IndonesianTimeZone.WIB, "2026-12-06T02:00:00Z", "2026-12-07T02:00:00Z")]
    [InlineData("2026-12-06T23:30:00Z", IndonesianTimeZone.WITA, "2026-12-06T01:00:00Z", "2026-12-07T01:00:00Z")]
    [InlineData("2026-12-06T23:30:00Z", IndonesianTimeZone.WIT, "2026-12-06T00:00:00Z", "2026-12-07T00:00:00Z")]
    // 00.30 UTC on 7 Dec is 09.30 WIT: WIT's nine has passed, WIB's and WITA's not.
    [InlineData("2026-12-07T00:30:00Z", IndonesianTimeZone.WIT, "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z")]
    [InlineData("2026-12-07T00:30:00Z", IndonesianTimeZone.WIB, "2026-12-06T02:00:00Z", "2026-12-07T02:00:00Z")]
    // Exactly nine is due at that instant.
    [InlineData("2026-12-07T01:00:00Z", IndonesianTimeZone.WITA, "2026-12-07T01:00:00Z", "2026-12-07T01:00:00Z")]
    public void Nine_in_each_zone_is_a_utc_instant(string now, IndonesianTimeZone zone, string latestPassed, string next)
    {
        var utc = DateTimeOffset.Parse(now);

        Assert.Equal(DateTimeOffset.Parse(latestPassed), LocalHours.LatestPassed(utc, zone, 9));
        Assert.Equal(DateTimeOffset.Parse(next), LocalHours.NextAt(utc, zone, 9));
        Assert.Equal(TimeSpan.Zero, LocalHours.NextAt(utc, zone, 9).Offset);
    }

    [Fact]
    public void The_local_day_of_an_instant_follows_the_zone()
    {
        var utc = DateTimeOffset.Parse("2026-12-06T17:30:00Z");

        Assert.Equal(new DateOnly(2026, 12, 7), LocalHours.DayOf(utc, IndonesianTimeZone.WIB));
        Assert.Equal(new DateOnly(2026, 12, 6), LocalHours.DayOf(utc.AddHours(-1), IndonesianTimeZone.WIB));
    }
}
