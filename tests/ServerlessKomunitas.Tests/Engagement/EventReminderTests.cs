using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Engagement;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;

using ServerlessKomunitas.Tests.Rsvps;

namespace ServerlessKomunitas.Tests.Engagement;

/// <summary>Event reminders to attendees, three days and one day before, at 09.00 in each attendee's zone.</summary>
public class EventReminderTests
{
    // Thursday 3 December 2026, 10.00 WITA. Three days before is Monday 30 November; 09.00 there is 00.00 UTC in WIT,
    // 01.00 UTC in WITA and 02.00 UTC in WIB.
    static readonly DateTimeOffset Start = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Monday0030 = new(2026, 11, 30, 0, 30, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Wednesday0030 = new(2026, 12, 2, 0, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Attendees_are_reminded_three_days_and_one_day_before_at_nine_in_their_zone_once_and_the_waitlist_never()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var proposal = (await EventStory.PublishAsync(host, community, Start, 3, "Lokakarya Foto", "fotografi")).Proposal;

        var wit = await MemberStory.ConfirmedPersonAsync(host, community, "Hadir Jayapura", "91.03");
        var wita = await MemberStory.ConfirmedPersonAsync(host, community, "Hadir Tabalong", "63.09");
        var wib = await MemberStory.ConfirmedPersonAsync(host, community, "Hadir Jakarta", "31.71");
        var waiting = await MemberStory.ConfirmedPersonAsync(host, community, "Menunggu Tempat", "63.09");
        var rsvps = host.Get<RsvpStore>();
        foreach (var person in new[] { wit, wita, wib, waiting })
        {
            await rsvps.AttendAsync(proposal.Id, person.Key, proposal.Capacity, Monday0030.AddDays(-5));
        }
        var job = host.Get<EventReminderJob>();
        async Task<int> RemindersToAsync(Person p, string when) =>
            (await Mail.ToAsync(host.Client, p.Email)).Count(m => m.Subject == $"Pengingat: {proposal.Title} {when}");

        Assert.Equal(1, (await job.RunAsync(Monday0030, default)).Sent);
        Assert.Equal(1, await RemindersToAsync(wit, "3 hari lagi"));
        Assert.Equal(0, await RemindersToAsync(wita, "3 hari lagi"));
        Assert.Equal(2, (await job.RunAsync(Monday0030.AddHours(2), default)).Sent);
        Assert.Equal(0, (await job.RunAsync(Monday0030.AddHours(2.5), default)).Sent);

        // The Jakarta attendee leaves and the first in line takes the seat after the three-day reminder went: they get
        // only the day-before one. A late RSVP waits, and the waitlist gets no reminder; Jayapura switched reminders off.
        await rsvps.CancelAsync(proposal.Id, wib.Key, Monday0030.AddDays(1));
        var late = await MemberStory.ConfirmedPersonAsync(host, community, "Datang Belakangan", "63.09");
        await rsvps.AttendAsync(proposal.Id, late.Key, proposal.Capacity, Wednesday0030);
        await host.Get<PersonStore>().SetOptedOutAsync(wit.Key, _ => [EmailCategory.EventReminders]);

        // Wednesday, 01.30 UTC: 09.30 in Tabalong.
        var report = await job.RunAsync(Wednesday0030.AddHours(1), default);
        Assert.Equal(2, report.Sent);
        Assert.Equal(1, await RemindersToAsync(wita, "besok"));
        Assert.Equal(1, await RemindersToAsync(waiting, "besok"));
        Assert.Equal(0, await RemindersToAsync(waiting, "3 hari lagi"));
        Assert.Equal(0, await RemindersToAsync(wit, "besok"));
        Assert.Equal(0, await RemindersToAsync(late, "besok"));
        Assert.Equal(0, await RemindersToAsync(wib, "besok"));
        var mail = (await Mail.ToAsync(host.Client, wita.Email)).First(m => m.Subject.EndsWith("besok", StringComparison.Ordinal));
        Assert.Contains("3 Desember 2026 10.00 WITA", mail.Text);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers!["List-Unsubscribe-Post"]);
    }
}
