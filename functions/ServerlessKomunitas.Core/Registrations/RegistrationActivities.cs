using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Links;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Telemetry;

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
    public const string Workflow = nameof(RegistrationOrchestrator);
    public const string Contact = "contact";
    public const string System = "system";

    public RegistrationStore Store => store;
    public AuditLog Audit => audit;
    public EmailLedger Ledger => ledger;
    public CoordinatorDirectory Coordinators => coordinators;
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Logs the step with its workflow instance, and keeps the instance id on every log line inside it.</summary>
    public IDisposable? Begin(TaskActivityContext context)
    {
        log.LogInformation(AppEvents.WorkflowStep, "{Activity} running for workflow {InstanceId}", context.Name.Name, context.InstanceId);
        return log.BeginScope(new Dictionary<string, object> { ["InstanceId"] = context.InstanceId, ["Activity"] = context.Name.Name });
    }

    public async Task<Registration> RowAsync(string id) =>
        await store.FindAsync(id) ?? throw new InvalidOperationException($"Registration {id} does not exist.");

    public async Task<IndonesianTimeZone> ZoneOfAsync(string provinceCode) =>
        (await regions.FindProvinceAsync(provinceCode))?.Zone ?? IndonesianTimeZone.WIB;

    public async Task<string> RegencyNameAsync(Registration r) =>
        (await regions.FindRegencyAsync(r.RegencyCode))?.Name ?? r.RegencyCode;

    public string Link(string path) => site.Value.Link(path);

    public string Sign(SignedLink link) => links.Sign(link);

    public AuditEntry Entry(Registration r, string action, int round, string actor, DateTimeOffset at, string? from = null, string? comment = null, string? instanceId = null) =>
        new(r.Id, action, round, actor, at, from, r.StatusName, comment, Workflow, instanceId ?? r.Id);
}

/// <summary>Records the submission and sends the confirmation link to the contact.</summary>
public sealed class SendConfirmationEmail(RegistrationSteps steps) : TaskActivity<ConfirmationStep, RegistrationStatus>
{
    public override async Task<RegistrationStatus> RunAsync(TaskActivityContext context, ConfirmationStep input)
    {
        using var scope = steps.Begin(context);
        var r = await steps.RowAsync(input.RegistrationId);
        await steps.Audit.RecordAsync(steps.Entry(r, "Submitted", 1, RegistrationSteps.Contact, r.SubmittedAt, instanceId: context.InstanceId));
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
            await steps.Audit.RecordAsync(steps.Entry(r, "ConfirmationExpired", 1, RegistrationSteps.System, r.ExpiredAt ?? now,
                nameof(RegistrationStatus.AwaitingConfirmation), instanceId: context.InstanceId));
        }
        return r.Status;
    }
}

/// <summary>Assigns the approver (province coordinator, else national) and sends the decision link.</summary>
public sealed class RequestApproval(RegistrationSteps steps) : TaskActivity<ApprovalStep, RegistrationStatus>
{
    public override async Task<RegistrationStatus> RunAsync(TaskActivityContext context, ApprovalStep input)
    {
        using var scope = steps.Begin(context);
        var current = await steps.RowAsync(input.RegistrationId);
        if (current.Status != RegistrationStatus.PendingApproval)
        {
            return current.Status;
        }
        var approver = await steps.Coordinators.FindApproverAsync(current.ProvinceCode);
        var deadline = new DateTimeOffset(input.Deadline, TimeSpan.Zero);
        var now = steps.Now;
        var (row, _) = await steps.Store.TransitionAsync(current, r =>
        {
            if (r.Status != RegistrationStatus.PendingApproval || (r.ApprovalRound == input.Round && r.ApproverId == approver.Id))
            {
                return false;
            }
            r.ApproverId = approver.Id;
            r.ApprovalRound = input.Round;
            r.ApprovalRequestedAt = now;
            r.ApprovalDeadline = deadline;
            return true;
        });
        var r = row!;
        if (r.Status != RegistrationStatus.PendingApproval)
        {
            return r.Status;
        }
        await steps.Audit.RecordAsync(
        [
            steps.Entry(r, "Confirmed", 1, RegistrationSteps.Contact, r.ConfirmedAt ?? now, nameof(RegistrationStatus.AwaitingConfirmation), instanceId: context.InstanceId),
            steps.Entry(r, "ApprovalRequested", input.Round, approver.Id, r.ApprovalRequestedAt ?? now, instanceId: context.InstanceId),
        ]);
        await SendDecisionLinkAsync(steps, context, r, approver, input, reminder: false);
        return r.Status;
    }

    public static async Task SendDecisionLinkAsync(RegistrationSteps steps, TaskActivityContext context, Registration r, Coordinator approver, ApprovalStep step, bool reminder)
    {
        var deadline = new DateTimeOffset(step.Deadline, TimeSpan.Zero);
        var token = steps.Sign(new SignedLink(r.Id, LinkPurpose.Decide, approver.Id, step.Round, deadline));
        var zone = approver.Level == CoordinatorLevel.National ? IndonesianTimeZone.WIB : await steps.ZoneOfAsync(r.ProvinceCode);
        var message = RegistrationEmails.ApprovalRequest(r, approver, await steps.RegencyNameAsync(r), steps.Link(ApiRoutes.Decide.PathFor(token)), deadline, zone, reminder);
        await steps.Ledger.SendOnceAsync(new LedgerKey(context.InstanceId, reminder ? "approval-reminder" : "approval-request", step.Round, approver.Id), message);
    }
}

/// <summary>Reminds the approver once, unless a decision is already on the row.</summary>
public sealed class SendApprovalReminder(RegistrationSteps steps) : TaskActivity<ApprovalStep, RegistrationStatus>
{
    public override async Task<RegistrationStatus> RunAsync(TaskActivityContext context, ApprovalStep input)
    {
        using var scope = steps.Begin(context);
        var r = await steps.RowAsync(input.RegistrationId);
        if (r.Status != RegistrationStatus.PendingApproval || r.ApproverId is null)
        {
            return r.Status;
        }
        var approver = await steps.Coordinators.FindByIdAsync(r.ApproverId) ?? await steps.Coordinators.FindApproverAsync(r.ProvinceCode);
        await RequestApproval.SendDecisionLinkAsync(steps, context, r, approver, input, reminder: true);
        await steps.Audit.RecordAsync(steps.Entry(r, "ApprovalReminded", input.Round, RegistrationSteps.System, steps.Now, instanceId: context.InstanceId));
        return r.Status;
    }
}

/// <summary>Expires a registration nobody decided; a decision stored first always wins. Tells the community.</summary>
public sealed class ExpirePendingApproval(RegistrationSteps steps) : TaskActivity<ApprovalStep, RegistrationStatus>
{
    public override async Task<RegistrationStatus> RunAsync(TaskActivityContext context, ApprovalStep input)
    {
        using var scope = steps.Begin(context);
        var now = steps.Now;
        var (row, _) = await steps.Store.TransitionAsync(input.RegistrationId, r =>
        {
            if (r.Status != RegistrationStatus.PendingApproval)
            {
                return false;
            }
            r.Status = RegistrationStatus.Expired;
            r.ExpiredAt = now;
            return true;
        });
        var r = row ?? throw new InvalidOperationException($"Registration {input.RegistrationId} does not exist.");
        if (r.Status != RegistrationStatus.Expired)
        {
            return r.Status;
        }
        await steps.Audit.RecordAsync(steps.Entry(r, "Expired", input.Round, RegistrationSteps.System, r.ExpiredAt ?? now,
            nameof(RegistrationStatus.PendingApproval), instanceId: context.InstanceId));
        await steps.Ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "expired", input.Round, RegistrationSteps.Contact),
            RegistrationEmails.Expired(r, steps.Link(ApiRoutes.RegistrationForm.Path)));
        return r.Status;
    }
}

/// <summary>Records the decision in the audit and tells the community: a welcome, or the reason.</summary>
public sealed class CompleteRegistration(RegistrationSteps steps) : TaskActivity<ApprovalStep, RegistrationStatus>
{
    public override async Task<RegistrationStatus> RunAsync(TaskActivityContext context, ApprovalStep input)
    {
        using var scope = steps.Begin(context);
        var r = await steps.RowAsync(input.RegistrationId);
        if (r.Status is not (RegistrationStatus.Approved or RegistrationStatus.Rejected))
        {
            return r.Status;
        }
        await steps.Audit.RecordAsync(steps.Entry(r, r.StatusName, input.Round, r.DecidedBy ?? RegistrationSteps.System, r.DecidedAt ?? steps.Now,
            nameof(RegistrationStatus.PendingApproval), r.DecisionComment, context.InstanceId));
        var statusLink = steps.Link(RegistrationEndpoints.StatusUrl(r.Id));
        var message = r.Status == RegistrationStatus.Approved
            ? RegistrationEmails.Approved(r, statusLink, steps.Link(RegistrationEmails.ProposalFormPath(r)))
            : RegistrationEmails.Rejected(r, statusLink);
        await steps.Ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "outcome", input.Round, RegistrationSteps.Contact), message);
        return r.Status;
    }
}
