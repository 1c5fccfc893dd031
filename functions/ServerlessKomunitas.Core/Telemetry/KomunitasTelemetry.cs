using System.Diagnostics;
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
    // The ids as constants too, for [LoggerMessage] attributes.
    public const int WorkflowStepId = 1000;
    public const int WorkflowFailedId = 1001;
    public const int EmailSentId = 1100;
    public const int EmailSendFailedId = 1101;
    public const int EmailSkippedId = 1102;
    public const int JobRanId = 1200;

    public static readonly EventId WorkflowStep = new(WorkflowStepId, nameof(WorkflowStep));
    public static readonly EventId WorkflowFailed = new(WorkflowFailedId, nameof(WorkflowFailed));
    public static readonly EventId EmailSent = new(EmailSentId, nameof(EmailSent));
    public static readonly EventId EmailSendFailed = new(EmailSendFailedId, nameof(EmailSendFailed));
    public static readonly EventId EmailSkipped = new(EmailSkippedId, nameof(EmailSkipped));
    public static readonly EventId JobRan = new(JobRanId, nameof(JobRan));
}
