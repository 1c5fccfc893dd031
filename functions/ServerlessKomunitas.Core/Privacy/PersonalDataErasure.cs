using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Storage;

namespace ServerlessKomunitas.Privacy;

/// <summary>
/// Erasure (UU PDP): consent is withdrawn first, so that processing stops; then the person's workflows are purged
/// from the Durable history, and every row about them is deleted, or kept as a tombstone where others need the record
/// (an event's attendance, a community's or proposal's record, the mentor's side of a mentorship), with the pseudonym
/// of the request in place of their key. The audit keeps the facts under the pseudonym. Every step can run again: a
/// run cut short, or one that found a workflow still finishing, is completed by the privacy job.
/// </summary>
public sealed partial class PersonalDataErasure(ConsentWithdrawal withdrawal, PersonStore persons, MentorshipStore mentorships, MentorshipLinks mentorshipLinks, RsvpStore rsvps,
    RegistrationStore registrations, ProposalStore proposals, KomunitasTables tables, EmailLedger ledger, Suppressions suppressions, AuditLog audit,
    Microsoft.Extensions.Options.IOptions<PrivacyOptions> options, TimeProvider time, ILogger<PersonalDataErasure> log)
{
    public const string Erased = "(dihapus)";

    /// <summary>Erases the person; null when a workflow of theirs is still running (the request stays open), else the row counts for the log.</summary>
    public async Task<string?> RunAsync(OpenRightsRequest request, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        var key = request.PersonKey;
        var pseudonym = request.Pseudonym;
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Count(string what, int n) => counts[what] = counts.GetValueOrDefault(what) + n;

        if (!await withdrawal.RunAsync(request, client, confirm: false, cancellationToken))
        {
            // A contact who never joined has no person to withdraw; their communities' coordinators still need a new contact.
            await withdrawal.TellCoordinatorsAsync(new Person { PartitionKey = key, Email = request.Email, Name = request.Name }, request.RequestedAt, cancellationToken);
        }
        var rows = await persons.ReadAsync(key, cancellationToken);
        var theirs = await mentorships.OfPersonAsync(key, cancellationToken);
        var signUps = rows.Memberships.SelectMany(m => Enumerable.Range(1, m.Attempt).Select(a => Membership.InstanceIdOf(key, m.CommunityId, a))).ToList();
        var instances = signUps.Concat(theirs.Where(m => m.MenteeKey == key).Select(m => m.Id)).ToList();
        var children = theirs.Where(m => m.MenteeKey == key)
            .SelectMany(m => Enumerable.Range(1, m.CheckInsPlanned).SelectMany(n => MentorshipRoles.Both.Select(role => CheckInOrchestrator.InstanceIdOf(m.Id, n, role)))).ToList();
        foreach (var instance in instances.Concat(children))
        {
            if (children.Contains(instance))
            {
                // A check-in of an ended mentorship may still wait for its window: it concerns nobody now. Only once the
                // parent has finished: a parent that sees a child terminated fails in the worker's tracing and never completes.
                await TerminateAsync(client, instance, cancellationToken);
            }
            switch (await PurgeAsync(client, instance, cancellationToken))
            {
                case null:
                    WaitsForWorkflow(log, request.LogId, instance);
                    return null;
                case true:
                    Count("DurableInstances", 1);
                    break;
            }
            if (signUps.Contains(instance))
            {
                // A sign-up's emails went to the person alone; a mentorship's went to others too, and move with it below.
                Count("EmailLedger", await ledger.ForgetInstanceAsync(instance, cancellationToken));
            }
        }

        foreach (var m in theirs)
        {
            Count("Mentorships", 1);
            if (m.MenteeKey == key)
            {
                Count("MentorshipRows", await mentorships.EraseSideAsync(m.Id, MentorshipRoles.Mentee, cancellationToken));
                var newId = RecordId.FromSeed($"erased\n{request.LogId}\n{m.Id}");
                await mentorships.RelocateAsync(m.Id, newId, row =>
                {
                    if (row.RowKey == Mentorship.Row)
                    {
                        row[nameof(Mentorship.MenteeKey)] = pseudonym;
                    }
                    return row;
                }, cancellationToken);
                Count("Audit", await audit.PseudonymizeAsync(m.Id, key, pseudonym, newId, cancellationToken));
                await ledger.MoveInstanceAsync(m.Id, newId, request.Name, Erased, cancellationToken);
                // The mentor's emailed links named the old id: they get one to their history at the new one.
                if (m.MentorKey is { Length: > 0 } mentorKey && await persons.FindPersonAsync(mentorKey, cancellationToken) is { } mentor)
                {
                    await ledger.SendOnceAsync(new LedgerKey(newId, "history-kept", 0, MentorshipRoles.Mentor),
                        MentorshipEmails.HistoryKept(mentor, mentorshipLinks.Status(newId, MentorshipRoles.Mentor, time.GetUtcNow())), cancellationToken);
                }
            }
            else
            {
                Count("MentorshipRows", await mentorships.EraseSideAsync(m.Id, MentorshipRoles.Mentor, cancellationToken));
                await mentorships.TransitionAsync(m.Id, r =>
                {
                    r.MentorKey = pseudonym;
                    r.Excluded = string.Join(',', r.ExcludedKeys.Select(k => k == key ? pseudonym : k));
                    return true;
                }, cancellationToken);
                Count("Audit", await audit.PseudonymizeAsync(m.Id, key, pseudonym, cancellationToken: cancellationToken));
            }
        }

        foreach (var rsvp in await rsvps.OfPersonAsync(key, cancellationToken))
        {
            // The seat count stays right for everyone else: the row stays, under the pseudonym, in one atomic swap.
            var tombstone = new Rsvp
            {
                PartitionKey = rsvp.PartitionKey, RowKey = Rsvp.RowOf(pseudonym), PersonKey = pseudonym, StatusName = rsvp.StatusName,
                Sequence = rsvp.Sequence, ChangedAt = rsvp.ChangedAt, Notice = null,
            };
            await tables.Client(Rsvps.RsvpStore.TableName).SubmitTransactionAsync(
                [new(TableTransactionActionType.UpsertReplace, tombstone), new(TableTransactionActionType.Delete, rsvp, Azure.ETag.All)], cancellationToken);
            Count("Rsvps", 1);
        }

        foreach (var community in await registrations.WhereEqualAsync(nameof(Registration.Email), request.Email, cancellationToken))
        {
            await registrations.TransitionAsync(community.Id, r =>
            {
                (r.ContactName, r.Email, r.Phone, r.ContactKey) = (Erased, "", "", "");
                return true;
            }, cancellationToken);
            Count("Registrations", 1);
        }
        foreach (var proposal in await proposals.WhereEqualAsync(nameof(Proposal.ContactEmail), request.Email, cancellationToken))
        {
            await proposals.TransitionAsync(proposal.Id, p =>
            {
                (p.ContactName, p.ContactEmail, p.ContactKey) = (Erased, "", "");
                return true;
            }, cancellationToken);
            Count("Proposals", 1);
        }

        Count("Audit", await audit.PseudonymizeAsync(key, key, pseudonym, cancellationToken: cancellationToken));
        Count("JobSends", await DeleteWhereAsync(tables.Client(Engagement.JobSends.TableName), TableClient.CreateQueryFilter($"RowKey eq {key}"), _ => true, cancellationToken));
        Count("Activity", await DeleteWhereAsync(tables.Client(Engagement.ActivityLog.TableName), TableClient.CreateQueryFilter($"RowKey eq {key}"), _ => true, cancellationToken));
        Count("NewMembers", await DeleteWhereAsync(tables.Client(Members.NewMemberQueue.TableName), null, r => r.RowKey.EndsWith("-" + key, StringComparison.Ordinal), cancellationToken));
        Count("Persons", await persons.DeleteAllAsync(key, cancellationToken));
        await suppressions.LiftAsync(request.Email, cancellationToken);

        var done = time.GetUtcNow();
        await audit.RecordAsync(new AuditEntry(pseudonym, "Erased", 0, "person", done, ToStatus: "Erased"), cancellationToken);
        var confirmation = new LedgerKey(ConsentWithdrawal.InstanceOf(request.LogId), "erased", 0, "person");
        await ledger.SendOnceAsync(confirmation, PrivacyEmails.Erased(request.Email, request.Name, request.Zone, done, request.LogId), cancellationToken);
        Count("EmailLedger", Math.Max(0, await ledger.ForgetAddressAsync(request.Email, keep: confirmation, cancellationToken) - 1));
        var summary = string.Join(';', counts.Select(c => $"{c.Key}={c.Value}"));
        Done(log, request.LogId, summary);
        return summary;
    }

    /// <summary>True when purged, false when there was nothing to purge, null when it is still running after the grace.</summary>
    async Task<bool?> PurgeAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (instance is null)
        {
            return false;
        }
        if (!instance.IsCompleted)
        {
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(options.Value.WorkflowGrace);
            try
            {
                await client.WaitForInstanceCompletionAsync(instanceId, grace.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
        return (await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken)).PurgedInstanceCount > 0;
    }

    static async Task TerminateAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is { IsCompleted: false })
        {
            await client.TerminateInstanceAsync(instanceId, "erased", cancellationToken);
        }
    }

    static async Task<int> DeleteWhereAsync(TableClient table, string? filter, Func<TableEntity, bool> matches, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (matches(row))
            {
                await table.DeleteIfExistsAsync(row.PartitionKey, row.RowKey, cancellationToken);
                count++;
            }
        }
        return count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure {LogId} waits for workflow {InstanceId} to finish; the privacy job completes it")]
    static partial void WaitsForWorkflow(ILogger log, string logId, string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure {LogId} done: {Counts}")]
    static partial void Done(ILogger log, string logId, string counts);
}
