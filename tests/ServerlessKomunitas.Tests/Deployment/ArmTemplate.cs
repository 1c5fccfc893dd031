using System.Text.Json.Nodes;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Deployment;

/// <summary>The compiled infra (artifacts/infra/main.json, written by tools/bicep.mjs), with its nested module templates flattened.</summary>
public sealed class ArmTemplate
{
    public static string Path { get; } = System.IO.Path.Combine(RepositoryRoot.Path, "artifacts", "infra", "main.json");

    public JsonObject Root { get; }

    public IReadOnlyList<JsonObject> Resources { get; }

    ArmTemplate(JsonObject root)
    {
        Root = root;
        Resources = Flatten(root).ToList();
    }

    public static ArmTemplate Load()
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: run `node tools/bicep.mjs` (npm test does it first).");
        return new ArmTemplate(JsonNode.Parse(File.ReadAllText(Path))!.AsObject());
    }

    /// <summary>The template of the module deployed under <paramref name="name"/>.</summary>
    public JsonObject Deployment(string name) =>
        OfType("Microsoft.Resources/deployments").Single(d => d["name"]!.GetValue<string>() == name)["properties"]!["template"]!.AsObject();

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals(r["type"]?.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));

    static IEnumerable<JsonObject> Flatten(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Flatten(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
