using System.Net;
using Microsoft.DurableTask.Client;
using ServerlessKomunitas.Approvals;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Tests.Proposals;

/// <summary>
/// A proposal's workflow on the real Durable Task engine (in-memory backend, hosted by Local) with the real
/// activities: a community in Kabupaten Tabalong, whose kab/kota coordinator decides (the seeded national policy).
/// </summary>
public class ProposalWorkflowTests
{
    static async Task<(LocalHost, ProposalStory)> StartAsync(Dictionary<string, string?>? timings = null)
    {
        var host = await LocalHost.StartAsync(timings ?? ProposalStory.Timings());
        var story = await ProposalStory.ForNewCommunityAsync(host);
        return (host, story);
    }

    [Fact]
    public async Task Proposed_confirmed_approved_and_the_event_confirmed_appears_in_the_calendar_with_its_ics()
    {
        var (host, story) = await StartAsync();
        await using var _ = host;
        Assert.Equal(HttpStatusCode.Accepted, (await story.SubmitAsync()).StatusCode);

        await story.ConfirmAsync();
        var link = await story.ApproverLinkAsync(ProposalStory.TabalongCoordinator);
        Assert.Contains("Minta perubahan", await host.Client.GetStringAsync(link));
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(link, "approve", "Silakan lanjut")).StatusCode);

        var approved = Assert.Single(await Mail.WaitForAsync(host.Client, story.ContactEmail, $"Usulan disetujui: {story.Title}"));
        var tentative = Ical.Net.Calendar.Load(Assert.Single(approved.Attachments).Text)!;
        Assert.Equal("TENTATIVE", Assert.Single(tentative.Events).Status);
        Assert.Empty(await story.CalendarAsync());

        var confirmEvent = await story.LinkAsync(story.ContactEmail, $"Usulan disetujui: {story.Title}", "/api/proposals/confirm-event/");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(confirmEvent)).StatusCode);
        Assert.Equal("Approved", await story.StatusNameAsync());
        Assert.Equal(HttpStatusCode.OK, (await story.ActAsync(confirmEvent)).StatusCode);

        var confirmed = Assert.Single(await Mail.WaitForAsync(host.Client, story.ContactEmail, $"Kegiatan terkonfirmasi: {story.Title}"));
        var attachment = Assert.Single(confirmed.Attachments);
        Assert.Equal("kegiatan.ics", attachment.FileName);
        var ics = Assert.Single(Ical.Net.Calendar.Load(attachment.Text)!.Events);
        Assert.Equal("CONFIRMED", ics.Status);
        Assert.Equal(Assert.Single(tentative.Events).Uid, ics.Uid);
        var listed = Assert.Single(await story.CalendarAsync());
        Assert.Equal(story.Title, listed.GetProperty("title").GetString());
        Assert.Equal("WITA", listed.GetProperty("zone").GetString());
        Assert.Equal(ics.Start!.AsUtc, listed.GetProperty("start").GetDateTimeOffset().UtcDateTime);

        var status = await story.StatusAsync();
        Assert.Equal("Confirmed", status.GetProperty("status").GetString());
        var decision = Assert.Single(status.GetProperty("decisions").EnumerateArray());
        Assert.Equal("Approve", decision.GetProperty("decision").GetString());
        Assert.Equal("Silakan lanjut", decision.GetProperty("comment").GetString());
        var history = status.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Contains("EventConfirmed", history);
        Assert.Contains("Listed", history);
        Assert.Equal(HttpStatusCode.OK, (await story.ActAsync(confirmEvent)).StatusCode);
        Assert.Single(await Mail.ToAsync(host.Client, story.ContactEmail), m => m.Subject.StartsWith("Kegiatan terkonfirmasi", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_confirmed_event_stays_listed_until_it_starts_and_once_it_ended_the_workflow_ends_confirmed_and_the_map_counts_it_held()
    {
        var (host, story) = await StartAsync(ProposalStory.Timings(confirmEventBefore: 1));
        await using var _ = host;
        // Submission, review and the event's confirmation must all happen before it starts, even on a busy machine.
        var start = DateTimeOffset.UtcNow.AddSeconds(45);
        await story.SubmitAsync(body => { body["start"] = start.ToString("o"); body["end"] = start.AddSeconds(30).ToString("o"); });
        await story.ConfirmAsync();
        await story.DecideAsync(await story.ApproverLinkAsync(ProposalStory.TabalongCoordinator), "approve");
        await story.ActAsync(await story.LinkAsync(story.ContactEmail, $"Usulan disetujui: {story.Title}", "/api/proposals/confirm-event/"));

        await story.WaitForStageAsync(ProposalStage.Listed);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Get<DurableTaskClient>().GetInstanceAsync(story.Id))!.RuntimeStatus);
        // On the map it is upcoming until it ends (read first: only a read made before the end must say so).
        var figures = host.Get<ServerlessKomunitas.Mapping.MapFigureStore>();
        var whileOn = await figures.AreaAsync("63.09");
        if (DateTimeOffset.UtcNow < start.AddSeconds(30))
        {
            Assert.Equal(1, whileOn.GetValueOrDefault(ServerlessKomunitas.Mapping.MapMeasures.EventsUpcoming));
        }
        // Its history reads in Bahasa Indonesia to the end, where the system listed it (the audit entry follows the stage).
        string history;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/proposals/{story.Id}") { Headers = { Accept = { new("text/html") } } });
            history = Language.VisibleText(await page.Content.ReadAsStringAsync());
            if (history.Contains("tampil di kalender kegiatan", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(200);
        }
        Assert.Contains("tampil di kalender kegiatan", history);
        Assert.Empty(Language.English(history));
        Assert.Equal(ProposalStatus.Confirmed, await story.CompletionAsync());
        Assert.True(DateTimeOffset.UtcNow >= start.AddSeconds(30));
        // It ended: the map counts it held, with no rebuild.
        var tabalong = await figures.AreaAsync("63.09");
        Assert.Equal((1, 0), (tabalong.GetValueOrDefault(ServerlessKomunitas.Mapping.MapMeasures.EventsHeld), tabalong.GetValueOrDefault(ServerlessKomunitas.Mapping.MapMeasures.EventsUpcoming)));
        // Once it has ended, its withdrawal link is spent.
        Assert.Equal(HttpStatusCode.Gone, (await story.ActAsync(await story.WithdrawLinkAsync())).StatusCode);
    }

    [Fact]
    public async Task Changes_requested_then_edited_starts_a_new_round_where_old_links_and_decisions_do_not_count()
    {
        var (host, story) = await StartAsync();
        await using var _ = host;
        await story.SubmitAsync();
        await story.ConfirmAsync();
        var round1 = await story.ApproverLinkAsync(ProposalStory.TabalongCoordinator);
        Assert.Equal(HttpStatusCode.BadRequest, (await story.DecideAsync(round1, "changes")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(round1, "changes", "Tambahkan rincian biaya")).StatusCode);

        var edit = await story.LinkAsync(story.ContactEmail, $"Usulan perlu diperbaiki: {story.Title}", "/api/proposals/edit/");
        var mail = (await Mail.WaitForAsync(host.Client, story.ContactEmail, "perlu diperbaiki"))[0];
        Assert.Contains("Tambahkan rincian biaya", mail.Text);
        Assert.Contains(">Gedung Pemuda Tanjung, Jl. Pangeran Antasari</textarea>", await host.Client.GetStringAsync(edit));
        var edited = story.Valid();
        edited["description"] = "Belajar animasi 2D. Biaya: gratis, didukung sponsor.";
        var response = await host.Client.SendAsync(ProposalStory.Json(edit, edited));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await host.Client.SendAsync(ProposalStory.Json(edit, edited))).StatusCode);

        var round2 = await story.ApproverLinkAsync(ProposalStory.TabalongCoordinator, count: 2);
        Assert.NotEqual(round1, round2);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client.GetAsync(round1)).StatusCode);
        Assert.Contains("tidak berlaku lagi", await (await host.Client.GetAsync(round1)).Content.ReadAsStringAsync());
        // An event for the old round is ignored.
        var raised = DateTimeOffset.UtcNow;
        await host.Get<DurableTaskClient>().RaiseAsync(story.Id, ApprovalDecisionEvent.EventFor(1),
            new ApprovalDecisionEvent("regency-63.09", ApprovalDecision.Approve, null, DateTime.UtcNow));
        await HostState.SettledAfterAsync(host, story.Id, raised);
        Assert.Equal("InReview", await story.StatusNameAsync());

        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(round2, "approve")).StatusCode);
        await story.WaitForStatusAsync("Approved");
        var decisions = (await story.StatusAsync()).GetProperty("decisions").EnumerateArray().ToList();
        Assert.Equal([1, 2], decisions.Select(d => d.GetProperty("round").GetInt32()));
        Assert.Equal("Belajar animasi 2D. Biaya: gratis, didukung sponsor.", (await host.Get<ProposalStore>().FindAsync(story.Id))!.Description);
    }

    [Fact]
    public async Task A_proposal_its_contact_never_confirms_expires_unreviewed()
    {
        var (host, story) = await StartAsync(ProposalStory.Timings(confirm: 2));
        await using var _ = host;
        await story.SubmitAsync();
        var link = await story.ConfirmLinkAsync();

        Assert.Equal(ProposalStatus.Expired, await story.CompletionAsync());
        Assert.Equal(HttpStatusCode.Gone, (await story.ActAsync(link)).StatusCode);
        Assert.Empty(await Mail.ToAsync(host.Client, ProposalStory.TabalongCoordinator));
    }

    [Fact]
    public async Task An_approved_event_never_confirmed_is_reminded_once_then_expires_before_it_starts()
    {
        // The review must end before the confirmation deadline (25 s from now), even on a busy machine.
        var (host, story) = await StartAsync(ProposalStory.Timings(eventReminder: 1, confirmEventBefore: 35));
        await using var _ = host;
        var start = DateTimeOffset.UtcNow.AddSeconds(60);
        // An explicit offset keeps the seconds that the form's minute precision would drop.
        Assert.Equal(HttpStatusCode.Accepted, (await story.SubmitAsync(body => { body["start"] = start.ToString("o"); body["end"] = start.AddHours(1).ToString("o"); })).StatusCode);
        await story.ConfirmAsync();
        await story.DecideAsync(await story.ApproverLinkAsync(ProposalStory.TabalongCoordinator), "approve");

        await Mail.WaitForAsync(host.Client, story.ContactEmail, $"Pengingat: konfirmasi kegiatan {story.Title}");
        Assert.Equal(ProposalStatus.Expired, await story.CompletionAsync());
        Assert.Single(await Mail.WaitForAsync(host.Client, story.ContactEmail, $"Usulan kedaluwarsa: {story.Title}"));
    }

    public static TheoryData<string> WithdrawableStates() => ["AwaitingConfirmation", "InReview", "ChangesRequested", "Approved"];

    [Theory]
    [MemberData(nameof(WithdrawableStates))]
    public async Task A_proposal_can_be_withdrawn_in_each_open_state(string state)
    {
        var (host, story) = await StartAsync();
        await using var _ = host;
        await story.SubmitAsync();
        var withdraw = await story.WithdrawLinkAsync();
        if (state != "AwaitingConfirmation")
        {
            await story.ConfirmAsync();
            var link = await story.ApproverLinkAsync(ProposalStory.TabalongCoordinator);
            if (state == "ChangesRequested")
            {
                await story.DecideAsync(link, "changes", "Perbaiki judul");
            }
            else if (state == "Approved")
            {
                await story.DecideAsync(link, "approve");
            }
        }
        await story.WaitForStatusAsync(state);
        Assert.Contains("Tarik usulan", await host.Client.GetStringAsync(withdraw));
        // While in review the proposal waits in the coordinator's inbox; withdrawn, it leaves it.
        var inbox = state == "InReview" ? await InboxOfAsync(host, story) : null;
        if (inbox is not null)
        {
            Assert.Contains(story.Title, await TitlesWaitingAsync(host, inbox));
        }

        var response = await story.ActAsync(withdraw);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ProposalStatus.Withdrawn, await story.CompletionAsync());
        if (inbox is not null)
        {
            Assert.DoesNotContain(story.Title, await TitlesWaitingAsync(host, inbox));
            Assert.DoesNotContain(story.Title, await host.Client.GetStringAsync(inbox));
        }
        Assert.Equal("Withdrawn", await story.StatusNameAsync());
        var again = await story.ActAsync(withdraw);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.ReadJson();
        Assert.Equal("urn:serverless-komunitas:problem:invalid-transition", problem.GetProperty("type").GetString());
        // RFC 9457's status is the number, once; the record's own state has a member of its own.
        Assert.Equal(409, Assert.Single(problem.EnumerateObject(), p => p.Name == "status").Value.GetInt32());
        Assert.Equal("Withdrawn", problem.GetProperty("currentStatus").GetString());
    }

    static async Task<string> InboxOfAsync(LocalHost host, ProposalStory story)
    {
        var request = (await Mail.WaitForAsync(host.Client, ProposalStory.TabalongCoordinator, $"Usulan kegiatan menunggu keputusan Anda: {story.Title}"))[0];
        return new Uri(Assert.Single(request.Links("/api/inbox"))).PathAndQuery;
    }

    static async Task<List<string?>> TitlesWaitingAsync(LocalHost host, string inbox) =>
        (await Inbox.InboxTests.ReadAsync(host, inbox)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ToList();

    [Fact]
    public async Task Withdrawing_a_confirmed_event_cancels_it_and_a_rejected_proposal_cannot_be_withdrawn()
    {
        var (host, story) = await StartAsync();
        await using var _ = host;
        await story.SubmitAsync();
        var withdraw = await story.WithdrawLinkAsync();
        await story.ConfirmAsync();
        await story.DecideAsync(await story.ApproverLinkAsync(ProposalStory.TabalongCoordinator), "approve");
        await story.ActAsync(await story.LinkAsync(story.ContactEmail, $"Usulan disetujui: {story.Title}", "/api/proposals/confirm-event/"));
        await story.WaitForStageAsync(ProposalStage.Listed);
        await Mail.WaitForAsync(host.Client, story.ContactEmail, $"Kegiatan terkonfirmasi: {story.Title}");
        Assert.Single(await story.CalendarAsync());

        Assert.Equal(HttpStatusCode.OK, (await story.ActAsync(withdraw)).StatusCode);
        Assert.Equal("Cancelled", await story.StatusNameAsync());
        Assert.Equal(ProposalStatus.Cancelled, await story.CompletionAsync());
        Assert.Empty(await story.CalendarAsync());
        var cancelled = Assert.Single(await Mail.WaitForAsync(host.Client, story.ContactEmail, $"Kegiatan dibatalkan: {story.Title}"));
        var removal = Ical.Net.Calendar.Load(Assert.Single(cancelled.Attachments).Text)!;
        Assert.Equal("CANCEL", removal.Method);
        Assert.Equal("CANCELLED", Assert.Single(removal.Events).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await story.ActAsync(withdraw)).StatusCode);

        var rejected = await ProposalStory.ForNewCommunityAsync(host);
        await rejected.SubmitAsync();
        var rejectedWithdraw = await rejected.WithdrawLinkAsync();
        await rejected.ConfirmAsync();
        await rejected.DecideAsync(await rejected.ApproverLinkAsync(ProposalStory.TabalongCoordinator), "reject", "Tidak sesuai");
        Assert.Equal(ProposalStatus.Rejected, await rejected.CompletionAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await rejected.ActAsync(rejectedWithdraw)).StatusCode);
    }

    [Fact]
    public async Task Editing_is_refused_while_the_proposal_is_in_review()
    {
        var (host, story) = await StartAsync();
        await using var _ = host;
        await story.SubmitAsync();
        await story.ConfirmAsync();
        await story.ApproverLinkAsync(ProposalStory.TabalongCoordinator);
        var proposal = (await host.Get<ProposalStore>().FindAsync(story.Id))!;
        var edit = host.Get<ProposalLinks>().Edit(proposal, 1, DateTimeOffset.UtcNow.AddDays(1));

        var response = await host.Client.SendAsync(ProposalStory.Json(new Uri(edit).PathAndQuery, story.Valid()));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("meminta perubahan", (await response.ReadJson()).GetProperty("detail").GetString());
    }
}
