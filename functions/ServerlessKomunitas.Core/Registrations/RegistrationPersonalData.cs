using ServerlessKomunitas.Members;
using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Registrations;

public sealed record ExportedCommunity(string Id, string Name, string Status, string ContactName, string Phone, string ConsentVersion, DateTimeOffset SubmittedAt,
    string WhatsAppNumber, string WhatsAppConsentVersion, DateTimeOffset? WhatsAppConsentedAt);

/// <summary>
/// A registration names its contact (name, address, phone). The community's record belongs to the community: on
/// erasure it stays, with the contact's fields blanked; on withdrawal its coordinator is told to find a new contact.
/// </summary>
public sealed class RegistrationPersonalData(RegistrationStore registrations) : IPersonalDataHolder
{
    public async Task ExportAsync(Person person, PersonalDataSections export, CancellationToken cancellationToken) =>
        export.Add("communitiesAsContact", (await registrations.WhereEqualAsync(nameof(Registration.Email), person.Email, cancellationToken))
            .Select(r => new ExportedCommunity(r.Id, r.Name, r.StatusName, r.ContactName, r.Phone, r.ConsentVersion, r.SubmittedAt,
                r.WhatsAppNumber, r.WhatsAppConsentVersion, r.WhatsAppConsentedAt)).ToList());

    public async Task<IReadOnlyList<ContactedRecord>> WithdrawAsync(WithdrawalRun run, CancellationToken cancellationToken) =>
        (await registrations.WhereEqualAsync(nameof(Registration.Email), run.Person.Email, cancellationToken))
            .Where(r => r.Status is not (RegistrationStatus.Rejected or RegistrationStatus.Expired))
            .Select(r => new ContactedRecord(ContactedKind.Community, r.ProvinceCode, r.Name)).ToList();

    public async Task<bool> EraseAsync(ErasureRun run, CancellationToken cancellationToken)
    {
        foreach (var community in await registrations.WhereEqualAsync(nameof(Registration.Email), run.Request.Email, cancellationToken))
        {
            await registrations.TransitionAsync(community.Id, r =>
            {
                (r.ContactName, r.Email, r.Phone, r.ContactKey) = (ErasureRun.Erased, "", "", "");
                (r.WhatsAppNumber, r.WhatsAppConsentVersion, r.WhatsAppConsentedAt) = ("", "", null);
                return true;
            }, cancellationToken);
            run.Count("Registrations", 1);
        }
        return true;
    }
}
