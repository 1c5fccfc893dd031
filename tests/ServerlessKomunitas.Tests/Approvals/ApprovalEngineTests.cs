using System.Net;
using Microsoft.DurableTask.Client;
using ServerlessKomunitas.Approvals;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Operations;
using ServerlessKomunitas.Tests.Registrations;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Tests.Approvals;

/// <summary>
/// The approval engine on the real Durable Task engine (the in-memory backend, hosted by Local) with the real
/// activities, reviewing community registrations in Kota Malang under the policy each test puts in force.
/// </summary>
public class ApprovalEngineTests
{
    const string Regency = "koordinator.kota-malang@example.org";
    const string Province = Story.JawaTimurCoordinator;
    const string National = "koordinator.nasional@example.org";

    static async Task<(LocalHost Host, Story Story)> StartAsync(string policy, double reminder = 60, double expire = 120, double? escalate = null)
    {
        var settings = Story.Timings(reminderSeconds: reminder, expireSeconds: expire);
        settings["Durable:Backend"] = "InMemory";
        if (escalate is not null)
        {
            settings["Registration:ApprovalEscalateAfter"] = TimeSpan.FromSeconds(escalate.Value).ToString("c");
        }
        var host = await LocalHost.StartAsync(settings);
        var put = await host.Client.SendAsync(OperatorTests.Request(HttpMethod.Put, "/api/operator/policies/registration/regency-35.73", policy));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var story = new Story(host);
        await story.SubmitAsync();
        await story.ConfirmAsync();
        return (host, story);
    }

    static Task<string> LinkFor(Story story, string approver, string subject = "menunggu keputusan Anda") => story.ApprovalLinkAsync(subject, approver);

    /// <summary>The approver's inbox, from the foot of their email about the story.</summary>
    static async Task<string> InboxOfAsync(Story story, string approver, string subject) =>
        new Uri(Assert.Single((await Mail.WaitForAsync(story.Client, approver, $"{subject}")).First(m => m.Subject.Contains(story.Name, StringComparison.Ordinal)).Links("/api/inbox")))
            .PathAndQuery;

    [Fact]
    public async Task AnyOf_the_first_approver_to_decide_decides_and_the_others_link_then_says_so()
    {
        var (host, story) = await StartAsync("""{"rule":"AnyOf","approvers":[{"approver":"@regency"},{"approver":"@province"}]}""");
        await using var _ = host;
        var regency = await LinkFor(story, Regency);
        var province = await LinkFor(story, Province);

        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(province, "approve", "Disetujui provinsi")).StatusCode);

        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());
        var late = await story.DecideAsync(regency, "reject", "Terlambat", json: true);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("province-35", (await late.ReadJson()).GetProperty("decidedBy").GetString());
    }

    [Fact]
    public async Task AllOf_waits_for_every_approver()
    {
        var (host, story) = await StartAsync("""{"rule":"AllOf","approvers":[{"approver":"@regency"},{"approver":"@province"}]}""");
        await using var _ = host;

        var decided = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(await LinkFor(story, Regency), "approve")).StatusCode);
        await HostState.SettledAfterAsync(host, story.Id, decided);
        Assert.Equal("PendingApproval", await story.StatusAsync());
        var page = await host.Client.GetStringAsync(await LinkFor(story, Province));
        Assert.Contains("Keputusan yang sudah masuk", page);
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(await LinkFor(story, Province), "approve")).StatusCode);

        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());
        Assert.Single(await story.MailAboutAsync(story.Email, "diterima di jaringan"));
    }

    [Fact]
    public async Task AllOf_is_rejected_by_one_rejection_and_the_reason_reaches_the_community()
    {
        var (host, story) = await StartAsync("""{"rule":"AllOf","approvers":[{"approver":"@regency"},{"approver":"@province"}]}""");
        await using var _ = host;

        await story.DecideAsync(await LinkFor(story, Regency), "approve", "Bagus");
        await story.DecideAsync(await LinkFor(story, Province), "reject", "Data anggota belum lengkap");

        Assert.Equal(RegistrationStatus.Rejected, await story.CompletionAsync());
        var notice = Assert.Single(await story.MailAboutAsync(story.Email, "belum dapat disetujui"));
        Assert.Contains("Data anggota belum lengkap", notice.Text);
        Assert.Contains("Bagus", notice.Text);
    }

    [Fact]
    public async Task Quorum_with_a_required_approver_needs_that_approver_among_the_approvals()
    {
        var (host, story) = await StartAsync("""{"rule":"Quorum","quorum":2,"approvers":[{"approver":"@regency"},{"approver":"@province","required":true},{"approver":"@national"}]}""");
        await using var _ = host;

        await story.DecideAsync(await LinkFor(story, Regency), "approve");
        var decided = DateTimeOffset.UtcNow;
        await story.DecideAsync(await LinkFor(story, National), "approve");
        await HostState.SettledAfterAsync(host, story.Id, decided);
        Assert.Equal("PendingApproval", await story.StatusAsync());
        await story.DecideAsync(await LinkFor(story, Province), "approve");

        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());
    }

    [Fact]
    public async Task A_rejection_by_a_required_approver_ends_the_review_at_once()
    {
        var (host, story) = await StartAsync("""{"rule":"Quorum","quorum":2,"approvers":[{"approver":"@regency"},{"approver":"@province","required":true},{"approver":"@national"}]}""");
        await using var _ = host;

        await story.DecideAsync(await LinkFor(story, Province), "reject", "Tidak sesuai");

        Assert.Equal(RegistrationStatus.Rejected, await story.CompletionAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await story.DecideAsync(await LinkFor(story, Regency), "approve")).StatusCode);
    }

    [Fact]
    public async Task A_quorum_that_can_no_longer_be_reached_is_rejected_early()
    {
        var (host, story) = await StartAsync("""{"rule":"Quorum","quorum":2,"approvers":[{"approver":"@regency"},{"approver":"@province"},{"approver":"@national"}]}""");
        await using var _ = host;

        await story.DecideAsync(await LinkFor(story, Regency), "reject", "Belum");
        await story.DecideAsync(await LinkFor(story, National), "reject", "Belum juga");

        Assert.Equal(RegistrationStatus.Rejected, await story.CompletionAsync());
    }

    [Fact]
    public async Task An_approver_can_delegate_and_the_delegate_decides_with_the_hand_over_audited()
    {
        var (host, story) = await StartAsync("""{"rule":"AnyOf","approvers":[{"approver":"@province","required":true}]}""");
        await using var _ = host;

        var delegated = await story.DecideAsync(await LinkFor(story, Province), "delegate", json: false);
        Assert.Equal(HttpStatusCode.BadRequest, delegated.StatusCode);
        var request = new HttpRequestMessage(HttpMethod.Post, await LinkFor(story, Province))
        {
            Content = new FormUrlEncodedContent([new("decision", "delegate"), new("delegateTo", "regency-35.73")]),
        };
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(request)).StatusCode);
        var link = await LinkFor(story, Regency, "Diserahkan kepada Anda");
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(link, "approve", "Saya setujui atas nama provinsi")).StatusCode);

        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());
        var audit = await host.Get<AuditLog>().ForSubjectAsync(story.Id);
        Assert.Contains(audit, a => a.Action == "Delegated" && a.Actor == "province-35" && a.Comment == "to regency-35.73");
        Assert.Contains(audit, a => a.Action == "DelegationReceived" && a.Actor == "regency-35.73");
        Assert.Contains(audit, a => a.Action == "Approved" && a.Actor == "regency-35.73");
    }

    [Fact]
    public async Task A_silent_approver_is_reminded_then_the_request_goes_up_a_level_keeping_decisions()
    {
        var (host, story) = await StartAsync("""{"rule":"AnyOf","approvers":[{"approver":"@regency"}]}""", reminder: 1, escalate: 2, expire: 60);
        await using var _ = host;

        await LinkFor(story, Regency, "Pengingat");
        var escalated = await LinkFor(story, Province, "Diteruskan kepada Anda");
        // The escalation put the request in the province's inbox too, beside the silent kab/kota coordinator's.
        var regencyInbox = await InboxOfAsync(story, Regency, "Pengingat");
        var provinceInbox = await InboxOfAsync(story, Province, "Diteruskan kepada Anda");
        var item = Assert.Single((await Inbox.InboxTests.ReadAsync(host, provinceInbox)).GetProperty("items").EnumerateArray());
        Assert.Equal((story.Name, "regency-35.73", "Waiting"), (item.GetProperty("title").GetString(), item.GetProperty("others")[0].GetProperty("id").GetString(),
            item.GetProperty("others")[0].GetProperty("state").GetString()));
        Assert.Equal(1, (await Inbox.InboxTests.ReadAsync(host, regencyInbox)).GetProperty("waiting").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(escalated, "approve", "Diambil alih provinsi")).StatusCode);

        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());
        Assert.Equal(0, (await Inbox.InboxTests.ReadAsync(host, regencyInbox)).GetProperty("waiting").GetInt32());
        Assert.Equal(0, (await Inbox.InboxTests.ReadAsync(host, provinceInbox)).GetProperty("waiting").GetInt32());
        var audit = await host.Get<AuditLog>().ForSubjectAsync(story.Id);
        Assert.Equal(["ApprovalRequested", "ApprovalReminded", "Escalated", "Approved"],
            audit.Where(a => a.Action is "ApprovalRequested" or "ApprovalReminded" or "Escalated" or "Approved").Select(a => a.Action));
    }

    [Fact]
    public async Task Without_any_decision_the_request_expires_after_escalation_and_the_community_is_told()
    {
        var (host, story) = await StartAsync("""{"rule":"AnyOf","approvers":[{"approver":"@regency"}]}""", reminder: 1, escalate: 2, expire: 4);
        await using var _ = host;
        var link = await LinkFor(story, Regency);

        Assert.Equal(RegistrationStatus.Expired, await story.CompletionAsync());
        Assert.Single(await story.MailAboutAsync(story.Email, "kedaluwarsa"));
        Assert.Single(await story.MailAboutAsync(Province, $"Diteruskan kepada Anda: {story.Name}"));
        Assert.Equal(HttpStatusCode.Gone, (await story.DecideAsync(link, "approve")).StatusCode);
    }

    [Fact]
    public async Task An_event_for_another_round_is_ignored()
    {
        var (host, story) = await StartAsync("""{"rule":"AnyOf","approvers":[{"approver":"@province"}]}""");
        await using var _ = host;
        var link = await LinkFor(story, Province);

        var raised = DateTimeOffset.UtcNow;
        await host.Get<DurableTaskClient>().RaiseAsync(story.Id, ApprovalDecisionEvent.EventFor(2),
            new ApprovalDecisionEvent("province-35", ApprovalDecision.Approve, null, DateTime.UtcNow));
        await HostState.SettledAfterAsync(host, story.Id, raised);
        Assert.Equal("PendingApproval", await story.StatusAsync());

        await story.DecideAsync(link, "reject", "Tidak");
        Assert.Equal(RegistrationStatus.Rejected, await story.CompletionAsync());
    }

    [Fact]
    public async Task The_policy_in_force_at_submission_applies_even_if_it_changes_during_review()
    {
        var (host, story) = await StartAsync("""{"rule":"AnyOf","approvers":[{"approver":"@province"}]}""");
        await using var _ = host;
        await host.Client.SendAsync(OperatorTests.Request(HttpMethod.Put, "/api/operator/policies/registration/regency-35.73",
            """{"rule":"AllOf","approvers":[{"approver":"@province"},{"approver":"@national"}]}"""));

        await story.DecideAsync(await LinkFor(story, Province), "approve");

        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());
        Assert.Empty(await story.MailAboutAsync(National, story.Name));
    }
}
