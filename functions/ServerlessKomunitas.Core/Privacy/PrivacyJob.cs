using ServerlessKomunitas.Jobs;

namespace ServerlessKomunitas.Privacy;

/// <summary>
/// The hourly privacy job. It finishes the data-rights requests that a run cut short (a crash, or an erasure that
/// found a workflow still ending), so that each is done within 3 × 24 hours at worst; and it purges the Durable history
/// of workflows that finished more than <see cref="PrivacyOptions.HistoryRetention"/> ago.
/// </summary>
public sealed partial class PrivacyJob(PrivacyRequests requests, ConsentWithdrawal withdrawal, PersonalDataErasure erasure, IOptions<PrivacyOptions> options,
    TimeProvider time, ILogger<PrivacyJob> log) : IWorkflowJob
{
    static readonly OrchestrationRuntimeStatus[] Finished =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    public async Task<JobReport> RunAsync(DurableTaskClient client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var finished = 0;
        var waiting = 0;
        foreach (var request in await requests.OpenBeforeAsync(now - options.Value.ResumeAfter, cancellationToken))
        {
            string? counts;
            if (request.Kind == RightsRequestKind.Withdrawal)
            {
                await withdrawal.RunAsync(request, client, cancellationToken: cancellationToken);
                counts = "";
            }
            else
            {
                counts = await erasure.RunAsync(request, client, cancellationToken);
            }
            if (counts is null)
            {
                waiting++;
                continue;
            }
            await requests.CloseAsync(request, time.GetUtcNow(), counts, cancellationToken);
            finished++;
        }
        var purged = await PurgeHistoryAsync(client, now - options.Value.HistoryRetention, cancellationToken);
        JobFinished(log, finished, waiting, purged);
        return new JobReport(JobCatalog.Privacy, finished, 0, waiting);
    }

    /// <summary>Purges each workflow that finished before the cut-off (its last update is its end), a page at a time.</summary>
    static async Task<int> PurgeHistoryAsync(DurableTaskClient client, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var purged = 0;
        var query = new OrchestrationQuery { CreatedTo = cutoff, Statuses = Finished, PageSize = 100 };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (instance.LastUpdatedAt < cutoff)
            {
                purged += (await client.PurgeInstanceAsync(instance.InstanceId, cancellation: cancellationToken)).PurgedInstanceCount;
            }
        }
        return purged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Privacy job finished {Finished} data-rights request(s), {Waiting} still wait for a workflow; purged {Purged} finished workflow(s)")]
    static partial void JobFinished(ILogger log, int finished, int waiting, int purged);
}
