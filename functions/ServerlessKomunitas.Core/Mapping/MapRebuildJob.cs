using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;

namespace ServerlessKomunitas.Mapping;

/// <summary>
/// Recomputes every figure of the map from the records, and stores what changed (<see cref="MapFigureStore.ReplaceAllAsync"/>),
/// by the rules the steps keep them current with (<see cref="MapCounting"/>, <see cref="MapFigureKeeper"/>); a run that
/// writes anything found figures the steps got wrong or missed (a crash between a record's write and its figures'), or
/// events that ended. What it counts:
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
        // The table first, then the records: a step that writes in between makes this run's write of its area fail.
        var before = await figures.SnapshotAsync(cancellationToken);
        var counted = new Counted();
        var communities = await CommunitiesAsync(counted, cancellationToken);
        await MembersAsync(counted, cancellationToken);
        await EventsAsync(counted, now, cancellationToken);
        await MentorshipsAsync(counted, communities, cancellationToken);
        var writes = await figures.ReplaceAllAsync(before, counted.Sources, cancellationToken);
        await figures.MarkAsync(new MapRebuildMark(now, counted.EarliestRecordAt), cancellationToken);
        Rebuilt(log, counted.Sources.Count, writes.Written, writes.Deleted, writes.Busy);
        return new JobReport(JobCatalog.MapRebuild, writes.Written, writes.Unchanged, writes.Deleted);
    }

    /// <summary>What each record adds, and the earliest record counted (the start of the figures' temporal coverage).</summary>
    sealed class Counted
    {
        public Dictionary<MapSource, MapContribution> Sources { get; } = [];

        public DateTimeOffset? EarliestRecordAt { get; private set; }

        public void Add(MapSourceKind kind, string id, MapContribution contribution, DateTimeOffset? at = null)
        {
            if (contribution.Regency.Length == 0)
            {
                return;
            }
            Sources[new MapSource(kind, id)] = contribution;
            if (at is { } seen && (EarliestRecordAt is null || seen < EarliestRecordAt))
            {
                EarliestRecordAt = seen;
            }
        }
    }

    Azure.AsyncPageable<TableEntity> Rows(string table, string? filter, IEnumerable<string> columns, CancellationToken cancellationToken) =>
        tables.Client(table).QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", .. columns], cancellationToken: cancellationToken);

    /// <summary>Counts approved communities; answers every community's kab/kota, for the mentorships of its members.</summary>
    async Task<Dictionary<string, string>> CommunitiesAsync(Counted counted, CancellationToken cancellationToken)
    {
        var regencyOf = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in Rows(RegistrationStore.TableName, TableClient.CreateQueryFilter($"RowKey eq {Registration.Row}"), MapCounting.Columns.Registration,
                           cancellationToken))
        {
            regencyOf[row.PartitionKey] = MapCounting.RegencyOf(row);
            counted.Add(MapSourceKind.Community, row.PartitionKey, MapCounting.Community(row), row.GetDateTimeOffset("SubmittedAt"));
        }
        return regencyOf;
    }

    async Task MembersAsync(Counted counted, CancellationToken cancellationToken)
    {
        // A person's rows are one partition, and a scan returns a partition's rows together.
        var person = "";
        var rows = new List<TableEntity>();
        await foreach (var row in Rows(PersonStore.TableName, null, MapCounting.Columns.Person, cancellationToken))
        {
            if (row.PartitionKey != person)
            {
                counted.Add(MapSourceKind.Person, person, MapCounting.Person(person, rows));
                (person, rows) = (row.PartitionKey, []);
            }
            rows.Add(row);
        }
        counted.Add(MapSourceKind.Person, person, MapCounting.Person(person, rows));
    }

    /// <summary>Counts events, their RSVPs and the support their proposals ask.</summary>
    async Task EventsAsync(Counted counted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var places = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        await foreach (var row in Rows(RsvpStore.TableName, null, MapCounting.Columns.Rsvp, cancellationToken))
        {
            if (MapCounting.RsvpMeasure(row) is { } measure)
            {
                var ofEvent = places.TryGetValue(row.PartitionKey, out var found) ? found : places[row.PartitionKey] = new(StringComparer.Ordinal);
                ofEvent[measure] = ofEvent.GetValueOrDefault(measure) + 1;
            }
        }
        var none = new Dictionary<string, long>();
        await foreach (var row in Rows(ProposalStore.TableName, TableClient.CreateQueryFilter($"RowKey eq {Proposal.Row}"), MapCounting.Columns.Proposal, cancellationToken))
        {
            var contribution = MapCounting.Event(row, MapCounting.CountsRsvps(row) ? places.GetValueOrDefault(row.PartitionKey) ?? none : none, now);
            counted.Add(MapSourceKind.Event, row.PartitionKey, contribution, MapCounting.CountsRsvps(row) ? row.GetDateTimeOffset("StartUtc") : null);
        }
    }

    async Task MentorshipsAsync(Counted counted, Dictionary<string, string> communities, CancellationToken cancellationToken)
    {
        await foreach (var row in Rows(MentorshipStore.TableName, TableClient.CreateQueryFilter($"RowKey eq {Mentorship.Row}"), MapCounting.Columns.Mentorship, cancellationToken))
        {
            counted.Add(MapSourceKind.Mentorship, row.PartitionKey, MapCounting.Mentorship(row, communities.GetValueOrDefault(row.GetString("CommunityId") ?? "") ?? ""));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Map rebuilt from {Sources} records: {Written} rows written, {Deleted} deleted, {Busy} areas left to the steps that changed them meanwhile")]
    static partial void Rebuilt(ILogger logger, int sources, int written, int deleted, int busy);
}
