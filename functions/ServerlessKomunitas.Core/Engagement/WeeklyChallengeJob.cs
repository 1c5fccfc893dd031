using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;

namespace ServerlessKomunitas.Engagement;

/// <summary>
/// Every Monday from 09.00 in each member's zone, the week's creative challenge for their subsectors. An hourly
/// run streams the confirmed people page by page, sends to everyone due who has no row for their week yet (1,000
/// to a SendGrid request), and records each request's people in batches. A late or missed run catches up; a second
/// run sends nothing; a run that crashed halfway sends only what is missing.
/// </summary>
public sealed class WeeklyChallengeJob(PersonStore persons, Suppressions suppressions, ChallengeStore challenges, JobSends sends, BulkEmailSender sender,
    PreferenceLinks links, Privacy.ConsentRenewal consent, IOptions<JobOptions> options, ILogger<WeeklyChallengeJob> log) : IScheduledJob
{
    public const string Kind = "challenge";
    const int PageSize = 1000;

    public async Task<JobReport> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hour = options.Value.LocalHour;
        // The week each zone is in: from Monday 09.00 local to the next.
        var weeks = Enum.GetValues<IndonesianTimeZone>().ToDictionary(zone => zone, zone => ChallengeStore.WeekOf(LocalHours.DayOf(LatestMonday(now, zone, hour), zone)));
        var done = new Dictionary<string, HashSet<string>>();
        var texts = new Dictionary<string, IReadOnlyDictionary<string, Challenge>>();
        foreach (var week in weeks.Values.Distinct())
        {
            done[week] = await sends.DoneAsync(Kind, week, cancellationToken);
            texts[week] = await challenges.ForWeekAsync(week, cancellationToken);
        }
        var suppressed = await suppressions.AllKeysAsync(cancellationToken);

        int sent = 0, already = 0, skipped = 0;
        var batch = new List<(string Week, Person Person, BulkRecipient Recipient)>();
        await foreach (var page in persons.ConfirmedPagesAsync(PageSize, cancellationToken))
        {
            foreach (var person in page.Values)
            {
                var week = weeks[person.TimeZone];
                if (done[week].Contains(person.Key))
                {
                    already++;
                    continue;
                }
                if (await consent.AskIfStaleAsync(person, cancellationToken))
                {
                    skipped++;
                    continue;
                }
                var mine = person.Subsectors.Select(s => texts[week].GetValueOrDefault(s)).OfType<Challenge>().ToList();
                if (!person.Wants(EmailCategory.WeeklyChallenge) || suppressed.Contains(Suppressions.KeyOf(person.Email)) || mine.Count == 0)
                {
                    skipped++;
                    continue;
                }
                batch.Add((week, person, Recipient(person, mine)));
                if (batch.Count == BulkEmailSender.MaxPersonalizations)
                {
                    sent += await FlushAsync(batch, now, cancellationToken);
                }
            }
        }
        sent += await FlushAsync(batch, now, cancellationToken);
        return new JobReport(JobCatalog.WeeklyChallenge, sent, already, skipped);
    }

    /// <summary>The latest Monday <paramref name="hour"/>:00 in the zone at or before now.</summary>
    public static DateTimeOffset LatestMonday(DateTimeOffset now, IndonesianTimeZone zone, int hour)
    {
        var at = LocalHours.LatestPassed(now, zone, hour);
        while (LocalHours.DayOf(at, zone).DayOfWeek != DayOfWeek.Monday)
        {
            at = at.AddDays(-1);
        }
        return at;
    }

    async Task<int> FlushAsync(List<(string Week, Person Person, BulkRecipient Recipient)> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }
        var result = (await sender.SendAsync(Email, batch.Select(b => b.Recipient).ToList(), cancellationToken)).Single();
        if (!result.Accepted && result.Status is 0 or 429 or >= 500)
        {
            // Still failing after the retries: nothing is recorded, so the next run sends these again.
            log.LogError("Weekly challenge: SendGrid answered {Status} for {Count} people; the next run retries them: {Error}", result.Status, batch.Count, result.Error);
            batch.Clear();
            return 0;
        }
        foreach (var week in batch.GroupBy(b => b.Week))
        {
            await sends.RecordAsync(Kind, week.Key, week.Select(b => b.Person.Key), result.Accepted ? JobSends.Sent : JobSends.Failed, result.Status, now, cancellationToken);
        }
        if (!result.Accepted)
        {
            log.LogError("Weekly challenge: SendGrid refused {Count} people with {Status}; recorded, not retried: {Error}", batch.Count, result.Status, result.Error);
        }
        var count = result.Accepted ? batch.Count : 0;
        batch.Clear();
        return count;
    }

    BulkRecipient Recipient(Person person, IReadOnlyList<Challenge> mine) => BulkTemplate.Recipient(person, links, EmailCategory.WeeklyChallenge,
        new Dictionary<string, IReadOnlyList<string>>
        {
            [ChallengesTag] = [.. mine.Select(c => $"{Registrations.Subsectors.Names.GetValueOrDefault(c.Subsector, c.Subsector)}: {c.Title}. {c.Brief}")],
        });

    const string ChallengesTag = "-challenges-";

    /// <summary>The email once, with tags that SendGrid fills in per person (HTML-encoded values in the HTML part).</summary>
    static readonly BulkEmail Email = BulkTemplate.Compose("Tantangan kreatif minggu ini",
        ["Tantangan minggu ini untuk subsektor Anda:", ChallengesTag, "Kerjakan, unggah di media sosial dengan tagar komunitas Anda, dan ajak teman ikut."],
        $"Atur email yang Anda terima: {BulkTemplate.PreferencesTag}", listTags: ChallengesTag);
}
