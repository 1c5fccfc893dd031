using Grpc.Core;

namespace ServerlessKomunitas.Workflows;

/// <summary>Starting a record's workflow, whose instance id is the record's id, at most once.</summary>
public static class WorkflowStarts
{
    public static async Task StartOnceAsync(DurableTaskClient client, string orchestrator, object input, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input,
                // Without dedupe statuses the backend would restart an existing instance.
                new StartOrchestrationOptions(InstanceId: instanceId).WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]),
                cancellationToken);
        }
        catch (Exception e) when (e is RpcException { StatusCode: StatusCode.AlreadyExists } or DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException)
        {
            // Started by an earlier attempt: nothing to do. The gRPC client reports it as AlreadyExists; an in-process
            // backend throws the engine's own exception.
        }
    }

    /// <summary>Whether the record's workflow was ever scheduled (repairs a crash between writing a record and starting it).</summary>
    public static async Task<bool> ExistsAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null;
}
