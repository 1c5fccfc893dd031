using System.Net;
using System.Text.Json.Nodes;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Members;

/// <summary>Sign-up, double opt-in and persons with several memberships, on the real engine with the real activities.</summary>
public class MemberSignUpTests
{
    [Fact]
    public async Task A_member_signs_up_confirms_and_is_welcomed_and_a_second_community_adds_a_membership_to_the_same_person()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        var story = new MemberStory(host, await MemberStory.CommunityAsync(host));

        var response = await story.SignUpAsync();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.ReadJson();
        Assert.Equal("Unconfirmed", receipt.GetProperty("status").GetString());
        Assert.False(receipt.GetProperty("duplicate").GetBoolean());
        Assert.DoesNotContain(story.PersonKey, await response.Content.ReadAsStringAsync());

        var link = await story.ConfirmLinkAsync();
        Assert.Contains("Konfirmasi keanggotaan", await host.Client.GetStringAsync(link));
        Assert.Equal(PersonStatus.Unconfirmed, (await story.RowsAsync()).Person!.Status);
        Assert.Equal(HttpStatusCode.OK, (await story.ConfirmAsync(link)).StatusCode);
        Assert.Equal(MembershipStatus.Confirmed, await story.CompletionAsync());
        var welcome = Assert.Single(await Mail.WaitForAsync(host.Client, story.Email, "Selamat bergabung"));
        Assert.Contains("mencarikan mentor", welcome.Text);
        var rows = await story.RowsAsync();
        Assert.Equal(PersonStatus.Confirmed, rows.Person!.Status);
        Assert.Equal("+6281350001234", rows.Person.Phone);
        Assert.Equal("WITA", rows.Person.Zone);
        Assert.Equal("2026-11", rows.Person.ConsentVersion);

        // The same address joins a second community: one person, two memberships, its own opt-in.
        var second = new MemberStory(host, await MemberStory.CommunityAsync(host), story.Email);
        Assert.Equal(HttpStatusCode.Accepted, (await second.SignUpAsync(b => b["name"] = "Nama Lain")).StatusCode);
        var secondLink = await second.ConfirmLinkAsync(count: 2);
        Assert.Equal(HttpStatusCode.OK, (await second.ConfirmAsync(secondLink)).StatusCode);
        Assert.Equal(MembershipStatus.Confirmed, await second.CompletionAsync());
        rows = await story.RowsAsync();
        Assert.Equal(2, rows.Memberships.Count);
        Assert.All(rows.Memberships, m => Assert.Equal(MembershipStatus.Confirmed, m.Status));
        Assert.Equal("Sari Ilustrasi", rows.Person!.Name);

        // Confirming again changes nothing and sends nothing.
        Assert.Equal(HttpStatusCode.OK, (await story.ConfirmAsync(link)).StatusCode);
        Assert.Equal(2, (await Mail.ToAsync(host.Client, story.Email)).Count(m => m.Subject.StartsWith("Selamat bergabung", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_repeated_sign_up_is_a_duplicate_that_sends_nothing_more()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        var story = new MemberStory(host, await MemberStory.CommunityAsync(host));

        await story.SignUpAsync();
        var again = await story.SignUpAsync(b => b["email"] = "  " + story.Email.ToUpperInvariant() + " ");

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.True((await again.ReadJson()).GetProperty("duplicate").GetBoolean());
        await story.ConfirmLinkAsync();
        await HostState.SettledAsync(host);
        Assert.Single(await Mail.ToAsync(host.Client, story.Email));
        Assert.Single((await story.RowsAsync()).Memberships);
    }

    [Fact]
    public async Task An_unconfirmed_sign_up_expires_its_person_is_deleted_and_its_link_no_longer_works()
    {
        var prefix = LocalHost.UniquePrefix();
        string email, communityId, link;
        await using (var first = await LocalHost.StartAsync(MemberStory.Timings(confirm: 2), tablePrefix: prefix))
        {
            var expiring = new MemberStory(first, await MemberStory.CommunityAsync(first));
            communityId = expiring.CommunityId;
            await expiring.SignUpAsync();
            link = await expiring.ConfirmLinkAsync();

            Assert.Equal(MembershipStatus.Expired, await expiring.CompletionAsync());

            var rows = await expiring.RowsAsync();
            Assert.Null(rows.Person);
            Assert.Equal(MembershipStatus.Expired, Assert.Single(rows.Memberships).Status);
            Assert.Equal(HttpStatusCode.Gone, (await expiring.ConfirmAsync(link)).StatusCode);
            Assert.Single(await Mail.ToAsync(first.Client, expiring.Email));
            email = expiring.Email;
        }

        // Signing up again starts a new attempt; the old attempt's link is superseded. The window is a workflow input,
        // so the second attempt runs on a host over the same tables (with a mailbox of its own) whose window leaves the test
        // time to confirm.
        await using var host = await LocalHost.StartAsync(MemberStory.Timings(confirm: 600), tablePrefix: prefix, seed: false);
        var story = new MemberStory(host, communityId, email);
        Assert.Equal(HttpStatusCode.Accepted, (await story.SignUpAsync()).StatusCode);
        var fresh = await story.ConfirmLinkAsync();
        Assert.NotEqual(link, fresh);
        Assert.Equal(HttpStatusCode.Gone, (await story.ConfirmAsync(link)).StatusCode);
        var attemptOne = new Uri(host.Get<MemberLinks>().Confirm(story.PersonKey, story.CommunityId, 1, DateTimeOffset.UtcNow.AddDays(1))).PathAndQuery;
        Assert.Equal(HttpStatusCode.Forbidden, (await story.ConfirmAsync(attemptOne)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await story.ConfirmAsync(fresh)).StatusCode);
        Assert.Equal(MembershipStatus.Confirmed, await story.CompletionAsync(attempt: 2));
    }

    [Fact]
    public async Task A_browser_form_post_gets_a_thank_you_page_that_does_not_tell_whether_the_address_was_known()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        var story = new MemberStory(host, await MemberStory.CommunityAsync(host));
        HttpRequestMessage Form()
        {
            var request = Submissions.Form(story.Valid());
            request.RequestUri = new Uri("/api/members", UriKind.Relative);
            return request;
        }

        var first = await host.Client.SendAsync(Form());
        var second = await host.Client.SendAsync(Form());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Contains("Cek email Anda", await first.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string, string> BadFields => new()
    {
        { "name", "", "required" },
        { "email", "bukan-email", "invalid-email" },
        { "phone", "123", "invalid-phone" },
        { "phone", "++6281350001234", "invalid-phone" },
        { "communityId", "", "required" },
        { "communityId", "00000000000000000000000000", "unknown-community" },
        { "regencyCode", "99.99", "unknown-regency" },
        { "mentorCapacity", "0", "out-of-range" },
        { "mentorCapacity", "11", "out-of-range" },
        { "consent", "false", "consent-required" },
        { "consentVersion", "1999-01", "unknown-consent-version" },
        { "website", "http://spam.example", "honeypot" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_is_a_400_naming_it_and_nothing_is_stored(string field, string value, string code)
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        var story = new MemberStory(host, await MemberStory.CommunityAsync(host));

        var response = await story.SignUpAsync(b =>
        {
            b["offersMentoring"] = true;
            b[field] = field switch
            {
                "mentorCapacity" => JsonValue.Create(int.Parse(value)),
                "consent" => JsonValue.Create(bool.Parse(value)),
                _ => JsonValue.Create(value),
            };
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(code, (await response.ReadJson()).ErrorCodes(field));
        Assert.Null((await story.RowsAsync()).Person);
    }

    [Theory]
    [InlineData(RegistrationStatus.AwaitingConfirmation)]
    [InlineData(RegistrationStatus.Rejected)]
    public async Task Only_an_approved_community_takes_members(RegistrationStatus status)
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        var story = new MemberStory(host, await MemberStory.CommunityAsync(host, status: status));

        var response = await story.SignUpAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("community-not-approved", (await response.ReadJson()).ErrorCodes("communityId"));
    }

    [Fact]
    public async Task Wrong_json_types_and_a_non_object_body_are_400s_naming_the_field()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        var story = new MemberStory(host, await MemberStory.CommunityAsync(host));

        var typed = await story.SignUpAsync(b => { b["wantsMentor"] = "ya"; b["subsectors"] = "musik"; });
        var array = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/members") { Content = new StringContent("[1]", System.Text.Encoding.UTF8, "application/json") });

        Assert.Equal(HttpStatusCode.BadRequest, typed.StatusCode);
        var problem = await typed.ReadJson();
        Assert.Contains("type", problem.ErrorCodes("wantsMentor"));
        Assert.Contains("type", problem.ErrorCodes("subsectors"));
        Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
        Assert.Contains("type", (await array.ReadJson()).ErrorCodes("body"));
    }
}
