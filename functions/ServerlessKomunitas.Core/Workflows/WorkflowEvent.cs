namespace ServerlessKomunitas.Workflows;

/// <summary>
/// The name of an event a workflow waits for, typed by its payload. Raising, sending and waiting all take it, so a
/// payload cannot go out under another event's name, and a wait cannot expect another type. Events whose name carries
/// a round or a role make theirs with <c>EventFor(...)</c>; the others have one <c>Event</c>.
/// </summary>
public sealed record WorkflowEvent<TPayload>(string Name);

public static class WorkflowEvents
{
    public static Task<TPayload> WaitFor<TPayload>(this TaskOrchestrationContext context, WorkflowEvent<TPayload> e) =>
        context.WaitForExternalEvent<TPayload>(e.Name);

    /// <summary>From one workflow to another.</summary>
    public static void Send<TPayload>(this TaskOrchestrationContext context, string instanceId, WorkflowEvent<TPayload> e, TPayload payload)
        where TPayload : notnull =>
        context.SendEvent(instanceId, e.Name, payload);

    public static Task RaiseAsync<TPayload>(this DurableTaskClient client, string instanceId, WorkflowEvent<TPayload> e, TPayload payload,
        CancellationToken cancellationToken = default) =>
        client.RaiseEventAsync(instanceId, e.Name, payload, cancellationToken);

    /// <summary>
    /// Raises an event after its row already records what happened. A failure only delays the workflow until its next
    /// timer, which re-reads the row, so it is logged and not thrown at the person who acted.
    /// </summary>
    public static async Task RaiseOrLogAsync<TPayload>(this DurableTaskClient client, string instanceId, WorkflowEvent<TPayload> e, TPayload payload,
        ILogger log, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.RaiseEventAsync(instanceId, e.Name, payload, cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            log.LogWarning(failure, "Could not raise {Event} for {InstanceId}; the workflow reads the row at its next timer", e.Name, instanceId);
        }
    }
}
