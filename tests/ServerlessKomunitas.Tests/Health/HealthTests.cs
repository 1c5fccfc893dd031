using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ServerlessKomunitas.Functions.Site;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Health;

public class HealthTests
{
    [Fact]
    public async Task Health_reports_storage_email_and_signing_keys_without_secrets()
    {
        await using var host = await LocalHost.StartAsync();

        var response = await host.Client.GetAsync("/api/health");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("storage").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("email").GetString());
        Assert.StartsWith("ok", body.GetProperty("checks").GetProperty("signingKeys").GetString());
        Assert.DoesNotContain("local-sendgrid-key", text);
        Assert.DoesNotContain("AccountKey", text);
    }

    [Fact]
    public async Task Health_answers_503_when_storage_is_unreachable()
    {
        var nothingListens = Azurite.FreePort();
        await using var host = await LocalHost.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=AAAA;TableEndpoint=http://127.0.0.1:{nothingListens}/devstoreaccount1;BlobEndpoint=http://127.0.0.1:{nothingListens}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{nothingListens}/devstoreaccount1;",
            // The Durable backend would not start without storage; the in-memory engine lets the host answer.
            ["Durable:Backend"] = "InMemory",
        }, seed: false);

        var response = await host.Client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("unreachable", body.GetProperty("checks").GetProperty("storage").GetString());
    }

    [Fact]
    public async Task Functions_trigger_writes_the_core_result_to_the_request_context_and_returns_an_empty_result()
    {
        // The Functions host executes IActionResult but not IResult (worker issue #2718), so the
        // trigger must have written the whole response itself before it returns.
        var context = new DefaultHttpContext { RequestServices = TestServices.Minimal() };
        context.Response.Body = new MemoryStream();

        var actionResult = await SiteTriggers.OpenApi(context.Request);

        Assert.IsType<EmptyResult>(actionResult);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.StartsWith("application/json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
        Assert.Equal("3.1.0", body.GetProperty("openapi").GetString());
    }
}
