using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Operations;
using ServerlessKomunitas.Tests.Proposals;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.EndToEnd;

/// <summary>
/// An event proposal on either host (the Durable Task engine on Azurite), through HTTP and the mailbox only:
/// a community in Kabupaten Tabalong registers and is approved, an operator sets a two-of-two policy for its
/// workshops, and the kab/kota and province coordinators must both agree before the event reaches the calendar.
/// </summary>
public class ProposalQuorumStoryTests
{
    static Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>(ProposalStory.Timings()) { ["Durable:PartitionCount"] = "2" };
        settings.Remove("Durable:Backend");
        return settings;
    }

    [Fact]
    public async Task A_workshop_needs_both_coordinators_then_is_confirmed_and_appears_in_the_calendar_and_its_feed()
    {
        await using var host = await LocalHost.StartAsync(Settings());
        await RunAsync(host);
    }

    internal static async Task RunAsync(IAppHost host)
    {
        var client = host.Client;

        // The community registers in Tabalong; the Kalimantan Selatan coordinator approves it.
        var community = new Story(host);
        await community.SubmitAsync(body => body["regencyCode"] = "63.09");
        await community.ConfirmAsync();
        var approveCommunity = await community.ApprovalLinkAsync(coordinator: ProposalStory.KalselCoordinator);
        Assert.Equal(HttpStatusCode.OK, (await community.DecideAsync(approveCommunity, "approve")).StatusCode);
        var welcome = Assert.Single(await Mail.WaitForAsync(client, community.Email, "diterima di jaringan"));
        // The welcome email carries the proposal form with the community filled in.
        var form = new Uri(Assert.Single(welcome.Links("/api/usulan"))).PathAndQuery;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(form)).StatusCode);
        var communityId = System.Web.HttpUtility.ParseQueryString(new Uri(client.BaseAddress!, form).Query)["community"]!;
        Assert.Contains(communityId, welcome.Text);

        // Workshops in Tabalong now need both the kab/kota and the province coordinator.
        var policy = await client.SendAsync(OperatorTests.Request(HttpMethod.Put, "/api/operator/policies/proposal-workshop/regency-63.09",
            """{"rule":"Quorum","quorum":2,"approvers":[{"approver":"@regency"},{"approver":"@province"}]}"""));
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);

        var proposal = new ProposalStory(host, communityId, community.Email);
        Assert.Equal(HttpStatusCode.Accepted, (await proposal.SubmitAsync()).StatusCode);
        await proposal.ConfirmAsync();

        var regency = await proposal.ApproverLinkAsync(ProposalStory.TabalongCoordinator);
        var province = await proposal.ApproverLinkAsync(ProposalStory.KalselCoordinator);
        Assert.Equal(HttpStatusCode.OK, (await proposal.DecideAsync(regency, "approve", "Setuju dari kabupaten")).StatusCode);
        var halfway = await proposal.StatusAsync();
        Assert.Equal("InReview", halfway.GetProperty("status").GetString());
        Assert.Single(halfway.GetProperty("awaitingFrom").EnumerateArray());
        Assert.Contains("Kalimantan Selatan", halfway.GetProperty("awaitingFrom")[0].GetString());
        // The province coordinator's inbox, reached from the same email, shows the rule and who already decided.
        var request = (await Mail.WaitForAsync(client, ProposalStory.KalselCoordinator, $"Usulan kegiatan menunggu keputusan Anda: {proposal.Title}"))[0];
        var inbox = new Uri(Assert.Single(request.Links("/api/inbox"))).PathAndQuery;
        var item = Assert.Single((await Inbox.InboxTests.ReadAsync(host, inbox + "&kind=proposal&regency=63.09")).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("title").GetString() == proposal.Title);
        Assert.Equal(("Quorum", 2), (item.GetProperty("rule").GetString(), item.GetProperty("needed").GetInt32()));
        var other = Assert.Single(item.GetProperty("others").EnumerateArray());
        Assert.Equal(("Decided", "Approve"), (other.GetProperty("state").GetString(), other.GetProperty("decision").GetString()));
        var page = await client.GetStringAsync(inbox);
        Assert.Contains("Aturan: perlu 2 persetujuan dari yang diminta.", page);
        Assert.Contains("disetujui", page);

        Assert.Equal(HttpStatusCode.OK, (await proposal.DecideAsync(province, "approve", "Setuju dari provinsi")).StatusCode);
        var approved = Assert.Single(await Mail.WaitForAsync(client, community.Email, $"Usulan disetujui: {proposal.Title}"));
        Assert.Contains("Setuju dari kabupaten", approved.Text);
        Assert.Contains("Setuju dari provinsi", approved.Text);
        Assert.Equal(2, (await proposal.StatusAsync()).GetProperty("decisions").GetArrayLength());

        await proposal.ActAsync(await proposal.LinkAsync(community.Email, $"Usulan disetujui: {proposal.Title}", "/api/proposals/confirm-event/"));
        await Mail.WaitForAsync(client, community.Email, $"Kegiatan terkonfirmasi: {proposal.Title}");

        var listed = Assert.Single(await proposal.CalendarAsync());
        Assert.Equal(community.Name, listed.GetProperty("communityName").GetString());
        var feed = Ical.Net.Calendar.Load(await client.GetStringAsync("/api/events.ics?regency=63.09"))!;
        Assert.Contains(feed.Events, e => e.Summary == proposal.Title && e.Start!.TzId == "Asia/Makassar");

        // The workflow ran on the Azure Storage backend, whose history lives in the task hub's tables.
        var tables = host.Get<Azure.Data.Tables.TableServiceClient>();
        var history = 0;
        await foreach (var _ in tables.GetTableClient(host.TablePrefix + "History").QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == proposal.Id))
        {
            history++;
        }
        Assert.True(history > 10, $"{history} history rows");
    }
}
