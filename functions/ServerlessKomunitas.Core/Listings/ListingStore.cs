using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Listings;

/// <summary>
/// The directory in Table Storage (table <see cref="TableName"/>): each community's <see cref="Listing"/> row, and
/// the browsing partitions the directory pages read, one for every listed community (<c>index|all</c>) and one per
/// subsector (<c>index|musik</c>). A browsing row's key is "kab/kota code|community id", so a province or a kab/kota
/// is a range of keys and a page is the next range after the last key shown: a page reads its own rows and no more.
/// </summary>
public sealed class ListingStore(KomunitasTables tables)
{
    public const string TableName = "DirectoryListings";

    public const string Everyone = "index|all";

    const string MetaPartition = "meta";

    TableClient Table => tables.Client(TableName);

    public static string SubsectorPartition(string slug) => "index|" + slug;

    public async Task<Listing?> FindAsync(string communityId, CancellationToken cancellationToken = default)
    {
        if (!RecordId.IsWellFormed(communityId))
        {
            return null;
        }
        var row = await Table.GetEntityIfExistsAsync<Listing>(communityId, Listing.Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Adds the community's listing row, as the contact opts in for the first time; false if it has one already.</summary>
    public async Task<bool> TryAddAsync(Listing listing, CancellationToken cancellationToken = default)
    {
        EntityLimits.Check(listing);
        return await Table.AddIfAbsentAsync(listing, cancellationToken);
    }

    /// <summary>
    /// Changes the listing with <paramref name="change"/> (false: nothing to change), ETag-conditional, reading again when
    /// another step wrote first; then brings the browsing rows in line. Null if the community has no listing row.
    /// </summary>
    public async Task<Listing?> ChangeAsync(string communityId, Func<Listing, bool> change, Registration? registration, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await FindAsync(communityId, cancellationToken) is not { } listing)
            {
                return null;
            }
            if (!change(listing))
            {
                await IndexAsync(listing, registration, cancellationToken);
                return listing;
            }
            EntityLimits.Check(listing);
            try
            {
                await Table.UpdateEntityAsync(listing, listing.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException e) when (e.IsPreconditionFailed())
            {
                continue;
            }
            var saved = (await FindAsync(communityId, cancellationToken))!;
            await IndexAsync(saved, registration, cancellationToken);
            return saved;
        }
        throw new InvalidOperationException($"The listing of {communityId} kept changing.");
    }

    /// <summary>The browsing partitions a community belongs in: none unless listed, approved and with a contact.</summary>
    public static IReadOnlyList<string> PartitionsFor(Listing listing, Registration? registration) =>
        listing.Status == ListingStatus.Listed && registration is { Status: RegistrationStatus.Approved, ContactKey.Length: > 0 }
            ? [Everyone, .. registration.Subsectors.Where(s => s != Subsectors.Other).Select(SubsectorPartition)]
            : [];

    /// <summary>
    /// Puts the community's browsing rows where <see cref="PartitionsFor"/> says, and removes them elsewhere. The
    /// listing first widens <see cref="Listing.IndexedIn"/> to every partition touched and narrows it only after, so
    /// a step cut short leaves a row that the next change of the record (or the invitation job) finds and removes.
    /// </summary>
    public async Task IndexAsync(Listing listing, Registration? registration, CancellationToken cancellationToken = default)
    {
        var target = PartitionsFor(listing, registration);
        var indexed = listing.IndexedIn.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (target.Count == 0 && indexed.Length == 0)
        {
            return;
        }
        var keys = listing.IndexKeys.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var key = registration is null ? null : RowKeyOf(registration);
        var widened = indexed.Union(target).Order(StringComparer.Ordinal).ToList();
        if (!await TrySetIndexedAsync(listing, widened, [.. keys.Union(key is null || target.Count == 0 ? [] : [key])], cancellationToken))
        {
            return;
        }
        foreach (var partition in target)
        {
            await Table.UpsertEntityAsync(new TableEntity(partition, key)
            {
                ["Name"] = registration!.Name, ["SubsectorSlugs"] = registration.SubsectorSlugs, ["RegencyCode"] = registration.RegencyCode,
                ["FoundedYear"] = registration.FoundedYear,
            }, TableUpdateMode.Replace, cancellationToken);
        }
        // A row in a partition no longer wanted, or under an older key (a kab/kota corrected since), goes.
        foreach (var partition in widened)
        {
            foreach (var old in keys.Where(k => !target.Contains(partition) || k != key))
            {
                await DeleteAsync(partition, old, cancellationToken);
            }
        }
        await TrySetIndexedAsync(listing, target, target.Count == 0 ? [] : [key!], cancellationToken);
    }

    public static string RowKeyOf(Registration registration) => TableKey.Checked($"{registration.RegencyCode}|{registration.Id}");

    async Task<bool> TrySetIndexedAsync(Listing listing, IReadOnlyList<string> partitions, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var (value, keyList) = (string.Join(',', partitions), string.Join(',', keys));
        if (listing.IndexedIn == value && listing.IndexKeys == keyList)
        {
            return true;
        }
        (listing.IndexedIn, listing.IndexKeys) = (value, keyList);
        try
        {
            var response = await Table.UpdateEntityAsync(listing, listing.ETag, TableUpdateMode.Replace, cancellationToken);
            listing.ETag = response.Headers.ETag ?? listing.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            // Another step changed the listing meanwhile; it indexes it as it now stands.
            return false;
        }
    }

    async Task DeleteAsync(string partition, string row, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
        }
    }

    /// <summary>
    /// One page of a browsing partition: the rows whose keys start with <paramref name="prefix"/> ("" for all,
    /// "63." for a province, "63.09|" for a kab/kota) and come after <paramref name="after"/>, in key order.
    /// </summary>
    public async Task<(IReadOnlyList<ListedCommunity> Items, string? Next)> PageAsync(string partition, string prefix, string? after, int size,
        CancellationToken cancellationToken = default)
    {
        var from = after is not null && string.CompareOrdinal(after, prefix) > 0 ? after : prefix;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            + (after is not null && string.CompareOrdinal(after, prefix) >= 0 ? TableClient.CreateQueryFilter($" and RowKey gt {from}") : TableClient.CreateQueryFilter($" and RowKey ge {from}"))
            + (prefix.Length > 0 ? TableClient.CreateQueryFilter($" and RowKey lt {prefix + '~'}") : "");
        var items = new List<ListedCommunity>();
        string? lastKey = null;
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: size + 1, cancellationToken: cancellationToken))
        {
            if (items.Count == size)
            {
                return (items, lastKey);
            }
            items.Add(new ListedCommunity(row.RowKey[(row.RowKey.IndexOf('|') + 1)..], row.GetString("Name") ?? "",
                (row.GetString("SubsectorSlugs") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), row.GetString("RegencyCode") ?? "", row.GetInt32("FoundedYear")));
            lastKey = row.RowKey;
        }
        return (items, null);
    }

    /// <summary>
    /// When the invitation job first ran (communities approved before it are invited by the job, the rest by their
    /// approval email), and whether it has offered every one of them.
    /// </summary>
    public async Task<(DateTimeOffset Since, bool Done)> InvitationsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await Table.AddIfAbsentAsync(new TableEntity(MetaPartition, InvitationsRow) { ["Since"] = now }, cancellationToken);
        var row = (await Table.GetEntityAsync<TableEntity>(MetaPartition, InvitationsRow, cancellationToken: cancellationToken)).Value;
        return (row.GetDateTimeOffset("Since") ?? now, row.GetBoolean("Done") == true);
    }

    public Task InvitationsDoneAsync(CancellationToken cancellationToken = default) =>
        Table.UpdateEntityAsync(new TableEntity(MetaPartition, InvitationsRow) { ["Done"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    const string InvitationsRow = "invitations";

    /// <summary>Every listing row (the invitation job's pass, and a contact's export).</summary>
    public async Task<IReadOnlyList<Listing>> AllAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<Listing>();
        await foreach (var row in Table.QueryAsync<Listing>(TableClient.CreateQueryFilter($"RowKey eq {Listing.Row}"), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }
}
