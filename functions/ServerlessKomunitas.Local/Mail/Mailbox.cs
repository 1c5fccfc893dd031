using System.Text.Json;

namespace ServerlessKomunitas.Local.Mail;

/// <summary>One delivered message, as one recipient received it.</summary>
public sealed record MailboxMessage(string Id, string To, string From, string Subject, string Html, string Text, DateTimeOffset SentAt)
{
    public IReadOnlyList<MailboxAttachment> Attachments { get; init; } = [];

    /// <summary>The message's own headers (a bulk recipient's List-Unsubscribe, for one).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>A file that came with a message; <see cref="Content"/> is base64, as SendGrid takes it.</summary>
public sealed record MailboxAttachment(string FileName, string Type, string Content);

public sealed class MailboxOptions
{
    public const string Section = "Mailbox";

    /// <summary>A JSON-lines file that keeps messages across restarts; empty keeps them in memory only.</summary>
    public string? Path { get; set; } = ".mailbox/messages.jsonl";

    /// <summary>The newest messages kept; older ones are dropped (and compacted out of the file on start).</summary>
    public int Capacity { get; set; } = 5000;

    /// <summary>False keeps no message at all (for load runs): the SendGrid endpoint still checks and counts every request.</summary>
    public bool Keep { get; set; } = true;
}

/// <summary>
/// Where the local SendGrid endpoint delivers. It lives outside Azurite, so that mail does not
/// distort the storage figures, and on disk, so that a restart loses no link a person still needs.
/// </summary>
public sealed class Mailbox
{
    readonly object gate = new();
    readonly LinkedList<MailboxMessage> messages = new();
    readonly MailboxOptions options;

    public Mailbox(Microsoft.Extensions.Options.IOptions<MailboxOptions> options)
    {
        this.options = options.Value;
        if (string.IsNullOrWhiteSpace(this.options.Path))
        {
            return;
        }
        var path = System.IO.Path.GetFullPath(this.options.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.Length > 0 && JsonSerializer.Deserialize<MailboxMessage>(line) is { } message)
                {
                    Remember(message);
                }
            }
            File.WriteAllLines(path, messages.Select(m => JsonSerializer.Serialize(m)));
        }
    }

    /// <summary>Raised after each delivery, outside the lock.</summary>
    public event Action<MailboxMessage>? Delivered;

    long requests;
    long recipients;

    /// <summary>What the SendGrid endpoint accepted since start: requests, and the messages (recipients) they carried.</summary>
    public (long Requests, long Recipients) Counts => (Interlocked.Read(ref requests), Interlocked.Read(ref recipients));

    public void CountRequest(int messageCount)
    {
        Interlocked.Increment(ref requests);
        Interlocked.Add(ref recipients, messageCount);
    }

    public void Deliver(MailboxMessage message)
    {
        if (!options.Keep)
        {
            return;
        }
        lock (gate)
        {
            Remember(message);
            if (!string.IsNullOrWhiteSpace(options.Path))
            {
                File.AppendAllText(System.IO.Path.GetFullPath(options.Path), JsonSerializer.Serialize(message) + "\n");
            }
        }
        Delivered?.Invoke(message);
    }

    /// <summary>
    /// The messages to <paramref name="to"/> (anyone when null), waiting up to <paramref name="wait"/> for the first one to arrive,
    /// so that scripts and load generators need not poll.
    /// </summary>
    public async Task<IReadOnlyList<MailboxMessage>> ListAsync(string? to, string? subject, TimeSpan wait, CancellationToken cancellationToken)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnDelivered(MailboxMessage m)
        {
            if (Matches(m, to, subject))
            {
                arrived.TrySetResult();
            }
        }
        Delivered += OnDelivered;
        try
        {
            var messages = List(to, subject);
            if (messages.Count > 0 || wait <= TimeSpan.Zero)
            {
                return messages;
            }
            await arrived.Task.WaitAsync(wait, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            return List(to, subject);
        }
        finally
        {
            Delivered -= OnDelivered;
        }
    }

    /// <summary>Newest first; only those to <paramref name="to"/> (case-insensitive) and with <paramref name="subject"/> in the subject, when given.</summary>
    public IReadOnlyList<MailboxMessage> List(string? to = null, string? subject = null, int max = 500)
    {
        lock (gate)
        {
            return messages.Reverse().Where(m => Matches(m, to, subject)).Take(max).ToList();
        }
    }

    static bool Matches(MailboxMessage message, string? to, string? subject) =>
        (to is null || message.To.Equals(to.Trim(), StringComparison.OrdinalIgnoreCase)) &&
        (subject is null || message.Subject.Contains(subject, StringComparison.Ordinal));

    void Remember(MailboxMessage message)
    {
        messages.AddLast(message);
        while (messages.Count > Math.Max(1, options.Capacity))
        {
            messages.RemoveFirst();
        }
    }
}
