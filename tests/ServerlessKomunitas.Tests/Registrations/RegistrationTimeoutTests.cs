using System.Net;
using System.Text.Json;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Registrations;

/// <summary>
/// The registration workflow's timers: reminder, expiry, and a decision racing the expiry. Timers run in seconds.
/// </summary>
public class RegistrationTimeoutTests
{
    [Fact]
    public async Task A_coordinator_who_waits_is_reminded_once_and_can_approve_from_the_reminder()
    {
        await using var host = await LocalHost.StartAsync(Story.Timings(reminderSeconds: 2, expireSeconds: 60));
        var story = new Story(host);
        await story.SubmitAsync();
        await story.ConfirmAsync();

        var reminderLink = await story.ApprovalLinkAsync("Pengingat");
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(reminderLink, "approve")).StatusCode);

        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());
        Assert.Single(await story.MailAboutAsync(Story.JawaTimurCoordinator, $"Pengingat: {story.Name}"));
        Assert.Single(await story.MailAboutAsync(story.Email, "diterima di jaringan"));
        Assert.Contains("ApprovalReminded", (await host.Get<AuditLog>().ForSubjectAsync(story.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task Without_a_decision_the_registration_expires_and_the_community_is_told()
    {
        await using var host = await LocalHost.StartAsync(Story.Timings(reminderSeconds: 1, expireSeconds: 3));
        var story = new Story(host);
        await story.SubmitAsync();
        await story.ConfirmAsync();
        var link = await story.ApprovalLinkAsync();

        Assert.Equal(RegistrationStatus.Expired, await story.CompletionAsync());
        Assert.Equal("Expired", await story.StatusAsync());
        Assert.Single(await story.MailAboutAsync(story.Email, "kedaluwarsa"));
        Assert.Single(await story.MailAboutAsync(Story.JawaTimurCoordinator, $"Pengingat: {story.Name}"));

        var late = await story.DecideAsync(link, "approve");
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        Assert.Equal("Expired", await story.StatusAsync());
        Assert.Empty(await story.MailAboutAsync(story.Email, "diterima"));
    }

    [Fact]
    public async Task An_unconfirmed_registration_expires_and_no_coordinator_hears_of_it()
    {
        await using var host = await LocalHost.StartAsync(Story.Timings(confirmSeconds: 2));
        var story = new Story(host);
        await story.SubmitAsync();
        var link = await story.ConfirmationLinkAsync();

        Assert.Equal(RegistrationStatus.Expired, await story.CompletionAsync());
        Assert.Equal(HttpStatusCode.Gone, (await host.Client.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await host.Client.PostAsync(link, null)).StatusCode);
        Assert.Empty(await story.MailAboutAsync(Story.JawaTimurCoordinator, story.Name));
        Assert.Contains("ConfirmationExpired", (await host.Get<AuditLog>().ForSubjectAsync(story.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_decision_stored_but_never_announced_wins_over_the_expiry()
    {
        // A crash between storing the decision and raising the event: the workflow finds it when a timer wakes it. The
        // reminder's timer leaves the test time to store the decision first, even on a busy machine.
        await using var host = await LocalHost.StartAsync(Story.Timings(reminderSeconds: 20, expireSeconds: 25));
        var story = new Story(host);
        await story.SubmitAsync();
        await story.ConfirmAsync();
        await story.ApprovalLinkAsync();

        var stored = await host.Get<ServerlessKomunitas.Approvals.ReviewStore>().RecordAsync(
            host.Get<ServerlessKomunitas.Approvals.ReviewSubjects>()["registration"], story.Id, 1, "province-35",
            ServerlessKomunitas.Approvals.ApprovalDecision.Approve, "Disetujui saat sistem terganggu", null);
        Assert.IsType<ServerlessKomunitas.Approvals.DecisionResult.Recorded>(stored);

        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());
        Assert.Single(await story.MailAboutAsync(story.Email, "diterima di jaringan"));
        Assert.Empty(await story.MailAboutAsync(story.Email, "kedaluwarsa"));
        Assert.Empty(await story.MailAboutAsync(Story.JawaTimurCoordinator, $"Pengingat: {story.Name}"));
    }

    [Fact]
    public async Task A_decision_racing_the_expiry_has_one_outcome_and_one_email()
    {
        // Hundreds of decisions on one link within seconds: far past the limits that guard real links and clients.
        var settings = new Dictionary<string, string?>(Story.Timings(reminderSeconds: 1, expireSeconds: 3))
        {
            ["RateLimits:PostsPerLinkPerHour"] = "1000000",
            ["RateLimits:PostsPerClientPerHour"] = "1000000",
        };
        await using var host = await LocalHost.StartAsync(settings);
        var story = new Story(host);
        await story.SubmitAsync();
        await story.ConfirmAsync();
        var link = await story.ApprovalLinkAsync();
        var deadline = (await host.Get<RegistrationStore>().FindAsync(story.Id))!.ApprovalDeadline!.Value;

        // Fire decisions from just before the deadline until just after it.
        var untilJustBefore = deadline - DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(300);
        if (untilJustBefore > TimeSpan.Zero)
        {
            await Task.Delay(untilJustBefore);
        }
        var answers = new List<HttpStatusCode>();
        while (DateTimeOffset.UtcNow < deadline + TimeSpan.FromMilliseconds(700))
        {
            answers.Add((await story.DecideAsync(link, "approve", json: true)).StatusCode);
        }

        var outcome = await story.CompletionAsync();
        var welcome = await story.MailAboutAsync(story.Email, "diterima di jaringan");
        var expired = await story.MailAboutAsync(story.Email, "kedaluwarsa");
        Assert.Equal(outcome.ToString(), await story.StatusAsync());
        if (outcome == RegistrationStatus.Approved)
        {
            Assert.Single(welcome);
            Assert.Empty(expired);
            Assert.Equal(1, answers.Count(a => a == HttpStatusCode.OK));
        }
        else
        {
            Assert.Equal(RegistrationStatus.Expired, outcome);
            Assert.Single(expired);
            Assert.Empty(welcome);
            Assert.DoesNotContain(HttpStatusCode.OK, answers);
        }
        Assert.All(answers, a => Assert.Contains(a, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.Gone }));
    }
}
