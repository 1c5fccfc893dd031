using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;

namespace ServerlessKomunitas.Engagement;

public sealed class EngagementOptions
{
    public const string Section = "Engagement";

    /// <summary>A member with no activity (RSVP, check-in, proposal) for this long gets one "we miss you" email, at most once per this long.</summary>
    public TimeSpan InactiveAfter { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>
/// One friendly "we miss you" email to a member inactive for <see cref="EngagementOptions.InactiveAfter"/>, with up
/// to three upcoming events in their province, at most once per that period, from 09.00 in their zone on the day it
/// becomes due. Streams the confirmed people page by page; one row per person records the last one sent.
/// </summary>
public sealed class ReengagementJob(PersonStore persons, Suppressions suppressions, EventCalendar calendar, JobSends sends, BulkEmailSender sender, PreferenceLinks links,
    Privacy.ConsentRenewal consent, IOptions<EngagementOptions> engagement, IOptions<JobOptions> jobs, ILogger<ReengagementJob> log) : IScheduledJob
{
    public const string Kind = "reengage";
    const string Period = "last";

    public async Task<JobReport> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var quiet = engagement.Value.InactiveAfter;
        var last = await sends.WrittenAtAsync(Kind, Period, cancellationToken);
        var upcoming = (await calendar.StartingBetweenAsync(now, now.AddDays(60), cancellationToken))
            .GroupBy(e => e.ProvinceCode).ToDictionary(g => g.Key, g => g.OrderBy(e => e.StartUtc).Take(3).ToList());
        var suppressed = await suppressions.AllKeysAsync(cancellationToken);

        int sent = 0, already = 0, skipped = 0;
        var batch = new List<(Person Person, BulkRecipient Recipient)>();
        await foreach (var page in persons.ConfirmedPagesAsync(1000, cancellationToken))
        {
            foreach (var person in page.Values)
            {
                var lastActive = person.LastActiveAt ?? person.ConfirmedAt ?? person.CreatedAt;
                var becameDue = Max(lastActive, last.GetValueOrDefault(person.Key, DateTimeOffset.MinValue)) + quiet;
                if (becameDue > now || now < LocalHours.NextAt(becameDue, person.TimeZone, jobs.Value.LocalHour))
                {
                    if (last.ContainsKey(person.Key))
                    {
                        already++;
                    }
                    continue;
                }
                if (await consent.AskIfStaleAsync(person, cancellationToken))
                {
                    skipped++;
                    continue;
                }
                if (!person.Wants(EmailCategory.Reengagement) || suppressed.Contains(Suppressions.KeyOf(person.Email)))
                {
                    skipped++;
                    continue;
                }
                batch.Add((person, Recipient(person, upcoming.GetValueOrDefault(person.ProvinceCode, []))));
                if (batch.Count == BulkEmailSender.MaxPersonalizations)
                {
                    sent += await FlushAsync(batch, now, cancellationToken);
                }
            }
        }
        sent += await FlushAsync(batch, now, cancellationToken);
        return new JobReport(JobCatalog.Reengagement, sent, already, skipped);
    }

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    async Task<int> FlushAsync(List<(Person Person, BulkRecipient Recipient)> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }
        var result = (await sender.SendAsync(Email, batch.Select(b => b.Recipient).ToList(), cancellationToken)).Single();
        var count = 0;
        if (result.Accepted || result.Status is not (0 or 429 or >= 500))
        {
            await sends.RecordAsync(Kind, Period, batch.Select(b => b.Person.Key), result.Accepted ? JobSends.Sent : JobSends.Failed, result.Status, now, cancellationToken);
            count = result.Accepted ? batch.Count : 0;
        }
        else
        {
            log.LogError("Re-engagement: SendGrid answered {Status} for {Count} people; the next run retries them", result.Status, batch.Count);
        }
        batch.Clear();
        return count;
    }

    BulkRecipient Recipient(Person person, List<CalendarEntry> events)
    {
        var lines = events.Count == 0
            ? ["Belum ada kegiatan terjadwal di provinsi Anda. Usulkan satu bersama komunitas Anda!"]
            : events.Select(e => $"{e.Title} ({e.CommunityName}), {person.TimeZone.Format(e.StartUtc)}, {e.Venue ?? "daring"}").ToList();
        return BulkTemplate.Recipient(person, links, EmailCategory.Reengagement, new Dictionary<string, IReadOnlyList<string>> { [EventsTag] = lines });
    }

    const string EventsTag = "-events-";

    static readonly BulkEmail Email = BulkTemplate.Compose("Kami rindu karya Anda",
        ["Sudah lama kami tidak melihat Anda di kegiatan komunitas. Ini yang akan datang di dekat Anda:", EventsTag, "Sampai jumpa!"],
        $"Atur email yang Anda terima: {BulkTemplate.PreferencesTag}", listTags: EventsTag);
}
