using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ServerlessKomunitas.Links;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Pages;

/// <summary>One page as a browser received it.</summary>
public sealed record VisitedPage(HttpStatusCode Status, string Html, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Walks the registration story once in a browser's shoes (Accept: text/html, form posts) and keeps every page
/// it met, so that each can be held to the same standards.
/// </summary>
public sealed class PageTour : IAsyncLifetime
{
    readonly Dictionary<string, VisitedPage> pages = [];
    LocalHost host = null!;

    public IReadOnlyDictionary<string, VisitedPage> Pages => pages;

    public static IReadOnlyList<string> Names { get; } =
    [
        "home page", "registration form", "registration form with errors", "status: awaiting confirmation", "confirmation page",
        "email confirmed", "email already confirmed", "decision page", "decision page with errors", "decision recorded",
        "already decided", "status: approved", "expired link", "invalid link", "unknown link", "registration not found",
        "proposal form", "proposal form with errors", "proposal status", "proposal confirmation page", "proposal withdrawal page",
        "proposal decision page", "proposal status in review", "event calendar", "event calendar with errors",
        "member form", "member form with errors", "member thank-you", "member confirmation page", "member confirmed",
        "mentor offer page", "mentorship status page", "check-in form", "check-in form with errors", "mentorship end page",
        "rsvp page", "preferences page", "my data page", "my data page with errors",
        "inbox page", "inbox page with errors", "inbox link form", "inbox link form with errors", "inbox link sent",
    ];

    /// <summary>Every email the tour caused, as the mailbox received it.</summary>
    public IReadOnlyList<MailView> Emails { get; private set; } = [];

    public async Task InitializeAsync()
    {
        host = await LocalHost.StartAsync(Story.Timings());
        var story = new Story(host, name: "<script>alert(1)</script> Komunitas");
        await Visit("home page", HttpMethod.Get, "/api/beranda");
        await Visit("registration form", HttpMethod.Get, "/api/daftar");
        var invalid = Submissions.Valid(story.Email, story.Name);
        invalid["email"] = "bukan-email";
        await Visit("registration form with errors", Submissions.Form(invalid));
        var submitted = await host.Client.SendAsync(Submissions.Form(Submissions.Valid(story.Email, story.Name)));
        story.Id = submitted.Headers.Location!.OriginalString.Split('/').Last();
        await Visit("status: awaiting confirmation", HttpMethod.Get, submitted.Headers.Location.OriginalString);

        var confirm = await story.ConfirmationLinkAsync();
        await Visit("confirmation page", HttpMethod.Get, confirm);
        await Visit("email confirmed", HttpMethod.Post, confirm);
        await Visit("email already confirmed", HttpMethod.Post, confirm);

        var decide = await story.ApprovalLinkAsync();
        var request = (await Mail.WaitForAsync(host.Client, Story.JawaTimurCoordinator, story.Name))[0];
        var inbox = new Uri(Assert.Single(request.Links("/api/inbox"))).PathAndQuery;
        await Visit("inbox page", HttpMethod.Get, inbox);
        await Visit("inbox page with errors", HttpMethod.Get, inbox + "&page=0");
        await Visit("inbox link form", HttpMethod.Get, "/api/inbox/link");
        await Visit("inbox link form with errors", Form("/api/inbox/link", ("email", "bukan-email")));
        await Visit("inbox link sent", Form("/api/inbox/link", ("email", "orang.lain@example.org")));
        await Visit("decision page", HttpMethod.Get, decide);
        await Visit("decision page with errors", Form(decide, ("decision", "reject")));
        await Visit("decision recorded", Form(decide, ("decision", "approve"), ("comment", "Selamat <b>bergabung</b>")));
        await Visit("already decided", HttpMethod.Get, decide);
        await story.CompletionAsync();
        await Visit("status: approved", HttpMethod.Get, $"/api/communities/{story.Id}");

        var signer = host.Get<LinkSigner>();
        await Visit("expired link", HttpMethod.Get, "/api/confirmations/" + signer.Sign(new SignedLink(story.Id, LinkPurpose.Confirm, "contact", 1, DateTimeOffset.UtcNow.AddDays(-1))));
        await Visit("invalid link", HttpMethod.Get, decide[..^4] + "AAAA");
        await Visit("unknown link", HttpMethod.Get, "/api/approvals/" + signer.Sign(new SignedLink(RecordId.New(), LinkPurpose.Decide, "province-35", 1, DateTimeOffset.UtcNow.AddDays(1))));
        await Visit("registration not found", HttpMethod.Get, $"/api/communities/{RecordId.New()}");

        var proposal = await Proposals.ProposalStory.ForNewCommunityAsync(host);
        await Visit("proposal form", HttpMethod.Get, $"/api/usulan?community={proposal.Valid()["communityId"]}");
        await Visit("proposal form with errors", new HttpRequestMessage(HttpMethod.Post, "/api/proposals")
        {
            Content = new FormUrlEncodedContent([new("communityId", proposal.Valid()["communityId"]!.GetValue<string>()), new("title", "<script>alert(1)</script>")]),
        });
        await proposal.SubmitAsync(body => body["description"] = "<script>alert(1)</script> di balai desa");
        await Visit("proposal status", HttpMethod.Get, $"/api/proposals/{proposal.Id}");
        var confirmProposal = await proposal.LinkAsync(proposal.ContactEmail, "Konfirmasi usulan kegiatan", "/api/proposals/confirm/");
        await Visit("proposal confirmation page", HttpMethod.Get, confirmProposal);
        await Visit("proposal withdrawal page", HttpMethod.Get, await proposal.WithdrawLinkAsync());
        await host.Client.PostAsync(confirmProposal, null);
        await Visit("proposal decision page", HttpMethod.Get,
            await proposal.LinkAsync(Proposals.ProposalStory.TabalongCoordinator, "Usulan kegiatan menunggu keputusan Anda", "/api/approvals/"));
        await Visit("proposal status in review", HttpMethod.Get, $"/api/proposals/{proposal.Id}");

        var calendar = host.Get<ServerlessKomunitas.Calendar.EventCalendar>();
        for (var i = 0; i < ServerlessKomunitas.Calendar.CalendarRequestReader.DefaultLimit + 1; i++)
        {
            var entry = Calendar.CalendarTests.Entry("35.73", "35", start: DateTimeOffset.UtcNow.AddDays(3 + i));
            entry.Title = "<script>alert(1)</script> Pameran " + i;
            await calendar.PublishAsync(entry);
        }
        await Visit("event calendar", HttpMethod.Get, "/api/events?province=35");

        var member = new Members.MemberStory(host, proposal.Valid()["communityId"]!.GetValue<string>());
        await Visit("member form", HttpMethod.Get, $"/api/gabung?community={member.CommunityId}");
        var badMember = member.Valid();
        badMember["name"] = "<script>alert(1)</script>";
        badMember["phone"] = "123";
        await Visit("member form with errors", MemberForm(badMember));
        await Visit("member thank-you", MemberForm(member.Valid()));
        var memberLink = await member.ConfirmLinkAsync();
        await Visit("member confirmation page", HttpMethod.Get, memberLink);
        await Visit("member confirmed", HttpMethod.Post, memberLink);

        var mentoring = await Mentoring.MentoringStory.StartAsync([], host);
        var mentor = await mentoring.JoinAsync("Mentor Tur", offers: true);
        var mentee = await mentoring.JoinAsync("<script>alert(1)</script> Mentee", wantsMentor: true);
        var offer = await mentoring.OfferLinkAsync(mentor, mentee);
        await Visit("mentor offer page", HttpMethod.Get, offer);
        await Visit("mentorship accepted", Form(offer, ("decision", "accept")));
        var started = (await Mail.WaitForAsync(host.Client, mentee.Email, "Mentoring dimulai"))[0];
        await Visit("mentorship status page", HttpMethod.Get, new Uri(started.Links("/api/mentorships/").Single(l => l.Contains("?k="))).PathAndQuery);
        var checkIn = new Uri(host.Get<ServerlessKomunitas.Mentoring.MentorshipLinks>().CheckIn(mentoring.MentorshipOf(mentee), "mentee", 1, DateTimeOffset.UtcNow)).PathAndQuery;
        await Visit("check-in form", HttpMethod.Get, checkIn);
        await Visit("check-in form with errors", Form(checkIn, ("rating", "9"), ("notes", "<script>alert(1)</script>")));
        await Visit("mentorship end page", HttpMethod.Get, new Uri(started.Links("/api/mentorships/end/").Single()).PathAndQuery);
        await Visit("event calendar with errors", HttpMethod.Get, "/api/events?province=35&regency=63.09&kind=lomba");

        var community = (await host.Get<RegistrationStore>().FindAsync(story.Id))!;
        var person = await Members.MemberStory.ConfirmedPersonAsync(host, community, "<script>alert(1)</script> Anggota");
        var e = await Rsvps.EventStory.PublishAsync(host, community, DateTimeOffset.UtcNow.AddDays(20), 10, "<script>alert(1)</script> Lokakarya");
        await Visit("rsvp page", HttpMethod.Get, new Uri(host.Get<ServerlessKomunitas.Rsvps.EventRsvps>().Link(person.Key, e)).PathAndQuery);
        await Visit("preferences page", HttpMethod.Get, new Uri(host.Get<ServerlessKomunitas.Preferences.PreferenceLinks>().Page(person.Key)).PathAndQuery);
        var myData = new Uri(host.Get<ServerlessKomunitas.Preferences.PreferenceLinks>().MyData(person.Key)).PathAndQuery;
        await Visit("my data page", HttpMethod.Get, myData);
        await Visit("my data page with errors", Form(myData.Replace("/api/my-data?", "/api/my-data/withdraw?"), ("confirm", "")));
        Emails = (await host.Client.GetFromJsonAsync<List<MailView>>("/dev/mailbox/messages"))!;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    public async Task<int> StylesheetBytesAsync() => (await host.Client.GetByteArrayAsync("/api/assets/site.css")).Length;

    Task Visit(string name, HttpMethod method, string path) => Visit(name, new HttpRequestMessage(method, path));

    async Task Visit(string name, HttpRequestMessage request)
    {
        request.Headers.Accept.Clear();
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        var response = await host.Client.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        pages[name] = new VisitedPage(response.StatusCode, await response.Content.ReadAsStringAsync(), headers);
    }

    static HttpRequestMessage MemberForm(System.Text.Json.Nodes.JsonObject body)
    {
        var request = Submissions.Form(body);
        request.RequestUri = new Uri("/api/members", UriKind.Relative);
        return request;
    }

    static HttpRequestMessage Form(string path, params (string Key, string Value)[] fields) =>
        new(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))) };

    /// <summary>Form controls a person fills in, with their id and aria-label, if any.</summary>
    public static IEnumerable<(string Tag, string? Id, string? AriaLabel)> Controls(string html) =>
        Regex.Matches(html, @"<(input|select|textarea)\b([^>]*)>", RegexOptions.IgnoreCase)
            .Where(m => !Regex.IsMatch(m.Groups[2].Value, @"type=""(hidden|submit)""", RegexOptions.IgnoreCase))
            .Select(m => (m.Groups[1].Value, Attribute(m.Groups[2].Value, "id"), Attribute(m.Groups[2].Value, "aria-label")));

    static string? Attribute(string attributes, string name) =>
        Regex.Match(attributes, $@"\b{name}=""([^""]*)""") is { Success: true } m ? m.Groups[1].Value : null;
}
