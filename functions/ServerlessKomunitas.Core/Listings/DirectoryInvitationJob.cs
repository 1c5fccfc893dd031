using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Listings;

/// <summary>
/// The directory's offer to the communities approved before it existed: once to each, keyed in the ledger by the
/// community. Communities approved since the job first ran read the offer in their approval email instead. After a
/// run that offered every such community, later runs read one row and stop.
/// </summary>
public sealed class DirectoryInvitationJob(ListingStore listings, RegistrationStore registrations, DirectoryLinks links, EmailLedger ledger) : IScheduledJob
{
    public async Task<JobReport> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var mark = await listings.InvitationsAsync(now, cancellationToken);
        if (mark.Done)
        {
            return new JobReport(JobCatalog.DirectoryInvitations, 0, 0, 0);
        }
        int sent = 0, alreadySent = 0, skipped = 0, capped = 0;
        foreach (var community in await registrations.WhereEqualAsync(nameof(Registration.StatusName), nameof(RegistrationStatus.Approved), cancellationToken))
        {
            if (community.DecidedAt >= mark.Since || community.Email.Length == 0)
            {
                // Offered by its approval email, or with no contact to offer it to (erased).
                skipped++;
                continue;
            }
            var outcome = await ledger.SendOnceAsync(new LedgerKey(community.Id, "directory-invitation", 0, "contact"),
                DirectoryEmails.Invitation(community, links.Listing(community.Id)), cancellationToken);
            _ = outcome switch
            {
                LedgerOutcome.Sent => sent++,
                LedgerOutcome.AlreadySent => alreadySent++,
                // The day's share of the address was used: the next run tries again.
                LedgerOutcome.Capped => capped++,
                // A suppressed address gets no email; its contact finds the offer on their preferences page (DirectoryPreferenceSection).
                _ => skipped++,
            };
        }
        if (capped == 0)
        {
            await listings.InvitationsDoneAsync(cancellationToken);
        }
        return new JobReport(JobCatalog.DirectoryInvitations, sent, alreadySent, skipped + capped);
    }
}
