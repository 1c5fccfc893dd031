namespace ServerlessKomunitas.Health;

public static class HealthFeature
{
    /// <summary>GET /api/health: storage, email and signing keys, with no secret shown.</summary>
    public static IServiceCollection AddHealth(this IServiceCollection services) => services.AddSingleton<HealthEndpoint>();
}
