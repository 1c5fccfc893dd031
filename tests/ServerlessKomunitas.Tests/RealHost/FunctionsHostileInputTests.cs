using ServerlessKomunitas.Tests.Hardening;
using ServerlessKomunitas.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ServerlessKomunitas.Tests.RealHost;

public sealed class FunctionsHostileInputFixture : HostileInputFixture
{
    protected override async Task<IAppHost> StartHostAsync(Dictionary<string, string?> settings) => await FunctionsHost.StartAsync(settings);
}

/// <summary>The OpenAPI-generated hostile-input suite, every route, on the real Functions host.</summary>
[Trait("Category", "RealHost")]
public class FunctionsHostileInputTests(FunctionsHostileInputFixture fixture, ITestOutputHelper output)
    : HostileInputSuite(fixture, output), IClassFixture<FunctionsHostileInputFixture>;
