namespace ServerlessKomunitas.Validation;

/// <summary>Rules for free text that people type: trimmed, normalized, bounded and free of control characters.</summary>
public static class TextRules
{
    /// <summary>Returns the cleaned value, or null after recording why it was refused.</summary>
    public static string? Text(FieldErrors errors, string field, string? value, int min, int max, bool required, bool multiline = false)
    {
        var text = value?.Normalize(NormalizationForm.FormC).Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add(field, "required", "Wajib diisi.");
            }
            return null;
        }
        if (multiline)
        {
            text = text.ReplaceLineEndings("\n");
        }
        if (text.Any(c => IsForbiddenControl(c, multiline)))
        {
            errors.Add(field, "control-characters", "Mengandung karakter kontrol yang tidak diizinkan.");
            return null;
        }
        var length = text.EnumerateRunes().Count();
        if (length > max)
        {
            errors.Add(field, "too-long", $"Maksimal {max} karakter (sekarang {length}).");
            return null;
        }
        if (length < min)
        {
            errors.Add(field, "too-short", $"Minimal {min} karakter.");
            return null;
        }
        return text;
    }

    public static int? Integer(FieldErrors errors, string field, string? value, int min, int max, bool required)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add(field, "required", "Wajib diisi.");
            }
            return null;
        }
        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            if (decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                errors.Add(field, "out-of-range", $"Harus angka bulat antara {min} dan {max}.");
            }
            else
            {
                errors.Add(field, "integer", "Harus berupa angka bulat.");
            }
            return null;
        }
        if (number < min || number > max)
        {
            errors.Add(field, "out-of-range", $"Harus antara {min} dan {max}.");
            return null;
        }
        return number;
    }

    /// <summary>Tabs and newlines are allowed only in multi-line text; every other control or format-breaking character never.</summary>
    static bool IsForbiddenControl(char c, bool multiline) =>
        (char.IsControl(c) && !(multiline && c is '\n' or '\t'))
        || c is '\u2028' or '\u2029' or '\u202E' or '\u202D' or '\u200E' or '\u200F' or '\uFEFF';
}
