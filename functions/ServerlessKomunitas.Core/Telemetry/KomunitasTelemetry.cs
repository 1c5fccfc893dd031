using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace ServerlessKomunitas.Telemetry;

/// <summary>
/// What both hosts trace: our own spans, the Durable Task worker's orchestration and activity spans, and
/// outgoing HTTP (SendGrid, storage). A registration's trace runs from its HTTP request through the
/// orchestration to each email.
/// </summary>
public static class KomunitasTelemetry
{
    public const string SourceName = "ServerlessKomunitas";

    public static readonly ActivitySource Source = new(SourceName);

    public static IReadOnlyList<string> Sources { get; } = [SourceName, "Microsoft.DurableTask", "Microsoft.DurableTask.*"];

    public static IOpenTelemetryBuilder AddKomunitasTracing(this IOpenTelemetryBuilder builder) =>
        builder.WithTracing(tracing => tracing.AddSource([.. Sources]).AddHttpClientInstrumentation());
}

/// <summary>Named log events. The failure alert in infra/ counts EmailSendFailed and WorkflowFailed by name.</summary>
public static class AppEvents
{
    public static readonly EventId WorkflowStep = new(1000, nameof(WorkflowStep));
    public static readonly EventId WorkflowFailed = new(1001, nameof(WorkflowFailed));
    public static readonly EventId EmailSent = new(1100, nameof(EmailSent));
    public static readonly EventId EmailSendFailed = new(1101, nameof(EmailSendFailed));
    public static readonly EventId EmailSkipped = new(1102, nameof(EmailSkipped));
    public static readonly EventId JobRan = new(1200, nameof(JobRan));
}
