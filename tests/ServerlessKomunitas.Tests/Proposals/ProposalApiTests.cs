using System.Net;
using System.Text.Json.Nodes;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Proposals;

public class ProposalApiTests(SharedLocalHost shared) : IClassFixture<SharedLocalHost>
{
    [Fact]
    public async Task A_proposal_is_accepted_with_times_in_the_events_zone_and_waits_for_its_contact()
    {
        var story = await ProposalStory.ForNewCommunityAsync(shared.Host);
        var start = new DateTimeOffset(DateTime.UtcNow.Year + 1, 1, 10, 11, 0, 0, TimeSpan.Zero);

        var response = await story.SubmitAsync(body => { body["start"] = $"{start.Year}-01-10T19:00"; body["end"] = $"{start.Year}-01-10T22:00"; });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await story.StatusAsync();
        Assert.Equal("AwaitingConfirmation", status.GetProperty("status").GetString());
        Assert.Equal("WITA", status.GetProperty("zone").GetString());
        Assert.Equal(start, status.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(start.AddHours(3), status.GetProperty("end").GetDateTimeOffset());
        Assert.Equal("Narahubung komunitas: konfirmasi usulan", "Narahubung komunitas: " + status.GetProperty("awaitingFrom")[0].GetString());
        var stored = await shared.Host.Get<ProposalStore>().FindAsync(story.Id);
        Assert.Equal("63.09", stored!.RegencyCode);
        Assert.Equal("government", Assert.Single(stored.Support).Element);

        var mail = (await Mail.WaitForAsync(story.Client, story.ContactEmail, $"Konfirmasi usulan kegiatan: {story.Title}"))[0];
        Assert.Contains("10 Januari", mail.Text);
        Assert.Contains("19.00 WITA", mail.Text);
    }

    [Fact]
    public async Task A_duplicate_returns_the_first_proposal()
    {
        var story = await ProposalStory.ForNewCommunityAsync(shared.Host);
        var start = DateTimeOffset.UtcNow.AddDays(40);
        Assert.Equal(HttpStatusCode.Accepted, (await story.SubmitAsync(start: start)).StatusCode);
        var firstId = story.Id;

        var again = await story.SubmitAsync(body => body["title"] = "  " + story.Title.ToUpperInvariant(), start);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var receipt = await again.ReadJson();
        Assert.Equal(firstId, receipt.GetProperty("id").GetString());
        Assert.True(receipt.GetProperty("duplicate").GetBoolean());
    }

    public static TheoryData<string, string, string> BadInputs() => new()
    {
        { """{"title": "ab"}""", "title", "too-short" },
        { """{"kind": "konser"}""", "kind", "unknown-kind" },
        { """{"kind": null}""", "kind", "required" },
        { """{"subsectors": []}""", "subsectors", "required" },
        { """{"start": "2020-01-01T10:00", "end": "2020-01-01T12:00"}""", "start", "in-the-past" },
        { """{"start": "besok pagi"}""", "start", "invalid-datetime" },
        { """{"end": null}""", "end", "required" },
        { """{"capacity": 0}""", "capacity", "out-of-range" },
        { """{"capacity": 100001}""", "capacity", "out-of-range" },
        { """{"capacity": "banyak"}""", "capacity", "type" },
        { """{"venue": null}""", "venue", "venue-or-link-required" },
        { """{"onlineLink": "zoom sesi kita"}""", "onlineLink", "invalid-url" },
        { """{"support": [{"element": "tentara", "need": "pengamanan"}]}""", "support", "unknown-element" },
        { """{"support": "banyak"}""", "support", "type" },
        { """{"regencyCode": "99.99"}""", "regencyCode", "unknown-regency" },
        { """{"communityId": "00000000000000000000000000"}""", "communityId", "unknown-community" },
        { """{"communityId": null}""", "communityId", "required" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Every_field_rule_is_a_400_problem_naming_the_field(string change, string field, string code)
    {
        var story = await ProposalStory.ForNewCommunityAsync(shared.Host);

        var response = await story.SubmitAsync(body =>
        {
            foreach (var (key, value) in JsonNode.Parse(change)!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(code, (await response.ReadJson()).ErrorCodes(field));
    }

    [Fact]
    public async Task An_end_before_the_start_is_refused()
    {
        var story = await ProposalStory.ForNewCommunityAsync(shared.Host);
        var start = DateTimeOffset.UtcNow.AddDays(10);

        var response = await story.SubmitAsync(body => body["end"] = ProposalStory.Local(start.AddHours(-1)), start);

        Assert.Contains("end-before-start", (await response.ReadJson()).ErrorCodes("end"));
    }

    [Fact]
    public async Task Only_an_approved_community_may_propose()
    {
        var story = await ProposalStory.ForNewCommunityAsync(shared.Host, status: RegistrationStatus.PendingApproval);

        var response = await story.SubmitAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("community-not-approved", (await response.ReadJson()).ErrorCodes("communityId"));
    }

    [Fact]
    public async Task The_form_posts_and_shows_errors_next_to_the_fields_in_bahasa_indonesia()
    {
        var story = await ProposalStory.ForNewCommunityAsync(shared.Host);
        var form = await shared.Host.Client.GetStringAsync($"/api/usulan?community={story.Valid()["communityId"]}");
        Assert.Contains("<form method=\"post\" action=\"/api/proposals\"", form);
        Assert.Contains("type=\"datetime-local\"", form);

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/proposals")
        {
            Content = new FormUrlEncodedContent(
            [
                new("communityId", story.Valid()["communityId"]!.GetValue<string>()), new("title", story.Title), new("kind", "meetup"),
                new("subsectors", "fotografi"), new("start", "2020-05-01T10:00"), new("end", "2020-05-01T09:00"), new("capacity", "0"),
                new("support-media", "Liputan"),
            ]),
        };
        request.Headers.Accept.ParseAdd("text/html");
        var response = await shared.Host.Client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Waktu mulai sudah lewat", html);
        Assert.Contains("Isi alamat tempat atau tautan daring", html);
        Assert.Contains("value=\"Liputan\"", html);
        Assert.Contains("<option value=\"meetup\" selected>", html);
    }
}
