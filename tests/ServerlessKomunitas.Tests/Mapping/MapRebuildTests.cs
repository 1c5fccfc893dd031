using System.Net;
using System.Text.Json;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Mapping;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Mapping;

/// <summary>
/// The map from the records: a mixed set in Kalimantan Selatan (communities approved or not, members confirmed or not,
/// events held, upcoming and cancelled, RSVPs, a mentorship), the rebuild job, and what the area API and the open data
/// then say, small counts of people protected. A second rebuild changes nothing; a cancelled event moves the figures.
/// </summary>
public class MapRebuildTests
{
    const string Tabalong = "63.09";

    [Fact]
    public async Task The_rebuild_counts_what_the_records_hold_and_the_api_and_open_data_protect_small_counts_of_people()
    {
        await using var host = await LocalHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var tabalong = await CommunityAsync(host, Tabalong);
        await CommunityAsync(host, Tabalong);
        await CommunityAsync(host, "63.01");
        await CommunityAsync(host, Tabalong, RegistrationStatus.PendingApproval);

        await MemberAsync(host, Tabalong, tabalong.Id);
        await MemberAsync(host, Tabalong, tabalong.Id, PersonStatus.Unconfirmed);
        await MemberAsync(host, Tabalong, tabalong.Id, membership: MembershipStatus.Unconfirmed);
        for (var i = 0; i < 5; i++)
        {
            await MemberAsync(host, "63.01", tabalong.Id);
        }
        for (var i = 0; i < 7; i++)
        {
            await MemberAsync(host, "63.02", tabalong.Id);
        }

        var held = await EventAsync(host, tabalong, now.AddDays(-20), ProposalStatus.Confirmed, ["government", "media"]);
        var upcoming = await EventAsync(host, tabalong, now.AddDays(10), ProposalStatus.Confirmed, ["government"]);
        await EventAsync(host, tabalong, now.AddDays(-5), ProposalStatus.Cancelled, ["academia"]);
        await RsvpAsync(host, upcoming.Id, RsvpStatus.Attending);
        await RsvpAsync(host, upcoming.Id, RsvpStatus.Attending);
        await RsvpAsync(host, upcoming.Id, RsvpStatus.Waitlisted);
        await RsvpAsync(host, upcoming.Id, RsvpStatus.Cancelled);
        Assert.True(await host.Get<MentorshipStore>().TryAddAsync(new Mentorship
        {
            PartitionKey = RecordId.New(), StatusName = nameof(MentorshipStatus.Active), CommunityId = tabalong.Id, MenteeKey = "mentee", CreatedAt = now,
        }));

        var first = await host.Get<JobRunner>().RunAsync(JobCatalog.MapRebuild);
        Assert.True(first.Sent > 0);

        using var regency = JsonDocument.Parse(await host.Client.GetStringAsync(ApiRoutes.MapArea.PathFor(Tabalong)));
        var area = regency.RootElement;
        Assert.Equal(("Kabupaten Tabalong", "regency", "63"), (area.GetProperty("name").GetString(), area.GetProperty("level").GetString(), area.GetProperty("parent").GetString()));
        var figures = area.GetProperty("figures");
        Assert.Equal(2, figures.GetProperty("communities").GetInt32());
        Assert.Equal("<3", figures.GetProperty("members").GetString());
        Assert.Equal((1, 1), (figures.GetProperty("events-held").GetInt32(), figures.GetProperty("events-upcoming").GetInt32()));
        Assert.Equal(("<3", "<3", "<3"), (figures.GetProperty("rsvps-attending").GetString(), figures.GetProperty("rsvps-waitlisted").GetString(),
            figures.GetProperty("mentorships-active").GetString()));
        Assert.Equal(2, area.GetProperty("communitiesBySubsector").GetProperty("film-animasi-video").GetInt32());
        var gaps = area.GetProperty("subsectorsWithoutCommunity").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("musik", gaps);
        Assert.DoesNotContain("film-animasi-video", gaps);
        Assert.Equal(15, gaps.Count);
        Assert.Equal(1, area.GetProperty("eventsHeldBySubsector").GetProperty("film-animasi-video").GetInt32());
        var month = TimeZoneInfo.ConvertTime(held.StartUtc, IndonesianTimeZone.WITA.Info());
        Assert.Equal(1, area.GetProperty("eventsHeldByMonth").GetProperty($"{month.Year:0000}-{month.Month:00}").GetInt32());
        Assert.Equal(12, area.GetProperty("eventsHeldByMonth").EnumerateObject().Count());
        var support = area.GetProperty("supportAskedOf");
        Assert.Equal((2, 1, 1, 0), (support.GetProperty("government").GetInt32(), support.GetProperty("media").GetInt32(),
            support.GetProperty("academia").GetInt32(), support.GetProperty("business").GetInt32()));

        // The province's table: Tabalong's one member is "<3", and the smallest count that hides it is withheld, so
        // the province's 13 less the 7 shown leaves 6, which is 1 + 5 or 2 + 4.
        using var province = JsonDocument.Parse(await host.Client.GetStringAsync(ApiRoutes.MapArea.PathFor("63")));
        Assert.Equal(13, province.RootElement.GetProperty("figures").GetProperty("members").GetInt32());
        var members = province.RootElement.GetProperty("children").EnumerateArray()
            .ToDictionary(c => c.GetProperty("code").GetString()!, c => c.GetProperty("figures").GetProperty("members").ToString());
        Assert.Equal(("<3", "x", "7", "0"), (members[Tabalong], members["63.01"], members["63.02"], members["63.03"]));

        using var nation = JsonDocument.Parse(await host.Client.GetStringAsync(ApiRoutes.MapArea.PathFor("ID")));
        Assert.Equal(3, nation.RootElement.GetProperty("figures").GetProperty("communities").GetInt32());
        Assert.Equal(38, nation.RootElement.GetProperty("children").GetArrayLength());

        var csv = (await host.Client.GetStringAsync(ApiRoutes.OpenData.PathFor("kabupaten-kota.csv"))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("code,parent_code,communities,members,events_held,events_upcoming,rsvps_attending,", csv[0]);
        Assert.StartsWith($"{Tabalong},63,2,<3,1,1,<3,<3,<3,0,", Assert.Single(csv, l => l.StartsWith(Tabalong + ",", StringComparison.Ordinal)));
        Assert.Equal(514 + 1, csv.Length);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(ApiRoutes.OpenData.PathFor("semua.xlsx"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(ApiRoutes.MapArea.PathFor("99.99"))).StatusCode);

        // The catalogue lists every distribution, each of which answers, and the dictionary names every column.
        using var catalog = JsonDocument.Parse(await host.Client.GetStringAsync(ApiRoutes.OpenData.PathFor("katalog.json")));
        var dataset = catalog.RootElement.GetProperty("dataset")[0];
        Assert.Equal(now.ToString("yyyy-MM-dd"), DateTimeOffset.Parse(dataset.GetProperty("modified").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToString("yyyy-MM-dd"));
        var distributions = dataset.GetProperty("distribution").EnumerateArray().ToList();
        Assert.Equal(ServerlessKomunitas.Mapping.OpenDataFiles.All.Count, distributions.Count);
        foreach (var distribution in distributions)
        {
            var response = await host.Client.GetAsync(new Uri(distribution.GetProperty("downloadURL").GetString()!).PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith(distribution.GetProperty("mediaType").GetString()!, response.Content.Headers.ContentType!.ToString());
        }
        var dictionary = await host.Client.GetStringAsync(ApiRoutes.OpenData.PathFor("kamus-data.csv"));
        Assert.All(ServerlessKomunitas.Mapping.OpenDataFiles.Columns, column => Assert.Contains($",{column},", dictionary));

        // A browser gets the pages: SVG charts beside their tables, the gaps, and nothing about anyone.
        var profile = await PageAsync(host, ApiRoutes.MapArea.PathFor(Tabalong));
        Assert.Contains("<h1>Profil ekonomi kreatif komunitas: Kabupaten Tabalong</h1>", profile);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(profile, "<svg class=\"chart\""));
        Assert.Contains("Subsektor tanpa komunitas", profile);
        // Printed, it says when, in Kalimantan Selatan's zone.
        Assert.Matches("Dicetak pada [0-9]{1,2} [A-Z][a-z]+ [0-9]{4} [0-9]{2}\\.[0-9]{2} WITA", profile);
        Assert.DoesNotContain(tabalong.ContactName, profile);
        Assert.DoesNotContain(tabalong.Email, profile);
        var map = await PageAsync(host, ApiRoutes.MapArea.PathFor("ID") + "?measure=members");
        Assert.Equal(38, System.Text.RegularExpressions.Regex.Count(map, "<rect [^>]*rx=\"3\""));
        Assert.Contains("<title>Kalimantan Selatan: 13 anggota terkonfirmasi</title>", map);
        var unknown = await host.Client.GetAsync(ApiRoutes.MapArea.PathFor("ID") + "?measure=orang");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("measure", (await unknown.ReadJson()).GetProperty("errors").EnumerateObject().Single().Name);

        // Nothing changed: nothing is written. A cancelled event leaves the upcoming count.
        Assert.Equal(0, (await host.Get<JobRunner>().RunAsync(JobCatalog.MapRebuild)).Sent);
        await host.Get<ProposalStore>().TransitionAsync(upcoming.Id, p => { p.Status = ProposalStatus.Cancelled; return true; });
        await host.Get<JobRunner>().RunAsync(JobCatalog.MapRebuild);
        using var after = JsonDocument.Parse(await host.Client.GetStringAsync(ApiRoutes.MapArea.PathFor(Tabalong)));
        Assert.Equal(0, after.RootElement.GetProperty("figures").GetProperty("events-upcoming").GetInt32());
        Assert.Equal(0, after.RootElement.GetProperty("figures").GetProperty("rsvps-attending").GetInt32());
    }

    [Fact]
    public async Task A_new_community_and_a_member_reach_the_map_and_the_open_data_without_a_rebuild()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        await NewCommunityAsync(host);
    }

    /// <summary>
    /// On any host, with other stories' records beside it: a community in Kabupaten Bulungan (Kalimantan Utara, which no
    /// other story uses) counts in its kab/kota, its province and the open data as soon as it is written, and a member
    /// who joins it through the host's own sign-up and confirmation counts where they live, with no rebuild.
    /// </summary>
    internal static async Task NewCommunityAsync(IAppHost host)
    {
        const string Bulungan = "65.01";
        var before = await CommunitiesAsync(host, Bulungan);
        var community = await CommunityAsync(host, Bulungan);
        Assert.Equal(before + 1, await CommunitiesAsync(host, Bulungan));
        using var province = JsonDocument.Parse(await host.Client.GetStringAsync(ApiRoutes.MapArea.PathFor("65")));
        Assert.Equal(before + 1, province.RootElement.GetProperty("children").EnumerateArray()
            .Single(c => c.GetProperty("code").GetString() == Bulungan).GetProperty("figures").GetProperty("communities").GetInt32());
        var json = JsonDocument.Parse(await host.Client.GetStringAsync(ApiRoutes.OpenData.PathFor("kabupaten-kota.json"))).RootElement;
        Assert.Equal(514, json.GetArrayLength());
        Assert.Equal(before + 1, json.EnumerateArray().Single(r => r.GetProperty("code").GetString() == Bulungan).GetProperty("communities").GetInt32());
        var names = await host.Client.GetStringAsync(ApiRoutes.OpenData.PathFor("wilayah.csv"));
        Assert.Contains("65.01,65,regency,\"KABUPATEN BULUNGAN\"", names, StringComparison.OrdinalIgnoreCase);

        // A browser gets the kab/kota's profile page, with its count in the first table.
        var page = await PageAsync(host, ApiRoutes.MapArea.PathFor(Bulungan));
        Assert.Contains("<h1>Profil ekonomi kreatif komunitas: Kabupaten Bulungan</h1>", page);
        Assert.Contains($"<tr><th scope=\"row\">Komunitas</th><td>{before + 1}</td></tr>", page);

        // The member count as stored (the pages show a small one as "<3"), in the kab/kota, its province and the nation.
        var figures = host.Get<MapFigureStore>();
        async Task<long[]> MembersAsync() =>
            [.. await Task.WhenAll(new[] { Bulungan, "65", "ID" }.Select(async code => (await figures.AreaAsync(code)).GetValueOrDefault(MapMeasures.Members)))];
        var membersBefore = await MembersAsync();
        var member = new MemberStory(host, community.Id);
        // Not asking for a mentor: on the shared real host, a mentee would take a place of another story's mentor.
        Assert.Equal(HttpStatusCode.Accepted, (await member.SignUpAsync(body => { body["regencyCode"] = Bulungan; body["wantsMentor"] = false; })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.ConfirmAsync(await member.ConfirmLinkAsync())).StatusCode);
        Assert.Equal(MembershipStatus.Confirmed, await member.CompletionAsync());
        Assert.Equal(membersBefore.Select(m => m + 1), await MembersAsync());
    }

    static async Task<string> PageAsync(IAppHost host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    static async Task<int> CommunitiesAsync(IAppHost host, string code)
    {
        using var area = JsonDocument.Parse(await host.Client.GetStringAsync(ApiRoutes.MapArea.PathFor(code)));
        return area.RootElement.GetProperty("figures").GetProperty("communities").GetInt32();
    }

    /// <summary>An approved (or <paramref name="status"/>) community, written directly.</summary>
    public static async Task<Registration> CommunityAsync(IAppHost host, string regencyCode, RegistrationStatus status = RegistrationStatus.Approved)
    {
        var body = Submissions.Valid();
        body["regencyCode"] = regencyCode;
        var (input, _) = await host.Get<RegistrationValidator>().ValidateAsync(RegistrationInput.FromJson(JsonDocument.Parse(body.ToJsonString()).RootElement));
        var community = Registration.Create(RecordId.New(), input!, DateTimeOffset.UtcNow);
        community.Status = status;
        Assert.True(await host.Get<RegistrationStore>().TryAddAsync(community));
        return community;
    }

    static async Task MemberAsync(IAppHost host, string regencyCode, string communityId, PersonStatus status = PersonStatus.Confirmed,
        MembershipStatus membership = MembershipStatus.Confirmed)
    {
        var key = Person.KeyOf(Submissions.UniqueEmail("anggota"));
        var persons = host.Get<KomunitasTables>().Client(PersonStore.TableName);
        await persons.AddEntityAsync(new Person { PartitionKey = key, Status = status, Name = "Anggota Uji", RegencyCode = regencyCode, ProvinceCode = regencyCode[..2] });
        await persons.AddEntityAsync(new Membership { PartitionKey = key, RowKey = Membership.RowOf(communityId), CommunityId = communityId, StatusName = membership.ToString() });
    }

    static async Task<Proposal> EventAsync(IAppHost host, Registration community, DateTimeOffset start, ProposalStatus status, string[] support)
    {
        var proposal = new Proposal
        {
            PartitionKey = RecordId.New(), StatusName = status.ToString(), CommunityId = community.Id, CommunityName = community.Name, Title = "Kegiatan Uji",
            Kind = "workshop", SubsectorSlugs = "film-animasi-video", RegencyCode = community.RegencyCode, ProvinceCode = community.ProvinceCode, Zone = "WITA",
            StartUtc = start, EndUtc = start.AddHours(3), Capacity = 40, SubmittedAt = start.AddDays(-30), ConfirmedAt = start.AddDays(-29),
            SupportJson = JsonSerializer.Serialize(support.Select(e => new SupportRequest(e, "Dukungan tempat"))),
        };
        Assert.True(await host.Get<ProposalStore>().TryAddAsync(proposal));
        return proposal;
    }

    static async Task RsvpAsync(IAppHost host, string eventId, RsvpStatus status)
    {
        var key = Person.KeyOf(Submissions.UniqueEmail("peserta"));
        await host.Get<KomunitasTables>().Client(RsvpStore.TableName).AddEntityAsync(new Rsvp
        {
            PartitionKey = eventId, RowKey = Rsvp.RowOf(key), PersonKey = key, StatusName = status.ToString(), ChangedAt = DateTimeOffset.UtcNow,
        });
    }
}
