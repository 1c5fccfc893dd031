using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ServerlessKomunitas.Bench;

/// <summary>A mentorship the benchmark started: who is who, for the check-in round.</summary>
sealed record BenchMentorship(string MenteeName, string MenteeEmail, string MentorName, string MentorEmail);

/// <summary>
/// A new member asks for a mentor: signs up (JSON POST), confirms, the best-matched mentor of the population gets
/// the offer and accepts. The story's "approved" time is from the confirmation to the offer email: matching as the
/// member experiences it. Each accepted mentorship is kept for <see cref="CheckInRoundAsync"/>.
/// </summary>
sealed class MentoringStories(Site site, MentoringPopulation population) : StoryDriver(site)
{
    int drawn;

    public ConcurrentQueue<BenchMentorship> Accepted { get; } = new();

    protected override async Task<StoryTimes> OneStoryAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var name = $"Mentee Uji {tag}";
        var email = $"mentee.{tag}@example.org";
        BenchProfile profile;
        lock (population)
        {
            profile = population.Draw(new Random(Interlocked.Increment(ref drawn)));
        }
        var body = JsonSerializer.Serialize(new
        {
            name, email, phone = "0813-5000-1234", communityId = profile.CommunityId, subsectors = profile.Subsectors, regencyCode = profile.Regency.Code,
            profile = "Ilustrator pemula.", wantsMentor = true, consent = true, consentVersion = "2026-11",
        });
        var story = Stopwatch.StartNew();
        var response = await Client.PostAsync("/api/members", new StringContent(body, Encoding.UTF8, "application/json"));
        var postMs = story.Elapsed.TotalMilliseconds;
        Expect(response, HttpStatusCode.Accepted);

        var confirm = await LinkAsync(email, "Konfirmasi keanggotaan", "/api/members/confirm/");
        Expect(await Client.PostAsync(confirm, null), HttpStatusCode.OK);
        var confirmedAt = story.Elapsed.TotalMilliseconds;
        var offer = await MailAsync(null, $"Maukah Anda membimbing {name}?");
        var matchedMs = story.Elapsed.TotalMilliseconds - confirmedAt;
        Expect(await Client.PostAsync(LinkIn(offer, "/api/mentorships/offer/"), new FormUrlEncodedContent([new("decision", "accept")])), HttpStatusCode.OK);
        Accepted.Enqueue(new BenchMentorship(name, email, MentoringPopulation.NameOf(offer.To), offer.To));
        return new StoryTimes(postMs, matchedMs, story.Elapsed.TotalMilliseconds);
    }

    /// <summary>
    /// Takes every accepted mentorship through its check-in at <paramref name="concurrency"/>: both sides open their
    /// check-in email and submit it, and the round ends when the workflow has moved on (the feedback request arrives).
    /// Times are from the second submission to the feedback request.
    /// </summary>
    public async Task<RunResult> CheckInRoundAsync(int concurrency)
    {
        var results = new List<StoryTimes>();
        var completedAt = new List<double>();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Accepted.TryDequeue(out var m))
            {
                try
                {
                    var story = Stopwatch.StartNew();
                    await SubmitCheckInAsync(m.MenteeEmail, m.MentorName);
                    await SubmitCheckInAsync(m.MentorEmail, m.MenteeName);
                    var submittedMs = story.Elapsed.TotalMilliseconds;
                    await MailAsync(m.MenteeEmail, "Mentoring selesai: bagaimana menurut Anda?");
                    lock (results)
                    {
                        results.Add(new StoryTimes(submittedMs, story.Elapsed.TotalMilliseconds - submittedMs, story.Elapsed.TotalMilliseconds));
                        completedAt.Add(clock.Elapsed.TotalSeconds);
                    }
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref failed);
                    Console.Error.WriteLine($"  check-in failed: {e.Message}");
                }
            }
        }));
        return new RunResult(clock.Elapsed, failed, results, completedAt);
    }

    async Task SubmitCheckInAsync(string email, string otherName)
    {
        var link = await LinkAsync(email, $"Check-in mentoring 1 dari 1 bersama {otherName}", "/api/mentorships/checkin/");
        Expect(await Client.PostAsync(link, new FormUrlEncodedContent([new("rating", "4"), new("notes", "Latihan sketsa karakter.")])), HttpStatusCode.OK);
    }
}
