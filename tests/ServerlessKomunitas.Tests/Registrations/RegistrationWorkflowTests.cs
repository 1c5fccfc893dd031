using System.Net;
using System.Text.Json;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Infrastructure;

namespace ServerlessKomunitas.Tests.Registrations;

/// <summary>
/// The registration workflow on the real Durable Task engine (Azure Storage provider on Azurite), with the
/// real activities and the real SendGrid client against the local endpoint. Timers run in seconds.
/// </summary>
public class RegistrationWorkflowTests
{
    [Fact]
    public async Task Confirm_then_approve_ends_approved_with_one_email_of_each_kind_and_a_full_audit()
    {
        await using var host = await LocalHost.StartAsync(Story.Timings());
        var story = new Story(host);
        await story.SubmitAsync();

        var confirmLink = await story.ConfirmationLinkAsync();
        Assert.Contains("Konfirmasi email", (await host.Client.GetStringAsync(confirmLink)));
        Assert.Equal("AwaitingConfirmation", await story.StatusAsync());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(confirmLink, null)).StatusCode);
        Assert.Equal("PendingApproval", await story.StatusAsync());

        var approvalLink = await story.ApprovalLinkAsync();
        var page = await host.Client.GetAsync(approvalLink);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(story.Name, html);
        Assert.Contains("Kota Malang", html);
        Assert.Contains("value=\"approve\"", html);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("PendingApproval", await story.StatusAsync());

        var decided = await story.DecideAsync(approvalLink, "approve", "Selamat bergabung, Malang!");
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Contains("Keputusan tercatat", await decided.Content.ReadAsStringAsync());

        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());
        var welcome = Assert.Single(await story.MailAboutAsync(story.Email, "diterima di jaringan"));
        Assert.Contains("Selamat bergabung, Malang!", welcome.Text);
        Assert.Single(await story.MailAboutAsync(story.Email, "Konfirmasi email pendaftaran"));
        Assert.Single(await story.MailAboutAsync(Story.JawaTimurCoordinator, story.Name));
        Assert.Equal("Approved", await story.StatusAsync());

        var audit = await host.Get<AuditLog>().ForSubjectAsync(story.Id);
        Assert.Equal(["Submitted", "Confirmed", "ApprovalRequested", "Approved"], audit.Select(a => a.Action));
        var approval = audit.Last();
        Assert.Equal("province-35", approval.Actor);
        Assert.Equal("Selamat bergabung, Malang!", approval.Comment);
        Assert.Equal(story.Id, approval.InstanceId);
        Assert.Equal(nameof(RegistrationOrchestrator), approval.Workflow);
    }

    [Fact]
    public async Task Reject_needs_a_reason_and_sends_it_to_the_community()
    {
        await using var host = await LocalHost.StartAsync(Story.Timings());
        var story = new Story(host);
        await story.SubmitAsync();
        await story.ConfirmAsync();
        var link = await story.ApprovalLinkAsync();

        var withoutReason = await story.DecideAsync(link, "reject");
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Contains("alasan penolakan", await withoutReason.Content.ReadAsStringAsync());
        var nonsense = await story.DecideAsync(link, "maybe", json: true);
        Assert.Equal(HttpStatusCode.BadRequest, nonsense.StatusCode);
        Assert.Contains("invalid-choice", (await nonsense.ReadJson()).ErrorCodes("decision"));
        Assert.Equal("PendingApproval", await story.StatusAsync());

        var rejected = await story.DecideAsync(link, "reject", "Lengkapi tautan portofolio <b>komunitas</b>.", json: true);
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("Rejected", (await rejected.ReadJson()).GetProperty("status").GetString());

        Assert.Equal(RegistrationStatus.Rejected, await story.CompletionAsync());
        var notice = Assert.Single(await story.MailAboutAsync(story.Email, "belum dapat disetujui"));
        Assert.Contains("Lengkapi tautan portofolio <b>komunitas</b>.", notice.Text);
        Assert.Contains("Lengkapi tautan portofolio &lt;b&gt;komunitas&lt;/b&gt;.", notice.Html);
        Assert.Empty(await story.MailAboutAsync(story.Email, "diterima"));
    }

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
        // A crash between storing the decision and raising the event: the workflow finds it when the expiry timer wakes it.
        await using var host = await LocalHost.StartAsync(Story.Timings(reminderSeconds: 2, expireSeconds: 4));
        var story = new Story(host);
        await story.SubmitAsync();
        await story.ConfirmAsync();
        await story.ApprovalLinkAsync();

        var (_, changed) = await host.Get<RegistrationStore>().TransitionAsync(story.Id, r =>
        {
            r.Status = RegistrationStatus.Approved;
            r.DecidedAt = DateTimeOffset.UtcNow;
            r.DecidedBy = r.ApproverId;
            return true;
        });
        Assert.True(changed);

        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());
        Assert.Single(await story.MailAboutAsync(story.Email, "diterima di jaringan"));
        Assert.Empty(await story.MailAboutAsync(story.Email, "kedaluwarsa"));
        Assert.Empty(await story.MailAboutAsync(Story.JawaTimurCoordinator, $"Pengingat: {story.Name}"));
    }

    [Fact]
    public async Task A_decision_racing_the_expiry_has_one_outcome_and_one_email()
    {
        await using var host = await LocalHost.StartAsync(Story.Timings(reminderSeconds: 1, expireSeconds: 3));
        var story = new Story(host);
        await story.SubmitAsync();
        await story.ConfirmAsync();
        var link = await story.ApprovalLinkAsync();
        var deadline = (await host.Get<RegistrationStore>().FindAsync(story.Id))!.ApprovalDeadline!.Value;

        // Fire decisions from just before the deadline until just after it.
        await Task.Delay(Max(TimeSpan.Zero, deadline - DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(300)));
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

    [Fact]
    public async Task A_second_decision_changes_nothing_sends_nothing_and_says_who_decided_and_when()
    {
        await using var host = await LocalHost.StartAsync(Story.Timings());
        var story = new Story(host);
        await story.SubmitAsync();
        await story.ConfirmAsync();
        var link = await story.ApprovalLinkAsync();
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(link, "approve")).StatusCode);
        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());

        var again = await story.DecideAsync(link, "reject", "Berubah pikiran", json: true);
        var page = await story.DecideAsync(link, "reject", "Berubah pikiran");
        var show = await host.Client.GetAsync(link);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.ReadJson();
        Assert.Equal("Approved", problem.GetProperty("decision").GetString());
        Assert.Equal("province-35", problem.GetProperty("decidedBy").GetString());
        Assert.True(problem.TryGetProperty("decidedAt", out _));
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("sudah disetujui oleh", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, show.StatusCode);
        Assert.Equal("Approved", await story.StatusAsync());
        await Task.Delay(1500);
        Assert.Single(await story.MailAboutAsync(story.Email, "diterima di jaringan"));
        Assert.Empty(await story.MailAboutAsync(story.Email, "belum dapat disetujui"));
    }

    [Fact]
    public async Task An_activity_retried_after_its_email_was_marked_sent_sends_no_second_email()
    {
        var prefix = LocalHost.UniquePrefix();
        var crash = new StorageCrash(StorageCrash.LedgerMark(prefix, "confirmation"), CrashPoint.AfterWrite, times: 1);
        await using var host = await LocalHost.StartAsync(Story.Timings(), tablePrefix: prefix,
            services: s => s.AddSingleton(crash.Options()));
        var story = new Story(host);
        await story.SubmitAsync();

        await story.ConfirmAsync();
        await story.ApprovalLinkAsync();

        Assert.Equal(1, crash.Crashes);
        Assert.Single(await story.MailAboutAsync(story.Email, "Konfirmasi email pendaftaran"));
    }

    [Fact]
    public async Task A_crash_between_sendgrids_202_and_the_ledger_mark_sends_the_email_twice_the_one_known_gap()
    {
        var prefix = LocalHost.UniquePrefix();
        var crash = new StorageCrash(StorageCrash.LedgerMark(prefix, "confirmation"), CrashPoint.BeforeWrite, times: 1);
        await using var host = await LocalHost.StartAsync(Story.Timings(), tablePrefix: prefix,
            services: s => s.AddSingleton(crash.Options()));
        var story = new Story(host);
        await story.SubmitAsync();

        var confirmations = await Mail.WaitForAsync(host.Client, story.Email, "Konfirmasi email pendaftaran", count: 2);
        await story.ConfirmAsync();
        await story.ApprovalLinkAsync();

        Assert.Equal(1, crash.Crashes);
        Assert.Equal(2, confirmations.Count);
        Assert.Single(await story.MailAboutAsync(Story.JawaTimurCoordinator, story.Name));
    }

    static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
