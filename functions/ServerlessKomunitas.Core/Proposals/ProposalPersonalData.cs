using ServerlessKomunitas.Members;
using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Proposals;

public sealed record ExportedProposal(string Id, string Title, string Status, DateTimeOffset StartUtc, DateTimeOffset SubmittedAt);

/// <summary>
/// A proposal names its contact. The event's record belongs to its community: on erasure it stays, with the contact's
/// fields blanked; on withdrawal the coordinator of an open or coming event is told to find a new contact.
/// </summary>
public sealed class ProposalPersonalData(ProposalStore proposals) : IPersonalDataHolder
{
    public async Task ExportAsync(Person person, PersonalDataSections export, CancellationToken cancellationToken) =>
        export.Add("proposalsAsContact", (await proposals.WhereEqualAsync(nameof(Proposal.ContactEmail), person.Email, cancellationToken))
            .Select(p => new ExportedProposal(p.Id, p.Title, p.StatusName, p.StartUtc, p.SubmittedAt)).ToList());

    public async Task<IReadOnlyList<ContactedRecord>> WithdrawAsync(WithdrawalRun run, CancellationToken cancellationToken) =>
        (await proposals.WhereEqualAsync(nameof(Proposal.ContactEmail), run.Person.Email, cancellationToken))
            .Where(p => p.IsOpen || (p.Status == ProposalStatus.Confirmed && p.StartUtc > run.At))
            .Select(p => new ContactedRecord(ContactedKind.Proposal, p.ProvinceCode, $"{p.Title} ({p.CommunityName})")).ToList();

    public async Task<bool> EraseAsync(ErasureRun run, CancellationToken cancellationToken)
    {
        foreach (var proposal in await proposals.WhereEqualAsync(nameof(Proposal.ContactEmail), run.Request.Email, cancellationToken))
        {
            await proposals.TransitionAsync(proposal.Id, p =>
            {
                (p.ContactName, p.ContactEmail, p.ContactKey) = (ErasureRun.Erased, "", "");
                return true;
            }, cancellationToken);
            run.Count("Proposals", 1);
        }
        return true;
    }
}
