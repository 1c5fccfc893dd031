using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Mentoring;

/// <summary>The mentoring workflow on the real engine with the real activities, with a programme measured in seconds.</summary>
public class MentorshipWorkflowTests
{
    [Fact]
    public async Task A_full_programme_matched_accepted_checked_in_and_completed_with_feedback()
    {
        var story = await MentoringStory.StartAsync(MentoringStory.Timings());
        await using var _ = story.Host;
        await FullProgrammeAsync(story);
    }

    /// <summary>
    /// Two members join the story's community (one offers mentoring, one asks for it), are matched, and go through the
    /// programme to its feedback: on the Local host here, and on the real Functions host in the real-host tier.
    /// </summary>
    internal static async Task FullProgrammeAsync(MentoringStory story)
    {
        var mentor = await story.JoinAsync("Bayu Mentor", offers: true, subsectors: "desain-komunikasi-visual,fotografi");
        var mentee = await story.JoinAsync("Sari Mentee", wantsMentor: true);

        var offer = await story.OfferLinkAsync(mentor, mentee);
        var page = await story.Host.Client.GetStringAsync(offer);
        Assert.Contains("komunitas yang sama", page);
        Assert.Equal(MentorshipStatus.Offered, (await story.RowAsync(mentee)).Status);
        await story.AnswerAsync(mentor, mentee, "accept");

        var started = Assert.Single(await Mail.WaitForAsync(story.Host.Client, mentee.Email, "Mentoring dimulai"));
        Assert.Contains(mentor.Email, started.Text);
        var toContact = Assert.Single(await Mail.WaitForAsync(story.Host.Client, story.Community.Email, "Mentoring dimulai"));
        Assert.Contains("komunitas yang sama, 1 subsektor sama, kabupaten/kota yang sama", toContact.Text);
        var row = await story.RowAsync(mentee);
        Assert.Equal((true, 1, "SameRegency", 13), (row.ScoreSameCommunity, row.ScoreSharedSubsectors, row.ScoreNearness, row.ScorePoints));
        Assert.Equal(1, await story.LoadOfAsync(mentor));

        var status = new Uri(Assert.Single(started.Links("/api/mentorships/"), l => l.Contains("?k="))).PathAndQuery;
        var view = await story.JsonAsync(status);
        Assert.Equal("Bayu Mentor", view.GetProperty("mentorName").GetString());

        for (var n = 1; n <= 2; n++)
        {
            await story.CheckInAsync(mentee, n, 2, rating: 5);
            await story.CheckInAsync(mentor, n, 2);
        }
        foreach (var who in new[] { mentee, mentor })
        {
            var link = await story.LinkAsync(who.Email, "bagaimana menurut Anda", "/api/mentorships/feedback/");
            Assert.Equal(HttpStatusCode.OK, (await story.PostAsync(link, new { rating = 5, comment = "Bermanfaat" })).StatusCode);
        }

        Assert.Equal(MentorshipStatus.Completed, await story.CompletionAsync(mentee));
        Assert.Equal(0, await story.LoadOfAsync(mentor));
        Assert.Single(await Mail.WaitForAsync(story.Host.Client, mentor.Email, "Mentoring tercatat selesai"));
        var checkIns = await story.Host.Get<MentorshipStore>().CheckInsAsync(story.MentorshipOf(mentee));
        Assert.Equal(4, checkIns.Count);
        Assert.All(checkIns, c => Assert.False(c.Missed));
        Assert.DoesNotContain(await Mail.ToAsync(story.Host.Client, mentee.Email), m => m.Subject.StartsWith("Pengingat", StringComparison.Ordinal));
        var finalView = await story.JsonAsync(status);
        Assert.Equal("Completed", finalView.GetProperty("status").GetString());
        Assert.Equal(4, finalView.GetProperty("checkIns").GetArrayLength());
        // A check-in counts as activity.
        foreach (var who in new[] { mentee, mentor })
        {
            Assert.NotNull((await story.Host.Get<ServerlessKomunitas.Members.PersonStore>().FindPersonAsync(who.Key))!.LastActiveAt);
        }
    }

    [Fact]
    public async Task A_mentor_who_declines_is_skipped_and_the_next_match_is_asked()
    {
        var story = await MentoringStory.StartAsync(MentoringStory.Timings());
        await using var _ = story.Host;
        var first = await story.JoinAsync("Mentor Pertama", offers: true);
        var second = await story.JoinAsync("Mentor Kedua", offers: true, regency: "63.71");
        var mentee = await story.JoinAsync("Mentee Satu", wantsMentor: true);

        await story.AnswerAsync(first, mentee, "decline");
        await story.AnswerAsync(second, mentee, "accept");

        await story.WaitForStatusAsync(mentee, MentorshipStatus.Active);
        var row = await story.RowAsync(mentee);
        Assert.Equal(second.Key, row.MentorKey);
        Assert.Equal([first.Key], row.ExcludedKeys);
        Assert.Equal("SameProvince", row.ScoreNearness);
        Assert.Equal(0, await story.LoadOfAsync(first));
        Assert.Equal(1, await story.LoadOfAsync(second));
    }

    [Fact]
    public async Task A_mentor_who_does_not_answer_in_time_is_skipped_and_their_late_answer_is_refused()
    {
        var story = await MentoringStory.StartAsync(MentoringStory.Timings(offerTimeout: 15));
        await using var _ = story.Host;
        var silent = await story.JoinAsync("Mentor Diam", offers: true);
        var second = await story.JoinAsync("Mentor Sigap", offers: true, regency: "63.71");
        var mentee = await story.JoinAsync("Mentee Dua", wantsMentor: true);
        var lateLink = await story.OfferLinkAsync(silent, mentee);
        // The second mentor answers inside their own offer's window (15 s), which starts when the first one's ends.

        await story.AnswerAsync(second, mentee, "accept");

        await story.WaitForStatusAsync(mentee, MentorshipStatus.Active);
        Assert.Equal(second.Key, (await story.RowAsync(mentee)).MentorKey);
        // The link lived as long as the offer: a late answer finds it expired.
        var late = await story.PostAsync(lateLink, new { decision = "accept" });
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
    }

    [Fact]
    public async Task With_no_candidate_the_mentee_and_contact_are_told_and_a_new_mentor_joining_is_asked()
    {
        var story = await MentoringStory.StartAsync(MentoringStory.Timings());
        await using var _ = story.Host;
        var mentee = await story.JoinAsync("Mentee Menunggu", wantsMentor: true);
        // A mentor with no shared subsector does not count.
        await story.JoinAsync("Pemusik", offers: true, subsectors: "musik");

        await Mail.WaitForAsync(story.Host.Client, mentee.Email, "Mentor belum tersedia");
        Assert.Single(await Mail.WaitForAsync(story.Host.Client, story.Community.Email, "menunggu mentor"));
        Assert.Equal(MentorshipStatus.Waiting, (await story.RowAsync(mentee)).Status);

        var newcomer = await story.JoinAsync("Mentor Baru", offers: true, regency: "35.73");
        await story.AnswerAsync(newcomer, mentee, "accept");

        await story.WaitForStatusAsync(mentee, MentorshipStatus.Active);
        var row = await story.RowAsync(mentee);
        Assert.Equal(newcomer.Key, row.MentorKey);
        Assert.Equal("Elsewhere", row.ScoreNearness);
    }

    [Fact]
    public async Task A_missed_check_in_is_reminded_once_and_two_misses_in_a_row_tell_the_community_contact()
    {
        // The window is the time the mentor has to check in from their email: long enough for a busy machine.
        var story = await MentoringStory.StartAsync(MentoringStory.Timings(window: 10, interval: 1.5, feedback: 2));
        await using var _ = story.Host;
        var mentor = await story.JoinAsync("Mentor Rajin", offers: true);
        var mentee = await story.JoinAsync("Mentee Sibuk", wantsMentor: true);
        await story.AnswerAsync(mentor, mentee, "accept");

        await story.CheckInAsync(mentor, 1, 2);
        await Mail.WaitForAsync(story.Host.Client, mentee.Email, "Pengingat: check-in mentoring 1");
        await story.CheckInAsync(mentor, 2, 2);
        await Mail.WaitForAsync(story.Host.Client, mentee.Email, "Pengingat: check-in mentoring 2");

        var contact = Assert.Single(await Mail.WaitForAsync(story.Host.Client, story.Community.Email, "melewatkan dua check-in"));
        Assert.Contains("Mentee Sibuk", contact.Subject);
        Assert.DoesNotContain(await Mail.ToAsync(story.Host.Client, mentor.Email), m => m.Subject.StartsWith("Pengingat", StringComparison.Ordinal));
        var checkIns = await story.Host.Get<MentorshipStore>().CheckInsAsync(story.MentorshipOf(mentee));
        Assert.Equal(2, checkIns.Count(c => c.Role == MentorshipRoles.Mentee && c.Missed));
        Assert.Equal(2, checkIns.Count(c => c.Role == MentorshipRoles.Mentor && !c.Missed));
        Assert.Single(await Mail.ToAsync(story.Host.Client, mentee.Email), m => m.Subject == "Pengingat: check-in mentoring 1 bersama Mentor Rajin");
    }

    [Fact]
    public async Task Either_side_can_end_early_with_a_reason_and_both_are_told()
    {
        var story = await MentoringStory.StartAsync(MentoringStory.Timings(interval: 30));
        await using var _ = story.Host;
        var mentor = await story.JoinAsync("Mentor Tetap", offers: true);
        var mentee = await story.JoinAsync("Mentee Pindah", wantsMentor: true);
        await story.AnswerAsync(mentor, mentee, "accept");
        var end = await story.LinkAsync(mentee.Email, "Mentoring dimulai", "/api/mentorships/end/");

        Assert.Equal(HttpStatusCode.BadRequest, (await story.PostAsync(end, new { reason = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await story.PostAsync(end, new { reason = "Pindah kerja ke luar kota" })).StatusCode);

        Assert.Equal(MentorshipStatus.Ended, await story.CompletionAsync(mentee));
        var told = Assert.Single(await Mail.WaitForAsync(story.Host.Client, mentor.Email, "Mentoring dihentikan"));
        Assert.Contains("Pindah kerja ke luar kota", told.Text);
        Assert.Single(await Mail.WaitForAsync(story.Host.Client, mentee.Email, "Mentoring dihentikan"));
        Assert.Equal(0, await story.LoadOfAsync(mentor));
        var row = await story.RowAsync(mentee);
        Assert.Equal((MentorshipRoles.Mentee, "Pindah kerja ke luar kota"), (row.EndedBy, row.EndReason));
        // Ending again changes nothing and tells nobody twice.
        Assert.Equal(HttpStatusCode.OK, (await story.PostAsync(end, new { reason = "Lagi" })).StatusCode);
        Assert.Equal("Pindah kerja ke luar kota", (await story.RowAsync(mentee)).EndReason);
        await HostState.SettledAsync(story.Host);
        Assert.Single(await Mail.ToAsync(story.Host.Client, mentor.Email), m => m.Subject == "Mentoring dihentikan");
    }

    [Fact]
    public async Task A_full_mentor_is_not_offered_and_capacity_is_held_per_mentor()
    {
        var story = await MentoringStory.StartAsync(MentoringStory.Timings(interval: 30));
        await using var _ = story.Host;
        var mentor = await story.JoinAsync("Mentor Satu Tempat", offers: true, capacity: 1);
        var first = await story.JoinAsync("Mentee A", wantsMentor: true);
        await story.AnswerAsync(mentor, first, "accept");
        await story.WaitForStatusAsync(first, MentorshipStatus.Active);

        var second = await story.JoinAsync("Mentee B", wantsMentor: true);

        await story.WaitForStatusAsync(second, MentorshipStatus.Waiting);
        Assert.DoesNotContain(await Mail.ToAsync(story.Host.Client, mentor.Email), m => m.Subject.Contains("Mentee B", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_offer_holds_the_mentors_place_and_a_decline_gives_it_to_a_waiting_request()
    {
        var story = await MentoringStory.StartAsync(MentoringStory.Timings(interval: 30));
        await using var _ = story.Host;
        var mentor = await story.JoinAsync("Mentor Satu Kursi", offers: true, capacity: 1);
        var first = await story.JoinAsync("Mentee Pertama", wantsMentor: true);
        await story.OfferLinkAsync(mentor, first);

        // The only place is held for the unanswered offer, so the second request waits instead of a second offer.
        var second = await story.JoinAsync("Mentee Kedua", wantsMentor: true);
        await story.WaitForStatusAsync(second, MentorshipStatus.Waiting);
        Assert.DoesNotContain(await Mail.ToAsync(story.Host.Client, mentor.Email), m => m.Subject.Contains("Mentee Kedua", StringComparison.Ordinal));

        await story.AnswerAsync(mentor, first, "decline");
        await story.WaitForStatusAsync(first, MentorshipStatus.Waiting);
        await story.AnswerAsync(mentor, second, "accept");
        await story.WaitForStatusAsync(second, MentorshipStatus.Active);
        var rows = await story.Host.Get<ServerlessKomunitas.Members.PersonStore>().ReadAsync(mentor.Key);
        Assert.Equal(1, rows.Person!.ActiveMentees);
    }
}
