using System.Net;
using Microsoft.DurableTask.Client;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.EndToEnd;

/// <summary>
/// The whole story on the local stack, through HTTP only: a community registers from the form, confirms
/// from its mailbox, and the coordinator approves from theirs, with a restart of the host in between.
/// </summary>
public class RegistrationStoryTests
{
    [Fact]
    public async Task A_community_registers_confirms_and_is_approved_across_a_host_restart()
    {
        var prefix = LocalHost.UniquePrefix();
        var port = Azurite.FreePort();
        var settings = new Dictionary<string, string?>(Story.Timings())
        {
            ["Mailbox:Path"] = Path.Combine(Directory.CreateTempSubdirectory("e2e-mailbox-").FullName, "messages.jsonl"),
            ["Durable:PartitionCount"] = "4",
        };

        string approvalLink;
        Story story;
        await using (var first = await LocalHost.StartAsync(settings, seedCommunities: true, tablePrefix: prefix, port: port))
        {
            story = new Story(first);
            var form = await first.Client.GetAsync("/api/daftar");
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);

            var posted = await first.Client.SendAsync(Submissions.Form(Submissions.Valid(story.Email, story.Name)));
            Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
            var statusPage = posted.Headers.Location!.OriginalString;
            var statusRequest = new HttpRequestMessage(HttpMethod.Get, statusPage);
            statusRequest.Headers.Accept.ParseAdd("text/html");
            Assert.Contains("Menunggu konfirmasi email", await (await first.Client.SendAsync(statusRequest)).Content.ReadAsStringAsync());
            story.Id = statusPage.Split('/').Last();

            var confirmLink = await story.ConfirmationLinkAsync();
            Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync(confirmLink)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync(confirmLink)).StatusCode);
            Assert.Equal("AwaitingConfirmation", await story.StatusAsync());
            Assert.Equal(HttpStatusCode.OK, (await first.Client.PostAsync(confirmLink, null)).StatusCode);

            approvalLink = await story.ApprovalLinkAsync();
            Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync(approvalLink)).StatusCode);
            Assert.Equal("PendingApproval", await story.StatusAsync());
            await story.WaitForStageAsync(RegistrationStage.AwaitingDecision);
            var running = await first.Get<DurableTaskClient>().GetInstanceAsync(story.Id);
            Assert.Equal(OrchestrationRuntimeStatus.Running, running!.RuntimeStatus);
        }

        // The registration waits for its approver while the host is down; the new host picks it up.
        await using var second = await LocalHost.StartAsync(settings, tablePrefix: prefix, port: port);
        var resumed = story.On(second);

        var linkFromMailbox = await resumed.ApprovalLinkAsync();
        Assert.Equal(approvalLink, linkFromMailbox);
        var page = await second.Client.GetAsync(linkFromMailbox);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(story.Name, await page.Content.ReadAsStringAsync());
        Assert.Equal("PendingApproval", await resumed.StatusAsync());

        Assert.Equal(HttpStatusCode.OK, (await Story.DecideAsync(second.Client, linkFromMailbox, "approve", "Selamat datang!")).StatusCode);

        // The new host first takes over the task hub's partition leases from the stopped one; under the full suite's
        // parallel load that has once taken more than 90 s, so the wait is generous.
        Assert.Equal(RegistrationStatus.Approved, await resumed.CompletionAsync(seconds: 180));
        var welcome = await Mail.WaitForAsync(second.Client, story.Email, "diterima di jaringan");
        Assert.Single(welcome);
        Assert.Contains("Selamat datang!", welcome[0].Text);
        Assert.Equal("Approved", await resumed.StatusAsync());
    }
}
