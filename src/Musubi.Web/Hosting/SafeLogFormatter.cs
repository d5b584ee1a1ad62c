using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Musubi.Web.Hosting;

/// <summary>
/// The console log format: one entry, one line. Everything in an entry (the message with its user-controlled values
/// — paths, ids, names — and an exception's text) is escaped, so CR, LF and other control characters appear as
/// <c>\r</c>, <c>\n</c>, <c>\u001b</c>… and a value can never start a line of its own that looks like another entry.
/// </summary>
public sealed class SafeLogFormatter(IOptionsMonitor<ConsoleFormatterOptions> options, TimeProvider clock) : ConsoleFormatter(Name)
{
    public new const string Name = "musubi";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }
        var line = new StringBuilder(256);
        if (options.CurrentValue.TimestampFormat is { } format)
        {
            var now = options.CurrentValue.UseUtcTimestamp ? clock.GetUtcNow() : clock.GetLocalNow();
            line.Append(now.ToString(format, CultureInfo.InvariantCulture));
        }
        line.Append(Level(logEntry.LogLevel)).Append(": ");
        Escape(logEntry.Category, line);
        line.Append('[').Append(logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture)).Append("] ");
        Escape(message ?? "", line);
        if (logEntry.Exception is { } exception)
        {
            line.Append(" | ");
            Escape(exception.ToString(), line);
        }
        line.Append(Environment.NewLine);
        textWriter.Write(line.ToString());
    }

    /// <summary><paramref name="value"/> with backslash and every control character (CR, LF, ESC, NEL, U+2028…) escaped.</summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 16);
        Escape(value, builder);
        return builder.ToString();
    }

    private static void Escape(string value, StringBuilder into)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    into.Append(@"\\");
                    break;
                case '\r':
                    into.Append(@"\r");
                    break;
                case '\n':
                    into.Append(@"\n");
                    break;
                case '\t':
                    into.Append(@"\t");
                    break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029')
                    {
                        into.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        into.Append(c);
                    }
                    break;
            }
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}

public static class SafeLogging
{
    /// <summary>Console logs use <see cref="SafeLogFormatter"/>; request and header logging stay off (see docs/security.md).</summary>
    public static IServiceCollection AddSafeLogging(this IServiceCollection services)
    {
        services.AddLogging(b => b.AddConsoleFormatter<SafeLogFormatter, ConsoleFormatterOptions>());
        services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = SafeLogFormatter.Name);
        return services;
    }
}
