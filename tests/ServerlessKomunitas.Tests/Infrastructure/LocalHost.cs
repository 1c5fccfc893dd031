using ServerlessKomunitas.Local.Hosting;

namespace ServerlessKomunitas.Tests.Infrastructure;

/// <summary>The real Local app, started in-process on a free port against the test Azurite.</summary>
public sealed class LocalHost : IAsyncDisposable
{
    readonly WebApplication app;

    LocalHost(WebApplication app, HttpClient client)
    {
        this.app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<LocalHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var storage = await Azurite.ConnectionString();
        var app = LocalApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Local:HttpPort"] = "0",
                ["AzureWebJobsStorage"] = storage,
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }
        });
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = app.BaseAddress() };
        return new LocalHost(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
