using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace ServerlessKomunitas.Tests.Harness;

public sealed record MailAttachmentView(string FileName, string Type, string Content)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Content));
}

public sealed record MailView(string To, string Subject, string Html, string Text, DateTimeOffset SentAt, IReadOnlyList<MailAttachmentView> Attachments,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>The links in the plain-text part that point at <paramref name="pathPrefix"/>.</summary>
    public IReadOnlyList<string> Links(string pathPrefix) =>
        Regex.Matches(Text, @"https?://\S+").Select(m => m.Value).Where(u => new Uri(u).AbsolutePath.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();
}

/// <summary>Reads the local host's mailbox through its JSON endpoint, as scripts do.</summary>
public static class Mail
{
    public static async Task<IReadOnlyList<MailView>> AllAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<MailView>>("/dev/mailbox/messages"))!;

    public static async Task<IReadOnlyList<MailView>> ToAsync(HttpClient client, string address) =>
        (await client.GetFromJsonAsync<List<MailView>>($"/dev/mailbox/messages?to={Uri.EscapeDataString(address)}"))!;

    /// <summary>Waits until <paramref name="address"/> has at least <paramref name="count"/> messages matching <paramref name="subject"/>.</summary>
    public static async Task<IReadOnlyList<MailView>> WaitForAsync(HttpClient client, string address, string subject, int count = 1, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            // The mailbox holds the request until a matching message arrives (or 2 s pass).
            var messages = (await client.GetFromJsonAsync<List<MailView>>(
                $"/dev/mailbox/messages?to={Uri.EscapeDataString(address)}&subject={Uri.EscapeDataString(subject)}&wait=2"))!;
            if (messages.Count >= count)
            {
                return messages;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{address} received {messages.Count} message(s) about \"{subject}\" in {seconds} s; expected {count}. All: " +
                    string.Join(" | ", (await ToAsync(client, address)).Select(m => m.Subject)));
            }
            await Task.Delay(100);
        }
    }
}
