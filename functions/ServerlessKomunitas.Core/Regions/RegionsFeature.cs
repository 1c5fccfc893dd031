using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Seeding;

namespace ServerlessKomunitas.Regions;

public static class RegionsFeature
{
    /// <summary>Reference data: provinces and kab/kota, the coordinators of each, and the seeder that loads them.</summary>
    public static IServiceCollection AddReferenceData(this IServiceCollection services)
    {
        services.AddTable(TableContents.Impersonal(RegionDirectory.TableName, "Kemendagri region codes"));
        services.AddSingleton<RegionDirectory>();
        services.AddTable(new(CoordinatorDirectory.TableName, true, ["coordinator name, title, email and phone"],
            r => PersonReference.ByAddress(r.GetString("Email"), r.GetString("Name"))));
        services.AddSingleton<CoordinatorDirectory>();
        return services.AddSingleton<SeedLoader>();
    }
}
