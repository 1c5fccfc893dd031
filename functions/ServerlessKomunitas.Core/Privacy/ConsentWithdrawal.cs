using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;

namespace ServerlessKomunitas.Privacy;

/// <summary>
/// Withdrawal of consent (UU PDP): processing stops at once. The person is marked withdrawn and their address
/// suppressed first, so that every later email (jobs, workflows, RSVP notices) is skipped while each feature undoes its
/// part (<see cref="IPersonalDataHolder.WithdrawAsync"/>: pending sign-ups end, mentorships end and the other side is
/// told, RSVPs to coming events are cancelled), and the coordinators of the communities and proposals they are the
/// contact of are told. Every step can run again; the one email they get is the confirmation.
/// </summary>
public sealed partial class ConsentWithdrawal(PersonStore persons, Suppressions suppressions, IEnumerable<IPersonalDataHolder> holders, CoordinatorDirectory coordinators,
    EmailLedger ledger, AuditLog audit, PreferenceLinks links, ILogger<ConsentWithdrawal> log)
{
    public const string Reason = "withdrawn";

    /// <summary>
    /// Carries out the withdrawal; false when the person no longer exists (erased meanwhile). An erasure withdraws first
    /// without <paramref name="confirm"/>: its own confirmation is the one email.
    /// </summary>
    public async Task<bool> RunAsync(OpenRightsRequest request, DurableTaskClient client, bool confirm = true, CancellationToken cancellationToken = default)
    {
        var (person, _) = await persons.WithdrawAsync(request.PersonKey, request.RequestedAt, cancellationToken);
        if (person is null)
        {
            return false;
        }
        var at = person.WithdrawnAt ?? request.RequestedAt;
        await suppressions.SuppressAsync(person.Email, Reason, at, cancellationToken);
        await audit.RecordAsync(new AuditEntry(person.Key, "ConsentWithdrawn", 0, "person", at, nameof(PersonStatus.Confirmed), nameof(PersonStatus.Withdrawn)), cancellationToken);

        await StopProcessingAsync(person, at, client, cancellationToken);

        if (confirm)
        {
            await ledger.SendOnceAsync(new LedgerKey(InstanceOf(person.Key), "withdrawn", Round(at), "person"),
                PrivacyEmails.Withdrawn(person.Email, person.Name, person.TimeZone, at, links.MyData(person.Key)), cancellationToken);
        }
        Withdrawn(log, person.Key, at);
        return true;
    }

    /// <summary>
    /// Each feature stops what it does for the person; then the coordinators of the records they are the contact of
    /// are told, one email per coordinator. Also for a contact who never joined, who has no person row to mark.
    /// </summary>
    public async Task StopProcessingAsync(Person person, DateTimeOffset at, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var run = new WithdrawalRun(person, at, client, log);
        var contacted = new List<ContactedRecord>();
        foreach (var holder in holders)
        {
            contacted.AddRange(await holder.WithdrawAsync(run, cancellationToken));
        }
        foreach (var (approver, records) in await ByApproverAsync(contacted, cancellationToken))
        {
            await ledger.SendOnceAsync(new LedgerKey(InstanceOf(person.Key), "contact-withdrew", Round(at), approver.Id),
                PrivacyEmails.ContactWithdrew(approver, LabelsOf(records, ContactedKind.Community), LabelsOf(records, ContactedKind.Proposal)), cancellationToken);
        }
    }

    static List<string> LabelsOf(IEnumerable<ContactedRecord> records, ContactedKind kind) => records.Where(r => r.Kind == kind).Select(r => r.Label).ToList();

    /// <summary>The records by the coordinator who approves for their province (the national one stands in for a province without one).</summary>
    async Task<List<(Coordinator Approver, List<ContactedRecord> Records)>> ByApproverAsync(IEnumerable<ContactedRecord> contacted, CancellationToken cancellationToken)
    {
        var byApprover = new List<(Coordinator Approver, List<ContactedRecord> Records)>();
        foreach (var record in contacted)
        {
            var approver = await coordinators.FindApproverAsync(record.ProvinceCode, cancellationToken);
            if (byApprover.Find(a => a.Approver.Id == approver.Id) is { Records: { } records })
            {
                records.Add(record);
            }
            else
            {
                byApprover.Add((approver, [record]));
            }
        }
        return byApprover;
    }

    /// <summary>The ledger partition of a person's data-rights emails.</summary>
    public static string InstanceOf(string personKey) => "rights-" + personKey;

    static int Round(DateTimeOffset at) => (int)(at.ToUnixTimeSeconds() / 60);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consent of {PersonKey} withdrawn at {At}")]
    static partial void Withdrawn(ILogger log, string personKey, DateTimeOffset at);
}
