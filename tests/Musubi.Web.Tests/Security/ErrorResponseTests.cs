using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Musubi.Testing;
using Musubi.Web.Hosting;

namespace Musubi.Web.Tests.Security;

/// <summary>No stack trace, exception text or internal detail reaches a client, in development or production.</summary>
public sealed class ErrorResponseTests(ProductionFactory app) : IClassFixture<ProductionFactory>
{
    [Fact]
    public async Task An_exception_in_an_api_handler_is_a_bare_500_problem()
    {
        using var response = await app.ClientAs("us-acq").GetAsync(HardenedFactory.ThrowingApiPath);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(500, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.TryGetProperty("traceId", out _));
        AssertNothingInternal(body);
        // The exception is in the server's log, for the operator.
        Assert.Contains(app.Logs.Entries, e => e.Raw.Contains(HardenedFactory.SecretInException, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_exception_behind_a_page_is_a_friendly_page()
    {
        using var client = app.ClientAs(null);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        using var response = await client.GetAsync(HardenedFactory.ThrowingPagePath);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Something went wrong", body, StringComparison.Ordinal);
        Assert.Contains("lang=\"ja\"", body, StringComparison.Ordinal);
        AssertNothingInternal(body);
    }

    [Fact]
    public async Task A_missing_page_is_a_friendly_page_and_a_missing_api_resource_a_problem()
    {
        using var browser = app.ClientAs(null);
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var page = await browser.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("does not exist", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var api = await app.ClientAs(null).GetAsync("/api/no/such/thing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/organizations?page=abc", "page", "'abc' is not a whole number")]
    [InlineData("/api/organizations?pageSize=1.5", "pageSize", "'1.5' is not a whole number")]
    [InlineData("/api/priority-requests?overdue=maybe", "overdue", "'maybe' is not true or false")]
    public async Task A_query_value_of_the_wrong_type_is_a_400_naming_the_parameter(string url, string field, string message)
    {
        using var response = await app.ClientAs("us-acq").GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(message, problem.RootElement.GetProperty("errors").GetProperty(field).EnumerateArray().Single().GetString());
        // The answer speaks of the value, not of the parameter's .NET type (Nullable<int>).
        Assert.DoesNotContain("Nullable", body, StringComparison.Ordinal);
        Assert.DoesNotContain("int ", body, StringComparison.Ordinal);
        AssertNothingInternal(body);
        // Bad input is not logged as a server fault.
        Assert.DoesNotContain(app.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error && e.Raw.Contains("abc", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Failed to bind parameter \"Nullable<DateOnly> asOf\" from \"2026-13-01\".", "asOf", "'2026-13-01' is not a date (yyyy-MM-dd)")]
    [InlineData("Failed to bind parameter \"int count\" from \"\".", "count", "'' is not a whole number")]
    [InlineData("Required parameter \"string q\" was not provided from query string.", "q", "is required")]
    public void The_frameworks_binding_messages_become_a_field_and_what_it_expects(string frameworkMessage, string field, string message) =>
        Assert.Equal((field, message), ErrorResponses.ParameterError(frameworkMessage));

    [Fact]
    public void A_long_bad_value_is_cut_and_other_messages_are_left_alone()
    {
        var (_, message) = ErrorResponses.ParameterError($"Failed to bind parameter \"Nullable<int> page\" from \"{new string('9', 100)}\x01\".")!.Value;
        Assert.Equal($"'{new string('9', 40)}…' is not a whole number", message);
        Assert.Null(ErrorResponses.ParameterError("Implicit body inferred for parameter \"x\" but no body was provided."));
    }

    [Fact]
    public async Task A_multipart_body_without_its_boundary_is_a_400()
    {
        var content = new ByteArrayContent("--x\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n--x--\r\n"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");

        using var response = await app.ClientAs("us-acq").PostAsync("/api/import", content);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNothingInternal(body);
    }

    [Theory]
    [InlineData("/api/organizations?q=a%00b", "query q")]
    [InlineData("/api/organizations/a%01b?country=%00", "query country")]
    public async Task A_nul_character_in_the_query_is_a_400_naming_where(string url, string field)
    {
        using var response = await app.ClientAs("us-acq").GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task A_nul_character_in_a_json_body_is_a_400_naming_the_field()
    {
        using var response = await app.ClientAs("us-acq").PostAsync("/api/organizations",
            new StringContent("{\"id\":\"nul-test\",\"kind\":\"a\\u0000b\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("U+0000", problem.RootElement.GetProperty("errors").GetProperty("kind")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/priority-requests", "{\"partId\":\"p-pwb-hdi\",\"quantity\":\"many\"}", "quantity", "expected a number")]
    [InlineData("/api/board/requirements", "{\"title\":\"x\",\"needBy\":true}", "needBy", "expected a date (yyyy-MM-dd)")]
    [InlineData("/api/organizations", "{\"id\":\"typed\",\"defenseRevenueShare\":\"high\"}", "defenseRevenueShare", "expected a number")]
    [InlineData("/api/priority-requests", "[{\"partId\":\"p-pwb-hdi\"}]", "body", "expected an object")]
    [InlineData("/api/programs", "\"a program\"", "body", "expected an object")]
    [InlineData("/api/screening/duplicates/scan", " ", "body", "expected a JSON value, found none")]
    public async Task A_json_value_of_the_wrong_type_is_a_400_in_the_files_terms(string url, string json, string field, string expected)
    {
        // A record read through its constructor makes System.Text.Json name the record's .NET type; the answer names
        // what the field expects instead.
        using var response = await app.ClientAs("us-acq").PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        using var problem = JsonDocument.Parse(body);
        Assert.StartsWith(expected, problem.RootElement.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Musubi.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
    }

    private static void AssertNothingInternal(string body)
    {
        Assert.DoesNotContain(HardenedFactory.SecretInException, body, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", body, StringComparison.Ordinal);
    }
}

/// <summary>The same in development, where ASP.NET Core would otherwise show its developer exception page.</summary>
public sealed class DevelopmentErrorResponseTests(HardenedFactory app) : IClassFixture<HardenedFactory>
{
    [Fact]
    public async Task Development_shows_no_exception_either()
    {
        using var response = await app.ClientAs(null).GetAsync(HardenedFactory.ThrowingApiPath);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }
}

/// <summary>Body limits need the real server (the test server does not enforce them): Kestrel on a free loopback port.</summary>
public sealed class RequestSizeLimitTests : IAsyncLifetime
{
    private TestDatabase? _database;
    private Microsoft.AspNetCore.Builder.WebApplication? _app;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("sqlite");
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _app = MusubiHost.Build(new MusubiHostOptions { Database = _database.Target, Urls = $"http://127.0.0.1:{port}", DemoLogin = true });
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Demo", "us-acq");
    }

    [Fact]
    public async Task A_json_body_over_one_megabyte_is_a_413_problem()
    {
        var json = "{\"name\":\"" + new string('x', (1 << 20) + 10) + "\"}";

        using var response = await _client.PostAsync("/api/organizations", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_over_one_megabyte_is_refused()
    {
        var form = "PrincipalId=" + new string('x', (1 << 20) + 10);

        using var response = await _client.PostAsync("/login", new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}");
    }

    [Fact]
    public async Task The_import_takes_more_than_the_general_limit()
    {
        var csv = "id,name\n" + string.Concat(Enumerable.Repeat("x,yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n", 40_000));
        Assert.True(csv.Length > 2 << 20);
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        using var response = await _client.PostAsync("/api/import?dryRun=true", new MultipartFormDataContent { { file, "organizations.csv", "organizations.csv" } });

        // Read in full and checked by the importer (the rows are not valid organizations), not cut off at 1 MiB.
        var body = await response.Content.ReadAsStringAsync();
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(body.Contains("The import was rejected", StringComparison.Ordinal), $"{(int)response.StatusCode}: {body}");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
