using PhoneNumbers;

namespace ServerlessKomunitas.Validation;

/// <summary>Indonesian phone numbers in any common spelling (0812-…, +62 812 …, 62812…), stored as E.164.</summary>
public static class IndonesianPhoneNumber
{
    static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static string? ToE164(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 32)
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
