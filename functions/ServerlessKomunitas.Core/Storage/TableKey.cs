namespace ServerlessKomunitas.Storage;

/// <summary>
/// Table Storage forbids <c>/ \ # ?</c> and control characters in keys. User text never becomes a key;
/// this guards the values we build ourselves.
/// </summary>
public static class TableKey
{
    public static string Checked(string value)
    {
        if (value.Length is 0 or > 512 || value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            throw new ArgumentException($"'{value}' is not a valid table key.", nameof(value));
        }
        return value;
    }

    public static bool IsValid(string value) =>
        value.Length is > 0 and <= 512 && !value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
}
