using Azure.Data.Tables;
using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Seeding;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Seeding;

public class SeedLoaderTests
{
    static string Seeds => Path.Combine(RepositoryRoot.Path, "seeds");

    [Fact]
    public async Task Reference_data_loads_regions_zones_and_coordinators_but_no_communities()
    {
        await using var host = await LocalHost.StartAsync();

        var summary = await host.Get<SeedLoader>().LoadAsync(Seeds, referenceOnly: true);

        Assert.Equal(new SeedLoader.Summary(38, 514, 45, 4, 0, 18), summary);
        Assert.Equal(0, await Count(host.Get<KomunitasTables>().Client(RegistrationStore.TableName)));
        var regions = host.Get<RegionDirectory>();
        Assert.Equal("Kota Malang", (await regions.FindRegencyAsync("35.73"))!.Name);
        Assert.Equal(IndonesianTimeZone.WITA, (await regions.FindProvinceAsync("63"))!.Zone);
        Assert.Equal(IndonesianTimeZone.WIT, (await regions.FindProvinceAsync("91"))!.Zone);
        Assert.Equal(IndonesianTimeZone.WIB, (await regions.FindProvinceAsync("31"))!.Zone);
        Assert.Equal("koordinator.jawa-timur@example.org", (await host.Get<CoordinatorDirectory>().FindApproverAsync("35")).Email);
    }

    /// <summary>The coordinators' phone column is optional: a number in any common spelling is kept as E.164, a file without the column still loads, a bad number stops the load.</summary>
    [Fact]
    public async Task A_coordinators_phone_loads_as_e164_the_column_is_optional_and_a_bad_number_is_refused()
    {
        await using var host = await LocalHost.StartAsync();
        var copy = Directory.CreateTempSubdirectory("seeds-");
        try
        {
            foreach (var file in Directory.GetFiles(Seeds, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy.FullName, Path.GetRelativePath(Seeds, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            var csv = Path.Combine(copy.FullName, "coordinators.csv");
            var lines = File.ReadAllLines(csv);
            File.WriteAllLines(csv, lines.Select(l => l.StartsWith("province,63,", StringComparison.Ordinal) ? l + "0812-3456-7890" : l));
            await host.Get<SeedLoader>().LoadAsync(copy.FullName, referenceOnly: true);
            var coordinators = host.Get<CoordinatorDirectory>();
            Assert.Equal("+6281234567890", (await coordinators.FindAsync(CoordinatorLevel.Province, "63"))!.Phone);
            Assert.Null((await coordinators.FindAsync(CoordinatorLevel.Province, "35"))!.Phone);

            File.WriteAllLines(csv, lines.Select(l => string.Join(',', l.Split(',')[..^1])));
            await host.Get<SeedLoader>().LoadAsync(copy.FullName, referenceOnly: true);

            File.WriteAllLines(csv, lines.Select(l => l.StartsWith("province,63,", StringComparison.Ordinal) ? l + "12345" : l));
            await Assert.ThrowsAsync<InvalidDataException>(() => host.Get<SeedLoader>().LoadAsync(copy.FullName, referenceOnly: true));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Sample_communities_load_approved_and_loading_twice_changes_nothing()
    {
        await using var host = await LocalHost.StartAsync();
        var loader = host.Get<SeedLoader>();

        var first = await loader.LoadAsync(Seeds, referenceOnly: false);
        var second = await loader.LoadAsync(Seeds, referenceOnly: false);

        Assert.Equal(first, second);
        Assert.Equal(7, first.Communities);
        var tables = host.Get<KomunitasTables>();
        Assert.Equal(7, await Count(tables.Client(RegistrationStore.TableName)));
        await foreach (var row in tables.Client(RegistrationStore.TableName).QueryAsync<Registration>())
        {
            Assert.Equal(RegistrationStatus.Approved, row.Status);
            Assert.EndsWith(".example.org", row.Email);
        }
    }

    [Fact]
    public async Task A_province_without_a_coordinator_falls_back_to_the_national_one()
    {
        await using var host = await LocalHost.StartAsync();
        await host.Get<KomunitasTables>().Client(ServerlessKomunitas.Coordinators.CoordinatorDirectory.TableName).DeleteEntityAsync("province", "63");

        var approver = await new CoordinatorDirectory(host.Get<KomunitasTables>(), TimeProvider.System).FindApproverAsync("63");

        Assert.Equal(CoordinatorLevel.National, approver.Level);
        Assert.Equal("koordinator.nasional@example.org", approver.Email);
    }

    [Fact]
    public void Time_zones_cover_exactly_the_provinces_of_the_region_list()
    {
        var provinces = Csv.Read(Path.Combine(Seeds, "regions", "provinces.csv"), "code").Select(r => r["code"]).Order();
        var zoned = Csv.Read(Path.Combine(Seeds, "timezones.csv"), "province_code").Select(r => r["province_code"]).Order();

        Assert.Equal(provinces, zoned);
    }

    static Task<int> Count(TableClient table) => Rows.CountAsync(table);
}
