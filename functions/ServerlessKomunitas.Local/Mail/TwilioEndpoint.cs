using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Local.Mail;

/// <summary>
/// A Twilio-compatible Messages API for WhatsApp, as the real Twilio client calls it:
/// <c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c> (form fields) and <c>DELETE .../Messages/{Sid}.json</c>,
/// with HTTP basic auth by account SID and auth token. It answers as Twilio does: 201 with the message resource, or the
/// status and error code Twilio gives for a bad login (20003), a missing or malformed recipient (21604, 21211), a
/// missing sender (21603), an unknown template (21655), template values that do not fit (21656), free text outside
/// the 24-hour window (63016) and an unknown message (20404). Accepted messages land in the <see cref="WhatsAppBox"/>,
/// and their statuses go to the message's StatusCallback, signed with the auth token as Twilio signs them.
/// </summary>
public static partial class TwilioEndpoint
{
    public const string MessagesPath = "/2010-04-01/Accounts/{accountSid}/Messages.json";
    public const string MessagePath = "/2010-04-01/Accounts/{accountSid}/Messages/{sid}.json";

    public static async Task<IResult> CreateAsync(HttpRequest request, string accountSid, WhatsAppBox box, IOptions<WhatsAppOptions> options, TimeProvider time,
        ILoggerFactory logs)
    {
        if (Unauthorized(request, accountSid, options.Value) is { } refused)
        {
            return refused;
        }
        if (!request.HasFormContentType)
        {
            return Error(StatusCodes.Status400BadRequest, 21604, "A 'To' phone number is required.");
        }
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var to = form["To"].ToString();
        if (to.Length == 0)
        {
            return Error(StatusCodes.Status400BadRequest, 21604, "A 'To' phone number is required.");
        }
        if (!WhatsAppOptions.AddressPattern().IsMatch(to))
        {
            return Error(StatusCodes.Status400BadRequest, 21211, $"The 'To' number {to} is not a valid phone number.");
        }
        var service = form["MessagingServiceSid"].ToString();
        var from = form["From"].ToString();
        if (service != options.Value.MessagingServiceSid && from.Length == 0)
        {
            return Error(StatusCodes.Status400BadRequest, 21603, "The 'From' phone number or a Messaging Service SID is required.");
        }

        string text;
        var contentSid = form["ContentSid"].ToString();
        if (contentSid.Length > 0)
        {
            if (WhatsAppTemplates.All.FirstOrDefault(t => options.Value.ContentSids.GetValueOrDefault(t.Name) == contentSid) is not { } template)
            {
                return Error(StatusCodes.Status400BadRequest, 21655, "The Content SID is Invalid.");
            }
            if (Values(form["ContentVariables"].ToString(), template) is not { } values)
            {
                return Error(StatusCodes.Status400BadRequest, 21656, "The Content Variables parameter is invalid.");
            }
            text = template.Render(values);
        }
        else
        {
            // Free text is a reply: WhatsApp takes it only inside the window the person's own message opened.
            text = form["Body"].ToString();
            if (text.Length == 0)
            {
                return Error(StatusCodes.Status400BadRequest, 21602, "Message body is required.");
            }
            if (!box.WindowOpen(to))
            {
                return Error(StatusCodes.Status400BadRequest, 63016,
                    "Failed to send freeform message because you are outside the allowed window. If you want to send messages outside the allowed window, please use a Message Template.");
            }
        }

        var now = time.GetUtcNow();
        var message = new WhatsAppMessage(NewSid(), "outbound-api", to,
            from.Length > 0 ? from : ServiceNumber, text, contentSid.Length > 0 ? contentSid : null, "queued", now);
        box.Add(message);
        if (Uri.TryCreate(form["StatusCallback"].ToString(), UriKind.Absolute, out var callback))
        {
            // As Twilio does, after answering: the message's progress, each status a signed callback of its own.
            _ = ReportAsync(callback, message, accountSid, options.Value.AuthToken!, box, logs.CreateLogger(nameof(TwilioEndpoint)));
        }
        return Results.Json(Resource(message, accountSid, service), statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// The statuses a message goes through: sent, then delivered; a number ending in 0000 is one WhatsApp cannot reach,
    /// and its message ends failed with error 63024 (invalid recipient), as a test number documented in the README.
    /// </summary>
    static async Task ReportAsync(Uri callback, WhatsAppMessage message, string accountSid, string authToken, WhatsAppBox box, ILogger log)
    {
        string[] statuses = message.To.EndsWith("0000", StringComparison.Ordinal) ? ["sent", "failed"] : ["sent", "delivered"];
        foreach (var status in statuses)
        {
            var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["AccountSid"] = accountSid,
                ["ApiVersion"] = "2010-04-01",
                ["From"] = message.From,
                ["MessageSid"] = message.Sid,
                ["MessageStatus"] = status,
                ["SmsSid"] = message.Sid,
                ["SmsStatus"] = status,
                ["To"] = message.To,
            };
            if (status == "failed")
            {
                fields["ErrorCode"] = "63024";
            }
            box.SetStatus(message.Sid, status);
            using var request = new HttpRequestMessage(HttpMethod.Post, callback) { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Add("X-Twilio-Signature", Sign(authToken, callback.ToString(), fields));
            try
            {
                using var response = await Callbacks.SendAsync(request);
                CallbackSent(log, status, message.Sid, (int)response.StatusCode);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                CallbackFailed(log, status, message.Sid, e.Message);
            }
        }
    }

    static readonly HttpClient Callbacks = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// <c>POST /dev/whatsapp/reply</c> (form fields <c>from</c>, an E.164 number, and <c>body</c>): a person's message to the
    /// app's number, as WhatsApp hands it to Twilio. It lands in the view, and goes to the app's inbound webhook
    /// (<see cref="DevTwilioOptions.InboundUrl"/>) signed as Twilio signs it. A browser returns to the view.
    /// </summary>
    public static async Task<IResult> ReplyAsync(HttpRequest request, WhatsAppBox box, IOptions<WhatsAppOptions> options, IOptions<DevTwilioOptions> dev,
        TimeProvider time)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : null;
        var number = form?["from"].ToString().Trim() ?? "";
        var text = form?["body"].ToString() ?? "";
        var from = number.StartsWith("whatsapp:", StringComparison.Ordinal) ? number : "whatsapp:" + number;
        if (!WhatsAppOptions.AddressPattern().IsMatch(from) || text.Length is 0 or > 1600 || string.IsNullOrEmpty(dev.Value.InboundUrl))
        {
            return Results.BadRequest("from: an E.164 number (+62...); body: 1 to 1,600 characters.");
        }
        var message = new WhatsAppMessage(NewSid(), "inbound", ServiceNumber, from, text, null, "received", time.GetUtcNow());
        box.Add(message);
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccountSid"] = options.Value.AccountSid!,
            ["ApiVersion"] = "2010-04-01",
            ["Body"] = text,
            ["From"] = from,
            ["MessageSid"] = message.Sid,
            ["NumMedia"] = "0",
            ["SmsMessageSid"] = message.Sid,
            ["SmsSid"] = message.Sid,
            ["SmsStatus"] = "received",
            ["To"] = ServiceNumber,
        };
        using var webhook = new HttpRequestMessage(HttpMethod.Post, dev.Value.InboundUrl) { Content = new FormUrlEncodedContent(fields) };
        webhook.Headers.Add("X-Twilio-Signature", Sign(options.Value.AuthToken!, dev.Value.InboundUrl, fields));
        using var answer = await Callbacks.SendAsync(webhook, request.HttpContext.RequestAborted);
        return request.HasFormContentType && request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal)
            ? Results.Redirect("/dev/whatsapp", permanent: false)
            : Results.Json(new { sid = message.Sid, webhookStatus = (int)answer.StatusCode });
    }

    static string NewSid() => "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The app's WhatsApp number, as the Messaging Service sends from it.</summary>
    public const string ServiceNumber = "whatsapp:+62000000000";

    /// <summary>Twilio's request signature: HMAC-SHA1 with the auth token over the URL and each form field's name and value, sorted by name.</summary>
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var signed = new StringBuilder(url);
        foreach (var (name, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            signed.Append(name).Append(value);
        }
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(signed.ToString())));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Twilio callback {Status} for {MessageSid}: {StatusCode}")]
    static partial void CallbackSent(ILogger log, string status, string messageSid, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twilio callback {Status} for {MessageSid} failed: {Reason}")]
    static partial void CallbackFailed(ILogger log, string status, string messageSid, string reason);

    public static IResult Delete(HttpRequest request, string accountSid, string sid, WhatsAppBox box, IOptions<WhatsAppOptions> options) =>
        Unauthorized(request, accountSid, options.Value) ?? (box.Delete(sid)
            ? Results.NoContent()
            : Error(StatusCodes.Status404NotFound, 20404, $"The requested resource /2010-04-01/Accounts/{accountSid}/Messages/{sid}.json was not found"));

    /// <summary>Basic auth by account SID and token, for the account in the path, as Twilio checks it.</summary>
    static IResult? Unauthorized(HttpRequest request, string accountSid, WhatsAppOptions options)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AccountSid}:{options.AuthToken}"));
        return request.Headers.Authorization.ToString() == expected && accountSid == options.AccountSid
            ? null
            : Error(StatusCodes.Status401Unauthorized, 20003, "Authenticate");
    }

    /// <summary>The template's values from ContentVariables: a JSON object with a non-empty string for each of its variables.</summary>
    static Dictionary<string, string>? Values(string json, WhatsAppTemplate template)
    {
        try
        {
            var values = JsonSerializer.Deserialize<Dictionary<string, string>>(json.Length == 0 ? "{}" : json);
            var wanted = Enumerable.Range(1, template.Variables.Count).Select(n => n.ToString(CultureInfo.InvariantCulture));
            return values is not null && wanted.All(k => !string.IsNullOrWhiteSpace(values.GetValueOrDefault(k))) ? values : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static Dictionary<string, object?> Resource(WhatsAppMessage m, string accountSid, string service) => new Dictionary<string, object?>
    {
        ["sid"] = m.Sid,
        ["account_sid"] = accountSid,
        ["messaging_service_sid"] = service.Length > 0 ? service : null,
        ["to"] = m.To,
        ["from"] = m.From,
        ["body"] = m.Text,
        ["status"] = m.Status,
        ["direction"] = m.Direction,
        ["num_segments"] = "1",
        ["num_media"] = "0",
        ["api_version"] = "2010-04-01",
        ["error_code"] = null,
        ["error_message"] = null,
        ["date_created"] = m.CreatedAt.ToString("r", CultureInfo.InvariantCulture),
        ["date_updated"] = m.CreatedAt.ToString("r", CultureInfo.InvariantCulture),
        ["uri"] = $"/2010-04-01/Accounts/{accountSid}/Messages/{m.Sid}.json",
    };

    static IResult Error(int status, int code, string message) => Results.Json(new Dictionary<string, object>
    {
        ["code"] = code,
        ["message"] = message,
        ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
        ["status"] = status,
    }, statusCode: status);
}
