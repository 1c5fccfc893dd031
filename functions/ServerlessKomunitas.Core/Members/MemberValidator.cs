using ServerlessKomunitas.Registrations;
using F = ServerlessKomunitas.Members.MemberInput.Fields;

namespace ServerlessKomunitas.Members;

/// <summary>A sign-up that passed every rule, in canonical form, with the community it joins.</summary>
public sealed record NewMember(
    string Name,
    string Email,
    string Phone,
    Registration Community,
    IReadOnlyList<string> Subsectors,
    Regency Regency,
    IndonesianTimeZone Zone,
    string? Profile,
    bool WantsMentor,
    bool OffersMentoring,
    int MentorCapacity,
    string ConsentVersion,
    string? WhatsAppConsentVersion = null);

public sealed class MemberValidator(RegionDirectory regions, RegistrationStore communities, IOptions<ConsentOptions> consent, IOptions<MemberOptions> options)
{
    public async Task<(NewMember? Member, FieldErrors Errors)> ValidateAsync(MemberInput input, CancellationToken cancellationToken = default)
    {
        var errors = FieldErrors.StartingWith(input.TypeErrors, input.Website);

        var name = TextRules.Text(errors, F.Name, input.Name, min: 2, max: 100, required: !errors.Has(F.Name));
        var email = EmailAddress.Validate(errors, F.Email, input.Email);
        var phone = IndonesianPhoneNumber.Validate(errors, F.Phone, input.Phone);
        var community = await CommunityAsync(errors, input.CommunityId, cancellationToken);
        var subsectors = Registrations.Subsectors.Validate(errors, F.Subsectors, input.Subsectors);
        var regency = await regions.ValidateRegencyAsync(errors, F.RegencyCode, input.RegencyCode, cancellationToken);
        var zone = regency is null ? IndonesianTimeZone.WIB : (await regions.FindProvinceAsync(regency.ProvinceCode, cancellationToken))?.Zone ?? IndonesianTimeZone.WIB;
        var profile = TextRules.Text(errors, F.Profile, input.Profile, min: 0, max: 1000, required: false, multiline: true);
        var offers = input.OffersMentoring == true;
        // Checked even when not offering: a value that is sent must be a valid one.
        var capacity = TextRules.Integer(errors, F.MentorCapacity, input.MentorCapacity, min: 1, max: options.Value.MaxMentorCapacity, required: false) ?? options.Value.DefaultMentorCapacity;
        capacity = offers ? capacity : 0;
        var consentVersion = consent.Value.Validate(errors, F.Consent, F.ConsentVersion, input.Consent, input.ConsentVersion);
        var whatsApp = WhatsApp.WhatsAppConsentText.FromForm(errors, F.WhatsAppConsentVersion, input.WhatsApp, input.WhatsAppConsentVersion);

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }
        return (new NewMember(name!, email!, phone!, community!, subsectors, regency!, zone, profile, input.WantsMentor == true, offers, capacity, consentVersion!,
            whatsApp), errors);
    }

    async Task<Registration?> CommunityAsync(FieldErrors errors, string? id, CancellationToken cancellationToken)
    {
        var text = id?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (!errors.Has(F.CommunityId))
            {
                errors.Add(F.CommunityId, "required", "Pilih komunitas yang Anda ikuti.");
            }
            return null;
        }
        var community = RecordId.IsWellFormed(text) ? await communities.FindAsync(text, cancellationToken) : null;
        if (community is null)
        {
            errors.Add(F.CommunityId, "unknown-community", "Komunitas tidak ditemukan. Periksa kode komunitas.");
            return null;
        }
        if (community.Status != RegistrationStatus.Approved)
        {
            errors.Add(F.CommunityId, "community-not-approved", "Komunitas ini belum disetujui, jadi belum dapat menerima anggota.");
            return null;
        }
        return community;
    }
}
