using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;

namespace ServerlessKomunitas.Mapping;

/// <summary>
/// Keeps the map's figures current from the steps that change the records, so pages never wait for a rebuild. The
/// stores tell it of every write (<see cref="IRecordChangeObserver"/>); it recomputes what the record adds to the map
/// by the rebuild's own rules (<see cref="MapCounting"/>), and puts that in the record's kab/kota, and the kab/kota's
/// new figures in its province, and the province's in the nation (<see cref="MapFigureStore.PutPartAsync"/>). Every
/// write there states a part's figures, not a change to them, so a retried or repeated step counts once.
/// <para>
/// A placement row per record says where it counts, so that a record that moves leaves its old kab/kota, and lets one
/// step at a time put a record's figures: a step claims the placement (ETag-conditional), reads the records, puts the
/// figures and settles the placement. A step that finds another at work marks the placement pending and waits for it
/// to settle: the worker's settle then fails, and it reads the records again and puts them again, so the figures it
/// leaves are from the records as they last stood. Fifty RSVPs at once to one event thus cost one worker a few rounds,
/// not fifty. A worker that crashed is taken over after <see cref="Lease"/>. A record whose placement is settled and
/// whose figures did not change costs two reads.
/// </para>
/// </summary>
public sealed partial class MapFigureKeeper(KomunitasTables tables, MapFigureStore store, TimeProvider time, ILogger<MapFigureKeeper> log) : IRecordChangeObserver
{
    const int Attempts = 20;

    /// <summary>How long a step's claim on a placement holds before another step takes over: far longer than putting takes.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    public async Task RecordChangedAsync(string table, string partitionKey, CancellationToken cancellationToken = default)
    {
        try
        {
            await RefreshAsync(table, partitionKey, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            // The record is written; only its figures wait. The step is not failed for them: the rebuild puts them right.
            LeftToRebuild(log, table, e.Message);
        }
    }

    Task RefreshAsync(string table, string partitionKey, CancellationToken cancellationToken) => table switch
    {
        RegistrationStore.TableName => RefreshAsync(new MapSource(MapSourceKind.Community, partitionKey), cancellationToken),
        PersonStore.TableName => RefreshAsync(new MapSource(MapSourceKind.Person, partitionKey), cancellationToken),
        ProposalStore.TableName or RsvpStore.TableName => RefreshAsync(new MapSource(MapSourceKind.Event, partitionKey), cancellationToken),
        MentorshipStore.TableName => RefreshAsync(new MapSource(MapSourceKind.Mentorship, partitionKey), cancellationToken),
        _ => Task.CompletedTask,
    };

    /// <summary>Brings the map's figures in line with <paramref name="source"/>'s records as they now stand.</summary>
    public async Task RefreshAsync(MapSource source, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            // The placement is read after the records changed: whoever holds it from here on reads them after the change.
            var placed = await store.PlacementAsync(source, cancellationToken);
            if (placed is { Settled: false } && placed.StartedAt + Lease > time.GetUtcNow())
            {
                if ((placed.Pending || await store.TryMarkPendingAsync(source, placed.ETag, cancellationToken)) && await SettledAsync(source, cancellationToken))
                {
                    return;
                }
                continue;
            }
            if (placed is not { Settled: false })
            {
                var current = await ContributionAsync(source, time.GetUtcNow(), cancellationToken);
                if (placed is null ? current.Regency.Length == 0 : placed.Contribution.SameAs(current))
                {
                    return;
                }
            }
            if (await PutAllAsync(source, placed, cancellationToken))
            {
                return;
            }
        }
        throw new InvalidOperationException($"The map's placement of {source.Key} kept changing; giving up after {Attempts} attempts.");
    }

    /// <summary>Waits for the step at work on <paramref name="source"/> to settle it; false if its claim ran out first.</summary>
    async Task<bool> SettledAsync(MapSource source, CancellationToken cancellationToken)
    {
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); waited.Elapsed < Lease; )
        {
            await Task.Delay(Random.Shared.Next(10, 40), cancellationToken);
            var placed = await store.PlacementAsync(source, cancellationToken);
            if (placed is null or { Settled: true })
            {
                return true;
            }
            if (placed.StartedAt + Lease <= time.GetUtcNow())
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>
    /// Claims the placement and puts the records' figures, again while a change is marked pending meanwhile; false if
    /// another step claimed it first.
    /// </summary>
    async Task<bool> PutAllAsync(MapSource source, MapPlacement? placed, CancellationToken cancellationToken)
    {
        var leaving = new HashSet<string>((placed?.Leaving ?? []).Append(placed?.Contribution.Regency ?? "").Where(r => r.Length > 0), StringComparer.Ordinal);
        for (var round = 0; round < Attempts; round++)
        {
            if (await store.TryStartAsync(source, placed, leaving, time.GetUtcNow(), cancellationToken) is not { } started)
            {
                return false;
            }
            var current = await ContributionAsync(source, time.GetUtcNow(), cancellationToken);
            foreach (var regency in leaving.Where(r => r != current.Regency))
            {
                await PutAsync(regency, source, new Dictionary<string, long>(), cancellationToken);
            }
            if (current.Regency.Length > 0)
            {
                await PutAsync(current.Regency, source, current.Figures, cancellationToken);
            }
            if (await store.TrySettleAsync(source, current, started, cancellationToken))
            {
                return true;
            }
            // The records changed again while these figures were put: claim the placement again and put the newest.
            Raced(log, source.Key);
            if (current.Regency.Length > 0)
            {
                leaving.Add(current.Regency);
            }
            placed = await store.PlacementAsync(source, cancellationToken);
        }
        return false;
    }

    /// <summary>Puts a source's figures in its kab/kota, then the kab/kota's in its province, then the province's in the nation.</summary>
    async Task PutAsync(string regency, MapSource source, IReadOnlyDictionary<string, long> figures, CancellationToken cancellationToken)
    {
        var inRegency = await store.PutPartAsync(regency, source.Key, null, figures, allParts: false, cancellationToken);
        var province = MapMeasures.ParentOf(regency)!;
        var inProvince = await store.PutPartAsync(province, regency, inRegency.Version, inRegency.Counts, allParts: true, cancellationToken);
        await store.PutPartAsync(MapMeasures.Nation, province, inProvince.Version, MapFigureStore.ProvincePart(inProvince.Counts, inProvince.Parts), allParts: false,
            cancellationToken);
    }

    /// <summary>What the record adds to the map now, read as the rebuild reads it.</summary>
    async Task<MapContribution> ContributionAsync(MapSource source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (source.Kind)
        {
            case MapSourceKind.Community:
                return await RowAsync(RegistrationStore.TableName, source.Id, Registration.Row, MapCounting.Columns.Registration, cancellationToken) is { } registration
                    ? MapCounting.Community(registration) : MapContribution.None;
            case MapSourceKind.Person:
                var rows = new List<TableEntity>();
                await foreach (var row in Rows(PersonStore.TableName, source.Id, MapCounting.Columns.Person, cancellationToken))
                {
                    rows.Add(row);
                }
                return MapCounting.Person(source.Id, rows);
            case MapSourceKind.Event:
                if (await RowAsync(ProposalStore.TableName, source.Id, Proposal.Row, MapCounting.Columns.Proposal, cancellationToken) is not { } proposal)
                {
                    return MapContribution.None;
                }
                var places = new Dictionary<string, long>(StringComparer.Ordinal);
                if (MapCounting.CountsRsvps(proposal))
                {
                    await foreach (var rsvp in Rows(RsvpStore.TableName, source.Id, MapCounting.Columns.Rsvp, cancellationToken))
                    {
                        if (MapCounting.RsvpMeasure(rsvp) is { } measure)
                        {
                            places[measure] = places.GetValueOrDefault(measure) + 1;
                        }
                    }
                }
                return MapCounting.Event(proposal, places, now);
            default:
                if (await RowAsync(MentorshipStore.TableName, source.Id, Mentorship.Row, MapCounting.Columns.Mentorship, cancellationToken) is not { } mentorship)
                {
                    return MapContribution.None;
                }
                var community = await RowAsync(RegistrationStore.TableName, mentorship.GetString("CommunityId") ?? "", Registration.Row, MapCounting.Columns.Registration,
                    cancellationToken);
                return MapCounting.Mentorship(mentorship, community is null ? "" : MapCounting.RegencyOf(community));
        }
    }

    async Task<TableEntity?> RowAsync(string table, string partitionKey, string rowKey, string[] columns, CancellationToken cancellationToken) =>
        partitionKey.Length == 0 ? null
        : (await tables.Client(table).GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, ["PartitionKey", "RowKey", .. columns], cancellationToken)) is { HasValue: true } found
            ? found.Value : null;

    Azure.AsyncPageable<TableEntity> Rows(string table, string partitionKey, string[] columns, CancellationToken cancellationToken) =>
        tables.Client(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), select: ["PartitionKey", "RowKey", .. columns],
            cancellationToken: cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Map figures of a {Table} record left to the rebuild: {Reason}")]
    static partial void LeftToRebuild(ILogger logger, string table, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The records of {Source} changed while its map figures were put; putting them again")]
    static partial void Raced(ILogger logger, string source);
}
