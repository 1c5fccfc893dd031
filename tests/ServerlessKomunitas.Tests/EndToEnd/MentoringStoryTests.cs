using System.Net;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Mentoring;

namespace ServerlessKomunitas.Tests.EndToEnd;

/// <summary>
/// A mentorship on the local stack (the Durable Task engine on Azurite), through HTTP and the mailbox, with the host
/// restarted in the middle of the programme: nothing is lost.
/// </summary>
public class MentoringStoryTests
{
    [Fact]
    public async Task A_mentorship_survives_a_host_restart_between_two_check_ins()
    {
        var prefix = LocalHost.UniquePrefix();
        var port = Azurite.FreePort();
        var settings = new Dictionary<string, string?>(MentoringStory.Timings(interval: 3, window: 300, feedback: 300, backend: "AzureStorage"))
        {
            ["Mailbox:Path"] = Path.Combine(Directory.CreateTempSubdirectory("e2e-mentoring-").FullName, "messages.jsonl"),
        };

        MentoringStory story;
        Participant mentor, mentee;
        await using (var first = await LocalHost.StartAsync(settings, tablePrefix: prefix, port: port))
        {
            story = await MentoringStory.StartAsync(settings, first);
            mentor = await story.JoinAsync("Mentor Tahan Lama", offers: true);
            mentee = await story.JoinAsync("Mentee Tahan Lama", wantsMentor: true);
            await story.AnswerAsync(mentor, mentee, "accept");
            await story.CheckInAsync(mentee, 1, 2);
            await story.CheckInAsync(mentor, 1, 2);
        }

        // The programme waits for its next check-in while the host is down; the new host picks it up.
        await using var second = await LocalHost.StartAsync(settings, tablePrefix: prefix, port: port, seed: false);
        var resumed = await MentoringStory.ResumeAsync(second, story.Community);
        // The new host first takes over the task hub's partition from the stopped one; under the full suite's load,
        // with the real-host tier beside it, that has taken more than 60 s. A message the stopped host had taken but not
        // finished (when its drain ran out of time on busy cores) stays invisible until the queue's visibility timeout,
        // 5 minutes, has passed: each step after the restart may wait that long, once (a run waited 180 s for the
        // feedback email and failed).
        const int AfterRestart = 420;
        await resumed.CheckInAsync(mentee, 2, 2, seconds: AfterRestart);
        await resumed.CheckInAsync(mentor, 2, 2, seconds: AfterRestart);
        foreach (var who in new[] { mentee, mentor })
        {
            var link = await resumed.LinkAsync(who.Email, "bagaimana menurut Anda", "/api/mentorships/feedback/", seconds: AfterRestart);
            Assert.Equal(HttpStatusCode.OK, (await resumed.PostAsync(link, new { rating = 4 })).StatusCode);
        }

        Assert.Equal(MentorshipStatus.Completed, await resumed.CompletionAsync(mentee, seconds: AfterRestart));
        Assert.Equal(4, (await second.Get<MentorshipStore>().CheckInsAsync(resumed.MentorshipOf(mentee))).Count);
        Assert.Single(await Mail.ToAsync(second.Client, mentee.Email), m => m.Subject == "Check-in mentoring 1 dari 2 bersama Mentor Tahan Lama");
        // A submission made just before the stop is not lost in the queue until its check-in counts as missed.
        foreach (var who in new[] { mentee, mentor })
        {
            Assert.DoesNotContain(await Mail.ToAsync(second.Client, who.Email), m => m.Subject.StartsWith("Pengingat", StringComparison.Ordinal));
        }
    }
}
