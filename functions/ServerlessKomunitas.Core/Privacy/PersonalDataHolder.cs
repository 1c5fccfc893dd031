using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Privacy;

/// <summary>
/// One feature's share of a person's data rights (UU PDP). Each feature that stores personal data implements it in its
/// own folder and registers it with <see cref="PersonalDataHolders.AddPersonalDataHolder{T}"/>; the export, the
/// withdrawal and the erasure iterate every holder in the order the features are registered, and know none of them.
/// Every method can run again: a request cut short is carried out again by the privacy job.
/// </summary>
public interface IPersonalDataHolder
{
    /// <summary>Adds what the feature holds about the person to their "Data saya" file, under section names of its own.</summary>
    Task ExportAsync(Person person, PersonalDataSections export, CancellationToken cancellationToken);

    /// <summary>
    /// Stops the feature's processing for a person who withdrew (already marked withdrawn, their address suppressed).
    /// Returns the open records they are the contact of, whose coordinators must find a new contact.
    /// </summary>
    Task<IReadOnlyList<ContactedRecord>> WithdrawAsync(WithdrawalRun run, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the feature's rows about the person, or keeps them as tombstones under the request's pseudonym where
    /// others need the record. False while a workflow of theirs still runs: the run stops there, and the privacy job
    /// completes it later.
    /// </summary>
    Task<bool> EraseAsync(ErasureRun run, CancellationToken cancellationToken);
}

public enum ContactedKind
{
    Community,
    Proposal,
}

/// <summary>A record whose contact withdrew: told to the coordinator of its province.</summary>
public sealed record ContactedRecord(ContactedKind Kind, string ProvinceCode, string Label);

/// <summary>The sections of one export, in the order holders add them; written as the JSON file's properties.</summary>
public sealed class PersonalDataSections
{
    readonly List<KeyValuePair<string, object>> sections = [];

    public IReadOnlyList<KeyValuePair<string, object>> All => sections;

    /// <param name="name">The section's JSON property name, camelCase.</param>
    public void Add(string name, object value)
    {
        if (sections.Exists(s => s.Key == name))
        {
            throw new InvalidOperationException($"Two holders export a section named {name}.");
        }
        sections.Add(new(name, value));
    }
}

/// <summary>One withdrawal as the holders see it: whose, since when, and a way to tell their workflows.</summary>
public sealed partial class WithdrawalRun(Person person, DateTimeOffset at, DurableTaskClient client, ILogger log)
{
    public Person Person => person;

    public DateTimeOffset At => at;

    /// <summary>
    /// Tells a workflow (an event, a termination). The row already says what happened, so a workflow that is gone or
    /// finished has nothing to be told: that is logged, not thrown.
    /// </summary>
    public async Task TellWorkflowAsync(string instanceId, Func<DurableTaskClient, Task> call)
    {
        try
        {
            await call(client);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            NotTold(log, instanceId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {InstanceId} was not told of a withdrawal: {Reason}")]
    static partial void NotTold(ILogger log, string instanceId, string reason);
}

/// <summary>
/// One erasure as the holders see it: whose data, the pseudonym that replaces their key, the Durable client for their
/// workflows, and the row counts that end in the request's log.
/// </summary>
public sealed class ErasureRun(OpenRightsRequest request, DurableTaskClient client, TimeSpan workflowGrace)
{
    public const string Erased = "(dihapus)";

    readonly SortedDictionary<string, int> counts = new(StringComparer.Ordinal);

    public OpenRightsRequest Request => request;

    public string PersonKey => request.PersonKey;

    public string Pseudonym => request.Pseudonym;

    /// <summary>The workflow a holder waits for, when one stopped the run.</summary>
    public string? WaitingFor { get; private set; }

    public void Count(string what, int rows) => counts[what] = counts.GetValueOrDefault(what) + rows;

    public string Summary => string.Join(';', counts.Select(c => $"{c.Key}={c.Value}"));

    /// <summary>Purges a finished workflow from the Durable history, waiting a grace for one still finishing; false when it still runs.</summary>
    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (instance is null)
        {
            return true;
        }
        if (!instance.IsCompleted)
        {
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(workflowGrace);
            try
            {
                await client.WaitForInstanceCompletionAsync(instanceId, grace.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                WaitingFor = instanceId;
                return false;
            }
        }
        if ((await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken)).PurgedInstanceCount > 0)
        {
            Count("DurableInstances", 1);
        }
        return true;
    }

    /// <summary>Ends a workflow that still waits for something that concerns nobody now.</summary>
    public async Task TerminateAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is { IsCompleted: false })
        {
            await client.TerminateInstanceAsync(instanceId, "erased", cancellationToken);
        }
    }
}

public static class PersonalDataHolders
{
    /// <summary>Joins a feature's store of personal data to the export, withdrawal and erasure.</summary>
    public static IServiceCollection AddPersonalDataHolder<T>(this IServiceCollection services) where T : class, IPersonalDataHolder =>
        services.AddSingleton<IPersonalDataHolder, T>();
}
