using ServerlessKomunitas.Health;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.OpenApi;

namespace ServerlessKomunitas.Local.Hosting;

/// <summary>
/// The local host: the same routes, workflows and schedules as the Functions app, in one process.
/// Tests build it the same way, with their own configuration.
/// </summary>
public static class LocalApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        // Kestrel: HTTP/1.1 on the loopback port that `func` would use.
        builder.AddLocalEndpoints();

        var app = builder.Build();

        app.MapGet(ApiRoutes.Health.Path, HealthEndpoint.Handle).WithName(ApiRoutes.Health.Name);
        app.MapGet(ApiRoutes.OpenApi.Path, OpenApiDocument.Handle).WithName(ApiRoutes.OpenApi.Name);

        return app;
    }
}
