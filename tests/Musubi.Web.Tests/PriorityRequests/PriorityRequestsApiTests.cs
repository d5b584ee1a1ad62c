using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Musubi.Web.Tests.PriorityRequests;

/// <summary>
/// The <c>/api/priority-requests</c> and <c>/api/notifications</c> routes on the demo: shapes, a request taken through the
/// workflow by its parties, 409 for an action out of order, 403 for a party that may not act, 404 for a request the
/// caller may not see, every bad input a 400 keyed by its field, and nothing at all for readers who are no party.
/// </summary>
public sealed class PriorityRequestsApiTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    private static async Task<JsonElement> StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    private static async Task<IReadOnlyList<string>> BadRequestAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Day(int days) =>
        DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Body(int quantity = 250, string supplier = "hokuriku-wiring", int neededIn = 90, string justification = "Illustrative API test") =>
        $$"""{ "partId": "p-pwb-rf", "quantity": {{quantity}}, "supplierOrganizationId": "{{supplier}}", "neededBy": "{{Day(neededIn)}}", "justification": "{{justification}}", "priority": "urgent" }""";

    private async Task<string> CreateAsync()
    {
        var response = await factory.ClientAs("us-acq").PostAsync("/api/priority-requests", Json(Body()));
        var root = await StatusAsync(response, HttpStatusCode.Created);
        var id = root.GetProperty("id").GetString()!;
        Assert.Equal($"/api/priority-requests/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    private Task<HttpResponseMessage> ActAsync(string who, string id, string body) =>
        factory.ClientAs(who).PostAsync($"/api/priority-requests/{id}/transitions", Json(body));

    [Fact]
    public async Task Workflow_ThroughThePartiesWithCommentsNotificationsAndImpact()
    {
        var id = await CreateAsync();
        var draft = await StatusAsync(await factory.ClientAs("us-acq").GetAsync($"/api/priority-requests/{id}"), HttpStatusCode.OK);
        Assert.Equal("draft", draft.GetProperty("state").GetString());
        Assert.Equal(["submit", "withdraw"], draft.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("requesting_government", draft.GetProperty("readerParty").GetString());
        // A draft is the requesting government's alone.
        await StatusAsync(await factory.ClientAs("jp-atla").GetAsync($"/api/priority-requests/{id}"), HttpStatusCode.NotFound);

        await StatusAsync(await ActAsync("us-acq", id, """{ "action": "submit" }"""), HttpStatusCode.OK);
        var conflict = await StatusAsync(await ActAsync("jp-atla", id, """{ "action": "forward" }"""), HttpStatusCode.Conflict);
        Assert.StartsWith("transition not allowed from submitted", conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var forbidden = await StatusAsync(await ActAsync("us-acq", id, """{ "action": "review" }"""), HttpStatusCode.Forbidden);
        Assert.StartsWith("program_manager of US may not review", forbidden.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await StatusAsync(await ActAsync("jp-bizdev", id, """{ "action": "review" }"""), HttpStatusCode.NotFound); // not forwarded yet
        await StatusAsync(await ActAsync("gb-partner", id, """{ "action": "review" }"""), HttpStatusCode.NotFound);

        // jp-atla was told of the submission (feed and unread count).
        var feed = await StatusAsync(await factory.ClientAs("jp-atla").GetAsync("/api/notifications"), HttpStatusCode.OK);
        var notice = feed.GetProperty("notifications").EnumerateArray().First(n => n.GetProperty("requestId").GetString() == id);
        Assert.Equal("transition", notice.GetProperty("kind").GetString());
        Assert.True(feed.GetProperty("unread").GetInt32() >= 1);
        var noticeId = notice.GetProperty("id").GetString()!;
        await StatusAsync(await factory.ClientAs("us-acq").PostAsync($"/api/notifications/{noticeId}/read", null), HttpStatusCode.NotFound);
        await StatusAsync(await factory.ClientAs("jp-atla").PostAsync($"/api/notifications/{noticeId}/read", null), HttpStatusCode.NoContent);

        Assert.Equal(["reason"], await BadRequestAsync(await ActAsync("jp-atla", id, """{ "action": "reject" }""")));
        Assert.Equal(["action"], await BadRequestAsync(await ActAsync("jp-atla", id, """{ "action": "approve" }""")));
        await StatusAsync(await ActAsync("jp-atla", id, """{ "action": "review" }"""), HttpStatusCode.OK);
        await StatusAsync(await ActAsync("jp-atla", id, """{ "action": "forward", "note": "to Hokuriku" }"""), HttpStatusCode.OK);
        Assert.Equal(["promisedDate"], await BadRequestAsync(await ActAsync("jp-bizdev", id, """{ "action": "accept" }""")));
        Assert.Equal(["quantity"], await BadRequestAsync(await ActAsync("jp-bizdev", id, $$"""{ "action": "accept_partial", "promisedDate": "{{Day(60)}}", "quantity": 250 }""")));
        var accepted = await StatusAsync(await ActAsync("jp-bizdev", id, $$"""{ "action": "accept", "promisedDate": "{{Day(120)}}" }"""), HttpStatusCode.OK);
        Assert.Equal("accepted", accepted.GetProperty("state").GetString());
        Assert.True(accepted.GetProperty("promisedLate").GetBoolean()); // 120 days out, needed in 90
        Assert.Equal(Day(120), accepted.GetProperty("dueAt").GetString());

        var comment = await StatusAsync(await factory.ClientAs("jp-bizdev").PostAsync($"/api/priority-requests/{id}/comments", Json("""{ "text": "Lot 1 ships next week." }""")), HttpStatusCode.Created);
        Assert.Equal("jp-bizdev", comment.GetProperty("by").GetString());
        Assert.Equal(["text"], await BadRequestAsync(await factory.ClientAs("jp-bizdev").PostAsync($"/api/priority-requests/{id}/comments", Json("""{ "text": "  " }"""))));
        var comments = await StatusAsync(await factory.ClientAs("us-acq").GetAsync($"/api/priority-requests/{id}/comments"), HttpStatusCode.OK);
        Assert.Equal("Lot 1 ships next week.", comments.GetProperty("comments")[0].GetProperty("text").GetString());
        await StatusAsync(await factory.ClientAs("gb-partner").GetAsync($"/api/priority-requests/{id}/comments"), HttpStatusCode.NotFound);

        var done = await StatusAsync(await ActAsync("us-acq", id, """{ "action": "fulfil" }"""), HttpStatusCode.OK);
        Assert.Equal(["create", "submit", "review", "forward", "accept", "fulfil"], done.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("action").GetString()));

        var impact = await StatusAsync(await factory.ClientAs("us-acq").GetAsync($"/api/priority-requests/{id}/impact"), HttpStatusCode.OK);
        Assert.Equal("p-pwb-rf", impact.GetProperty("partId").GetString());
        foreach (var key in new[] { "computed", "partInNetwork", "canMeet", "slips", "notes", "neededByMonthLabel" })
        {
            Assert.True(impact.TryGetProperty(key, out _), key);
        }
        await StatusAsync(await factory.ClientAs("gb-partner").GetAsync($"/api/priority-requests/{id}/impact"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_BadInput_400KeyedByField()
    {
        var client = factory.ClientAs("us-acq");
        Assert.Equal(["quantity"], await BadRequestAsync(await client.PostAsync("/api/priority-requests", Json(Body(quantity: 0)))));
        Assert.Equal(["neededBy"], await BadRequestAsync(await client.PostAsync("/api/priority-requests", Json(Body(neededIn: -1)))));
        Assert.Equal(["supplierOrganizationId"], await BadRequestAsync(await client.PostAsync("/api/priority-requests", Json(Body(supplier: "no-such-org")))));
        Assert.Equal(["justification"], await BadRequestAsync(await client.PostAsync("/api/priority-requests", Json(Body(justification: "")))));
        Assert.Equal(["partId"], await BadRequestAsync(await client.PostAsync("/api/priority-requests", Json(Body().Replace("p-pwb-rf", "no-such-part", StringComparison.Ordinal)))));
        Assert.Equal(["receivingGovernment"], await BadRequestAsync(await client.PostAsync("/api/priority-requests", Json(Body().Replace("{ ", "{ \"receivingGovernment\": \"US\", ", StringComparison.Ordinal)))));
        Assert.Equal(["quantity"], await BadRequestAsync(await client.PostAsync("/api/priority-requests", Json(Body().Replace("\"quantity\": 250", "\"quantity\": \"many\"", StringComparison.Ordinal)))));
        Assert.Equal(["justification", "neededBy", "partId", "quantity", "supplierOrganizationId"], await BadRequestAsync(await client.PostAsync("/api/priority-requests", Json("{}"))));
        // Only a government official may create.
        var forbidden = await StatusAsync(await factory.ClientAs("jp-bizdev").PostAsync("/api/priority-requests", Json(Body())), HttpStatusCode.Forbidden);
        Assert.StartsWith("contributor of JP may not create", forbidden.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["state"], await BadRequestAsync(await client.GetAsync("/api/priority-requests?state=approved")));
        Assert.Equal(["pageSize"], await BadRequestAsync(await client.GetAsync("/api/priority-requests?pageSize=0")));
    }

    [Theory]
    [InlineData("gb-partner")]
    [InlineData("us-analyst")]
    [InlineData("admin")]
    [InlineData("jp-compliance")]
    public async Task NoParty_SeesNoRequestAnywhere(string who)
    {
        var client = factory.ClientAs(who);
        var list = await StatusAsync(await client.GetAsync("/api/priority-requests"), HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        Assert.Equal(0, (await StatusAsync(await client.GetAsync("/api/priority-requests?overdue=true"), HttpStatusCode.OK)).GetProperty("total").GetInt32());
        var dashboard = await StatusAsync(await client.GetAsync("/api/priority-requests/dashboard"), HttpStatusCode.OK);
        Assert.Equal(0, dashboard.GetProperty("total").GetInt32());
        Assert.Equal(0, dashboard.GetProperty("overdue").GetInt32());
        var csv = await client.GetAsync("/api/priority-requests/export.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("PR-", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await StatusAsync(await client.GetAsync("/api/notifications"), HttpStatusCode.OK)).GetProperty("notifications").GetArrayLength());
        var anyId = (await StatusAsync(await factory.ClientAs("us-acq").GetAsync("/api/priority-requests"), HttpStatusCode.OK)).GetProperty("items")[0].GetProperty("id").GetString();
        await StatusAsync(await client.GetAsync($"/api/priority-requests/{anyId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Parties_ListsDashboardAndExport_TheirsOnly()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ClientAs(null).GetAsync("/api/priority-requests")).StatusCode);
        var us = await StatusAsync(await factory.ClientAs("us-acq").GetAsync("/api/priority-requests?pageSize=500"), HttpStatusCode.OK);
        Assert.True(us.GetProperty("total").GetInt32() >= 7);
        var jp = await StatusAsync(await factory.ClientAs("jp-atla").GetAsync("/api/priority-requests?pageSize=500"), HttpStatusCode.OK);
        Assert.DoesNotContain(jp.GetProperty("items").EnumerateArray(), i => i.GetProperty("state").GetString() == "draft");
        var supplier = await StatusAsync(await factory.ClientAs("us-bizdev").GetAsync("/api/priority-requests?pageSize=500"), HttpStatusCode.OK);
        Assert.All(supplier.GetProperty("items").EnumerateArray(), i => Assert.Equal("prairie-drone", i.GetProperty("supplierOrganizationId").GetString()));
        Assert.Equal(2, supplier.GetProperty("total").GetInt32()); // the demo's accepted and closed requests to Prairie Drone
        var overdue = await StatusAsync(await factory.ClientAs("us-acq").GetAsync("/api/priority-requests?overdue=true&nation=JP"), HttpStatusCode.OK);
        Assert.True(overdue.GetProperty("total").GetInt32() >= 2);
        Assert.All(overdue.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("overdue").GetBoolean()));

        var csv = await (await factory.ClientAs("us-bizdev").GetAsync("/api/priority-requests/export.csv")).Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("#", lines[0], StringComparison.Ordinal);          // banner: the rows are CUI//REL TO USA, JPN
        Assert.Contains("CUI", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("id,requesting_government", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, lines.Count(l => l.StartsWith("PR-", StringComparison.Ordinal)));

        var dashboard = await StatusAsync(await factory.ClientAs("us-bizdev").GetAsync("/api/priority-requests/dashboard"), HttpStatusCode.OK);
        Assert.Equal(2, dashboard.GetProperty("total").GetInt32());
        Assert.Equal(1, dashboard.GetProperty("open").GetInt32());
    }
}
