namespace ServerlessKomunitas.Tests.Harness;

/// <summary>
/// A running app the tests talk to: the Local host in-process (<see cref="LocalHost"/>) or the Functions app on the
/// real Functions host (<see cref="FunctionsHost"/>). <see cref="Client"/> reaches the app and, under /dev, its
/// mailbox; <see cref="Services"/> are Core's services over the same storage, for what a test sets up or reads
/// directly (rows, signed links). Workflows are read as each host offers them (<see cref="WorkflowAsync"/>).
/// </summary>
public interface IAppHost : IAsyncDisposable
{
    HttpClient Client { get; }

    string TablePrefix { get; }

    IServiceProvider Services { get; }

    T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The workflow instance as the host reports it; null when the host has no such instance.</summary>
    Task<WorkflowSnapshot?> WorkflowAsync(string instanceId);
}
