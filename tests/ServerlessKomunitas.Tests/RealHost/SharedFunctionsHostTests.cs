using System.Net;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Mentoring;
using ServerlessKomunitas.Tests.Operations;
using ServerlessKomunitas.Tests.Privacy;
using ServerlessKomunitas.Tests.Proposals;
using ServerlessKomunitas.Tests.Registrations;
using ServerlessKomunitas.Tests.Rsvps;

namespace ServerlessKomunitas.Tests.RealHost;

/// <summary>
/// On one shared Functions host: stories of the Local suite (the same code), operator keys, and a timer job run
/// through the admin API.
/// </summary>
[Trait("Category", "RealHost")]
[Collection(SharedFunctionsHostCollection.Name)]
public class SharedFunctionsHostTests(SharedFunctionsHost fixture)
{
    [Fact]
    public Task A_workshop_needs_both_coordinators_then_is_confirmed_and_appears_in_the_calendar_and_its_feed() =>
        EndToEnd.ProposalQuorumStoryTests.RunAsync(fixture.Host);

    [Fact]
    public Task Fifty_concurrent_rsvps_for_ten_seats_give_ten_attendees_and_forty_in_line_and_freed_seats_go_in_order() =>
        RsvpTests.FiftyForTenAsync(fixture.Host);

    [Fact]
    public async Task Members_sign_up_one_offers_mentoring_the_other_is_matched_checks_in_and_gives_feedback() =>
        await MentorshipWorkflowTests.FullProgrammeAsync(await MentoringStory.StartAsync([], fixture.Host));

    [Fact]
    public Task A_coordinator_decides_every_request_from_the_inbox_reached_from_an_email() =>
        Inbox.InboxTests.DecideEveryRequestFromTheInboxAsync(fixture.Host);

    /// <summary>In Jawa Tengah, a province no other story of this host uses, so that its coordinator's inbox and mail are the story's alone.</summary>
    [Fact]
    public Task A_hundred_requests_in_a_day_bring_ten_emails_and_one_digest_and_are_all_decided_from_the_inbox_before_any_expires() =>
        Inbox.InboxFloodTests.FloodAsync(fixture.Host, "koordinator.jawa-tengah@example.org", "33.74", () => fixture.Host.RunJobToEndAsync("ApproverDigest"));

    [Fact]
    public Task A_whatsapp_message_is_sent_once_and_its_signed_status_callbacks_reach_the_webhook_once_and_forged_ones_are_refused() =>
        WhatsApp.WhatsAppSendingTests.SendOnceAndFollowAsync(fixture.Host);

    [Fact]
    public Task A_whatsapp_reply_of_berhenti_stops_the_number_mulai_starts_it_and_other_replies_get_the_preferences_link() =>
        WhatsApp.WhatsAppSendingTests.RepliesAsync(fixture.Host);

    [Fact]
    public Task A_member_opts_in_to_whatsapp_from_the_preferences_page_and_it_is_on_only_after_the_link_in_the_whatsapp_message() =>
        WhatsApp.WhatsAppOptInTests.OptInAsync(fixture.Host);

    [Fact]
    public Task A_member_who_ticks_whatsapp_on_the_sign_up_form_gets_the_opt_in_message_only_after_confirming_their_membership() =>
        WhatsApp.WhatsAppOptInTests.SignUpWithWhatsAppAsync(fixture.Host);

    [Fact]
    public Task A_new_community_and_a_member_reach_the_map_and_the_open_data_without_a_rebuild() =>
        Mapping.MapRebuildTests.NewCommunityAsync(fixture.Host);

    [Fact]
    public Task A_contact_lists_their_community_and_the_directory_shows_it_with_members_the_host_signed_up() =>
        Listings.DirectoryTests.ListedCommunityAsync(fixture.Host);

    /// <summary>In Kota Balikpapan (Kalimantan Timur), a province no other story of this host uses.</summary>
    [Fact]
    public Task A_contact_asks_for_whatsapp_on_the_registration_form_and_confirms_a_proposal_from_the_whatsapp_message() =>
        WhatsApp.WhatsAppContactTests.ContactStoryAsync(fixture.Host, "64.71");

    /// <summary>In Sulawesi Utara, a province no other story of this host uses.</summary>
    [Fact]
    public Task A_coordinator_opts_in_from_the_inbox_gets_the_approval_request_on_whatsapp_and_decides_from_its_link() =>
        WhatsApp.WhatsAppApprovalTests.DecideFromWhatsAppAsync(fixture.Host);

    [Fact]
    public Task A_member_who_opted_in_gets_the_day_before_reminder_on_whatsapp_replies_berhenti_and_gets_nothing_more_there() =>
        WhatsApp.WhatsAppReminderTests.RemindThenStopAsync(fixture.Host);

    [Fact]
    public Task A_member_who_chose_whatsapp_only_gets_no_email_unless_whatsapp_fails_and_then_exactly_one() =>
        WhatsApp.WhatsAppReminderTests.WhatsAppOnlyFallsBackAsync(fixture.Host);

    [Fact]
    public async Task The_approver_digest_runs_through_the_admin_api_and_leads_to_the_inbox()
    {
        var host = fixture.Host;
        var story = new Story(host);
        await story.SubmitAsync(body => body["regencyCode"] = "51.71");
        await story.ConfirmAsync();
        await story.ApprovalLinkAsync(coordinator: "koordinator.bali@example.org", seconds: 120);

        Assert.Equal(HttpStatusCode.Accepted, (await host.RunJobAsync("ApproverDigest")).StatusCode);

        var digest = Assert.Single(await Mail.WaitForAsync(host.Client, "koordinator.bali@example.org", "permintaan menunggu keputusan Anda", seconds: 120));
        var inbox = new HttpRequestMessage(HttpMethod.Get, new Uri(Assert.Single(digest.Links("/api/inbox"))).PathAndQuery);
        inbox.Headers.Accept.ParseAdd("application/json");
        var view = await (await host.Client.SendAsync(inbox)).ReadJson();
        Assert.Equal(story.Name, Assert.Single(view.GetProperty("items").EnumerateArray()).GetProperty("title").GetString());
        Assert.Equal("WITA", view.GetProperty("zone").GetString());
    }

    [Fact]
    public Task A_member_exports_then_erases_their_data_starting_from_the_welcome_email() =>
        RightsFromAnEmailTests.ExportThenEraseAsync(fixture.Host);

    [Fact]
    public async Task Operator_routes_need_a_function_key_and_a_timer_job_runs_only_through_the_admin_api()
    {
        var host = fixture.Host;

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(OperatorTests.Request(HttpMethod.Get, "/api/operator/policies", key: null))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(OperatorTests.Request(HttpMethod.Get, "/api/operator/policies", key: "tebakan"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(OperatorTests.Request(HttpMethod.Get, "/api/operator/policies"))).StatusCode);

        // A member who joined before today's digest (due from 00.00 in the community's zone here) waits for it.
        var story = await ProposalStory.ForNewCommunityAsync(host, "35.73");
        var community = (await host.Get<RegistrationStore>().FindAsync(story.Valid()["communityId"]!.GetValue<string>()))!;
        var wibMidnight = new DateTimeOffset((DateTimeOffset.UtcNow + TimeSpan.FromHours(7)).Date, TimeSpan.Zero) - TimeSpan.FromHours(7);
        var person = new Person { PartitionKey = Person.KeyOf($"{Guid.NewGuid():N}@example.org"), Name = "Anggota Kemarin", SubsectorSlugs = "musik", ConfirmedAt = wibMidnight.AddHours(-1) };
        await host.Get<NewMemberQueue>().AddAsync(person, new Membership { PartitionKey = person.PartitionKey, RowKey = Membership.RowOf(community.Id), CommunityId = community.Id, ConfirmedAt = person.ConfirmedAt }, "Kota Malang");

        // The timer is disabled, so nothing runs on the clock; the admin API runs it now.
        Assert.Empty(await Mail.ToAsync(host.Client, community.Email));
        Assert.Equal(HttpStatusCode.Accepted, (await host.RunJobAsync("MemberDigest")).StatusCode);

        var digest = Assert.Single(await Mail.WaitForAsync(host.Client, community.Email, "anggota baru", seconds: 120));
        Assert.Contains("Anggota Kemarin", digest.Text);
    }
}
