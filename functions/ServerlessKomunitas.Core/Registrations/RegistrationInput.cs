using System.Text.Json;
using Microsoft.Extensions.Primitives;
using ServerlessKomunitas.Http;

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
        public const string Website = "website";
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
            Website = One(Fields.Website),
        };
    }

    public static RegistrationInput FromJson(JsonElement root)
    {
        var errors = new FieldErrors();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "type", "Isi permintaan harus berupa objek JSON.");
            return new RegistrationInput { TypeErrors = errors };
        }

        string? Text(string key)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind == JsonValueKind.String) return v.GetString();
            errors.Add(key, "type", "Harus berupa teks.");
            return null;
        }
        string? Integer(string key)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind == JsonValueKind.Number) return v.GetRawText();
            errors.Add(key, "type", "Harus berupa angka bulat.");
            return null;
        }
        IReadOnlyList<string> List(string key)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return [];
            if (v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String))
            {
                return v.EnumerateArray().Select(i => i.GetString()!).ToList();
            }
            errors.Add(key, "type", "Harus berupa daftar teks.");
            return [];
        }
        bool? Boolean(string key)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
            errors.Add(key, "type", "Harus berupa true atau false.");
            return null;
        }

        return new RegistrationInput
        {
            Name = Text(Fields.Name),
            Subsectors = List(Fields.Subsectors),
            OtherSubsector = Text(Fields.OtherSubsector),
            RegencyCode = Text(Fields.RegencyCode),
            ContactName = Text(Fields.ContactName),
            Email = Text(Fields.Email),
            Phone = Text(Fields.Phone),
            MemberCount = Integer(Fields.MemberCount),
            FoundedYear = Integer(Fields.FoundedYear),
            Links = List(Fields.Links),
            Description = Text(Fields.Description),
            Consent = Boolean(Fields.Consent),
            ConsentVersion = Text(Fields.ConsentVersion),
            Website = Text(Fields.Website),
            TypeErrors = errors,
        };
    }
}
