using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;

namespace ServerlessKomunitas.Tests.Mentoring;

/// <summary>Members of one community asking for and offering mentoring, through HTTP and the mailbox.</summary>
public sealed class MentoringStory
{
    MentoringStory(IAppHost host, Registration community)
    {
        Host = host;
        Community = community;
    }

    public IAppHost Host { get; }

    public Registration Community { get; }

    HttpClient Client => Host.Client;

    public static Dictionary<string, string?> Timings(double offerTimeout = 30, double window = 30, double interval = 1, int checkIns = 2,
        double waitForMentor = 60, double feedback = 30, string backend = "InMemory") => new()
    {
        ["Durable:Backend"] = backend,
        ["Mentoring:CheckIns"] = checkIns.ToString(),
        ["Mentoring:Interval"] = TimeSpan.FromSeconds(interval).ToString("c"),
        ["Mentoring:OfferTimeout"] = TimeSpan.FromSeconds(offerTimeout).ToString("c"),
        ["Mentoring:WaitForMentor"] = TimeSpan.FromSeconds(waitForMentor).ToString("c"),
        ["Mentoring:FeedbackWindow"] = TimeSpan.FromSeconds(feedback).ToString("c"),
        ["CheckIn:LocalHour"] = "",
        ["CheckIn:Window"] = TimeSpan.FromSeconds(window).ToString("c"),
    };

    public static async Task<MentoringStory> StartAsync(Dictionary<string, string?> timings, IAppHost? host = null)
    {
        host ??= await LocalHost.StartAsync(timings);
        var id = await MemberStory.CommunityAsync(host);
        return new MentoringStory(host, (await host.Get<RegistrationStore>().FindAsync(id))!);
    }

    /// <summary>The same community's story on another host (after a restart).</summary>
    public static Task<MentoringStory> ResumeAsync(IAppHost host, Registration community) => Task.FromResult(new MentoringStory(host, community));

    /// <summary>A member who signs up to the community and confirms; their sign-up workflow has finished when this returns.</summary>
    public async Task<Participant> JoinAsync(string name, bool wantsMentor = false, bool offers = false, string regency = "63.09",
        string subsectors = "desain-komunikasi-visual", int capacity = 2)
    {
        var member = new MemberStory(Host, Community.Id);
        var response = await member.SignUpAsync(b =>
        {
            b["name"] = name;
            b["wantsMentor"] = wantsMentor;
            b["offersMentoring"] = offers;
            b["mentorCapacity"] = capacity;
            b["regencyCode"] = regency;
            b["subsectors"] = new JsonArray(subsectors.Split(',').Select(s => (JsonNode)s).ToArray());
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.ConfirmAsync(await member.ConfirmLinkAsync())).StatusCode);
        Assert.Equal(MembershipStatus.Confirmed, await member.CompletionAsync());
        return new Participant(name, member.Email, member.PersonKey);
    }

    public string MentorshipOf(Participant mentee) => Mentorship.IdFor(mentee.Key, Community.Id);

    public async Task<string> LinkAsync(string to, string subject, string path, int count = 1, int seconds = 30) =>
        new Uri(Assert.Single((await Mail.WaitForAsync(Client, to, subject, count, seconds)).OrderByDescending(m => m.SentAt).First().Links(path))).PathAndQuery;

    public Task<string> OfferLinkAsync(Participant mentor, Participant mentee) =>
        LinkAsync(mentor.Email, $"Maukah Anda membimbing {mentee.Name}?", "/api/mentorships/offer/");

    public Task<HttpResponseMessage> PostAsync(string link, object body) =>
        Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, link)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
            Headers = { Accept = { new("application/json") } },
        });

    public async Task AnswerAsync(Participant mentor, Participant mentee, string decision) =>
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(await OfferLinkAsync(mentor, mentee), new { decision })).StatusCode);

    public async Task CheckInAsync(Participant who, int number, int of, int rating = 4, int seconds = 30)
    {
        var link = await LinkAsync(who.Email, $"Check-in mentoring {number} dari {of}", "/api/mentorships/checkin/", seconds: seconds);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(link, new { rating, notes = $"Catatan {who.Name} {number}" })).StatusCode);
    }

    public async Task<JsonElement> JsonAsync(string path)
    {
        var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Accept = { new("application/json") } } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<MentorshipStatus> CompletionAsync(Participant mentee, int seconds = 180)
    {
        return (await Host.CompletionAsync(MentorshipOf(mentee), seconds)).ReadOutputAs<MentorshipStatus>();
    }

    public async Task<Mentorship> RowAsync(Participant mentee) => (await Host.Get<MentorshipStore>().FindAsync(MentorshipOf(mentee)))!;

    public async Task<MentorshipStatus> WaitForStatusAsync(Participant mentee, MentorshipStatus status, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while ((await RowAsync(mentee)) is var row && row.Status != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Mentorship of {mentee.Name} is {row.Status}, not {status}.");
            await Task.Delay(100);
        }
        return status;
    }

    public async Task<int> LoadOfAsync(Participant mentor) => (await Host.Get<PersonStore>().FindPersonAsync(mentor.Key))!.ActiveMentees;
}

public sealed record Participant(string Name, string Email, string Key);
