using PhoneNumbers;

namespace ServerlessKomunitas.Validation;

/// <summary>Indonesian phone numbers in any common spelling (0812-…, +62 812 …, 62812…), stored as E.164.</summary>
public static class IndonesianPhoneNumber
{
    static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The number in E.164, or null with the reason recorded under <paramref name="field"/>.</summary>
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
        var phone = ToE164(value);
        if (phone is null)
        {
            errors.Add(field, "invalid-phone", "Nomor telepon tidak valid. Contoh: 0812-3456-7890.");
        }
        return phone;
    }

    static bool WrittenAsANumber(string text) =>
        text.Select((c, i) => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')' || (c == '+' && i == 0)).All(ok => ok);

    public static string? ToE164(string? value)
    {
        var text = value?.Trim();
        // libphonenumber skips what it does not expect ("++62…", letters after the digits); a number is refused
        // unless it is digits with the usual separators and at most one leading plus.
        if (string.IsNullOrEmpty(text) || text.Length > 32 || !WrittenAsANumber(text))
        {
            return null;
        }
        // "62812…" without the plus is common in WhatsApp links; libphonenumber reads it as a national number.
        if (text.StartsWith("62", StringComparison.Ordinal) && text.Length >= 10)
        {
            text = "+" + text;
        }
        try
        {
            var number = Util.Parse(text, "ID");
            return number.CountryCode == 62 && Util.IsValidNumber(number)
                ? Util.Format(number, PhoneNumberFormat.E164)
                : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
