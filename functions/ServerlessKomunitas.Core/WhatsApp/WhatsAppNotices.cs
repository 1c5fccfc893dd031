namespace ServerlessKomunitas.WhatsApp;

/// <summary>What became of a notice: whether its email must go, and whether it went on WhatsApp (now or before).</summary>
public sealed record NoticeSent(bool Email, bool WhatsApp);

/// <summary>
/// One notice on WhatsApp, for a person who wants its kind there (<see cref="WhatsAppChannels"/>): sent once under the
/// notice's own key, and answered with whether its email must go too. The email goes when they want both, have no
/// WhatsApp, or the message could not go (the number replied BERHENTI, or Twilio refused it); when they chose WhatsApp
/// only, the message names <paramref name="fallback"/>, the email to send should it end failed or undelivered.
/// </summary>
public sealed class WhatsAppNotices(WhatsAppChannels channels, WhatsAppSender sender)
{
    /// <param name="key">The notice's own key, the same on every retry (its email's ledger key serves).</param>
    /// <param name="fallback">"kind:reference" for the module's <see cref="IWhatsAppFallback"/>.</param>
    public async Task<NoticeSent> SendAsync(string personKey, WhatsAppKind kind, string key, WhatsAppTemplate template, IReadOnlyDictionary<string, string> values,
        string fallback, CancellationToken cancellationToken = default)
    {
        var route = await channels.RouteAsync(personKey, kind, cancellationToken);
        if (route.WhatsAppNumber is not { } number)
        {
            return new NoticeSent(true, false);
        }
        var outcome = await sender.SendOnceAsync(personKey, key, number, template, values, route.Email ? null : fallback, cancellationToken);
        var went = outcome is WhatsAppOutcome.Sent or WhatsAppOutcome.AlreadySent;
        return new NoticeSent(route.Email || !went, went);
    }
}
