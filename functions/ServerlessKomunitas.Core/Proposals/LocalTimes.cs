using System.Globalization;

namespace ServerlessKomunitas.Proposals;

/// <summary>Times as people enter them: the wall clock of the event's regency (WIB, WITA or WIT), stored in UTC.</summary>
public static class LocalTimes
{
    static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"];

    /// <summary>"2026-12-20T19:00" in <paramref name="zone"/>, or a time with an explicit offset; null when neither.</summary>
    public static DateTimeOffset? ToUtc(string? text, IndonesianTimeZone zone)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (DateTime.TryParseExact(value, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var offset = zone.Info().GetUtcOffset(local);
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }
        return value.Length > 16 && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var explicitTime)
            ? explicitTime.ToUniversalTime()
            : null;
    }

    public static string ToLocalInput(DateTimeOffset utc, IndonesianTimeZone zone) =>
        TimeZoneInfo.ConvertTime(utc, zone.Info()).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
