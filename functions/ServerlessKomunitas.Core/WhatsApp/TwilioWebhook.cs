using System.Text.RegularExpressions;
using Twilio.Security;

namespace ServerlessKomunitas.WhatsApp;

/// <summary>
/// <c>POST /api/webhooks/twilio</c>: Twilio's status callbacks for the messages the app sent, and the messages people
/// send to the app's number (see <see cref="InboundAsync"/>). The
/// <c>X-Twilio-Signature</c> is checked as Twilio computes it: HMAC-SHA1 with the auth token over the address Twilio
/// called (the site's public address, path and query, not the one the worker sees) and the sorted form fields, with
/// the Twilio client's own validator; a forged or unsigned call is refused. Each (MessageSid, status) pair is applied
/// once: a replay is answered 200 and changes nothing.
/// </summary>
public sealed partial class TwilioWebhook(WhatsAppLedger ledger, WhatsAppSender sender, WhatsAppFallbacks fallbacks, Preferences.PreferenceLinks preferences,
    IOptions<WhatsAppOptions> options, IOptions<SiteOptions> site, TimeProvider time, ILogger<TwilioWebhook> log)
{
    public const int MaxBodyBytes = 64 * 1024;
    public const string SignatureHeader = "X-Twilio-Signature";

    public sealed record Receipt(string MessageSid, string Status, bool Applied);

    public async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (!options.Value.IsConfigured)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "webhook-off", "The Twilio webhook is not configured.",
                "Webhook Twilio belum diatur: isi WhatsApp:AccountSid dan WhatsApp:AuthToken.");
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return Problems.TooLarge(MaxBodyBytes);
        }
        if (!request.HasFormContentType)
        {
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Twilio posts application/x-www-form-urlencoded.",
                "Isi permintaan harus berupa formulir (application/x-www-form-urlencoded) dari Twilio.");
        }
        var body = await RequestBody.ReadUpToAsync(request.Body, MaxBodyBytes + 1, cancellationToken);
        if (body.Length > MaxBodyBytes)
        {
            return Problems.TooLarge(MaxBodyBytes);
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
        {
            fields[name] = values.ToString();
        }
        var url = site.Value.PublicBaseUrl.TrimEnd('/') + request.Path + request.QueryString;
        if (!Verified(url, fields, request.Headers[SignatureHeader].ToString()))
        {
            return Problems.OfField(StatusCodes.Status403Forbidden, "webhook-unverified", "The webhook request is not verified.",
                "Tanda tangan X-Twilio-Signature tidak cocok dengan token autentikasi akun Twilio.", "signature");
        }

        var errors = new FieldErrors();
        var sid = fields.GetValueOrDefault("MessageSid");
        if (!fields.ContainsKey("MessageStatus") && fields.ContainsKey("Body"))
        {
            return await InboundAsync(sid, fields, cancellationToken);
        }
        var status = fields.GetValueOrDefault("MessageStatus");
        if (sid is null || !MessageSidPattern().IsMatch(sid))
        {
            errors.Add("MessageSid", "invalid", "MessageSid harus SID pesan Twilio (SM diikuti 32 digit heksadesimal).");
        }
        if (status is null || !Statuses.Contains(status))
        {
            errors.Add("MessageStatus", "invalid", $"MessageStatus harus salah satu dari: {string.Join(", ", Statuses)}.");
        }
        int? errorCode = int.TryParse(fields.GetValueOrDefault("ErrorCode"), out var code) ? code : null;
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }
        var (applied, failed) = await ledger.ApplyStatusAsync(sid!, status!, errorCode, cancellationToken);
        // A replay of a failure whose email did not go yet tries it again (the ledger says so), so a retried callback finishes it.
        await fallbacks.SendAsync(failed, cancellationToken);
        StatusReceived(log, sid!, status!, applied);
        return ApiResults.Ok(new Receipt(sid!, status!, applied));
    }

    bool Verified(string url, Dictionary<string, string> fields, string signature)
    {
        if (signature.Length == 0)
        {
            return false;
        }
        try
        {
            return new RequestValidator(options.Value.AuthToken).Validate(url, fields, signature);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or UriFormatException)
        {
            // The validator parses the address for its port variants; one it cannot parse was not signed by Twilio.
            return false;
        }
    }

    /// <summary>
    /// A person's own message: applied once by its SID. It opens the 24-hour window; STOP, BERHENTI or UNSUBSCRIBE switch
    /// WhatsApp off for the number at once, MULAI or START switch it back on, each with one confirmation; anything else
    /// gets a short answer with the preferences link of the person the number belongs to.
    /// </summary>
    async Task<IResult> InboundAsync(string? sid, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var from = fields.GetValueOrDefault("From") ?? "";
        if (sid is null || !MessageSidPattern().IsMatch(sid))
        {
            errors.Add("MessageSid", "invalid", "MessageSid harus SID pesan Twilio (SM diikuti 32 digit heksadesimal).");
        }
        if (!WhatsAppOptions.AddressPattern().IsMatch(from))
        {
            errors.Add("From", "invalid", "From harus nomor WhatsApp (whatsapp:+62...).");
        }
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }
        if (!await ledger.ClaimInboundAsync(sid!, cancellationToken))
        {
            return ApiResults.Ok(new Receipt(sid!, "received", false));
        }
        var number = from["whatsapp:".Length..];
        var addressKey = WhatsAppLedger.AddressKeyOf(number);
        var now = time.GetUtcNow();
        var word = (fields.GetValueOrDefault("Body") ?? "").Trim().ToUpperInvariant();
        var known = await ledger.NumberAsync(addressKey, cancellationToken);
        string answer;
        if (StopWords.Contains(word))
        {
            await ledger.UpdateNumberAsync(addressKey, new Dictionary<string, object?> { ["Stopped"] = true, ["StoppedAt"] = now, ["LastInboundAt"] = now },
                cancellationToken);
            answer = "Anda tidak akan menerima pesan WhatsApp lagi dari Jaringan Komunitas Kreatif. Balas MULAI untuk mengaktifkannya kembali.";
        }
        else if (StartWords.Contains(word))
        {
            await ledger.UpdateNumberAsync(addressKey, new Dictionary<string, object?> { ["Stopped"] = false, ["LastInboundAt"] = now }, cancellationToken);
            answer = "Pesan WhatsApp dari Jaringan Komunitas Kreatif aktif kembali. Balas BERHENTI untuk berhenti.";
        }
        else
        {
            await ledger.UpdateNumberAsync(addressKey, new Dictionary<string, object?> { ["LastInboundAt"] = now }, cancellationToken);
            answer = known.PersonKey is { } person
                ? $"Terima kasih. Pesan ke nomor ini tidak dibaca petugas. Atur pemberitahuan Anda di sini: {preferences.Page(person)}"
                : "Terima kasih. Pesan ke nomor ini tidak dibaca petugas. Atur pemberitahuan Anda lewat tautan di email kami.";
        }
        await sender.ReplyOnceAsync(number, sid!, answer, cancellationToken);
        InboundReceived(log, sid!, StopWords.Contains(word) ? "stop" : StartWords.Contains(word) ? "start" : "other");
        return ApiResults.Ok(new Receipt(sid!, "received", true));
    }

    static readonly HashSet<string> StopWords = ["STOP", "BERHENTI", "UNSUBSCRIBE"];
    static readonly HashSet<string> StartWords = ["MULAI", "START"];


    [LoggerMessage(Level = LogLevel.Information, Message = "Twilio inbound {MessageSid}: {Kind}")]
    static partial void InboundReceived(ILogger log, string messageSid, string kind);

    /// <summary>The statuses Twilio reports for an outbound message.</summary>
    public static readonly IReadOnlyList<string> Statuses =
        ["accepted", "scheduled", "queued", "sending", "sent", "delivered", "read", "undelivered", "failed", "canceled"];

    [GeneratedRegex("^SM[0-9a-f]{32}$")]
    private static partial Regex MessageSidPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Twilio status {Status} for {MessageSid}: applied {Applied}")]
    static partial void StatusReceived(ILogger log, string messageSid, string status, bool applied);
}
