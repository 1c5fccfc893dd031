using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Operations;
using ServerlessKomunitas.Tests.Proposals;
using ServerlessKomunitas.Tests.Registrations;
using Xunit.Abstractions;

namespace ServerlessKomunitas.Tests.Hardening;

/// <summary>The hostile-input suite on the Local host.</summary>
public class HostileInputTests(LocalHostileInputFixture fixture, ITestOutputHelper output) : HostileInputSuite(fixture, output), IClassFixture<LocalHostileInputFixture>;

/// <summary>
/// Malformed, oversized, hostile and mistyped input at every route of the OpenAPI document, on either host.
/// Cases come from the document: each path and query parameter, each request body, and each field of its schema.
/// Every answer must be below 500; a refusal must be a 4xx (problem+json when JSON was asked for, naming the field
/// where the request reached validation) and must leave every table and the mailbox as they were.
/// </summary>
public abstract class HostileInputSuite(HostileInputFixture fixture, ITestOutputHelper output)
{
    /// <summary>The suite's host, for the tests a host adds of its own.</summary>
    protected IAppHost Host => fixture.Host;

    protected ITestOutputHelper Output => output;

    /// <summary>
    /// A case: the request, whether it must be refused, and the field a validation answer must name. A NUL in the path
    /// is refused by the web server itself (Kestrel here, the front end in Azure) with a bare 400, before any app code.
    /// </summary>
    sealed record Case(string Route, string What, Func<HttpRequestMessage> Request, bool MustRefuse, string? Field = null, bool ServerRefuses = false);

    /// <summary>Hostile values as they go into a URL: escaped, except bytes that no string can hold.</summary>
    static readonly (string What, string Escaped)[] HostileParameters =
    [
        .. new (string What, string Value)[]
        {
        ("unknown", "tidakada"),
        ("path traversal", "../../../../etc/passwd"),
        ("markup", "<script>alert(1)</script>"),
        ("sql", "' OR '1'='1' --"),
        ("4000 characters", new string('a', 4000)),
        ("nul and controls", "a\u0000b\u0007c"),
        ("bidi override", "\u202Egnp.exe"),
        ("emoji", "🎨🎬"),
        ("token-shaped", "AAAAAAAA.BBBBBBBB.CCCCCCCC"),
        ("table key characters", "a/b\\c#d?e"),
        }.Select(p => (p.What, Uri.EscapeDataString(p.Value))),
        ("invalid UTF-8", "%FF%FE%C3%28"),
    ];

    /// <summary>Stands for a JSON string value whose bytes are not UTF-8 (0xFF 0xFE), put in after serializing.</summary>
    const string InvalidUtf8Marker = "__invalid-utf8__";

    static ByteArrayContent JsonContent(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var marker = Encoding.UTF8.GetBytes(InvalidUtf8Marker);
        var at = bytes.AsSpan().IndexOf(marker);
        if (at >= 0)
        {
            bytes = [.. bytes[..at], 0xFF, 0xFE, .. bytes[(at + marker.Length)..]];
        }
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    IEnumerable<(string Path, string Method, JsonElement Operation)> Operations() =>
        fixture.OpenApi.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => (path.Name, method.Name.ToUpperInvariant(), method.Value)));

    static bool IsOperator(JsonElement operation) => operation.TryGetProperty("security", out _);

    static IEnumerable<JsonElement> Parameters(JsonElement operation, string location) =>
        operation.TryGetProperty("parameters", out var list)
            ? list.EnumerateArray().Where(p => p.TryGetProperty("in", out var i) && i.GetString() == location)
            : [];

    string Url(string path, JsonElement operation, string? mutated = null, string? escapedValue = null)
    {
        var valid = fixture.ValidParameters(path);
        string Value(string name) => name == mutated ? escapedValue! : Uri.EscapeDataString(valid.GetValueOrDefault(name, "tidakada"));
        var url = path;
        foreach (var parameter in Parameters(operation, "path"))
        {
            var name = parameter.GetProperty("name").GetString()!;
            url = url.Replace("{" + name + "}", Value(name));
        }
        var query = Parameters(operation, "query")
            .Select(p => p.GetProperty("name").GetString()!)
            .Where(name => name == mutated || valid.ContainsKey(name))
            .Select(name => $"{name}={Value(name)}");
        var q = string.Join('&', query);
        return q.Length == 0 ? url : $"{url}?{q}";
    }

    static HttpRequestMessage Message(string method, string url, JsonElement operation, HttpContent? content = null, string accept = "application/json")
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = content };
        request.Headers.Accept.ParseAdd(accept);
        if (IsOperator(operation))
        {
            request.Headers.Add("x-functions-key", OperatorTests.AdminKey);
        }
        return request;
    }

    // The suite is generated from the OpenAPI document, so a document that lost a route, a parameter or a field would
    // quietly test less. These are the counts of 2026-12-06; the suite may grow past them, never fall below.
    const int PathAndQueryCases = 836;
    const int BodyShapeCases = 187;
    const int FieldValueCases = 407;

    async Task<List<string>> RunAsync(IReadOnlyList<Case> cases)
    {
        var failures = new List<string>();
        var table = new StringBuilder();
        // The state read after a refused case is the state before the next one: reading it again would double the suite's
        // storage reads. A change of the host's own in between is told apart from the request's by ChangedAgainAsync.
        string? known = null;
        foreach (var c in cases)
        {
            var before = known ?? await fixture.StateAsync();
            known = null;
            using var request = c.Request();
            using var response = await fixture.Host.Client.SendAsync(request);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            var type = response.Content.Headers.ContentType?.MediaType;
            var problems = new List<string>();
            if (status >= 500)
            {
                problems.Add("server error");
            }
            if (c.MustRefuse && status < 400)
            {
                problems.Add("accepted");
            }
            if (body.Contains("Exception", StringComparison.Ordinal))
            {
                problems.Add("shows exception text");
            }
            if (type == "application/problem+json" && !HasOneNumericStatus(body, status))
            {
                problems.Add("problem body's status is not the one number of the response");
            }
            if (type == "application/problem+json" && MessagesForPeople(body).SelectMany(Language.English).ToList() is { Count: > 0 } english)
            {
                problems.Add($"tells a person in English: {string.Join(", ", english)}");
            }
            if (type == "text/html" && Language.English(Language.VisibleText(body)) is { Count: > 0 } englishOnPage)
            {
                problems.Add($"shows a person English: {string.Join(", ", englishOnPage)}");
            }
            if (status >= 400)
            {
                var wantsJson = request.Headers.Accept.Any(a => a.MediaType == "application/json");
                if (wantsJson && type != "application/problem+json" && !(c.ServerRefuses && status == 400 && body.Length == 0))
                {
                    problems.Add($"answered {type}, not problem+json");
                }
                if (c.Field is { } field && status is 400 or 422 && type == "application/problem+json" && !NamesField(body, field))
                {
                    problems.Add($"does not name '{field}'");
                }
                var after = await fixture.StateAsync();
                if (after == before)
                {
                    known = after;
                }
                else if (await ChangedAgainAsync(c, before, after) is { } change)
                {
                    problems.Add($"changed tables or sent mail ({change})");
                }
            }
            table.Append($"{c.Route} | {c.What} | {status}{(problems.Count == 0 ? "" : " FAIL: " + string.Join(", ", problems))}\n");
            if (problems.Count > 0)
            {
                failures.Add($"{c.Route} {c.What}: {status} {string.Join(", ", problems)} {body[..Math.Min(body.Length, 300)]}");
            }
        }
        output.WriteLine($"{cases.Count} cases\n{table}");
        return failures;
    }

    /// <summary>
    /// Whether a refused request that was seen to change state changes it again: a workflow of the fixture's may have
    /// woken on its own meanwhile (a queue message, a lease), so the same request is sent once more on a settled host,
    /// and only a change that repeats is the request's. Returns the changed lines, or null when the repeat changed nothing.
    /// </summary>
    async Task<string?> ChangedAgainAsync(Case c, string before, string after)
    {
        var settled = await HostState.SettledAsync(fixture.Host);
        using var request = c.Request();
        using var _ = await fixture.Host.Client.SendAsync(request);
        var again = await fixture.StateAsync();
        if (again == settled)
        {
            output.WriteLine($"{c.Route} {c.What}: state moved on its own, not with the repeat: {Difference(before, after)}");
            return null;
        }
        return Difference(settled, again);
    }

    static string Difference(string before, string after)
    {
        var (old, now) = (before.Split('\n').ToHashSet(), after.Split('\n').ToHashSet());
        return string.Join("; ", old.Except(now).Select(l => "- " + l).Concat(now.Except(old).Select(l => "+ " + l)));
    }

    /// <summary>A problem's detail and its field messages: what a form or a person reads (the title is for developers).</summary>
    static List<string> MessagesForPeople(string body)
    {
        using var json = JsonDocument.Parse(body);
        var messages = new List<string>();
        if (json.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
        {
            messages.Add(detail.GetString()!);
        }
        if (json.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            messages.AddRange(errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray())
                .Where(e => e.TryGetProperty("message", out _)).Select(e => e.GetProperty("message").GetString()!));
        }
        return messages;
    }

    /// <summary>RFC 9457: <c>status</c> is a number, the response's; a second member of that name would shadow it.</summary>
    static bool HasOneNumericStatus(string body, int status)
    {
        using var json = JsonDocument.Parse(body);
        var statuses = json.RootElement.EnumerateObject().Where(p => p.Name == "status").ToList();
        return statuses.Count == 1 && statuses[0].Value.ValueKind == JsonValueKind.Number && statuses[0].Value.GetInt32() == status;
    }

    static bool NamesField(string body, string field)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            && errors.EnumerateObject().Any(e => e.Name == field || e.Name.StartsWith(field + "[", StringComparison.Ordinal) || e.Name.StartsWith(field + ".", StringComparison.Ordinal) || field == "*");
    }

    [Fact]
    public async Task Every_path_and_query_parameter_of_every_route_survives_hostile_values_and_a_refusal_changes_nothing()
    {
        var cases = new List<Case>();
        foreach (var (path, method, operation) in Operations())
        {
            foreach (var parameter in Parameters(operation, "path").Concat(Parameters(operation, "query")))
            {
                var name = parameter.GetProperty("name").GetString()!;
                foreach (var (what, value) in HostileParameters)
                {
                    var body = method is "POST" or "PUT" ? new StringContent("{}", Encoding.UTF8, "application/json") : null;
                    cases.Add(new Case($"{method} {path}", $"{name}: {what}",
                        () => Message(method, Url(path, operation, name, value), operation, body is null ? null : new StringContent("{}", Encoding.UTF8, "application/json")),
                        MustRefuse: method != "GET" && parameter.GetProperty("in").GetString() == "path" || name == "k",
                        ServerRefuses: value.Contains("%00") && parameter.GetProperty("in").GetString() == "path"));
                }
            }
        }
        // Routes that take no parameters at all get parameters they do not expect.
        foreach (var (path, method, operation) in Operations().Where(o => !Parameters(o.Operation, "path").Concat(Parameters(o.Operation, "query")).Any()))
        {
            foreach (var (what, value) in HostileParameters)
            {
                cases.Add(new Case($"{method} {path}", $"unexpected parameter: {what}",
                    () => Message(method, $"{path}?{value}={value}", operation), MustRefuse: false));
            }
        }
        Assert.True(cases.Count >= PathAndQueryCases, $"The suite shrank to {cases.Count} cases; it had {PathAndQueryCases}. A route or field the document lost is a contract that changed.");
        var failures = await RunAsync(cases);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_request_body_refuses_malformed_oversized_deep_and_mistyped_bodies_with_a_4xx_and_changes_nothing()
    {
        var cases = new List<Case>();
        foreach (var (path, method, operation) in Operations().Where(o => o.Operation.TryGetProperty("requestBody", out _)))
        {
            var route = $"{method} {path}";
            var url = Url(path, operation);
            cases.Add(new Case(route, "malformed JSON", () => Message(method, url, operation, new StringContent("{\"name\": ", Encoding.UTF8, "application/json")), true, "*"));
            cases.Add(new Case(route, "JSON array", () => Message(method, url, operation, new StringContent("[1,2,3]", Encoding.UTF8, "application/json")), true));
            cases.Add(new Case(route, "JSON string", () => Message(method, url, operation, new StringContent("\"halo\"", Encoding.UTF8, "application/json")), true));
            cases.Add(new Case(route, "nested 5,000 deep", () => Message(method, url, operation,
                new StringContent(new string('[', 5000) + new string(']', 5000), Encoding.UTF8, "application/json")), true));
            cases.Add(new Case(route, "2 MiB body", () => Message(method, url, operation,
                new StringContent("{\"x\":\"" + new string('a', 2 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json")), true));
            cases.Add(new Case(route, "text/plain", () => Message(method, url, operation, new StringContent("name=halo", Encoding.UTF8, "text/plain")), true));
            cases.Add(new Case(route, "empty body", () => Message(method, url, operation, new StringContent("", Encoding.UTF8, "application/json")), true));
            // A route whose link the suite cannot sign refuses the link first, naming it; the others name the field.
            var bodyRead = Parameters(operation, "path").All(p => fixture.ValidParameters(path).ContainsKey(p.GetProperty("name").GetString()!));
            cases.Add(new Case(route, "invalid UTF-8 in a JSON value", () => Message(method, url, operation, JsonContent($"{{\"name\":\"{InvalidUtf8Marker}\"}}")), true,
                bodyRead ? "name" : null));
            cases.Add(new Case(route, "invalid UTF-8 in a JSON name", () => Message(method, url, operation, JsonContent($"{{\"{InvalidUtf8Marker}\":\"x\"}}")), true,
                bodyRead ? "body" : null));
            cases.Add(new Case(route, "invalid UTF-8 in a form field", () => Message(method, url, operation,
                new StringContent("name=%FF%FE", Encoding.ASCII, "application/x-www-form-urlencoded")), true, bodyRead ? "name" : null));
            cases.Add(new Case(route, "form with 5,000 fields", () => Message(method, url, operation,
                new FormUrlEncodedContent(Enumerable.Range(0, 5000).Select(i => KeyValuePair.Create($"f{i}", "x")))), true));
        }
        Assert.True(cases.Count >= BodyShapeCases, $"The suite shrank to {cases.Count} cases; it had {BodyShapeCases}. A route or field the document lost is a contract that changed.");
        var failures = await RunAsync(cases);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_field_of_every_request_body_refuses_invalid_values_naming_the_field_and_changes_nothing()
    {
        var cases = new List<Case>();
        foreach (var (path, method, operation) in Operations().Where(o => o.Operation.TryGetProperty("requestBody", out _)))
        {
            if (!operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out var json))
            {
                continue;
            }
            var schema = Resolve(json.GetProperty("schema"));
            if (!schema.TryGetProperty("properties", out var properties))
            {
                continue;
            }
            var (valid, reachesValidation) = ValidBody(path, schema);
            var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToHashSet() : [];
            foreach (var property in properties.EnumerateObject())
            {
                foreach (var (what, value) in InvalidValues(Resolve(property.Value), required.Contains(property.Name)))
                {
                    var body = (JsonObject)valid.DeepClone();
                    body[property.Name] = value?.DeepClone();
                    var text = body.ToJsonString();
                    cases.Add(new Case($"{method} {path}", $"{property.Name}: {what}",
                        () => Message(method, Url(path, operation), operation, JsonContent(text)),
                        MustRefuse: true, Field: reachesValidation ? property.Name : null));
                }
            }
        }
        Assert.True(cases.Count >= FieldValueCases, $"The suite shrank to {cases.Count} cases; it had {FieldValueCases}. A route or field the document lost is a contract that changed.");
        var failures = await RunAsync(cases);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    JsonElement Resolve(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return Resolve(fixture.OpenApi.GetProperty("components").GetProperty("schemas").GetProperty(name));
        }
        return schema;
    }

    /// <summary>A body that passes validation where the suite can make one, so that a mutated field is the only fault.</summary>
    (JsonObject Body, bool ReachesValidation) ValidBody(string path, JsonElement schema) => path switch
    {
        "/api/communities" => (Submissions.Valid(), true),
        "/api/members" => (new MemberStory(fixture.Host, fixture.Community.Id).Valid(), true),
        "/api/proposals" => (new ProposalStory(fixture.Host, fixture.Community.Id, fixture.Community.Email).Valid(), true),
        "/api/events/{id}/rsvp" => (new JsonObject { ["action"] = "attend" }, true),
        "/api/preferences" => (new JsonObject { ["categories"] = new JsonArray("event-reminders") }, true),
        "/api/listing" => (new JsonObject
        {
            ["action"] = "list", ["description"] = "Komunitas uji.", ["links"] = new JsonArray("https://uji.example.org"), ["consent"] = true,
            ["consentVersion"] = ServerlessKomunitas.Listings.DirectoryEndpoints.ConsentVersion,
        }, true),
        // These would act if they were valid; a mutated field must make them refuse.
        "/api/my-data/withdraw" or "/api/my-data/delete" => (new JsonObject { ["confirm"] = true }, true),
        _ => (new JsonObject(), false),
    };

    static IEnumerable<(string What, JsonNode? Value)> InvalidValues(JsonElement schema, bool required)
    {
        var types = schema.TryGetProperty("type", out var t)
            ? t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(e => e.GetString()!).ToList() : [t.GetString()!]
            : [];
        var type = types.FirstOrDefault(x => x != "null");
        if (required && !types.Contains("null"))
        {
            yield return ("null", null);
        }
        switch (type)
        {
            case "string":
                yield return ("an array", new JsonArray("x"));
                yield return ("an object", new JsonObject { ["x"] = 1 });
                yield return ("true", true);
                yield return ("invalid UTF-8", InvalidUtf8Marker);
                if (schema.TryGetProperty("maxLength", out var max))
                {
                    yield return ($"{max.GetInt32() + 1} characters", new string('x', max.GetInt32() + 1));
                }
                else if (!schema.TryGetProperty("enum", out _) && !schema.TryGetProperty("const", out _))
                {
                    yield return ("100,000 characters", new string('x', 100_000));
                }
                if (schema.TryGetProperty("enum", out _) || schema.TryGetProperty("const", out _))
                {
                    yield return ("not one of the values", "<script>tidak-ada</script>");
                }
                if (schema.TryGetProperty("minLength", out var min) && min.GetInt32() > 0 && required)
                {
                    yield return ("empty", "");
                }
                break;
            case "integer" or "number":
                yield return ("text", "banyak");
                yield return ("an array", new JsonArray(1));
                if (type == "integer")
                {
                    yield return ("a fraction", 1.5);
                }
                if (schema.TryGetProperty("minimum", out var minimum))
                {
                    yield return ("below the minimum", minimum.GetDouble() - 1);
                }
                if (schema.TryGetProperty("maximum", out var maximum))
                {
                    yield return ("above the maximum", maximum.GetDouble() + 1);
                }
                yield return ("1e300", 1e300);
                break;
            case "boolean":
                yield return ("text", "kadang");
                yield return ("a number", 2);
                break;
            case "array":
                yield return ("text", "bukan-daftar");
                yield return ("an object", new JsonObject());
                yield return ("items of the wrong type", new JsonArray(new JsonObject(), 12345));
                if (schema.TryGetProperty("maxItems", out var maxItems))
                {
                    yield return ($"{maxItems.GetInt32() + 1} items", new JsonArray(Enumerable.Range(0, maxItems.GetInt32() + 1).Select(i => (JsonNode)$"item-{i}").ToArray()));
                }
                break;
            case "object":
                yield return ("text", "bukan-objek");
                break;
        }
    }
}
