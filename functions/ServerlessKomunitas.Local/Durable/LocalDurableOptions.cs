namespace ServerlessKomunitas.Local.Durable;

public enum DurableBackend
{
    /// <summary>The Azure Storage provider on Azurite: persistent, the same provider Durable Functions uses in Azure.</summary>
    AzureStorage,

    /// <summary>The in-memory engine: fast, lost on restart; for comparison in the benchmark.</summary>
    InMemory,
}

/// <summary>The local Durable Task engine's settings.</summary>
public sealed class LocalDurableOptions
{
    public const string Section = "Durable";

    public DurableBackend Backend { get; set; } = DurableBackend.AzureStorage;

    /// <summary>The task hub, from the top-level TaskHubName setting that the Functions app reads too (host.json: %TaskHubName%).</summary>
    public string TaskHubName { get; set; } = "komunitas";

    /// <summary>The engine's own caps; the gRPC dispatcher takes its concurrency from these.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 100;

    public int MaxConcurrentActivities { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Keeps an orchestration's history in memory between events, as Durable Functions does with extendedSessionsEnabled.</summary>
    public bool ExtendedSessions { get; set; } = true;

    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Control-queue partitions (Azure Storage provider; Azure allows up to 16). One locally: Azurite scans every
    /// pending timer message on each dequeue, and every partition polls on its own, so more partitions cost more.
    /// </summary>
    public int PartitionCount { get; set; } = 1;
}
