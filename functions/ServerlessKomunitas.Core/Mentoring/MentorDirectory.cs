using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Mentoring;

/// <summary>A mentor as matching reads them: one row per subsector they mentor in, so a request reads only its subsectors.</summary>
public sealed class MentorEntry : TableRow
{
    public string CommunityIds { get; set; } = "";
    public string SubsectorSlugs { get; set; } = "";
    public string RegencyCode { get; set; } = "";
    public string ProvinceCode { get; set; } = "";
    public string Zone { get; set; } = nameof(IndonesianTimeZone.WIB);
    public int Capacity { get; set; }
    public int ActiveMentees { get; set; }

    public MentorCandidate ToCandidate() => new(RowKey, CommunityIds.Split(',', StringSplitOptions.RemoveEmptyEntries),
        SubsectorSlugs.Split(',', StringSplitOptions.RemoveEmptyEntries), RegencyCode, ProvinceCode, Enum.Parse<IndonesianTimeZone>(Zone), Capacity, ActiveMentees);
}

/// <summary>
/// Who mentors, who waits for a mentor, and each mentor's load. The load's truth is the mentor's person row and
/// one "mentee-" row per mentorship in the same partition, changed together in one batch, so that two accepts
/// can never both take a mentor's last place; the index rows carry a copy for matching.
/// </summary>
public sealed class MentorDirectory(KomunitasTables tables, PersonStore persons)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string MentorsTableName = "Mentors";

    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string WaitlistTableName = "MentorWaitlist";

    TableClient Mentors => tables.Client(MentorsTableName);
    TableClient Waitlist => tables.Client(WaitlistTableName);

    /// <summary>Gives the mentor's place back; the waiting requests that could take it are returned, to be woken.</summary>
    public async Task<IReadOnlyList<string>> FreePlaceAsync(string mentorKey, string mentorshipId)
    {
        await ReleaseAsync(mentorKey, mentorshipId);
        return await persons.FindPersonAsync(mentorKey) is { Status: PersonStatus.Confirmed, OffersMentoring: true } mentor && mentor.ActiveMentees < mentor.MentorCapacity
            ? (await WaitingForAsync(mentor)).Where(id => id != mentorshipId).ToList()
            : [];
    }

    const string MenteeRowPrefix = "mentee-";

    /// <summary>Lists a confirmed person who offers mentoring, under each of their subsectors, with the communities they belong to.</summary>
    public async Task PublishAsync(Person mentor, IEnumerable<string> communityIds, CancellationToken cancellationToken = default)
    {
        var communities = string.Join(',', communityIds.Distinct().Order(StringComparer.Ordinal));
        foreach (var subsector in mentor.Subsectors)
        {
            await Mentors.UpsertEntityAsync(new MentorEntry
            {
                PartitionKey = subsector, RowKey = mentor.Key, CommunityIds = communities, SubsectorSlugs = mentor.SubsectorSlugs,
                RegencyCode = mentor.RegencyCode, ProvinceCode = mentor.ProvinceCode, Zone = mentor.Zone,
                Capacity = mentor.MentorCapacity, ActiveMentees = mentor.ActiveMentees,
            }, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>Takes the person off the mentor index and their requests off the waitlists, so that nobody is matched with them again.</summary>
    public async Task RemoveAsync(Person person, CancellationToken cancellationToken = default)
    {
        foreach (var subsector in person.Subsectors)
        {
            await Mentors.DeleteIfExistsAsync(subsector, person.Key, cancellationToken);
            await foreach (var row in Waitlist.QueryAsync<TableEntity>(
                               TableClient.CreateQueryFilter($"PartitionKey eq {subsector} and MenteeKey eq {person.Key}"), cancellationToken: cancellationToken))
            {
                await Waitlist.DeleteIfExistsAsync(row.PartitionKey, row.RowKey, cancellationToken);
            }
        }
    }

    public async Task<IReadOnlyList<MentorCandidate>> CandidatesAsync(IEnumerable<string> subsectors, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, MentorCandidate>(StringComparer.Ordinal);
        foreach (var subsector in subsectors.Distinct())
        {
            await foreach (var entry in Mentors.QueryAsync<MentorEntry>(e => e.PartitionKey == subsector, cancellationToken: cancellationToken))
            {
                found.TryAdd(entry.RowKey, entry.ToCandidate());
            }
        }
        return found.Values.ToList();
    }

    /// <summary>Takes one of the mentor's places for this mentorship; false when they have none left. Repeating it changes nothing.</summary>
    public Task<bool> ReserveAsync(string mentorKey, string mentorshipId, CancellationToken cancellationToken = default) =>
        ChangeLoadAsync(mentorKey, mentorshipId, take: true, cancellationToken);

    /// <summary>Gives the place back; repeating it changes nothing.</summary>
    public Task ReleaseAsync(string mentorKey, string mentorshipId, CancellationToken cancellationToken = default) =>
        ChangeLoadAsync(mentorKey, mentorshipId, take: false, cancellationToken);

    async Task<bool> ChangeLoadAsync(string mentorKey, string mentorshipId, bool take, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var person = await persons.FindPersonAsync(mentorKey, cancellationToken);
            if (person is null)
            {
                return false;
            }
            var held = await tables.Client(Members.PersonStore.TableName).GetEntityIfExistsAsync<TableEntity>(mentorKey, MenteeRowPrefix + mentorshipId, cancellationToken: cancellationToken);
            if (held.HasValue == take)
            {
                return true;
            }
            if (take && person.ActiveMentees >= person.MentorCapacity)
            {
                return false;
            }
            person.ActiveMentees = Math.Max(0, person.ActiveMentees + (take ? 1 : -1));
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.UpdateReplace, person, person.ETag),
                take
                    ? new(TableTransactionActionType.Add, new TableEntity(mentorKey, MenteeRowPrefix + mentorshipId))
                    : new(TableTransactionActionType.Delete, new TableEntity(mentorKey, MenteeRowPrefix + mentorshipId), ETag.All),
            ];
            try
            {
                await tables.Client(Members.PersonStore.TableName).SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (RequestFailedException e) when (e.IsConflict() || e.IsPreconditionFailed() || e.IsNotFound())
            {
                continue;
            }
            foreach (var subsector in person.Subsectors)
            {
                await Mentors.UpsertEntityAsync(new TableEntity(subsector, mentorKey) { [nameof(MentorEntry.ActiveMentees)] = person.ActiveMentees },
                    TableUpdateMode.Merge, cancellationToken);
            }
            return true;
        }
        throw new InvalidOperationException($"Mentor {mentorKey}'s load kept changing.");
    }

    /// <summary>Puts a request on the waitlist of each of its subsectors, until a mentor joins.</summary>
    public async Task WaitAsync(string mentorshipId, string menteeKey, IEnumerable<string> subsectors, CancellationToken cancellationToken = default)
    {
        foreach (var subsector in subsectors)
        {
            await Waitlist.UpsertEntityAsync(new TableEntity(subsector, mentorshipId) { ["MenteeKey"] = menteeKey }, TableUpdateMode.Replace, cancellationToken);
        }
    }

    public async Task StopWaitingAsync(string mentorshipId, IEnumerable<string> subsectors, CancellationToken cancellationToken = default)
    {
        foreach (var subsector in subsectors)
        {
            await Waitlist.DeleteIfExistsAsync(subsector, mentorshipId, cancellationToken);
        }
    }

    /// <summary>The waiting requests a new mentor could take: any that shares a subsector, other than their own.</summary>
    public async Task<IReadOnlyList<string>> WaitingForAsync(Person mentor, CancellationToken cancellationToken = default)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subsector in mentor.Subsectors)
        {
            await foreach (var row in Waitlist.QueryAsync<TableEntity>(e => e.PartitionKey == subsector, cancellationToken: cancellationToken))
            {
                if (row.GetString("MenteeKey") != mentor.Key)
                {
                    ids.Add(row.RowKey);
                }
            }
        }
        return ids.Order(StringComparer.Ordinal).ToList();
    }
}
