using Twilio.Clients;
using Twilio.Http;

namespace ServerlessKomunitas.WhatsApp;

/// <summary>
/// The real Twilio client on a pooled HttpClient. The SDK always addresses api.twilio.com; where
/// <see cref="WhatsAppOptions.ApiBaseUrl"/> is set (the local hosts), <see cref="TwilioAddress"/> sends the same
/// request to that endpoint instead, path and query unchanged.
/// </summary>
public sealed class TwilioClients(IHttpClientFactory clients, IOptions<WhatsAppOptions> options)
{
    public const string ClientName = "twilio";

    public ITwilioRestClient Create()
    {
        var o = options.Value;
        if (!o.IsConfigured)
        {
            throw new InvalidOperationException("WhatsApp is not configured (WhatsApp:AccountSid).");
        }
        return new TwilioRestClient(o.AccountSid, o.AuthToken, accountSid: o.AccountSid, httpClient: new SystemNetHttpClient(clients.CreateClient(ClientName)));
    }
}

/// <summary>Sends Twilio's requests to the configured endpoint (the dev service) instead of api.twilio.com.</summary>
public sealed class TwilioAddress(IOptions<WhatsAppOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.Value.ApiBaseUrl is { Length: > 0 } baseUrl && request.RequestUri is { } uri)
        {
            request.RequestUri = new Uri(new Uri(baseUrl), uri.PathAndQuery);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
