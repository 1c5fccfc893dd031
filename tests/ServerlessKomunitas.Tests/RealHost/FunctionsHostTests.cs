using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Operations;
using ServerlessKomunitas.Tests.Proposals;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.RealHost;

/// <summary>
/// The Functions app as it is deployed, on the real Functions host, in tests that need a host of their own: the
/// registration story with the host killed while the workflow waits, and storage stopped under a request.
/// </summary>
[Trait("Category", "RealHost")]
public class FunctionsHostTests
{
    static async Task<string> StatusAsync(IAppHost host, string id) =>
        (await host.Client.GetFromJsonAsync<JsonElement>($"/api/communities/{id}")).GetProperty("status").GetString()!;

    static async Task<string> StatusBecomesAsync(IAppHost host, string id, string status, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var now = await StatusAsync(host, id);
            if (now == status || DateTime.UtcNow > deadline)
            {
                return now;
            }
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task A_registration_is_confirmed_and_approved_with_the_host_killed_while_it_waits_and_every_email_goes_once()
    {
        await using var host = await FunctionsHost.StartAsync(Story.Timings(confirmSeconds: 600, reminderSeconds: 600, expireSeconds: 1200), seedCommunities: true);
        var story = new Story(host);

        var posted = await host.Client.SendAsync(Submissions.Form(Submissions.Valid(story.Email, story.Name)));
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        story.Id = posted.Headers.Location!.OriginalString.Split('/').Last();
        await story.ConfirmAsync();
        var approvalLink = await story.ApprovalLinkAsync(seconds: 120);
        Assert.Equal("PendingApproval", await StatusAsync(host, story.Id));

        // The machine dies while the workflow waits for its approver; the host comes back on the same task hub.
        await host.KillAsync();
        await host.RestartAsync();

        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(approvalLink)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(approvalLink, "approve", "Selamat datang!", json: true)).StatusCode);
        // The new host first takes over the task hub's partition from the killed one, whose lease must run out.
        Assert.Equal("Approved", await StatusBecomesAsync(host, story.Id, "Approved", 300));
        var welcome = await Mail.WaitForAsync(host.Client, story.Email, "diterima di jaringan", seconds: 300);
        Assert.Contains("Selamat datang!", Assert.Single(welcome).Text);
        await HostState.SettledAsync(host, seconds: 120);
        Assert.Single(await story.MailAboutAsync(story.Email, "Konfirmasi email pendaftaran"));
        Assert.Single(await story.MailAboutAsync(Story.JawaTimurCoordinator, $"menunggu keputusan Anda: {story.Name}"));
        Assert.Single(await story.MailAboutAsync(story.Email, "diterima di jaringan"));
    }

    [Fact]
    public async Task Storage_stopped_under_a_request_is_a_503_that_writes_nothing_and_the_same_request_succeeds_once_it_is_back()
    {
        using var storage = new Azurite.Dedicated();
        await storage.StartAsync();
        await using var host = await FunctionsHost.StartAsync(Story.Timings(confirmSeconds: 600), storage: storage.ConnectionString);
        var submission = Submissions.Valid();
        var email = submission["email"]!.GetValue<string>();

        await storage.StopAsync();
        var refused = await host.Client.SendAsync(Submissions.Json(submission));
        await storage.StartAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.DoesNotContain("Exception", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, await Rows.CountAsync(host.Get<ServerlessKomunitas.Storage.KomunitasTables>().Client(ServerlessKomunitas.Registrations.RegistrationStore.TableName)));
        Assert.Equal(0, await Rows.CountAsync(host.Get<ServerlessKomunitas.Storage.KomunitasTables>().Client(ServerlessKomunitas.Storage.Claims.TableName)));

        // The person sends the same form again, as the answer tells them to: it is taken, once, and the workflow runs.
        var accepted = await host.Client.SendAsync(Submissions.Json(submission));
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"{(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        Assert.Single(await Mail.WaitForAsync(host.Client, email, "Konfirmasi email pendaftaran", seconds: 180));
        Assert.Equal(1, await Rows.CountAsync(host.Get<ServerlessKomunitas.Storage.KomunitasTables>().Client(ServerlessKomunitas.Registrations.RegistrationStore.TableName)));
    }
}
