using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Musubi.Web.Hosting;

namespace Musubi.Web.Tests.Security;

/// <summary>
/// The app as <see cref="MusubiFactory"/> starts it, plus what the hardening tests need: tunable limits, captured
/// logs, and test-only endpoints that throw (registered here, never in the product).
/// </summary>
public class HardenedFactory : MusubiFactory
{
    public HardenedFactory() : this("sqlite")
    {
    }

    protected HardenedFactory(string provider) : base(provider)
    {
    }

    public const string ThrowingApiPath = "/api/test-only/throw";
    public const string ThrowingPagePath = "/test-only/throw";
    public const string SecretInException = "db password=hunter2-internal at Server=10.0.0.5";

    public CapturedLogs Logs { get; } = new();

    protected virtual void Tune(HardeningOptions options)
    {
    }

    protected virtual string Environment => "Development";

    /// <summary>Capture every log entry (off for the fuzz run, whose tens of thousands of requests would only slow it).</summary>
    protected virtual bool CaptureLogs => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(Environment);
        builder.ConfigureTestServices(services =>
        {
            services.Configure<HardeningOptions>(Tune);
            if (CaptureLogs)
            {
                services.AddSingleton<ILoggerProvider>(Logs);
                services.AddLogging(b => b.AddFilter<CapturedLogs>(null, LogLevel.Trace));
            }
            else
            {
                services.AddLogging(b => b.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning));
            }
            services.AddSingleton<IStartupFilter>(new ThrowingEndpoints());
        });
    }

    /// <summary>A client that keeps cookies (a browser session), without following redirects.</summary>
    public HttpClient BrowserClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs <paramref name="client"/> in through the demo login form (with its antiforgery token) and returns that token.</summary>
    public static async Task<string> SignInAsync(HttpClient client, string account)
    {
        var token = await FormTokenAsync(client, "/login");
        using var response = await client.PostAsync("/login?handler=Demo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["PrincipalId"] = account,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await FormTokenAsync(client, "/");
    }

    /// <summary>The antiforgery token in the first form of the page at <paramref name="path"/>.</summary>
    public static async Task<string> FormTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(match.Success, $"no antiforgery token on {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The repository root, found from this source file (tests may run from any artifacts path).</summary>
    public static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));

    /// <summary>Adds endpoints that throw, inside the app's pipeline (so its exception handler sees them).</summary>
    private sealed class ThrowingEndpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // Reached when no product endpoint matched: after routing, inside the exception handler and status pages.
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
                context.Request.Path.Equals(ThrowingApiPath, StringComparison.Ordinal) || context.Request.Path.Equals(ThrowingPagePath, StringComparison.Ordinal)
                    ? throw new InvalidOperationException(SecretInException)
                    : nextMiddleware(context));
        };
    }
}

/// <summary>
/// Limits high enough for a test that sends thousands of requests from one address; on PostgreSQL when a server is
/// configured (it takes concurrent writers without lock waits), else SQLite.
/// </summary>
public sealed class UnlimitedFactory() : HardenedFactory(Musubi.Testing.TestDatabase.PostgresConnectionString is null ? "sqlite" : "postgres")
{
    protected override bool CaptureLogs => false;

    protected override void Tune(HardeningOptions options)
    {
        options.AddressPermitsPerMinute = 1_000_000;
        options.ApiPermitsPerMinute = 1_000_000;
        options.SignInPermitsPerMinute = 1_000_000;
    }
}

/// <summary>As deployed: the Production environment (no developer pages anywhere).</summary>
public sealed class ProductionFactory : HardenedFactory
{
    protected override string Environment => "Production";
}
