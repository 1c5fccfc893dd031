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
/// A placement row per record says where it counts, so that a record that moves to another kab/kota leaves the
/// old one, and orders two steps on the same record: a step writes the placement (ETag-conditional) before it puts
/// the figures and settles it after; a step that finds the placement changed under it starts again from the
/// record and puts its figures again, so the last figures put are from the record as it last stood (a crash in
/// between leaves them to the rebuild). A record whose placement is settled and whose figures did not change costs
/// two reads.
/// </para>
/// </summary>
public sealed partial class MapFigureKeeper(KomunitasTables tables, MapFigureStore store, TimeProvider time, ILogger<MapFigureKeeper> log) : IRecordChangeObserver
{
    const int Attempts = 20;

    public Task RecordChangedAsync(string table, string partitionKey, CancellationToken cancellationToken = default) => table switch
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
            // The placement is read before the records: a step that changes the records after this read writes it too.
            var placed = await store.PlacementAsync(source, cancellationToken);
            var now = await ContributionAsync(source, time.GetUtcNow(), cancellationToken);
            // After a race, the other step's figures may have been put before this one's older ones: put them again.
            if (attempt == 0 && (placed is { Settled: true } && placed.Contribution.SameAs(now) || placed is null && now.Regency.Length == 0))
            {
                return;
            }
            var leaving = (placed?.Leaving ?? []).Append(placed?.Contribution.Regency ?? "").Where(r => r.Length > 0 && r != now.Regency).Distinct().ToList();
            if (await store.TryPlaceAsync(source, placed, now, leaving, settled: false, cancellationToken) is not { } intent)
            {
                continue;
            }
            foreach (var regency in leaving)
            {
                await PutAsync(regency, source, new Dictionary<string, long>(), cancellationToken);
            }
            if (now.Regency.Length > 0)
            {
                await PutAsync(now.Regency, source, now.Figures, cancellationToken);
            }
            if (await store.TrySettleAsync(source, now, intent, cancellationToken))
            {
                return;
            }
            // Another step wrote the placement meanwhile: its figures may have been put before these; put them again.
            Raced(log, source.Key);
        }
        throw new InvalidOperationException($"The map's placement of {source.Key} kept changing; giving up after {Attempts} attempts.");
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Map placement of {Source} changed during a refresh; putting its figures again")]
    static partial void Raced(ILogger logger, string source);
}
