using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Telemetry;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Workflows;

/// <summary>The one orchestrator wrapper: a workflow whose activity gives up after the standard retries fails, logged once as WorkflowFailed.</summary>
public class LoggedOrchestratorTests
{
    [Fact]
    public async Task A_workflow_whose_activity_fails_every_retry_fails_and_logs_WorkflowFailed_once_naming_workflow_and_activity()
    {
        var logs = new CapturedLogs();
        await using var host = await LocalHost.StartAsync(new Dictionary<string, string?> { ["Durable:Backend"] = "InMemory" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        // A registration whose row was never written: its first activity cannot read it, on every attempt.
        var missing = new Registration { PartitionKey = RecordId.New(), RegencyCode = "35.73" };
        await host.Get<RegistrationWorkflowStarter>().StartAsync(host.Get<DurableTaskClient>(), missing);

        // Six attempts, 1 + 2 + 4 + 8 + 16 s apart, then the workflow fails.
        var ended = await host.EndAsync(missing.Id);

        Assert.Equal("Failed", ended.RuntimeStatus);
        var failure = Assert.Single(logs.Entries, e => e.Event.Id == AppEvents.WorkflowFailed.Id);
        Assert.Equal(LogLevel.Error, failure.Level);
        Assert.Contains(nameof(RegistrationOrchestratorV2), failure.Message);
        Assert.Contains(missing.Id, failure.Message);
        Assert.Contains(nameof(SendConfirmationEmail), failure.Message);
    }
}
