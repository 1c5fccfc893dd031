using ServerlessKomunitas.Engagement;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;

namespace ServerlessKomunitas.Tests.Engagement;

/// <summary>The weekly challenge job on a seeded population, run at chosen UTC hours around Monday 09.00 in each zone.</summary>
public class WeeklyChallengeTests
{
    const string Subject = "Tantangan kreatif minggu ini";

    // Monday 30 November 2026: 09.00 is 00.00 UTC in WIT, 01.00 UTC in WITA, 02.00 UTC in WIB.
    static readonly DateTimeOffset Sunday2300 = new(2026, 11, 29, 23, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Monday0030 = new(2026, 11, 30, 0, 30, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Monday0230 = new(2026, 11, 30, 2, 30, 0, TimeSpan.Zero);

    sealed record Population(LocalHost Host, Person Wib, Person Wita, Person Wit, Person OptedOut, Person Suppressed);

    static async Task<Population> SeedAsync()
    {
        var host = await LocalHost.StartAsync(MemberStory.Timings());
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var wib = await MemberStory.ConfirmedPersonAsync(host, community, "Anggota Jakarta", "31.71", ["musik"]);
        var wita = await MemberStory.ConfirmedPersonAsync(host, community, "Anggota Tabalong", "63.09", ["fotografi", "kuliner"]);
        var wit = await MemberStory.ConfirmedPersonAsync(host, community, "Anggota Jayapura", "91.03", ["musik"]);
        var optedOut = await MemberStory.ConfirmedPersonAsync(host, community, "Anggota Tanpa Tantangan", "63.09", ["musik"]);
        await host.Get<PersonStore>().SetOptedOutAsync(optedOut.Key, _ => [EmailCategory.WeeklyChallenge]);
        var suppressed = await MemberStory.ConfirmedPersonAsync(host, community, "Anggota Terpental", "63.09", ["musik"]);
        await host.Get<Suppressions>().SuppressAsync(suppressed.Email, "bounce", DateTimeOffset.UtcNow);
        return new Population(host, wib, wita, wit, optedOut, suppressed);
    }

    static Task<ServerlessKomunitas.Jobs.JobReport> RunAsync(LocalHost host, DateTimeOffset at) =>
        host.Get<WeeklyChallengeJob>().RunAsync(at, CancellationToken.None);

    static async Task<int> ChallengesToAsync(LocalHost host, Person person) =>
        (await Mail.ToAsync(host.Client, person.Email)).Count(m => m.Subject == Subject);

    [Fact]
    public async Task Each_zone_gets_the_new_week_from_its_own_nine_oclock_a_missed_hour_catches_up_and_a_second_run_sends_nothing()
    {
        var p = await SeedAsync();
        await using var _ = p.Host;

        // Sunday night: everyone is still in last week, which nobody got yet.
        Assert.Equal(3, (await RunAsync(p.Host, Sunday2300)).Sent);
        // 00.30 UTC: 09.30 in Jayapura, 08.30 in Tabalong, 07.30 in Jakarta.
        Assert.Equal(1, (await RunAsync(p.Host, Monday0030)).Sent);
        Assert.Equal(2, await ChallengesToAsync(p.Host, p.Wit));
        Assert.Equal(1, await ChallengesToAsync(p.Host, p.Wita));
        Assert.Equal(1, await ChallengesToAsync(p.Host, p.Wib));
        // The 01.30 run is missed; at 02.30 Tabalong catches up and Jakarta is due.
        Assert.Equal(2, (await RunAsync(p.Host, Monday0230)).Sent);
        var again = await RunAsync(p.Host, Monday0230.AddMinutes(15));
        Assert.Equal(0, again.Sent);
        Assert.Equal(3, again.AlreadySent);

        foreach (var person in new[] { p.Wib, p.Wita, p.Wit })
        {
            Assert.Equal(2, await ChallengesToAsync(p.Host, person));
        }
        Assert.Equal(0, await ChallengesToAsync(p.Host, p.OptedOut));
        Assert.Equal(0, await ChallengesToAsync(p.Host, p.Suppressed));
        var mail = (await Mail.ToAsync(p.Host.Client, p.Wita.Email)).First(m => m.Subject == Subject);
        Assert.Contains("Fotografi: Tangan yang bekerja", mail.Text);
        Assert.Contains("Kuliner: Resep nenek", mail.Text);
        Assert.Contains("Halo Anggota Tabalong", mail.Text);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers!["List-Unsubscribe-Post"]);
        Assert.Contains("/api/unsubscribe?k=", mail.Headers["List-Unsubscribe"]);
        Assert.Contains("/api/preferences?k=", mail.Text);
    }

    [Fact]
    public async Task A_run_that_crashed_halfway_sends_only_what_is_missing_and_a_week_set_by_a_coordinator_replaces_the_standing_one()
    {
        var p = await SeedAsync();
        await using var _ = p.Host;
        // A network coordinator sets the week's challenge for music through the operator endpoint.
        HttpRequestMessage Put(string path, bool key = true)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, path)
            {
                Content = new StringContent("""{"title":"Lagu untuk kampung","brief":"Tulis lagu satu menit tentang kampungmu."}""", System.Text.Encoding.UTF8, "application/json"),
            };
            if (key)
            {
                request.Headers.Add("x-functions-key", "local-admin-key");
            }
            return request;
        }
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await p.Host.Client.SendAsync(Put("/api/operator/challenges/2026-W49/musik", key: false))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await p.Host.Client.SendAsync(Put("/api/operator/challenges/minggu-depan/musik"))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await p.Host.Client.SendAsync(Put("/api/operator/challenges/2026-W49/sulap"))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await p.Host.Client.SendAsync(Put("/api/operator/challenges/2026-W49/musik"))).StatusCode);
        // An earlier run recorded the request that carried the Jakarta member, then died.
        await p.Host.Get<JobSends>().RecordAsync(WeeklyChallengeJob.Kind, "2026-W49", [p.Wib.Key], JobSends.Sent, 202, Monday0230);

        var report = await RunAsync(p.Host, Monday0230);

        Assert.Equal(2, report.Sent);
        Assert.Equal(1, report.AlreadySent);
        Assert.Equal(0, await ChallengesToAsync(p.Host, p.Wib));
        var wit = Assert.Single(await Mail.ToAsync(p.Host.Client, p.Wit.Email));
        Assert.Contains("Musik: Lagu untuk kampung", wit.Text);
    }
}
