using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ServerlessKomunitas.Bench;

sealed record RunResult(int Completed, int Failed, TimeSpan Elapsed, IReadOnlyList<double> PostMilliseconds, IReadOnlyList<double> StoryMilliseconds, IReadOnlyList<double> CompletedAtSeconds)
{
    /// <summary>Completions per second in consecutive windows, to show whether the rate holds over the run.</summary>
    public IEnumerable<double> RateByWindow(double seconds) =>
        CompletedAtSeconds.GroupBy(t => (int)(t / seconds)).OrderBy(g => g.Key)
            .Select(g => g.Count() / Math.Min(seconds, Elapsed.TotalSeconds - g.Key * seconds));

    public double WorkflowsPerSecond => Completed / Elapsed.TotalSeconds;
    public double AcceptedPerSecond => PostMilliseconds.Count / Elapsed.TotalSeconds;
}

/// <summary>
/// Drives whole registration stories at a fixed concurrency, through the API only: register, then answer
/// the confirmation and the approval as soon as their links reach the mailbox, then wait for the welcome.
/// </summary>
sealed partial class StoryDriver(Uri baseAddress)
{
    const string Coordinator = "koordinator.jawa-timur@example.org";
    readonly HttpClient client = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };

    public async Task<RunResult> RunAsync(int stories, int concurrency)
    {
        var posts = new List<double>();
        var durations = new List<double>();
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
                    var (post, total) = await OneStoryAsync();
                    lock (posts)
                    {
                        posts.Add(post);
                        durations.Add(total);
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
        return new RunResult(posts.Count, failed, clock.Elapsed, posts, durations, completedAt);
    }

    async Task<(double PostMs, double TotalMs)> OneStoryAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var email = $"bench.{tag}@example.org";
        var name = $"Komunitas Uji {tag}";
        var body = JsonSerializer.Serialize(new
        {
            name, subsectors = new[] { "film-animasi-video" }, regencyCode = "35.73", contactName = "Peserta Uji",
            email, phone = "0812-3456-7890", memberCount = 20, consent = true, consentVersion = "2026-11",
        });
        var story = Stopwatch.StartNew();
        var response = await client.PostAsync("/api/communities", new StringContent(body, Encoding.UTF8, "application/json"));
        var postMs = story.Elapsed.TotalMilliseconds;
        Expect(response, HttpStatusCode.Accepted);

        var confirm = await LinkAsync(email, "Konfirmasi email", "/api/confirmations/");
        Expect(await client.PostAsync(confirm, null), HttpStatusCode.OK);
        var decide = await LinkAsync(Coordinator, name, "/api/approvals/");
        Expect(await client.PostAsync(decide, new FormUrlEncodedContent([new("decision", "approve")])), HttpStatusCode.OK);
        await LinkAsync(email, "diterima di jaringan", null);
        return (postMs, story.Elapsed.TotalMilliseconds);
    }

    async Task<string> LinkAsync(string to, string subject, string? path)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var messages = await client.GetFromJsonAsync<JsonElement>(
                $"/dev/mailbox/messages?to={Uri.EscapeDataString(to)}&subject={Uri.EscapeDataString(subject)}&wait=30");
            if (messages.GetArrayLength() > 0)
            {
                if (path is null)
                {
                    return "";
                }
                var text = messages[0].GetProperty("text").GetString()!;
                return new Uri(UrlPattern().Matches(text).Select(m => m.Value).First(u => u.Contains(path, StringComparison.Ordinal))).PathAndQuery;
            }
        }
        throw new TimeoutException($"No \"{subject}\" mail to {to} after 5 minutes.");
    }

    static void Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}, expected {(int)status}.");
        }
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex UrlPattern();
}
