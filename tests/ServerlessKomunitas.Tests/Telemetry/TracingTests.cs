using System.Diagnostics;
using OpenTelemetry.Trace;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Telemetry;

public class TracingTests
{
    [Fact]
    public async Task A_registrations_trace_runs_from_its_http_request_through_the_workflow_to_its_email()
    {
        var spans = new List<Activity>();
        await using var host = await LocalHost.StartAsync(Story.Timings(),
            services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        var story = new Story(host);

        await story.SubmitAsync();
        await story.ConfirmationLinkAsync();
        // Spans are exported when they end, so wait until the span of the activity that sent the email is in.
        Activity[] snapshot;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            lock (spans)
            {
                snapshot = [.. spans];
            }
            var sent = snapshot.FirstOrDefault(s => s.OperationName == "email.send" && (string?)s.GetTagItem("komunitas.instance_id") == story.Id);
            if (sent is not null && snapshot.Any(s => s.TraceId == sent.TraceId && s.DisplayName == "activity:SendConfirmationEmail") || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(100);
        }
        // Spans are collected process-wide (other tests' hosts too), so start from this registration's email.
        var email = Assert.Single(snapshot, s => s.OperationName == "email.send" && (string?)s.GetTagItem("komunitas.email.step") == "confirmation"
            && (string?)s.GetTagItem("komunitas.instance_id") == story.Id);
        var request = Assert.Single(snapshot, s => s.TraceId == email.TraceId && s.Kind == ActivityKind.Server && s.DisplayName == "POST /api/communities");
        Assert.Contains(snapshot, s => s.TraceId == request.TraceId && s.DisplayName == "create_orchestration:RegistrationOrchestratorV2");
        Assert.Contains(snapshot, s => s.TraceId == request.TraceId && s.DisplayName == "activity:SendConfirmationEmail");
        Assert.Contains(snapshot, s => s.TraceId == request.TraceId && s.Kind == ActivityKind.Client && (s.GetTagItem("url.full") as string ?? "").Contains("/v3/mail/send", StringComparison.Ordinal));
    }
}
