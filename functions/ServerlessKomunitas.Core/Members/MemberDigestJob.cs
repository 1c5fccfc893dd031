using System.Globalization;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Members;

/// <summary>
/// Once a day, from 09.00 in the community's zone, its contact gets one email listing the members who confirmed
/// before then, instead of one email per member. Hourly runs catch up on a missed one; a repeated run sends nothing.
/// </summary>
public sealed class MemberDigestJob(NewMemberQueue queue, RegistrationStore communities, RegionDirectory regions, EmailLedger ledger, IOptions<JobOptions> options)
    : IScheduledJob
{
    /// <summary>More than this wait for the next day's digest.</summary>
    public const int MaxPerDigest = 300;

    public async Task<JobReport> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        int sent = 0, alreadySent = 0, skipped = 0;
        await foreach (var waiting in queue.ByCommunityAsync(cancellationToken))
        {
            var community = await communities.FindAsync(waiting.CommunityId, cancellationToken);
            if (community is not { Status: RegistrationStatus.Approved })
            {
                skipped++;
                continue;
            }
            var zone = await regions.ZoneOfAsync(community.ProvinceCode, cancellationToken);
            var cutoff = LocalHours.LatestPassed(now, zone, options.Value.LocalHour);
            var day = LocalHours.DayOf(cutoff, zone);
            await queue.RemoveManifestsBeforeAsync(community.Id, day, waiting.Manifests, cancellationToken);

            var due = waiting.Members.Where(m => m.ConfirmedAt < cutoff).Take(MaxPerDigest).ToList();
            var hasManifest = waiting.Manifests.Contains(NewMemberQueue.ManifestPrefix + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            if (due.Count == 0 && !hasManifest)
            {
                continue;
            }
            var reported = await queue.ManifestAsync(community.Id, day, due.Select(m => m.RowKey).ToList(), cancellationToken);
            var members = waiting.Members.Where(m => reported.Contains(m.RowKey)).ToList();
            if (members.Count > 0)
            {
                var outcome = await ledger.SendOnceAsync(
                    new LedgerKey($"digest-{community.Id}", "member-digest", int.Parse(day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), "contact"),
                    MemberEmails.Digest(community, members, day, options.Value.LocalHour), cancellationToken);
                if (outcome == LedgerOutcome.Sent)
                {
                    sent++;
                }
                else
                {
                    alreadySent++;
                }
            }
            await queue.RemoveAsync(reported, community.Id, cancellationToken);
        }
        return new JobReport(JobCatalog.MemberDigest, sent, alreadySent, skipped);
    }
}
