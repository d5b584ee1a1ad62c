using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Musubi.Web.Hosting;

/// <summary>
/// The browser-facing security headers on every response (pages, API, static files, errors): a Content-Security-Policy
/// without inline script or style, no framing, no MIME sniffing, no referrer, a minimal Permissions-Policy, an isolated
/// browsing context, and HSTS when the request came over HTTPS. See docs/security.md, "Hardening".
/// </summary>
public sealed partial class SecurityHeaders(RequestDelegate next)
{
    /// <summary>The policy for everything Musubi renders: no inline script, no inline style, nothing from elsewhere.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; " +
        "base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>
    /// The Scalar API reference (<c>/scalar</c>, a third-party page) starts itself with one inline module script and
    /// injects its styles at run time. Its page gets the same policy, except that script-src also allows the hash of
    /// that inline script (computed from the page as served, so nothing else inline runs) and style-src allows inline
    /// styles. Its web fonts come from a CDN the policy does not allow; the page falls back to local fonts.
    /// </summary>
    public const string ScalarPolicyTemplate =
        "default-src 'self'; script-src 'self' {0}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>One year, subdomains included: the value <c>UseHsts</c> recommends once a site is known to work over TLS.</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public const string PermissionsPolicy =
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), fullscreen=(self), geolocation=(), gyroscope=(), " +
        "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(self), screen-wake-lock=(), usb=()";

    public async Task InvokeAsync(HttpContext context)
    {
        var scalarPage = IsScalarPage(context.Request.Path);
        context.Response.OnStarting(() =>
        {
            Apply(context, scalarPage ? null : ContentSecurityPolicy);
            return Task.CompletedTask;
        });
        if (!scalarPage)
        {
            await next(context);
            return;
        }
        // Buffer Scalar's small HTML page so that its inline script can be allowed by hash, not by 'unsafe-inline'.
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            var html = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            context.Response.Headers.ContentSecurityPolicy = ScalarPolicy(html);
        }
        else
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }
        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>The relaxed policy for the Scalar page <paramref name="html"/>: its inline scripts allowed by SHA-256.</summary>
    public static string ScalarPolicy(string html)
    {
        var hashes = InlineScript().Matches(html)
            .Select(m => "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups["body"].Value))) + "'")
            .Distinct(StringComparer.Ordinal);
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, ScalarPolicyTemplate, string.Join(' ', hashes)).Replace("  ", " ", StringComparison.Ordinal);
    }

    private static bool IsScalarPage(PathString path) =>
        path.Equals("/scalar", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/scalar/", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/scalar/index.html", StringComparison.OrdinalIgnoreCase);

    private static void Apply(HttpContext context, string? csp)
    {
        var headers = context.Response.Headers;
        if (csp is not null)
        {
            headers.ContentSecurityPolicy = csp;
        }
        headers.XContentTypeOptions = "nosniff";
        // No referrer at all: URLs carry record ids and search text, which must not leak to any other site.
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        if (context.Request.IsHttps && !IsLoopback(context.Request.Host.Host))
        {
            headers.StrictTransportSecurity = StrictTransportSecurity;
        }
    }

    /// <summary>As <c>UseHsts</c>: never pin HSTS on localhost, where a developer also serves plain HTTP.</summary>
    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    [GeneratedRegex(@"<script(?![^>]*\bsrc\s*=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}

public static class SecurityHeadersExtensions
{
    /// <summary>Adds <see cref="SecurityHeaders"/>; put it first so that error responses carry the headers too.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.UseMiddleware<SecurityHeaders>();
}
