using ServerlessKomunitas.Telemetry;

namespace ServerlessKomunitas.Jobs;

/// <summary>What one run of a job did.</summary>
public sealed record JobReport(string Job, int Sent, int AlreadySent, int Skipped);

/// <summary>
/// A scheduled job: it sends everything due for the current period that has no ledger row yet, so a late or
/// missed run catches up, and a repeated run sends nothing twice.
/// </summary>
public interface IScheduledJob
{
    Task<JobReport> RunAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A job that also drives workflows: the Functions trigger passes the Durable client its binding gives.</summary>
public interface IWorkflowJob
{
    Task<JobReport> RunAsync(Microsoft.DurableTask.Client.DurableTaskClient client, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A job, the setting that holds its NCRONTAB schedule (six fields, UTC), and that schedule's default.</summary>
public sealed record ScheduledJob(string Name, string ScheduleSetting, string DefaultSchedule, Type Type);

/// <summary>
/// Every job, listed once: the Functions app has a timer trigger for each (schedule "%ScheduleSetting%"), Local
/// fires the same schedules, and a parity test holds both to this list.
/// </summary>
public static class JobCatalog
{
    public const string MemberDigest = "MemberDigest";
    public const string WeeklyChallenge = "WeeklyChallenge";
    public const string EventReminders = "EventReminders";
    public const string Reengagement = "Reengagement";
    public const string Recognition = "Recognition";
    public const string Privacy = "Privacy";
    public const string ApproverDigest = "ApproverDigest";
    public const string MapRebuild = "MapRebuild";
    public const string DirectoryInvitations = "DirectoryInvitations";

    public static IReadOnlyList<ScheduledJob> All { get; } =
    [
        new(MemberDigest, "MemberDigestSchedule", "0 5 * * * *", typeof(Members.MemberDigestJob)),
        new(WeeklyChallenge, "WeeklyChallengeSchedule", "0 10 * * * *", typeof(Engagement.WeeklyChallengeJob)),
        new(EventReminders, "EventRemindersSchedule", "0 15 * * * *", typeof(Engagement.EventReminderJob)),
        new(Reengagement, "ReengagementSchedule", "0 20 * * * *", typeof(Engagement.ReengagementJob)),
        new(Recognition, "RecognitionSchedule", "0 25 * * * *", typeof(Engagement.RecognitionJob)),
        new(Privacy, "PrivacySchedule", "0 35 * * * *", typeof(ServerlessKomunitas.Privacy.PrivacyJob)),
        new(ApproverDigest, "ApproverDigestSchedule", "0 40 * * * *", typeof(Inbox.ApproverDigestJob)),
        // Daily (02.50 WIB): the steps keep the map current; the rebuild checks and repairs it.
        new(MapRebuild, "MapRebuildSchedule", "0 50 19 * * *", typeof(Mapping.MapRebuildJob)),
        // Hourly until every community approved before the directory was offered it (then one read a run).
        new(DirectoryInvitations, "DirectoryInvitationsSchedule", "0 45 * * * *", typeof(Listings.DirectoryInvitationJob)),
    ];

    public static ScheduledJob? Find(string name) => All.FirstOrDefault(j => j.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}

public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>The local hour (in each reader's zone) from which a day's email is due.</summary>
    public int LocalHour { get; set; } = 9;
}

/// <summary>Runs a job by name at the current time, with its outcome logged; both hosts' triggers call this.</summary>
public sealed partial class JobRunner(IServiceProvider services, TimeProvider time, ILogger<JobRunner> log)
{
    /// <summary>Runs the job; a workflow job uses <paramref name="client"/>, or the one in the container (Local has one; Functions passes its binding's).</summary>
    public async Task<JobReport> RunAsync(string name, Microsoft.DurableTask.Client.DurableTaskClient? client = null, CancellationToken cancellationToken = default)
    {
        var job = JobCatalog.Find(name) ?? throw new ArgumentException($"No job is named {name}.", nameof(name));
        using var span = KomunitasTelemetry.Source.StartActivity("job." + job.Name);
        var report = services.GetRequiredService(job.Type) switch
        {
            IWorkflowJob workflowJob => await workflowJob.RunAsync(
                client ?? services.GetService<Microsoft.DurableTask.Client.DurableTaskClient>() ?? throw new InvalidOperationException($"Job {name} needs a Durable client."),
                time.GetUtcNow(), cancellationToken),
            var scheduled => await ((IScheduledJob)scheduled).RunAsync(time.GetUtcNow(), cancellationToken),
        };
        JobRan(log, report.Job, report.Sent, report.AlreadySent, report.Skipped);
        return report;
    }

    [LoggerMessage(EventId = AppEvents.JobRanId, EventName = nameof(AppEvents.JobRan), Level = LogLevel.Information,
        Message = "Job {Job} sent {Sent}, found {AlreadySent} already sent, skipped {Skipped}")]
    static partial void JobRan(ILogger log, string job, int sent, int alreadySent, int skipped);
}
