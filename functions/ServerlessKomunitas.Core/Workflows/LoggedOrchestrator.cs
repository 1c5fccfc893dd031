using ServerlessKomunitas.Telemetry;

namespace ServerlessKomunitas.Workflows;

/// <summary>
/// A workflow whose failure is logged once, as <see cref="AppEvents.WorkflowFailed"/> with the workflow, the instance
/// and the activity that gave up after its retries, before the workflow fails with it: the alert in infra/ watches that
/// event. Each workflow writes only its steps (<see cref="RunStepsAsync"/>), and calls its activities with
/// <see cref="Retry"/>.
/// </summary>
public abstract class LoggedOrchestrator<TInput, TOutput> : TaskOrchestrator<TInput, TOutput>
{
    protected static TaskOptions Retry => ActivityRetry.Standard;

    public sealed override async Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input)
    {
        var log = context.CreateReplaySafeLogger(GetType());
        try
        {
            var outcome = await RunStepsAsync(context, input, log);
            if (log.IsEnabled(LogLevel.Information))
            {
                var ended = $"{outcome}";
                WorkflowLog.WorkflowEnded(log, GetType().Name, context.InstanceId, ended);
            }
            return outcome;
        }
        catch (TaskFailedException e)
        {
            if (log.IsEnabled(LogLevel.Error))
            {
                WorkflowLog.WorkflowFailed(log, GetType().Name, context.InstanceId, e.TaskName, e.FailureDetails.ErrorMessage);
            }
            throw;
        }
    }

    /// <param name="log">Replay-safe: it writes only when the workflow runs a step for the first time.</param>
    protected abstract Task<TOutput> RunStepsAsync(TaskOrchestrationContext context, TInput input, ILogger log);
}
