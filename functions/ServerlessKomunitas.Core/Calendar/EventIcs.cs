using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using ServerlessKomunitas.Proposals;

namespace ServerlessKomunitas.Calendar;

/// <summary>Where an event stands for a calendar app; each step raises SEQUENCE so that apps replace the copy they hold.</summary>
public enum IcsStatus
{
    Tentative,
    Confirmed,
    Cancelled,
}

/// <summary>
/// iCalendar (RFC 5545) for the public feed and for the files attached to emails. Times carry the TZID of the
/// event's zone with its VTIMEZONE, so that Google Calendar and Outlook show them right wherever the reader is.
/// </summary>
public static class EventIcs
{
    public const string ContentType = "text/calendar; charset=utf-8";
    const string ProductId = "-//ServerlessKomunitas//Kalender Komunitas Kreatif//ID";

    public static string Uid(string proposalId) => $"{proposalId}@serverless-komunitas";

    /// <summary>The subscribable feed of the given (confirmed) events.</summary>
    public static string Feed(IEnumerable<CalendarEntry> entries, string name, DateTimeOffset stamp)
    {
        var calendar = NewCalendar("PUBLISH");
        calendar.AddProperty("X-WR-CALNAME", name);
        // Asks subscribing apps to refresh hourly; Google and Outlook use their own schedule but read it.
        calendar.AddProperty("REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
        calendar.AddProperty("X-PUBLISHED-TTL", "PT1H");
        return Serialize(calendar, entries.Select(entry => Event(entry, IcsStatus.Confirmed, stamp)));
    }

    /// <summary>One event as a file for an email: METHOD:CANCEL once cancelled, so that apps remove it.</summary>
    public static EmailAttachment Attachment(CalendarEntry entry, IcsStatus status, DateTimeOffset stamp)
    {
        var calendar = NewCalendar(status == IcsStatus.Cancelled ? "CANCEL" : "PUBLISH");
        return new EmailAttachment("kegiatan.ics", "text/calendar", Encoding.UTF8.GetBytes(Serialize(calendar, [Event(entry, status, stamp)])));
    }

    static Ical.Net.Calendar NewCalendar(string method) => new() { ProductId = ProductId, Method = method };

    static CalendarEvent Event(CalendarEntry entry, IcsStatus status, DateTimeOffset stamp)
    {
        var zone = entry.TimeZone;
        var details = new List<string>();
        if (!string.IsNullOrWhiteSpace(entry.Description))
        {
            details.Add(entry.Description);
        }
        details.Add($"Komunitas: {entry.CommunityName}");
        details.Add($"Jenis: {EventKinds.Names.GetValueOrDefault(entry.Kind, entry.Kind)}");
        details.Add($"Kapasitas: {entry.Capacity} orang");
        if (!string.IsNullOrEmpty(entry.OnlineLink))
        {
            details.Add($"Tautan daring: {entry.OnlineLink}");
        }
        var place = string.Join(", ", new[] { entry.Venue, entry.RegencyName }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var calendarEvent = new CalendarEvent
        {
            Uid = Uid(entry.ProposalId),
            Summary = entry.Title,
            Description = string.Join("\n", details),
            Location = string.IsNullOrEmpty(entry.Venue) && !string.IsNullOrEmpty(entry.OnlineLink) ? entry.OnlineLink : place,
            Start = Local(entry.StartUtc, zone),
            End = Local(entry.EndUtc, zone),
            DtStamp = new CalDateTime(stamp.UtcDateTime, CalDateTime.UtcTzId),
            Sequence = (int)status,
            Status = status switch
            {
                IcsStatus.Tentative => "TENTATIVE",
                IcsStatus.Confirmed => "CONFIRMED",
                _ => "CANCELLED",
            },
            Categories = [EventKinds.Names.GetValueOrDefault(entry.Kind, entry.Kind), .. entry.Subsectors.Select(s => Registrations.Subsectors.Names.GetValueOrDefault(s, s))],
        };
        if (Uri.TryCreate(entry.OnlineLink, UriKind.Absolute, out var online))
        {
            calendarEvent.Url = online;
        }
        return calendarEvent;
    }

    static CalDateTime Local(DateTimeOffset utc, IndonesianTimeZone zone) =>
        new(TimeZoneInfo.ConvertTime(utc, zone.Info()).DateTime, zone.IanaId());

    static string Serialize(Ical.Net.Calendar calendar, IEnumerable<CalendarEvent> events)
    {
        var list = events.ToList();
        // One VTIMEZONE per zone in use, ahead of the events (Outlook reads them in order); the rules start
        // early enough to cover every event listed.
        foreach (var zone in list.Select(e => e.Start!.TzId).Distinct())
        {
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone!, new DateTime(2000, 1, 1), includeHistoricalData: false));
        }
        foreach (var calendarEvent in list)
        {
            calendar.Events.Add(calendarEvent);
        }
        return new CalendarSerializer().SerializeToString(calendar)!;
    }
}
