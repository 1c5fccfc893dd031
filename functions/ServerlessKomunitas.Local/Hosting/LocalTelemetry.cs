using OpenTelemetry;
using OpenTelemetry.Trace;
using ServerlessKomunitas.Telemetry;

namespace ServerlessKomunitas.Local.Hosting;

/// <summary>
/// The same traces as in Azure (requests, workflows, emails). Exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT
/// is set (a local collector or the .NET Aspire dashboard), or to the console with Telemetry:Console=true.
/// </summary>
public static class LocalTelemetry
{
    public static WebApplicationBuilder AddLocalTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .AddKomunitasTracing()
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/dev")));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
        if (builder.Configuration.GetValue<bool>("Telemetry:Console"))
        {
            telemetry.WithTracing(tracing => tracing.AddConsoleExporter());
        }
        return builder;
    }
}
