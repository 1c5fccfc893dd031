using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Operations;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Inbox;

/// <summary>
/// The approver's inbox, walked as a coordinator would: its link is taken from an approval email, and every decision
/// is taken by following a link found on the inbox page, never by a URL the test builds.
/// </summary>
public partial class InboxTests
{
    const string Coordinator = Story.JawaTimurCoordinator;

    /// <summary>A province no other story uses, so that on a shared host its coordinator's inbox holds this test's requests only.</summary>
    const string NusaTenggaraBarat = "koordinator.nusa-tenggara-barat@example.org";
    const string National = "koordinator.nasional@example.org";

    static Dictionary<string, string?> Settings(double expireSeconds = 600) => new(Story.Timings(reminderSeconds: expireSeconds - 1, expireSeconds: expireSeconds))
    {
        ["Inbox:PageSize"] = "2",
    };

    /// <summary>Submits and confirms registrations in Jawa Timur, and waits until each one's approval email reached the coordinator.</summary>
    static async Task<List<Story>> AwaitingAsync(IAppHost host, int count, string regencyCode = "35.73", string coordinator = Coordinator)
    {
        var stories = new List<Story>();
        for (var i = 0; i < count; i++)
        {
            var story = new Story(host);
            await story.SubmitAsync(body => body["regencyCode"] = regencyCode);
            await story.ConfirmAsync();
            stories.Add(story);
        }
        foreach (var story in stories)
        {
            await story.ApprovalLinkAsync(coordinator: coordinator, seconds: 120);
        }
        return stories;
    }

    static async Task<string> InboxLinkAsync(IAppHost host, string coordinator, string subject)
    {
        var email = (await Mail.WaitForAsync(host.Client, coordinator, subject))[^1];
        return new Uri(Assert.Single(email.Links("/api/inbox"))).PathAndQuery;
    }

    internal static async Task<JsonElement> ReadAsync(IAppHost host, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/json");
        var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    static async Task<string> PageAsync(IAppHost host, string path)
    {
        var response = await host.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        return await response.Content.ReadAsStringAsync();
    }

    internal static List<string> Hrefs(string html, string pathPrefix) =>
        Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Where(h => h.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_coordinator_decides_every_request_from_the_inbox_reached_from_an_email_oldest_deadline_first_page_by_page()
    {
        await using var host = await LocalHost.StartAsync(Settings());
        await DecideEveryRequestFromTheInboxAsync(host);
    }

    /// <summary>Three registrations in Nusa Tenggara Barat (WITA), two in Lombok Barat and one in Kota Mataram, with inbox pages of two.</summary>
    internal static async Task DecideEveryRequestFromTheInboxAsync(IAppHost host)
    {
        var stories = await AwaitingAsync(host, 2, "52.01", NusaTenggaraBarat);
        stories.AddRange(await AwaitingAsync(host, 1, "52.71", NusaTenggaraBarat));
        var inbox = await InboxLinkAsync(host, NusaTenggaraBarat, stories[0].Name);

        var first = await ReadAsync(host, inbox);
        Assert.Equal((3, 1, 2), (first.GetProperty("waiting").GetInt32(), first.GetProperty("page").GetInt32(), first.GetProperty("pages").GetInt32()));
        Assert.Equal("WITA", first.GetProperty("zone").GetString());
        Assert.EndsWith(" WITA", first.GetProperty("items")[0].GetProperty("localDeadline").GetString());
        var deadlines = first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("deadline").GetDateTimeOffset()).ToList();
        Assert.Equal(deadlines.Order(), deadlines);
        Assert.Equal(stories[0].Name, first.GetProperty("items")[0].GetProperty("title").GetString());
        Assert.Empty((await ReadAsync(host, inbox + "&kind=proposal")).GetProperty("items").EnumerateArray());
        Assert.Empty((await ReadAsync(host, inbox + "&province=63")).GetProperty("items").EnumerateArray());
        Assert.Equal(2, (await ReadAsync(host, inbox + "&kind=registration&province=52")).GetProperty("items").GetArrayLength());
        Assert.Equal(stories[2].Name, Assert.Single((await ReadAsync(host, inbox + "&regency=52.71")).GetProperty("items").EnumerateArray()).GetProperty("title").GetString());
        Assert.Equal(("AnyOf", 1), (first.GetProperty("items")[0].GetProperty("rule").GetString(), first.GetProperty("items")[0].GetProperty("needed").GetInt32()));
        var badRegency = await host.Client.GetAsync(inbox + "&regency=52-71");
        Assert.Equal(HttpStatusCode.BadRequest, badRegency.StatusCode);
        Assert.Contains("Pilih kabupaten/kota dari daftar.", await badRegency.Content.ReadAsStringAsync());

        // Work through the page: each item's link is the decision page the email opens; the next page follows the page's own link.
        var decided = new List<string>();
        var page = await PageAsync(host, inbox);
        Assert.Contains("Kotak masuk persetujuan", page);
        Assert.Contains("Aturan: keputusan pertama dari yang diminta yang berlaku.", page);
        Assert.Contains("<option value=\"52.71\">Kota Mataram</option>", page);
        Assert.Contains("<option value=\"52.01\">Kabupaten Lombok Barat</option>", page);
        Assert.Contains("Halaman 1 dari 2", page);
        var next = Assert.Single(Hrefs(page, "/api/inbox"));
        Assert.Equal(2, Hrefs(page, "/api/approvals/").Count);
        Assert.Single(Hrefs(await PageAsync(host, next), "/api/approvals/"));
        while (Hrefs(page, "/api/approvals/") is [var decide, ..])
        {
            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(decide)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Story.DecideAsync(host.Client, decide, "approve")).StatusCode);
            decided.Add(decide);
            page = await PageAsync(host, inbox);
        }

        Assert.Equal(3, decided.Distinct().Count());
        Assert.Contains("Tidak ada permintaan yang menunggu keputusan Anda", page);
        var done = await ReadAsync(host, inbox);
        Assert.Equal(0, done.GetProperty("waiting").GetInt32());
        Assert.Equal(stories.Select(s => s.Name).Order(), done.GetProperty("decided").EnumerateArray().Select(d => d.GetProperty("title").GetString()).Order());
        Assert.All(done.GetProperty("decided").EnumerateArray(), d => Assert.Equal("Approve", d.GetProperty("decision").GetString()));
        foreach (var story in stories)
        {
            Assert.Equal("Approved", (await story.CompletionAsync()).ToString());
        }
    }

    [Fact]
    public async Task A_delegated_request_moves_to_the_other_coordinators_inbox_and_an_expired_one_leaves_it()
    {
        await using var host = await LocalHost.StartAsync(Settings(expireSeconds: 40));
        var stories = await AwaitingAsync(host, 2);
        var inbox = await InboxLinkAsync(host, Coordinator, stories[0].Name);
        var delegated = Hrefs(await PageAsync(host, inbox), "/api/approvals/")[0];
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "delegate", ["delegateTo"] = "national-ID" });
        var answer = await host.Client.PostAsync(delegated, form);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        var mine = await ReadAsync(host, inbox);
        Assert.Equal(1, mine.GetProperty("waiting").GetInt32());
        Assert.Equal("Delegate", Assert.Single(mine.GetProperty("decided").EnumerateArray()).GetProperty("decision").GetString());
        var movedTitle = Assert.Single(mine.GetProperty("decided").EnumerateArray()).GetProperty("title").GetString()!;
        var nationalInbox = await InboxLinkAsync(host, National, $"Diserahkan kepada Anda: {movedTitle}");
        var theirs = await ReadAsync(host, nationalInbox);
        var moved = Assert.Single(theirs.GetProperty("items").EnumerateArray());
        Assert.Equal(movedTitle, moved.GetProperty("title").GetString());
        var other = Assert.Single(moved.GetProperty("others").EnumerateArray());
        Assert.Equal(("province-35", "Decided", "Delegate"), (other.GetProperty("id").GetString(), other.GetProperty("state").GetString(), other.GetProperty("decision").GetString()));

        // Nobody decides: at the deadline both requests leave every inbox, and neither counts as decided by the province.
        foreach (var story in stories)
        {
            Assert.Equal("Expired", (await story.CompletionAsync()).ToString());
        }
        var after = await ReadAsync(host, inbox);
        Assert.Equal(0, after.GetProperty("waiting").GetInt32());
        Assert.Single(after.GetProperty("decided").EnumerateArray());
        Assert.Equal(0, (await ReadAsync(host, nationalInbox)).GetProperty("waiting").GetInt32());
    }

    [Fact]
    public async Task A_replaced_coordinators_link_stops_working_and_the_new_one_gets_the_same_inbox()
    {
        await using var host = await LocalHost.StartAsync(Settings());
        var stories = await AwaitingAsync(host, 1);
        var inbox = await InboxLinkAsync(host, Coordinator, stories[0].Name);
        Assert.Equal(1, (await ReadAsync(host, inbox)).GetProperty("waiting").GetInt32());
        var tampered = inbox[..^3] + (inbox[^3] == 'A' ? "B" : "A") + inbox[^2..];
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync(tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync(inbox + "&page=0")).StatusCode);

        var put = await host.Client.SendAsync(OperatorTests.Request(HttpMethod.Put, "/api/operator/coordinators/province-35",
            """{"title":"Koordinator Jawa Timur","name":"Sari Pengganti","email":"pengganti.jawa-timur@example.org"}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        // The coordinator directory keeps a lookup for a minute: the old link stops working once the change shows.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        HttpResponseMessage old;
        while ((old = await host.Client.GetAsync(inbox)).StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }
        Assert.Equal(HttpStatusCode.Forbidden, old.StatusCode);
        var refusal = await old.Content.ReadAsStringAsync();
        Assert.Contains("Tautan tidak berlaku lagi", refusal);

        // The refusal leads to the form; the new coordinator asks there and gets a working link; a stranger gets the same answer and no email.
        var form = Assert.Single(Hrefs(refusal, "/api/inbox/link"));
        Assert.Contains("Minta tautan kotak masuk", await PageAsync(host, form));
        foreach (var address in new[] { "pengganti.jawa-timur@example.org", "orang.lain@example.org", "PENGGANTI.jawa-timur@example.org" })
        {
            var asked = await host.Client.PostAsync(form, new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = address }));
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            Assert.Contains("Jika alamat itu terdaftar sebagai koordinator", await asked.Content.ReadAsStringAsync());
        }
        var fresh = Assert.Single(await Mail.WaitForAsync(host.Client, "pengganti.jawa-timur@example.org", "Tautan kotak masuk persetujuan Anda"));
        var theirs = await ReadAsync(host, new Uri(Assert.Single(fresh.Links("/api/inbox"))).PathAndQuery);
        Assert.Equal(("Sari Pengganti", 1), (theirs.GetProperty("name").GetString(), theirs.GetProperty("waiting").GetInt32()));
        Assert.Empty(await Mail.ToAsync(host.Client, "orang.lain@example.org"));
        var invalid = await host.Client.PostAsync(form, new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "bukan-email" }));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Fifty_concurrent_emails_to_one_coordinator_let_exactly_the_days_number_through_and_a_retry_gets_the_same_answer()
    {
        await using var host = await LocalHost.StartAsync(Settings());
        var inbox = host.Get<ServerlessKomunitas.Inbox.ApprovalInbox>();
        var day = new DateOnly(2026, 12, 7);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => inbox.TryTakeEmailAsync("province-35", day, $"email-{i}", 10)));

        Assert.Equal(10, answers.Count(a => a));
        Assert.Equal(40, await inbox.HeldAsync("province-35", [day]));
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(answers[i], await inbox.TryTakeEmailAsync("province-35", day, $"email-{i}", 10));
        }
        Assert.True(await inbox.TryTakeEmailAsync("province-35", day.AddDays(1), "email-50", 10));
        Assert.Equal(40, await inbox.HeldAsync("province-35", [day, day.AddDays(1)]));
    }

    [Fact]
    public async Task A_day_holds_a_thousand_emails_with_keys_as_long_as_the_ledgers()
    {
        await using var host = await LocalHost.StartAsync(Settings());
        var inbox = host.Get<ServerlessKomunitas.Inbox.ApprovalInbox>();
        var day = new DateOnly(2026, 12, 8);
        // The ledger's keys, as the approval activity passes them: an instance id, a step, a round and the coordinator.
        static string Key(int i) => $"approval-registration-{i:D4}{new string('a', 60)}/approval-request-001-province-35";

        var answers = new bool[1000];
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (i, cancellationToken) => answers[i] = await inbox.TryTakeEmailAsync("province-35", day, Key(i), 10, cancellationToken));

        Assert.Equal(10, answers.Count(a => a));
        Assert.Equal(990, await inbox.HeldAsync("province-35", [day]));
        foreach (var i in new[] { 0, Array.IndexOf(answers, true), 999 })
        {
            Assert.Equal(answers[i], await inbox.TryTakeEmailAsync("province-35", day, Key(i), 10));
        }
        Assert.False(await inbox.TryTakeEmailAsync("province-35", day, Key(1000), 10));
        Assert.Equal(991, await inbox.HeldAsync("province-35", [day]));
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
