using ServerlessKomunitas.Members;
using ServerlessKomunitas.Privacy;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Listings;

public sealed record ExportedListing(string CommunityId, string Status, string Description, IReadOnlyList<string> Links, string ConsentVersion, DateTimeOffset ListedAt,
    DateTimeOffset? WithdrawnAt);

/// <summary>
/// A listing is the contact's choice and holds text they wrote, so it follows their data rights: it is in their
/// export; on withdrawal of consent the community leaves the directory; on erasure it leaves it too and nothing they
/// wrote is kept. The members counted on profiles (<see cref="CommunityActivityStore"/>) follow the person's own
/// rows: when those go, the keeper takes them off every profile.
/// </summary>
public sealed class ListingPersonalData(ListingStore listings, RegistrationStore registrations, TimeProvider time) : IPersonalDataHolder
{
    public async Task ExportAsync(Person person, PersonalDataSections export, CancellationToken cancellationToken) =>
        export.Add("directoryListings", (await OfAsync(person.Key, cancellationToken))
            .Select(l => new ExportedListing(l.CommunityId, l.StatusName, l.Description, l.Links, l.ConsentVersion, l.ListedAt, l.WithdrawnAt)).ToList());

    public async Task<IReadOnlyList<ContactedRecord>> WithdrawAsync(WithdrawalRun run, CancellationToken cancellationToken)
    {
        await WithdrawAllAsync(run.Person.Key, cancellationToken);
        return [];
    }

    public async Task<bool> EraseAsync(ErasureRun run, CancellationToken cancellationToken)
    {
        run.Count(ListingStore.TableName, await WithdrawAllAsync(run.PersonKey, cancellationToken));
        return true;
    }

    async Task<int> WithdrawAllAsync(string personKey, CancellationToken cancellationToken)
    {
        var mine = await OfAsync(personKey, cancellationToken);
        foreach (var listing in mine)
        {
            var registration = await registrations.FindAsync(listing.CommunityId, cancellationToken);
            await listings.ChangeAsync(listing.CommunityId, l => DirectoryEndpoints.Withdraw(l, time.GetUtcNow()) | ForgetContact(l), registration, cancellationToken);
        }
        return mine.Count;
    }

    static bool ForgetContact(Listing listing)
    {
        var changed = listing.ContactKey.Length > 0;
        listing.ContactKey = "";
        return changed;
    }

    /// <summary>The listings the person chose as a contact (a scan of the listing rows, for the rare data-rights request).</summary>
    async Task<IReadOnlyList<Listing>> OfAsync(string personKey, CancellationToken cancellationToken) =>
        [.. (await listings.AllAsync(cancellationToken)).Where(l => l.ContactKey == personKey)];
}
