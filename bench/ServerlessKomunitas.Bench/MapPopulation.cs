using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using ServerlessKomunitas.Mapping;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Storage;

namespace ServerlessKomunitas.Bench;

/// <summary>
/// A national population for the map, written straight into the tables the rebuild reads: approved communities in
/// every kab/kota (one to three subsectors each), confirmed members with a confirmed membership (one transaction per
/// person), and confirmed events, half of them held over the last year, with support asked of one or two elements.
/// </summary>
sealed class MapPopulation(KomunitasTables tables, IReadOnlyList<(Regency Regency, IndonesianTimeZone Zone)> regencies)
{
    readonly string[] subsectors = [.. Subsectors.Names.Keys.Where(s => s != Subsectors.Other)];
    readonly string[] elements = [.. Pentahelix.Names.Keys];

    public static async Task<MapPopulation> OpenAsync(string connectionString, string tablePrefix)
    {
        var tables = new KomunitasTables(new TableServiceClient(connectionString),
            Microsoft.Extensions.Options.Options.Create(new StorageOptions { ConnectionString = connectionString, TablePrefix = tablePrefix }), []);
        var provinces = await new RegionDirectory(tables, TimeProvider.System).ProvincesAsync();
        return new MapPopulation(tables, [.. provinces.SelectMany(p => p.Regencies.Select(r => (r, p.Zone)))]);
    }

    /// <summary>Writes the population; answers the seconds it took.</summary>
    public async Task<double> SeedAsync(int communities, int members, int events, int concurrency = 64)
    {
        var clock = Stopwatch.StartNew();
        var ids = new string[communities];
        await ForEachAsync(communities, concurrency, async (i, random) =>
        {
            var (regency, _) = regencies[i % regencies.Count];
            ids[i] = RecordId.New();
            await tables.Client(RegistrationStore.TableName).AddEntityAsync(new Registration
            {
                PartitionKey = ids[i], Status = RegistrationStatus.Approved, Name = $"Komunitas Uji {i}", RegencyCode = regency.Code, ProvinceCode = regency.ProvinceCode,
                SubsectorSlugs = string.Join(',', random.GetItems(subsectors, random.Next(1, 4)).Distinct()), ContactName = "Kontak Uji", Email = $"kontak.{i}@example.org",
                ContactKey = Person.KeyOf($"kontak.{i}@example.org"), Phone = "+6281200000000", MemberCount = 20, ConsentVersion = "2026-11",
                ConsentAt = DateTimeOffset.UtcNow, SubmittedAt = DateTimeOffset.UtcNow.AddDays(-random.Next(1, 700)),
            });
        });
        await ForEachAsync(members, concurrency, async (i, random) =>
        {
            var community = random.Next(communities);
            var (regency, zone) = regencies[community % regencies.Count];
            var key = Person.KeyOf($"anggota.{i}@example.org");
            await tables.Client(PersonStore.TableName).SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, new Person
                {
                    PartitionKey = key, Name = $"Anggota {i}", Email = $"anggota.{i}@example.org", RegencyCode = regency.Code, ProvinceCode = regency.ProvinceCode,
                    Zone = zone.ToString(), Status = PersonStatus.Confirmed, ConsentVersion = "2026-11", ConsentedAt = DateTimeOffset.UtcNow, CreatedAt = DateTimeOffset.UtcNow,
                }),
                new(TableTransactionActionType.Add, new Membership
                {
                    PartitionKey = key, RowKey = Membership.RowOf(ids[community]), CommunityId = ids[community], StatusName = nameof(MembershipStatus.Confirmed),
                }),
            ]);
        });
        await ForEachAsync(events, concurrency, async (i, random) =>
        {
            var community = random.Next(communities);
            var (regency, zone) = regencies[community % regencies.Count];
            var start = DateTimeOffset.UtcNow.AddDays(i % 2 == 0 ? -random.Next(1, 365) : random.Next(1, 90));
            await tables.Client(ProposalStore.TableName).AddEntityAsync(new Proposal
            {
                PartitionKey = RecordId.New(), Status = ProposalStatus.Confirmed, CommunityId = ids[community], CommunityName = $"Komunitas Uji {community}",
                Title = $"Kegiatan Uji {i}", Kind = "workshop", SubsectorSlugs = random.GetItems(subsectors, 1)[0], RegencyCode = regency.Code,
                ProvinceCode = regency.ProvinceCode, Zone = zone.ToString(), StartUtc = start, EndUtc = start.AddHours(3), Capacity = 40,
                SubmittedAt = start.AddDays(-30), ConfirmedAt = start.AddDays(-29),
                SupportJson = JsonSerializer.Serialize(random.GetItems(elements, random.Next(1, 3)).Distinct().Select(e => new SupportRequest(e, "Tempat"))),
            });
        });
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Waits for a rebuild that started after <paramref name="since"/> to finish (its mark), for hosts whose job API only queues it.</summary>
    public async Task WaitForRebuildAsync(DateTimeOffset since, TimeSpan limit)
    {
        var store = new MapFigureStore(tables);
        var deadline = DateTime.UtcNow + limit;
        while ((await store.MarkAsync())?.RebuiltAt is not { } at || at < since)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No rebuild finished within {limit}.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Empties the aggregates and their parts, so that the next host's rebuild writes them all again.</summary>
    public async Task ClearFiguresAsync()
    {
        foreach (var table in new[] { tables.Client(MapFigureStore.TableName), tables.Client(MapFigureStore.SourcesTableName) })
        {
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                rows.Add(row);
            }
            await KomunitasTables.SubmitInBatchesAsync(table, rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, Azure.ETag.All)));
        }
    }

    static Task ForEachAsync(int count, int concurrency, Func<int, Random, Task> write)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var random = new Random(worker);
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await write(i, random);
            }
        }));
    }
}
