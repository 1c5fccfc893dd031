using System.Diagnostics;
using ServerlessKomunitas.Abuse;

namespace ServerlessKomunitas.Http;

/// <summary>
/// How every request is handled, the same in both hosts (Local's middleware and the Functions worker's middleware
/// call it): the request limits, then the handler; a failure anywhere under it, the limits' own Table Storage
/// counter included, is answered by <see cref="Failures"/> (503 with Retry-After for an outage, else a 500 with a trace
/// id and no exception text); and one log line per request, naming the route rather than the path, whose tokens are
/// secrets.
/// </summary>
public sealed partial class RequestPipeline(RequestLimits limits, ILogger<RequestPipeline> log)
{
    /// <param name="route">Core's route being served; null for what only a host has (Durable's endpoints, the mailbox).</param>
    /// <param name="handler">Runs the route's handler and writes its answer.</param>
    public async Task RunAsync(HttpContext context, ApiRoute? route, Func<Task> handler)
    {
        var started = Stopwatch.GetTimestamp();
        var name = route?.Name ?? "host";
        try
        {
            if (route is not null && await limits.CheckAsync(context.Request, route) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
            }
            else
            {
                await handler();
            }
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            await Failures.Answer(context.Request, name, e).ExecuteAsync(context);
        }
        if (route is not null)
        {
            var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Answered(log, name, context.Response.StatusCode, elapsedMs);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Route} answered {Status} in {ElapsedMs} ms")]
    static partial void Answered(ILogger log, string route, int status, long elapsedMs);
}
