using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Musubi.Web.Tests.Transfers;

/// <summary>Cases from ../shared/examples/transfer_cases.json: the Patriot pair straddles the 2023-12-22 revision.</summary>
internal static class Cases
{
    public const string PatriotAfter = """
        {"id":"PATRIOT-TO-US-2023","date":"2023-12-22","from":"JP","to":"US",
         "item":{"name":"PAC-3 interceptors made in Japan under U.S. licence","kind":"finished_equipment","weapon":true,
                 "origin":"US","licensor":"US","madeIn":"JP","program":"Patriot"},
         "channel":"government","recipient":"government","valueUsd":19500000}
        """;

    public const string PatriotBefore = """
        {"id":"PATRIOT-TO-US-BEFORE-REVISION","date":"2023-12-01","from":"JP","to":"US",
         "item":{"name":"PAC-3 interceptors made in Japan under U.S. licence","kind":"finished_equipment","weapon":true,
                 "origin":"US","licensor":"US","madeIn":"JP","program":"Patriot"},
         "channel":"government","recipient":"government"}
        """;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

public sealed class TransfersApiTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    [Fact]
    public async Task Evaluate_OneCase_ReturnsTheContractShape()
    {
        var response = await factory.ClientAs(null).PostAsync("/api/transfers/evaluate", Cases.Json(Cases.PatriotAfter));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("sha256:", response.Headers.GetValues("X-Rule-Set").Single(), StringComparison.Ordinal);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Object, result.ValueKind);
        Assert.Equal("PATRIOT-TO-US-2023", result.GetProperty("id").GetString());
        Assert.Equal("2023-12-22", result.GetProperty("asOf").GetString());
        Assert.NotEqual("prohibited", result.GetProperty("verdict").GetString());
        var gates = result.GetProperty("gates").EnumerateArray().ToList();
        var jp = Assert.Single(gates, g => g.GetProperty("jurisdiction").GetString() == "JP");
        Assert.All(jp.GetProperty("rules").EnumerateArray(), r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("citation").GetString())));
        Assert.Contains(gates, g => g.GetProperty("jurisdiction").GetString() == "US");
        Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("explanation").GetString()));
    }

    [Fact]
    public async Task Evaluate_Array_AnswersEachCaseInOrder()
    {
        var response = await factory.ClientAs(null).PostAsync("/api/transfers/evaluate", Cases.Json($"[{Cases.PatriotBefore},{Cases.PatriotAfter}]"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal("PATRIOT-TO-US-BEFORE-REVISION", results[0].GetProperty("id").GetString());
        Assert.Equal("prohibited", results[0].GetProperty("verdict").GetString());
        Assert.NotEqual("prohibited", results[1].GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Evaluate_AsOf_EvaluatesOnThatDateInstead()
    {
        var response = await factory.ClientAs(null).PostAsync("/api/transfers/evaluate?asOf=2023-12-01", Cases.Json(Cases.PatriotAfter));

        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2023-12-01", result.GetProperty("asOf").GetString());
        Assert.Equal("prohibited", result.GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData("""{"date":"2024-01-01","from":"JP","to":"ZZ","item":{"kind":"component"}}""", "", "to", "valid values")]
    [InlineData("""{"from":"JP","to":"US","item":{"kind":"component"}}""", "", "date", null)]
    [InlineData("""{"date":"1960-05-01","from":"JP","to":"US","item":{"kind":"component"}}""", "", "date", "1967")]
    [InlineData("""{"date":"2099-05-01","from":"JP","to":"US","item":{"kind":"component"}}""", "", "date", "10 years")]
    [InlineData("""{"date":"2024-01-01","from":"JP","to":"US","item":{"kind":"spaceship"}}""", "", "item.kind", "component")]
    [InlineData("""[{"date":"2024-01-01","from":"JP","to":"US","item":{"kind":"component"}},{"date":"2024-01-01","from":"JP","to":"US","item":{}}]""", "", "[1].item.kind", null)]
    [InlineData("{\"date\":\"2024-01-01\",\n \"from\": \"JP\",,}", "", "json", "line 2")]
    [InlineData("""{"date":"2024-01-01","from":"JP","to":"US","item":{"kind":"component"}}""", "?asOf=1900-01-01", "asOf", "1967")]
    [InlineData("""{"date":"2024-01-01","from":"JP","to":"US","item":{"kind":"component"}}""", "?asOf=yesterday", "asOf", "YYYY-MM-DD")]
    public async Task Evaluate_BadInput_Returns400NamingTheField(string body, string query, string field, string? says)
    {
        var response = await factory.ClientAs(null).PostAsync("/api/transfers/evaluate" + query, Cases.Json(body));

        var errors = await ErrorsAsync(response);
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error on '{field}': {errors}");
        if (says is not null)
        {
            Assert.Contains(says, messages.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Evaluate_NotJson_Returns415()
    {
        var response = await factory.ClientAs(null).PostAsync("/api/transfers/evaluate", new StringContent("date=2024-01-01", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Timeline_ListsTheRevisionThatChangedTheVerdict()
    {
        var body = $$"""{"case": {{Cases.PatriotAfter}}, "from": "2023-01-01", "to": "2024-12-31"}""";

        var response = await factory.ClientAs(null).PostAsync("/api/transfers/timeline", Cases.Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var timeline = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("prohibited", timeline.GetProperty("initial").GetProperty("verdict").GetString());
        var change = Assert.Single(timeline.GetProperty("changes").EnumerateArray(), c => c.GetProperty("date").GetString() == "2023-12-22");
        Assert.NotEqual("prohibited", change.GetProperty("verdict").GetString());
        Assert.NotEmpty(change.GetProperty("rules").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"case": {"date":"2024-01-01","from":"JP","to":"US","item":{"kind":"component"}}, "to": "2024-12-31"}""", "from")]
    [InlineData("""{"case": {"date":"2024-01-01","from":"JP","to":"US","item":{"kind":"component"}}, "from": "2024-01-01", "to": "2023-12-31"}""", "to")]
    [InlineData("""{"case": {"date":"2024-01-01","from":"JP","to":"US","item":{"kind":"component"}}, "from": "1900-01-01", "to": "2023-12-31"}""", "from")]
    [InlineData("""{"case": {"date":"2024-01-01","from":"JP","to":"US","item":{"kind":"rocket"}}, "from": "2020-01-01", "to": "2023-12-31"}""", "case.item.kind")]
    [InlineData("""{"from": "2020-01-01", "to": "2023-12-31"}""", "case")]
    [InlineData("""{"case": {}, "from": "2020-01-01", "to": "2023-12-31", "colour": "red"}""", "colour")]
    [InlineData("""{"case": {"date":"2024-01-01",""", "body")]
    public async Task Timeline_BadBody_Returns400NamingTheField(string body, string field)
    {
        var response = await factory.ClientAs(null).PostAsync("/api/transfers/timeline", Cases.Json(body));

        var errors = await ErrorsAsync(response);
        Assert.True(errors.TryGetProperty(field, out _), $"no error on '{field}': {errors}");
    }

    [Fact]
    public async Task Timeline_CaseErrorsKeepTheBodysLineNumbers()
    {
        var body = "{\"from\": \"2020-01-01\", \"to\": \"2023-12-31\",\n\"case\":\n  {\"date\":\"2024-01-01\",\"from\":\"JP\",\"to\":\"US\",\"item\":{\"kind\":\"component\"},,}}";

        var errors = await ErrorsAsync(await factory.ClientAs(null).PostAsync("/api/transfers/timeline", Cases.Json(body)));

        Assert.Contains("line 3", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_FilterByJurisdictionAndDate_GivesRulesInForceWithCitations()
    {
        var all = await factory.ClientAs(null).GetFromJsonAsync<JsonElement>("/api/rules");
        var jp2010 = await factory.ClientAs(null).GetFromJsonAsync<JsonElement>("/api/rules?jurisdiction=jp&asOf=2010-06-01");

        Assert.StartsWith("sha256:", all.GetProperty("hash").GetString(), StringComparison.Ordinal);
        var rules = jp2010.GetProperty("rules").EnumerateArray().ToList();
        Assert.NotEmpty(rules);
        Assert.True(rules.Count < all.GetProperty("count").GetInt32());
        Assert.Equal(rules.Count, jp2010.GetProperty("count").GetInt32());
        var day = new DateOnly(2010, 6, 1);
        Assert.All(rules, r =>
        {
            Assert.Equal("JP", r.GetProperty("jurisdiction").GetString());
            Assert.True(DateOnly.Parse(r.GetProperty("effectiveFrom").GetString()!, System.Globalization.CultureInfo.InvariantCulture) <= day);
            var to = r.GetProperty("effectiveTo");
            Assert.True(to.ValueKind == JsonValueKind.Null || DateOnly.Parse(to.GetString()!, System.Globalization.CultureInfo.InvariantCulture) > day);
            Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("citation").GetString()));
            Assert.Contains(r.GetProperty("effect").GetString(), new[] { "allow", "allow_with_approvals", "deny", "require" });
        });
        // The 2014 Three Principles were not in force in 2010.
        Assert.DoesNotContain(rules, r => r.GetProperty("effectiveFrom").GetString() == "2014-04-01");
    }

    [Theory]
    [InlineData("/api/rules?jurisdiction=XX", "jurisdiction")]
    [InlineData("/api/rules?asOf=2010-13-01", "asOf")]
    [InlineData("/api/transfers/checks?verdict=maybe", "verdict")]
    [InlineData("/api/transfers/checks?pageSize=0", "pageSize")]
    public async Task Get_BadQuery_Returns400NamingTheParameter(string url, string field)
    {
        var errors = await ErrorsAsync(await factory.ClientAs(null).GetAsync(url));
        Assert.True(errors.TryGetProperty(field, out _), $"no error on '{field}': {errors}");
    }

    [Fact]
    public async Task OpenApi_DescribesTheTransferEndpoints()
    {
        var document = await factory.ClientAs(null).GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/transfers/evaluate", "/api/transfers/timeline", "/api/rules", "/api/transfers/checks", "/api/transfers/checks/{id}", "/api/transfers/checks/{id}/reproduce" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
    }
}
