using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ServerlessKomunitas.Tests.Harness;

/// <summary>Keeps every log entry's event name and message, to check that the events operations rely on are written.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    readonly ConcurrentQueue<(string Category, EventId Event, LogLevel Level, string Message)> entries = new();

    public IReadOnlyList<(string Category, EventId Event, LogLevel Level, string Message)> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    sealed class Logger(string category, ConcurrentQueue<(string, EventId, LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((category, eventId, logLevel, formatter(state, exception)));
    }
}
