using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Rsvps;

namespace ServerlessKomunitas.Engagement;

/// <summary>
/// Reminders to the attendees of an event (never to the waitlist): three days before, and the day before, each from
/// 09.00 in the attendee's own zone. Only the latest one due goes: an RSVP made two days before gets the
/// day-before reminder alone. One row per person and reminder keeps every run from sending twice. An attendee with
/// WhatsApp gets it there too, or there only if they chose so (<see cref="EventReminderWhatsApp"/>); then the row says
/// WhatsApp, and the email goes only if WhatsApp could not take it.
/// </summary>
public sealed class EventReminderJob(EventCalendar calendar, RsvpStore rsvps, PersonStore persons, Suppressions suppressions, JobSends sends,
    BulkEmailSender sender, EventReminderWhatsApp whatsApp, PreferenceLinks links, Privacy.ConsentRenewal consent, IOptions<JobOptions> options,
    ILogger<EventReminderJob> log) : IScheduledJob
{
    public const string Kind = "reminder";
    static readonly int[] DaysBefore = [3, 1];

    public async Task<JobReport> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        int sent = 0, already = 0, skipped = 0;
        foreach (var e in await calendar.StartingBetweenAsync(now, now.AddDays(DaysBefore.Max() + 1), cancellationToken))
        {
            var done = new Dictionary<int, HashSet<string>>();
            foreach (var days in DaysBefore)
            {
                done[days] = await sends.DoneAsync(Kind, Period(e, days), cancellationToken);
            }
            var due = new Dictionary<int, List<(Person Person, BulkRecipient Recipient)>> { [3] = [], [1] = [] };
            foreach (var rsvp in (await rsvps.ActiveAsync(e.ProposalId, cancellationToken)).Where(r => r.Status == RsvpStatus.Attending))
            {
                if (await persons.FindPersonAsync(rsvp.PersonKey, cancellationToken) is not { Status: PersonStatus.Confirmed } person)
                {
                    skipped++;
                    continue;
                }
                if (await consent.AskIfStaleAsync(person, cancellationToken))
                {
                    skipped++;
                    continue;
                }
                // The latest reminder already due, in the attendee's zone.
                var days = DaysBefore.Where(d => now >= DueAt(e, person.TimeZone, d, options.Value.LocalHour)).DefaultIfEmpty(0).Min();
                if (days == 0)
                {
                    continue;
                }
                if (DaysBefore.Any(d => d <= days && done[d].Contains(person.Key)))
                {
                    already++;
                    continue;
                }
                var (email, onWhatsApp) = await whatsApp.SendAsync(person, e, days, cancellationToken);
                if (email && person.Wants(EmailCategory.EventReminders) && !await suppressions.IsSuppressedAsync(person.Email, cancellationToken))
                {
                    due[days].Add((person, Recipient(person, e)));
                }
                else if (onWhatsApp)
                {
                    await sends.RecordAsync(Kind, Period(e, days), [person.Key], JobSends.WhatsApp, null, now, cancellationToken);
                    sent++;
                }
                else
                {
                    skipped++;
                }
            }
            foreach (var (days, people) in due.Where(d => d.Value.Count > 0))
            {
                sent += await SendAsync(e, days, people, now, cancellationToken);
            }
        }
        return new JobReport(JobCatalog.EventReminders, sent, already, skipped);
    }

    public static string Period(CalendarEntry e, int daysBefore) => $"{e.ProposalId}-h{daysBefore}";

    /// <summary><paramref name="hour"/>:00 in the zone, <paramref name="daysBefore"/> local days before the event's local day there.</summary>
    public static DateTimeOffset DueAt(CalendarEntry e, IndonesianTimeZone zone, int daysBefore, int hour) =>
        new(TimeZoneInfo.ConvertTimeToUtc(LocalHours.DayOf(e.StartUtc, zone).AddDays(-daysBefore).ToDateTime(new TimeOnly(hour, 0)), zone.Info()), TimeSpan.Zero);

    async Task<int> SendAsync(CalendarEntry e, int days, List<(Person Person, BulkRecipient Recipient)> people, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var batches = await sender.SendAsync(Email(e, days), people.Select(p => p.Recipient).ToList(), cancellationToken);
        var count = 0;
        foreach (var batch in batches)
        {
            if (!batch.Accepted && batch.Status is 0 or 429 or >= 500)
            {
                log.LogError("Event reminders: SendGrid answered {Status} for {Count} people; the next run retries them", batch.Status, batch.Recipients.Count);
                continue;
            }
            var keys = people.Where(p => batch.Recipients.Contains(p.Recipient)).Select(p => p.Person.Key);
            await sends.RecordAsync(Kind, Period(e, days), keys, batch.Accepted ? JobSends.Sent : JobSends.Failed, batch.Status, now, cancellationToken);
            count += batch.Accepted ? batch.Recipients.Count : 0;
        }
        return count;
    }

    BulkRecipient Recipient(Person person, CalendarEntry e) =>
        BulkTemplate.Recipient(person, links, EmailCategory.EventReminders, values: new Dictionary<string, string> { [WhenTag] = person.TimeZone.Format(e.StartUtc) });

    /// <summary>The event's time in each attendee's own zone.</summary>
    const string WhenTag = "-when-";

    static BulkEmail Email(CalendarEntry e, int days) =>
        BulkTemplate.Compose($"Pengingat: {e.Title} {(days == 1 ? "besok" : $"{days} hari lagi")}",
            [$"Sampai jumpa di {e.Title}, kegiatan {e.CommunityName} yang Anda hadiri."],
            $"Tidak jadi datang? Batalkan lewat tautan pendaftaran di email sebelumnya, agar tempatnya bisa dipakai orang lain. Atur email: {BulkTemplate.PreferencesTag}",
            [("Waktu", WhenTag), ("Tempat", e.Venue ?? e.OnlineLink ?? "-")]);
}
