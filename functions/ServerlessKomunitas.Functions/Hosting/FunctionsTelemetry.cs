using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using ServerlessKomunitas.Telemetry;

namespace ServerlessKomunitas.Functions.Hosting;

/// <summary>
/// OpenTelemetry in the worker (host.json sets telemetryMode to OpenTelemetry), exported to Application Insights
/// with the app's managed identity: the same client id that reaches storage.
/// </summary>
public static class FunctionsTelemetry
{
    public static FunctionsApplicationBuilder AddFunctionsTelemetry(this FunctionsApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
        telemetry.AddKomunitasTracing();
        if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            var clientId = builder.Configuration["AzureWebJobsStorage:clientId"];
            telemetry.UseAzureMonitorExporter(options =>
            {
                if (!string.IsNullOrWhiteSpace(clientId))
                {
                    options.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                }
            });
        }
        return builder;
    }
}
