using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Musubi.Web.Hosting;

/// <summary>Limits that an operator may tune (configuration section <c>Hardening</c>, e.g. <c>Hardening__SignInPermitsPerMinute</c>).</summary>
public sealed class HardeningOptions
{
    public const string Section = "Hardening";

    /// <summary>Sign-in attempts (POST /login…) per client address per minute.</summary>
    public int SignInPermitsPerMinute { get; set; } = 10;

    /// <summary>API requests per credential (or per address when anonymous) per minute.</summary>
    public int ApiPermitsPerMinute { get; set; } = 600;

    /// <summary>Requests of any kind per client address per minute: the ceiling nobody passes.</summary>
    public int AddressPermitsPerMinute { get; set; } = 3000;

    /// <summary>Largest request body outside the import endpoint (forms and JSON records are small).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1L << 20;

    /// <summary>Largest import request: several files, each at most <see cref="Api.ImportExportEndpoints.MaxUploadBytes"/>.</summary>
    public const long MaxImportRequestBytes = 4 * Api.ImportExportEndpoints.MaxUploadBytes;
}

/// <summary>Request limits, rate limits and cross-site request checks for the API. See docs/security.md, "Hardening".</summary>
public static class Hardening
{
    public static IServiceCollection AddHardening(this IServiceCollection services)
    {
        services.AddOptions<HardeningOptions>().BindConfiguration(HardeningOptions.Section);
        services.AddSafeLogging();
        services.AddProblemDetailsForAnyAccept();
        // A value the framework cannot bind throws BadHttpRequestException, which ErrorResponses answers with a 400
        // naming the parameter (instead of an empty 400 outside development).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddRateLimiter(_ => { });
        // Kestrel's default body limit is ~28.6 MiB; nothing but the import needs more than a megabyte. The import
        // endpoint carries its own larger limit as endpoint metadata, which routing applies before the body is read.
        services.AddOptions<KestrelServerOptions>().Configure<Microsoft.Extensions.Options.IOptions<HardeningOptions>>((k, h) =>
            k.Limits.MaxRequestBodySize = h.Value.MaxRequestBodyBytes);
        services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = HardeningOptions.MaxImportRequestBytes;
            o.ValueLengthLimit = 64 << 10;
            o.ValueCountLimit = 256;
            o.KeyLengthLimit = 256;
            o.MultipartHeadersLengthLimit = 16 << 10;
        });
        services.AddOptions<RateLimiterOptions>().Configure<Microsoft.Extensions.Options.IOptions<HardeningOptions>>((o, h) =>
        {
            var limits = h.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(ctx => Window("address:" + Address(ctx), limits.AddressPermitsPerMinute)),
                PartitionedRateLimiter.Create<HttpContext, string>(ctx => IsSignIn(ctx.Request)
                    ? Window("sign-in:" + Address(ctx), limits.SignInPermitsPerMinute)
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(ctx => IsApi(ctx.Request)
                    ? Window("api:" + Credential(ctx), limits.ApiPermitsPerMinute)
                    : RateLimitPartition.GetNoLimiter("")));
            o.OnRejected = async (rejected, ct) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 60;
                var response = rejected.HttpContext.Response;
                response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await TypedResults.Problem(statusCode: 429, title: "Too many requests",
                    detail: $"too many requests from this client; try again in {seconds} s").ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    /// <summary>
    /// A cookie session is an ambient credential: a browser sends it with any request, also one that another site
    /// caused. So an unsafe API request authenticated by the cookie alone (no Authorization header) must carry the
    /// antiforgery token (header <c>RequestVerificationToken</c>, or the form field); machine clients that send
    /// Authorization are not affected. Runs after authentication, since the token is bound to the signed-in user, and
    /// before authorization, so a forged request is refused whatever the user's roles.
    /// </summary>
    public static IApplicationBuilder UseApiCsrfProtection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsApi(context.Request)
            && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && context.User.Identity?.IsAuthenticated == true
            && context.Request.Headers.Authorization.Count == 0)
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            bool valid;
            try
            {
                valid = await antiforgery.IsRequestValidAsync(context);
            }
            catch (InvalidDataException)
            {
                valid = false; // a form too large or malformed to look for the token in
            }
            if (!valid)
            {
                await TypedResults.Problem(statusCode: 400, title: "Missing or invalid antiforgery token",
                    detail: "a request signed in by cookie must send the antiforgery token in the RequestVerificationToken header; API clients send Authorization instead",
                    extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["RequestVerificationToken"] = ["missing or invalid"] } })
                    .ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    });

    internal static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static bool IsSignIn(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/login", StringComparison.OrdinalIgnoreCase);

    private static RateLimitPartition<string> Window(string key, int permits) => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
        new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, permits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "local";

    /// <summary>
    /// The credential the request presents in its Authorization header (machine clients), as a hash so that no
    /// secret is kept as a key; otherwise (browsers with a session cookie, anonymous callers) the client address.
    /// Read before authentication, so a refused request costs no database look-up; inventing credentials does not
    /// escape the per-address ceiling.
    /// </summary>
    private static string Credential(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.Length == 0
            ? "address:" + Address(context)
            : "credential:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(header)), 0, 16);
    }
}
