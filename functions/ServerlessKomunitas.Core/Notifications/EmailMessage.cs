namespace ServerlessKomunitas.Notifications;

/// <summary>One email to one person: HTML and plain text, both in Bahasa Indonesia, and any files it carries.</summary>
public sealed record EmailMessage(string ToEmail, string ToName, string Subject, string Html, string Text)
{
    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>Headers of this email (a category email's List-Unsubscribe and List-Unsubscribe-Post).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Only the email that lets a suppressed address confirm itself again goes out despite the suppression.</summary>
    public bool IgnoresSuppression { get; init; }

    /// <summary>
    /// Asks a network coordinator, in that role, to decide (a request, reminder, escalation or delegation). The per-address
    /// daily cap stops an anonymous form from flooding an address somebody typed in; coordinators' addresses are set by
    /// operators, never by a form, so these emails neither count against the cap nor are ever capped. Mail to the same
    /// address in another role (as a member, say) keeps the cap.
    /// </summary>
    public bool AsksCoordinatorToDecide { get; init; }
}

/// <summary>A file sent with an email, such as an event's .ics.</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>Why an email did not go out. Transient failures (429, 5xx, network) are retried; others are not.</summary>
public sealed class EmailDeliveryException(string message, int? statusCode, bool transient) : Exception(message)
{
    public int? StatusCode { get; } = statusCode;

    public bool IsTransient { get; } = transient;
}

public interface IEmailSender
{
    /// <summary>Hands the message to the provider; returns its message id.</summary>
    Task<string?> SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
