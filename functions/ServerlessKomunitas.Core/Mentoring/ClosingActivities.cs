using ServerlessKomunitas.Members;
using ServerlessKomunitas.Telemetry;

namespace ServerlessKomunitas.Mentoring;

/// <summary>The check-ins are over: both sides are asked for their feedback.</summary>
public sealed class RequestFeedback(MentorshipStore store, PersonStore persons, MentorshipLinks links, EmailLedger ledger, AuditLog audit,
    TimeProvider time, ILogger<RequestFeedback> log) : TaskActivity<MentorshipStep, MentorshipStatus>
{
    public override async Task<MentorshipStatus> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = log.BeginActivity(context);
        var (m, changed) = await store.TransitionAsync(input.MentorshipId, r => MentorshipTransitions.AskFeedback(r));
        if (m!.Status != MentorshipStatus.Feedback)
        {
            return m.Status;
        }
        if (changed)
        {
            await audit.RecordAsync(MentorshipAudit.Entry(m, "FeedbackRequested", 0, MentorshipAudit.System, time.GetUtcNow(), nameof(MentorshipStatus.Active)));
        }
        foreach (var role in MentorshipRoles.Both)
        {
            if (await persons.ParticipantAsync(m, role) is { } person)
            {
                await ledger.SendOnceAsync(new LedgerKey(m.Id, "feedback", 0, role), MentorshipEmails.FeedbackRequest(person, links.Feedback(m.Id, role, time.GetUtcNow())));
            }
        }
        return m.Status;
    }
}

/// <summary>Records the mentorship as completed and gives the mentor's place back.</summary>
public sealed class CompleteMentorship(MentorshipStore store, MentorDirectory mentors, PersonStore persons, EmailLedger ledger,
    AuditLog audit, TimeProvider time, ILogger<CompleteMentorship> log) : TaskActivity<MentorshipStep, Settled>
{
    public override async Task<Settled> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = log.BeginActivity(context);
        var now = time.GetUtcNow();
        var (m, changed) = await store.TransitionAsync(input.MentorshipId, r => MentorshipTransitions.Complete(r, now));
        if (m!.Status != MentorshipStatus.Completed)
        {
            return new Settled(m.Status, []);
        }
        var waking = m.MentorKey is { } mentorKey ? await mentors.FreePlaceAsync(mentorKey, m.Id) : [];
        if (changed)
        {
            await audit.RecordAsync(MentorshipAudit.Entry(m, "Completed", 0, MentorshipAudit.System, time.GetUtcNow(), nameof(MentorshipStatus.Feedback)));
        }
        foreach (var role in MentorshipRoles.Both)
        {
            if (await persons.ParticipantAsync(m, role) is { } person)
            {
                await ledger.SendOnceAsync(new LedgerKey(m.Id, "completed", 0, role), MentorshipEmails.Completed(person));
            }
        }
        return new Settled(m.Status, waking);
    }
}

/// <summary>After an early end (the row is already Ended): the mentor's place back, the waitlist left, both sides told.</summary>
public sealed class AnnounceEnd(MentorshipStore store, MentorDirectory mentors, PersonStore persons, EmailLedger ledger,
    ILogger<AnnounceEnd> log) : TaskActivity<MentorshipStep, Settled>
{
    public override async Task<Settled> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = log.BeginActivity(context);
        var m = await store.RequireAsync(input.MentorshipId);
        if (m.Status != MentorshipStatus.Ended)
        {
            return new Settled(m.Status, []);
        }
        var (mentee, _) = await persons.ParticipantsAsync(m);
        if (mentee is not null)
        {
            await mentors.StopWaitingAsync(m.Id, mentee.Subsectors);
        }
        var waking = m.MentorKey is { } mentorKey ? await mentors.FreePlaceAsync(mentorKey, m.Id) : [];
        foreach (var role in MentorshipRoles.Both)
        {
            if (await persons.ParticipantAsync(m, role) is { } person)
            {
                await ledger.SendOnceAsync(new LedgerKey(m.Id, "ended", 0, role), MentorshipEmails.Ended(person, m.EndedBy ?? role, m.EndReason));
            }
        }
        return new Settled(m.Status, waking);
    }
}

/// <summary>Nobody joined in time: the request is closed and the mentee told.</summary>
public sealed class CloseUnmatched(MentorshipStore store, MentorDirectory mentors, PersonStore persons, EmailLedger ledger, AuditLog audit,
    TimeProvider time, ILogger<CloseUnmatched> log) : TaskActivity<MentorshipStep, MentorshipStatus>
{
    public override async Task<MentorshipStatus> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = log.BeginActivity(context);
        var (m, changed) = await store.TransitionAsync(input.MentorshipId, r => MentorshipTransitions.CloseUnmatched(r, time.GetUtcNow()));
        if (m!.Status != MentorshipStatus.Unmatched)
        {
            return m.Status;
        }
        if (await persons.FindPersonAsync(m.MenteeKey) is { } mentee)
        {
            await mentors.StopWaitingAsync(m.Id, mentee.Subsectors);
            await ledger.SendOnceAsync(new LedgerKey(m.Id, "unmatched", input.Round, MentorshipRoles.Mentee), MentorshipEmails.Unmatched(mentee));
        }
        if (changed)
        {
            await audit.RecordAsync(MentorshipAudit.Entry(m, "Unmatched", input.Round, MentorshipAudit.System, time.GetUtcNow(), nameof(MentorshipStatus.Waiting)));
        }
        return m.Status;
    }
}
