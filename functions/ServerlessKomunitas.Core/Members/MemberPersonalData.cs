using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Members;

public sealed record ExportedMembership(string CommunityId, string CommunityName, string Status, DateTimeOffset SignedUpAt, DateTimeOffset? ConfirmedAt);

/// <summary>
/// A member's sign-ups: their memberships, the sign-up workflows (one per attempt), and the rows waiting in the
/// communities' new-member digests. The person's own row is the subject of every request, and the privacy code
/// deletes it last, so that a run cut short still knows whom it erases.
/// </summary>
public sealed class MemberPersonalData(PersonStore persons, NewMemberQueue newMembers, EmailLedger ledger) : IPersonalDataHolder
{
    public async Task ExportAsync(Person person, PersonalDataSections export, CancellationToken cancellationToken) =>
        export.Add("memberships", (await persons.ReadAsync(person.Key, cancellationToken)).Memberships
            .Select(m => new ExportedMembership(m.CommunityId, m.CommunityName, m.StatusName, m.SignedUpAt, m.ConfirmedAt)).ToList());

    /// <summary>A sign-up still waiting for its confirmation ends.</summary>
    public async Task<IReadOnlyList<ContactedRecord>> WithdrawAsync(WithdrawalRun run, CancellationToken cancellationToken)
    {
        foreach (var membership in (await persons.ReadAsync(run.Person.Key, cancellationToken)).Memberships.Where(m => m.Status == MembershipStatus.Unconfirmed))
        {
            await run.TellWorkflowAsync(membership.InstanceId, client => client.TerminateInstanceAsync(membership.InstanceId, ConsentWithdrawal.Reason, cancellationToken));
        }
        return [];
    }

    public async Task<bool> EraseAsync(ErasureRun run, CancellationToken cancellationToken)
    {
        var rows = await persons.ReadAsync(run.PersonKey, cancellationToken);
        foreach (var instance in rows.Memberships.SelectMany(m => Enumerable.Range(1, m.Attempt).Select(a => Membership.InstanceIdOf(run.PersonKey, m.CommunityId, a))))
        {
            if (!await run.PurgeAsync(instance, cancellationToken))
            {
                return false;
            }
            // A sign-up's emails went to the person alone (a mentorship's went to others too, and are kept).
            run.Count("EmailLedger", await ledger.ForgetInstanceAsync(instance, cancellationToken));
        }
        run.Count("NewMembers", await newMembers.ForgetPersonAsync(run.PersonKey, cancellationToken));
        return true;
    }
}
