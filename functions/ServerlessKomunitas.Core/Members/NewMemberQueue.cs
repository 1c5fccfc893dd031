using System.Runtime.Serialization;

namespace ServerlessKomunitas.Members;

/// <summary>
/// A confirmed member waiting for their community's daily digest: partitioned by community, ordered by the time
/// of confirmation. The digest removes the rows it reported, so the table holds only what is still to be told.
/// </summary>
public sealed class NewMemberEntry : TableRow
{
    [IgnoreDataMember]
    public string CommunityId => PartitionKey;

    public string PersonKey { get; set; } = "";
    public string Name { get; set; } = "";
    public string SubsectorSlugs { get; set; } = "";
    public string RegencyName { get; set; } = "";
    public bool WantsMentor { get; set; }
    public bool OffersMentoring { get; set; }
    public DateTimeOffset ConfirmedAt { get; set; }

    [IgnoreDataMember]
    public IReadOnlyList<string> Subsectors => SubsectorSlugs.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

public sealed class NewMemberQueue(KomunitasTables tables)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "NewMembers";

    TableClient Table => tables.Client(TableName);

    /// <summary>Adds (or, on a retried activity, rewrites) the member's row.</summary>
    public Task AddAsync(Person person, Membership membership, string regencyName, CancellationToken cancellationToken = default)
    {
        var confirmedAt = membership.ConfirmedAt ?? person.ConfirmedAt ?? person.CreatedAt;
        return Table.UpsertEntityAsync(new NewMemberEntry
        {
            PartitionKey = membership.CommunityId,
            RowKey = $"{confirmedAt.UtcDateTime:yyyyMMddHHmmssfff}-{person.Key}",
            PersonKey = person.Key,
            Name = person.Name,
            SubsectorSlugs = person.SubsectorSlugs,
            RegencyName = regencyName,
            WantsMentor = person.WantsMentor,
            OffersMentoring = person.OffersMentoring,
            ConfirmedAt = confirmedAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Every waiting row, community after community, page by page: the table holds only what is still to be told.</summary>
    /// <summary>One community's waiting members and its digest manifests.</summary>
    public sealed record Waiting(string CommunityId, List<NewMemberEntry> Members, List<string> Manifests);

    public async IAsyncEnumerable<Waiting> ByCommunityAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Waiting? current = null;
        await foreach (var row in Table.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            if (current is not null && current.CommunityId != row.PartitionKey)
            {
                yield return current;
                current = null;
            }
            current ??= new Waiting(row.PartitionKey, [], []);
            if (row.RowKey.StartsWith(ManifestPrefix, StringComparison.Ordinal))
            {
                current.Manifests.Add(row.RowKey);
            }
            else
            {
                current.Members.Add(EntityConversion.To<NewMemberEntry>(row));
            }
        }
        if (current is not null)
        {
            yield return current;
        }
    }

    /// <summary>Removes the rows; rows already gone (a repeated run) are not an error.</summary>
    public async Task RemoveAsync(IReadOnlyCollection<string> rowKeys, string communityId, CancellationToken cancellationToken = default)
    {
        try
        {
            await KomunitasTables.SubmitInBatchesAsync(Table,
                rowKeys.Select(rk => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(communityId, rk), ETag.All)), cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            foreach (var rowKey in rowKeys)
            {
                try
                {
                    await Table.DeleteEntityAsync(communityId, rowKey, ETag.All, cancellationToken);
                }
                catch (RequestFailedException gone) when (gone.IsNotFound())
                {
                }
            }
        }
    }

    /// <summary>
    /// The rows a day's digest reports, fixed before it is sent, so that a repeated run sends nothing twice and
    /// removes only what that digest reported. The first run of the day writes it; later runs read it back.
    /// </summary>
    public async Task<IReadOnlyList<string>> ManifestAsync(string communityId, DateOnly day, IReadOnlyList<string> due, CancellationToken cancellationToken = default)
    {
        var rowKey = ManifestPrefix + day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var manifest = new TableEntity(communityId, rowKey) { ["Rows"] = string.Join(',', due) };
        try
        {
            await Table.AddEntityAsync(manifest, cancellationToken);
            return due;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            var existing = await Table.GetEntityAsync<TableEntity>(communityId, rowKey, cancellationToken: cancellationToken);
            return (existing.Value.GetString("Rows") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    /// <summary>Manifests of days before <paramref name="day"/>: no run can need them again.</summary>
    public Task RemoveManifestsBeforeAsync(string communityId, DateOnly day, IEnumerable<string> manifestRowKeys, CancellationToken cancellationToken = default) =>
        RemoveAsync(manifestRowKeys.Where(rk => string.CompareOrdinal(rk, ManifestPrefix + day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)) < 0).ToList(), communityId, cancellationToken);

    public const string ManifestPrefix = "digest-";

    /// <summary>Removes a person from every community's waiting digest (rows end in "-{key}"; a scan, for the rare erasure).</summary>
    public Task<int> ForgetPersonAsync(string personKey, CancellationToken cancellationToken = default) =>
        KomunitasTables.DeleteWhereAsync(Table, null, r => r.RowKey.EndsWith("-" + personKey, StringComparison.Ordinal), cancellationToken);
}
