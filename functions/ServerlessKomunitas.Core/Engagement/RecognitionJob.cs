using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Engagement;

/// <summary>
/// On the 1st of each month, from 09.00 in the community's zone, its contact gets last month's most active members
/// (at most ten), ranked by RSVPs, then mentoring check-ins, then proposals (months counted in UTC). Once per
/// community and month; nothing when nobody was active; never to a contact who switched recognition off.
/// </summary>
public sealed class RecognitionJob(KomunitasTables tables, ActivityLog activity, PersonStore persons, RegionDirectory regions, EmailLedger ledger,
    PreferenceLinks links, IOptions<JobOptions> options) : IScheduledJob
{
    public const int Top = 10;
    static readonly string[] Months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    public async Task<JobReport> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        int sent = 0, already = 0, skipped = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey eq {Registration.Row} and StatusName eq {nameof(RegistrationStatus.Approved)}");
        await foreach (var community in tables.Client(Registrations.RegistrationStore.TableName).QueryAsync<Registration>(filter, cancellationToken: cancellationToken))
        {
            var zone = await regions.ZoneOfAsync(community.ProvinceCode, cancellationToken);
            var month = MonthReported(now, zone, options.Value.LocalHour);
            var ranked = (await activity.MonthAsync(community.Id, month, cancellationToken))
                .OrderByDescending(a => a.Rsvps).ThenByDescending(a => a.CheckIns).ThenByDescending(a => a.Proposals).ThenBy(a => a.PersonKey, StringComparer.Ordinal)
                .Take(Top).ToList();
            var contact = await persons.FindPersonAsync(Person.KeyOf(community.Email), cancellationToken);
            if (ranked.Count == 0 || contact is not null && !contact.Wants(EmailCategory.Recognition))
            {
                skipped++;
                continue;
            }
            var lines = new List<string>();
            foreach (var (a, place) in ranked.Select((a, i) => (a, i + 1)))
            {
                var name = (await persons.FindPersonAsync(a.PersonKey, cancellationToken))?.Name ?? "(anggota yang sudah menghapus datanya)";
                lines.Add($"{place}. {name}: {a.Rsvps} RSVP, {a.CheckIns} check-in mentoring, {a.Proposals} usulan kegiatan");
            }
            var label = $"{Months[month.Month - 1]} {month.Year}";
            var message = EmailLayout.Compose(community.Email, community.ContactName, $"Anggota paling aktif {community.Name}, {label}",
                [$"Terima kasih kepada anggota yang paling aktif bulan {label}. Urutan: RSVP kegiatan, lalu check-in mentoring, lalu usulan kegiatan.", .. lines,
                 "Sapa dan beri apresiasi mereka: itu yang membuat komunitas tetap hidup."],
                footnote: contact is null ? null : $"Atur email yang Anda terima: {links.Page(contact.Key)}")
                with { Headers = contact is null ? null : links.Headers(contact.Key, EmailCategory.Recognition) };
            var outcome = await ledger.SendOnceAsync(new LedgerKey(community.Id, "recognition", month.Year * 100 + month.Month, "contact"), message, cancellationToken);
            if (outcome == LedgerOutcome.Sent)
            {
                sent++;
            }
            else
            {
                already++;
            }
        }
        return new JobReport(JobCatalog.Recognition, sent, already, skipped);
    }

    /// <summary>The month (its first day, UTC) that the latest 1st-of-the-month at <paramref name="hour"/>:00 in the zone reports on.</summary>
    public static DateTimeOffset MonthReported(DateTimeOffset now, IndonesianTimeZone zone, int hour)
    {
        var at = LocalHours.LatestPassed(now, zone, hour);
        var day = LocalHours.DayOf(at, zone);
        var reportedOn = new DateOnly(day.Year, day.Month, 1);
        var month = reportedOn.AddMonths(-1);
        return new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
