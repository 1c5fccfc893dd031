using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Mentoring;
using ServerlessKomunitas.Tests.Registrations;
using ServerlessKomunitas.Tests.Rsvps;
using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Tests.WhatsApp;

/// <summary>
/// The other kinds a person can take on WhatsApp: a mentoring check-in, and the seat that frees up for someone on the
/// waitlist. Each goes on WhatsApp only, as the person chose, with its link, and no email goes.
/// </summary>
public partial class WhatsAppNoticeTests
{
    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();

    static string UniqueNumber() => "+62818" + Random.Shared.Next(1000000, 9999999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Opts the person in from their preferences page, and chooses WhatsApp only for <paramref name="kind"/>.</summary>
    static async Task<string> WhatsAppOnlyAsync(IAppHost host, string personKey, string kind)
    {
        var number = UniqueNumber();
        var change = ApiRoutes.ChangeWhatsApp.Path + new Uri(host.Get<PreferenceLinks>().Page(personKey)).Query;
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostJsonAsync(change,
            new { action = "request", number, consent = true, consentVersion = WhatsAppConsentText.Version })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(Assert.Single(await WhatsAppOptInTests.OptInLinksAsync(host, number)), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostJsonAsync(change, new Dictionary<string, string> { ["action"] = "channels", [kind] = "whatsapp" })).StatusCode);
        return number;
    }

    internal static async Task<string> WaitForMessageAsync(IAppHost host, string number, string about, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var text = JsonDocument.Parse(await host.Client.GetStringAsync($"/dev/whatsapp/messages?to={Uri.EscapeDataString("whatsapp:" + number)}")).RootElement
                .EnumerateArray().Select(m => m.GetProperty("text").GetString()!).FirstOrDefault(t => t.Contains(about, StringComparison.Ordinal));
            if (text is not null)
            {
                return text;
            }
            Assert.True(DateTime.UtcNow < deadline, $"No WhatsApp message about \"{about}\" reached {number} in {seconds} s.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_mentee_who_chose_whatsapp_for_check_ins_gets_the_check_in_there_with_its_link_and_no_email()
    {
        var story = await MentoringStory.StartAsync(MentoringStory.Timings(interval: 1, checkIns: 1, window: 120));
        await using var host = story.Host;
        var mentor = await story.JoinAsync("Bayu Mentor", offers: true);
        var mentee = await story.JoinAsync("Sari Mentee", wantsMentor: true);
        var number = await WhatsAppOnlyAsync(host, mentee.Key, "check-ins");
        await story.AnswerAsync(mentor, mentee, "accept");

        var checkIn = await WaitForMessageAsync(host, number, "check-in mentoring ke-1 dari 1 bersama Bayu Mentor");
        Assert.StartsWith("Halo Sari, saatnya check-in", checkIn);
        var link = new Uri(LinkPattern().Match(checkIn).Value).PathAndQuery;
        Assert.Equal(HttpStatusCode.OK, (await story.PostAsync(link, new { rating = 5, notes = "Lewat WhatsApp" })).StatusCode);
        // The mentor, who chose nothing, has it by email; the mentee has no check-in email.
        await story.CheckInAsync(mentor, 1, 1);
        Assert.DoesNotContain(await Mail.ToAsync(host.Client, mentee.Email), m => m.Subject.StartsWith("Check-in mentoring", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_on_the_waitlist_who_chose_whatsapp_for_seats_gets_the_freed_seat_there_and_no_email()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var e = await EventStory.PublishAsync(host, community, DateTimeOffset.UtcNow.AddDays(10), 1, "Temu Komikus " + Guid.NewGuid().ToString("N")[..6]);
        var first = await MemberStory.ConfirmedPersonAsync(host, community, "Datang Duluan");
        var second = await MemberStory.ConfirmedPersonAsync(host, community, "Rina Wulandari");
        var number = await WhatsAppOnlyAsync(host, second.Key, "seat-offers");
        var rsvps = host.Get<EventRsvps>();
        await rsvps.AttendAsync(e, first);
        await rsvps.AttendAsync(e, second);

        await rsvps.CancelAsync(e, first);
        var seat = await WaitForMessageAsync(host, number, $"ada tempat untuk Anda di {e.Entry.Title}");
        Assert.StartsWith("Halo Rina,", seat);
        Assert.Contains("/api/events/", seat);
        Assert.Equal(RsvpStatus.Attending, (await host.Get<RsvpStore>().ActiveAsync(e.Entry.ProposalId)).Single(r => r.PersonKey == second.Key).Status);
        Assert.DoesNotContain(await Mail.ToAsync(host.Client, second.Email), m => m.Subject.StartsWith("Ada tempat untuk Anda", StringComparison.Ordinal));
        Assert.Contains(await Mail.ToAsync(host.Client, second.Email), m => m.Subject.StartsWith("Daftar tunggu", StringComparison.Ordinal));
    }
}
