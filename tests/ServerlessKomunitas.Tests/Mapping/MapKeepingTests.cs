using System.Net;
using Azure.Data.Tables;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Mapping;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Proposals;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Mapping;

/// <summary>
/// The steps keep the map's figures current: after a mixed story through the app's own endpoints, workflows and
/// stores, the figures are right without a rebuild, and a rebuild from the records then finds nothing to change.
/// A step retried or run twice at once counts once, and a record that moves leaves its old kab/kota.
/// </summary>
public class MapKeepingTests
{
    const string Tabalong = "63.09";

    [Fact]
    public async Task After_a_mixed_story_through_the_steps_the_figures_are_current_and_a_rebuild_changes_nothing()
    {
        await using var host = await LocalHost.StartAsync(new Dictionary<string, string?>(ProposalStory.Timings())
            .Concat(MemberStory.Timings()).Concat(Story.Timings()).DistinctBy(t => t.Key).ToDictionary());
        var figures = host.Get<MapFigureStore>();

        // A community registered, confirmed and approved by its coordinator (Kota Malang), and one written as approved (Tabalong).
        var registration = new Story(host);
        await registration.SubmitAsync();
        await registration.ConfirmAsync();
        Assert.Equal(HttpStatusCode.OK, (await registration.DecideAsync(await registration.ApprovalLinkAsync(), "approve")).StatusCode);
        Assert.Equal(RegistrationStatus.Approved, await registration.CompletionAsync());
        var proposal = await ProposalStory.ForNewCommunityAsync(host);
        var communityId = proposal.Valid()["communityId"]!.GetValue<string>();

        // Two sign-ups: one confirms, one never does.
        var member = new MemberStory(host, communityId);
        Assert.Equal(HttpStatusCode.Accepted, (await member.SignUpAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.ConfirmAsync(await member.ConfirmLinkAsync())).StatusCode);
        Assert.Equal(MembershipStatus.Confirmed, await member.CompletionAsync());
        Assert.Equal(HttpStatusCode.Accepted, (await new MemberStory(host, communityId).SignUpAsync()).StatusCode);

        // An event proposed, confirmed, approved and confirmed; three RSVPs for two seats, and the first cancels.
        Assert.Equal(HttpStatusCode.Accepted, (await proposal.SubmitAsync()).StatusCode);
        await proposal.ConfirmAsync();
        await proposal.DecideAsync(await proposal.ApproverLinkAsync(ProposalStory.TabalongCoordinator), "approve");
        await proposal.ActAsync(await proposal.LinkAsync(proposal.ContactEmail, $"Usulan disetujui: {proposal.Title}", "/api/proposals/confirm-event/"));
        await proposal.WaitForStageAsync(ProposalStage.Listed);
        var rsvps = host.Get<RsvpStore>();
        var people = Enumerable.Range(0, 3).Select(_ => Person.KeyOf(Submissions.UniqueEmail("peserta"))).ToList();
        foreach (var person in people)
        {
            await rsvps.AttendAsync(proposal.Id, person, 2, DateTimeOffset.UtcNow);
        }
        await rsvps.CancelAsync(proposal.Id, people[0], DateTimeOffset.UtcNow);

        // A second proposal confirmed by the contact (its support counts), then withdrawn (it no longer does).
        var withdrawn = new ProposalStory(host, communityId, proposal.ContactEmail);
        Assert.Equal(HttpStatusCode.Accepted, (await withdrawn.SubmitAsync(body => body["support"] = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["element"] = "business", ["need"] = "Sponsor konsumsi" }))).StatusCode);
        await withdrawn.ConfirmAsync();
        Assert.Equal(1, (await figures.AreaAsync(Tabalong)).GetValueOrDefault(MapMeasures.SupportAskedOf("business")));
        Assert.Equal(HttpStatusCode.OK, (await withdrawn.ActAsync(await withdrawn.WithdrawLinkAsync())).StatusCode);
        Assert.Equal(ProposalStatus.Withdrawn, await withdrawn.CompletionAsync());

        // A mentorship that becomes active, then completes.
        var mentorships = host.Get<MentorshipStore>();
        var mentorship = new Mentorship { PartitionKey = RecordId.New(), StatusName = nameof(MentorshipStatus.Matching), CommunityId = communityId, MenteeKey = member.PersonKey };
        Assert.True(await mentorships.TryAddAsync(mentorship));
        await mentorships.TransitionAsync(mentorship.Id, m => { m.StatusName = nameof(MentorshipStatus.Active); return true; });
        Assert.Equal(1, (await figures.AreaAsync(Tabalong)).GetValueOrDefault(MapMeasures.MentorshipsActive));
        await mentorships.TransitionAsync(mentorship.Id, m => { m.StatusName = nameof(MentorshipStatus.Completed); return true; });

        var tabalong = await figures.AreaAsync(Tabalong);
        Assert.Equal([1, 1, 1, 0, 2, 1], new[] { MapMeasures.Communities, MapMeasures.Members, MapMeasures.EventsUpcoming, MapMeasures.Waitlisted, MapMeasures.Attending,
            MapMeasures.MentorshipsCompleted }.Select(m => tabalong.GetValueOrDefault(m)));
        Assert.Equal(0, tabalong.GetValueOrDefault(MapMeasures.MentorshipsActive));
        Assert.Equal(0, tabalong.GetValueOrDefault(MapMeasures.SupportAskedOf("business")));
        Assert.Equal(1, (await figures.AreaAsync("35.73")).GetValueOrDefault(MapMeasures.Communities));
        var nation = await figures.AreaAsync(MapMeasures.Nation);
        Assert.Equal((2, 1), (nation.GetValueOrDefault(MapMeasures.Communities), nation.GetValueOrDefault(MapMeasures.Members)));
        var provinces = await figures.ChildrenAsync(MapMeasures.Nation);
        Assert.Equal((1, 1), (provinces["63"][MapMeasures.Communities], provinces["35"][MapMeasures.Communities]));
        // The API's province table reads the same, with the one member "<3".
        var api = await (await host.Client.GetAsync(ApiRoutes.MapArea.PathFor("63"))).ReadJson();
        Assert.Equal("<3", api.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("code").GetString() == Tabalong).GetProperty("figures").GetProperty("members").GetString());

        // The rebuild counts the same records the same way: it writes and deletes nothing.
        var rebuild = await host.Get<JobRunner>().RunAsync(JobCatalog.MapRebuild);
        Assert.Equal((0, 0), (rebuild.Sent, rebuild.Skipped));
        Assert.True(rebuild.AlreadySent > 20, $"{rebuild.AlreadySent} rows checked");
    }

    [Fact]
    public async Task A_step_retried_after_a_crash_or_run_twice_at_once_counts_once_and_a_moved_record_leaves_its_old_kab_kota()
    {
        await using var host = await LocalHost.StartAsync();
        var figures = host.Get<MapFigureStore>();
        var keeper = host.Get<MapFigureKeeper>();
        var community = await MapRebuildTests.CommunityAsync(host, Tabalong);

        // Confirmed events written straight into the table, as if the step crashed before the figures; then the step's
        // refresh runs three times over, four events at once.
        var proposals = host.Get<KomunitasTables>().Client(ProposalStore.TableName);
        var events = new List<Proposal>();
        for (var i = 0; i < 4; i++)
        {
            var start = DateTimeOffset.UtcNow.AddDays(10 + i);
            var e = new Proposal
            {
                PartitionKey = RecordId.New(), StatusName = nameof(ProposalStatus.Confirmed), CommunityId = community.Id, Title = "Kegiatan Uji", Kind = "workshop",
                SubsectorSlugs = "musik", RegencyCode = Tabalong, ProvinceCode = "63", Zone = "WITA", StartUtc = start, EndUtc = start.AddHours(2), Capacity = 10,
                ConfirmedAt = DateTimeOffset.UtcNow, SupportJson = """[{"Element":"media","Need":"Liputan"}]""",
            };
            await proposals.AddEntityAsync(e);
            events.Add(e);
        }
        Assert.Equal(0, (await figures.AreaAsync(Tabalong)).GetValueOrDefault(MapMeasures.EventsUpcoming));
        await Task.WhenAll(events.SelectMany(e => Enumerable.Repeat(e, 3)).Select(e => keeper.RefreshAsync(new MapSource(MapSourceKind.Event, e.Id))));
        foreach (var code in new[] { Tabalong, "63", MapMeasures.Nation })
        {
            var area = await figures.AreaAsync(code);
            Assert.Equal((4, 4), (area.GetValueOrDefault(MapMeasures.EventsUpcoming), area.GetValueOrDefault(MapMeasures.SupportAskedOf("media"))));
        }

        // The first event moves to Kota Banjarmasin (63.71): it leaves Tabalong, and the province still counts it once.
        await host.Get<ProposalStore>().TransitionAsync(events[0].Id, p => { p.RegencyCode = "63.71"; return true; });
        await keeper.RefreshAsync(new MapSource(MapSourceKind.Event, events[0].Id));
        Assert.Equal(3, (await figures.AreaAsync(Tabalong)).GetValueOrDefault(MapMeasures.EventsUpcoming));
        Assert.Equal(1, (await figures.AreaAsync("63.71")).GetValueOrDefault(MapMeasures.EventsUpcoming));
        Assert.Equal(4, (await figures.AreaAsync("63")).GetValueOrDefault(MapMeasures.EventsUpcoming));
        var children = await figures.ChildrenAsync("63");
        Assert.Equal((3, 1), (children[Tabalong][MapMeasures.EventsUpcoming], children["63.71"][MapMeasures.EventsUpcoming]));

        // Cancelled: it counts nowhere, and the rebuild agrees with every figure.
        await host.Get<ProposalStore>().TransitionAsync(events[0].Id, p => { p.Status = ProposalStatus.Cancelled; return true; });
        Assert.Equal(0, (await figures.AreaAsync("63.71")).GetValueOrDefault(MapMeasures.EventsUpcoming));
        Assert.Equal(3, (await figures.AreaAsync(MapMeasures.Nation)).GetValueOrDefault(MapMeasures.EventsUpcoming));
        var rebuild = await host.Get<JobRunner>().RunAsync(JobCatalog.MapRebuild);
        Assert.Equal((0, 0), (rebuild.Sent, rebuild.Skipped));
    }

    [Fact]
    public async Task A_member_counts_where_they_live_and_once_erased_no_row_of_the_map_names_them()
    {
        await using var host = await LocalHost.StartAsync();
        var figures = host.Get<MapFigureStore>();
        var community = await MapRebuildTests.CommunityAsync(host, Tabalong);
        var person = await MemberStory.ConfirmedPersonAsync(host, community, "Rina Terhapus", "63.71");
        Assert.Equal(1, (await figures.AreaAsync("63.71")).GetValueOrDefault(MapMeasures.Members));
        Assert.Contains(await RowsNamingAsync(host), key => key == person.Key);

        await host.Get<PersonStore>().DeleteAllAsync(person.Key);
        Assert.Equal(0, (await figures.AreaAsync("63.71")).GetValueOrDefault(MapMeasures.Members));
        Assert.Equal(0, (await figures.AreaAsync(MapMeasures.Nation)).GetValueOrDefault(MapMeasures.Members));
        Assert.Empty(await RowsNamingAsync(host));
    }

    /// <summary>The person keys the map's rows name, as the breach scope reads them.</summary>
    static async Task<List<string>> RowsNamingAsync(IAppHost host)
    {
        var keys = new List<string>();
        await foreach (var row in host.Get<KomunitasTables>().Client(MapFigureStore.SourcesTableName).QueryAsync<TableEntity>())
        {
            keys.AddRange(MapFigureStore.PeopleIn(row).Select(p => p.PersonKey!));
        }
        return keys;
    }
}
