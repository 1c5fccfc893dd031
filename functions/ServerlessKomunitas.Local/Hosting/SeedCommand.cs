using ServerlessKomunitas.Seeding;

namespace ServerlessKomunitas.Local.Hosting;

/// <summary>
/// `seed [--reference-only] [--seeds DIR]`: creates the tables and loads seeds/ into the storage account
/// named by AzureWebJobsStorage. `--reference-only` loads regions and coordinators only, for production.
/// </summary>
public static class SeedCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var referenceOnly = args.Contains("--reference-only");
        var seedsIndex = Array.IndexOf(args, "--seeds");
        var directory = seedsIndex >= 0 && seedsIndex + 1 < args.Length ? args[seedsIndex + 1] : SeedsDirectory.Find();

        var builder = Host.CreateApplicationBuilder([.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('='))]);
        builder.Services.AddKomunitas();
        builder.Services.AddLocalDefaults();
        using var host = builder.Build();

        var summary = await host.Services.GetRequiredService<SeedLoader>().LoadAsync(directory, referenceOnly);
        Console.WriteLine($"Seeded from {directory}: {summary.Provinces} provinces, {summary.Regencies} kab/kota, " +
                          $"{summary.Coordinators} coordinators, {summary.Policies} approval policies, {summary.Communities} sample communities.");
        return 0;
    }
}

public static class SeedsDirectory
{
    /// <summary>The repository's seeds/ folder, found upward from the working directory or the app.</summary>
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "seeds");
                if (File.Exists(Path.Combine(candidate, "coordinators.csv")))
                {
                    return candidate;
                }
            }
        }
        throw new DirectoryNotFoundException("No seeds/ folder found; pass --seeds DIR.");
    }
}
