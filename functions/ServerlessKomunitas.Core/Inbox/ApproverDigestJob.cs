using System.Globalization;
using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Jobs;

namespace ServerlessKomunitas.Inbox;

/// <summary>
/// Once a day, from 09.00 in the coordinator's zone (WIB for the national one), every coordinator with anything
/// awaiting their decision gets one email: how many wait, how many of them were not emailed singly because the day's
/// number was reached, the nearest deadlines, and their inbox link. Hourly runs catch up on a missed one; a repeated run
/// sends nothing twice. It reads each coordinator's own inbox partition, never the requests.
/// </summary>
public sealed class ApproverDigestJob(CoordinatorDirectory coordinators, ApprovalInbox inbox, InboxLinks links, RegionDirectory regions, EmailLedger ledger,
    IOptions<JobOptions> options) : IScheduledJob
{
    /// <summary>How many of the nearest deadlines the digest names.</summary>
    public const int Nearest = 5;

    public async Task<JobReport> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        int sent = 0, alreadySent = 0, skipped = 0;
        foreach (var coordinator in await coordinators.ListAsync(cancellationToken))
        {
            var zone = await regions.ZoneOfAsync(coordinator, cancellationToken);
            var day = LocalHours.DayOf(LocalHours.LatestPassed(now, zone, options.Value.LocalHour), zone);
            var waiting = (await inbox.OfAsync(coordinator.Id, now, cancellationToken)).Where(i => i.State == InboxState.Waiting).OrderBy(i => i.Deadline).ToList();
            if (waiting.Count == 0)
            {
                skipped++;
                continue;
            }
            var held = await inbox.HeldAsync(coordinator.Id, [day.AddDays(-1), day], cancellationToken);
            var outcome = await ledger.SendOnceAsync(
                new LedgerKey($"inbox-{coordinator.Id}", "approver-digest", int.Parse(day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), coordinator.Id),
                InboxEmails.Digest(coordinator, waiting, held, zone, links.For(coordinator)), cancellationToken);
            if (outcome == LedgerOutcome.Sent)
            {
                sent++;
            }
            else
            {
                alreadySent++;
            }
        }
        return new JobReport(JobCatalog.ApproverDigest, sent, alreadySent, skipped);
    }
}

/// <summary>The coordinator's inbox emails, in Bahasa Indonesia.</summary>
public static class InboxEmails
{
    public static EmailMessage FreshLink(Coordinator to, string inboxLink) =>
        EmailLayout.Compose(to.Email, to.Name, "Tautan kotak masuk persetujuan Anda",
            [$"Berikut tautan baru ke kotak masuk Anda sebagai {to.Title}: semua pendaftaran dan usulan kegiatan yang menunggu keputusan Anda."],
            new EmailAction("Buka kotak masuk", inboxLink),
            footnote: "Tautan ini hanya untuk Anda dan berlaku 30 hari. Jika Anda tidak memintanya, abaikan email ini.")
            with { AsksCoordinatorToDecide = true };

    public static EmailMessage Digest(Coordinator to, IReadOnlyList<InboxItem> waiting, int held, IndonesianTimeZone zone, string inboxLink)
    {
        var paragraphs = new List<string>
        {
            $"{waiting.Count} permintaan menunggu keputusan Anda sebagai {to.Title}.",
        };
        if (held > 0)
        {
            paragraphs.Add($"{held} di antaranya tidak kami kirim satu per satu, karena batas email harian Anda sudah tercapai. Semuanya ada di kotak masuk Anda.");
        }
        paragraphs.Add($"Batas keputusan terdekat (waktu {zone}):");
        var nearest = waiting.Take(ApproverDigestJob.Nearest).Select(i => (i.Title, $"{i.What}, putuskan sebelum {zone.Format(i.Deadline)}")).ToList();
        return EmailLayout.Compose(to.Email, to.Name, $"{waiting.Count} permintaan menunggu keputusan Anda", paragraphs,
            new EmailAction("Buka kotak masuk", inboxLink), nearest,
            footnote: "Tautan ini hanya untuk Anda. Email ini dikirim setiap hari selama ada permintaan yang menunggu.")
            with { AsksCoordinatorToDecide = true };
    }
}
