using Microsoft.Azure.Functions.Worker.Middleware;
using ServerlessKomunitas.Http;

namespace ServerlessKomunitas.Functions.Hosting;

/// <summary>
/// Runs every HTTP function inside Core's request pipeline, as Local's middleware does: limits, the trigger, and a
/// 503 or 500 problem+json for a failure. An HTTP function is found by its name, which is its route's name; timers and
/// workflow functions pass straight through.
/// </summary>
public sealed class RequestPipelineMiddleware(RequestPipeline pipeline) : IFunctionsWorkerMiddleware
{
    static readonly Dictionary<string, ApiRoute> Routes = ApiRoutes.All.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next) =>
        Routes.TryGetValue(context.FunctionDefinition.Name, out var route) && context.GetHttpContext() is { } http
            ? pipeline.RunAsync(http, route, () => next(context))
            : next(context);
}
