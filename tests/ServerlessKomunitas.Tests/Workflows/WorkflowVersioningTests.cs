using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Tests.Workflows;

/// <summary>
/// The versioning rule of docs/operations.md, on the Azure Storage backend: a changed orchestrator gets a new name
/// with a version suffix, the old one stays registered, and an instance keeps the name (so the code) it started with.
/// </summary>
public class WorkflowVersioningTests
{
    [Fact]
    public async Task An_instance_started_on_V1_waits_across_a_restart_and_finishes_on_V1_with_V1_and_V2_registered()
    {
        var prefix = LocalHost.UniquePrefix();
        var waiting = $"v1-{prefix}";
        await using (var before = await LocalHost.StartAsync(tablePrefix: prefix, seed: false, services: s => s.AddDurableTaskWorker(w => w.AddTasks(r =>
            r.AddOrchestrator<GreetingOrchestrator>()))))
        {
            var client = before.Get<DurableTaskClient>();
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(GreetingOrchestrator), "first", new StartOrchestrationOptions(InstanceId: waiting));
            await WaitingAsync(before, waiting);
        }

        // The deploy: the same task hub, V2 added beside V1. New work starts on V2.
        await using var after = await LocalHost.StartAsync(tablePrefix: prefix, seed: false, services: s => s.AddDurableTaskWorker(w => w.AddTasks(r =>
        {
            r.AddOrchestrator<GreetingOrchestrator>();
            r.AddOrchestrator<GreetingOrchestratorV2>();
        })));
        var started = $"v2-{prefix}";
        var restarted = after.Get<DurableTaskClient>();
        await restarted.ScheduleNewOrchestrationInstanceAsync(nameof(GreetingOrchestratorV2), "second", new StartOrchestrationOptions(InstanceId: started));
        await WaitingAsync(after, started);
        await restarted.RaiseAsync(waiting, GreetingAnswered.Event, new GreetingAnswered("ya"));
        await restarted.RaiseAsync(started, GreetingAnswered.Event, new GreetingAnswered("ya"));

        Assert.Equal("v1 first ya", (await after.CompletionAsync(waiting)).ReadOutputAs<string>());
        Assert.Equal("v2 second ya after 1 step", (await after.CompletionAsync(started)).ReadOutputAs<string>());
    }

    /// <summary>Until the instance has run its first episode and waits for the answer (its custom status says so).</summary>
    static async Task WaitingAsync(LocalHost host, string instanceId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (await host.WorkflowAsync(instanceId) is not { CustomStatus: not null })
        {
            Assert.True(DateTime.UtcNow < deadline, $"Workflow {instanceId} did not reach its wait within 3 minutes.");
            await Task.Delay(200);
        }
    }
}

/// <summary>The answer both test versions wait for.</summary>
public sealed record GreetingAnswered(string Answer)
{
    public static WorkflowEvent<GreetingAnswered> Event { get; } = new(nameof(GreetingAnswered));
}

/// <summary>Version 1 of a test-only workflow: waits for the answer.</summary>
public sealed class GreetingOrchestrator : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        context.SetCustomStatus("waiting");
        var answer = await context.WaitFor(GreetingAnswered.Event);
        return $"v1 {input} {answer.Answer}";
    }
}

/// <summary>
/// Version 2 changes the awaits: a durable timer before the wait. Replaying a V1 history on this code would fail as
/// non-deterministic, which is why it has a name of its own.
/// </summary>
public sealed class GreetingOrchestratorV2 : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        await context.CreateTimer(context.CurrentUtcDateTime.AddMilliseconds(1), CancellationToken.None);
        context.SetCustomStatus("waiting");
        var answer = await context.WaitFor(GreetingAnswered.Event);
        return $"v2 {input} {answer.Answer} after 1 step";
    }
}
