using System.ComponentModel.DataAnnotations;

namespace ServerlessKomunitas.Notifications;

/// <summary>How email leaves the app. In Azure the key comes from Key Vault; locally it is the local endpoint's key.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    [Required, EmailAddress]
    public string From { get; set; } = "";

    public string FromName { get; set; } = "Jaringan Komunitas Kreatif";

    [Required]
    public string SendGridApiKey { get; set; } = "";

    /// <summary>Empty for SendGrid itself; the local host points it at its own SendGrid-compatible endpoint.</summary>
    public string? SendGridHost { get; set; }

    /// <summary>Retries of a bulk request that SendGrid throttled (429) or failed (5xx).</summary>
    [Range(0, 10)]
    public int BulkRetries { get; set; } = 5;

    /// <summary>The first pause before a bulk retry, doubled each time, unless SendGrid says when its limit resets.</summary>
    public TimeSpan BulkRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>SendGrid's Event Webhook verification key (base64 of the ECDSA P-256 public key); empty turns the webhook off.</summary>
    public string? WebhookPublicKey { get; set; }

    /// <summary>How far a webhook's signed timestamp may be from now before the request is refused as stale.</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The public address of the app, for links in emails (no trailing slash).</summary>
public sealed class SiteOptions
{
    /// <summary>Bound from the top level of the configuration.</summary>
    public const string Section = "";

    [Required, Url]
    public string PublicBaseUrl { get; set; } = "";

    public string Link(string path) => PublicBaseUrl.TrimEnd('/') + path;
}
