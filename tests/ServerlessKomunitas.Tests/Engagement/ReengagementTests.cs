using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Engagement;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;

namespace ServerlessKomunitas.Tests.Engagement;

/// <summary>The "we miss you" email: after 30 days without activity, at most once per 30 days, from 09.00 in the member's zone.</summary>
public class ReengagementTests
{
    const string Subject = "Kami rindu karya Anda";
    static readonly DateTimeOffset Monday0030 = new(2026, 11, 30, 0, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Inactive_members_get_one_email_with_events_near_them_from_nine_local_and_not_again_for_thirty_days()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var start = Monday0030.AddDays(10);
        var proposal = new Proposal
        {
            PartitionKey = RecordId.New(), StatusName = nameof(ProposalStatus.Confirmed), CommunityId = community.Id, CommunityName = community.Name,
            ContactName = community.ContactName, ContactEmail = community.Email, Title = "Pameran Kriya Banua", Kind = "meetup", SubsectorSlugs = "kriya",
            RegencyCode = "63.09", ProvinceCode = "63", Zone = "WITA", StartUtc = start, EndUtc = start.AddHours(2), Venue = "Balai Kota Tanjung", Capacity = 50,
            SubmittedAt = DateTimeOffset.UtcNow,
        };
        await host.Get<EventCalendar>().PublishAsync(CalendarEntry.From(proposal, "Kabupaten Tabalong"));

        var persons = host.Get<PersonStore>();
        var quietWita = await MemberStory.ConfirmedPersonAsync(host, community, "Lama Tabalong", "63.09");
        await persons.TouchAsync(quietWita.Key, Monday0030.AddDays(-40));
        var quietWit = await MemberStory.ConfirmedPersonAsync(host, community, "Lama Jayapura", "91.03");
        await persons.TouchAsync(quietWit.Key, Monday0030.AddDays(-45));
        var active = await MemberStory.ConfirmedPersonAsync(host, community, "Aktif Tabalong", "63.09");
        await persons.TouchAsync(active.Key, Monday0030.AddDays(-10));
        var optedOut = await MemberStory.ConfirmedPersonAsync(host, community, "Lama Tanpa Kabar", "63.09");
        await persons.TouchAsync(optedOut.Key, Monday0030.AddDays(-40));
        await persons.SetOptedOutAsync(optedOut.Key, _ => [EmailCategory.Reengagement]);
        // Due from 00.00 UTC Monday, which is 07.00 in Jakarta: the email waits for 09.00 there (02.00 UTC).
        var dueAtSeven = await MemberStory.ConfirmedPersonAsync(host, community, "Lama Jakarta", "31.71");
        await persons.TouchAsync(dueAtSeven.Key, new DateTimeOffset(2026, 10, 31, 0, 0, 0, TimeSpan.Zero));

        var job = host.Get<ReengagementJob>();
        async Task<int> CountAsync(Person p) => (await Mail.ToAsync(host.Client, p.Email)).Count(m => m.Subject == Subject);

        Assert.Equal(2, (await job.RunAsync(Monday0030, default)).Sent);
        Assert.Equal(0, await CountAsync(dueAtSeven));
        Assert.Equal(1, (await job.RunAsync(Monday0030.AddHours(2), default)).Sent);
        Assert.Equal(0, (await job.RunAsync(Monday0030.AddHours(3), default)).Sent);
        Assert.Equal(1, await CountAsync(quietWita));
        Assert.Equal(0, await CountAsync(active));
        // Twenty-nine days later: only the member who was active ten days before has become due.
        Assert.Equal(1, (await job.RunAsync(Monday0030.AddDays(29), default)).Sent);
        Assert.Equal(1, await CountAsync(active));
        Assert.Equal(0, await CountAsync(optedOut));

        var near = (await Mail.ToAsync(host.Client, quietWita.Email)).Single(m => m.Subject == Subject);
        Assert.Contains("Pameran Kriya Banua", near.Text);
        var far = (await Mail.ToAsync(host.Client, quietWit.Email)).Single(m => m.Subject == Subject);
        Assert.Contains("Belum ada kegiatan terjadwal", far.Text);

        // Thirty-one days later, still inactive: one more each for the first three; the fourth had theirs two days ago.
        Assert.Equal(3, (await job.RunAsync(Monday0030.AddDays(31).AddHours(2), default)).Sent);
        Assert.Equal(2, await CountAsync(quietWita));
        Assert.Equal(1, await CountAsync(active));
    }
}
