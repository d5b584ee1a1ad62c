using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.Demo;
using Musubi.Core.Features.Matching;
using Musubi.Core.Features.Network;
using Musubi.Core.Features.Screening;
using Musubi.Core.Features.Surge;
using Musubi.Core.Features.Workshare;
using Musubi.Web.Api;
using Musubi.Web.Auth;
using Scalar.AspNetCore;

namespace Musubi.Web.Hosting;

/// <summary>Builds the web app: the one place that wires storage, auth, localization, the API and the pages.</summary>
public static class MusubiHost
{
    public static readonly CultureInfo[] Cultures = [new("en"), new("ja")];

    public static WebApplication Build(MusubiHostOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Razor Pages are found through the application's assembly; name it, since ./musubi serve runs from musubi.dll.
            ApplicationName = typeof(MusubiHost).Assembly.GetName().Name,
            Args = options.Args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        // ASP.NET Core's own information lines are six a request (starting, executing, status, writing, executed,
        // finished): a tenth of the processor under load, and noise beside the audit log. Its warnings and errors stay;
        // the start-up lines come from Microsoft.Hosting.Lifetime. An operator who wants a line a request sets
        // Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics=Information (ADR 0046).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        if (!options.Oidc.Enabled && builder.Configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() is { Enabled: true } oidc)
        {
            options = options with { Oidc = oidc };
        }
        Configure(builder.Services, options);
        var app = builder.Build();
        Configure(app);
        return app;
    }

    public static void Configure(IServiceCollection services, MusubiHostOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<AppDbContext>((sp, o) => sp.GetRequiredService<MusubiHostOptions>().Database.Configure(o));
        services.AddHostedService<DatabasePreparation>();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
        });
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Write Japanese as characters, not &#x…; escapes: the pages stay readable and smaller.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        services.AddRazorPages().AddViewLocalization().AddDataAnnotationsLocalization();
        services.AddAntiforgery();
        services.AddMusubiAuth(options); // accounts, sessions, tokens, demo sign-in (Auth/AuthSetup.cs)
        services.AddAuthorization();
        services.AddHardening(); // rate limits, request size and form limits, one-line escaped logs (docs/security.md)

        // Audit (ADR 0008): the hash-chained log and its signing key options (Auth/AuditWiring.cs).
        services.AddMusubiAudit();
        services.AddMusubiTransfers(); // the transfer-eligibility engine's rule set, loaded once (Api/TransfersEndpoints.cs)
        services.AddMusubiScreening(); // the name analyzer (MeCab), the list index cache, batch jobs, the service (Core/Features/Screening)
        services.AddMusubiNetwork(); // supply-network analyses over the caller's visible registry (Core/Features/Network)
        services.AddMusubiSurge(); // surge-production planning over the caller's visible registry, saved runs (Core/Features/Surge)
        services.AddMusubiWorkshare(); // workshare allocation over the caller's visible registry, saved runs, the ledger (Core/Features/Workshare)
        services.AddPriorityRequests(); // priority-delivery requests: the workflow, its options, the escalation sweep (Api/PriorityRequestsEndpoints.cs)
        services.AddMusubiTimelines(); // holidays, business days, the acquisition calendars (validated at start) and timeline alignment (Api/TimelinesEndpoints.cs)
        services.AddMusubiMatching(); // explained matchmaking: the supplier index cache, the service, the evaluation (Core/Features/Matching; Api/MatchingEndpoints.cs)
        services.AddBoard(); // the demand-signal board: search index, service, subscriptions and the notification sweep (Api/BoardEndpoints.cs)
    }

    public static void Configure(WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseErrorResponses();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuditOfDenials(); // every 403 and redirect to /denied is an access.denied audit event
        app.UseMiddleware<AccessScopeMiddleware>();
        app.UseMiddleware<TokenScopeMiddleware>();
        app.UseApiCsrfProtection();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).WithTags("Health").ExcludeFromDescription();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar", o => o.WithTitle("Musubi API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapRegistryEndpoints();
        app.MapImportExportEndpoints();
        app.MapAuditEndpoints();
        app.MapTransfersEndpoints();
        app.MapScreeningEndpoints();
        app.MapNetworkEndpoints();
        app.MapSurgeEndpoints();
        app.MapWorkshareEndpoints();
        app.MapPriorityRequestsEndpoints();
        app.MapTimelinesEndpoints();
        app.MapMatchingEndpoints();
        app.MapBoardEndpoints();
        app.MapRazorPages();
    }

    /// <summary>Prepares the database when the host starts, before it takes requests.</summary>
    private sealed class DatabasePreparation(IServiceProvider services, MusubiHostOptions options) : IHostedLifecycleService
    {
        // "Starting" runs before any hosted service starts, the web server included: no request meets an unmigrated database.
        public Task StartingAsync(CancellationToken cancellationToken) => PrepareDatabaseAsync(services, options, cancellationToken);

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Migrates the database and, when it is empty and the demo is wanted, loads the demo dataset.</summary>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, MusubiHostOptions options, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await DatabaseSetup.EnsureReadyAsync(db, ct) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
        if (options.LoadDemo && await DatabaseSetup.IsEmptyAsync(db, ct))
        {
            // The first start's demo load is an import like any other, and audited as the server's own action.
            var audit = new Core.Features.Audit.AuditTrail(scope.ServiceProvider.GetRequiredService<Core.Features.Audit.AuditLog>(), "system:demo-load", "local");
            var report = await DemoData.LoadAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct: ct, audit: audit);
            if (!report.Succeeded)
            {
                throw new InvalidOperationException("the demo dataset does not import cleanly:\n" + string.Join('\n', report.Errors));
            }
        }
    }
}
