using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.Extensions.Logging;

namespace ServerlessKomunitas.Local.Durable;

/// <summary>
/// The backend as the gRPC sidecar sees it, with four corrections. It reports the concurrency of our
/// settings: the in-memory engine fixes both caps at the core count, and the dispatcher sleeps whenever
/// they are full. It starts once and stops only what was started, after its start: the sidecar starts and stops the backend
/// from async void handlers, where the Azure Storage provider's exceptions for a stop before or during its start ended the process.
/// And it gives the Azure Storage provider the tags of a sub-orchestration as a plain dictionary: the sidecar
/// passes its protobuf map, which the provider's type-named JSON writes but cannot read back, so the child never starts.
/// And it drains before the worker stops (<see cref="DrainAsync"/>): the sidecar stops its dispatcher before the
/// provider, so the messages the provider had already taken stayed invisible in the queue for minutes after a restart,
/// and it waits forever for a work item it sent to a worker that has gone.
/// </summary>
sealed class HostedOrchestrationService(IOrchestrationService inner, LocalDurableOptions options, ILogger logger)
    : IOrchestrationService, IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient
{
    readonly Lock gate = new();
    bool started;
    bool stopRequested;
    Task starting = Task.CompletedTask;
    readonly System.Collections.Concurrent.ConcurrentDictionary<object, byte> handedOut = new(ReferenceEqualityComparer.Instance);
    volatile bool draining;
    long lastHandedOut;

    IOrchestrationServiceClient Client => (IOrchestrationServiceClient)inner;
    IOrchestrationServiceQueryClient Query => (IOrchestrationServiceQueryClient)inner;
    IOrchestrationServicePurgeClient Purge => (IOrchestrationServicePurgeClient)inner;

    public int MaxConcurrentTaskOrchestrationWorkItems => options.MaxConcurrentOrchestrations;
    public int MaxConcurrentTaskActivityWorkItems => options.MaxConcurrentActivities;

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;
    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    /// <summary>
    /// Starts the provider once, unless a stop came first. The sidecar calls this from an async void handler, where an
    /// exception ends the process: a start that fails is logged, and the host keeps serving its HTTP routes.
    /// </summary>
    public Task StartAsync()
    {
        lock (gate)
        {
            if (stopRequested || started)
            {
                return starting;
            }
            started = true;
            return starting = StartLoggedAsync();
        }
    }

    async Task StartLoggedAsync()
    {
        try
        {
            await inner.StartAsync();
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "The Durable backend failed to start; workflows will not run in this host");
        }
    }

    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>
    /// Stops what was started, once its start has finished: the provider cannot stop a start still under way (its
    /// starter read a token source the stop had already cleared, and the exception ended the test process).
    /// </summary>
    public async Task StopAsync(bool isForced)
    {
        Task startedBefore;
        lock (gate)
        {
            stopRequested = true;
            if (!started)
            {
                return;
            }
            started = false;
            startedBefore = starting;
        }
        await startedBefore;
        try
        {
            await inner.StopAsync(isForced);
        }
        catch (Exception exception)
        {
            // Called from the sidecar's async void handler too: the provider failing to stop must not fail the
            // shutdown, and its leases expire on their own.
            logger.LogWarning(exception, "The Durable backend did not stop cleanly");
        }
    }

    public Task CreateAsync() => inner.CreateAsync();
    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);
    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();
    public Task DeleteAsync() => inner.DeleteAsync();
    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);
    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        CountedAsync(() => inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken), cancellationToken);

    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        CountedAsync(() => inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken), cancellationToken);

    /// <summary>
    /// Stops in the order the provider needs, while the worker can still run what it hands out. First the dispatcher
    /// takes what the provider has already read from its queues, until nothing was handed out for a second: the
    /// provider's own drain waits only for instances it has started, and a message it read but had not started stays
    /// invisible in the queue for minutes. Then the provider stops reading, finishes its started instances and gives
    /// up its leases; then the work items in flight finish. What is left after <paramref name="timeout"/> is found
    /// again by the next host, once the queue makes it visible.
    /// </summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var quiet = TimeSpan.FromSeconds(1);
        while (!deadline.IsCancellationRequested && (!handedOut.IsEmpty || Environment.TickCount64 - Interlocked.Read(ref lastHandedOut) < quiet.TotalMilliseconds))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
        try
        {
            await StopAsync().WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // Out of time: the in-flight wait below ends at once too.
        }
        draining = true;
        while (!handedOut.IsEmpty && !deadline.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }

    async Task<T> CountedAsync<T>(Func<Task<T>> lockNext, CancellationToken cancellationToken) where T : class
    {
        if (draining)
        {
            // The dispatcher asks again at once on null, so hold the call until the dispatcher itself stops.
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        var workItem = await lockNext();
        if (workItem is not null)
        {
            handedOut.TryAdd(workItem, 0);
            Interlocked.Exchange(ref lastHandedOut, Environment.TickCount64);
        }
        return workItem!;
    }

    async Task FinishedAsync(object workItem, Task operation)
    {
        try
        {
            await operation;
        }
        finally
        {
            handedOut.TryRemove(workItem, out _);
        }
    }
    /// <summary>
    /// The sidecar records a sub-orchestration's start as its own subclass, which the Azure Storage provider's
    /// history writer turns into a row with no columns (and then cannot read): record the engine's own type instead.
    /// </summary>
    static void PlainEvents(IList<DurableTask.Core.History.HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is DurableTask.Core.History.SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(DurableTask.Core.History.SubOrchestrationInstanceCreatedEvent))
            {
                events[i] = new DurableTask.Core.History.SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    ClientSpanId = created.ClientSpanId,
                    Tags = created.Tags is null ? null : new Dictionary<string, string>(created.Tags),
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                };
            }
            else
            {
                PlainTags(events[i]);
            }
        }
    }

    /// <summary>The sidecar's protobuf tag maps as dictionaries, which the Azure Storage provider writes and reads back.</summary>
    static void PlainTags(DurableTask.Core.History.HistoryEvent? historyEvent)
    {
        switch (historyEvent)
        {
            case DurableTask.Core.History.ExecutionStartedEvent { Tags: { } tags } e when tags is not Dictionary<string, string>:
                e.Tags = new Dictionary<string, string>(tags);
                break;
            case DurableTask.Core.History.SubOrchestrationInstanceCreatedEvent { Tags: { } tags } e when tags is not Dictionary<string, string>:
                e.Tags = new Dictionary<string, string>(tags);
                break;
            case DurableTask.Core.History.TaskScheduledEvent { Tags: { } tags } e when tags is not Dictionary<string, string>:
                e.Tags = new Dictionary<string, string>(tags);
                break;
        }
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);
    public Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState)
    {
        PlainEvents(newOrchestrationRuntimeState.NewEvents);
        PlainEvents(newOrchestrationRuntimeState.Events);
        foreach (var message in orchestratorMessages.Append(continuedAsNewMessage))
        {
            PlainTags(message?.Event);
        }
        return inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
    // The sidecar releases every orchestration work item it locked, and completes or abandons every activity one.
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => FinishedAsync(workItem, inner.ReleaseTaskOrchestrationWorkItemAsync(workItem));
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);
    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) => FinishedAsync(workItem, inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage));
    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => FinishedAsync(workItem, inner.AbandonTaskActivityWorkItemAsync(workItem));

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => Client.CreateTaskOrchestrationAsync(creationMessage);
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses) => Client.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses);
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => Client.SendTaskOrchestrationMessageAsync(message);
    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => Client.SendTaskOrchestrationMessageBatchAsync(messages);
    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken) => Client.WaitForOrchestrationAsync(instanceId, executionId, timeout, cancellationToken);
    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => Client.ForceTerminateTaskOrchestrationAsync(instanceId, reason);
    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) => Client.GetOrchestrationStateAsync(instanceId, allExecutions);
    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) => Client.GetOrchestrationStateAsync(instanceId, executionId);
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => Client.GetOrchestrationHistoryAsync(instanceId, executionId);
    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) => Client.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);
    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken) => Query.GetOrchestrationWithQueryAsync(query, cancellationToken);
    public Task<PurgeResult> PurgeInstanceStateAsync(string instanceId) => Purge.PurgeInstanceStateAsync(instanceId);
    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter) => Purge.PurgeInstanceStateAsync(purgeInstanceFilter);
}
