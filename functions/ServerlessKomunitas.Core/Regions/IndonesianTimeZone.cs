namespace ServerlessKomunitas.Regions;

/// <summary>Indonesia's three zones. Times are computed in UTC and shown in the member's zone.</summary>
public enum IndonesianTimeZone
{
    WIB,
    WITA,
    WIT,
}

public static class IndonesianTimeZones
{
    /// <summary>The IANA name, which calendars (TZID) and every OS understand.</summary>
    public static string IanaId(this IndonesianTimeZone zone) => zone switch
    {
        IndonesianTimeZone.WIB => "Asia/Jakarta",
        IndonesianTimeZone.WITA => "Asia/Makassar",
        _ => "Asia/Jayapura",
    };

    public static TimeZoneInfo Info(this IndonesianTimeZone zone) => TimeZoneInfo.FindSystemTimeZoneById(zone.IanaId());

    static readonly string[] Months =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    /// <summary>"27 November 2026".</summary>
    public static string FormatDay(DateOnly day) => $"{day.Day} {Months[day.Month - 1]} {day.Year}";

    /// <summary>"27 November 2026 10.18 WIB": the Indonesian way, in the given zone.</summary>
    public static string Format(this IndonesianTimeZone zone, DateTimeOffset utc)
    {
        var local = TimeZoneInfo.ConvertTime(utc, zone.Info());
        return $"{local.Day} {Months[local.Month - 1]} {local.Year} {local.Hour:00}.{local.Minute:00} {zone}";
    }
}
