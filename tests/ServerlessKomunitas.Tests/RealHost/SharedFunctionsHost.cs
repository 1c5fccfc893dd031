using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Mentoring;
using ServerlessKomunitas.Tests.Proposals;

namespace ServerlessKomunitas.Tests.RealHost;

/// <summary>
/// One Functions host for the real-host stories that need no host of their own: the member, proposal and mentoring timings of
/// the Local suite, with daily digests due from 00.00 so that a job run finds them due at any hour. The tier starts a
/// host per settings profile, not per test.
/// </summary>
public sealed class SharedFunctionsHost : IAsyncLifetime
{
    public FunctionsHost Host { get; private set; } = null!;

    public static Dictionary<string, string?> Settings() =>
        new(MemberStory.Timings().Concat(ProposalStory.Timings()).Concat(MentoringTimings()).Where(s => s.Key != "Durable:Backend").DistinctBy(s => s.Key))
        {
            ["Jobs:LocalHour"] = "0",
            ["Inbox:PageSize"] = "2",
            // The stories share one client address; the inbox's hundred requests alone are more than an hour's allowance.
            ["RateLimits:SubmissionsPerClientPerHour"] = "1000000",
            ["RateLimits:PostsPerClientPerHour"] = "1000000",
        };

    /// <summary>
    /// A mentoring programme of seconds, as on the Local host, but with every window a person answers within (an offer,
    /// a check-in, feedback) long enough for a busy machine: the happy path does not wait for them.
    /// </summary>
    static Dictionary<string, string?> MentoringTimings() =>
        MentoringStory.Timings(offerTimeout: 300, window: 300, interval: 2, waitForMentor: 300, feedback: 300);

    public async Task InitializeAsync() => Host = await FunctionsHost.StartAsync(Settings());

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedFunctionsHostCollection : ICollectionFixture<SharedFunctionsHost>
{
    public const string Name = "One Functions host shared by the stories";
}
