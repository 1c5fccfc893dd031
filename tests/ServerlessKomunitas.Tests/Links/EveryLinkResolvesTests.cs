using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Engagement;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Tests.EndToEnd;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Mentoring;
using ServerlessKomunitas.Tests.Privacy;
using ServerlessKomunitas.Tests.RealHost;
using ServerlessKomunitas.Tests.Registrations;
using ServerlessKomunitas.Tests.Rsvps;
using Xunit.Abstractions;

namespace ServerlessKomunitas.Tests.Links;

/// <summary>
/// Every URL the app hands out resolves to a route of the list, with the method it will be used with: each link in
/// each email of the end-to-end stories (text, HTML and the List-Unsubscribe header), and each form action, link and
/// stylesheet on the pages those links open. A renamed route that a link still spells the old way fails here.
/// </summary>
public partial class EveryLinkResolvesTests(ITestOutputHelper output)
{
    /// <summary>The routes a person reaches from the stories' emails; each is a page or a one-click POST somebody relies on.</summary>
    static readonly ApiRoute[] ReachedFromEmails =
    [
        ApiRoutes.ShowConfirmation, ApiRoutes.ShowApproval, ApiRoutes.ShowProposalConfirmation, ApiRoutes.ShowProposalWithdrawal,
        ApiRoutes.ShowMemberConfirmation, ApiRoutes.ShowMentorOffer, ApiRoutes.ShowCheckIn, ApiRoutes.ShowMentorshipFeedback,
        ApiRoutes.MentorshipStatus, ApiRoutes.ShowPreferences, ApiRoutes.Unsubscribe, ApiRoutes.ShowRsvp, ApiRoutes.ListEvents,
        ApiRoutes.ProposalForm,
    ];

    /// <summary>
    /// The forms a person submits on the pages those emails open, straight or one link away. The stories post some forms
    /// without opening their page as a browser would (a check-in, the end of a mentorship, an event's confirmation), and
    /// their links are used up by the end, so those forms are not seen here.
    /// </summary>
    static readonly ApiRoute[] PostedFromPages =
    [
        ApiRoutes.Confirm, ApiRoutes.Decide, ApiRoutes.ConfirmProposal, ApiRoutes.WithdrawProposal, ApiRoutes.ConfirmMember,
        ApiRoutes.AnswerMentorOffer, ApiRoutes.SavePreferences, ApiRoutes.WithdrawConsent, ApiRoutes.EraseMyData, ApiRoutes.Rsvp,
        ApiRoutes.SubmitRegistration, ApiRoutes.SignUpMember, ApiRoutes.SubmitProposal, ApiRoutes.ListEvents,
    ];

    [Fact]
    public async Task Every_link_in_the_stories_emails_and_every_form_and_link_on_the_pages_they_open_is_a_route_of_the_list()
    {
        // The real-host tier's settings on Local: the quorum story needs the Azure Storage backend, which they keep.
        var served = new ServedPages();
        await using var host = await LocalHost.StartAsync(SharedFunctionsHost.Settings(), services: s => s.AddSingleton<IStartupFilter>(served));
        await ProposalQuorumStoryTests.RunAsync(host);
        await MentorshipWorkflowTests.FullProgrammeAsync(await MentoringStory.StartAsync([], host));
        await RightsFromAnEmailTests.ExportThenEraseAsync(host);
        await RsvpTests.FiftyForTenAsync(host);
        // What waits for a person keeps its form: a registration awaiting its coordinator, a sign-up awaiting its member.
        var waiting = new Story(host);
        await waiting.SubmitAsync();
        await waiting.ConfirmAsync();
        await waiting.ApprovalLinkAsync(seconds: 120);
        var joining = new MemberStory(host, await MemberStory.CommunityAsync(host));
        Assert.Equal(HttpStatusCode.Accepted, (await joining.SignUpAsync()).StatusCode);
        await joining.ConfirmLinkAsync();
        // Category emails carry the one-click unsubscribe header: remind the RSVP story's attendees, two hours before.
        var now = DateTimeOffset.UtcNow;
        foreach (var e in await host.Get<EventCalendar>().StartingBetweenAsync(now, now.AddYears(2)))
        {
            await host.Get<EventReminderJob>().RunAsync(e.StartUtc.AddHours(-2), CancellationToken.None);
        }

        var site = new Uri(host.Get<IOptions<SiteOptions>>().Value.PublicBaseUrl);
        var mails = await Mail.AllAsync(host.Client);
        var unresolved = new List<string>();
        var reached = new HashSet<ApiRoute>();
        var pages = new HashSet<string>(StringComparer.Ordinal) { ApiRoutes.Home.Path };
        var formsChecked = 0;
        foreach (var mail in mails)
        {
            var links = UrlsIn(mail.Text).Concat(Attribute(mail.Html, "href")).Select(url => (url, method: "GET"))
                .Concat(UnsubscribeHeader(mail).Select(url => (url, method: "POST")));
            foreach (var (url, method) in links)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Authority != site.Authority)
                {
                    continue;
                }
                if (Resolve(uri.AbsolutePath, method) is { } route)
                {
                    reached.Add(route);
                    if (method == "GET")
                    {
                        pages.Add(uri.PathAndQuery);
                    }
                }
                else
                {
                    unresolved.Add($"{method} {uri.AbsolutePath} in \"{mail.Subject}\"");
                }
            }
        }

        // The pages served during the stories hold the forms of links that are used up by now. Pages also lead to
        // pages (a preference page to "Data saya", the home page to the forms), so every link on the site is then
        // followed, breadth-first. A GET changes nothing here, so the crawl disturbs none of the stories' records.
        var formRoutes = new HashSet<ApiRoute>();
        var toVisit = new Queue<string>(pages);
        void Audit(string page, string html)
        {
            foreach (Match form in FormTag().Matches(html))
            {
                var method = Attribute(form.Value, "method").FirstOrDefault()?.ToUpperInvariant() ?? "GET";
                var action = Attribute(form.Value, "action").Single();
                formsChecked++;
                if (Resolve(PathOf(action), method) is { } route)
                {
                    formRoutes.Add(route);
                }
                else
                {
                    unresolved.Add($"form {method} {action} on {PathOf(page)}");
                }
            }
            foreach (var href in Attribute(html, "href"))
            {
                var onSite = href.StartsWith('/') ? href : Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Authority == site.Authority ? uri.PathAndQuery : null;
                if (onSite is null)
                {
                    continue;
                }
                if (Resolve(PathOf(onSite), "GET") is null)
                {
                    unresolved.Add($"GET {href} on {PathOf(page)}");
                }
                else if (pages.Add(onSite))
                {
                    toVisit.Enqueue(onSite);
                }
            }
        }

        foreach (var (page, html) in served.Pages)
        {
            Audit(page, html);
        }
        while (pages.Count < 1000 && toVisit.TryDequeue(out var page))
        {
            var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.Accept.ParseAdd("text/html");
            Audit(page, await (await host.Client.SendAsync(request)).Content.ReadAsStringAsync());
        }

        output.WriteLine($"{mails.Count} emails, {served.Pages.Count} pages served during the stories, {pages.Count} crawled, {formsChecked} forms; routes reached from emails: {string.Join(", ", reached.Select(r => r.Name).Order())}; "
            + $"forms post to: {string.Join(", ", formRoutes.Select(r => r.Name).Order())}");
        Assert.True(mails.Count > 50, $"The stories sent only {mails.Count} emails.");
        Assert.True(formsChecked > 50, $"Only {formsChecked} forms were found on the pages.");
        Assert.Empty(unresolved);
        Assert.Empty(ReachedFromEmails.Except(reached).Select(r => r.Name));
        Assert.Empty(PostedFromPages.Except(formRoutes).Select(r => r.Name));
    }

    [Theory]
    [InlineData("/api/approvals/abc", "GET", nameof(ApiRoutes.ShowApproval))]
    [InlineData("/api/approvals/abc", "POST", nameof(ApiRoutes.Decide))]
    [InlineData("/api/proposals/confirm-event/abc", "POST", nameof(ApiRoutes.ConfirmEvent))]
    [InlineData("/api/events.ics", "GET", nameof(ApiRoutes.EventFeed))]
    [InlineData("/api/approvals/abc", "DELETE", null)]
    [InlineData("/api/approvals/abc/def", "GET", null)]
    [InlineData("/api/approvals", "GET", null)]
    [InlineData("/api/persetujuan/abc", "GET", null)]
    [InlineData("/approvals/abc", "GET", null)]
    public void A_path_resolves_only_to_a_route_with_the_same_segments_and_method(string path, string method, string? expected) =>
        Assert.Equal(expected, Resolve(path, method)?.Name);

    [Fact]
    public void No_source_file_of_the_app_spells_an_api_path_outside_the_route_list()
    {
        var functions = Path.Combine(RepositoryRoot.Path, "functions");
        var spelled = Directory.EnumerateFiles(functions, "*.cs", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(functions, file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Where(file => Path.GetFileName(file) != "ApiRoutes.cs")
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (File: Path.GetRelativePath(functions, file), Line: index + 1, Text: line)))
            .Where(line => line.Text.Contains("\"/api/", StringComparison.Ordinal))
            .Select(line => $"{line.File}:{line.Line}");
        Assert.Empty(spelled);
    }

    /// <summary>
    /// Each HTTP feature keeps its calls in a <c>.http</c> file beside its code. Every request in them is a route of the
    /// list, and every route but the SendGrid and Twilio webhooks (signed by the service, so not sent by hand) is in one.
    /// </summary>
    [Fact]
    public void The_http_files_call_only_routes_of_the_list_and_every_route_a_person_calls()
    {
        var core = Path.Combine(RepositoryRoot.Path, "functions", "ServerlessKomunitas.Core");
        var files = Directory.GetFiles(core, "*.http", SearchOption.AllDirectories);
        var requests = files.SelectMany(File.ReadLines)
            .Select(line => HttpFileRequest().Match(line)).Where(m => m.Success)
            .Select(m => (Method: m.Groups[1].Value, Path: PathOf(m.Groups[2].Value).Replace("{{", "x").Replace("}}", "x"))).ToList();

        Assert.True(files.Length >= 10, $"{files.Length} .http files");
        Assert.Empty(requests.Where(r => Resolve(r.Path, r.Method) is null).Select(r => $"{r.Method} {r.Path}"));
        var called = requests.Select(r => Resolve(r.Path, r.Method)!).ToHashSet();
        var missing = ApiRoutes.All.Where(r => r != ApiRoutes.SendGridEvents && r != ApiRoutes.TwilioEvents).Except(called).Select(r => r.Name).ToList();
        Assert.True(missing.Count == 0, $"Routes in no .http file: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Links_are_built_from_the_route_with_each_value_escaped_and_the_right_number_of_values()
    {
        Assert.Equal("/api/events/a%2Fb%20c/rsvp", ApiRoutes.ShowRsvp.PathFor("a/b c"));
        Assert.Equal("/api/my-data?k=x%2By", ApiRoutes.MyData.PathWithKey("x+y"));
        Assert.Equal("/api/mentorships/m1?k=t", ApiRoutes.MentorshipStatus.PathWithKey("t", "m1"));
        Assert.Throws<ArgumentException>(() => ApiRoutes.ShowRsvp.PathFor());
        Assert.Throws<ArgumentException>(() => ApiRoutes.Home.PathFor("extra"));
    }

    /// <summary>The route of the list that a request to <paramref name="path"/> with <paramref name="method"/> reaches, if any.</summary>
    static ApiRoute? Resolve(string path, string method) => ApiRoutes.All.FirstOrDefault(route => route.Matches(path, method));

    static string PathOf(string url) => WebUtility.HtmlDecode(url).Split('?', '#')[0];

    static IEnumerable<string> UrlsIn(string text) => PlainUrl().Matches(text).Select(m => m.Value.TrimEnd('.', ',', ';', ':', ')', '>'));

    static IEnumerable<string> Attribute(string html, string name) =>
        Regex.Matches(html, $"""\b{name}="([^"]*)" """.TrimEnd()).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));

    static IEnumerable<string> UnsubscribeHeader(MailView mail) =>
        mail.Headers?.TryGetValue("List-Unsubscribe", out var header) == true ? [header.Trim('<', '>')] : [];

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex PlainUrl();

    [GeneratedRegex(@"^(GET|POST|PUT|DELETE) \{\{base\}\}(/api/\S*)")]
    private static partial Regex HttpFileRequest();

    [GeneratedRegex(@"<form\b[^>]*>")]
    private static partial Regex FormTag();

    /// <summary>Keeps every page the app serves (text/html under /api), as it goes out, whoever asked for it.</summary>
    sealed class ServedPages : IStartupFilter
    {
        public ConcurrentQueue<(string Path, string Html)> Pages { get; } = new();

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (!context.Request.Path.StartsWithSegments($"/{ApiRoute.Prefix}"))
                {
                    await following(context);
                    return;
                }
                var body = context.Response.Body;
                using var copy = new MemoryStream();
                context.Response.Body = copy;
                try
                {
                    await following(context);
                }
                finally
                {
                    context.Response.Body = body;
                    if (context.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true)
                    {
                        Pages.Enqueue((context.Request.Path + context.Request.QueryString, Encoding.UTF8.GetString(copy.ToArray())));
                    }
                    copy.Position = 0;
                    await copy.CopyToAsync(body);
                }
            });
            next(app);
        };
    }
}
