using ServerlessKomunitas.Engagement;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;

namespace ServerlessKomunitas.Tests.Engagement;

/// <summary>The monthly recognition: last month's most active members to the community contact, on the 1st from 09.00 local.</summary>
public class RecognitionTests
{
    [Fact]
    public async Task The_contact_gets_last_months_most_active_members_ranked_by_the_stated_rule_once_from_nine_in_the_communitys_zone()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var quiet = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var log = host.Get<ActivityLog>();
        var november = new DateTimeOffset(2026, 11, 15, 3, 0, 0, TimeSpan.Zero);
        var rizki = await MemberStory.ConfirmedPersonAsync(host, community, "Rizki Rajin");
        var maya = await MemberStory.ConfirmedPersonAsync(host, community, "Maya Mentee");
        var budi = await MemberStory.ConfirmedPersonAsync(host, community, "Budi Pengusul");
        // The contact is a member too, so the email carries their one-click unsubscribe.
        await MemberStory.ConfirmedPersonAsync(host, community, community.ContactName, email: community.Email);
        foreach (var (person, kind, times) in new[] { (rizki, ActivityKind.Rsvp, 3), (maya, ActivityKind.Rsvp, 3), (maya, ActivityKind.CheckIn, 2), (budi, ActivityKind.Proposal, 4) })
        {
            for (var i = 0; i < times; i++)
            {
                await log.CountAsync(community.Id, person.Key, kind, november);
            }
        }
        // October's activity is not November's.
        await log.CountAsync(community.Id, budi.Key, ActivityKind.Rsvp, november.AddMonths(-1));

        var job = host.Get<RecognitionJob>();
        // 1 December, 00.30 UTC is 08.30 in Tabalong (WITA): November is not due yet; October's list (never sent) is.
        Assert.Equal(1, (await job.RunAsync(new DateTimeOffset(2026, 12, 1, 0, 30, 0, TimeSpan.Zero), default)).Sent);
        var report = await job.RunAsync(new DateTimeOffset(2026, 12, 1, 1, 30, 0, TimeSpan.Zero), default);
        Assert.Equal(1, report.Sent);
        Assert.Equal(0, (await job.RunAsync(new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero), default)).Sent);

        var mails = await Mail.WaitForAsync(host.Client, community.Email, "Anggota paling aktif", count: 2);
        Assert.Contains("1. Budi Pengusul: 1 RSVP", Assert.Single(mails, m => m.Subject.EndsWith("Oktober 2026", StringComparison.Ordinal)).Text);
        var mail = Assert.Single(mails, m => m.Subject.EndsWith("November 2026", StringComparison.Ordinal));
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers!["List-Unsubscribe-Post"]);
        Assert.Contains("/api/unsubscribe?k=", mail.Headers["List-Unsubscribe"]);
        var text = mail.Text;
        Assert.Contains("1. Maya Mentee: 3 RSVP, 2 check-in", text, StringComparison.Ordinal);
        Assert.Contains("2. Rizki Rajin: 3 RSVP, 0 check-in", text, StringComparison.Ordinal);
        Assert.Contains("3. Budi Pengusul: 0 RSVP, 0 check-in mentoring, 4 usulan", text, StringComparison.Ordinal);
        Assert.Empty(await Mail.ToAsync(host.Client, quiet.Email));
    }
}
