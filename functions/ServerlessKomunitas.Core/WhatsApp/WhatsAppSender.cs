using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace ServerlessKomunitas.WhatsApp;

/// <summary>
/// Sends one template message once: the ledger claims it under its key first, then the real Twilio client sends it
/// through the Messaging Service, with the webhook as its status callback. A retry with the same key sends nothing.
/// Twilio's 429 and 5xx are retried with backoff in the HTTP pipeline (<see cref="WhatsAppFeature"/>); another refusal
/// is recorded with Twilio's code. The one gap, as for email: a crash after Twilio accepted and before the ledger
/// recorded the SID sends the message again on retry.
/// </summary>
public sealed class WhatsAppSender(TwilioClients clients, WhatsAppLedger ledger, IOptions<WhatsAppOptions> options, IOptions<SiteOptions> site)
{
    /// <param name="number">E.164 ("+6281234567890").</param>
    public async Task<WhatsAppOutcome> SendOnceAsync(string personKey, string key, string number, WhatsAppTemplate template, IReadOnlyDictionary<string, string> values,
        CancellationToken cancellationToken = default)
    {
        var (row, claimed) = await ledger.ClaimAsync(personKey, key, template.Name, number, cancellationToken);
        if (!claimed && row.GetString("MessageSid") is not null)
        {
            return WhatsAppOutcome.AlreadySent;
        }
        if (!claimed && row.GetString("Status") == "refused")
        {
            return WhatsAppOutcome.Refused;
        }
        var o = options.Value;
        try
        {
            var message = await MessageResource.CreateAsync(new CreateMessageOptions(new PhoneNumber("whatsapp:" + number))
            {
                MessagingServiceSid = o.MessagingServiceSid,
                ContentSid = o.ContentSids[template.Name],
                ContentVariables = JsonSerializer.Serialize(values),
                StatusCallback = new Uri(site.Value.Link(ApiRoutes.TwilioEvents.Path)),
            }, clients.Create());
            await ledger.AcceptedAsync(row, message.Sid, message.Status?.ToString() ?? "queued", cancellationToken);
            return WhatsAppOutcome.Sent;
        }
        catch (ApiException refused) when (refused.Status is >= 400 and < 500 and not 429)
        {
            await ledger.RefusedAsync(row, refused.Code, cancellationToken);
            return WhatsAppOutcome.Refused;
        }
    }
}
