using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Listings;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Mapping;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Listings;

/// <summary>
/// The public directory: a community shows only once its contact opts in from their signed link, with nothing of the
/// contact on it; its profile follows the records (members, events, mentoring) with no job; it leaves nothing when the
/// contact withdraws or is erased; browsing narrows and pages; bad input is refused by name; the offer reaches every
/// approved community once.
/// </summary>
public class DirectoryTests
{
    const string MotionLink = "https://motion.example.org";
    static readonly string[] MotionLinks = [MotionLink];

    /// <summary>
    /// On any host, beside other stories: a community in Kota Manado (Sulawesi Utara, which no other story uses) is
    /// listed by its contact through the host, shows when browsing its kab/kota and as a page, counts a member who
    /// joins through the host's own sign-up (the host's member store told the directory), and is gone once withdrawn.
    /// </summary>
    internal static async Task ListedCommunityAsync(IAppHost host)
    {
        const string Manado = "71.71";
        var community = await MapRebuildTests.CommunityAsync(host, Manado);
        var link = new Uri(host.Get<DirectoryLinks>().Listing(community.Id)).PathAndQuery;
        Assert.Equal(HttpStatusCode.OK, (await ListAsync(host, link, "Komunitas ilustrasi di Manado.")).StatusCode);
        var page = await host.Client.GetJsonAsync(DirectoryEndpoints.BrowseFilter.Path(null, Manado, null, null));
        Assert.Contains(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == community.Id);
        using (var request = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.DirectoryProfile.PathFor(community.Id)))
        {
            request.Headers.Accept.ParseAdd("text/html");
            var html = System.Net.WebUtility.HtmlDecode(await (await host.Client.SendAsync(request)).Content.ReadAsStringAsync());
            Assert.Contains($"<h1>{community.Name}</h1>", html);
            Assert.Contains("Komunitas ilustrasi di Manado.", html);
            Assert.DoesNotContain(community.Email, html);
        }
        // The map's page of the kab/kota names it among its listed communities, and links its profile.
        using (var request = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.MapArea.PathFor(Manado)))
        {
            request.Headers.Accept.ParseAdd("text/html");
            var html = System.Net.WebUtility.HtmlDecode(await (await host.Client.SendAsync(request)).Content.ReadAsStringAsync());
            Assert.Contains($"<a href=\"{ApiRoutes.DirectoryProfile.PathFor(community.Id)}\">{community.Name}</a>", html);
        }

        var member = new Members.MemberStory(host, community.Id);
        Assert.Equal(HttpStatusCode.Accepted, (await member.SignUpAsync(body => { body["regencyCode"] = Manado; body["wantsMentor"] = false; })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.ConfirmAsync(await member.ConfirmLinkAsync())).StatusCode);
        Assert.Equal(MembershipStatus.Confirmed, await member.CompletionAsync());
        var counted = await host.Get<KomunitasTables>().Client(CommunityActivityStore.TableName).GetEntityIfExistsAsync<TableEntity>(community.Id, "member|" + member.PersonKey);
        Assert.True(counted.HasValue);
        Assert.Equal("<10", (await ProfileAsync(host, community.Id)).GetProperty("sizeBand").GetString());

        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostJsonAsync(link, new { action = "withdraw" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(ApiRoutes.DirectoryProfile.PathFor(community.Id))).StatusCode);
    }

    [Fact]
    public async Task A_listed_community_is_browsed_shown_and_withdrawn()
    {
        await using var host = await LocalHost.StartAsync();
        await ListedCommunityAsync(host);
    }

    [Fact]
    public async Task A_community_shows_only_after_its_contact_opts_in_from_the_approval_email_and_nothing_personal_stays_once_they_are_erased()
    {
        await using var host = await LocalHost.StartAsync(Story.Timings());
        var story = new Story(host);
        await story.SubmitAsync();
        await story.ConfirmAsync();
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(await story.ApprovalLinkAsync(), "approve")).StatusCode);
        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());
        var registration = (await host.Get<RegistrationStore>().FindAsync(story.Id))!;

        // The approval email offers it; until the contact chooses, the community is only a number on the map.
        var welcome = Assert.Single(await Mail.WaitForAsync(host.Client, story.Email, "Selamat!"));
        var listing = new Uri(Assert.Single(welcome.Links(ApiRoutes.ShowListing.Path).Distinct())).PathAndQuery;
        Assert.DoesNotContain(story.Id, await host.Client.GetStringAsync(ApiRoutes.Directory.Path));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(ApiRoutes.DirectoryProfile.PathFor(story.Id))).StatusCode);
        var shown = await host.Client.GetJsonAsync(listing);
        Assert.Equal(("not-listed", registration.Name), (shown.GetProperty("status").GetString(), shown.GetProperty("name").GetString()));

        // Opting in takes consent, named in the problem; then the profile shows what the contact chose, and none of them.
        var refused = await host.Client.PostJsonAsync(listing, new { action = "list", description = "Kelas animasi tiap Sabtu." });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("consent", out _));
        var listed = await host.Client.PostJsonAsync(listing, new
        {
            action = "list", description = "Kelas animasi tiap Sabtu.", links = MotionLinks, consent = true, consentVersion = DirectoryEndpoints.ConsentVersion,
        });
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal("listed", (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var page = await host.Client.GetJsonAsync(DirectoryEndpoints.BrowseFilter.Path(null, registration.RegencyCode, "film-animasi-video", null));
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal((story.Id, "Kota Malang"), (item.GetProperty("id").GetString(), item.GetProperty("regencyName").GetString()));
        var profileText = await host.Client.GetStringAsync(ApiRoutes.DirectoryProfile.PathFor(story.Id));
        var profile = JsonDocument.Parse(profileText).RootElement;
        Assert.Equal((registration.Name, "Kelas animasi tiap Sabtu.", "<10", 2017), (profile.GetProperty("name").GetString(), profile.GetProperty("description").GetString(),
            profile.GetProperty("sizeBand").GetString(), profile.GetProperty("foundedYear").GetInt32()));
        Assert.Equal(MotionLink, Assert.Single(profile.GetProperty("links").EnumerateArray()).GetString());
        foreach (var personal in new[] { story.Email, registration.ContactName, registration.Phone, registration.ContactKey })
        {
            Assert.DoesNotContain(personal, profileText, StringComparison.OrdinalIgnoreCase);
        }
        // The registration's own description was never public, and is not shown.
        Assert.DoesNotContain("Kelas tiap Sabtu", profileText);

        // The contact's export lists the listing; erasure takes the community out of the directory and keeps nothing they wrote.
        var myData = new Uri(Assert.Single(welcome.Links("/api/my-data"))).PathAndQuery;
        var export = await host.Client.GetJsonAsync(myData.Replace("/api/my-data?", "/api/my-data/export?"));
        Assert.Equal("Kelas animasi tiap Sabtu.", Assert.Single(export.GetProperty("directoryListings").EnumerateArray()).GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostJsonAsync(myData.Replace("/api/my-data?", "/api/my-data/delete?"), new { confirm = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(ApiRoutes.DirectoryProfile.PathFor(story.Id))).StatusCode);
        Assert.Empty((await host.Client.GetJsonAsync(ApiRoutes.Directory.Path)).GetProperty("items").EnumerateArray());
        var kept = (await host.Get<ListingStore>().FindAsync(story.Id))!;
        Assert.Equal((ListingStatus.Withdrawn, "", "[]", ""), (kept.Status, kept.Description, kept.LinksJson, kept.ContactKey));
        // The link died with the contact.
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(listing)).StatusCode);
    }

    [Fact]
    public async Task The_profile_follows_members_events_and_mentoring_as_they_change_and_withdrawal_removes_it()
    {
        await using var host = await LocalHost.StartAsync();
        var community = await MapRebuildTests.CommunityAsync(host, "63.09");
        var link = new Uri(host.Get<DirectoryLinks>().Listing(community.Id)).PathAndQuery;
        Assert.Equal(HttpStatusCode.OK, (await ListAsync(host, link, "Komunitas film di Tanjung.")).StatusCode);

        // Eleven confirmed members and one whose membership is unconfirmed, each written as the member store writes them.
        var keys = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            keys.Add(await MemberAsync(host, community.Id, i < 11 ? MembershipStatus.Confirmed : MembershipStatus.Unconfirmed));
        }
        var now = DateTimeOffset.UtcNow;
        var held = await EventAsync(host, community, now.AddDays(-3), ProposalStatus.Confirmed, "Pemutaran film pendek");
        await EventAsync(host, community, now.AddDays(12), ProposalStatus.Confirmed, "Kelas sinematografi");
        await EventAsync(host, community, now.AddDays(5), ProposalStatus.Cancelled, "Dibatalkan");
        await EventAsync(host, community, now.AddDays(6), ProposalStatus.InReview, "Menunggu persetujuan");
        var mentorship = new Mentorship { PartitionKey = RecordId.New(), StatusName = nameof(MentorshipStatus.Active), CommunityId = community.Id, MenteeKey = keys[0], CreatedAt = now };
        Assert.True(await host.Get<MentorshipStore>().TryAddAsync(mentorship));

        var profile = await ProfileAsync(host, community.Id);
        Assert.Equal("10-49", profile.GetProperty("sizeBand").GetString());
        Assert.Equal("Kelas sinematografi", Assert.Single(profile.GetProperty("upcomingEvents").EnumerateArray()).GetProperty("title").GetString());
        var past = Assert.Single(profile.GetProperty("pastEvents").EnumerateArray());
        Assert.Equal((held.Id, "WITA"), (past.GetProperty("id").GetString(), past.GetProperty("zone").GetString()));
        Assert.True(profile.GetProperty("activeMentoring").GetBoolean());
        var activity = profile.GetProperty("activity").EnumerateArray().ToList();
        Assert.Equal(12, activity.Count);
        Assert.Equal(1, activity.Sum(a => a.GetProperty("eventsHeld").GetInt32()));

        // Two members are erased (their rows go, as erasure deletes them), the mentorship completes, the upcoming event is cancelled.
        foreach (var key in keys.Take(2))
        {
            await host.Get<PersonStore>().DeleteAllAsync(key);
        }
        await host.Get<MentorshipStore>().TransitionAsync(mentorship.Id, m => { m.Status = MentorshipStatus.Completed; return true; });
        var upcoming = (await host.Get<ProposalStore>().FindAsync(Assert.Single(profile.GetProperty("upcomingEvents").EnumerateArray()).GetProperty("id").GetString()!))!;
        await host.Get<ProposalStore>().TransitionAsync(upcoming.Id, p => { p.Status = ProposalStatus.Cancelled; return true; });

        profile = await ProfileAsync(host, community.Id);
        Assert.Equal("<10", profile.GetProperty("sizeBand").GetString());
        Assert.Empty(profile.GetProperty("upcomingEvents").EnumerateArray());
        Assert.False(profile.GetProperty("activeMentoring").GetBoolean());
        var life = host.Get<KomunitasTables>().Client(CommunityActivityStore.TableName);
        foreach (var key in keys.Take(2))
        {
            Assert.Empty(await Rows.WhereAsync(life, TableClient.CreateQueryFilter($"PartitionKey eq {"person|" + key} or RowKey eq {"member|" + key}")));
        }

        // Withdrawn: off the directory at once, and nothing the contact wrote is kept.
        var withdrawn = await host.Client.PostJsonAsync(link, new { action = "withdraw" });
        Assert.Equal("withdrawn", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(ApiRoutes.DirectoryProfile.PathFor(community.Id))).StatusCode);
        Assert.Empty(await Rows.WhereAsync(host.Get<KomunitasTables>().Client(ListingStore.TableName),
            TableClient.CreateQueryFilter($"PartitionKey ge {"index|"} and PartitionKey lt {"index}"}")));
        Assert.Equal(("", "[]"), ((await host.Get<ListingStore>().FindAsync(community.Id))!.Description, (await host.Get<ListingStore>().FindAsync(community.Id))!.LinksJson));
    }

    [Fact]
    public async Task Browsing_narrows_by_province_kab_kota_and_subsector_pages_through_all_and_refuses_bad_filters_by_name()
    {
        await using var host = await LocalHost.StartAsync();
        var tabalong = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            var community = await MapRebuildTests.CommunityAsync(host, i < 21 ? "63.09" : "63.01");
            tabalong.Add(community.Id);
            Assert.Equal(HttpStatusCode.OK, (await ListAsync(host, new Uri(host.Get<DirectoryLinks>().Listing(community.Id)).PathAndQuery, "")).StatusCode);
        }
        await MapRebuildTests.CommunityAsync(host, "35.73");

        // Every listed community once, over pages of twenty, following `next`.
        var seen = new List<string>();
        string? next = DirectoryEndpoints.BrowseFilter.Path("63", null, null, null);
        var pages = 0;
        while (next is not null)
        {
            var page = await host.Client.GetJsonAsync(next);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            next = page.TryGetProperty("next", out var more) ? more.GetString() : null;
            pages++;
        }
        Assert.Equal((2, 23), (pages, seen.Count));
        Assert.Equal(tabalong.Order(), seen.Order());
        Assert.Equal(2, (await host.Client.GetJsonAsync(DirectoryEndpoints.BrowseFilter.Path(null, "63.01", null, null))).GetProperty("items").GetArrayLength());
        Assert.Equal(20, (await host.Client.GetJsonAsync(DirectoryEndpoints.BrowseFilter.Path(null, null, "film-animasi-video", null))).GetProperty("items").GetArrayLength());
        Assert.Empty((await host.Client.GetJsonAsync(DirectoryEndpoints.BrowseFilter.Path(null, null, "musik", null))).GetProperty("items").EnumerateArray());
        Assert.Empty((await host.Client.GetJsonAsync(DirectoryEndpoints.BrowseFilter.Path("35", null, null, null))).GetProperty("items").EnumerateArray());

        foreach (var (query, field) in new[]
                 {
                     ("province=99", "province"), ("regency=63.99", "regency"), ("province=35&regency=63.09", "regency"), ("subsector=lainnya", "subsector"),
                     ("after=%27%3B--", "after"), ("after=63.09|x/..", "after"),
                 })
        {
            var response = await host.Client.GetAsync($"{ApiRoutes.Directory.Path}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), query);
        }
        using var html = new HttpRequestMessage(HttpMethod.Get, $"{ApiRoutes.Directory.Path}?province=99");
        html.Headers.Accept.ParseAdd("text/html");
        var refusedPage = await host.Client.SendAsync(html);
        Assert.Equal(HttpStatusCode.BadRequest, refusedPage.StatusCode);
        Assert.Contains("Provinsi tidak dikenal", await refusedPage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_contacts_page_refuses_bad_links_and_bad_input_by_name_and_keeps_the_listing_whole()
    {
        await using var host = await LocalHost.StartAsync();
        var community = await MapRebuildTests.CommunityAsync(host, "63.09");
        var link = new Uri(host.Get<DirectoryLinks>().Listing(community.Id)).PathAndQuery;
        Assert.Equal(HttpStatusCode.OK, (await ListAsync(host, link, "Asli.")).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync($"{ApiRoutes.ShowListing.Path}?k=not-a-token")).StatusCode);
        var preferences = new Uri(host.Get<ServerlessKomunitas.Preferences.PreferenceLinks>().Page(community.ContactKey)).Query;
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync(ApiRoutes.ShowListing.Path + preferences)).StatusCode);
        var pending = await MapRebuildTests.CommunityAsync(host, "63.09", RegistrationStatus.PendingApproval);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(new Uri(host.Get<DirectoryLinks>().Listing(pending.Id)).PathAndQuery)).StatusCode);

        foreach (var (body, field) in new (object Body, string Field)[]
                 {
                     (new { action = "publish" }, "action"),
                     (new { description = new string('a', DirectoryEndpoints.MaxDescription + 1) }, "description"),
                     (new { description = "a\u0000b" }, "description"),
                     (new { description = 42 }, "description"),
                     (new { links = new[] { "javascript:alert(1)" } }, "links"),
                     (new { links = Enumerable.Range(0, 6).Select(i => $"https://example.org/{i}").ToArray() }, "links"),
                     (new { links = "https://example.org" }, "links"),
                 })
        {
            var response = await host.Client.PostJsonAsync(link, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        var tooBig = await host.Client.PostAsync(link, new StringContent(new string('x', DirectoryEndpoints.MaxBodyBytes + 1), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal("Asli.", (await host.Get<ListingStore>().FindAsync(community.Id))!.Description);

        // A form that fails shows the error in Bahasa Indonesia, with what was typed kept.
        var form = await host.Client.PostAsync(link, new FormUrlEncodedContent([new("action", "list"), new("description", "Baru"), new("links", "ftp://x")]));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        var text = System.Net.WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync());
        Assert.Contains("Tautan harus alamat lengkap", text);
        Assert.Contains(">Baru</textarea>", text);
    }

    [Fact]
    public async Task Communities_approved_before_the_directory_are_invited_once_and_later_ones_read_it_in_their_approval_email()
    {
        await using var host = await LocalHost.StartAsync();
        var older = new List<Registration>();
        for (var i = 0; i < 3; i++)
        {
            var community = await MapRebuildTests.CommunityAsync(host, "63.09");
            await host.Get<RegistrationStore>().TransitionAsync(community.Id, r => { r.DecidedAt = DateTimeOffset.UtcNow.AddDays(-30); return true; });
            older.Add(community);
        }
        var jobs = host.Get<JobRunner>();
        var first = await jobs.RunAsync(JobCatalog.DirectoryInvitations);
        Assert.Equal((3, 0), (first.Sent, first.AlreadySent));
        foreach (var community in older)
        {
            var invitation = Assert.Single(await Mail.WaitForAsync(host.Client, community.Email, "direktori komunitas kreatif"));
            var offered = Assert.Single(invitation.Links(ApiRoutes.ShowListing.Path).Distinct());
            Assert.DoesNotContain(community.ContactKey, offered);
            Assert.Equal("not-listed", (await host.Client.GetJsonAsync(new Uri(offered).PathAndQuery)).GetProperty("status").GetString());
        }
        // Approved after the job first ran: its approval email carried the offer, so the job leaves it; later runs read one row.
        var newer = await MapRebuildTests.CommunityAsync(host, "63.09");
        await host.Get<RegistrationStore>().TransitionAsync(newer.Id, r => { r.DecidedAt = DateTimeOffset.UtcNow.AddMinutes(1); return true; });
        Assert.Equal((0, 0, 0), ((await jobs.RunAsync(JobCatalog.DirectoryInvitations)) is var again ? (again.Sent, again.AlreadySent, again.Skipped) : default));
        Assert.Empty(await Mail.ToAsync(host.Client, newer.Email));
        foreach (var community in older)
        {
            Assert.Single(await Mail.ToAsync(host.Client, community.Email));
        }
    }

    static Task<HttpResponseMessage> ListAsync(IAppHost host, string link, string description) => host.Client.PostJsonAsync(link, new
    {
        action = "list", description, consent = true, consentVersion = DirectoryEndpoints.ConsentVersion,
    });

    static async Task<JsonElement> ProfileAsync(IAppHost host, string id) => await host.Client.GetJsonAsync(ApiRoutes.DirectoryProfile.PathFor(id));

    /// <summary>A confirmed person with a membership, written as the member store writes it, and the store's notice of it.</summary>
    static async Task<string> MemberAsync(IAppHost host, string communityId, MembershipStatus membership)
    {
        var key = Person.KeyOf(Submissions.UniqueEmail("anggota"));
        var persons = host.Get<KomunitasTables>().Client(PersonStore.TableName);
        await persons.AddEntityAsync(new Person { PartitionKey = key, Status = PersonStatus.Confirmed, Name = "Anggota Uji", RegencyCode = "63.09", ProvinceCode = "63" });
        await persons.AddEntityAsync(new Membership { PartitionKey = key, RowKey = Membership.RowOf(communityId), CommunityId = communityId, StatusName = membership.ToString() });
        await host.Get<IRecordChangeObserver>().RecordChangedAsync(PersonStore.TableName, key);
        return key;
    }

    static async Task<Proposal> EventAsync(IAppHost host, Registration community, DateTimeOffset start, ProposalStatus status, string title)
    {
        var proposal = new Proposal
        {
            PartitionKey = RecordId.New(), StatusName = status.ToString(), CommunityId = community.Id, CommunityName = community.Name, Title = title,
            Kind = "workshop", SubsectorSlugs = "film-animasi-video", RegencyCode = community.RegencyCode, ProvinceCode = community.ProvinceCode, Zone = "WITA",
            StartUtc = start, EndUtc = start.AddHours(3), Capacity = 40, SubmittedAt = start.AddDays(-30), ConfirmedAt = start.AddDays(-29),
        };
        Assert.True(await host.Get<ProposalStore>().TryAddAsync(proposal));
        return proposal;
    }
}
