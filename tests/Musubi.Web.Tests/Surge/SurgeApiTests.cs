using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Surge;

namespace Musubi.Web.Tests.Surge;

/// <summary>The <c>/api/surge</c> routes on the demo registry: plans and rates, saved runs readable by their creator only, and every bad input a 400 naming the field.</summary>
public sealed class SurgeApiTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task BadRequestAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(text).RootElement;
        Assert.True(root.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for {field}: {text}");
        Assert.NotEqual(0, messages.GetArrayLength());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Plan_TheDemoInterceptor_TwoScenariosSideBySide()
    {
        var root = await OkAsync(await factory.ClientAs("us-acq").PostAsync("/api/surge/plan", Json("""
            { "items": ["p-int"], "months": 36, "scenarios": [ {}, { "remove": ["country:JP"] } ] }
            """)));

        Assert.Equal(JsonValueKind.Null, root.GetProperty("runId").ValueKind);
        var plans = root.GetProperty("plans").EnumerateArray().ToList();
        Assert.Equal(2, plans.Count);
        Assert.Equal("baseline", plans[0].GetProperty("scenario").GetString());
        Assert.Equal("without country:JP", plans[1].GetProperty("scenario").GetString());
        Assert.Equal("optimal", plans[0].GetProperty("status").GetString());
        Assert.True(plans[0].GetProperty("delivered").GetDouble() > 0);
        // The interceptor's lead times hold two years in flight; losing Japan's shroud shows once that pipeline drains.
        Assert.True(plans[1].GetProperty("delivered").GetDouble() < plans[0].GetProperty("delivered").GetDouble());
        Assert.Equal(0, plans[1].GetProperty("maxMonthlyRate").GetDouble());
        var schedule = plans[0].GetProperty("schedule").EnumerateArray().ToList();
        Assert.Equal(36, schedule.Count);
        Assert.All(schedule, d => Assert.Equal("p-int", d.GetProperty("item").GetString()));
        Assert.Equal(36, root.GetProperty("question").GetProperty("months").GetInt32());
        await using var db = factory.Database.NewContext(AccessScope.System);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Type == SurgeAuditTypes.Planned && e.PrincipalId == "us-acq" && e.Object == "surge/p-int"));
    }

    [Fact]
    public async Task Rate_TheDemoInterceptor()
    {
        var root = await OkAsync(await factory.ClientAs("us-acq").PostAsync("/api/surge/rate", Json("""{ "items": ["p-int"] }""")));

        Assert.True(root.GetProperty("maxMonthlyRate").GetDouble() > 0);
        Assert.Equal("p-int", root.GetProperty("perItem")[0].GetProperty("item").GetString());
    }

    [Theory]
    [InlineData("""{ "items": ["p-int"], "months": 121 }""", "months")]
    [InlineData("""{ "items": ["p-int"], "months": 0 }""", "months")]
    [InlineData("""{ "items": ["p-nothing"] }""", "items")]
    [InlineData("""{ "items": [] }""", "items")]
    [InlineData("""{ "items": ["p-int"], "objective": "fastest" }""", "objective")]
    [InlineData("""{ "items": ["p-int"], "objective": "cost" }""", "target")]
    [InlineData("""{ "items": ["p-int"], "objective": "cost", "target": 5 }""", "by")]
    [InlineData("""{ "items": ["p-int"], "objective": "shortfall" }""", "demand")]
    [InlineData("""{ "items": ["p-int"], "stocks": [ { "partId": "p-int", "facilityId": "rtx-tucson", "quantity": -1 } ] }""", "stocks[0].quantity")]
    [InlineData("""{ "items": ["p-int"], "demand": [ { "partId": "p-int", "month": 1, "quantity": -2 } ] }""", "demand[0].quantity")]
    [InlineData("""{ "items": ["p-int"], "demand": [ { "partId": "p-int", "month": 1, "quantity": 2, "priority": 9 } ] }""", "demand[0].priority")]
    [InlineData("""{ "items": ["p-int"], "expansions": [ { "id": "x", "offerId": "o-p-int--rtx-tucson", "extraPerMonth": -3, "costUsd": 1, "monthsUntilAvailable": 1 } ] }""", "expansions[0].extraPerMonth")]
    [InlineData("""{ "items": ["p-int"], "expansions": [ { "id": "x", "offerId": "o-nothing", "extraPerMonth": 3, "costUsd": 1, "monthsUntilAvailable": 1 } ] }""", "expansions[0].offerId")]
    [InlineData("""{ "items": ["p-int"], "scenarios": [ { "remove": ["galaxy:far"] } ] }""", "scenarios[0].remove")]
    [InlineData("""{ "items": ["p-int"], "scenarios": [ {}, { "qualify": ["country:ZZ"] } ] }""", "scenarios[1].qualify")]
    [InlineData("""{ "items": ["p-int"], "scenarios": [ { "demandFactor": -1 } ] }""", "scenarios[0].demandFactor")]
    [InlineData("""{ "items": ["p-int"], "scenarios": [ { "name": "a" }, { "name": "a" } ] }""", "scenarios[1].name")]
    [InlineData("""{ "items": ["p-int"], "months": "soon" }""", "months")]
    [InlineData("""{ "items": ["p-int"], "colour": "red" }""", "colour")]
    [InlineData("""{ "items": ["p-int"], "save": true, "name": "line one\nline two" }""", "name")]
    public async Task Plan_BadInput_400NamingTheField(string body, string field)
    {
        await BadRequestAsync(await factory.ClientAs("us-acq").PostAsync("/api/surge/plan", Json(body)), field);
    }

    [Theory]
    [InlineData("""{ "items": ["p-nothing"] }""", "items")]
    [InlineData("""{ "items": ["p-int"], "remove": ["country"] }""", "remove")]
    [InlineData("""{ "items": ["p-int"], "withExpansions": true }""", "withExpansions")]
    public async Task Rate_BadInput_400NamingTheField(string body, string field)
    {
        await BadRequestAsync(await factory.ClientAs("us-acq").PostAsync("/api/surge/rate", Json(body)), field);
    }

    [Fact]
    public async Task Runs_SavedRunIsReadByItsCreatorOnly_NotByAdministratorsOrOthers()
    {
        var owner = factory.ClientAs("us-acq");
        var saved = await OkAsync(await owner.PostAsync("/api/surge/plan", Json("""
            { "items": ["p-int"], "months": 6, "save": true, "name": "Interceptor surge, six months" }
            """)));
        var id = saved.GetProperty("runId").GetString()!;

        var list = await OkAsync(await owner.GetAsync("/api/surge/runs"));
        var run = await OkAsync(await owner.GetAsync($"/api/surge/runs/{id}"));
        var briefing = await owner.GetAsync($"/api/surge/runs/{id}/briefing");
        var adminList = await OkAsync(await factory.ClientAs("admin").GetAsync("/api/surge/runs"));
        var adminRun = await factory.ClientAs("admin").GetAsync($"/api/surge/runs/{id}");
        var other = factory.ClientAs("jp-atla");
        var otherList = await OkAsync(await other.GetAsync("/api/surge/runs"));
        var otherRun = await other.GetAsync($"/api/surge/runs/{id}");
        var otherBriefing = await other.GetAsync($"/api/surge/runs/{id}/briefing");
        var anonymous = await factory.ClientAs(null).GetAsync("/api/surge/runs");

        Assert.StartsWith("SG-", id, StringComparison.Ordinal);
        Assert.Contains(list.GetProperty("runs").EnumerateArray(), r => r.GetProperty("id").GetString() == id && r.GetProperty("name").GetString() == "Interceptor surge, six months");
        Assert.Equal("us-acq", run.GetProperty("run").GetProperty("createdBy").GetString());
        Assert.Equal(["p-int"], run.GetProperty("question").GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(6, run.GetProperty("plans")[0].GetProperty("schedule").GetArrayLength());
        Assert.Equal(saved.GetProperty("plans")[0].GetProperty("delivered").GetDouble(), run.GetProperty("plans")[0].GetProperty("delivered").GetDouble());
        Assert.Equal(HttpStatusCode.OK, briefing.StatusCode);
        Assert.Equal("text/markdown", briefing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# Surge-production briefing: Interceptor surge, six months", await briefing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(adminList.GetProperty("runs").EnumerateArray(), r => r.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.NotFound, adminRun.StatusCode);
        Assert.DoesNotContain(otherList.GetProperty("runs").EnumerateArray(), r => r.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.NotFound, otherRun.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherBriefing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await using var db = factory.Database.NewContext(AccessScope.System);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Type == SurgeAuditTypes.Saved && e.PrincipalId == "us-acq" && e.Object == "surge/runs/" + id));
    }

    [Fact]
    public async Task Runs_UnknownId_404()
    {
        var response = await factory.ClientAs("us-acq").GetAsync("/api/surge/runs/SG-20260101-nothing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
