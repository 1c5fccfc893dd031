using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Privacy;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Mentoring;
using ServerlessKomunitas.Tests.Rsvps;

namespace ServerlessKomunitas.Tests.Privacy;

/// <summary>Erasure from the "Data saya" page, on the Azure Storage backend, checked against every table the host writes.</summary>
public class ErasureTests
{
    const string Confirmation = "Data Anda sudah dihapus";

    /// <summary>Every row of the host's own tables and of its task hub, as text.</summary>
    static async Task<List<string>> AllRowsAsync(IAppHost host)
    {
        var service = host.Get<TableServiceClient>();
        var rows = new List<string>();
        await foreach (var table in service.QueryAsync())
        {
            if (!table.Name.StartsWith(host.TablePrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            await foreach (var row in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                rows.Add($"{table.Name}: {row.PartitionKey} {row.RowKey} " + string.Join(' ', row.Select(p => p.Value?.ToString())));
            }
        }
        return rows;
    }

    [Fact]
    public async Task An_erased_mentee_leaves_no_trace_but_tombstones_the_mentor_and_the_event_keep_and_gets_one_confirmation()
    {
        var story = await MentoringStory.StartAsync(MentoringStory.Timings(interval: 30, backend: "AzureStorage"));
        await using var _ = story.Host;
        var host = story.Host;
        var mentor = await story.JoinAsync("Mentor Tinggal", offers: true);
        var mentee = await story.JoinAsync("Mentee Hapus " + Guid.NewGuid().ToString("N")[..6], wantsMentor: true);
        await story.AnswerAsync(mentor, mentee, "accept");
        await story.WaitForStatusAsync(mentee, MentorshipStatus.Active);
        var e = await EventStory.PublishAsync(host, story.Community, DateTimeOffset.UtcNow.AddDays(10), capacity: 5);
        var menteePerson = (await host.Get<PersonStore>().FindPersonAsync(mentee.Key))!;
        await host.Get<EventRsvps>().AttendAsync(e, menteePerson);
        // An event already held: its attendance must keep counting them.
        var pastEvent = ServerlessKomunitas.Storage.RecordId.New();
        await host.Get<RsvpStore>().AttendAsync(pastEvent, mentee.Key, 10, DateTimeOffset.UtcNow.AddDays(-20));
        var mentorshipId = story.MentorshipOf(mentee);
        var signUp = (await host.Get<PersonStore>().ReadAsync(mentee.Key)).Memberships.Single().InstanceId;
        Assert.Contains(await AllRowsAsync(host), r => r.Contains(mentee.Email, StringComparison.Ordinal));
        var path = new Uri(host.Get<PreferenceLinks>().MyData(mentee.Key)).PathAndQuery;
        Assert.Contains("Hapus data saya", await host.Client.GetStringAsync(path));
        var asked = DateTimeOffset.UtcNow.AddSeconds(-1);

        var response = await host.Client.PostJsonAsync(path.Replace("/api/my-data?", "/api/my-data/delete?"), new { confirm = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Erased", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var client = host.Get<DurableTaskClient>();
        Assert.Null(await client.GetInstanceAsync(signUp));
        Assert.Null(await client.GetInstanceAsync(mentorshipId));
        Assert.Null(await host.Get<MentorshipStore>().FindAsync(mentorshipId));
        var kept = Assert.Single(await host.Get<MentorshipStore>().OfPersonAsync(mentor.Key));
        Assert.StartsWith("erased-", kept.MenteeKey);
        Assert.Equal((MentorshipStatus.Ended, MentorshipPersonalData.WithdrawnEndReason), (kept.Status, kept.EndReason));
        Assert.Equal(1, (await host.Get<RsvpStore>().SeatsAsync(pastEvent))!.Attending);
        Assert.Contains(await host.Get<RsvpStore>().ActiveAsync(pastEvent), r => r.PersonKey == kept.MenteeKey);
        // The coming event's seat went back when processing stopped.
        Assert.Equal(0, (await host.Get<RsvpStore>().SeatsAsync(e.Entry.ProposalId))!.Attending);
        var audit = await host.Get<AuditLog>().ForSubjectAsync(kept.MenteeKey);
        Assert.Contains(audit, a => a.Action == "Erased");
        Assert.Contains(audit, a => a.Action == "ConsentWithdrawn");
        var log = Assert.Single(await host.Get<PrivacyRequests>().LogAsync(asked, DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Equal(RightsRequestKind.Erasure, log.Kind);
        Assert.Equal("erased-" + log.LogId, kept.MenteeKey);
        Assert.Contains("Persons=", log.Counts);
        Assert.True(log.CompletedAt <= log.DueBy);

        var rows = await AllRowsAsync(host);
        var traces = rows.Where(r => r.Contains(mentee.Email, StringComparison.OrdinalIgnoreCase)
            || r.Contains(mentee.Name, StringComparison.Ordinal) || r.Contains(mentee.Key, StringComparison.Ordinal) || r.Contains(mentorshipId, StringComparison.Ordinal));
        Assert.Equal([], traces);

        Assert.Single(await Mail.WaitForAsync(host.Client, mentee.Email, Confirmation));
        Assert.DoesNotContain(await Mail.ToAsync(host.Client, mentee.Email), m => m.Subject == "Persetujuan Anda sudah ditarik");
        Assert.Single(await Mail.WaitForAsync(host.Client, mentor.Email, "Mentoring dihentikan"));

        // The mentor keeps their own history: the emails they were sent stay in their export, and a new link works.
        var mentorData = new Uri(host.Get<PreferenceLinks>().MyData(mentor.Key)).PathAndQuery.Replace("/api/my-data?", "/api/my-data/export?");
        var export = await host.Client.GetFromJsonAsync<JsonElement>(mentorData);
        var subjects = export.GetProperty("emails").EnumerateArray().Select(m => m.GetProperty("subject").GetString()!).ToList();
        Assert.Contains(subjects, s => s.StartsWith("Maukah Anda membimbing", StringComparison.Ordinal));
        Assert.Contains(subjects, s => s.StartsWith("Mentoring dimulai", StringComparison.Ordinal));
        Assert.Contains("Mentoring dihentikan", subjects);
        var kept2 = Assert.Single(await Mail.WaitForAsync(host.Client, mentor.Email, "Riwayat mentoring Anda tetap tersimpan"));
        var newLink = new Uri(Assert.Single(kept2.Links("/api/mentorships/"))).PathAndQuery;
        Assert.Contains(kept.Id, newLink);
        var statusPage = await host.Client.GetAsync(newLink);
        Assert.Equal(HttpStatusCode.OK, statusPage.StatusCode);
        Assert.DoesNotContain(mentee.Name, await statusPage.Content.ReadAsStringAsync());
        // The link now leads nowhere, and a second request changes nothing.
        Assert.NotEqual(HttpStatusCode.OK, (await host.Client.PostJsonAsync(path.Replace("/api/my-data?", "/api/my-data/delete?"), new { confirm = true })).StatusCode);
        Assert.Single(await Mail.ToAsync(host.Client, mentee.Email), m => m.Subject == Confirmation);
    }
}

/// <summary>The whole way a member goes: from an email they got, to their preferences, to "Data saya", to erasure.</summary>
public class RightsFromAnEmailTests
{
    [Fact]
    public async Task A_member_erases_their_data_starting_from_the_welcome_email_they_received()
    {
        await using var host = await LocalHost.StartAsync(ServerlessKomunitas.Tests.Members.MemberStory.Timings());
        await ExportThenEraseAsync(host);
    }

    internal static async Task ExportThenEraseAsync(IAppHost host)
    {
        var community = await ServerlessKomunitas.Tests.Members.MemberStory.CommunityAsync(host);
        var member = new ServerlessKomunitas.Tests.Members.MemberStory(host, community);
        Assert.Equal(HttpStatusCode.Accepted, (await member.SignUpAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.ConfirmAsync(await member.ConfirmLinkAsync())).StatusCode);
        var welcome = (await Mail.WaitForAsync(host.Client, member.Email, "Selamat bergabung"))[0];

        var preferences = new Uri(Assert.Single(welcome.Links("/api/preferences"))).PathAndQuery;
        Assert.Contains("Data saya", welcome.Html);
        var page = await host.Client.GetStringAsync(preferences);
        var myData = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "href=\"([^\"]*/api/my-data\\?k=[^\"]+)\"").Groups[1].Value);
        Assert.Contains("Hapus data saya", await host.Client.GetStringAsync(new Uri(new Uri("http://x"), myData).PathAndQuery));
        var export = await host.Client.GetAsync(new Uri(new Uri("http://x"), myData).PathAndQuery.Replace("/api/my-data?", "/api/my-data/export?"));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var exported = System.Text.Json.JsonDocument.Parse(await export.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(member.Email, exported.GetProperty("person").GetProperty("email").GetString());
        Assert.Equal(community, exported.GetProperty("memberships")[0].GetProperty("communityId").GetString());
        var delete = new Uri(new Uri("http://x"), myData).PathAndQuery.Replace("/api/my-data?", "/api/my-data/delete?");
        var response = await host.Client.PostAsync(delete, new FormUrlEncodedContent([new("confirm", "ya")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Data dihapus", await response.Content.ReadAsStringAsync());
        Assert.Single(await Mail.WaitForAsync(host.Client, member.Email, "Data Anda sudah dihapus"));
        Assert.Null(await host.Get<ServerlessKomunitas.Members.PersonStore>().FindPersonAsync(member.PersonKey));
    }
}
