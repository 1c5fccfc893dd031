using ServerlessKomunitas.Local.Registrations;

namespace ServerlessKomunitas.Local.Hosting;

/// <summary>
/// The local host: the same routes, workflows and schedules as the Functions app, in one process.
/// Tests build it the same way, with their own configuration.
/// </summary>
public static class LocalApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings come from the app's own folder, wherever it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);

        // Kestrel: HTTP/1.1 on the loopback port that `func` would use.
        builder.AddLocalEndpoints();

        // The domain, storage and HTTP handlers, exactly as the Functions app registers them.
        builder.Services.AddKomunitasCore();

        var app = builder.Build();

        app.MapSiteRoutes();
        app.MapRegistrationRoutes();

        app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app));

        return app;
    }

    static void PrintWelcome(WebApplication app)
    {
        var baseAddress = app.BaseAddress().ToString().TrimEnd('/').Replace("127.0.0.1", "localhost");
        app.Logger.LogInformation(
            "ServerlessKomunitas is running.\n  Registration form: {Form}\n  API (OpenAPI):     {Api}\n  Health:            {Health}",
            $"{baseAddress}/api/daftar", $"{baseAddress}/api/openapi.json", $"{baseAddress}/api/health");
    }
}
