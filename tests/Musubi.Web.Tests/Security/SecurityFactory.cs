using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Musubi.Testing;

namespace Musubi.Web.Tests.Security;

/// <summary>
/// The app for the security property tests (concurrency, access matrix), which send many thousands of requests as a
/// handful of accounts from one in-memory address. The rate limiter, which has tests of its own (RateLimitTests),
/// would turn most of them into 429s; here it is off, and only warnings are logged.
/// </summary>
public class SecurityFactory : MusubiFactory
{
    public SecurityFactory() : base("sqlite")
    {
    }

    protected SecurityFactory(string provider) : base(provider)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services => services.PostConfigure<RateLimiterOptions>(o => o.GlobalLimiter = null));
    }
}

/// <summary>The same on PostgreSQL (tests using it are <see cref="PostgresFactAttribute"/>s: skipped, and say so, without a server).</summary>
public sealed class PostgresSecurityFactory() : SecurityFactory(TestDatabase.PostgresConnectionString is null ? "sqlite" : "postgres");
