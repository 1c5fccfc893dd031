using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ServerlessKomunitas.Bench;

/// <summary>One story's times, from its first request: accepted, approved (where the story has an approval), done.</summary>
sealed record StoryTimes(double PostMs, double ApprovedMs, double TotalMs);

sealed record RunResult(TimeSpan Elapsed, int Failed, IReadOnlyList<StoryTimes> Stories, IReadOnlyList<double> CompletedAtSeconds)
{
    public int Completed => Stories.Count;

    /// <summary>Completions per second in consecutive windows, to show whether the rate holds over the run.</summary>
    public IEnumerable<double> RateByWindow(double seconds) =>
        CompletedAtSeconds.GroupBy(t => (int)(t / seconds)).OrderBy(g => g.Key)
            .Select(g => g.Count() / Math.Min(seconds, Elapsed.TotalSeconds - g.Key * seconds));

    public double WorkflowsPerSecond => Completed / Elapsed.TotalSeconds;

    public List<double> Sorted(Func<StoryTimes, double> figure) => Stories.Select(figure).Order().ToList();
}

/// <summary>Where the stories go: the app, and the mailbox its mail lands in (the Local host's own, or the mail service).</summary>
sealed record Site(Uri App, Uri Mail);

/// <summary>
/// Runs whole stories at a fixed concurrency through the API only, answering every email as soon as it reaches
/// the mailbox. The mailbox holds each request until the awaited email arrives (<c>&amp;wait=</c>), so nobody polls.
/// </summary>
abstract partial class StoryDriver(Site site)
{
    protected HttpClient Client { get; } = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = site.App, Timeout = TimeSpan.FromMinutes(2) };

    readonly HttpClient mail = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = site.Mail, Timeout = TimeSpan.FromMinutes(2) };

    protected abstract Task<StoryTimes> OneStoryAsync();

    public async Task<RunResult> RunAsync(int stories, int concurrency)
    {
        var results = new List<StoryTimes>();
        var completedAt = new List<double>();
        var failed = 0;
        var next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= stories)
            {
                try
                {
                    var times = await OneStoryAsync();
                    lock (results)
                    {
                        results.Add(times);
                        completedAt.Add(clock.Elapsed.TotalSeconds);
                    }
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref failed);
                    Console.Error.WriteLine($"  story failed: {e.Message}");
                }
            }
        }));
        return new RunResult(clock.Elapsed, failed, results, completedAt);
    }

    /// <summary>The path of the first link under <paramref name="path"/> in the newest matching email; "" when <paramref name="path"/> is null.</summary>
    protected async Task<string> LinkAsync(string to, string subject, string? path) =>
        path is null ? (await MailAsync(to, subject)).To : LinkIn(await MailAsync(to, subject), path);

    /// <summary>The newest email with <paramref name="subject"/> in its subject, to <paramref name="to"/> or to anyone.</summary>
    protected async Task<(string To, string Text)> MailAsync(string? to, string subject)
    {
        var recipient = to is null ? "" : $"to={Uri.EscapeDataString(to)}&";
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var messages = await mail.GetFromJsonAsync<JsonElement>($"/dev/mailbox/messages?{recipient}subject={Uri.EscapeDataString(subject)}&wait=30");
            if (messages.GetArrayLength() > 0)
            {
                return (messages[0].GetProperty("to").GetString()!, messages[0].GetProperty("text").GetString()!);
            }
        }
        throw new TimeoutException($"No \"{subject}\" mail to {to ?? "anyone"} after 5 minutes.");
    }

    /// <summary>The path of the first link under <paramref name="path"/> in the newest WhatsApp message to <paramref name="number"/> with <paramref name="text"/> in it.</summary>
    protected async Task<string> WhatsAppLinkAsync(string number, string text, string path)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var messages = await mail.GetFromJsonAsync<JsonElement>(
                $"/dev/whatsapp/messages?to={Uri.EscapeDataString("whatsapp:" + number)}&text={Uri.EscapeDataString(text)}&wait=30");
            if (messages.GetArrayLength() > 0)
            {
                return LinkIn((number, messages[0].GetProperty("text").GetString()!), path);
            }
        }
        throw new TimeoutException($"No WhatsApp message with \"{text}\" to {number} after 5 minutes.");
    }

    protected static string LinkIn((string To, string Text) mail, string path) =>
        new Uri(UrlPattern().Matches(mail.Text).Select(m => m.Value).First(u => u.Contains(path, StringComparison.Ordinal))).PathAndQuery;

    protected async Task ApproveAsync(string coordinator, string subject)
    {
        var decide = await LinkAsync(coordinator, subject, "/api/approvals/");
        Expect(await Client.PostAsync(decide, new FormUrlEncodedContent([new("decision", "approve")])), HttpStatusCode.OK);
    }

    protected static void Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}, expected {(int)status}.");
        }
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex UrlPattern();
}
