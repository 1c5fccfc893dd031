using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ServerlessKomunitas.Links;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Storage;

namespace ServerlessKomunitas.Local.Hosting;

/// <summary>
/// Settings that make the local host work with nothing configured: storage is Azurite, email goes to the
/// host's own SendGrid-compatible endpoint, and links point at the host. Configured values win.
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

    static string Or(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
