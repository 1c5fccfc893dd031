namespace ServerlessKomunitas.Registrations;

public sealed record ConfirmationStep(string RegistrationId, DateTime ConfirmBy);

/// <summary>How the registration workflow's steps write the audit trail.</summary>
public static class RegistrationAudit
{
    public const string Workflow = nameof(RegistrationOrchestratorV2);
    public const string Contact = "contact";
    public const string System = "system";

    public static AuditEntry Entry(Registration r, string action, int round, string actor, DateTimeOffset at, string? from = null, string? comment = null, string? instanceId = null) =>
        new(r.Id, action, round, actor, at, from, r.StatusName, comment, Workflow, instanceId ?? r.Id);
}

/// <summary>Records the submission and sends the confirmation link to the contact.</summary>
public sealed class SendConfirmationEmail(RegistrationStore store, AuditLog audit, EmailLedger ledger, LinkSigner links, RegionDirectory regions,
    IOptions<SiteOptions> site, ILogger<SendConfirmationEmail> log) : TaskActivity<ConfirmationStep, RegistrationStatus>
{
    public override async Task<RegistrationStatus> RunAsync(TaskActivityContext context, ConfirmationStep input)
    {
        using var scope = log.BeginActivity(context);
        var r = await store.RequireAsync(input.RegistrationId);
        await audit.RecordAsync(RegistrationAudit.Entry(r, "Submitted", 1, RegistrationAudit.Contact, r.SubmittedAt, instanceId: context.InstanceId));
        if (r.Status != RegistrationStatus.AwaitingConfirmation)
        {
            return r.Status;
        }
        var expiresAt = new DateTimeOffset(input.ConfirmBy, TimeSpan.Zero);
        var token = links.Sign(new SignedLink(r.Id, LinkPurpose.Confirm, RegistrationAudit.Contact, 1, expiresAt));
        var message = RegistrationEmails.Confirmation(r, site.Value.Link(ApiRoutes.Confirm.PathFor(token)), expiresAt, await regions.ZoneOfAsync(r.ProvinceCode));
        await ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "confirmation", 1, RegistrationAudit.Contact), message);
        return r.Status;
    }
}

/// <summary>Closes a registration whose address was never confirmed; a confirmation that got in first wins.</summary>
public sealed class ExpireUnconfirmedRegistration(RegistrationStore store, AuditLog audit, TimeProvider time, ILogger<ExpireUnconfirmedRegistration> log) : TaskActivity<string, RegistrationStatus>
{
    public override async Task<RegistrationStatus> RunAsync(TaskActivityContext context, string registrationId)
    {
        using var scope = log.BeginActivity(context);
        var now = time.GetUtcNow();
        var (row, changed) = await store.TransitionAsync(registrationId, r => RegistrationTransitions.ExpireUnconfirmed(r, now));
        var r = row ?? throw new InvalidOperationException($"Registration {registrationId} does not exist.");
        if (changed || r.Status == RegistrationStatus.Expired)
        {
            await audit.RecordAsync(RegistrationAudit.Entry(r, "ConfirmationExpired", 1, RegistrationAudit.System, r.ExpiredAt ?? now,
                nameof(RegistrationStatus.AwaitingConfirmation), instanceId: context.InstanceId));
        }
        return r.Status;
    }
}
