using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace ServerlessKomunitas.Tests.Harness;

/// <summary>
/// The OpenAPI document held against what the API answers. Every JSON answer any test receives, on either host, is
/// checked against the schema the document gives for its operation, status and media type, made strict here: an object
/// may hold only the properties the document lists (no <c>additionalProperties</c>), and every listed property is
/// required unless the document lets it be null (the API leaves nulls out). So a field renamed, added or dropped in
/// code, or a status the document does not list, fails the test that met it. The published document itself stays
/// open to additions, as clients expect.
/// </summary>
public sealed partial class ApiContract
{
    static readonly Lazy<ApiContract> Loaded = new(() => new ApiContract(OpenApiText()));

    public static ApiContract Document => Loaded.Value;

    readonly JsonObject document;
    readonly JsonObject definitions;
    readonly List<(Regex Pattern, string Template, int Parameters)> paths;
    readonly ConcurrentDictionary<string, JsonSchema> schemas = new(StringComparer.Ordinal);
    int built;

    public ApiContract(string openApiJson)
    {
        document = JsonNode.Parse(openApiJson)!.AsObject();
        definitions = Strict(JsonNode.Parse(Retarget(document["components"]!["schemas"]!.ToJsonString()))!).AsObject();
        paths = document["paths"]!.AsObject()
            .Select(p => (new Regex("^" + ParameterPattern().Replace(Regex.Escape(p.Key).Replace(@"\{", "{"), "[^/]+") + "$"), p.Key, p.Key.Count(c => c == '{')))
            .OrderBy(p => p.Item3).ToList();
    }

    static string OpenApiText()
    {
        using var stream = typeof(ServerlessKomunitas.OpenApi.OpenApiDocument).Assembly.GetManifestResourceStream("ServerlessKomunitas.OpenApi.openapi.json")!;
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>The document's path template that a request path falls under, the literal ones first; null when none.</summary>
    public string? TemplateOf(string path) => paths.FirstOrDefault(p => p.Pattern.IsMatch(path)).Template;

    /// <summary>Null when the answer keeps the contract; else what broke it, for the failing test's message.</summary>
    public string? Check(HttpMethod method, string path, int status, string mediaType, string body)
    {
        if (TemplateOf(path) is not { } template)
        {
            return $"{method} {path} is not in the OpenAPI document";
        }
        var operation = document["paths"]![template]![method.Method.ToLowerInvariant()];
        if (operation is null)
        {
            return $"{method} {template} is not in the OpenAPI document";
        }
        var responses = operation["responses"]!.AsObject();
        var response = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses[$"{status / 100}XX"] ?? responses["default"];
        if (response is null)
        {
            return $"{method} {template} answered {status}, which the document does not list";
        }
        var pointer = $"{template} {method.Method} {status}";
        if (response["$ref"]?.GetValue<string>() is { } reference)
        {
            response = document["components"]!["responses"]![reference.Split('/')[^1]]!;
        }
        if (response["content"]?[mediaType]?["schema"] is not { } schema)
        {
            return $"{method} {template} answered {status} as {mediaType}, which the document does not give for it";
        }
        var evaluation = SchemaOf(pointer + " " + mediaType, schema).Evaluate(JsonDocument.Parse(body).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (evaluation.IsValid)
        {
            return null;
        }
        var errors = (evaluation.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")).Take(8);
        return $"{method} {path} answered {status} with a body the document does not describe:\n  " + string.Join("\n  ", errors) + "\nbody: " + body[..Math.Min(body.Length, 600)];
    }

    JsonSchema SchemaOf(string key, JsonNode schema) => schemas.GetOrAdd(key, _ =>
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = definitions.DeepClone(),
            ["allOf"] = new JsonArray(Strict(JsonNode.Parse(Retarget(schema.ToJsonString()))!)),
        };
        var id = Interlocked.Increment(ref built);
        return JsonSchema.Build(JsonDocument.Parse(root.ToJsonString()).RootElement, new BuildOptions(), new Uri($"https://contract.test/schema/{id}"));
    });

    static string Retarget(string json) => json.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);

    /// <summary>Closes every object schema that lists its properties, and requires each property that may not be null.</summary>
    static JsonNode Strict(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o.ToList())
                {
                    if (child is not null)
                    {
                        Strict(child);
                    }
                }
                if (o["properties"] is JsonObject properties && o["additionalProperties"] is null && o["$ref"] is null)
                {
                    o["additionalProperties"] = false;
                    var required = properties.Where(p => !MayBeNull(p.Value)).Select(p => (JsonNode?)p.Key).ToArray();
                    o["required"] = new JsonArray(required.Select(r => r!.DeepClone()).ToArray());
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (child is not null)
                    {
                        Strict(child);
                    }
                }
                break;
        }
        return node;
    }

    static bool MayBeNull(JsonNode? property) => property?["type"] switch
    {
        JsonArray types => types.Any(t => t?.GetValue<string>() == "null"),
        JsonValue type => type.GetValue<string>() == "null",
        _ => false,
    };

    [GeneratedRegex(@"\\?\{[^}/]+\}")]
    private static partial Regex ParameterPattern();
}

/// <summary>
/// Holds every JSON answer from the app's <c>/api</c> routes to <see cref="ApiContract"/> as it arrives, on the
/// client every test uses, and fails the request that broke it.
/// </summary>
public sealed class ContractCheck : DelegatingHandler
{
    public ContractCheck(HttpMessageHandler inner) : base(inner)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        if (path.StartsWith("/api/", StringComparison.Ordinal) && IsJson(response.Content.Headers.ContentType))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (ApiContract.Document.Check(request.Method, path, (int)response.StatusCode, response.Content.Headers.ContentType!.MediaType!, body) is { } broken)
            {
                throw new ContractBrokenException(broken);
            }
        }
        return response;
    }

    static bool IsJson(MediaTypeHeaderValue? type) => type?.MediaType is "application/json" or "application/problem+json";
}

public sealed class ContractBrokenException(string message) : Exception(message);
