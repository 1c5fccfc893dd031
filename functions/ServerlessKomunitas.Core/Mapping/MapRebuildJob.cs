using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;

namespace ServerlessKomunitas.Mapping;

/// <summary>
/// Recomputes every figure of the map from the records, and stores what changed (<see cref="MapFigureStore.ReplaceAllAsync"/>):
/// <list type="bullet">
/// <item>communities: approved registrations, by the community's kab/kota, and per subsector;</item>
/// <item>members: confirmed persons with at least one confirmed membership, by their own kab/kota;</item>
/// <item>events: confirmed proposals (approved, confirmed by the community, not cancelled), held once they ended, per
/// subsector and per month of the event's zone, else upcoming;</item>
/// <item>RSVPs: attending and waitlisted places of those events (attendance itself is not recorded);</item>
/// <item>mentorships: active (with the feedback stage) and completed, by the mentee's community's kab/kota;</item>
/// <item>support asked of each pentahelix element by proposals their community confirmed, unless withdrawn.</item>
/// </list>
/// It reads only the columns it counts, and no personal data leaves it. The report's Sent is rows written, AlreadySent
/// rows unchanged, Skipped rows deleted.
/// </summary>
public sealed partial class MapRebuildJob(KomunitasTables tables, MapFigureStore figures, ILogger<MapRebuildJob> log) : IScheduledJob
{
    public async Task<JobReport> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tally = new MapTally();
        var communities = await CommunitiesAsync(tally, cancellationToken);
        await MembersAsync(tally, cancellationToken);
        var events = await EventsAsync(tally, now, cancellationToken);
        await RsvpsAsync(tally, events, cancellationToken);
        await MentorshipsAsync(tally, communities, cancellationToken);
        var (written, deleted, unchanged) = await figures.ReplaceAllAsync(tally, cancellationToken);
        await figures.MarkAsync(new MapRebuildMark(now, tally.EarliestRecordAt), cancellationToken);
        Rebuilt(log, tally.Areas.Count, written, deleted);
        return new JobReport(JobCatalog.MapRebuild, written, unchanged, deleted);
    }

    Azure.AsyncPageable<TableEntity> Rows(string table, string? filter, IEnumerable<string> columns, CancellationToken cancellationToken) =>
        tables.Client(table).QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", .. columns], cancellationToken: cancellationToken);

    /// <summary>Counts approved communities; answers every community's kab/kota, for the mentorships of its members.</summary>
    async Task<Dictionary<string, string>> CommunitiesAsync(MapTally tally, CancellationToken cancellationToken)
    {
        var regencyOf = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in Rows(RegistrationStore.TableName, TableClient.CreateQueryFilter($"RowKey eq {Registration.Row}"),
                           ["StatusName", "RegencyCode", "SubsectorSlugs", "SubmittedAt"], cancellationToken))
        {
            var regency = row.GetString("RegencyCode") ?? "";
            regencyOf[row.PartitionKey] = regency;
            if (row.GetString("StatusName") == nameof(RegistrationStatus.Approved) && regency.Length > 0)
            {
                tally.Add(regency, MapMeasures.Communities);
                tally.Saw(row.GetDateTimeOffset("SubmittedAt"));
                foreach (var subsector in (row.GetString("SubsectorSlugs") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    tally.Add(regency, MapMeasures.CommunitiesIn(subsector));
                }
            }
        }
        return regencyOf;
    }

    async Task MembersAsync(MapTally tally, CancellationToken cancellationToken)
    {
        var confirmed = new Dictionary<string, string>(StringComparer.Ordinal);
        var withMembership = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Rows(PersonStore.TableName, null, ["StatusName", "RegencyCode"], cancellationToken))
        {
            var status = row.GetString("StatusName");
            if (row.RowKey.StartsWith(Person.RowPrefix, StringComparison.Ordinal) && status == nameof(PersonStatus.Confirmed))
            {
                confirmed[row.PartitionKey] = row.GetString("RegencyCode") ?? "";
            }
            else if (row.RowKey.StartsWith(Membership.RowPrefix, StringComparison.Ordinal) && status == nameof(MembershipStatus.Confirmed))
            {
                withMembership.Add(row.PartitionKey);
            }
        }
        foreach (var (person, regency) in confirmed.Where(p => p.Value.Length > 0 && withMembership.Contains(p.Key)))
        {
            tally.Add(regency, MapMeasures.Members);
        }
    }

    static readonly string[] ProposalColumns = ["StatusName", "RegencyCode", "SubsectorSlugs", "StartUtc", "EndUtc", "Zone", "SupportJson", "ConfirmedAt"];

    /// <summary>Counts events and support; answers the kab/kota of each event that is on (for its RSVPs).</summary>
    async Task<Dictionary<string, string>> EventsAsync(MapTally tally, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var onEvents = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in Rows(ProposalStore.TableName, TableClient.CreateQueryFilter($"RowKey eq {Proposal.Row}"), ProposalColumns, cancellationToken))
        {
            var regency = row.GetString("RegencyCode") ?? "";
            var status = Enum.TryParse<ProposalStatus>(row.GetString("StatusName"), out var s) ? s : ProposalStatus.AwaitingConfirmation;
            if (regency.Length == 0)
            {
                continue;
            }
            if (row.GetDateTimeOffset("ConfirmedAt") is not null && status != ProposalStatus.Withdrawn)
            {
                foreach (var element in (JsonSerializer.Deserialize<List<SupportRequest>>(row.GetString("SupportJson") ?? "[]") ?? []).Select(r => r.Element).Distinct())
                {
                    tally.Add(regency, MapMeasures.SupportAskedOf(element));
                }
            }
            if (status != ProposalStatus.Confirmed)
            {
                continue;
            }
            onEvents[row.PartitionKey] = regency;
            tally.Saw(row.GetDateTimeOffset("StartUtc"));
            if (row.GetDateTimeOffset("EndUtc") is { } end && end <= now)
            {
                tally.Add(regency, MapMeasures.EventsHeld);
                foreach (var subsector in (row.GetString("SubsectorSlugs") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    tally.Add(regency, MapMeasures.EventsHeldIn(subsector));
                }
                var zone = Enum.TryParse<IndonesianTimeZone>(row.GetString("Zone"), out var z) ? z : IndonesianTimeZone.WIB;
                var start = TimeZoneInfo.ConvertTime(row.GetDateTimeOffset("StartUtc") ?? end, zone.Info());
                tally.Add(regency, MapMeasures.EventsHeldInMonth($"{start.Year:0000}-{start.Month:00}"));
            }
            else
            {
                tally.Add(regency, MapMeasures.EventsUpcoming);
            }
        }
        return onEvents;
    }

    async Task RsvpsAsync(MapTally tally, Dictionary<string, string> events, CancellationToken cancellationToken)
    {
        await foreach (var row in Rows(RsvpStore.TableName, null, ["StatusName"], cancellationToken))
        {
            if (events.TryGetValue(row.PartitionKey, out var regency) && row.RowKey.StartsWith(Rsvp.RowOf(""), StringComparison.Ordinal))
            {
                switch (row.GetString("StatusName"))
                {
                    case nameof(RsvpStatus.Attending):
                        tally.Add(regency, MapMeasures.Attending);
                        break;
                    case nameof(RsvpStatus.Waitlisted):
                        tally.Add(regency, MapMeasures.Waitlisted);
                        break;
                }
            }
        }
    }

    async Task MentorshipsAsync(MapTally tally, Dictionary<string, string> communities, CancellationToken cancellationToken)
    {
        await foreach (var row in Rows(MentorshipStore.TableName, TableClient.CreateQueryFilter($"RowKey eq {Mentorship.Row}"), ["StatusName", "CommunityId"], cancellationToken))
        {
            if (communities.GetValueOrDefault(row.GetString("CommunityId") ?? "") is not { Length: > 0 } regency)
            {
                continue;
            }
            switch (row.GetString("StatusName"))
            {
                case nameof(MentorshipStatus.Active) or nameof(MentorshipStatus.Feedback):
                    tally.Add(regency, MapMeasures.MentorshipsActive);
                    break;
                case nameof(MentorshipStatus.Completed):
                    tally.Add(regency, MapMeasures.MentorshipsCompleted);
                    break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Map rebuilt: {Areas} areas, {Written} figures written, {Deleted} deleted")]
    static partial void Rebuilt(ILogger logger, int areas, int written, int deleted);
}
