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

    event Action<WhatsAppMessage>? Added;

    public void Add(WhatsAppMessage message)
    {
        lock (gate)
        {
            messages.Add(message);
        }
        Added?.Invoke(message);
    }

    /// <summary>Newest first; only those to or from <paramref name="number"/> when given ("whatsapp:+62..."), and with <paramref name="text"/> in them.</summary>
    public IReadOnlyList<WhatsAppMessage> List(string? number = null, string? text = null)
    {
        lock (gate)
        {
            return messages.Where(m => Matches(m, number, text)).Reverse().ToList();
        }
    }

    /// <summary>As <see cref="List"/>, waiting up to <paramref name="wait"/> for the first match, as the mailbox does, so that scripts need not poll.</summary>
    public async Task<IReadOnlyList<WhatsAppMessage>> ListAsync(string? number, string? text, TimeSpan wait, CancellationToken cancellationToken)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnAdded(WhatsAppMessage m)
        {
            if (Matches(m, number, text))
            {
                arrived.TrySetResult();
            }
        }
        Added += OnAdded;
        try
        {
            var found = List(number, text);
            if (found.Count > 0 || wait <= TimeSpan.Zero)
            {
                return found;
            }
            await arrived.Task.WaitAsync(wait, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            return List(number, text);
        }
        finally
        {
            Added -= OnAdded;
        }
    }

    static bool Matches(WhatsAppMessage m, string? number, string? text) =>
        (number is null || m.To == number || m.From == number) && (text is null || m.Text.Contains(text, StringComparison.Ordinal));

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
