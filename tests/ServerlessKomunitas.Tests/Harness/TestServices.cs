using Microsoft.Extensions.DependencyInjection;

namespace ServerlessKomunitas.Tests.Harness;

public static class TestServices
{
    /// <summary>What IResult execution needs from RequestServices (logging, JSON options).</summary>
    public static IServiceProvider Minimal() =>
        new ServiceCollection().AddLogging().AddOptions().BuildServiceProvider();
}
