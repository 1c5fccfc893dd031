using Microsoft.Extensions.DependencyInjection;

namespace ServerlessKomunitas.Tests.Infrastructure;

public static class TestServices
{
    /// <summary>What IResult execution needs from RequestServices (logging, JSON options).</summary>
    public static IServiceProvider Minimal() =>
        new ServiceCollection().AddLogging().AddOptions().BuildServiceProvider();
}
