using System.Net;
using System.Text.Json;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Registrations;

/// <summary>
/// The registration workflow's decisions on the real Durable Task engine (Azure Storage provider on Azurite), with the
/// real activities and the real SendGrid client against the local endpoint.
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
        Assert.Equal(["Submitted", "Confirmed", "ReviewStarted", "ApprovalRequested", "Approved", "ReviewApproved"], audit.Select(a => a.Action));
        var approval = audit.Single(a => a.Action == "Approved");
        Assert.Equal("province-35", approval.Actor);
        Assert.Equal("Selamat bergabung, Malang!", approval.Comment);
        Assert.Equal(story.Id, approval.InstanceId);
        Assert.Equal("registration/national", audit.Single(a => a.Action == "ReviewStarted").Comment);
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
        Assert.Equal("Reject", (await rejected.ReadJson()).GetProperty("decision").GetString());

        Assert.Equal(RegistrationStatus.Rejected, await story.CompletionAsync());
        var notice = Assert.Single(await story.MailAboutAsync(story.Email, "belum dapat disetujui"));
        Assert.Contains("Lengkapi tautan portofolio <b>komunitas</b>.", notice.Text);
        Assert.Contains("Lengkapi tautan portofolio &lt;b&gt;komunitas&lt;/b&gt;.", notice.Html);
        Assert.Empty(await story.MailAboutAsync(story.Email, "diterima"));
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
        Assert.Equal("Approve", problem.GetProperty("decision").GetString());
        Assert.Equal(409, Assert.Single(problem.EnumerateObject(), p => p.Name == "status").Value.GetInt32());
        Assert.Equal("Approved", problem.GetProperty("currentStatus").GetString());
        Assert.Equal("province-35", problem.GetProperty("decidedBy").GetString());
        Assert.True(problem.TryGetProperty("decidedAt", out _));
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("Anda sudah menyetujui", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, show.StatusCode);
        Assert.Equal("Approved", await story.StatusAsync());
        await HostState.SettledAsync(host);
        Assert.Single(await story.MailAboutAsync(story.Email, "diterima di jaringan"));
        Assert.Empty(await story.MailAboutAsync(story.Email, "belum dapat disetujui"));
    }

    [Fact]
    public async Task A_community_in_a_province_without_a_coordinator_is_decided_nationally_with_times_in_its_own_zone()
    {
        await using var host = await LocalHost.StartAsync(Story.Timings());
        await host.Get<ServerlessKomunitas.Storage.KomunitasTables>().Client(ServerlessKomunitas.Coordinators.CoordinatorDirectory.TableName).DeleteEntityAsync("province", "63");
        var story = new Story(host);
        await story.SubmitAsync(body => body["regencyCode"] = "63.09");

        var confirmation = (await Mail.WaitForAsync(host.Client, story.Email, "Konfirmasi email pendaftaran"))[0];
        Assert.Contains(" WITA", confirmation.Text);
        await story.ConfirmAsync();
        var request = (await Mail.WaitForAsync(host.Client, "koordinator.nasional@example.org", story.Name))[0];

        Assert.Contains("Kabupaten Tabalong", request.Text);
        Assert.Contains(" WIB", request.Text);
        Assert.Contains("national-ID", (await host.Get<AuditLog>().ForSubjectAsync(story.Id)).Select(a => a.Actor));
    }


}
