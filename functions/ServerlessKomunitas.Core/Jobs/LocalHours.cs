namespace ServerlessKomunitas.Jobs;

/// <summary>"09.00 in the reader's zone", as UTC instants. Computed in UTC; the zone only decides which instant.</summary>
public static class LocalHours
{
    /// <summary>The latest instant at or before <paramref name="nowUtc"/> when it was <paramref name="hour"/>:00 in <paramref name="zone"/>.</summary>
    public static DateTimeOffset LatestPassed(DateTimeOffset nowUtc, IndonesianTimeZone zone, int hour)
    {
        var local = TimeZoneInfo.ConvertTime(nowUtc, zone.Info());
        var today = new DateTimeOffset(local.Year, local.Month, local.Day, hour, 0, 0, local.Offset);
        return (today <= local ? today : today.AddDays(-1)).ToUniversalTime();
    }

    /// <summary>The first instant at or after <paramref name="fromUtc"/> when it is <paramref name="hour"/>:00 in <paramref name="zone"/>.</summary>
    public static DateTimeOffset NextAt(DateTimeOffset fromUtc, IndonesianTimeZone zone, int hour)
    {
        var latest = LatestPassed(fromUtc, zone, hour);
        return latest == fromUtc ? latest : latest.AddDays(1);
    }

    /// <summary>The local calendar day of a UTC instant in <paramref name="zone"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset utc, IndonesianTimeZone zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, zone.Info()).DateTime);
}
