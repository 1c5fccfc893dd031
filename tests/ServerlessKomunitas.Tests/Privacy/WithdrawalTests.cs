using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Privacy;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Mentoring;
using ServerlessKomunitas.Tests.Rsvps;

namespace ServerlessKomunitas.Tests.Privacy;

/// <summary>Withdrawing consent from the "Data saya" page: processing stops before the answer, and only the confirmation is sent.</summary>
public class WithdrawalTests
{
    const string Confirmation = "Persetujuan Anda sudah ditarik";

    static string WithdrawPath(IAppHost host, string personKey) =>
        new Uri(host.Get<PreferenceLinks>().MyData(personKey)).PathAndQuery.Replace("/api/my-data?", "/api/my-data/withdraw?");

    [Fact]
    public async Task A_mentee_who_withdraws_ends_the_mentorship_the_mentor_is_told_and_the_mentee_gets_only_the_confirmation()
    {
        var story = await MentoringStory.StartAsync(MentoringStory.Timings(interval: 30));
        await using var _ = story.Host;
        var mentor = await story.JoinAsync("Mentor Setia", offers: true);
        var mentee = await story.JoinAsync("Mentee Mundur", wantsMentor: true);
        await story.AnswerAsync(mentor, mentee, "accept");
        await story.WaitForStatusAsync(mentee, MentorshipStatus.Active);
        await Mail.WaitForAsync(story.Host.Client, mentee.Email, "Mentoring dimulai");
        var path = WithdrawPath(story.Host, mentee.Key);
        var before = (await Mail.ToAsync(story.Host.Client, mentee.Email)).Count;

        var unconfirmed = await story.Host.Client.PostJsonAsync(path, new { confirm = false });
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Equal("application/problem+json", unconfirmed.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"confirm\"", await unconfirmed.Content.ReadAsStringAsync());
        Assert.Equal(PersonStatus.Confirmed, (await story.Host.Get<PersonStore>().FindPersonAsync(mentee.Key))!.Status);

        var asked = DateTimeOffset.UtcNow.AddSeconds(-1);
        var response = await story.Host.Client.PostJsonAsync(path, new { confirm = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Withdrawn", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(PersonStatus.Withdrawn, (await story.Host.Get<PersonStore>().FindPersonAsync(mentee.Key))!.Status);
        Assert.Equal(MentorshipStatus.Ended, await story.CompletionAsync(mentee));
        var row = await story.RowAsync(mentee);
        Assert.Equal((MentorshipRoles.Mentee, MentorshipPersonalData.WithdrawnEndReason), (row.EndedBy, row.EndReason));
        var told = Assert.Single(await Mail.WaitForAsync(story.Host.Client, mentor.Email, "Mentoring dihentikan"));
        Assert.Contains(MentorshipPersonalData.WithdrawnEndReason, told.Text);
        Assert.Equal(0, await story.LoadOfAsync(mentor));
        Assert.Single(await Mail.WaitForAsync(story.Host.Client, mentee.Email, Confirmation));

        // Asking again changes nothing and sends nothing more.
        Assert.Equal(HttpStatusCode.OK, (await story.Host.Client.PostJsonAsync(path, new { confirm = true })).StatusCode);
        await HostState.SettledAsync(story.Host);
        var afterwards = (await Mail.ToAsync(story.Host.Client, mentee.Email)).OrderBy(m => m.SentAt).Skip(before).Select(m => m.Subject);
        Assert.Equal([Confirmation], afterwards);
        Assert.Contains(await story.Host.Get<AuditLog>().ForSubjectAsync(mentee.Key), e => e.Action == "ConsentWithdrawn");
        var log = Assert.Single(await story.Host.Get<PrivacyRequests>().LogAsync(asked, DateTimeOffset.UtcNow.AddHours(1)));
        Assert.True(log.CompletedAt <= log.DueBy);
        Assert.Equal(RightsRequestKind.Withdrawal, log.Kind);
        Assert.Empty(await story.Host.Get<PrivacyRequests>().OpenBeforeAsync(DateTimeOffset.UtcNow.AddHours(1)));
    }

    [Fact]
    public async Task A_community_contact_who_withdraws_frees_their_seat_for_the_waitlist_the_coordinator_is_told_and_nothing_else_reaches_them()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var contact = await MemberStory.ConfirmedPersonAsync(host, community, "Kontak Mundur", email: community.Email);
        var waiting = await MemberStory.ConfirmedPersonAsync(host, community, "Menunggu Kursi");
        var e = await EventStory.PublishAsync(host, community, DateTimeOffset.UtcNow.AddDays(10), capacity: 1);
        var rsvps = host.Get<EventRsvps>();
        await rsvps.AttendAsync(e, contact);
        await rsvps.AttendAsync(e, waiting);
        Assert.Equal(RsvpStatus.Waitlisted, (await host.Get<RsvpStore>().FindAsync(e.Entry.ProposalId, waiting.Key))!.Status);

        var form = new FormUrlEncodedContent([new("confirm", "ya")]);
        var response = await host.Client.PostAsync(WithdrawPath(host, contact.Key), form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Persetujuan ditarik", await response.Content.ReadAsStringAsync());
        Assert.Equal(RsvpStatus.Cancelled, (await host.Get<RsvpStore>().FindAsync(e.Entry.ProposalId, contact.Key))!.Status);
        Assert.Equal(RsvpStatus.Attending, (await host.Get<RsvpStore>().FindAsync(e.Entry.ProposalId, waiting.Key))!.Status);
        await Mail.WaitForAsync(host.Client, waiting.Email, "Ada tempat untuk Anda: " + e.Entry.Title);
        var approver = await host.Get<CoordinatorDirectory>().FindApproverAsync(community.ProvinceCode);
        var notice = Assert.Single(await Mail.WaitForAsync(host.Client, approver.Email, "Kontak komunitas menarik persetujuan data"));
        Assert.Contains(community.Name, notice.Text);
        Assert.Contains(e.Proposal.Title, notice.Text);
        Assert.DoesNotContain(contact.Email, notice.Text);

        // Every later email to them is skipped by the ledger; the jobs no longer see them.
        var later = EmailLayout.Compose(contact.Email, contact.Name, "Uji", ["Tidak boleh terkirim."]);
        Assert.Equal(LedgerOutcome.Suppressed, await host.Get<EmailLedger>().SendOnceAsync(new LedgerKey("test-" + contact.Key, "later", 0, "person"), later));
        await foreach (var page in host.Get<PersonStore>().ConfirmedPagesAsync(100))
        {
            Assert.DoesNotContain(page.Values, p => p.Key == contact.Key);
        }
        Assert.Equal(Confirmation, Assert.Single(await Mail.ToAsync(host.Client, contact.Email), m => m.Subject == Confirmation).Subject);
        Assert.DoesNotContain(await Mail.ToAsync(host.Client, contact.Email), m => m.Subject == "Uji");

        // The preferences page cannot lift the suppression for them.
        var preferences = new Uri(host.Get<PreferenceLinks>().Page(contact.Key)).PathAndQuery;
        Assert.Contains("sudah menarik persetujuan", await host.Client.GetStringAsync(preferences));
        await host.Client.PostAsync(preferences, new FormUrlEncodedContent([new("action", "reconfirm")]));
        await HostState.SettledAsync(host);
        Assert.DoesNotContain(await Mail.ToAsync(host.Client, contact.Email), m => m.Subject == "Konfirmasi alamat email Anda");
        Assert.True(await host.Get<Suppressions>().IsSuppressedAsync(contact.Email));
    }
}
