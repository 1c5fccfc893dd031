using Microsoft.Extensions.Primitives;

namespace ServerlessKomunitas.Registrations;

/// <summary>
/// A registration as submitted, before validation, the same for JSON and form posts. Values keep what
/// the person typed, so that a form can be shown again. Wrong JSON types are recorded in <see cref="TypeErrors"/>.
/// </summary>
public sealed class RegistrationInput
{
    public string? Name { get; init; }
    public IReadOnlyList<string> Subsectors { get; init; } = [];
    public string? OtherSubsector { get; init; }
    public string? RegencyCode { get; init; }
    public string? ContactName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? MemberCount { get; init; }
    public string? FoundedYear { get; init; }
    public IReadOnlyList<string> Links { get; init; } = [];
    public string? Description { get; init; }
    public bool? Consent { get; init; }
    public string? ConsentVersion { get; init; }

    /// <summary>WhatsApp for the contact on the phone given, with its own consent: the opt-in message goes once the address is confirmed.</summary>
    public bool? WhatsApp { get; init; }
    public string? WhatsAppConsentVersion { get; init; }

    /// <summary>The hidden form field that people leave empty and bots fill in.</summary>
    public string? Website { get; init; }

    public FieldErrors TypeErrors { get; init; } = new();

    public static class Fields
    {
        public const string Name = "name";
        public const string Subsectors = "subsectors";
        public const string OtherSubsector = "otherSubsector";
        public const string RegencyCode = "regencyCode";
        public const string ContactName = "contactName";
        public const string Email = "email";
        public const string Phone = "phone";
        public const string MemberCount = "memberCount";
        public const string FoundedYear = "foundedYear";
        public const string Links = "links";
        public const string Description = "description";
        public const string Consent = "consent";
        public const string ConsentVersion = "consentVersion";
        public const string WhatsApp = "whatsapp";
        public const string WhatsAppConsentVersion = "whatsappConsentVersion";
        public const string Website = FieldErrors.Honeypot;
    }

    public static RegistrationInput FromForm(IReadOnlyDictionary<string, StringValues> form)
    {
        string? One(string key) => form.TryGetValue(key, out var v) ? v.ToString() : null;
        IReadOnlyList<string> Many(string key) => form.TryGetValue(key, out var v)
            ? v.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList()
            : [];
        var consent = One(Fields.Consent);
        return new RegistrationInput
        {
            Name = One(Fields.Name),
            Subsectors = Many(Fields.Subsectors),
            OtherSubsector = One(Fields.OtherSubsector),
            RegencyCode = One(Fields.RegencyCode),
            ContactName = One(Fields.ContactName),
            Email = One(Fields.Email),
            Phone = One(Fields.Phone),
            MemberCount = One(Fields.MemberCount),
            FoundedYear = One(Fields.FoundedYear),
            Links = Many(Fields.Links),
            Description = One(Fields.Description),
            Consent = consent is null ? null : consent is "on" or "true",
            ConsentVersion = One(Fields.ConsentVersion),
            WhatsApp = One(Fields.WhatsApp) is "on" or "true",
            WhatsAppConsentVersion = One(Fields.WhatsAppConsentVersion),
            Website = One(Fields.Website),
        };
    }

    public static RegistrationInput FromJson(JsonElement root)
    {
        if (JsonFields.Of(root, out var errors) is not { } json)
        {
            return new RegistrationInput { TypeErrors = errors };
        }
        return new RegistrationInput
        {
            Name = json.Text(Fields.Name),
            Subsectors = json.List(Fields.Subsectors),
            OtherSubsector = json.Text(Fields.OtherSubsector),
            RegencyCode = json.Text(Fields.RegencyCode),
            ContactName = json.Text(Fields.ContactName),
            Email = json.Text(Fields.Email),
            Phone = json.Text(Fields.Phone),
            MemberCount = json.Integer(Fields.MemberCount),
            FoundedYear = json.Integer(Fields.FoundedYear),
            Links = json.List(Fields.Links),
            Description = json.Text(Fields.Description),
            Consent = json.Boolean(Fields.Consent),
            ConsentVersion = json.Text(Fields.ConsentVersion),
            WhatsApp = json.Boolean(Fields.WhatsApp),
            WhatsAppConsentVersion = json.Text(Fields.WhatsAppConsentVersion),
            Website = json.Text(Fields.Website),
            TypeErrors = errors,
        };
    }
}
