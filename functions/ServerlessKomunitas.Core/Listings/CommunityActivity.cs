using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Proposals;

namespace ServerlessKomunitas.Listings;

/// <summary>An event on a community's profile: a confirmed event of theirs (approved, confirmed, not cancelled).</summary>
public sealed record ProfileEvent(string Id, string Title, DateTimeOffset StartUtc, DateTimeOffset EndUtc, IndonesianTimeZone Zone);

/// <summary>What a profile shows of a community's life: its events, its mentoring, and how many confirmed members it has (up to <see cref="CommunityActivityStore.MembersCounted"/>).</summary>
public sealed record CommunityLife(IReadOnlyList<ProfileEvent> Events, int MentorshipsActive, int MentorshipsCompleted, int ConfirmedMembers);

/// <summary>
/// Each community's life as its profile reads it, kept by the steps that change the records
/// (<see cref="DirectoryKeeper"/>), so that a profile reads one partition and scans nothing: table
/// <see cref="TableName"/>, partition the community's id, a row per confirmed event (<c>event|id</c>), per mentorship
/// of its members (<c>mentorship|id</c>) and per confirmed member (<c>member|personKey</c>). Each row states what the
/// record is now, so writing it again changes nothing. A member's rows are found again from their own partition
/// (<c>person|key</c>, a row per community), so that when the person is erased and their rows are gone, the
/// communities that counted them are known.
/// </summary>
public sealed class CommunityActivityStore(KomunitasTables tables)
{
    public const string TableName = "DirectoryActivity";

    /// <summary>The most members a profile counts: the top size band starts here, so no profile reads more member rows.</summary>
    public const int MembersCounted = 500;

    const string EventPrefix = "event|";
    const string MentorshipPrefix = "mentorship|";
    const string MemberPrefix = "member|";
    const string PersonPrefix = "person|";

    TableClient Table => tables.Client(TableName);

    /// <summary>The person a row names, for the breach catalogue: a member row, or a person's own partition.</summary>
    public static IEnumerable<PersonReference> PeopleIn(TableEntity row) =>
        row.RowKey.StartsWith(MemberPrefix, StringComparison.Ordinal) ? PersonReference.ByKey(row.RowKey[MemberPrefix.Length..])
        : row.PartitionKey.StartsWith(PersonPrefix, StringComparison.Ordinal) ? PersonReference.ByKey(row.PartitionKey[PersonPrefix.Length..])
        : [];

    /// <summary>Puts a proposal on its community's profile while it is a confirmed event, and takes it off once cancelled.</summary>
    public async Task FollowEventAsync(Proposal proposal, CancellationToken cancellationToken = default)
    {
        if (proposal.CommunityId.Length == 0)
        {
            return;
        }
        if (proposal.Status == ProposalStatus.Cancelled)
        {
            await DeleteAsync(proposal.CommunityId, EventPrefix + proposal.Id, cancellationToken);
            return;
        }
        if (proposal.Status != ProposalStatus.Confirmed)
        {
            // Only a confirmed event leaves Confirmed, and only to Cancelled: a proposal in any other state never had a row.
            return;
        }
        await Table.UpsertEntityAsync(new TableEntity(proposal.CommunityId, EventPrefix + proposal.Id)
        {
            ["Title"] = proposal.Title, ["StartUtc"] = proposal.StartUtc, ["EndUtc"] = proposal.EndUtc, ["Zone"] = proposal.Zone,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Puts a mentorship on its community's profile while active or completed, and takes it off otherwise.</summary>
    public async Task FollowMentorshipAsync(Mentorship mentorship, CancellationToken cancellationToken = default)
    {
        if (mentorship.CommunityId.Length == 0)
        {
            return;
        }
        var state = mentorship.Status switch
        {
            MentorshipStatus.Active or MentorshipStatus.Feedback => "active",
            MentorshipStatus.Completed => "completed",
            _ => null,
        };
        if (state is null)
        {
            await DeleteAsync(mentorship.CommunityId, MentorshipPrefix + mentorship.Id, cancellationToken);
            return;
        }
        await Table.UpsertEntityAsync(new TableEntity(mentorship.CommunityId, MentorshipPrefix + mentorship.Id) { ["State"] = state }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Counts a person in each community they are a confirmed member of (the person confirmed too), and no longer in
    /// any other: the communities they counted in before are read from their own partition. Adds go member row first,
    /// removals member row first too, so the person's partition always names every community that may count them.
    /// </summary>
    public async Task FollowPersonAsync(string personKey, CancellationToken cancellationToken = default)
    {
        var (confirmed, communities) = (false, new List<string>());
        await foreach (var row in tables.Client(PersonStore.TableName).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {personKey}"),
                           select: ["RowKey", "StatusName", "CommunityId"], cancellationToken: cancellationToken))
        {
            var status = row.GetString("StatusName");
            if (row.RowKey == Person.RowOf(personKey))
            {
                confirmed = status == nameof(PersonStatus.Confirmed);
            }
            else if (row.RowKey.StartsWith(Membership.RowPrefix, StringComparison.Ordinal) && status == nameof(MembershipStatus.Confirmed)
                && row.GetString("CommunityId") is { Length: > 0 } community)
            {
                communities.Add(community);
            }
        }
        var wanted = confirmed ? communities.ToHashSet(StringComparer.Ordinal) : [];
        var counted = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PersonPrefix + personKey}"), select: ["RowKey"],
                           cancellationToken: cancellationToken))
        {
            counted.Add(row.RowKey);
        }
        foreach (var community in wanted.Where(c => !counted.Contains(c)))
        {
            await Table.UpsertEntityAsync(new TableEntity(PersonPrefix + personKey, community), TableUpdateMode.Replace, cancellationToken);
            await Table.UpsertEntityAsync(new TableEntity(community, MemberPrefix + personKey), TableUpdateMode.Replace, cancellationToken);
        }
        foreach (var community in counted.Where(c => !wanted.Contains(c)))
        {
            await DeleteAsync(community, MemberPrefix + personKey, cancellationToken);
            await DeleteAsync(PersonPrefix + personKey, community, cancellationToken);
        }
    }

    /// <summary>A community's life: one partition, of which member rows are read only up to <see cref="MembersCounted"/>.</summary>
    public async Task<CommunityLife> ReadAsync(string communityId, CancellationToken cancellationToken = default)
    {
        var events = new List<ProfileEvent>();
        var (active, completed, members) = (0, 0, 0);
        await foreach (var row in Range(communityId, EventPrefix, cancellationToken))
        {
            events.Add(new ProfileEvent(row.RowKey[EventPrefix.Length..], row.GetString("Title") ?? "", row.GetDateTimeOffset("StartUtc") ?? default,
                row.GetDateTimeOffset("EndUtc") ?? default, Enum.TryParse<IndonesianTimeZone>(row.GetString("Zone"), out var zone) ? zone : IndonesianTimeZone.WIB));
        }
        await foreach (var row in Range(communityId, MentorshipPrefix, cancellationToken))
        {
            _ = row.GetString("State") == "active" ? active++ : completed++;
        }
        await foreach (var _ in Range(communityId, MemberPrefix, cancellationToken, select: ["RowKey"]))
        {
            if (++members >= MembersCounted)
            {
                break;
            }
        }
        return new CommunityLife(events, active, completed, members);
    }

    Azure.AsyncPageable<TableEntity> Range(string communityId, string prefix, CancellationToken cancellationToken, IEnumerable<string>? select = null) =>
        Table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {communityId} and RowKey gt {prefix} and RowKey lt {prefix[..^1] + "}"}"), select: select,
            cancellationToken: cancellationToken);

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
}
