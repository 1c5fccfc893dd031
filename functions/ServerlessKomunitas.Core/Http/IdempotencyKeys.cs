namespace ServerlessKomunitas.Http;

/// <summary>The Idempotency-Key header: clients name a request so that a retry returns the first answer.</summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    /// <summary>The key (printable ASCII, 1-100 characters), null if none; a malformed key is recorded in <paramref name="errors"/>.</summary>
    public static string? Read(HttpRequest request, FieldErrors errors)
    {
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            return null;
        }
        var key = values.ToString().Trim();
        if (key.Length is 0 or > 100 || key.Any(c => c is < '!' or > '~'))
        {
            errors.Add(Header, "invalid-idempotency-key", "Idempotency-Key harus 1–100 karakter ASCII yang terlihat.");
            return null;
        }
        return key;
    }
}
