using SendGrid;
using Response = SendGrid.Response;
using SendGrid.Helpers.Mail;
using EmailAddress = SendGrid.Helpers.Mail.EmailAddress;

namespace ServerlessKomunitas.Notifications;

/// <summary>Sends through the real SendGrid client, with click tracking off: its link rewriting breaks signed links.</summary>
public sealed class SendGridEmailSender(ISendGridClient client, IOptions<EmailOptions> options) : IEmailSender
{
    public async Task<string?> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var mail = MailHelper.CreateSingleEmail(
            new EmailAddress(options.Value.From, options.Value.FromName),
            new EmailAddress(message.ToEmail, message.ToName),
            message.Subject, message.Text, message.Html);
        mail.SetClickTracking(false, false);
        if (message.Headers is { Count: > 0 } headers)
        {
            mail.AddHeaders(new Dictionary<string, string>(headers));
        }
        foreach (var attachment in message.Attachments)
        {
            mail.AddAttachment(attachment.FileName, Convert.ToBase64String(attachment.Content), attachment.ContentType, "attachment");
        }

        Response response;
        try
        {
            response = await client.SendEmailAsync(mail, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new EmailDeliveryException($"SendGrid could not be reached: {e.Message}", null, transient: true);
        }
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null;
        }
        var body = await response.Body.ReadAsStringAsync(cancellationToken);
        throw new EmailDeliveryException($"SendGrid answered {status}: {body}", status, transient: status is 429 or >= 500);
    }
}
