using Microsoft.Extensions.Primitives;

namespace ServerlessKomunitas.Members;

/// <summary>A member sign-up as submitted, before validation, the same for JSON and form posts; values keep what was typed.</summary>
public sealed class MemberInput
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? CommunityId { get; init; }
    public IReadOnlyList<string> Subsectors { get; init; } = [];
    public string? RegencyCode { get; init; }
    public string? Profile { get; init; }
    public bool? WantsMentor { get; init; }
    public bool? OffersMentoring { get; init; }
    public string? MentorCapacity { get; init; }
    public bool? Consent { get; init; }
    public string? ConsentVersion { get; init; }

    /// <summary>WhatsApp on the phone given, with its own consent: the opt-in message goes once the membership is confirmed.</summary>
    public bool? WhatsApp { get; init; }
    public string? WhatsAppConsentVersion { get; init; }

    /// <summary>The hidden form field that people leave empty and bots fill in.</summary>
    public string? Website { get; init; }

    public FieldErrors TypeErrors { get; init; } = new();

    public static class Fields
    {
        public const string Name = "name";
        public const string Email = "email";
        public const string Phone = "phone";
        public const string CommunityId = "communityId";
        public const string Subsectors = "subsectors";
        public const string RegencyCode = "regencyCode";
        public const string Profile = "profile";
        public const string WantsMentor = "wantsMentor";
        public const string OffersMentoring = "offersMentoring";
        public const string MentorCapacity = "mentorCapacity";
        public const string Consent = "consent";
        public const string ConsentVersion = "consentVersion";
        public const string WhatsApp = "whatsapp";
        public const string WhatsAppConsentVersion = "whatsappConsentVersion";
        public const string Website = FieldErrors.Honeypot;
    }

    public static MemberInput FromForm(IReadOnlyDictionary<string, StringValues> form)
    {
        string? One(string key) => form.TryGetValue(key, out var v) ? v.ToString() : null;
        bool Checked(string key) => One(key) is "on" or "true";
        return new MemberInput
        {
            Name = One(Fields.Name),
            Email = One(Fields.Email),
            Phone = One(Fields.Phone),
            CommunityId = One(Fields.CommunityId),
            Subsectors = form.TryGetValue(Fields.Subsectors, out var s) ? s.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList() : [],
            RegencyCode = One(Fields.RegencyCode),
            Profile = One(Fields.Profile),
            WantsMentor = Checked(Fields.WantsMentor),
            OffersMentoring = Checked(Fields.OffersMentoring),
            MentorCapacity = One(Fields.MentorCapacity),
            Consent = One(Fields.Consent) is null ? null : Checked(Fields.Consent),
            ConsentVersion = One(Fields.ConsentVersion),
            WhatsApp = Checked(Fields.WhatsApp),
            WhatsAppConsentVersion = One(Fields.WhatsAppConsentVersion),
            Website = One(Fields.Website),
        };
    }

    public static MemberInput FromJson(JsonElement root)
    {
        if (JsonFields.Of(root, out var errors) is not { } json)
        {
            return new MemberInput { TypeErrors = errors };
        }
        return new MemberInput
        {
            Name = json.Text(Fields.Name),
            Email = json.Text(Fields.Email),
            Phone = json.Text(Fields.Phone),
            CommunityId = json.Text(Fields.CommunityId),
            Subsectors = json.List(Fields.Subsectors),
            RegencyCode = json.Text(Fields.RegencyCode),
            Profile = json.Text(Fields.Profile),
            WantsMentor = json.Boolean(Fields.WantsMentor),
            OffersMentoring = json.Boolean(Fields.OffersMentoring),
            MentorCapacity = json.Integer(Fields.MentorCapacity),
            Consent = json.Boolean(Fields.Consent),
            ConsentVersion = json.Text(Fields.ConsentVersion),
            WhatsApp = json.Boolean(Fields.WhatsApp),
            WhatsAppConsentVersion = json.Text(Fields.WhatsAppConsentVersion),
            Website = json.Text(Fields.Website),
            TypeErrors = errors,
        };
    }
}
