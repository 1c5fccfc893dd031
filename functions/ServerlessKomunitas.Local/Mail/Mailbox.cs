using System.Text.Json;

namespace ServerlessKomunitas.Local.Mail;

/// <summary>One delivered message, as one recipient received it.</summary>
public sealed record MailboxMessage(string Id, string To, string From, string Subject, string Html, string Text, DateTimeOffset SentAt);

public sealed class MailboxOptions
{
    public const string Section = "Mailbox";

    /// <summary>A JSON-lines file that keeps messages across restarts; empty keeps them in memory only.</summary>
    public string? Path { get; set; } = ".mailbox/messages.jsonl";

    /// <summary>The newest messages kept; older ones are dropped (and compacted out of the file on start).</summary>
    public int Capacity { get; set; } = 5000;
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

    public void Deliver(MailboxMessage message)
    {
        lock (gate)
        {
            Remember(message);
            if (!string.IsNullOrWhiteSpace(options.Path))
            {
                File.AppendAllText(System.IO.Path.GetFullPath(options.Path), JsonSerializer.Serialize(message) + "\n");
            }
        }
    }

    /// <summary>Newest first; only those to <paramref name="to"/> when it is given (case-insensitive).</summary>
    public IReadOnlyList<MailboxMessage> List(string? to = null, int max = 500)
    {
        lock (gate)
        {
            return messages.Reverse()
                .Where(m => to is null || m.To.Equals(to.Trim(), StringComparison.OrdinalIgnoreCase))
                .Take(max)
                .ToList();
        }
    }

    void Remember(MailboxMessage message)
    {
        messages.AddLast(message);
        while (messages.Count > Math.Max(1, options.Capacity))
        {
            messages.RemoveFirst();
        }
    }
}
