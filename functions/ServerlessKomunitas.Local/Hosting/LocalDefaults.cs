using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ServerlessKomunitas.Links;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Local.Hosting;

/// <summary>
/// Settings that make the local host work with nothing configured: storage is Azurite, email goes to the
/// host's own SendGrid-compatible endpoint, WhatsApp to its Twilio-compatible one, and links point at the host.
/// Configured values win.
/// </summary>
public static class LocalDefaults
{
    public const string SendGridApiKey = "local-sendgrid-key";

    public const string EmailFrom = "noreply@komunitas.example.org";

    /// <summary>A fixed key, so that links in the local mailbox survive a restart. Never used outside this host.</summary>
    public const string LinkKeyId = "local";
    public static readonly string LinkKey = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("ServerlessKomunitas local development links")));

    public static IServiceCollection AddLocalDefaults(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().PostConfigure(storage =>
        {
            if (!storage.IsConfigured)
            {
                storage.ConnectionString = "UseDevelopmentStorage=true";
            }
        });
        services.AddOptions<EmailOptions>().PostConfigure<IOptions<LocalHostOptions>>((email, local) =>
        {
            email.From = Or(email.From, EmailFrom);
            email.SendGridApiKey = Or(email.SendGridApiKey, SendGridApiKey);
            email.SendGridHost = Or(email.SendGridHost, $"http://127.0.0.1:{local.Value.HttpPort}");
        });
        services.AddOptions<WhatsAppOptions>().PostConfigure<IOptions<LocalHostOptions>>((whatsApp, local) =>
            UseLocalTwilio(whatsApp, $"http://127.0.0.1:{local.Value.HttpPort}"));
        services.AddOptions<LinkSigningOptions>().PostConfigure(links =>
        {
            if (links.Keys.Count == 0)
            {
                links.Keys[LinkKeyId] = LinkKey;
                links.ActiveKeyId = LinkKeyId;
            }
        });
        services.AddOptions<SiteOptions>().PostConfigure<IOptions<LocalHostOptions>>((site, local) =>
            site.PublicBaseUrl = Or(site.PublicBaseUrl, $"http://localhost:{local.Value.HttpPort}"));
        return services;
    }

    /// <summary>
    /// The local Twilio account: well-formed SIDs derived from fixed words, the token the dev service checks and signs
    /// its callbacks with, and a Content SID per template. Never used outside the local hosts.
    /// </summary>
    public static readonly string TwilioAccountSid = "AC" + Hex("ServerlessKomunitas local Twilio account");
    public const string TwilioAuthToken = "local-twilio-token";
    public static readonly string TwilioMessagingServiceSid = "MG" + Hex("ServerlessKomunitas local Messaging Service");

    public static string ContentSidOf(string template) => "HX" + Hex("ServerlessKomunitas local template " + template);

    static string Hex(string words) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(words)))[..32];

    /// <summary>The WhatsApp settings of the local account, sending to the dev service at <paramref name="devService"/>.</summary>
    public static void UseLocalTwilio(WhatsAppOptions whatsApp, string devService)
    {
        if (whatsApp.IsConfigured)
        {
            return;
        }
        whatsApp.AccountSid = TwilioAccountSid;
        whatsApp.AuthToken = TwilioAuthToken;
        whatsApp.MessagingServiceSid = TwilioMessagingServiceSid;
        whatsApp.ApiBaseUrl = Or(whatsApp.ApiBaseUrl, devService);
        foreach (var template in WhatsAppTemplates.All)
        {
            whatsApp.ContentSids[template.Name] = ContentSidOf(template.Name);
        }
    }

    static string Or(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
