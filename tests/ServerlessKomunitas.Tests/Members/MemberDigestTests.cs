using System.Net;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Operations;
using ServerlessKomunitas.Tests.Proposals;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Members;

/// <summary>The daily digest to community contacts, run at chosen UTC instants: due from 09.00 in the community's zone.</summary>
public class MemberDigestTests
{
    static readonly DateTimeOffset Day = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    static async Task<(LocalHost Host, Registration Community)> StartAsync(string regencyCode)
    {
        var host = await LocalHost.StartAsync(MemberStory.Timings());
        var story = await ProposalStory.ForNewCommunityAsync(host, regencyCode);
        var community = (await host.Get<RegistrationStore>().FindAsync(story.Valid()["communityId"]!.GetValue<string>()))!;
        return (host, community);
    }

    static async Task ConfirmedAsync(LocalHost host, Registration community, string name, DateTimeOffset at)
    {
        var person = new Person { PartitionKey = Person.KeyOf($"{Guid.NewGuid():N}@example.org"), Name = name, SubsectorSlugs = "musik", ConfirmedAt = at, WantsMentor = true };
        var membership = new Membership { PartitionKey = person.PartitionKey, RowKey = Membership.RowOf(community.Id), CommunityId = community.Id, ConfirmedAt = at };
        await host.Get<NewMemberQueue>().AddAsync(person, membership, "Kabupaten Tabalong");
    }

    static async Task<NewMemberQueue.Waiting> WaitingAsync(NewMemberQueue queue)
    {
        await foreach (var waiting in queue.ByCommunityAsync())
        {
            return waiting;
        }
        throw new InvalidOperationException("Nobody is waiting.");
    }

    static Task<JobReport> RunAt(LocalHost host, DateTimeOffset now) => host.Get<MemberDigestJob>().RunAsync(now, CancellationToken.None);

    [Fact]
    public async Task One_digest_a_day_from_nine_in_the_communitys_zone_with_the_members_confirmed_before_it()
    {
        var (host, community) = await StartAsync("63.09"); // Kalimantan Selatan: WITA, UTC+8
        await using var _ = host;
        await ConfirmedAsync(host, community, "Anggota Pagi", Day.AddHours(-1));      // 07.00 WITA
        await ConfirmedAsync(host, community, "Anggota Siang", Day.AddHours(3));      // 11.00 WITA

        Assert.Equal(0, (await RunAt(host, Day.AddMinutes(55))).Sent);               // 08.55 WITA: not yet due
        var first = await RunAt(host, Day.AddHours(1).AddMinutes(5));                // 09.05 WITA
        Assert.Equal(1, first.Sent);
        var digest = Assert.Single(await Mail.ToAsync(host.Client, community.Email));
        Assert.Equal($"1 anggota baru {community.Name}", digest.Subject);
        Assert.Contains("Anggota Pagi", digest.Text);
        Assert.Contains("mencari mentor", digest.Text);
        Assert.DoesNotContain("Anggota Siang", digest.Text);

        // Later runs that day send nothing; the next day's digest has the member who confirmed after nine.
        Assert.Equal(0, (await RunAt(host, Day.AddHours(5))).Sent);
        Assert.Single(await Mail.ToAsync(host.Client, community.Email));
        var next = await RunAt(host, Day.AddDays(1).AddHours(4));                     // a late run, 12.00 WITA the next day
        Assert.Equal(1, next.Sent);
        var second = (await Mail.ToAsync(host.Client, community.Email)).OrderByDescending(m => m.SentAt).First();
        Assert.Contains("Anggota Siang", second.Text);
        Assert.DoesNotContain("Anggota Pagi", second.Text);
        Assert.Equal(0, (await RunAt(host, Day.AddDays(1).AddHours(5))).Sent);
    }

    [Fact]
    public async Task A_member_recorded_late_for_a_day_already_digested_waits_for_the_next_day_and_is_not_lost()
    {
        var (host, community) = await StartAsync("35.73"); // Jawa Timur: WIB, UTC+7
        await using var _ = host;
        await ConfirmedAsync(host, community, "Anggota Satu", Day);                  // 07.00 WIB
        Assert.Equal(1, (await RunAt(host, Day.AddHours(3))).Sent);                  // 10.00 WIB

        // The welcome activity of a member who confirmed at 08.00 WIB ran only now.
        await ConfirmedAsync(host, community, "Anggota Terlambat", Day.AddHours(1));
        Assert.Equal(0, (await RunAt(host, Day.AddHours(4))).Sent);
        Assert.Single((await WaitingAsync(host.Get<NewMemberQueue>())).Members);

        Assert.Equal(1, (await RunAt(host, Day.AddDays(1).AddHours(3))).Sent);
        var mails = await Mail.ToAsync(host.Client, community.Email);
        Assert.Equal(2, mails.Count);
        Assert.Single(mails, m => m.Text.Contains("Anggota Terlambat"));
    }

    [Fact]
    public async Task A_run_that_crashed_after_sending_removes_what_it_reported_on_the_next_run_and_sends_nothing_twice()
    {
        var (host, community) = await StartAsync("63.09");
        await using var _ = host;
        await ConfirmedAsync(host, community, "Anggota A", Day.AddHours(-2));
        await ConfirmedAsync(host, community, "Anggota B", Day.AddHours(-1));
        var queue = host.Get<NewMemberQueue>();
        var waiting = await WaitingAsync(queue);

        // The crash: the day's manifest was fixed and the email sent, the rows never removed.
        var day = LocalHours.DayOf(Day.AddHours(2), Regions.IndonesianTimeZone.WITA);
        var reported = await queue.ManifestAsync(community.Id, day, waiting.Members.Select(m => m.RowKey).ToList());
        await host.Get<ServerlessKomunitas.Notifications.EmailLedger>().SendOnceAsync(
            new ServerlessKomunitas.Notifications.LedgerKey($"digest-{community.Id}", "member-digest", int.Parse(day.ToString("yyyyMMdd")), "contact"),
            MemberEmails.Digest(community, waiting.Members, day, 9));

        var rerun = await RunAt(host, Day.AddHours(2));

        Assert.Equal(0, rerun.Sent);
        Assert.Equal(1, rerun.AlreadySent);
        Assert.Single(await Mail.ToAsync(host.Client, community.Email));
        Assert.Empty((await WaitingAsync(queue)).Members);
        Assert.Equal(2, reported.Count);
    }

    [Fact]
    public async Task The_local_job_route_takes_the_admin_key_and_knows_its_jobs()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.PostAsync("/dev/jobs/MemberDigest", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.SendAsync(OperatorTests.Request(HttpMethod.Post, "/dev/jobs/Tidak-Ada"))).StatusCode);
        var ran = await host.Client.SendAsync(OperatorTests.Request(HttpMethod.Post, "/dev/jobs/MemberDigest"));
        Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
        Assert.Equal("MemberDigest", (await ran.ReadJson()).GetProperty("job").GetString());
    }
}
