using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Musubi.Web.Tests.Security;

/// <summary>Every form post checks the antiforgery token; a cookie session cannot be used cross-site against the API.</summary>
public sealed class AntiforgeryTests(HardenedFactory app) : IClassFixture<HardenedFactory>
{
    [Fact]
    public void No_page_or_endpoint_opts_out_of_antiforgery_except_the_header_authenticated_import()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(HardenedFactory.RepositoryRoot(), "src"), "*.cs*", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => (Path: p, Text: File.ReadAllText(p)))
            .ToList();

        Assert.Empty(sources.Where(s => s.Text.Contains("IgnoreAntiforgeryToken", StringComparison.Ordinal)).Select(s => s.Path));
        // The import opts out of the form-binding check because UseApiCsrfProtection covers cookie sessions for all of /api.
        Assert.All(sources.Where(s => s.Text.Contains(".DisableAntiforgery()", StringComparison.Ordinal)),
            s => Assert.EndsWith("ImportExportEndpoints.cs", s.Path, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/login?handler=Demo", "PrincipalId=us-acq")]
    [InlineData("/culture", "culture=ja")]
    [InlineData("/logout", "")]
    public async Task A_form_post_without_its_token_is_refused(string path, string form)
    {
        using var client = app.BrowserClient();
        await client.GetAsync(path); // the antiforgery cookie is set; the token is what a forged post lacks

        using var response = await client.PostAsync(path, new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("musubi.session", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_form_post_with_its_token_goes_through()
    {
        using var client = app.BrowserClient();

        await HardenedFactory.SignInAsync(client, "us-acq"); // asserts the redirect after a valid post

        Assert.Contains("data-testid=\"user\"", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_session_cannot_import_without_the_antiforgery_token()
    {
        using var client = app.BrowserClient();
        await HardenedFactory.SignInAsync(client, "us-acq");

        using var forged = await client.PostAsync("/api/import?dryRun=true", ImportForm());

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await forged.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("RequestVerificationToken", out _));
    }

    [Fact]
    public async Task A_cookie_session_cannot_write_records_without_the_token_either()
    {
        using var client = app.BrowserClient();
        await HardenedFactory.SignInAsync(client, "us-acq");

        using var forged = await client.DeleteAsync("/api/organizations/does-not-matter");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("RequestVerificationToken", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_session_with_the_token_reaches_the_endpoint()
    {
        using var client = app.BrowserClient();
        var token = await HardenedFactory.SignInAsync(client, "us-acq");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/organizations") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("RequestVerificationToken", token);

        using var response = await client.SendAsync(request);

        // The endpoint answers (a 400 naming the missing fields), not the CSRF check.
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("RequestVerificationToken", body, StringComparison.Ordinal);
        Assert.Contains("\"errors\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_another_session_is_refused()
    {
        using var attacker = app.BrowserClient();
        var attackersToken = await HardenedFactory.SignInAsync(attacker, "jp-atla");
        using var victim = app.BrowserClient();
        await HardenedFactory.SignInAsync(victim, "us-acq");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/import?dryRun=true") { Content = ImportForm() };
        request.Headers.Add("RequestVerificationToken", attackersToken);

        using var response = await victim.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("RequestVerificationToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Header_authenticated_clients_need_no_token()
    {
        using var client = app.ClientAs("us-acq");

        using var response = await client.PostAsync("/api/import?dryRun=true", ImportForm());

        Assert.DoesNotContain("RequestVerificationToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site_strict()
    {
        using var client = app.BrowserClient();
        var token = await HardenedFactory.FormTokenAsync(client, "/login");

        using var response = await client.PostAsync("/login?handler=Demo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["PrincipalId"] = "us-acq",
            ["__RequestVerificationToken"] = token,
        }));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith("musubi.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    private static MultipartFormDataContent ImportForm()
    {
        var file = new ByteArrayContent("id,name\nx,y\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "organizations.csv", "organizations.csv" } };
    }
}
