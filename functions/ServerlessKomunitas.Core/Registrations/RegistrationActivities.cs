using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Links;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Registrations;

public sealed record ConfirmationStep(string RegistrationId, DateTime ConfirmBy);

/// <summary>What the registration activities share: the row, the audit, the ledger, links and places.</summary>
public sealed class RegistrationSteps(
    RegistrationStore store,
    AuditLog audit,
    EmailLedger ledger,
    LinkSigner links,
    CoordinatorDirectory coordinators,
    RegionDirectory regions,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<RegistrationSteps> log)
{
    public const string Workflow = nameof(RegistrationOrchestratorV2);
    public const string Contact = "contact";
    public const string System = "system";

    public RegistrationStore Store => store;
    public AuditLog Audit => audit;
    public EmailLedger Ledger => ledger;
    public CoordinatorDirectory Coordinators => coordinators;
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Logs the step with its workflow instance, and keeps the instance id on every log line inside it.</summary>
    public IDisposable? Begin(TaskActivityContext context) => log.BeginActivity(context);

    public async Task<Registration> RowAsync(string id) =>
        await store.FindAsync(id) ?? throw new InvalidOperationException($"Registration {id} does not exist.");

    public async Task<IndonesianTimeZone> ZoneOfAsync(string provinceCode) =>
        (await regions.FindProvinceAsync(provinceCode))?.Zone ?? IndonesianTimeZone.WIB;

    public async Task<string> RegencyNameAsync(Registration r) =>
        (await regions.FindRegencyAsync(r.RegencyCode))?.Name ?? r.RegencyCode;

    public string Link(string path) => site.Value.Link(path);

    public string Sign(SignedLink link) => links.Sign(link);

    public static AuditEntry Entry(Registration r, string action, int round, string actor, DateTimeOffset at, string? from = null, string? comment = null, string? instanceId = null) =>
        new(r.Id, action, round, actor, at, from, r.StatusName, comment, Workflow, instanceId ?? r.Id);
}

/// <summary>Records the submission and sends the confirmation link to the contact.</summary>
public sealed class SendConfirmationEmail(RegistrationSteps steps) : TaskActivity<ConfirmationStep, RegistrationStatus>
{
    public override async Task<RegistrationStatus> RunAsync(TaskActivityContext context, ConfirmationStep input)
    {
        using var scope = steps.Begin(context);
        var r = await steps.RowAsync(input.RegistrationId);
        await steps.Audit.RecordAsync(RegistrationSteps.Entry(r, "Submitted", 1, RegistrationSteps.Contact, r.SubmittedAt, instanceId: context.InstanceId));
        if (r.Status != RegistrationStatus.AwaitingConfirmation)
        {
            return r.Status;
        }
        var expiresAt = new DateTimeOffset(input.ConfirmBy, TimeSpan.Zero);
        var token = steps.Sign(new SignedLink(r.Id, LinkPurpose.Confirm, RegistrationSteps.Contact, 1, expiresAt));
        var message = RegistrationEmails.Confirmation(r, steps.Link(ApiRoutes.Confirm.PathFor(token)), expiresAt, await steps.ZoneOfAsync(r.ProvinceCode));
        await steps.Ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "confirmation", 1, RegistrationSteps.Contact), message);
        return r.Status;
    }
}

/// <summary>Closes a registration whose address was never confirmed; a confirmation that got in first wins.</summary>
public sealed class ExpireUnconfirmedRegistration(RegistrationSteps steps) : TaskActivity<string, RegistrationStatus>
{
    public override async Task<RegistrationStatus> RunAsync(TaskActivityContext context, string registrationId)
    {
        using var scope = steps.Begin(context);
        var now = steps.Now;
        var (row, changed) = await steps.Store.TransitionAsync(registrationId, r =>
        {
            if (r.Status != RegistrationStatus.AwaitingConfirmation)
            {
                return false;
            }
            r.Status = RegistrationStatus.Expired;
            r.ExpiredAt = now;
            return true;
        });
        var r = row ?? throw new InvalidOperationException($"Registration {registrationId} does not exist.");
        if (changed || r.Status == RegistrationStatus.Expired)
        {
            await steps.Audit.RecordAsync(RegistrationSteps.Entry(r, "ConfirmationExpired", 1, RegistrationSteps.System, r.ExpiredAt ?? now,
                nameof(RegistrationStatus.AwaitingConfirmation), instanceId: context.InstanceId));
        }
        return r.Status;
    }
}
