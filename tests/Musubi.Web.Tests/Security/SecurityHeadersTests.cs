using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Musubi.Testing;
using Musubi.Web.Hosting;

namespace Musubi.Web.Tests.Security;

[RunsLong(20)]
public sealed partial class SecurityHeadersTests(HardenedFactory app) : IClassFixture<HardenedFactory>
{
    public static TheoryData<string> Paths => new() { "/", "/login", "/registry/organizations", "/api/organizations", "/css/site.css", "/openapi/v1.json", "/no-such-page", "/api/no-such-thing" };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var response = await app.ClientAs(null).GetAsync(path);

        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.DoesNotContain("unsafe-inline", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Null(Header(response, "Strict-Transport-Security")); // plain HTTP
    }

    [Fact]
    public async Task A_500_also_carries_the_headers()
    {
        using var response = await app.ClientAs(null).GetAsync(HardenedFactory.ThrowingApiPath);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Theory]
    [InlineData("https://musubi.example", true)]
    [InlineData("https://localhost", false)] // as UseHsts: never pinned on a developer's loopback
    [InlineData("http://musubi.example", false)]
    public async Task HSTS_only_over_https(string baseAddress, bool expected)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false });

        using var response = await client.GetAsync("/health");

        Assert.Equal(expected ? SecurityHeaders.StrictTransportSecurity : null, Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task Scalar_gets_a_relaxed_policy_that_allows_only_its_own_inline_script_by_hash()
    {
        using var response = await app.ClientAs(null).GetAsync("/scalar/");
        var html = await response.Content.ReadAsStringAsync();
        var csp = Header(response, "Content-Security-Policy")!;

        var inline = InlineScript().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(inline);
        var scriptSrc = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-inline", scriptSrc, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        foreach (var body in inline)
        {
            Assert.Contains("'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body))) + "'", scriptSrc, StringComparison.Ordinal);
        }
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal(response.Content.Headers.ContentLength, Encoding.UTF8.GetByteCount(html));
    }

    /// <summary>
    /// The strict policy forbids inline script, event-handler attributes and inline styles; the pages must not need
    /// them. Checked in the sources (every .cshtml) and in rendered pages, as anonymous and as a signed-in user.
    /// </summary>
    [Fact]
    public void No_page_source_has_inline_script_handlers_or_styles()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(HardenedFactory.RepositoryRoot(), "src", "Musubi.Web", "Pages"), "*.cshtml", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(pages);
        var offences = pages.SelectMany(p => Offences(File.ReadAllText(p)).Select(o => $"{Path.GetFileName(p)}: {o}")).ToList();
        Assert.Empty(offences);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("us-acq")]
    [InlineData("jp-atla")]
    public async Task No_rendered_page_has_inline_script_handlers_or_styles(string? account)
    {
        using var client = app.ClientAs(account);
        var paths = new List<string> { "/", "/login", "/culture" };
        paths.AddRange(new[] { "organizations", "facilities", "capabilities", "parts", "programs", "requirements", "agreements" }.Select(k => "/registry/" + k));
        var detail = Regex.Match(await client.GetStringAsync("/registry/organizations"), "href=\"(/registry/organizations/[^\"]+)\"");
        Assert.True(detail.Success, "no organization detail link on the list page");
        paths.Add(detail.Groups[1].Value);

        foreach (var path in paths)
        {
            using var response = await client.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            Assert.Empty(Offences(html).Select(o => $"{path}: {o}"));
        }
    }

    [Fact]
    public void The_offence_finder_finds_offences()
    {
        Assert.Equal(4, Offences("<script>alert(1)</script><a onclick=\"x()\"><p style=\"color:red\"><style>p{}</style><script src=\"/js/a.js\"></script>").Count);
    }

    private static List<string> Offences(string html) =>
    [
        .. InlineScript().Matches(html).Select(m => "inline <script>"),
        .. Handler().Matches(html).Select(m => "event handler " + m.Value.Trim()),
        .. StyleAttribute().Matches(html).Select(m => "style attribute"),
        .. StyleBlock().Matches(html).Select(m => "<style> block"),
        .. JavascriptUrl().Matches(html).Select(m => "javascript: URL"),
    ];

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    [GeneratedRegex(@"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\s on[a-z]+\s*=", RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Handler();

    [GeneratedRegex(@"\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex(@"<style[\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex StyleBlock();

    [GeneratedRegex(@"(href|src|action)\s*=\s*[""']?\s*javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex JavascriptUrl();
}
