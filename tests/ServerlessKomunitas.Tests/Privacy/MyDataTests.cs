using System.Net;
using System.Text.Json;
using ServerlessKomunitas.Engagement;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;

namespace ServerlessKomunitas.Tests.Privacy;

/// <summary>The "Data saya" page and the export of everything held about a person.</summary>
public class MyDataTests
{
    [Fact]
    public async Task The_export_holds_the_person_their_memberships_the_community_they_run_and_their_rsvps()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        // The community's contact is also a member of it.
        var person = await MemberStory.ConfirmedPersonAsync(host, community, "Rani Kontak", email: community.Email);
        var eventId = RecordId.New();
        await host.Get<RsvpStore>().AttendAsync(eventId, person.Key, 10, DateTimeOffset.UtcNow);
        await host.Get<ActivityLog>().CountAsync(community.Id, person.Key, ActivityKind.Rsvp, DateTimeOffset.UtcNow);
        var stranger = await MemberStory.ConfirmedPersonAsync(host, community, "Orang Lain");

        var preferences = new Uri(host.Get<PreferenceLinks>().Page(person.Key)).PathAndQuery;
        var myData = new Uri(host.Get<PreferenceLinks>().MyData(person.Key)).PathAndQuery;
        Assert.Contains(myData.Split("?k=")[0] + "?k=", await host.Client.GetStringAsync(preferences));
        var page = await host.Client.GetStringAsync(myData);
        Assert.Contains("Unduh data saya", page);

        var response = await host.Client.GetAsync(myData.Replace("/api/my-data?", "/api/my-data/export?"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("data-saya.json", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var data = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(person.Email, data.GetProperty("person").GetProperty("email").GetString());
        Assert.Equal("2026-11", data.GetProperty("person").GetProperty("consentVersion").GetString());
        Assert.Equal(community.Id, data.GetProperty("memberships")[0].GetProperty("communityId").GetString());
        Assert.Equal(community.Id, data.GetProperty("communitiesAsContact")[0].GetProperty("id").GetString());
        Assert.Equal(eventId, data.GetProperty("rsvps")[0].GetProperty("eventId").GetString());
        Assert.Equal(1, Assert.Single(data.GetProperty("activity").EnumerateArray()).GetProperty("rsvps").GetInt32());
        // Every feature that holds personal data has its section, in the order the features are registered.
        Assert.Equal(["exportedAt", "person", "whatsAppConsent", "whatsAppMessages", "communitiesAsContact", "proposalsAsContact", "rsvps", "memberships", "mentorships", "scheduledEmails", "activity", "directoryListings",
            "emails", "audit", "emailSuppressed"], data.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain(stranger.Email, data.ToString());

        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync(myData[..^2] + "xx")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync(preferences.Replace("/api/preferences?", "/api/my-data/export?"))).StatusCode);
    }
}
