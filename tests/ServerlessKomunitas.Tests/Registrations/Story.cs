using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Registrations;

/// <summary>
/// Walks the registration story through HTTP and the mailbox, as a community and a coordinator would:
/// every link is read from an email, opened (GET), and only then acted on (POST).
/// </summary>
public sealed class Story(IAppHost host, string? email = null, string? name = null, string? id = null)
{
    public const string JawaTimurCoordinator = "koordinator.jawa-timur@example.org";

    public string Email { get; } = email ?? Submissions.UniqueEmail();

    public string Name { get; } = name ?? "Malang Motion Lab " + Guid.NewGuid().ToString("N")[..8];

    public string Id { get; set; } = id ?? "";

    /// <summary>The same story, continued on another (restarted) host.</summary>
    public Story On(IAppHost other) => new(other, Email, Name, Id);

    public HttpClient Client => host.Client;

    public static Dictionary<string, string?> Timings(double confirmSeconds = 60, double reminderSeconds = 60, double expireSeconds = 120) => new()
    {
        ["Registration:ConfirmationWindow"] = TimeSpan.FromSeconds(confirmSeconds).ToString("c"),
        ["Registration:ApprovalReminderAfter"] = TimeSpan.FromSeconds(reminderSeconds).ToString("c"),
        ["Registration:ApprovalExpireAfter"] = TimeSpan.FromSeconds(expireSeconds).ToString("c"),
    };

    public async Task<string> SubmitAsync(Action<JsonObject>? change = null)
    {
        var body = Submissions.Valid(Email, Name);
        change?.Invoke(body);
        var response = await Client.SendAsync(Submissions.Json(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Id = (await response.ReadJson()).GetProperty("id").GetString()!;
        return Id;
    }

    public async Task<string> ConfirmationLinkAsync() =>
        SinglePath((await Mail.WaitForAsync(Client, Email, "Konfirmasi email pendaftaran"))[0], "/api/confirmations/");

    public async Task ConfirmAsync()
    {
        var link = await ConfirmationLinkAsync();
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync(link, null)).StatusCode);
    }

    public async Task<string> ApprovalLinkAsync(string subject = "menunggu keputusan Anda", string coordinator = JawaTimurCoordinator, int seconds = 30) =>
        SinglePath((await Mail.WaitForAsync(Client, coordinator, $"{subject}: {Name}", seconds: seconds))[0], "/api/approvals/");

    public async Task<IReadOnlyList<MailView>> MailAboutAsync(string address, string subject) =>
        (await Mail.ToAsync(Client, address)).Where(m => m.Subject.Contains(subject, StringComparison.Ordinal)).ToList();

    public static async Task<HttpResponseMessage> DecideAsync(HttpClient client, string link, string decision, string? comment = null, bool json = false)
    {
        var fields = new Dictionary<string, string> { ["decision"] = decision };
        if (comment is not null)
        {
            fields["comment"] = comment;
        }
        var request = new HttpRequestMessage(HttpMethod.Post, link) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.ParseAdd(json ? "application/json" : "text/html");
        return await client.SendAsync(request);
    }

    public Task<HttpResponseMessage> DecideAsync(string link, string decision, string? comment = null, bool json = false) =>
        DecideAsync(Client, link, decision, comment, json);

    public async Task<string> StatusAsync() =>
        (await Client.GetFromJsonAsync<JsonElement>($"/api/communities/{Id}")).GetProperty("status").GetString()!;

    public async Task<RegistrationStatus> CompletionAsync(int seconds = 180)
    {
        return (await host.CompletionAsync(Id, seconds)).ReadOutputAs<RegistrationStatus>();
    }

    /// <summary>Waits until the workflow has checkpointed that it waits for <paramref name="stage"/>.</summary>
    public async Task WaitForStageAsync(RegistrationStage stage, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var instance = await host.WorkflowAsync(Id);
            if (instance?.ReadCustomStatusAs<RegistrationStage>() == stage)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"The workflow did not reach {stage} in {seconds} s.");
            await Task.Delay(100);
        }
    }

    static string SinglePath(MailView mail, string prefix)
    {
        var link = Assert.Single(mail.Links(prefix));
        return new Uri(link).PathAndQuery;
    }
}
