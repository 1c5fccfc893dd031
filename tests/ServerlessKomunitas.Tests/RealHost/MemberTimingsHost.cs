using ServerlessKomunitas.Tests.Infrastructure;
using ServerlessKomunitas.Tests.Members;

namespace ServerlessKomunitas.Tests.RealHost;

/// <summary>
/// One Functions host for every real-host test that runs on the member timings (daily digests due from 00.00, so that
/// a job run finds them due at any hour): the tier starts a host per settings profile, not per test.
/// </summary>
public sealed class MemberTimingsHost : IAsyncLifetime
{
    public FunctionsHost Host { get; private set; } = null!;

    public static Dictionary<string, string?> Settings() => new(MemberStory.Timings()) { ["Jobs:LocalHour"] = "0" };

    public async Task InitializeAsync() => Host = await FunctionsHost.StartAsync(Settings());

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class MemberTimingsCollection : ICollectionFixture<MemberTimingsHost>
{
    public const string Name = "Functions host on the member timings";
}
