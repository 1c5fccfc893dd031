using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace ServerlessKomunitas.Links;

/// <summary>What a link lets its holder do.</summary>
public enum LinkPurpose
{
    Confirm,
    Decide,
    Edit,
    Withdraw,
    ConfirmEvent,
    Respond,
    CheckIn,
    View,
    End,
    Feedback,
    Rsvp,
    Preferences,
    Unsubscribe,
    ConfirmAddress,
    MyData,

    /// <summary>When a served form was handed out: its minimum fill time.</summary>
    FormStarted,

    /// <summary>A coordinator's inbox of what awaits their decision.</summary>
    Inbox,

    /// <summary>The link in WhatsApp's opt-in message: following it proves the number is the person's (the round is the request's attempt).</summary>
    WhatsAppOptIn,

    /// <summary>A community's contact's page for its public directory profile: opt in, edit, withdraw.</summary>
    Listing,
}

/// <summary>
/// A signed link's claims: a subject (a record id, and its type: "registration", "proposal"), a purpose, an actor
/// (a coordinator id, or "contact"), a round and an expiry. Ids and enums only: no personal data travels in a URL.
/// </summary>
public sealed record SignedLink(string Subject, LinkPurpose Purpose, string Actor, int Round, DateTimeOffset ExpiresAt, string SubjectType = SignedLink.Registration)
{
    public const string Registration = "registration";
}

public enum LinkProblem
{
    None,
    Malformed,
    UnknownKey,
    BadSignature,
    WrongPurpose,
    Expired,
}

public sealed record LinkCheck(SignedLink? Link, LinkProblem Problem)
{
    public bool IsValid => Problem == LinkProblem.None;
}

/// <summary>The keys that sign links, by key id, so that keys can rotate: sign with the active one, accept all listed.</summary>
public sealed class LinkSigningOptions
{
    public const string Section = "Links";

    [System.ComponentModel.DataAnnotations.Required]
    public string ActiveKeyId { get; set; } = "";

    /// <summary>Key id to a base64 secret of at least 32 bytes.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    public bool IsValid(out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(ActiveKeyId) || !Keys.ContainsKey(ActiveKeyId))
        {
            error = "Links:ActiveKeyId must name one of Links:Keys.";
        }
        else if (Keys.Values.Any(k => !TryDecode(k, out var bytes) || bytes.Length < 32))
        {
            error = "Every Links:Keys value must be base64 of at least 32 bytes.";
        }
        return error is null;
    }

    internal static bool TryDecode(string value, out byte[] bytes)
    {
        bytes = new byte[value.Length];
        if (Convert.TryFromBase64String(value, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }
        return false;
    }
}

/// <summary>
/// HMAC-SHA256 signed tokens: base64url(claims) "." base64url(mac). Verification is constant-time and
/// tells apart a malformed, a tampered, an unknown-key and an expired link, so each gets its own page.
/// </summary>
public sealed class LinkSigner(IOptions<LinkSigningOptions> options, TimeProvider time)
{
    sealed record Claims(
        [property: JsonPropertyName("k")] string KeyId,
        [property: JsonPropertyName("s")] string Subject,
        [property: JsonPropertyName("p")] LinkPurpose Purpose,
        [property: JsonPropertyName("a")] string Actor,
        [property: JsonPropertyName("r")] int Round,
        [property: JsonPropertyName("e")] long ExpiresAt,
        [property: JsonPropertyName("t"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] string? SubjectType = null);

    public string Sign(SignedLink link)
    {
        var keyId = options.Value.ActiveKeyId;
        var claims = new Claims(keyId, link.Subject, link.Purpose, link.Actor, link.Round, link.ExpiresAt.ToUnixTimeSeconds(),
            link.SubjectType == SignedLink.Registration ? null : link.SubjectType);
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        return payload + "." + Base64Url.EncodeToString(Mac(Key(keyId)!, payload));
    }

    public LinkCheck Verify(string? token, LinkPurpose purpose)
    {
        var parts = (token ?? "").Split('.');
        if (parts.Length != 2 || parts[0].Length is 0 or > 1024 || !Base64Url.IsValid(parts[0]) || !Base64Url.IsValid(parts[1]))
        {
            return new LinkCheck(null, LinkProblem.Malformed);
        }
        Claims? claims;
        try
        {
            claims = JsonSerializer.Deserialize<Claims>(Base64Url.DecodeFromChars(parts[0]));
        }
        catch (JsonException)
        {
            return new LinkCheck(null, LinkProblem.Malformed);
        }
        if (claims is null || claims.Subject is null || claims.Actor is null || claims.KeyId is null)
        {
            return new LinkCheck(null, LinkProblem.Malformed);
        }
        var key = Key(claims.KeyId);
        if (key is null)
        {
            return new LinkCheck(null, LinkProblem.UnknownKey);
        }
        if (!CryptographicOperations.FixedTimeEquals(Mac(key, parts[0]), Base64Url.DecodeFromChars(parts[1])))
        {
            return new LinkCheck(null, LinkProblem.BadSignature);
        }
        var link = new SignedLink(claims.Subject, claims.Purpose, claims.Actor, claims.Round, DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt),
            claims.SubjectType ?? SignedLink.Registration);
        if (claims.Purpose != purpose)
        {
            return new LinkCheck(link, LinkProblem.WrongPurpose);
        }
        return time.GetUtcNow() >= link.ExpiresAt ? new LinkCheck(link, LinkProblem.Expired) : new LinkCheck(link, LinkProblem.None);
    }

    byte[]? Key(string keyId) =>
        options.Value.Keys.TryGetValue(keyId, out var secret) && LinkSigningOptions.TryDecode(secret, out var bytes) ? bytes : null;

    static byte[] Mac(byte[] key, string payload) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(payload));
}
