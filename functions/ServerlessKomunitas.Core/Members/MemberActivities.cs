namespace ServerlessKomunitas.Members;

/// <summary>How the sign-up workflow writes the audit trail: under the person's key, the actor the member or the system, never an address.</summary>
public static class MemberAudit
{
    public const string Workflow = nameof(MemberSignUpOrchestrator);
    public const string Member = "member";

    public static AuditEntry Entry(MemberStep step, string action, string actor, DateTimeOffset at, string? from, string to, string instanceId) =>
        new(step.PersonKey, $"{action}:{step.CommunityId}", step.Attempt, actor, at, from, to, null, Workflow, instanceId);
}

/// <summary>Sends the double opt-in email of this attempt; nothing is sent once the attempt is no longer pending.</summary>
public sealed class SendMemberConfirmation(PersonStore persons, MemberLinks links, EmailLedger ledger, AuditLog audit, TimeProvider time, ILogger<SendMemberConfirmation> log) : TaskActivity<MemberStep, MembershipStatus>
{
    public override async Task<MembershipStatus> RunAsync(TaskActivityContext context, MemberStep input)
    {
        using var scope = log.BeginActivity(context);
        var rows = await persons.ReadAsync(input.PersonKey);
        if (rows.Person is not { } person || rows.Of(input.CommunityId) is not { } membership || membership.Attempt != input.Attempt)
        {
            return MembershipStatus.Expired;
        }
        if (membership.Status != MembershipStatus.Unconfirmed)
        {
            return membership.Status;
        }
        await audit.RecordAsync(MemberAudit.Entry(input, "SignedUp", MemberAudit.Member, membership.SignedUpAt, null, membership.StatusName, context.InstanceId));
        var until = new DateTimeOffset(input.Until ?? time.GetUtcNow().UtcDateTime, TimeSpan.Zero);
        await ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "member-confirmation", input.Attempt, MemberAudit.Member),
            MemberEmails.Confirmation(person, membership, links.Confirm(person.Key, membership.CommunityId, membership.Attempt, until), until));
        return membership.Status;
    }
}

/// <summary>Ends an attempt nobody confirmed; a confirmation that got in first wins.</summary>
public sealed class ExpireMembership(PersonStore persons, AuditLog audit, TimeProvider time, ILogger<ExpireMembership> log) : TaskActivity<MemberStep, MembershipStatus>
{
    public override async Task<MembershipStatus> RunAsync(TaskActivityContext context, MemberStep input)
    {
        using var scope = log.BeginActivity(context);
        var now = time.GetUtcNow();
        var (rows, changed) = await persons.ExpireAsync(input.PersonKey, input.CommunityId, input.Attempt, now);
        if (changed)
        {
            await audit.RecordAsync(MemberAudit.Entry(input, "SignUpExpired", "system", now, nameof(MembershipStatus.Unconfirmed), nameof(MembershipStatus.Expired), context.InstanceId));
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
public sealed class WelcomeMember(PersonStore persons, MemberLinks links, NewMemberQueue queue, Mentoring.MentorDirectory mentors, EmailLedger ledger, AuditLog audit,
    RegionDirectory regions, WhatsApp.WhatsAppOptIn whatsApp, TimeProvider time, ILogger<WelcomeMember> log) : TaskActivity<MemberStep, Welcomed>
{
    public override async Task<Welcomed> RunAsync(TaskActivityContext context, MemberStep input)
    {
        using var scope = log.BeginActivity(context);
        var rows = await persons.ReadAsync(input.PersonKey);
        if (rows.Person is not { } person || rows.Of(input.CommunityId) is not { Status: MembershipStatus.Confirmed } membership)
        {
            return new Welcomed(rows.Of(input.CommunityId)?.Status ?? MembershipStatus.Expired, []);
        }
        var confirmedAt = membership.ConfirmedAt ?? time.GetUtcNow();
        await audit.RecordAsync(MemberAudit.Entry(input, "MembershipConfirmed", MemberAudit.Member, confirmedAt, nameof(MembershipStatus.Unconfirmed), membership.StatusName, context.InstanceId));
        await queue.AddAsync(person, membership, await regions.RegencyNameAsync(person.RegencyCode));
        IReadOnlyList<string> waiting = [];
        if (person.OffersMentoring)
        {
            await mentors.PublishAsync(person, rows.Memberships.Where(m => m.Status == MembershipStatus.Confirmed).Select(m => m.CommunityId));
            waiting = await mentors.WaitingForAsync(person);
        }
        await ledger.SendOnceAsync(new LedgerKey(context.InstanceId, "member-welcome", input.Attempt, MemberAudit.Member),
            MemberEmails.Welcome(person, membership, links.Link($"{ApiRoutes.ListEvents.Path}?province={Uri.EscapeDataString(person.ProvinceCode)}")));
        // The address is the person's now: the WhatsApp asked for on the form gets its opt-in message.
        await whatsApp.RequestFromSignUpAsync(person);
        return new Welcomed(membership.Status, waiting);
    }
}
