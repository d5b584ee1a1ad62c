using System.Net;
using System.Text;
using System.Text.Json;
using Musubi.Web.Hosting;

namespace Musubi.Web.Tests.Security;

/// <summary>The API limit is lowered here so that a test need not send hundreds of requests.</summary>
public sealed class TightApiLimitFactory : HardenedFactory
{
    protected override void Tune(HardeningOptions options) => options.ApiPermitsPerMinute = 5;
}

public sealed class RateLimitTests(HardenedFactory app) : IClassFixture<HardenedFactory>
{
    [Fact]
    public async Task Sign_in_is_limited_to_ten_attempts_a_minute_per_address_with_a_429_problem_and_retry_after()
    {
        Assert.Equal(10, new HardeningOptions().SignInPermitsPerMinute);
        using var client = app.BrowserClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 11; i++)
        {
            last?.Dispose();
            // Wrong guesses: no token, an unknown account. Each one counts, whatever the outcome.
            last = await client.PostAsync("/login", new StringContent("PrincipalId=nobody", Encoding.UTF8, "application/x-www-form-urlencoded"));
            statuses.Add(last.StatusCode);
        }

        Assert.All(statuses.Take(10), s => Assert.NotEqual(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
        Assert.Equal("application/problem+json", last!.Content.Headers.ContentType?.MediaType);
        var retryAfter = int.Parse(last.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        using var problem = JsonDocument.Parse(await last.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        last.Dispose();

        // Reading pages is not sign-in: still served.
        using var page = await client.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}

public sealed class ApiRateLimitTests(TightApiLimitFactory app) : IClassFixture<TightApiLimitFactory>
{
    [Fact]
    public async Task The_api_is_limited_per_credential()
    {
        using var acquisition = app.ClientAs("us-acq");
        for (var i = 0; i < 5; i++)
        {
            using var ok = await acquisition.GetAsync("/api/organizations?pageSize=1");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await acquisition.GetAsync("/api/organizations?pageSize=1");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        // Another principal has its own allowance; pages are not API calls.
        using var other = app.ClientAs("jp-atla");
        using var otherResponse = await other.GetAsync("/api/organizations?pageSize=1");
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
        using var pageResponse = await acquisition.GetAsync("/registry/organizations");
        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
    }
}
