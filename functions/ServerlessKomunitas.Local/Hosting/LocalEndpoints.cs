using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ServerlessKomunitas.Local.Hosting;

/// <summary>Where the local host listens. Port 0 picks a free port (tests).</summary>
public sealed class LocalHostOptions
{
    public const string Section = "Local";

    public int HttpPort { get; set; } = 7071;
}

public static class LocalEndpoints
{
    public static WebApplicationBuilder AddLocalEndpoints(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LocalHostOptions>()
            .BindConfiguration(LocalHostOptions.Section)
            .Validate(o => o.HttpPort is >= 0 and <= 65535, "Local:HttpPort must be a TCP port.")
            .ValidateOnStart();

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var options = kestrel.ApplicationServices.GetRequiredService<IOptions<LocalHostOptions>>().Value;
            kestrel.Listen(IPAddress.Loopback, options.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
        });
        return builder;
    }

    /// <summary>The base address the app actually listens on, after start (resolves port 0).</summary>
    public static Uri BaseAddress(this WebApplication app) =>
        new(app.Urls.First(url => url.StartsWith("http://", StringComparison.Ordinal)));
}
