using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Proposals;
using ServerlessKomunitas.Tests.Registrations;
using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Tests.WhatsApp;

/// <summary>
/// A community's contact who is not a member: WhatsApp from the registration form, confirmed from the opt-in message
/// once the address is confirmed; their settings page reached from "Data saya", with the WhatsApp section and no email
/// switches; and the request to confirm a proposal made in the community's name on WhatsApp, followed from there. The
/// same story runs on the real Functions host (<see cref="RealHost.SharedFunctionsHostTests"/>).
/// </summary>
public partial class WhatsAppContactTests
{
    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();

    [Fact]
    public async Task A_contact_asks_for_whatsapp_on_the_registration_form_and_confirms_a_proposal_from_the_whatsapp_message()
    {
        await using var host = await LocalHost.StartAsync(Story.Timings(confirmSeconds: 300, reminderSeconds: 300, expireSeconds: 600));
        await ContactStoryAsync(host);
    }

    /// <param name="regencyCode">Where both communities are: on the shared real host, a province no other story uses, so that its coordinator's daily number is this story's alone.</param>
    internal static async Task ContactStoryAsync(IAppHost host, string regencyCode = "35.73")
    {
        var story = new Story(host);
        var number = "+62819" + Random.Shared.Next(1000000, 9999999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        // The box carries its own consent version; a wrong one is refused, naming the field, and nothing is stored.
        var refused = await host.Client.SendAsync(Submissions.Json(WithWhatsApp(Submissions.Valid(story.Email, story.Name), number, "2020-01")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("whatsappConsentVersion", Assert.Single((await refused.ReadJson()).GetProperty("errors").EnumerateObject()).Name);
        Assert.Empty(await host.Get<RegistrationStore>().WhereEqualAsync(nameof(Registration.Email), story.Email));
        var form = WebUtility.HtmlDecode(await host.Client.GetStringAsync(ApiRoutes.RegistrationForm.Path));
        Assert.Contains("name=\"whatsapp\"", form);
        Assert.Contains(WhatsAppConsentText.Text, form);

        await story.SubmitAsync(body => WithWhatsApp(body, number, WhatsAppConsentText.Version)["regencyCode"] = regencyCode);
        Assert.Empty(await WhatsAppOptInTests.OptInLinksAsync(host, number));
        await story.ConfirmAsync();
        var optIn = await WhatsAppOptInTests.WaitForOptInAsync(host, number);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(optIn)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(optIn, null)).StatusCode);
        var registration = (await host.Get<RegistrationStore>().FindAsync(story.Id))!;
        var consent = (await host.Get<WhatsAppConsents>().FindAsync(registration.ContactKey))!;
        Assert.Equal((WhatsAppConsentStatus.Confirmed, number, registration.WhatsAppConsentedAt), (consent.Status, consent.Number, consent.ConsentedAt));

        // "Data saya", from the foot of the contact's email, leads to their settings: WhatsApp, and no email switches.
        var mail = (await Mail.WaitForAsync(host.Client, story.Email, "Konfirmasi email pendaftaran"))[0];
        var myData = new Uri(Assert.Single(mail.Links(ApiRoutes.MyData.Path))).PathAndQuery;
        var settings = new Uri(LinkPattern().Match(Regex.Match(WebUtility.HtmlDecode(await host.Client.GetStringAsync(myData)),
            @"href=""([^""]+)"">Pengaturan WhatsApp").Groups[1].Value).Value).PathAndQuery;
        var page = WebUtility.HtmlDecode(await host.Client.GetStringAsync(settings));
        Assert.Contains("narahubung komunitas", page);
        Assert.Contains(number, page);
        Assert.DoesNotContain("name=\"categories\"", page);
        var save = await host.Client.PostJsonAsync(ApiRoutes.SavePreferences.Path + new Uri("http://x" + settings).Query, new { action = "save", categories = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Conflict, save.StatusCode);
        Assert.Equal("action", (await save.ReadJson()).GetProperty("errors").EnumerateObject().Single().Name);
        var change = ApiRoutes.ChangeWhatsApp.Path + new Uri("http://x" + settings).Query;
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostJsonAsync(change, new Dictionary<string, string> { ["action"] = "channels", ["approval-requests"] = "whatsapp" })).StatusCode);

        // Another community they are the contact of proposes an event: the request to confirm it comes on WhatsApp only.
        var community = await ApprovedCommunityAsync(host, story.Email, regencyCode);
        var proposal = new ProposalStory(host, community.Id, story.Email);
        Assert.Equal(HttpStatusCode.Accepted, (await proposal.SubmitAsync()).StatusCode);
        var request = await WhatsAppNoticeTests.WaitForMessageAsync(host, number, proposal.Title);
        Assert.StartsWith($"Halo Dinda, ada usulan kegiatan atas nama {community.Name}: {proposal.Title}.", request);
        var confirm = new Uri(LinkPattern().Match(request).Value).PathAndQuery;
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(confirm)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(confirm, null)).StatusCode);
        await proposal.WaitForStageAsync(ProposalStage.InReview, seconds: 60);
        Assert.DoesNotContain(await Mail.ToAsync(host.Client, story.Email), m => m.Subject.StartsWith("Konfirmasi usulan kegiatan", StringComparison.Ordinal));

        // The export names the number and the WhatsApp consent given on the form.
        var export = await host.Client.GetStringAsync(ApiRoutes.ExportMyData.Path + new Uri("http://x" + myData).Query);
        using var exported = JsonDocument.Parse(export);
        var asContact = exported.RootElement.GetProperty("communitiesAsContact").EnumerateArray().Single(c => c.GetProperty("id").GetString() == story.Id);
        Assert.Equal((number, WhatsAppConsentText.Version), (asContact.GetProperty("whatsAppNumber").GetString(), asContact.GetProperty("whatsAppConsentVersion").GetString()));
        Assert.Equal("Confirmed", Assert.Single(exported.RootElement.GetProperty("whatsAppConsent").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_contact_who_chose_whatsapp_only_and_whose_message_fails_gets_the_proposal_confirmation_by_email_once()
    {
        await using var host = await LocalHost.StartAsync(ProposalStory.Timings(confirm: 600, reminder: 600, escalate: 900, expire: 1200));
        // The dev endpoint fails every message to a number ending 0000 (error 63024), after "sent".
        var number = "+62819" + Random.Shared.Next(100, 999).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0000";
        var email = Submissions.UniqueEmail();
        var community = await ApprovedCommunityAsync(host, email, "63.09");
        var change = ApiRoutes.ChangeWhatsApp.Path + new Uri(host.Get<ServerlessKomunitas.Preferences.PreferenceLinks>().Page(community.ContactKey)).Query;
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostJsonAsync(change,
            new { action = "request", number, consent = true, consentVersion = WhatsAppConsentText.Version })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(Assert.Single(await WhatsAppOptInTests.OptInLinksAsync(host, number)), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostJsonAsync(change, new Dictionary<string, string> { ["action"] = "channels", ["approval-requests"] = "whatsapp" })).StatusCode);

        var proposal = new ProposalStory(host, community.Id, email);
        Assert.Equal(HttpStatusCode.Accepted, (await proposal.SubmitAsync()).StatusCode);
        await WhatsAppNoticeTests.WaitForMessageAsync(host, number, proposal.Title);
        // The message fails; its email goes instead, once, and its link confirms the proposal.
        await proposal.ConfirmAsync();
        await proposal.WaitForStageAsync(ProposalStage.InReview, seconds: 60);
        Assert.Single(await Mail.ToAsync(host.Client, email), m => m.Subject == $"Konfirmasi usulan kegiatan: {proposal.Title}");
    }

    /// <summary>An approved community with <paramref name="email"/> as its contact, written directly: the story here is the contact's.</summary>
    static async Task<Registration> ApprovedCommunityAsync(IAppHost host, string email, string regencyCode)
    {
        var body = Submissions.Valid(email);
        body["regencyCode"] = regencyCode;
        var community = Registration.Create(RecordId.New(), (await host.Get<RegistrationValidator>().ValidateAsync(
            RegistrationInput.FromJson(JsonDocument.Parse(body.ToJsonString()).RootElement))).Registration!, DateTimeOffset.UtcNow);
        community.Status = RegistrationStatus.Approved;
        Assert.True(await host.Get<RegistrationStore>().TryAddAsync(community));
        return community;
    }

    static System.Text.Json.Nodes.JsonObject WithWhatsApp(System.Text.Json.Nodes.JsonObject body, string number, string version)
    {
        (body["phone"], body["whatsapp"], body["whatsappConsentVersion"]) = (number, true, version);
        return body;
    }
}
