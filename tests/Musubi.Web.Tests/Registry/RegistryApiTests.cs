using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Musubi.Web.Tests.Registry;

public sealed class RegistryApiTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Health_Returns200()
    {
        var response = await factory.ClientAs(null).GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_DescribesTheRegistryEndpoints()
    {
        var document = await factory.ClientAs(null).GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/organizations", "/api/organizations/{id}", "/api/facilities", "/api/capabilities", "/api/parts", "/api/programs", "/api/requirements", "/api/agreements", "/api/import", "/api/export" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task List_SearchAndPaging_ReturnsAPage()
    {
        var page = await factory.ClientAs("us-acq").GetFromJsonAsync<JsonElement>("/api/organizations?q=mitsubishi&pageSize=2&sort=-name");

        Assert.True(page.GetProperty("total").GetInt32() >= 3);
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        var names = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("names")[0].GetProperty("value").GetString()).ToList();
        Assert.Equal(names.OrderByDescending(n => n, StringComparer.Ordinal), names);
    }

    [Theory]
    [InlineData("/api/organizations?sort=bogus", "sort")]
    [InlineData("/api/organizations?pageSize=100000", "pageSize")]
    [InlineData("/api/organizations?country=Japan", "country")]
    [InlineData("/api/organizations?kind=pirate", "kind")]
    public async Task List_BadQuery_Returns400NamingTheParameter(string url, string field)
    {
        var response = await factory.ClientAs(null).GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Get_Unknown_Returns404Problem()
    {
        var response = await factory.ClientAs("us-acq").GetAsync("/api/organizations/no-such-org");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await ProblemAsync(response);
    }

    [Fact]
    public async Task Create_Anonymous_Returns401()
    {
        var response = await factory.ClientAs(null).PostAsync("/api/organizations", Json("{}"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"id":"t-1","kind":"supplier","country":"ZZ","names":[{"lang":"en","value":"T"}]}""", "country")]
    [InlineData("""{"id":"t-1","kind":"pirate","country":"JP","names":[{"lang":"en","value":"T"}]}""", "kind")]
    [InlineData("""{"id":"t 1","kind":"supplier","country":"JP","names":[{"lang":"en","value":"T"}]}""", "id")]
    [InlineData("""{"id":"t-1","kind":"supplier","country":"JP","names":[{"lang":"en","value":"T"}],"colour":"red"}""", "colour")]
    [InlineData("""{"id":"t-1","kind":"supplier","country":"JP","names":[{"lang":"en","value":"T"}],"identifiers":[{"scheme":"jcn","value":"3000012345678"}]}""", "identifiers")]
    [InlineData("""{"id":"t-1","kind":"supplier","country":"JP","names":[{"lang":"en","value":"T"}],"parentId":"nobody"}""", "parentId")]
    [InlineData("""{"id":"t-1","kind":"supplier","country":"JP","names":[{"lang":"en","value":"T"}],"defenseRevenueShare":"lots"}""", "defenseRevenueShare")]
    [InlineData("""{"id":"t-1", "kind": """, "kind")]
    // Found by the API fuzz test (a 500): a JSON null inside a list.
    [InlineData("""{"id":"t-1","kind":"supplier","country":"JP","names":[{"lang":"en","value":"T"}],"certifications":[null]}""", "certifications")]
    [InlineData("""{"id":"t-1","kind":"supplier","country":"JP","names":[{"lang":"en","value":"T"}],"identifiers":[null]}""", "identifiers")]
    [InlineData("""{"id":"t-1","kind":"supplier","country":"JP","names":[null,{"lang":"en","value":"T"}]}""", "names")]
    public async Task Create_BadRecord_Returns400NamingTheField(string body, string field)
    {
        var response = await factory.ClientAs("us-acq").PostAsync("/api/organizations", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }

    [Fact]
    public async Task Update_WithIfMatch_SucceedsOnceThenReturns412()
    {
        var client = factory.ClientAs("us-acq");
        var created = await client.PostAsync("/api/organizations",
            Json("""{"id":"etag-test","kind":"supplier","country":"JP","names":[{"lang":"en","value":"ETag Test KK","primary":true}]}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var etag = created.Headers.ETag!.Tag;

        using var first = new HttpRequestMessage(HttpMethod.Put, "/api/organizations/etag-test")
        {
            Content = Json("""{"kind":"supplier","country":"JP","names":[{"lang":"en","value":"ETag Test Co., Ltd.","primary":true}]}"""),
        };
        first.Headers.IfMatch.ParseAdd(etag);
        var updated = await client.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(etag, updated.Headers.ETag!.Tag);

        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/organizations/etag-test")
        {
            Content = Json("""{"kind":"supplier","country":"JP","names":[{"lang":"en","value":"Lost update","primary":true}]}"""),
        };
        stale.Headers.IfMatch.ParseAdd(etag);
        var conflict = await client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, conflict.StatusCode);
        await ProblemAsync(conflict);

        var now = await client.GetFromJsonAsync<JsonElement>("/api/organizations/etag-test");
        Assert.Equal("ETag Test Co., Ltd.", now.GetProperty("names")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Delete_ReferencedOrganization_Returns409AndKeepsIt()
    {
        var client = factory.ClientAs("us-acq");

        var response = await client.DeleteAsync("/api/organizations/mhi");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/organizations/mhi")).StatusCode);
    }

    [Fact]
    public async Task Create_RecordTheWriterCouldNotRead_IsRejected()
    {
        var response = await factory.ClientAs("jp-atla").PostAsync("/api/organizations",
            Json("""{"id":"nf-1","kind":"supplier","country":"US","names":[{"lang":"en","value":"X"}],"marking":"CUI//NOFORN"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty("marking", out _));
    }

    [Fact]
    public async Task AnyRequest_UnknownDemoAccount_Returns401()
    {
        var response = await factory.ClientAs("nobody").GetAsync("/api/organizations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("nobody", (await ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NameLongerThanItsColumn_Returns400NamingTheField()
    {
        var name = new string('a', 301);
        var response = await factory.ClientAs("us-acq").PostAsync("/api/organizations",
            Json($$"""{"id":"long-name","kind":"supplier","country":"JP","names":[{"lang":"en","value":"{{name}}"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Create_ProgramWithRepeatedWorkPackage_Returns400_AndTwoProgramsMayShareAPackageId()
    {
        var client = factory.ClientAs("us-acq");

        var repeated = await client.PostAsync("/api/programs", Json(
            """{"id":"wp-dup","kind":"research","names":[{"lang":"en","value":"P"}],"workPackages":[{"id":"w","name":"a"},{"id":"w","name":"b"}]}"""));
        var first = await client.PostAsync("/api/programs", Json(
            """{"id":"wp-a","kind":"research","names":[{"lang":"en","value":"A"}],"workPackages":[{"id":"wp-1","name":"Seeker"}]}"""));
        var second = await client.PostAsync("/api/programs", Json(
            """{"id":"wp-b","kind":"research","names":[{"lang":"en","value":"B"}],"workPackages":[{"id":"wp-1","name":"Motor"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, repeated.StatusCode);
        Assert.True((await ProblemAsync(repeated)).GetProperty("errors").TryGetProperty("workPackages", out _));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
    }
}
