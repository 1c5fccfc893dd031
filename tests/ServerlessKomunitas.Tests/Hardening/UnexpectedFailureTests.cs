using System.Net;
using System.Text.Json;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Hardening;

/// <summary>
/// A failure nobody foresaw (here, the storage client throwing what no outage throws) is a 500 problem+json, or a page
/// in Bahasa Indonesia, with a trace id to quote and never the exception's text: also in Development, where
/// `npm start` runs and ASP.NET Core would otherwise show its developer exception page.
/// </summary>
public class UnexpectedFailureTests
{
    sealed class ThrowOnRead(string tablePrefix) : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        public bool Armed { get; set; }

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) =>
            Armed && message.Request.Uri.ToString().Contains($"/{tablePrefix}Registrations", StringComparison.Ordinal)
                ? throw new InvalidOperationException("Injected secret detail at " + message.Request.Uri)
                : ProcessNextAsync(message, pipeline);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task An_unexpected_failure_is_a_500_with_a_trace_id_and_no_exception_text(string environment)
    {
        var prefix = LocalHost.UniquePrefix();
        var fault = new ThrowOnRead(prefix);
        var options = new Azure.Data.Tables.TableClientOptions();
        options.AddPolicy(fault, Azure.Core.HttpPipelinePosition.PerCall);
        await using var host = await LocalHost.StartAsync(Story.Timings(), tablePrefix: prefix, environment: environment, services: s => s.AddSingleton(options));
        var id = await new Story(host).SubmitAsync();
        fault.Armed = true;

        var json = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/communities/{id}") { Headers = { Accept = { new("application/json") } } });
        var page = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/communities/{id}") { Headers = { Accept = { new("text/html") } } });

        Assert.Equal(HttpStatusCode.InternalServerError, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
        var body = await json.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Injected", body);
        Assert.DoesNotContain("Exception", body);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        var traceId = problem.GetProperty("traceId").GetString();
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.Contains(traceId!, problem.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Terjadi kesalahan", html);
        Assert.DoesNotContain("Injected", html);
        Assert.DoesNotContain("Exception", html);
    }
}
