using System.Net;
using System.Text.Json;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Hosting;

public class OpenApiTests(SharedLocalHost shared) : IClassFixture<SharedLocalHost>
{
    [Fact]
    public async Task The_served_document_lists_exactly_cores_routes()
    {
        var response = await shared.Host.Client.GetAsync("/api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op =>
                $"{op.Value.GetProperty("operationId").GetString()} {op.Name.ToUpperInvariant()} {path.Name}"));

        Assert.Equal("3.1.0", document.GetProperty("openapi").GetString());
        Assert.Equal(ApiRoutes.All.Select(r => $"{r.Name} {r.Method} {r.Path}").Order(), documented.Order());
    }
}

/// <summary>
/// The contract check that every test's client runs (<see cref="ApiContract"/>) can fail: each way an answer can drift
/// from the document is refused, and a faithful answer passes.
/// </summary>
public class ApiContractTests
{
    static readonly ApiContract Contract = ApiContract.Document;
    const string Path = "/api/communities";
    const string Receipt = """{"id":"abc","status":"AwaitingConfirmation","statusUrl":"http://x/api/communities/abc","duplicate":false}""";

    [Fact]
    public void A_documented_answer_passes() =>
        Assert.Null(Contract.Check(HttpMethod.Post, Path, 202, "application/json", Receipt));

    [Fact]
    public void A_field_the_document_does_not_list_fails() =>
        Assert.Contains("additionalProperties", Contract.Check(HttpMethod.Post, Path, 202, "application/json", Receipt.Replace("}", ""","extra":1}""")));

    [Fact]
    public void A_missing_field_fails() =>
        Assert.Contains("duplicate", Contract.Check(HttpMethod.Post, Path, 202, "application/json", Receipt.Replace(""","duplicate":false""", "")));

    [Fact]
    public void A_field_of_another_type_or_outside_its_enum_fails()
    {
        Assert.NotNull(Contract.Check(HttpMethod.Post, Path, 202, "application/json", Receipt.Replace("false", "\"no\"")));
        Assert.NotNull(Contract.Check(HttpMethod.Post, Path, 202, "application/json", Receipt.Replace("AwaitingConfirmation", "Pending")));
    }

    [Fact]
    public void A_status_media_type_or_route_the_document_does_not_list_fails()
    {
        Assert.Contains("does not list", Contract.Check(HttpMethod.Post, Path, 418, "application/json", Receipt));
        Assert.Contains("does not give", Contract.Check(HttpMethod.Post, Path, 202, "application/xml", Receipt));
        Assert.Contains("not in the OpenAPI document", Contract.Check(HttpMethod.Get, "/api/nowhere", 200, "application/json", "{}"));
    }
}
