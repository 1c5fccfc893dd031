using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ServerlessKomunitas.Health;

/// <summary>Liveness answer for load balancers and the start script.</summary>
public static class HealthEndpoint
{
    public sealed record HealthStatus(string Status, string Version);

    static readonly string Version =
        typeof(HealthEndpoint).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static Ok<HealthStatus> Handle() => TypedResults.Ok(new HealthStatus("ok", Version));
}
