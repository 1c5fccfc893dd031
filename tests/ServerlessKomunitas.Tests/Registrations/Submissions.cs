using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessKomunitas.Tests.Registrations;

/// <summary>Builds registration requests: a valid one by default, changed by each test.</summary>
public static class Submissions
{
    public static string UniqueEmail(string tag = "kontak") => $"{tag}.{Guid.NewGuid():N}@example.org";

    public static JsonObject Valid(string? email = null, string? name = null) => new()
    {
        ["name"] = name ?? "Malang Motion Lab " + Guid.NewGuid().ToString("N")[..6],
        ["subsectors"] = new JsonArray("film-animasi-video", "desain-komunikasi-visual"),
        ["regencyCode"] = "35.73",
        ["contactName"] = "Dinda Paramitha",
        ["email"] = email ?? UniqueEmail(),
        ["phone"] = "0812-3456-7890",
        ["memberCount"] = 42,
        ["foundedYear"] = 2017,
        ["links"] = new JsonArray("https://malang-motion-lab.example.org"),
        ["description"] = "Komunitas animator 2D dan 3D.\nKelas tiap Sabtu.",
        ["consent"] = true,
        ["consentVersion"] = "2026-11",
    };

    public static HttpRequestMessage Json(JsonObject body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/communities")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    /// <summary>The same fields as a browser posts them: strings, repeated keys for lists, consent "on".</summary>
    public static HttpRequestMessage Form(JsonObject body, bool browser = true)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in body)
        {
            switch (value)
            {
                case null:
                    break;
                case JsonArray array:
                    pairs.AddRange(array.Select(item => new KeyValuePair<string, string>(key, item!.GetValue<string>())));
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.True:
                    pairs.Add(new(key, "on"));
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.False:
                    break;
                default:
                    pairs.Add(new(key, value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()));
                    break;
            }
        }
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/communities") { Content = new FormUrlEncodedContent(pairs) };
        request.Headers.Accept.ParseAdd(browser ? "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" : "application/json");
        return request;
    }

    public static async Task<JsonElement> ReadJson(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The error codes a problem+json answer gives for one field.</summary>
    public static IReadOnlyList<string> ErrorCodes(this JsonElement problem, string field) =>
        problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var list)
            ? list.EnumerateArray().Select(e => e.GetProperty("code").GetString()!).ToList()
            : [];
}
