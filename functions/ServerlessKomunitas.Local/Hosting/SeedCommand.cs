namespace ServerlessKomunitas.Local.Hosting;

/// <summary>The `seed` command line: loads seeds/ into Table Storage.</summary>
public static class SeedCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("seed: nothing to load yet.");
        return Task.FromResult(0);
    }
}
