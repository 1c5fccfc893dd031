using F = ServerlessKomunitas.Registrations.RegistrationInput.Fields;

namespace ServerlessKomunitas.Registrations;

/// <summary>A registration that passed every rule, in canonical form.</summary>
public sealed record NewRegistration(
    string Name,
    IReadOnlyList<string> Subsectors,
    string? OtherSubsector,
    Regency Regency,
    string ContactName,
    string Email,
    string Phone,
    int MemberCount,
    int? FoundedYear,
    IReadOnlyList<string> Links,
    string? Description,
    string ConsentVersion,
    string? WhatsAppConsentVersion = null);

/// <summary>The consent text (UU PDP No. 27/2022) that people agree to, by version.</summary>
public sealed class ConsentOptions
{
    public const string Section = "Consent";

    public string CurrentVersion { get; set; } = "2026-11";

    /// <summary>Older versions still accepted, for forms loaded before a new text went live.</summary>
    public List<string> AcceptedVersions { get; set; } = [];

    public bool Accepts(string version) => version == CurrentVersion || AcceptedVersions.Contains(version);

    /// <summary>
    /// Versions are dated ("2026-11") and compare in order. A person who agreed to an older text than this is asked to
    /// agree again at the next contact, and gets no category email until they do; empty asks nobody.
    /// </summary>
    public string RequiredVersion { get; set; } = "";

    public bool IsCurrent(string agreedVersion) => RequiredVersion.Length == 0 || string.CompareOrdinal(agreedVersion, RequiredVersion) >= 0;

    /// <summary>The consent version agreed to, or null with the reasons recorded under the two fields.</summary>
    public string? Validate(FieldErrors errors, string consentField, string versionField, bool? consent, string? version)
    {
        if (consent != true && !errors.Has(consentField))
        {
            errors.Add(consentField, "consent-required", "Persetujuan pemrosesan data pribadi (UU PDP) wajib diberikan.");
        }
        var text = version?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (!errors.Has(versionField))
            {
                errors.Add(versionField, "required", "Versi teks persetujuan wajib dikirim.");
            }
            return null;
        }
        if (!Accepts(text))
        {
            errors.Add(versionField, "unknown-consent-version", "Versi teks persetujuan tidak dikenal. Muat ulang formulir.");
            return null;
        }
        return text;
    }
}

public sealed class RegistrationValidator(RegionDirectory regions, IOptions<ConsentOptions> consent, TimeProvider time)
{
    public const int MaxLinks = 5;

    public string CurrentConsentVersion => consent.Value.CurrentVersion;

    public async Task<(NewRegistration? Registration, FieldErrors Errors)> ValidateAsync(RegistrationInput input, CancellationToken cancellationToken = default)
    {
        var errors = FieldErrors.StartingWith(input.TypeErrors, input.Website);

        var name = TextRules.Text(errors, F.Name, input.Name, min: 3, max: 120, required: !errors.Has(F.Name));
        var subsectors = Registrations.Subsectors.Validate(errors, F.Subsectors, input.Subsectors);
        var other = TextRules.Text(errors, F.OtherSubsector, input.OtherSubsector, min: 2, max: 60,
            required: subsectors.Contains(Registrations.Subsectors.Other) && !errors.Has(F.OtherSubsector));
        var regency = await regions.ValidateRegencyAsync(errors, F.RegencyCode, input.RegencyCode, cancellationToken);
        var contactName = TextRules.Text(errors, F.ContactName, input.ContactName, min: 2, max: 100, required: !errors.Has(F.ContactName));
        var email = EmailAddress.Validate(errors, F.Email, input.Email);
        var phone = IndonesianPhoneNumber.Validate(errors, F.Phone, input.Phone);
        var memberCount = TextRules.Integer(errors, F.MemberCount, input.MemberCount, min: 1, max: 1_000_000, required: !errors.Has(F.MemberCount));
        var foundedYear = TextRules.Integer(errors, F.FoundedYear, input.FoundedYear, min: 1900, max: time.GetUtcNow().Year, required: false);
        var links = Links(errors, input.Links);
        var description = TextRules.Text(errors, F.Description, input.Description, min: 0, max: 2000, required: false, multiline: true);
        var consentVersion = consent.Value.Validate(errors, F.Consent, F.ConsentVersion, input.Consent, input.ConsentVersion);
        var whatsApp = WhatsApp.WhatsAppConsentText.FromForm(errors, F.WhatsAppConsentVersion, input.WhatsApp, input.WhatsAppConsentVersion);

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }
        return (new NewRegistration(name!, subsectors, subsectors.Contains(Registrations.Subsectors.Other) ? other : null,
            regency!, contactName!, email!, phone!, memberCount!.Value, foundedYear, links, description, consentVersion!, whatsApp), errors);
    }

    /// <summary>Up to five distinct http(s) links, each checked; errors under "links" (the directory profile checks its links the same way).</summary>
    public static List<string> Links(FieldErrors errors, IReadOnlyList<string> values)
    {
        var links = values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct().ToList();
        if (links.Count > MaxLinks)
        {
            errors.Add(F.Links, "too-many", $"Maksimal {MaxLinks} tautan.");
            return [];
        }
        foreach (var link in links)
        {
            if (link.Length > 300)
            {
                errors.Add(F.Links, "too-long", "Setiap tautan maksimal 300 karakter.");
            }
            else if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || link.Any(char.IsControl) || link.Any(char.IsWhiteSpace))
            {
                errors.Add(F.Links, "invalid-url", "Tautan harus alamat lengkap yang diawali http:// atau https://.");
            }
        }
        return links;
    }
}
