namespace ServerlessKomunitas.Tests.Harness;

/// <summary>One Local host for a whole test class, for tests that only read or only get refused.</summary>
public sealed class SharedLocalHost : IAsyncLifetime
{
    public LocalHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await LocalHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
