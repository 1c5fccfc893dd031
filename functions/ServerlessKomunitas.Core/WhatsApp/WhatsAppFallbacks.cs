using System.Globalization;

namespace ServerlessKomunitas.WhatsApp;

/// <summary>
/// What a failed message's email is about, as its ledger row names it after the kind: two ids and a number (a
/// record's id, a role or a start time, a round or a sequence), never personal data.
/// </summary>
public sealed record FallbackReference(string First, string Second, int Number)
{
    /// <summary>"kind:first:second:number", as <see cref="WhatsAppSender.SendOnceAsync"/> takes it.</summary>
    public string For(string kind) => string.Join(':', kind, First, Second, Number.ToString(CultureInfo.InvariantCulture));

    public static FallbackReference? Parse(string text) =>
        text.Split(':') is [var first, var second, var number] && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? new FallbackReference(first, second, n)
            : null;

    /// <summary><see cref="Second"/> read as a time in Unix seconds, where the reference carries one (an event's start).</summary>
    public DateTimeOffset? SecondAsTime =>
        long.TryParse(Second, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    public static string TimeOf(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The email a kind of WhatsApp message falls back to when it ends failed or undelivered. A module that sends on
/// WhatsApp registers one per kind. The send must be idempotent (the email ledger's key), and a fallback must not
/// depend on the sender, which needs every fallback.
/// </summary>
public interface IWhatsAppFallback
{
    string Kind { get; }

    Task SendAsync(string personKey, FallbackReference reference, CancellationToken cancellationToken);
}

/// <summary>
/// Sends, once, the email a failed WhatsApp message names: claimed first (one caller at a time), then sent through the
/// email ledger, then the message marked so that nothing asks again. The gap: a crash between the claim and the send
/// leaves the email to a replay of the message's failure callback after the claim's lease.
/// </summary>
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
        if (!await ledger.ClaimFallbackAsync(failed, cancellationToken))
        {
            return;
        }
        if (FallbackReference.Parse(colon < 0 ? "" : failed.Fallback[(colon + 1)..]) is not { } reference)
        {
            UnknownFallback(log, kind);
            return;
        }
        try
        {
            await fallback.SendAsync(failed.PersonKey, reference, cancellationToken);
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or TimeoutException)
        {
            // The status is recorded; the message stays without its email, and a replay of its callback after the claim's lease tries again.
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
