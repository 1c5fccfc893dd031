using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using ServerlessKomunitas.Abuse;
using ServerlessKomunitas.Hosting;

namespace ServerlessKomunitas.Functions.Hosting;

/// <summary>
/// Anonymous POSTs and DELETEs pass Core's request limits before their trigger runs, as Local's endpoint filter makes
/// them. A function is found by its name, which is its route's name.
/// </summary>
public sealed class RequestLimitsMiddleware(RequestLimits limits) : IFunctionsWorkerMiddleware
{
    static readonly Dictionary<string, ApiRoute> Routes = ApiRoutes.All.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (Routes.TryGetValue(context.FunctionDefinition.Name, out var route) && RequestLimits.Applies(route)
            && context.GetHttpContext() is { } http && await limits.CheckAsync(http.Request, route) is { } refusal)
        {
            await refusal.ExecuteAsync(http);
            return;
        }
        await next(context);
    }
}
