using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ServerlessKomunitas.Functions.Site;
using ServerlessKomunitas.Tests.Infrastructure;

namespace ServerlessKomunitas.Tests.Health;

public class HealthTests
{
    [Fact]
    public async Task Local_host_answers_health_over_http()
    {
        await using var host = await LocalHost.StartAsync();

        var response = await host.Client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Functions_trigger_writes_the_core_result_to_the_request_context_and_returns_an_empty_result()
    {
        // The Functions host executes IActionResult but not IResult (worker issue #2718), so the
        // trigger must have written the whole response itself before it returns.
        var context = new DefaultHttpContext { RequestServices = TestServices.Minimal() };
        context.Response.Body = new MemoryStream();

        var actionResult = await SiteTriggers.Health(context.Request);

        Assert.IsType<EmptyResult>(actionResult);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.StartsWith("application/json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
        Assert.Equal("ok", body.GetProperty("status").GetString());
    }
}
