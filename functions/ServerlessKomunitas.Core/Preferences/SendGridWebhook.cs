using System.Security.Cryptography;

namespace ServerlessKomunitas.Preferences;

/// <summary>
/// SendGrid's Event Webhook. The ECDSA signature over the timestamp and the raw body is verified with SendGrid's
/// public key, a stale timestamp is refused, and each event is applied once (by <c>sg_event_id</c>). A bounce, a
/// drop or a spam report suppresses the address.
/// </summary>
public sealed partial class SendGridWebhook(KomunitasTables tables, Suppressions suppressions, IOptions<EmailOptions> options, TimeProvider time, ILogger<SendGridWebhook> log)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "WebhookEvents";

    TableClient Table => tables.Client(TableName);

    public const int MaxBodyBytes = 1024 * 1024;
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";
    static readonly HashSet<string> Suppressing = ["bounce", "dropped", "spamreport"];

    public sealed record Receipt(int Events, int Applied, int Duplicates, int Suppressed);

    public async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        if (string.IsNullOrWhiteSpace(options.Value.WebhookPublicKey))
        {
            return Problems.Of(StatusCodes.Status404NotFound, "webhook-off", "The SendGrid webhook is not configured.", "Webhook SendGrid belum diatur: isi Email:WebhookPublicKey dengan kunci verifikasi dari SendGrid.");
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return Problems.TooLarge(MaxBodyBytes);
        }
        // At most one byte past the limit is read: a body without Content-Length is refused before it is read whole.
        var body = await RequestBody.ReadUpToAsync(request.Body, MaxBodyBytes + 1, request.HttpContext.RequestAborted);
        if (body.Length > MaxBodyBytes)
        {
            return Problems.TooLarge(MaxBodyBytes);
        }
        var timestamp = request.Headers[TimestampHeader].ToString();
        if (!Verify(timestamp, body, request.Headers[SignatureHeader].ToString()))
        {
            return Refused("signature", "The signature does not verify with SendGrid's key.");
        }
        if (!long.TryParse(timestamp, out var seconds) || (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > options.Value.WebhookTolerance)
        {
            return Refused("timestamp", "The signed timestamp is too old or in the future.");
        }

        JsonDocument events;
        try
        {
            events = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Problems.MalformedJson();
        }
        using (events)
        {
            if (events.RootElement.ValueKind != JsonValueKind.Array)
            {
                return Problems.Validation(new FieldErrors().Add("body", "not-an-array", "Isi permintaan harus berupa daftar peristiwa (array JSON) dari SendGrid."));
            }
            int count = 0, applied = 0, duplicates = 0, suppressed = 0;
            foreach (var e in events.RootElement.EnumerateArray())
            {
                count++;
                var id = Text(e, "sg_event_id");
                var kind = Text(e, "event");
                var email = Text(e, "email");
                if (id is null || kind is null)
                {
                    continue;
                }
                var row = new TableEntity(RecordId.FromSeed("sendgrid\n" + id), "event") { ["Event"] = kind };
                if ((await Table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: request.HttpContext.RequestAborted)).HasValue)
                {
                    duplicates++;
                    continue;
                }
                if (Suppressing.Contains(kind) && email is not null)
                {
                    // Applied before it is recorded: a crash in between applies it again, which changes nothing.
                    await suppressions.SuppressAsync(email, kind, time.GetUtcNow(), request.HttpContext.RequestAborted);
                    suppressed++;
                }
                try
                {
                    await Table.AddEntityAsync(row, request.HttpContext.RequestAborted);
                    applied++;
                }
                catch (RequestFailedException ex) when (ex.IsConflict())
                {
                    duplicates++;
                }
            }
            Received(log, count, applied, duplicates, suppressed);
            return ApiResults.Ok(new Receipt(count, applied, duplicates, suppressed));
        }
    }

    bool Verify(string timestamp, byte[] body, string signature)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(options.Value.WebhookPublicKey!), out _);
            var signed = Encoding.UTF8.GetBytes(timestamp).Concat(body).ToArray();
            return key.VerifyData(signed, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (FormatException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    static IResult Refused(string field, string message) =>
        Problems.OfField(StatusCodes.Status401Unauthorized, "webhook-unverified", "The webhook request is not verified.", message, field);

    static string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "SendGrid webhook: {Events} events, {Applied} applied, {Duplicates} duplicates, {Suppressed} suppressions")]
    static partial void Received(ILogger log, int events, int applied, int duplicates, int suppressed);
}
