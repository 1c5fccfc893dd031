using System.Net.Mail;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ServerlessKomunitas.Notifications;

namespace ServerlessKomunitas.Local.Mail;

/// <summary>
/// A SendGrid-compatible <c>POST /v3/mail/send</c> for the local host. The real SendGrid client talks to
/// it; it checks the key and the payload the way SendGrid does (401, 400 with <c>errors</c>, 413), answers
/// 202 with an X-Message-Id, and delivers into the <see cref="Mailbox"/>.
/// </summary>
public static class SendGridEndpoint
{
    public const string Path = "/v3/mail/send";
    const int MaxBytes = 30 * 1024 * 1024;
    const int MaxRecipients = 1000;

    sealed record SendGridError(string Message, string? Field, string? Help = null);

    public static async Task<IResult> SendAsync(HttpRequest request, Mailbox mailbox, IOptions<EmailOptions> email, TimeProvider time)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            return Errors(StatusCodes.Status401Unauthorized, new SendGridError("authorization required", null));
        }
        if (authorization != $"Bearer {email.Value.SendGridApiKey}")
        {
            return Errors(StatusCodes.Status401Unauthorized, new SendGridError("The provided authorization grant is invalid, expired, or revoked", null));
        }
        if (request.ContentLength > MaxBytes)
        {
            return Errors(StatusCodes.Status413PayloadTooLarge, new SendGridError("Payload Too Large", null));
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return Errors(StatusCodes.Status400BadRequest, new SendGridError("Bad Request", null));
        }

        using (document)
        {
            var root = document.RootElement;
            var errors = new List<SendGridError>();
            var from = Address(root, "from", "from.email", errors,
                "The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.");
            var globalSubject = root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var content = root.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.Array
                ? c.EnumerateArray().Where(b => b.TryGetProperty("type", out _) && b.TryGetProperty("value", out _))
                    .ToDictionary(b => b.GetProperty("type").GetString()!, b => b.GetProperty("value").GetString() ?? "")
                : [];
            if (content.Count == 0 && !root.TryGetProperty("template_id", out _))
            {
                errors.Add(new SendGridError("Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.", "content"));
            }

            var attachments = Attachments(root, errors);
            var recipients = new List<Recipient>();
            var headers = Strings(root, "headers");
            if (!root.TryGetProperty("personalizations", out var personalizations) || personalizations.ValueKind != JsonValueKind.Array || personalizations.GetArrayLength() == 0)
            {
                errors.Add(new SendGridError("The personalizations field is required and must have at least one personalization.", "personalizations"));
            }
            else
            {
                var index = 0;
                foreach (var personalization in personalizations.EnumerateArray())
                {
                    var subject = personalization.TryGetProperty("subject", out var ps) ? ps.GetString() : globalSubject;
                    var substitutions = Strings(personalization, "substitutions");
                    var ownHeaders = new Dictionary<string, string>(headers);
                    foreach (var (name, value) in Strings(personalization, "headers"))
                    {
                        ownHeaders[name] = value;
                    }
                    if (string.IsNullOrEmpty(subject))
                    {
                        errors.Add(new SendGridError("The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.", "subject"));
                    }
                    if (!personalization.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Array || to.GetArrayLength() == 0)
                    {
                        errors.Add(new SendGridError("The to array is required for all personalization objects, and must have at least one email object with a valid email address.", $"personalizations.{index}.to"));
                    }
                    else
                    {
                        var toIndex = 0;
                        foreach (var recipient in to.EnumerateArray())
                        {
                            var address = recipient.TryGetProperty("email", out var e) ? e.GetString() : null;
                            if (address is null || !MailAddress.TryCreate(address, out _))
                            {
                                errors.Add(new SendGridError("Does not contain a valid address.", $"personalizations.{index}.to.{toIndex}.email"));
                            }
                            else
                            {
                                recipients.Add(new Recipient(address, subject ?? "", substitutions, ownHeaders));
                            }
                            toIndex++;
                        }
                    }
                    index++;
                }
            }
            if (recipients.Count > MaxRecipients)
            {
                errors.Add(new SendGridError($"The total number of recipients must be no more than {MaxRecipients}.", "personalizations"));
            }
            if (errors.Count > 0)
            {
                return Errors(StatusCodes.Status400BadRequest, [.. errors]);
            }

            var messageId = Guid.NewGuid().ToString("N")[..22];
            mailbox.CountRequest(recipients.Count);
            for (var i = 0; i < recipients.Count; i++)
            {
                var r = recipients[i];
                mailbox.Deliver(new MailboxMessage($"{messageId}-{i}", r.To, from!, r.Substitute(r.Subject),
                    r.Substitute(content.GetValueOrDefault("text/html", "")), r.Substitute(content.GetValueOrDefault("text/plain", "")), time.GetUtcNow())
                    { Attachments = attachments, Headers = r.Headers });
            }
            return new Accepted(messageId);
        }
    }

    /// <summary>One personalization's recipient, with its substitutions applied as SendGrid applies them: each tag replaced everywhere.</summary>
    sealed record Recipient(string To, string Subject, IReadOnlyDictionary<string, string> Substitutions, IReadOnlyDictionary<string, string> Headers)
    {
        public string Substitute(string text) => Substitutions.Aggregate(text, (current, tag) => current.Replace(tag.Key, tag.Value, StringComparison.Ordinal));
    }

    static Dictionary<string, string> Strings(JsonElement parent, string property) =>
        parent.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];

    static List<MailboxAttachment> Attachments(JsonElement root, List<SendGridError> errors)
    {
        var attachments = new List<MailboxAttachment>();
        if (!root.TryGetProperty("attachments", out var list))
        {
            return attachments;
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new SendGridError("The attachments parameter must be an array.", "attachments"));
            return attachments;
        }
        var index = 0;
        foreach (var attachment in list.EnumerateArray())
        {
            var content = attachment.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var fileName = attachment.TryGetProperty("filename", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            var type = attachment.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (string.IsNullOrEmpty(content))
            {
                errors.Add(new SendGridError("The attachment content is required.", $"attachments.{index}.content"));
            }
            else if (!IsBase64(content))
            {
                errors.Add(new SendGridError("The attachment content must be base64 encoded.", $"attachments.{index}.content"));
            }
            if (string.IsNullOrEmpty(fileName))
            {
                errors.Add(new SendGridError("The attachment filename parameter is required.", $"attachments.{index}.filename"));
            }
            if (content is not null && fileName is not null)
            {
                attachments.Add(new MailboxAttachment(fileName, type ?? "application/octet-stream", content));
            }
            index++;
        }
        return attachments;
    }

    static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }

    static string? Address(JsonElement root, string property, string field, List<SendGridError> errors, string message)
    {
        if (root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object &&
            value.TryGetProperty("email", out var email) && email.GetString() is { } address && MailAddress.TryCreate(address, out _))
        {
            return address;
        }
        errors.Add(new SendGridError(message, field));
        return null;
    }

    static IResult Errors(int status, params SendGridError[] errors) =>
        Results.Json(new { errors = errors.Select(e => new { message = e.Message, field = e.Field, help = e.Help }) }, statusCode: status);

    sealed class Accepted(string messageId) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status202Accepted;
            httpContext.Response.Headers["X-Message-Id"] = messageId;
            return Task.CompletedTask;
        }
    }
}
