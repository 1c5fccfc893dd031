using Microsoft.DurableTask.Client;
using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.Extensions.Options;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Local.Durable;

/// <summary>
/// The real Durable Task engine inside the local host: the gRPC sidecar (TaskHubGrpcServer) over the Azure
/// Storage provider on Azurite, and the worker and client that connect to it over a private Unix socket.
/// The worker runs Core's workflows exactly as the Functions app does.
/// </summary>
public static class LocalDurableTask
{
    public static WebApplicationBuilder AddLocalDurableTask(this WebApplicationBuilder builder)
    {
        var socket = Path.Combine(Path.GetTempPath(), $"komunitas-durable-{Guid.NewGuid():N}.sock");

        builder.Services.AddOptions<LocalDurableOptions>().BindConfiguration(LocalDurableOptions.Section)
            .Configure<IConfiguration>((options, configuration) => options.TaskHubName = configuration["TaskHubName"] ?? options.TaskHubName)
            .Validate(o => o.MaxConcurrentActivities > 0 && o.MaxConcurrentOrchestrations > 0, "Durable concurrency must be positive.")
            .ValidateOnStart();

        // The sidecar listens only on the socket, with HTTP/2 as gRPC needs.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socket, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(OrchestrationService);
        builder.Services.AddSingleton(sp => (IOrchestrationServiceClient)sp.GetRequiredService<IOrchestrationService>());
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        builder.Services.AddHostedService<TaskHubInitializer>();
        builder.Services.AddHostedService<WorkerStopsFirst>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(12));

        var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                    return new NetworkStream(connection, ownsSocket: true);
                },
            },
        });
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(channel);
            worker.AddTasks(WorkflowCatalog.Register);
        });
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(channel));
        return builder;
    }

    public static WebApplication MapLocalDurableTask(this WebApplication app)
    {
        app.MapGrpcService<TaskHubGrpcServer>();
        return app;
    }

    static IOrchestrationService OrchestrationService(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<LocalDurableOptions>>().Value;
        var loggers = services.GetRequiredService<ILoggerFactory>();
        if (options.Backend == DurableBackend.InMemory)
        {
            return new HostedOrchestrationService(new InMemoryOrchestrationService(loggers), options, loggers.CreateLogger<HostedOrchestrationService>());
        }
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            throw new InvalidOperationException("The local Durable backend needs AzureWebJobsStorage as a connection string (Azurite).");
        }
        return new HostedOrchestrationService(new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(storage.ConnectionString),
            TaskHubName = options.TaskHubName,
            // One worker name per process, not the machine's (the default). The table partition manager treats a lease
            // held under its own name as already listened to and only renews it, so a host restarted after a stop that
            // left its lease behind never took the control queue back (a test waited four minutes for a check-in).
            // Under a new name the old lease is another worker's: the new host claims it once it expires.
            WorkerId = $"{Environment.MachineName}-{Guid.NewGuid():N}",
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            ExtendedSessionsEnabled = options.ExtendedSessions,
            ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            PartitionCount = options.PartitionCount,
            LoggerFactory = loggers,
        }), options, loggers.CreateLogger<HostedOrchestrationService>());
    }

    /// <summary>
    /// Drains the sidecar, then stops the worker before the web server. The worker holds a gRPC stream open to the
    /// sidecar in this same server, and the server waits for open streams until the shutdown timeout.
    /// </summary>
    sealed class WorkerStopsFirst(IServiceProvider services) : IHostedLifecycleService
    {
        public async Task StoppingAsync(CancellationToken cancellationToken)
        {
            if (services.GetRequiredService<IOrchestrationService>() is HostedOrchestrationService backend)
            {
                await backend.DrainAsync(TimeSpan.FromSeconds(8));
            }
            foreach (var worker in services.GetServices<IHostedService>().OfType<DurableTaskWorker>())
            {
                await worker.StopAsync(cancellationToken);
            }
        }

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Creates the task hub's queues, tables and blobs before the dispatcher starts polling them.</summary>
    sealed class TaskHubInitializer(IOrchestrationService service) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => service.CreateIfNotExistsAsync();

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
