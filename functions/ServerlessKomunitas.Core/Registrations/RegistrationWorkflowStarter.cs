using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace ServerlessKomunitas.Registrations;

/// <summary>The waits of the registration workflow. Defaults: 48 hours to confirm, a reminder after 3 days, expiry after 7.</summary>
public sealed class RegistrationWorkflowOptions
{
    public const string Section = "Registration";

    public TimeSpan ConfirmationWindow { get; set; } = TimeSpan.FromHours(48);

    public TimeSpan ApprovalReminderAfter { get; set; } = TimeSpan.FromDays(3);

    public TimeSpan ApprovalExpireAfter { get; set; } = TimeSpan.FromDays(7);

    public RegistrationTimings Timings => new(ConfirmationWindow, ApprovalReminderAfter, ApprovalExpireAfter);
}

/// <summary>Starts a registration's workflow, whose instance id is the registration's id, at most once.</summary>
public sealed class RegistrationWorkflowStarter(IOptions<RegistrationWorkflowOptions> options)
{
    public async Task StartAsync(DurableTaskClient client, string registrationId, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(RegistrationOrchestrator),
                new RegistrationWorkflowInput(registrationId, options.Value.Timings),
                // Without dedupe statuses the backend would restart an existing instance.
                new StartOrchestrationOptions(InstanceId: registrationId).WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]),
                cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            // Started by an earlier attempt: nothing to do.
        }
    }

    /// <summary>Repairs a crash between writing the record and scheduling its workflow: starts it if it never started.</summary>
    public async Task EnsureStartedAsync(DurableTaskClient client, Registration registration, CancellationToken cancellationToken = default)
    {
        if (registration.IsClosed)
        {
            return;
        }
        if (await client.GetInstanceAsync(registration.Id, getInputsAndOutputs: false, cancellationToken) is null)
        {
            await StartAsync(client, registration.Id, cancellationToken);
        }
    }
}
