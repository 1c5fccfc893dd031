using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Seeding;

namespace ServerlessKomunitas.Regions;

public static class RegionsFeature
{
    /// <summary>Reference data: provinces and kab/kota, the coordinators of each, and the seeder that loads them.</summary>
    public static IServiceCollection AddReferenceData(this IServiceCollection services)
    {
        services.AddTable(RegionDirectory.TableName);
        services.AddSingleton<RegionDirectory>();
        services.AddTable(CoordinatorDirectory.TableName);
        services.AddSingleton<CoordinatorDirectory>();
        return services.AddSingleton<SeedLoader>();
    }
}
