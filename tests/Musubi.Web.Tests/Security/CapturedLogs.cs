using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Musubi.Web.Hosting;

namespace Musubi.Web.Tests.Security;

/// <summary>
/// Every log entry the app writes, at every level: its message, its structured values and its exception as raw text,
/// and the same entry as the product's console formatter writes it.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private static readonly SafeLogFormatter Formatter = new(new FormatterOptions(), TimeProvider.System);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public sealed record Entry(string Category, LogLevel Level, string Raw, string Formatted);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Raw text of every entry (message, structured values, exception), for secret searches.</summary>
    public string AllRawText() => string.Join("\n", Entries.Select(e => e.Raw));

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            var raw = $"{formatter(state, exception)} {values} {exception}";
            using var writer = new StringWriter();
            Formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), null, writer);
            owner.Entries.Enqueue(new Entry(category, logLevel, raw, writer.ToString()));
        }
    }

    private sealed class FormatterOptions : IOptionsMonitor<ConsoleFormatterOptions>
    {
        public ConsoleFormatterOptions CurrentValue { get; } = new() { TimestampFormat = "HH:mm:ss " };

        public ConsoleFormatterOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<ConsoleFormatterOptions, string?> listener) => null;
    }
}
