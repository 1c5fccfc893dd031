using ServerlessKomunitas.Approvals;

namespace ServerlessKomunitas.Registrations;

/// <summary>The waits of the registration workflow. Defaults: 48 hours to confirm, a reminder after 3 days, expiry after 7.</summary>
public sealed class RegistrationWorkflowOptions
{
    public const string Section = "Registration";

    public TimeSpan ConfirmationWindow { get; set; } = TimeSpan.FromHours(48);

    public TimeSpan ApprovalReminderAfter { get; set; } = TimeSpan.FromDays(3);

    public TimeSpan ApprovalExpireAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>When the request goes up a level; empty: halfway between the reminder and the expiry.</summary>
    public TimeSpan? ApprovalEscalateAfter { get; set; }

    public ReviewTimings Review => new(ApprovalReminderAfter,
        ApprovalEscalateAfter ?? ApprovalReminderAfter + (ApprovalExpireAfter - ApprovalReminderAfter) / 2, ApprovalExpireAfter);
}

/// <summary>
/// Starts a registration's workflow, whose instance id is the registration's id, at most once, with the approval
/// policy in force for its place copied into the input.
/// </summary>
public sealed class RegistrationWorkflowStarter(IOptions<RegistrationWorkflowOptions> options, PolicyStore policies, RegionDirectory regions)
{
    public const string PolicyKind = "registration";

    public async Task StartAsync(DurableTaskClient client, Registration registration, CancellationToken cancellationToken = default)
    {
        var registrationId = registration.Id;
        var regency = await regions.FindRegencyAsync(registration.RegencyCode, cancellationToken)
            ?? throw new InvalidOperationException($"Registration {registrationId} names an unknown regency.");
        var policy = await policies.ResolveAsync([PolicyKind], regency, cancellationToken);
        await WorkflowStarts.StartOnceAsync(client, nameof(RegistrationOrchestratorV2),
            new RegistrationWorkflowInputV2(registrationId, options.Value.ConfirmationWindow, policy, options.Value.Review), registrationId, cancellationToken);
    }

    /// <summary>Repairs a crash between writing the record and scheduling its workflow: starts it if it never started.</summary>
    public async Task EnsureStartedAsync(DurableTaskClient client, Registration registration, CancellationToken cancellationToken = default)
    {
        if (registration.IsClosed)
        {
            return;
        }
        if (!await WorkflowStarts.ExistsAsync(client, registration.Id, cancellationToken))
        {
            await StartAsync(client, registration, cancellationToken);
        }
    }
}
