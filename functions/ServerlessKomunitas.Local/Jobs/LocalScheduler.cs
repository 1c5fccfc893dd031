using Cronos;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Local.Operations;

namespace ServerlessKomunitas.Local.Jobs;

/// <summary>
/// Fires Core's jobs on the same NCRONTAB settings the Functions timer triggers read (UTC, six fields). An empty
/// setting turns a job off; a missing one takes the job's default.
/// </summary>
public sealed partial class LocalScheduler(IConfiguration configuration, JobRunner runner, TimeProvider time, ILogger<LocalScheduler> log) : BackgroundService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} is off ({Setting} is empty)")]
    static partial void JobOff(ILogger log, string job, string setting);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(JobCatalog.All.Select(job => RunOnScheduleAsync(job, stoppingToken)));

    async Task RunOnScheduleAsync(ScheduledJob job, CancellationToken stoppingToken)
    {
        var schedule = configuration[job.ScheduleSetting] ?? job.DefaultSchedule;
        if (string.IsNullOrWhiteSpace(schedule))
        {
            JobOff(log, job.Name, job.ScheduleSetting);
            return;
        }
        var expression = CronExpression.Parse(schedule, CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (expression.GetNextOccurrence(now, TimeZoneInfo.Utc) is not { } next)
            {
                return;
            }
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
                await runner.RunAsync(job.Name, cancellationToken: stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The next run catches up on what this one missed.
                log.LogError(e, "Job {Job} failed", job.Name);
            }
        }
    }
}

public static class JobRoutes
{
    /// <summary>POST /dev/jobs/{name} runs a job now, with the admin key, for tests and for people trying the system.</summary>
    public static IEndpointRouteBuilder MapJobRoutes(this IEndpointRouteBuilder app)
    {
        app.MapPost("/dev/jobs/{name}", async (string name, JobRunner runner, CancellationToken cancellationToken) =>
            JobCatalog.Find(name) is null
                ? Http.Problems.NotFound("job")
                : Results.Json(await runner.RunAsync(name, cancellationToken: cancellationToken), Http.ApiJson.Options))
            .AddEndpointFilter(OperatorRoutes.RequireAdminKey)
            .WithName("RunJob");
        return app;
    }
}
