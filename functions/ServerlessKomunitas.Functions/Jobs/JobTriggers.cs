using ServerlessKomunitas.Jobs;

namespace ServerlessKomunitas.Functions.Jobs;

/// <summary>Every scheduled job as a timer trigger on its schedule setting (NCRONTAB, UTC).</summary>
public sealed class JobTriggers(JobRunner jobs)
{
    [Function(JobCatalog.MemberDigest)]
    public Task RunMemberDigest([TimerTrigger("%MemberDigestSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync(JobCatalog.MemberDigest, cancellationToken: cancellationToken);

    [Function(JobCatalog.WeeklyChallenge)]
    public Task RunWeeklyChallenge([TimerTrigger("%WeeklyChallengeSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync(JobCatalog.WeeklyChallenge, cancellationToken: cancellationToken);

    [Function(JobCatalog.EventReminders)]
    public Task RunEventReminders([TimerTrigger("%EventRemindersSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync(JobCatalog.EventReminders, cancellationToken: cancellationToken);

    [Function(JobCatalog.Reengagement)]
    public Task RunReengagement([TimerTrigger("%ReengagementSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync(JobCatalog.Reengagement, cancellationToken: cancellationToken);

    [Function(JobCatalog.Recognition)]
    public Task RunRecognition([TimerTrigger("%RecognitionSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync(JobCatalog.Recognition, cancellationToken: cancellationToken);

    [Function(JobCatalog.Privacy)]
    public Task RunPrivacy([TimerTrigger("%PrivacySchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        jobs.RunAsync(JobCatalog.Privacy, client, cancellationToken);

    [Function(JobCatalog.ApproverDigest)]
    public Task RunApproverDigest([TimerTrigger("%ApproverDigestSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync(JobCatalog.ApproverDigest, cancellationToken: cancellationToken);

    [Function(JobCatalog.MapRebuild)]
    public Task RunMapRebuild([TimerTrigger("%MapRebuildSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync(JobCatalog.MapRebuild, cancellationToken: cancellationToken);

    [Function(JobCatalog.DirectoryInvitations)]
    public Task RunDirectoryInvitations([TimerTrigger("%DirectoryInvitationsSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RunAsync(JobCatalog.DirectoryInvitations, cancellationToken: cancellationToken);
}
