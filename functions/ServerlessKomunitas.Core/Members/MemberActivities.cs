using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Members;

/// <summary>What the sign-up activities share.</summary>
public sealed class MemberSteps(PersonStore persons, MemberLinks links, NewMemberQueue queue, Mentoring.MentorDirectory mentors, EmailLedger ledger, AuditLog audit,
    RegionDirectory regions, TimeProvider time, ILogger<MemberSteps> log)
{
    public const string Workflow = nameof(MemberSignUpOrchestrator);
    public const string Member = "member";

    public PersonStore Persons => persons;
    public MemberLinks Links => links;
    public NewMemberQueue Queue => queue;
    public Mentoring.MentorDirectory Mentors => mentors;
    public EmailLedger Ledger => ledger;
    public RegionDirectory Regions => regions;
    public DateTimeOffset Now => time.GetUtcNow();

    public IDisposable? Begin(TaskActivityContext context) => log.BeginActivity(context);

    /// <summary>Audited under the person's key; the actor is the member or the system, never an address.</summary>
    public Task AuditAsync(MemberStep step, string action, string actor, DateTimeOffset at, string? from, string to, string instanceId) =>
        audit.RecordAsync(new AuditEntry(step.PersonKey, $"{action}:{step.CommunityId}", step.Attempt, actor, at, from, to, null, Workflow, instanceId));
}

/// <summary>Sends the double opt-in email of this attempt; nothing is sent once the attempt is no longer pending.</summary>
public sealed class SendMemberConfirmation(MemberSteps steps) : TaskActivity<MemberStep, MembershipStatus>
{
    public override async Task<MembershipStatus> RunAsync(TaskActivityContext context, MemberStep input)
    {
        using var scope = steps.Begin(context);
        var rows = await steps.Persons.ReadAsync(input.PersonKey);
        if (rows.Person is not { } person || rows.Of(input.CommunityId) is not { } membership || membership.Attempt != input.Attempt)
        {
            return MembershipStatus.Expired;
        }
        if (membership.Status != MembershipStatus.Unconfirmed)
        {
            return membership.Status;
        }
        await steps.AuditAsync(input, "SignedUp", MemberSteps.Member, membership.SignedUpAt, null, membership.StatusName, context.InstanceId);
        var until = new DateTimeOffset(input.Until ?? steps.Now.UtcDateTime, TimeSpan.Zero);
        await steps.Ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "member-confirmation", input.Attempt, MemberSteps.Member),
            MemberEmails.Confirmation(person, membership, steps.Links.Confirm(person.Key, membership.CommunityId, membership.Attempt, until), until));
        return membership.Status;
    }
}

/// <summary>Ends an attempt nobody confirmed; a confirmation that got in first wins.</summary>
public sealed class ExpireMembership(MemberSteps steps) : TaskActivity<MemberStep, MembershipStatus>
{
    public override async Task<MembershipStatus> RunAsync(TaskActivityContext context, MemberStep input)
    {
        using var scope = steps.Begin(context);
        var now = steps.Now;
        var (rows, changed) = await steps.Persons.ExpireAsync(input.PersonKey, input.CommunityId, input.Attempt, now);
        if (changed)
        {
            await steps.AuditAsync(input, "SignUpExpired", "system", now, nameof(MembershipStatus.Unconfirmed), nameof(MembershipStatus.Expired), context.InstanceId);
            return MembershipStatus.Expired;
        }
        return rows.Of(input.CommunityId) is { } membership && membership.Attempt == input.Attempt ? membership.Status : MembershipStatus.Expired;
    }
}

/// <summary>What welcoming a member did: the membership's state, and the requests waiting for a mentor like them.</summary>
public sealed record Welcomed(MembershipStatus Status, IReadOnlyList<string> WaitingMentorships);

/// <summary>
/// Welcomes a confirmed member and queues them for their community's next daily digest. A member who offers
/// mentoring is listed as a mentor, and the requests waiting for someone like them are named, to be woken.
/// </summary>
public sealed class WelcomeMember(MemberSteps steps) : TaskActivity<MemberStep, Welcomed>
{
    public override async Task<Welcomed> RunAsync(TaskActivityContext context, MemberStep input)
    {
        using var scope = steps.Begin(context);
        var rows = await steps.Persons.ReadAsync(input.PersonKey);
        if (rows.Person is not { } person || rows.Of(input.CommunityId) is not { Status: MembershipStatus.Confirmed } membership)
        {
            return new Welcomed(rows.Of(input.CommunityId)?.Status ?? MembershipStatus.Expired, []);
        }
        var confirmedAt = membership.ConfirmedAt ?? steps.Now;
        await steps.AuditAsync(input, "MembershipConfirmed", MemberSteps.Member, confirmedAt, nameof(MembershipStatus.Unconfirmed), membership.StatusName, context.InstanceId);
        var regency = await steps.Regions.FindRegencyAsync(person.RegencyCode);
        await steps.Queue.AddAsync(person, membership, regency?.Name ?? person.RegencyCode);
        IReadOnlyList<string> waiting = [];
        if (person.OffersMentoring)
        {
            await steps.Mentors.PublishAsync(person, rows.Memberships.Where(m => m.Status == MembershipStatus.Confirmed).Select(m => m.CommunityId));
            waiting = await steps.Mentors.WaitingForAsync(person);
        }
        await steps.Ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "member-welcome", input.Attempt, MemberSteps.Member),
            MemberEmails.Welcome(person, membership, steps.Links.Link($"{ApiRoutes.ListEvents.Path}?province={Uri.EscapeDataString(person.ProvinceCode)}")));
        return new Welcomed(membership.Status, waiting);
    }
}
