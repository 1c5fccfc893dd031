using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Privacy;

/// <summary>A community's contact who never joined as a member reaches "Data saya" from the emails they get, like a member.</summary>
public class ContactRightsTests
{
    [Fact]
    public async Task A_contact_who_is_not_a_member_finds_data_saya_in_their_emails_exports_it_and_erases_it()
    {
        await using var host = await LocalHost.StartAsync(Story.Timings());
        var story = new Story(host);
        await story.SubmitAsync();
        await story.ConfirmAsync();
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(await story.ApprovalLinkAsync(), "approve")).StatusCode);
        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());

        // Every email to the contact carries the line; the coordinator's, sent in that role, does not.
        var welcome = Assert.Single(await Mail.WaitForAsync(host.Client, story.Email, "Selamat!"));
        Assert.All(await Mail.ToAsync(host.Client, story.Email), m => Assert.Single(m.Links("/api/my-data")));
        Assert.All(await Mail.ToAsync(host.Client, Story.JawaTimurCoordinator), m => Assert.Empty(m.Links("/api/my-data")));
        var myData = new Uri(Assert.Single(welcome.Links("/api/my-data"))).PathAndQuery;

        var page = await host.Client.GetStringAsync(myData);
        Assert.Contains("Narahubung komunitas", page);
        var export = await host.Client.GetFromJsonAsync<JsonElement>(myData.Replace("/api/my-data?", "/api/my-data/export?"));
        Assert.Equal(story.Email, export.GetProperty("person").GetProperty("email").GetString());
        Assert.Equal(story.Id, Assert.Single(export.GetProperty("communitiesAsContact").EnumerateArray()).GetProperty("id").GetString());
        Assert.Contains(export.GetProperty("emails").EnumerateArray(), e => e.GetProperty("subject").GetString()!.StartsWith("Selamat!", StringComparison.Ordinal));

        // There is no membership consent to withdraw; erasure is how a contact leaves.
        Assert.Equal(HttpStatusCode.Conflict, (await host.Client.PostJsonAsync(myData.Replace("/api/my-data?", "/api/my-data/withdraw?"), new { confirm = true })).StatusCode);
        var erased = await host.Client.PostJsonAsync(myData.Replace("/api/my-data?", "/api/my-data/delete?"), new { confirm = true });

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var community = (await host.Get<RegistrationStore>().FindAsync(story.Id))!;
        Assert.Equal(("(dihapus)", "", "", ""), (community.ContactName, community.Email, community.Phone, community.ContactKey));
        Assert.Single(await Mail.WaitForAsync(host.Client, story.Email, "Data Anda sudah dihapus"));
        Assert.Single(await Mail.WaitForAsync(host.Client, Story.JawaTimurCoordinator, "Kontak komunitas menarik persetujuan data"));
        Assert.Empty(await host.Get<ServerlessKomunitas.Notifications.EmailLedger>().ToAddressAsync(story.Email));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(myData)).StatusCode);
    }
}
