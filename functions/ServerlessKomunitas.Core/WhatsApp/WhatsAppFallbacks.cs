namespace ServerlessKomunitas.WhatsApp;

/// <summary>
/// The email a kind of WhatsApp message falls back to when it ends failed or undelivered. A module that sends on
/// WhatsApp registers one per kind; the message's ledger row names it as "kind:reference", never with personal data.
/// The send must be idempotent (the email ledger's key), since a replayed callback may ask again.
/// </summary>
public interface IWhatsAppFallback
{
    string Kind { get; }

    Task SendAsync(string personKey, string reference, CancellationToken cancellationToken);
}

/// <summary>Sends, once, the email a failed WhatsApp message names, and marks the message so that nothing asks again.</summary>
public sealed partial class WhatsAppFallbacks(IEnumerable<IWhatsAppFallback> fallbacks, WhatsAppLedger ledger, ILogger<WhatsAppFallbacks> log)
{
    public async Task SendAsync(FailedMessage? failed, CancellationToken cancellationToken)
    {
        if (failed is null)
        {
            return;
        }
        var colon = failed.Fallback.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? failed.Fallback : failed.Fallback[..colon];
        if (fallbacks.FirstOrDefault(f => f.Kind == kind) is not { } fallback)
        {
            UnknownFallback(log, kind);
            return;
        }
        try
        {
            await fallback.SendAsync(failed.PersonKey, colon < 0 ? "" : failed.Fallback[(colon + 1)..], cancellationToken);
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or TimeoutException)
        {
            // The status is recorded; the message stays without its email, and a replay of its callback tries again.
            FallbackFailed(log, kind, e.Message);
            return;
        }
        await ledger.FellBackAsync(failed, cancellationToken);
        FellBack(log, kind);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WhatsApp message of kind {Kind} failed: its email went instead")]
    static partial void FellBack(ILogger log, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "WhatsApp message of kind {Kind} failed, and no fallback is registered for the kind")]
    static partial void UnknownFallback(ILogger log, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "WhatsApp message of kind {Kind} failed, and its email could not be sent: {Reason}")]
    static partial void FallbackFailed(ILogger log, string kind, string reason);
}
