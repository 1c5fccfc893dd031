using ServerlessKomunitas.Tests.Hardening;
using ServerlessKomunitas.Tests.Harness;
using Xunit.Abstractions;

namespace ServerlessKomunitas.Tests.RealHost;

public sealed class FunctionsHostileInputFixture : HostileInputFixture
{
    protected override async Task<IAppHost> StartHostAsync(Dictionary<string, string?> settings) => await FunctionsHost.StartAsync(settings);
}

/// <summary>
/// The OpenAPI-generated hostile-input suite, every route, on the real Functions host; and, on the same host, since its
/// registrations keep the default (days-long) windows and nothing else runs on it, the attacks on signed links.
/// </summary>
[Trait("Category", "RealHost")]
public class FunctionsHostileInputTests(FunctionsHostileInputFixture fixture, ITestOutputHelper output)
    : HostileInputSuite(fixture, output), IClassFixture<FunctionsHostileInputFixture>
{
    [Fact]
    public Task Forged_truncated_unknown_key_expired_cross_purpose_and_replayed_links_are_refused_and_change_nothing() =>
        TokenAttackTests.RunAsync(Host, Output);
}
