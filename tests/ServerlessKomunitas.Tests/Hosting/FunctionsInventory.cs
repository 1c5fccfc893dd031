using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using ServerlessKomunitas.Functions.Site;

namespace ServerlessKomunitas.Tests.Hosting;

/// <summary>What the Functions app declares, read two ways: by reflection, and from the functions.metadata the build wrote.</summary>
public static class FunctionsInventory
{
    public sealed record HttpFunction(string Name, string Method, string Route, AuthorizationLevel Level);

    public static Assembly Assembly => typeof(SiteTriggers).Assembly;

    public static IEnumerable<(string Name, MethodInfo Method)> Functions() =>
        Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Attribute: m.GetCustomAttribute<FunctionAttribute>(), Method: m))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Attribute!.Name, x.Method));

    public static IReadOnlyList<HttpFunction> HttpFunctions() =>
        Functions()
            .SelectMany(f => f.Method.GetParameters()
                .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
                .Where(a => a is not null)
                .SelectMany(a => a!.Methods!.Select(m => new HttpFunction(f.Name, m.ToUpperInvariant(), a.Route!, a.AuthLevel))))
            .ToList();

    public static IReadOnlyList<string> FunctionsWithTrigger<TAttribute>() where TAttribute : Attribute =>
        Functions().Where(f => f.Method.GetParameters().Any(p => p.GetCustomAttribute<TAttribute>() is not null))
            .Select(f => f.Name).ToList();

    /// <summary>functions.metadata from the Functions project's build output, for the same configuration as the tests.</summary>
    public static JsonElement Metadata()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(Harness.RepositoryRoot.Path, "functions", "ServerlessKomunitas.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata not found at {path}; build the solution first.");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
    }
}
