using ServerlessKomunitas.Tests.Infrastructure;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Proposals;

namespace ServerlessKomunitas.Tests.RealHost;

/// <summary>
/// One Functions host for the real-host stories that need no host of their own: the member and proposal timings of
/// the Local suite, with daily digests due from 00.00 so that a job run finds them due at any hour. The tier starts a
/// host per settings profile, not per test.
/// </summary>
public sealed class SharedFunctionsHost : IAsyncLifetime
{
    public FunctionsHost Host { get; private set; } = null!;

    public static Dictionary<string, string?> Settings() =>
        new(MemberStory.Timings().Concat(ProposalStory.Timings()).Where(s => s.Key != "Durable:Backend").DistinctBy(s => s.Key)) { ["Jobs:LocalHour"] = "0" };

    public async Task InitializeAsync() => Host = await FunctionsHost.StartAsync(Settings());

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedFunctionsHostCollection : ICollectionFixture<SharedFunctionsHost>
{
    public const string Name = "One Functions host shared by the stories";
}
