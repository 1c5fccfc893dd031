using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Proposals;

/// <summary>Walks a proposal through HTTP and the mailbox, as the proposer, its community's contact and the coordinators would.</summary>
public sealed class ProposalStory(IAppHost host, string communityId, string contactEmail)
{
    public const string TabalongCoordinator = "koordinator.kabupaten-tabalong@example.org";
    public const string KalselCoordinator = "koordinator.kalimantan-selatan@example.org";

    public string Title { get; } = "Lokakarya Animasi " + Guid.NewGuid().ToString("N")[..8];

    public string Id { get; set; } = "";

    public string ContactEmail => contactEmail;

    public HttpClient Client => host.Client;

    public static Dictionary<string, string?> Timings(double confirm = 60, double reminder = 60, double escalate = 90, double expire = 120,
        double edit = 60, double eventReminder = 60, double confirmEventBefore = 3600) => new()
    {
        ["Durable:Backend"] = "InMemory",
        ["Proposal:ConfirmationWindow"] = TimeSpan.FromSeconds(confirm).ToString("c"),
        ["Proposal:ReminderAfter"] = TimeSpan.FromSeconds(reminder).ToString("c"),
        ["Proposal:EscalateAfter"] = TimeSpan.FromSeconds(escalate).ToString("c"),
        ["Proposal:ExpireAfter"] = TimeSpan.FromSeconds(expire).ToString("c"),
        ["Proposal:EditWindow"] = TimeSpan.FromSeconds(edit).ToString("c"),
        ["Proposal:EventConfirmationReminderAfter"] = TimeSpan.FromSeconds(eventReminder).ToString("c"),
        ["Proposal:ConfirmEventBeforeStart"] = TimeSpan.FromSeconds(confirmEventBefore).ToString("c"),
    };

    /// <summary>An approved community, written directly: these tests are about proposals, not registration.</summary>
    public static async Task<ProposalStory> ForNewCommunityAsync(IAppHost host, string regencyCode = "63.09", RegistrationStatus status = RegistrationStatus.Approved)
    {
        var body = Submissions.Valid();
        body["regencyCode"] = regencyCode;
        var (input, _) = await host.Get<RegistrationValidator>().ValidateAsync(RegistrationInput.FromJson(JsonDocument.Parse(body.ToJsonString()).RootElement));
        var community = Registration.Create(RecordId.New(), input!, DateTimeOffset.UtcNow);
        community.Status = status;
        Assert.True(await host.Get<RegistrationStore>().TryAddAsync(community));
        return new ProposalStory(host, community.Id, community.Email);
    }

    public JsonObject Valid(DateTimeOffset? start = null) => new()
    {
        ["communityId"] = communityId,
        ["title"] = Title,
        ["kind"] = "workshop",
        ["description"] = "Belajar animasi 2D bersama.",
        ["subsectors"] = new JsonArray("film-animasi-video"),
        ["start"] = Local(start ?? DateTimeOffset.UtcNow.AddDays(30)),
        ["end"] = Local((start ?? DateTimeOffset.UtcNow.AddDays(30)).AddHours(3)),
        ["venue"] = "Gedung Pemuda Tanjung, Jl. Pangeran Antasari",
        ["capacity"] = 40,
        ["support"] = new JsonArray(new JsonObject { ["element"] = "government", ["need"] = "Izin tempat dari Disporapar" }),
    };

    /// <summary>A UTC time as the event's (WITA) wall clock, the way the form takes it.</summary>
    public static string Local(DateTimeOffset utc) => utc.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm");

    public static HttpRequestMessage Json(string path, JsonObject body, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    public async Task<HttpResponseMessage> SubmitAsync(Action<JsonObject>? change = null, DateTimeOffset? start = null)
    {
        var body = Valid(start);
        change?.Invoke(body);
        var response = await Client.SendAsync(Json("/api/proposals", body));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            Id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        }
        // Readable again by the caller.
        response.Content = new StringContent(text, Encoding.UTF8, response.Content.Headers.ContentType?.MediaType ?? "application/json");
        return response;
    }

    public async Task<string> LinkAsync(string to, string subject, string path) =>
        new Uri(Assert.Single((await Mail.WaitForAsync(Client, to, subject)).OrderByDescending(m => m.SentAt).First().Links(path))).PathAndQuery;

    public Task<string> ConfirmLinkAsync() => LinkAsync(contactEmail, $"Konfirmasi usulan kegiatan: {Title}", "/api/proposals/confirm/");

    public async Task ConfirmAsync()
    {
        var link = await ConfirmLinkAsync();
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync(link, null)).StatusCode);
    }

    public Task<string> ApproverLinkAsync(string coordinator, int count = 1) =>
        LinkForNth(coordinator, $"Usulan kegiatan menunggu keputusan Anda: {Title}", "/api/approvals/", count);

    public async Task<string> WithdrawLinkAsync() =>
        new Uri(Assert.Single((await Mail.WaitForAsync(Client, contactEmail, $"Konfirmasi usulan kegiatan: {Title}"))[0].Links("/api/proposals/withdraw/"))).PathAndQuery;

    async Task<string> LinkForNth(string to, string subject, string path, int count)
    {
        var mails = (await Mail.WaitForAsync(Client, to, subject, count)).OrderByDescending(m => m.SentAt).ToList();
        return new Uri(Assert.Single(mails[0].Links(path))).PathAndQuery;
    }

    public Task<HttpResponseMessage> DecideAsync(string link, string decision, string? comment = null) =>
        Story.DecideAsync(Client, link, decision, comment, json: true);

    public async Task<HttpResponseMessage> ActAsync(string link) =>
        await Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, link) { Headers = { Accept = { new("application/json") } } });

    public async Task<JsonElement> StatusAsync() => await Client.GetFromJsonAsync<JsonElement>($"/api/proposals/{Id}");

    public async Task<string> StatusNameAsync() => (await StatusAsync()).GetProperty("status").GetString()!;

    public async Task<ProposalStatus> CompletionAsync(int seconds = 180)
    {
        return (await host.CompletionAsync(Id, seconds)).ReadOutputAs<ProposalStatus>();
    }

    /// <summary>This proposal's entries in the public calendar (JSON), looked up by its kab/kota.</summary>
    public async Task<IReadOnlyList<JsonElement>> CalendarAsync(string regencyCode = "63.09")
    {
        var list = await Client.GetFromJsonAsync<JsonElement>($"/api/events?regency={regencyCode}&limit=100");
        return list.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("id").GetString() == Id).ToList();
    }

    public async Task WaitForStageAsync(ProposalStage stage, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while ((await host.WorkflowAsync(Id))?.ReadCustomStatusAs<ProposalStage>() != stage)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Proposal workflow {Id} did not reach {stage}.");
            await Task.Delay(100);
        }
    }

    public async Task WaitForStatusAsync(string status, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (await StatusNameAsync() != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Proposal {Id} did not reach {status}; it is {await StatusNameAsync()}.");
            await Task.Delay(100);
        }
    }
}
