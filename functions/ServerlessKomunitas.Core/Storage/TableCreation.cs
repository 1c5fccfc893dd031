using Microsoft.Extensions.Hosting;

namespace ServerlessKomunitas.Storage;

/// <summary>
/// The app creates its own tables, once per process, all in parallel, when it starts: a fresh storage account works
/// without a seed step. When storage cannot be reached at start, the app starts anyway and keeps trying in the
/// background; until then a request that meets a missing table is answered 503 (<see cref="Http.Outages"/>).
/// </summary>
public sealed class TableCreation(KomunitasTables tables, ILogger<TableCreation> log) : BackgroundService
{
    static readonly TimeSpan FirstAttempt = TimeSpan.FromSeconds(30);
    // Real time, not the app's TimeProvider: this waits for storage, not for anything in the domain.
    static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(10);

    bool created;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first attempt holds the start, so that the first request finds its tables.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(FirstAttempt);
        created = await TryCreateAsync(limit.Token);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!created)
        {
            await Task.Delay(RetryEvery, stoppingToken);
            created = await TryCreateAsync(stoppingToken);
        }
    }

    async Task<bool> TryCreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await tables.CreateAllAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (Http.Outages.IsOutage(e) || e is OperationCanceledException)
        {
            log.LogWarning(e, "The app's tables could not be created yet; trying again in {Seconds} s", RetryEvery.TotalSeconds);
            return false;
        }
    }
}
