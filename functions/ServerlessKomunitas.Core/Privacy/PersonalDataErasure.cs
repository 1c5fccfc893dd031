using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Privacy;

/// <summary>
/// Erasure (UU PDP): consent is withdrawn first, so that processing stops; then each feature erases its part
/// (<see cref="IPersonalDataHolder.EraseAsync"/>): its workflows of the person are purged from the Durable history, and
/// every row about them is deleted, or kept as a tombstone where others need the record (an event's attendance, a
/// community's or proposal's record, the mentor's side of a mentorship), with the pseudonym of the request in place of
/// their key. Last go what every request stands on: the audit keeps the facts under the pseudonym, the person's rows
/// and their emails go, and the confirmation is sent. Every step can run again: a run cut short, or one that found a
/// workflow still finishing, is completed by the privacy job.
/// </summary>
public sealed partial class PersonalDataErasure(ConsentWithdrawal withdrawal, IEnumerable<IPersonalDataHolder> holders, PersonStore persons, EmailLedger ledger,
    Suppressions suppressions, AuditLog audit, IOptions<PrivacyOptions> options, TimeProvider time, ILogger<PersonalDataErasure> log)
{
    /// <summary>Erases the person; null when a workflow of theirs is still running (the request stays open), else the row counts for the log.</summary>
    public async Task<string?> RunAsync(OpenRightsRequest request, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        if (!await withdrawal.RunAsync(request, client, confirm: false, cancellationToken))
        {
            // A contact who never joined has no person to withdraw; what they are the contact of still needs a new contact.
            await withdrawal.StopProcessingAsync(new Person { PartitionKey = request.PersonKey, Email = request.Email, Name = request.Name }, request.RequestedAt, client, cancellationToken);
        }
        var run = new ErasureRun(request, client, options.Value.WorkflowGrace);
        foreach (var holder in holders)
        {
            if (!await holder.EraseAsync(run, cancellationToken))
            {
                WaitsForWorkflow(log, request.LogId, run.WaitingFor ?? "");
                return null;
            }
        }

        run.Count("Audit", await audit.PseudonymizeAsync(request.PersonKey, request.PersonKey, request.Pseudonym, cancellationToken: cancellationToken));
        run.Count("Persons", await persons.DeleteAllAsync(request.PersonKey, cancellationToken));
        await suppressions.LiftAsync(request.Email, cancellationToken);

        var done = time.GetUtcNow();
        await audit.RecordAsync(new AuditEntry(request.Pseudonym, "Erased", 0, "person", done, ToStatus: "Erased"), cancellationToken);
        var confirmation = new LedgerKey(ConsentWithdrawal.InstanceOf(request.LogId), "erased", 0, "person");
        await ledger.SendOnceAsync(confirmation, PrivacyEmails.Erased(request.Email, request.Name, request.Zone, done, request.LogId), cancellationToken);
        run.Count("EmailLedger", Math.Max(0, await ledger.ForgetAddressAsync(request.Email, keep: confirmation, cancellationToken) - 1));
        Done(log, request.LogId, run.Summary);
        return run.Summary;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure {LogId} waits for workflow {InstanceId} to finish; the privacy job completes it")]
    static partial void WaitsForWorkflow(ILogger log, string logId, string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure {LogId} done: {Counts}")]
    static partial void Done(ILogger log, string logId, string counts);
}
