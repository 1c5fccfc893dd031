using ServerlessKomunitas.Members;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Privacy;

/// <summary>
/// A community's or proposal's contact who never joined as a member has no person row, yet gets email and has the
/// same rights. They are found by the hash of their address on the records they are the contact of, and stand as a
/// person that is never stored, so that "Data saya", its export and the erasure serve them as they serve members.
/// </summary>
public sealed class ContactPeople(RegistrationStore registrations, ProposalStore proposals, RegionDirectory regions)
{
    public async Task<Person?> FindAsync(string personKey, CancellationToken cancellationToken = default)
    {
        if ((await registrations.WhereEqualAsync(nameof(Registration.ContactKey), personKey, cancellationToken)).FirstOrDefault(r => r.Email.Length > 0) is { } community)
        {
            return await StandInAsync(personKey, community.ContactName, community.Email, community.Phone, community.RegencyCode, community.ProvinceCode,
                community.SubmittedAt, cancellationToken);
        }
        if ((await proposals.WhereEqualAsync(nameof(Proposal.ContactKey), personKey, cancellationToken)).FirstOrDefault(p => p.ContactEmail.Length > 0) is { } proposal)
        {
            return await StandInAsync(personKey, proposal.ContactName, proposal.ContactEmail, "", proposal.RegencyCode, proposal.ProvinceCode,
                proposal.SubmittedAt, cancellationToken);
        }
        return null;
    }

    async Task<Person> StandInAsync(string key, string name, string email, string phone, string regencyCode, string provinceCode, DateTimeOffset since,
        CancellationToken cancellationToken) => new()
    {
        PartitionKey = key,
        IsContactOnly = true,
        Status = PersonStatus.Confirmed,
        Name = name,
        Email = email,
        Phone = phone,
        RegencyCode = regencyCode,
        ProvinceCode = provinceCode,
        Zone = (await regions.ZoneOfAsync(provinceCode, cancellationToken)).ToString(),
        CreatedAt = since,
        ConsentedAt = since,
    };
}
