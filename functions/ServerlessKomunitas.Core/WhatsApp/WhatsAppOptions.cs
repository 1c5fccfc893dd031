using System.Text.RegularExpressions;

namespace ServerlessKomunitas.WhatsApp;

/// <summary>
/// The Twilio account WhatsApp messages go through: its SID and auth token, the Messaging Service that sends them, and
/// each template's Content SID by template name (<see cref="WhatsAppTemplates"/>). Unset, the channel is off.
/// </summary>
public sealed partial class WhatsAppOptions
{
    public const string Section = "WhatsApp";

    public string? AccountSid { get; set; }

    public string? AuthToken { get; set; }

    public string? MessagingServiceSid { get; set; }

    /// <summary>Empty for Twilio itself; the local hosts point it at the dev service's Twilio-compatible endpoint.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Template name to its Content SID ("HX" and 32 hex digits), as Twilio's Content Template Builder gives it.</summary>
    public Dictionary<string, string> ContentSids { get; set; } = new(StringComparer.Ordinal);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AccountSid);

    /// <summary>Off, or complete: an account, its token, a Messaging Service, and a well-formed Content SID for every template.</summary>
    public bool IsValid => !IsConfigured || (AccountSidPattern().IsMatch(AccountSid!) && !string.IsNullOrWhiteSpace(AuthToken)
        && MessagingServiceSidPattern().IsMatch(MessagingServiceSid ?? "")
        && WhatsAppTemplates.All.All(t => ContentSids.TryGetValue(t.Name, out var sid) && ContentSidPattern().IsMatch(sid))
        && (string.IsNullOrEmpty(ApiBaseUrl) || Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out _)));

    [GeneratedRegex("^AC[0-9a-f]{32}$")]
    public static partial Regex AccountSidPattern();

    [GeneratedRegex("^MG[0-9a-f]{32}$")]
    public static partial Regex MessagingServiceSidPattern();

    [GeneratedRegex("^HX[0-9a-fA-F]{32}$")]
    public static partial Regex ContentSidPattern();

    /// <summary>WhatsApp's address form in Twilio: "whatsapp:" and an E.164 number.</summary>
    [GeneratedRegex(@"^whatsapp:\+[1-9][0-9]{7,14}$")]
    public static partial Regex AddressPattern();
}
