using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Musubi.Web.Hosting;

namespace Musubi.Web.Tests.Security;

public sealed class SafeLogFormatterTests
{
    [Theory]
    [InlineData("a\r\nfail: forged entry", @"a\r\nfail: forged entry")]
    [InlineData("tab\there", @"tab\there")]
    [InlineData("esc\u001b[31mred", @"esc\u001b[31mred")]
    [InlineData("nel\u0085ls\u2028ps\u2029", @"nel\u0085ls\u2028ps\u2029")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData("東京 plain", "東京 plain")]
    public void Escape_makes_control_characters_visible(string value, string expected) =>
        Assert.Equal(expected, SafeLogFormatter.Escape(value));

    [Fact]
    public void An_entry_with_user_values_and_an_exception_is_one_line()
    {
        var formatter = new SafeLogFormatter(new Monitor(), TimeProvider.System);
        using var writer = new StringWriter();
        var state = new Dictionary<string, object?> { ["Path"] = "/api/x\r\ninfo: Musubi[0] admin signed in" };
        Exception exception;
        try
        {
            throw new InvalidOperationException("multi\nline");
        }
        catch (InvalidOperationException ex)
        {
            exception = ex;
        }

        formatter.Write(new LogEntry<Dictionary<string, object?>>(LogLevel.Warning, "Test", new EventId(7), state, exception, (s, _) => "request " + s["Path"]), null, writer);

        var text = writer.ToString();
        Assert.Single(text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
        Assert.StartsWith("warn: Test[7] request /api/x\\r\\ninfo: Musubi[0] admin signed in | System.InvalidOperationException: multi\\nline", text, StringComparison.Ordinal);
    }

    private sealed class Monitor : IOptionsMonitor<ConsoleFormatterOptions>
    {
        public ConsoleFormatterOptions CurrentValue { get; } = new();

        public ConsoleFormatterOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<ConsoleFormatterOptions, string?> listener) => null;
    }
}

/// <summary>What the app logs, at every level, while it is fed forged lines and secrets.</summary>
public sealed class LoggingTests(HardenedFactory app) : IClassFixture<HardenedFactory>
{
    [Fact]
    public void AspNetCores_information_lines_are_off_its_warnings_and_the_start_up_lines_stay()
    {
        // The app's own rules (the test's capture has a rule of its own, for its provider only).
        var rules = ((IOptionsMonitor<LoggerFilterOptions>)app.Services.GetService(typeof(IOptionsMonitor<LoggerFilterOptions>))!).CurrentValue;
        using (var factory = new LoggerFactory([new Probe()], rules))
        {
            Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
            Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information));
            Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Http.Result.OkObjectResult").IsEnabled(LogLevel.Information));
            Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Mvc.Infrastructure.ObjectResultExecutor").IsEnabled(LogLevel.Information));
            Assert.True(factory.CreateLogger("Microsoft.AspNetCore.DataProtection.KeyManagement").IsEnabled(LogLevel.Error));
            Assert.False(factory.CreateLogger("Microsoft.AspNetCore.DataProtection.KeyManagement").IsEnabled(LogLevel.Warning));
            Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning));
            Assert.True(factory.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
            Assert.True(factory.CreateLogger("Musubi.Web.Auth.AccessDeniedAudit").IsEnabled(LogLevel.Information));
        }

        // An operator's setting for the request lines (Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics) is a
        // more specific category, so it wins over the app's rule.
        var operatorRules = new LoggerFilterOptions { MinLevel = rules.MinLevel };
        operatorRules.Rules.Add(new LoggerFilterRule(null, "Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information, null));
        foreach (var rule in rules.Rules)
        {
            operatorRules.Rules.Add(rule);
        }
        using var withOperator = new LoggerFactory([new Probe()], operatorRules);
        Assert.True(withOperator.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.False(withOperator.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information));
    }

    /// <summary>A provider whose loggers take every level: what is enabled is then what the rules let through.</summary>
    private sealed class Probe : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public void The_console_uses_the_escaping_formatter()
    {
        var options = app.Services.GetService(typeof(IOptionsMonitor<ConsoleLoggerOptions>)) as IOptionsMonitor<ConsoleLoggerOptions>;
        Assert.Equal(SafeLogFormatter.Name, options!.CurrentValue.FormatterName);
        var formatters = (IEnumerable<ConsoleFormatter>)app.Services.GetService(typeof(IEnumerable<ConsoleFormatter>))!;
        Assert.Contains(formatters, f => f is SafeLogFormatter);
    }

    [Fact]
    public async Task User_values_cannot_forge_log_lines()
    {
        using var client = app.ClientAs(null);
        // CR/LF reach the app through a decoded path segment and through an unknown demo account name.
        using var viaPath = await client.GetAsync("/api/organizations/x%0D%0Afail:%20Forged.Category[0]%20forged%20entry");
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/organizations");
        forged.Headers.TryAddWithoutValidation("Authorization", "Demo nobody\u001b[2Jfail: Forged.Category[0]");
        using var viaHeader = await client.SendAsync(forged);

        var entries = app.Logs.Entries.ToList();
        Assert.Contains(entries, e => e.Raw.Contains("\r\nfail: Forged.Category", StringComparison.Ordinal)); // the raw value did reach a log message
        Assert.All(entries, e =>
        {
            Assert.EndsWith(Environment.NewLine, e.Formatted, StringComparison.Ordinal);
            Assert.Single(e.Formatted.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotContain('\u001b', e.Formatted);
        });
        Assert.Contains(entries, e => e.Formatted.Contains(@"\r\nfail: Forged.Category", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Secrets_are_never_logged()
    {
        const string bearer = "tok_0a1b2c3d4e5f-SECRET-BEARER";
        const string cookie = "SECRET-COOKIE-VALUE-9f8e7d";
        const string password = "correct horse battery staple SECRET";
        const string recovery = "SECRET-RECOVERY-1234";

        using (var client = app.ClientAs(null))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            (await client.GetAsync("/api/organizations")).Dispose();
            (await client.PostAsync("/api/import", new StringContent("{}", Encoding.UTF8, "application/json"))).Dispose();
        }
        using (var client = app.ClientAs(null))
        {
            client.DefaultRequestHeaders.Add("Cookie", $"musubi.session={cookie}; .AspNetCore.Antiforgery.x={cookie}");
            (await client.GetAsync("/")).Dispose();
            (await client.DeleteAsync("/api/organizations/x")).Dispose();
        }
        using (var browser = app.BrowserClient())
        {
            var token = await HardenedFactory.FormTokenAsync(browser, "/login");
            (await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["PrincipalId"] = "us-acq",
                ["Password"] = password,
                ["Email"] = "us-acq",
                ["RecoveryCode"] = recovery,
                ["__RequestVerificationToken"] = token,
            }))).Dispose();
            (await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Password"] = password }))).Dispose();
            await HardenedFactory.SignInAsync(browser, "us-acq");
            var before = app.Logs.Entries.Count; // the signed-in session makes more requests
            (await browser.GetAsync("/registry/organizations")).Dispose();
            Assert.True(app.Logs.Entries.Count > before);
        }

        var logged = app.Logs.AllRawText();
        Assert.NotEmpty(logged);
        Assert.DoesNotContain(bearer, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(cookie, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(password, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(recovery, logged, StringComparison.Ordinal);
        Assert.DoesNotContain("__RequestVerificationToken=", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("musubi.session=", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization: ", logged, StringComparison.OrdinalIgnoreCase);
    }
}
