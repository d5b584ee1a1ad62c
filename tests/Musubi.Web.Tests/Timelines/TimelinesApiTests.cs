using System.Net;
using System.Text;
using System.Text.Json;

namespace Musubi.Web.Tests.Timelines;

/// <summary>
/// The <c>/api/calendar</c> and <c>/api/timelines</c> routes: signed-in only; holidays, business days, the calendars,
/// the demo plans, an alignment with a what-if, its ICS; every bad input a 400 ProblemDetails keyed by its field.
/// </summary>
public sealed class TimelinesApiTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
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
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for {field}: {text}");
        Assert.NotEqual(0, messages.GetArrayLength());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<string> DemoAsync(string id)
    {
        using var response = await factory.ClientAs("us-acq").GetAsync("/api/timelines/examples/" + id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Theory]
    [InlineData("GET", "/api/calendar/holidays?country=JP&year=2025")]
    [InlineData("GET", "/api/calendar/business-days?country=JP&from=2025-01-01&to=2025-01-31")]
    [InlineData("GET", "/api/timelines/calendars")]
    [InlineData("GET", "/api/timelines/examples")]
    [InlineData("POST", "/api/timelines/align")]
    public async Task Routes_AreForSignedInUsers(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Json("{}") : null };
        using var response = await factory.ClientAs(null).SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Holidays_AndBusinessDays()
    {
        var client = factory.ClientAs("us-acq");

        var holidays = await OkAsync(await client.GetAsync("/api/calendar/holidays?country=jp&year=2019"));
        // 2019: the enthronement year — 5/1 and 10/22 (special), 4/30 and 5/2 (citizens'), no Emperor's Birthday.
        var days = holidays.EnumerateArray().ToDictionary(h => h.GetProperty("date").GetString()!, h => h.GetProperty("kind").GetString());
        Assert.Equal("special", days["2019-05-01"]);
        Assert.Equal("special", days["2019-10-22"]);
        Assert.Equal("citizens", days["2019-04-30"]);
        Assert.Equal("citizens", days["2019-05-02"]);
        Assert.DoesNotContain(holidays.EnumerateArray(), h => h.GetProperty("name").GetString() == "Emperor's Birthday");

        var count = await OkAsync(await client.GetAsync("/api/calendar/business-days?country=JP&from=2025-04-28&to=2025-05-09"));
        Assert.Equal(7, count.GetProperty("businessDays").GetInt32());
    }

    [Theory]
    [InlineData("/api/calendar/holidays?country=FR&year=2025", "country")]
    [InlineData("/api/calendar/holidays?year=2025", "country")]
    [InlineData("/api/calendar/holidays?country=JP&year=1800", "year")]
    [InlineData("/api/calendar/holidays?country=JP&year=abc", "year")]
    [InlineData("/api/calendar/holidays?country=JP", "year")]
    [InlineData("/api/calendar/business-days?country=JP&from=2025-05-09&to=2025-04-28", "to")]
    [InlineData("/api/calendar/business-days?country=JP&from=yesterday&to=2025-04-28", "from")]
    [InlineData("/api/calendar/business-days?country=JP&from=2025-01-01", "to")]
    public async Task CalendarBadInput_Is400_NamingTheField(string path, string field) =>
        await BadRequestAsync(await factory.ClientAs("us-acq").GetAsync(path), field);

    [Fact]
    public async Task Calendars_AndExamples()
    {
        var client = factory.ClientAs("us-acq");

        var calendars = (await OkAsync(await client.GetAsync("/api/timelines/calendars"))).GetProperty("calendars");
        Assert.Equal(["JP", "US"], calendars.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var jp = calendars[0];
        Assert.Equal(4, jp.GetProperty("fiscalYearStartMonth").GetInt32());
        Assert.Equal("start", jp.GetProperty("fiscalYearNamedBy").GetString());
        Assert.Contains(jp.GetProperty("events").EnumerateArray(), e => e.GetProperty("id").GetString() == "cabinet-draft" && e.GetProperty("typical").GetBoolean());
        var review = calendars[1].GetProperty("templates").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "congressional-review");
        Assert.Equal("aeca-36b", review.GetProperty("durationFrom").GetString());

        var examples = (await OkAsync(await client.GetAsync("/api/timelines/examples"))).GetProperty("examples");
        Assert.Equal(["gpi-phase", "sm3-follow-on"], examples.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        using var missing = await client.GetAsync("/api/timelines/examples/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Align_TheDemo_WithAWhatIfInTheBody()
    {
        var client = factory.ClientAs("us-acq");
        var demo = await DemoAsync("sm3-follow-on");

        var plain = await OkAsync(await client.PostAsync("/api/timelines/align", Json(demo)));
        Assert.Equal("feasible", plain.GetProperty("status").GetString());
        Assert.Equal("2028-04-01", plain.GetProperty("finish").GetString());

        var withWhatIf = demo.TrimEnd().TrimEnd('}') + ", \"whatIf\": { \"step\": \"lor\", \"notBefore\": \"2027-11\" } }";
        var late = await OkAsync(await client.PostAsync("/api/timelines/align", Json(withWhatIf)));
        Assert.Equal("late", late.GetProperty("status").GetString());
        Assert.Equal("2029-04-01", late.GetProperty("finish").GetString());
        Assert.Equal("lor", late.GetProperty("whatIf").GetProperty("step").GetString());
        Assert.Equal("initial-deposit", late.GetProperty("conflicts")[0].GetProperty("step").GetString());
    }

    [Fact]
    public async Task AlignIcs_IsTextCalendar()
    {
        var client = factory.ClientAs("us-acq");

        using var response = await client.PostAsync("/api/timelines/align/ics", Json(await DemoAsync("gpi-phase")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR", text, StringComparison.Ordinal);
        Assert.Equal(10, text.Split("BEGIN:VEVENT").Length - 1);
        Assert.Contains("DTSTART;VALUE=DATE:20290401", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"start\": \"2027-01-04\", \"calendars\": [\"US\"], \"steps\": [ { \"id\": \"a\", \"name\": \"A\", \"calendar\": \"US\", \"duration\": -3, \"unit\": \"days\" } ] }", "steps[0].duration")]
    [InlineData("{ \"start\": \"2027-01-04\", \"calendars\": [\"US\"], \"steps\": [ { \"id\": \"a\", \"name\": \"A\", \"calendar\": \"US\", \"duration\": 3, \"unit\": \"years\" } ] }", "steps[0].unit")]
    [InlineData("{ \"start\": \"2027-01-04\", \"calendars\": [\"US\", \"FR\"], \"steps\": [ { \"id\": \"a\", \"name\": \"A\", \"calendar\": \"US\", \"duration\": 3, \"unit\": \"days\" } ] }", "calendars[1]")]
    [InlineData("{ \"start\": \"2027-02-30\", \"calendars\": [\"US\"], \"steps\": [ { \"id\": \"a\", \"name\": \"A\", \"calendar\": \"US\", \"duration\": 3, \"unit\": \"days\" } ] }", "start")]
    [InlineData("{ \"start\": \"2027-01-04\", \"calendars\": [\"US\"], \"steps\": [ { \"id\": \"a\", \"template\": \"nope\" } ] }", "steps[0].template")]
    [InlineData("{ \"start\": \"2027-01-04\", \"calendars\": [\"US\"], \"steps\": [ { \"id\": \"a\", \"name\": \"A\", \"calendar\": \"US\", \"duration\": 3, \"unit\": \"days\" } ], \"dependencies\": [ { \"from\": \"a\", \"to\": \"zz\" } ] }", "dependencies[0].to")]
    [InlineData("{ \"start\": \"2027-01-04\", \"calendars\": [\"US\"], \"steps\": [ { \"id\": \"a\", \"name\": \"A\", \"calendar\": \"US\", \"duration\": 3, \"unit\": \"days\" } ], \"whatIf\": { \"step\": \"b\", \"notBefore\": \"2027-05\" } }", "whatIf.step")]
    [InlineData("{ \"start\": \"2027-01-04\", \"calendars\": [\"US\"], \"steps\": [ { \"id\": \"a\", \"name\": \"A\", \"calendar\": \"US\", \"duration\": 3, \"unit\": \"days\" } ], \"whatIf\": { \"step\": \"a\", \"notBefore\": \"May\" } }", "whatIf.notBefore")]
    [InlineData("{ \"start\": \"2027-01-04\", \"calendars\": [\"US\"], \"steps\": [] }", "steps")]
    [InlineData("[1, 2]", "body")]
    [InlineData("{ \"start\": ", "body")]
    public async Task AlignBadInput_Is400_NamingTheField(string body, string field) =>
        await BadRequestAsync(await factory.ClientAs("us-acq").PostAsync("/api/timelines/align", Json(body)), field);

    [Fact]
    public async Task Align_NotJson_IsRefused()
    {
        using var response = await factory.ClientAs("us-acq").PostAsync("/api/timelines/align", new StringContent("start=2027", Encoding.UTF8, "text/plain"));

        // The operation accepts application/json only: the framework answers 415 before the handler runs.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
