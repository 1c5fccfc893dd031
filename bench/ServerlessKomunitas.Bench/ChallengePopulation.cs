using System.Diagnostics;
using Azure.Data.Tables;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Storage;

namespace ServerlessKomunitas.Bench;

/// <summary>
/// Confirmed people for the weekly-challenge run, written straight into Persons (the only table the job reads):
/// spread over every kab/kota, so over WIB, WITA and WIT, with one or two subsectors each.
/// </summary>
static class ChallengePopulation
{
    public static async Task<double> SeedAsync(string connectionString, string tablePrefix, int people, int concurrency = 64)
    {
        var tables = new KomunitasTables(new TableServiceClient(connectionString),
            Microsoft.Extensions.Options.Options.Create(new StorageOptions { ConnectionString = connectionString, TablePrefix = tablePrefix }), []);
        var provinces = await new RegionDirectory(tables, TimeProvider.System).ProvincesAsync();
        var regencies = provinces.SelectMany(p => p.Regencies.Select(r => (Regency: r, p.Zone))).ToArray();
        var subsectors = Subsectors.Names.Keys.Where(s => s != Subsectors.Other).ToArray();
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var random = new Random(worker);
            for (var i = Interlocked.Increment(ref next); i < people; i = Interlocked.Increment(ref next))
            {
                var (regency, zone) = regencies[random.Next(regencies.Length)];
                var email = $"peserta.{i}@example.org";
                await tables.Client(PersonStore.TableName).AddEntityAsync(new Person
                {
                    PartitionKey = Person.KeyOf(email), Name = $"Peserta {i}", Email = email, Phone = "+6281200000000",
                    RegencyCode = regency.Code, ProvinceCode = regency.ProvinceCode, Zone = zone.ToString(),
                    SubsectorSlugs = string.Join(',', random.GetItems(subsectors, random.Next(1, 3)).Distinct()),
                    Status = PersonStatus.Confirmed, ConsentVersion = "2026-11", ConsentedAt = DateTimeOffset.UtcNow,
                    CreatedAt = DateTimeOffset.UtcNow, ConfirmedAt = DateTimeOffset.UtcNow,
                });
            }
        }));
        return clock.Elapsed.TotalSeconds;
    }
}
