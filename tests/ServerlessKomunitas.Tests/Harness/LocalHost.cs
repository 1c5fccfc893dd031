using ServerlessKomunitas.Local.Hosting;
using ServerlessKomunitas.Seeding;

namespace ServerlessKomunitas.Tests.Harness;

/// <summary>
/// The real Local app, started in-process on a free port against the test Azurite. Each host gets its
/// own table prefix (and later its own task hub), so tests run in parallel without seeing each other.
/// </summary>
public sealed class LocalHost : IAppHost
{
    readonly WebApplication app;

    LocalHost(WebApplication app, HttpClient client, string tablePrefix)
    {
        this.app = app;
        Client = client;
        TablePrefix = tablePrefix;
    }

    public HttpClient Client { get; }

    public string TablePrefix { get; }

    public IServiceProvider Services => app.Services;

    public async Task<WorkflowSnapshot?> WorkflowAsync(string instanceId) =>
        await this.Get<Microsoft.DurableTask.Client.DurableTaskClient>().GetInstanceAsync(instanceId, getInputsAndOutputs: true) is { } instance
            // A failed instance's output is its failure's text, not JSON; the Durable HTTP API reports it apart too.
            ? new WorkflowSnapshot(instance.RuntimeStatus.ToString(),
                instance.RuntimeStatus == Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Failed ? null : WorkflowSnapshot.Parse(instance.SerializedOutput),
                WorkflowSnapshot.Parse(instance.SerializedCustomStatus), instance.LastUpdatedAt)
            : null;

    public Uri BaseAddress => Client.BaseAddress!;

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    public static async Task<LocalHost> StartAsync(IDictionary<string, string?>? settings = null, bool seedCommunities = false,
        string? tablePrefix = null, int? port = null, Action<IServiceCollection>? services = null, bool seed = true, string? environment = null)
    {
        // A free port can be taken by another process between the check and the bind: try another one.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(settings, seedCommunities, tablePrefix, port, services, seed, environment);
            }
            catch (IOException e) when (port is null && attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }

    static async Task<LocalHost> StartOnceAsync(IDictionary<string, string?>? settings, bool seedCommunities,
        string? tablePrefix, int? port, Action<IServiceCollection>? services, bool seed, string? environment)
    {
        var storage = await Azurite.ConnectionString();
        tablePrefix ??= UniquePrefix();
        port ??= Azurite.FreePort();
        var app = LocalApp.Build(environment is null ? [] : ["--environment", environment], builder =>
        {
            // Jobs run when a test asks (POST /dev/jobs/{name}), not on the clock.
            builder.Configuration.AddInMemoryCollection(ServerlessKomunitas.Jobs.JobCatalog.All.Select(j => KeyValuePair.Create(j.ScheduleSetting, (string?)"")));
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Local:HttpPort"] = port.ToString(),
                ["Mailbox:Path"] = "",
                ["TaskHubName"] = tablePrefix,
                ["Durable:PartitionCount"] = "1",
                ["Durable:MaxQueuePollingInterval"] = "00:00:00.500",
                ["AzureWebJobsStorage"] = storage,
                ["Storage:TablePrefix"] = tablePrefix,
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }
            services?.Invoke(builder.Services);
        });
        if (seed)
        {
            await app.Services.GetRequiredService<SeedLoader>()
                .LoadAsync(Path.Combine(RepositoryRoot.Path, "seeds"), referenceOnly: !seedCommunities);
        }
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        // Redirects are part of what the tests check, so the client does not follow them. On two busy cores, fifty
        // concurrent requests contending for one row have taken longer than HttpClient's default 100 s.
        var client = new HttpClient(new ContractCheck(new HttpClientHandler { AllowAutoRedirect = false })) { BaseAddress = app.BaseAddress(), Timeout = TimeSpan.FromMinutes(5) };
        return new LocalHost(app, client, tablePrefix);
    }

    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
