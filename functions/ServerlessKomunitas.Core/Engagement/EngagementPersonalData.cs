using ServerlessKomunitas.Members;
using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Engagement;

public sealed record ExportedJobEmail(string Job, string State, DateTimeOffset? At);

/// <summary>What the monthly recognition counted of the person in one community ("{community}-{yyyyMM}").</summary>
public sealed record ExportedActivity(string CommunityMonth, int Rsvps, int CheckIns, int Proposals);

/// <summary>
/// The engagement jobs keep which person each job emailed (and when), and each member's monthly activity counts. A
/// withdrawn person's address is suppressed, so no job emails them; erasure deletes both.
/// </summary>
public sealed class EngagementPersonalData(JobSends jobSends, ActivityLog activity) : IPersonalDataHolder
{
    public async Task ExportAsync(Person person, PersonalDataSections export, CancellationToken cancellationToken)
    {
        export.Add("scheduledEmails", (await jobSends.OfPersonAsync(person.Key, cancellationToken)).Select(r => new ExportedJobEmail(r.Job, r.State, r.At)).ToList());
        export.Add("activity", (await activity.OfPersonAsync(person.Key, cancellationToken))
            .Select(r => new ExportedActivity(r.CommunityMonth, r.Counts.Rsvps, r.Counts.CheckIns, r.Counts.Proposals)).ToList());
    }

    public Task<IReadOnlyList<ContactedRecord>> WithdrawAsync(WithdrawalRun run, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ContactedRecord>>([]);

    public async Task<bool> EraseAsync(ErasureRun run, CancellationToken cancellationToken)
    {
        run.Count("JobSends", await jobSends.ForgetPersonAsync(run.PersonKey, cancellationToken));
        run.Count("Activity", await activity.ForgetPersonAsync(run.PersonKey, cancellationToken));
        return true;
    }
}
