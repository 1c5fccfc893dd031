using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace ServerlessKomunitas.WhatsApp;

/// <summary>
/// Sends one template message once: the ledger claims it under its key first, then the real Twilio client sends it
/// through the Messaging Service, with the webhook as its status callback. A retry with the same key sends nothing,
/// and nothing goes to a number that replied STOP (the outcome says so, for the caller to send another way).
/// Twilio's 429 and 5xx are retried with backoff in the HTTP pipeline (<see cref="WhatsAppFeature"/>); another refusal
/// is recorded with Twilio's code. The one gap, as for email: a crash after Twilio accepted and before the ledger
/// recorded the SID sends the message again on retry.
/// </summary>
public sealed class WhatsAppSender(TwilioClients clients, WhatsAppLedger ledger, WhatsAppFallbacks fallbacks, IOptions<WhatsAppOptions> options,
    IOptions<SiteOptions> site, TimeProvider time)
{
    /// <param name="number">E.164 ("+6281234567890").</param>
    /// <param name="fallback">
    /// The email to send instead if the message ends failed or undelivered ("kind:reference", see <see cref="WhatsAppFallbacks"/>);
    /// null when the person gets the email anyway.
    /// </param>
    public async Task<WhatsAppOutcome> SendOnceAsync(string personKey, string key, string number, WhatsAppTemplate template,
        IReadOnlyDictionary<string, string> values, string? fallback = null, CancellationToken cancellationToken = default)
    {
        var (row, claimed) = await ledger.ClaimAsync(personKey, key, template.Name, number, fallback, cancellationToken);
        if (!claimed && row.GetString("MessageSid") is not null)
        {
            return WhatsAppOutcome.AlreadySent;
        }
        if (!claimed && row.GetString("Status") is "refused" or "stopped")
        {
            return row.GetString("Status") == "refused" ? WhatsAppOutcome.Refused : WhatsAppOutcome.Stopped;
        }
        var addressKey = WhatsAppLedger.AddressKeyOf(number);
        if ((await ledger.NumberAsync(addressKey, cancellationToken)).Stopped)
        {
            await ledger.StoppedAsync(row, cancellationToken);
            return WhatsAppOutcome.Stopped;
        }
        // The number's last recipient: whose preferences link answers a reply from it.
        await ledger.UpdateNumberAsync(addressKey, new Dictionary<string, object?> { ["PersonKey"] = personKey }, cancellationToken);
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
            // A failure Twilio reported before the SID was kept is applied here, and its fallback sent here.
            await fallbacks.SendAsync(await ledger.AcceptedAsync(row, message.Sid, message.Status?.ToString() ?? "queued", cancellationToken), cancellationToken);
            return WhatsAppOutcome.Sent;
        }
        catch (ApiException refused) when (refused.Status is >= 400 and < 500 and not 429)
        {
            await ledger.RefusedAsync(row, refused.Code, cancellationToken);
            return WhatsAppOutcome.Refused;
        }
    }

    /// <summary>
    /// Free text in answer to the person's own message <paramref name="inboundSid"/>, once. WhatsApp takes free text only
    /// inside the 24-hour window that message opened, so outside it the send is never attempted (Twilio would refuse it
    /// with 63016).
    /// </summary>
    public async Task<WhatsAppOutcome> ReplyOnceAsync(string number, string inboundSid, string text, CancellationToken cancellationToken = default)
    {
        var addressKey = WhatsAppLedger.AddressKeyOf(number);
        var known = await ledger.NumberAsync(addressKey, cancellationToken);
        if (known.LastInboundAt is not { } last || time.GetUtcNow() - last >= ServiceWindow)
        {
            return WhatsAppOutcome.OutsideWindow;
        }
        if (!await ledger.ClaimReplyAsync(addressKey, inboundSid, cancellationToken))
        {
            return WhatsAppOutcome.AlreadySent;
        }
        await MessageResource.CreateAsync(new CreateMessageOptions(new PhoneNumber("whatsapp:" + number))
        {
            MessagingServiceSid = options.Value.MessagingServiceSid,
            Body = text,
        }, clients.Create());
        return WhatsAppOutcome.Sent;
    }

    /// <summary>WhatsApp's customer-service window: free text is allowed for 24 hours after the person's last message.</summary>
    public static readonly TimeSpan ServiceWindow = TimeSpan.FromHours(24);
}
