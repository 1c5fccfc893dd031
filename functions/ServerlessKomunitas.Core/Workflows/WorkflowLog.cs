using ServerlessKomunitas.Telemetry;

namespace ServerlessKomunitas.Workflows;

/// <summary>The log lines every workflow and activity writes, defined once (source-generated, so a disabled level costs nothing).</summary>
public static partial class WorkflowLog
{
    /// <summary>Logs the activity with its workflow instance, and keeps the instance id on every log line inside it.</summary>
    public static IDisposable? BeginActivity(this ILogger log, TaskActivityContext context, string? subjectId = null)
    {
        ActivityRunning(log, context.Name.Name, context.InstanceId, subjectId ?? context.InstanceId);
        return log.BeginScope(new Dictionary<string, object> { ["InstanceId"] = context.InstanceId, ["Activity"] = context.Name.Name });
    }

    [LoggerMessage(EventId = AppEvents.WorkflowStepId, EventName = nameof(AppEvents.WorkflowStep), Level = LogLevel.Information,
        Message = "{Activity} running for workflow {InstanceId} on {SubjectId}")]
    static partial void ActivityRunning(ILogger logger, string activity, string instanceId, string subjectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {Workflow} {InstanceId} ended {Outcome}")]
    public static partial void WorkflowEnded(ILogger logger, string workflow, string instanceId, string outcome);

    [LoggerMessage(EventId = AppEvents.WorkflowFailedId, EventName = nameof(AppEvents.WorkflowFailed), Level = LogLevel.Error,
        Message = "Workflow {Workflow} {InstanceId} failed in {Activity}: {Failure}")]
    public static partial void WorkflowFailed(ILogger logger, string workflow, string instanceId, string activity, string? failure);
}
