using System.Net;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Registrations;

/// <summary>
/// Registrations started before the approval engine still finish on version 1: its orchestrator, its activities,
/// and its decision path behind the same approval link.
/// </summary>
public class RegistrationVersion1Tests
{
    [Fact]
    public async Task A_version_1_registration_is_confirmed_and_approved_through_the_same_links()
    {
        await using var host = await LocalHost.StartAsync(Story.Timings());
        var story = new Story(host);
        var (input, _) = await host.Get<RegistrationValidator>().ValidateAsync(RegistrationInput.FromJson(
            System.Text.Json.JsonDocument.Parse(Submissions.Valid(story.Email, story.Name).ToJsonString()).RootElement));
        var registration = Registration.Create(RecordId.New(), input!, DateTimeOffset.UtcNow);
        registration.WorkflowVersion = 1;
        Assert.True(await host.Get<RegistrationStore>().TryAddAsync(registration));
        story.Id = registration.Id;
        await host.Get<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(nameof(RegistrationOrchestrator),
            new RegistrationWorkflowInput(registration.Id, new RegistrationTimings(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2))),
            new StartOrchestrationOptions(InstanceId: registration.Id));

        await story.ConfirmAsync();
        var link = await story.ApprovalLinkAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await story.DecideAsync(link, "approve", "Selamat!")).StatusCode);

        Assert.Equal(RegistrationStatus.Approved, await story.CompletionAsync());
        Assert.Single(await story.MailAboutAsync(story.Email, "diterima di jaringan"));
        Assert.Equal(HttpStatusCode.Conflict, (await story.DecideAsync(link, "reject", "Tidak jadi")).StatusCode);
    }
}
