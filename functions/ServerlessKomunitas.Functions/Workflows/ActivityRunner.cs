using Microsoft.Extensions.DependencyInjection;

namespace ServerlessKomunitas.Functions.Workflows;

/// <summary>
/// Runs one of Core's class-based activities from an [ActivityTrigger], with constructor injection from
/// the invocation's services. This is what the (unavailable) Durable source generator would write.
/// </summary>
public static class ActivityRunner
{
    public static async Task<TOutput> RunAsync<TActivity, TInput, TOutput>(TInput input, string instanceId, FunctionContext function)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ITaskActivity activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(function.InstanceServices);
        var result = await activity.RunAsync(new Context(typeof(TActivity).Name, instanceId), input);
        return (TOutput)result!;
    }

    sealed class Context(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
