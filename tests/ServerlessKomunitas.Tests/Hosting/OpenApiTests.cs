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
