namespace ServerlessKomunitas.Local.Mail;

/// <summary>Where the dev service sends a person's message to the app: the webhook address a Messaging Service is given in Twilio.</summary>
public sealed class DevTwilioOptions
{
    public const string Section = "DevTwilio";

    public string? InboundUrl { get; set; }
}

/// <summary>One WhatsApp message through the dev service: sent by the app (outbound) or typed in the view (inbound).</summary>
public sealed record WhatsAppMessage(string Sid, string Direction, string To, string From, string Text, string? ContentSid, string Status,
    DateTimeOffset CreatedAt)
{
    public DateTimeOffset? DeletedAt { get; init; }
}

/// <summary>
/// The dev service's WhatsApp messages, newest last, in memory: what the local Twilio endpoint accepted and what people
/// typed back in the view. It also answers whether WhatsApp's 24-hour customer-service window is open for a number:
/// open for 24 hours after that number's last inbound message.
/// </summary>
public sealed class WhatsAppBox(TimeProvider time)
{
    public static readonly TimeSpan ServiceWindow = TimeSpan.FromHours(24);

    readonly Lock gate = new();
    readonly List<WhatsAppMessage> messages = [];

    public void Add(WhatsAppMessage message)
    {
        lock (gate)
        {
            messages.Add(message);
        }
    }

    /// <summary>Newest first; only those to or from <paramref name="number"/> when given ("whatsapp:+62...").</summary>
    public IReadOnlyList<WhatsAppMessage> List(string? number = null)
    {
        lock (gate)
        {
            return messages.Where(m => number is null || m.To == number || m.From == number).Reverse().ToList();
        }
    }

    public bool WindowOpen(string number)
    {
        var since = time.GetUtcNow() - ServiceWindow;
        lock (gate)
        {
            return messages.Any(m => m.Direction == "inbound" && m.From == number && m.CreatedAt >= since);
        }
    }

    public void SetStatus(string sid, string status)
    {
        lock (gate)
        {
            var index = messages.FindIndex(m => m.Sid == sid);
            if (index >= 0)
            {
                messages[index] = messages[index] with { Status = status };
            }
        }
    }

    /// <summary>Marks the message deleted, as Twilio's DELETE does; false when there is no such message.</summary>
    public bool Delete(string sid)
    {
        lock (gate)
        {
            var index = messages.FindIndex(m => m.Sid == sid && m.DeletedAt is null);
            if (index < 0)
            {
                return false;
            }
            messages[index] = messages[index] with { Text = "", DeletedAt = time.GetUtcNow() };
            return true;
        }
    }
}
