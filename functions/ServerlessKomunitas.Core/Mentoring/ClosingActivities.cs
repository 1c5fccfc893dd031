using Microsoft.DurableTask;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Telemetry;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Mentoring;

/// <summary>The check-ins are over: both sides are asked for their feedback.</summary>
public sealed class RequestFeedback(MentorshipSteps steps) : TaskActivity<MentorshipStep, MentorshipStatus>
{
    public override async Task<MentorshipStatus> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = steps.Begin(context);
        var (m, changed) = await steps.Store.TransitionAsync(input.MentorshipId, r =>
        {
            if (r.Status != MentorshipStatus.Active)
            {
                return false;
            }
            r.Status = MentorshipStatus.Feedback;
            return true;
        });
        if (m!.Status != MentorshipStatus.Feedback)
        {
            return m.Status;
        }
        if (changed)
        {
            await steps.AuditAsync(m, "FeedbackRequested", 0, MentorshipSteps.System, nameof(MentorshipStatus.Active));
        }
        foreach (var role in MentorshipRoles.Both)
        {
            if (await steps.PersonOfAsync(m, role) is { } person)
            {
                await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "feedback", 0, role), MentorshipEmails.FeedbackRequest(person, steps.Links.Feedback(m.Id, role, steps.Now)));
            }
        }
        return m.Status;
    }
}

/// <summary>Records the mentorship as completed and gives the mentor's place back.</summary>
public sealed class CompleteMentorship(MentorshipSteps steps) : TaskActivity<MentorshipStep, Settled>
{
    public override async Task<Settled> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = steps.Begin(context);
        var now = steps.Now;
        var (m, changed) = await steps.Store.TransitionAsync(input.MentorshipId, r =>
        {
            if (r.Status is not (MentorshipStatus.Feedback or MentorshipStatus.Active))
            {
                return false;
            }
            r.Status = MentorshipStatus.Completed;
            r.CompletedAt = now;
            return true;
        });
        if (m!.Status != MentorshipStatus.Completed)
        {
            return new Settled(m.Status, []);
        }
        var waking = m.MentorKey is { } mentorKey ? await steps.FreePlaceAsync(mentorKey, m.Id) : [];
        if (changed)
        {
            await steps.AuditAsync(m, "Completed", 0, MentorshipSteps.System, nameof(MentorshipStatus.Feedback));
        }
        foreach (var role in MentorshipRoles.Both)
        {
            if (await steps.PersonOfAsync(m, role) is { } person)
            {
                await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "completed", 0, role), MentorshipEmails.Completed(person));
            }
        }
        return new Settled(m.Status, waking);
    }
}

/// <summary>After an early end (the row is already Ended): the mentor's place back, the waitlist left, both sides told.</summary>
public sealed class AnnounceEnd(MentorshipSteps steps) : TaskActivity<MentorshipStep, Settled>
{
    public override async Task<Settled> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = steps.Begin(context);
        var m = await steps.RowAsync(input.MentorshipId);
        if (m.Status != MentorshipStatus.Ended)
        {
            return new Settled(m.Status, []);
        }
        var (mentee, _) = await steps.PeopleAsync(m);
        if (mentee is not null)
        {
            await steps.Mentors.StopWaitingAsync(m.Id, mentee.Subsectors);
        }
        var waking = m.MentorKey is { } mentorKey ? await steps.FreePlaceAsync(mentorKey, m.Id) : [];
        foreach (var role in MentorshipRoles.Both)
        {
            if (await steps.PersonOfAsync(m, role) is { } person)
            {
                await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "ended", 0, role), MentorshipEmails.Ended(person, m.EndedBy ?? role, m.EndReason));
            }
        }
        return new Settled(m.Status, waking);
    }
}

/// <summary>Nobody joined in time: the request is closed and the mentee told.</summary>
public sealed class CloseUnmatched(MentorshipSteps steps) : TaskActivity<MentorshipStep, MentorshipStatus>
{
    public override async Task<MentorshipStatus> RunAsync(TaskActivityContext context, MentorshipStep input)
    {
        using var scope = steps.Begin(context);
        var (m, changed) = await steps.Store.TransitionAsync(input.MentorshipId, r =>
        {
            if (r.Status != MentorshipStatus.Waiting)
            {
                return false;
            }
            r.Status = MentorshipStatus.Unmatched;
            r.EndedAt = steps.Now;
            return true;
        });
        if (m!.Status != MentorshipStatus.Unmatched)
        {
            return m.Status;
        }
        if (await steps.Persons.FindPersonAsync(m.MenteeKey) is { } mentee)
        {
            await steps.Mentors.StopWaitingAsync(m.Id, mentee.Subsectors);
            await steps.Ledger.SendOnceAsync(new LedgerKey(m.Id, "unmatched", input.Round, MentorshipRoles.Mentee), MentorshipEmails.Unmatched(mentee));
        }
        if (changed)
        {
            await steps.AuditAsync(m, "Unmatched", input.Round, MentorshipSteps.System, nameof(MentorshipStatus.Waiting));
        }
        return m.Status;
    }
}
