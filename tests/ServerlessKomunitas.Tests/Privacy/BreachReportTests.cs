using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ServerlessKomunitas.Privacy;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Operations;

namespace ServerlessKomunitas.Tests.Privacy;

/// <summary>The operator's breach report: categories and people a table or a leaked key could expose.</summary>
public class BreachReportTests
{
    static async Task<JsonElement> ReportAsync(LocalHost host, string query, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await host.Client.SendAsync(OperatorTests.Request(HttpMethod.Get, "/api/operator/breach?" + query));
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A table is declared with what it holds (the type requires it); declaring one twice would leave one of the two descriptions unread.</summary>
    [Fact]
    public void Every_table_is_declared_once_by_its_feature_with_the_categories_a_breach_notice_names()
    {
        var declared = new ServiceCollection().AddKomunitas().Select(d => d.ImplementationInstance).OfType<AppTable>().ToList();

        Assert.Empty(declared.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(declared, t => Assert.NotEmpty(t.Contents.Categories));
        Assert.Contains(declared, t => t.Contents.OpenedByLink);
    }

    static IEnumerable<string?> Emails(JsonElement report) => report.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("email").GetString());

    [Fact]
    public async Task A_table_lists_its_categories_and_every_person_it_names_and_a_leaked_signing_key_lists_everyone_a_forged_link_reaches()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        var member = await MemberStory.ConfirmedPersonAsync(host, community, "Anggota Terpapar");
        var attendee = await MemberStory.ConfirmedPersonAsync(host, community, "Peserta Terpapar");
        await host.Get<RsvpStore>().AttendAsync(ServerlessKomunitas.Storage.RecordId.New(), attendee.Key, 10, DateTimeOffset.UtcNow);
        var window = $"from={Uri.EscapeDataString(before.ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}";

        var persons = await ReportAsync(host, "table=Persons&" + window);
        Assert.Contains("phone", persons.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains(member.Email, Emails(persons));
        Assert.Contains(attendee.Email, Emails(persons));
        Assert.DoesNotContain(community.Email, Emails(persons));
        Assert.All(persons.GetProperty("people").EnumerateArray(), p => Assert.True(p.GetProperty("changedInWindow").GetBoolean()));
        Assert.InRange(persons.GetProperty("notifyBy").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddHours(71), DateTimeOffset.UtcNow.AddHours(73));

        var rsvps = await ReportAsync(host, "table=Rsvps&" + window);
        Assert.Equal([attendee.Email], Emails(rsvps));

        var contacts = await ReportAsync(host, "table=registrations&" + window);
        Assert.Contains(community.Email, Emails(contacts));

        var links = await ReportAsync(host, "key=links&" + window);
        Assert.Contains(community.Email, Emails(links));
        Assert.Contains(member.Email, Emails(links));
        var tables = links.GetProperty("people").EnumerateArray().Single(p => p.GetProperty("email").GetString() == attendee.Email).GetProperty("tables");
        Assert.Equal(["Persons", "Rsvps"], tables.EnumerateArray().Select(t => t.GetString()));

        // An earlier window: the rows exist, but did not change in it.
        var earlier = await ReportAsync(host, "table=Persons&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z");
        Assert.Contains(member.Email, Emails(earlier));
        Assert.Equal(0, earlier.GetProperty("rowsChangedInWindow").GetInt32());
    }

    [Fact]
    public async Task The_report_is_for_operators_and_names_what_is_wrong_with_a_request()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.GetAsync("/api/operator/breach?table=Persons&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z")).StatusCode);
        Assert.True((await ReportAsync(host, "table=Rahasia&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z", HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("table", out _));
        Assert.True((await ReportAsync(host, "key=semua&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z", HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("key", out _));
        Assert.True((await ReportAsync(host, "table=Persons&from=kemarin&to=2026-01-02T00:00:00Z", HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("from", out _));
        Assert.True((await ReportAsync(host, "table=Persons&from=2026-02-01T00:00:00Z&to=2026-01-02T00:00:00Z", HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("to", out _));
    }
}
