using System.Net.Mail;
using System.Security.Cryptography;

namespace ServerlessKomunitas.Validation;

/// <summary>Email addresses as people type them, reduced to one canonical form.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>The address in canonical form, or null with the reason recorded under <paramref name="field"/>.</summary>
    public static string? Validate(Http.FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (!errors.Has(field))
            {
                errors.Add(field, "required", "Wajib diisi.");
            }
            return null;
        }
        var email = Normalize(value);
        if (email is null)
        {
            errors.Add(field, "invalid-email", "Alamat email tidak valid. Contoh: nama@domain.id");
        }
        return email;
    }

    /// <summary>Trimmed and lower-cased; null when it is not a plain <c>local@domain.tld</c> address.</summary>
    public static string? Normalize(string? value)
    {
        var text = value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or ',' or ';'))
        {
            return null;
        }
        var at = text.LastIndexOf('@');
        if (at <= 0 || at > 64 || at == text.Length - 1)
        {
            return null;
        }
        var domain = text[(at + 1)..];
        if (!domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..") || text[..at].Contains('@'))
        {
            return null;
        }
        return MailAddress.TryCreate(text, out var parsed) && parsed.Address == text ? text : null;
    }

    /// <summary>A key for an address that holds no readable trace of it (keys and logs never hold raw addresses).</summary>
    public static string Hash(string normalized) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("email:" + normalized)))[..32];
}
