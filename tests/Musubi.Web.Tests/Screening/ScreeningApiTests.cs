using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Screening;

namespace Musubi.Web.Tests.Screening;

/// <summary>The screening API end to end on the demo registry: lists, screening one name and a batch, review, certificates, jobs, duplicates, roles and every kind of bad input.</summary>
public sealed class ScreeningApiTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "Screening", "examples");

    internal static MultipartFormDataContent Upload(byte[] bytes, string fileName, params (string Name, string Value)[] fields)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", fileName);
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }
        return content;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Imports the shared example list once (as the compliance officer); later calls find it unchanged.</summary>
    private Task EnsureListAsync() => EnsureListAsync(factory);

    /// <summary><see cref="EnsureListAsync()"/> for another test class on the same kind of factory.</summary>
    internal static async Task EnsureListAsync(MusubiFactory factory)
    {
        var response = await factory.ClientAs("jp-compliance").PostAsync("/api/screening/lists",
            Upload(await File.ReadAllBytesAsync(Path.Combine(Examples, "list.ftm.jsonl")), "list.ftm.jsonl", ("source", "examples"), ("publishedOn", "2025-06-01")));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ImportScreenReviewAndCertify_KeepsTheListVersionsAndAProvableBody()
    {
        var client = factory.ClientAs("jp-compliance");
        await EnsureListAsync();

        var versions = await client.GetFromJsonAsync<JsonElement>("/api/screening/lists");
        var version = versions.EnumerateArray().Single(v => v.GetProperty("source").GetString() == "examples");
        Assert.Equal("active", version.GetProperty("status").GetString());
        Assert.Equal(8, version.GetProperty("entityCount").GetInt32());
        Assert.Equal("2025-06-01", version.GetProperty("publishedOn").GetString());
        var versionId = version.GetProperty("id").GetString()!;
        var entries = await factory.ClientAs("us-analyst").GetFromJsonAsync<JsonElement>($"/api/screening/lists/{versionId}?search=calt");
        Assert.Equal("x-calt", entries.GetProperty("entries").GetProperty("items")[0].GetProperty("entityId").GetString());

        var screened = await client.PostAsync("/api/screening/screen", Json("""{"name": "中国运载火箭技术研究院", "country": "cn"}"""));
        Assert.Equal(HttpStatusCode.Created, screened.StatusCode);
        var record = await screened.Content.ReadFromJsonAsync<JsonElement>();
        var id = record.GetProperty("id").GetString()!;
        Assert.Equal("/api/screening/records/" + id, screened.Headers.Location?.ToString());
        Assert.Equal("match", record.GetProperty("decision").GetString());
        Assert.Equal("x-calt", record.GetProperty("bestEntityId").GetString());
        Assert.Equal("pending", record.GetProperty("reviewStatus").GetString());
        Assert.Contains(versionId, record.GetProperty("listVersionIds").EnumerateArray().Select(v => v.GetString()));
        var best = record.GetProperty("result").GetProperty("best");
        Assert.Equal("examples", best.GetProperty("source").GetString());
        Assert.NotEmpty(best.GetProperty("explanation").GetProperty("features").EnumerateArray());

        var queue = await client.GetFromJsonAsync<JsonElement>("/api/screening/records?status=pending&pageSize=500");
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetString() == id);

        var early = await client.PostAsync($"/api/screening/records/{id}/certificate", null);
        await ProblemAsync(early, HttpStatusCode.Conflict);

        var reviewed = await client.PostAsync($"/api/screening/records/{id}/review", Json("""{"decision": "confirmed_match", "note": "same party, Han name"}"""));
        Assert.Equal(HttpStatusCode.OK, reviewed.StatusCode);
        var after = await reviewed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("confirmed_match", after.GetProperty("reviewDecision").GetString());
        Assert.Equal("jp-compliance", after.GetProperty("reviewedBy").GetString());
        var twice = await client.PostAsync($"/api/screening/records/{id}/review", Json("""{"decision": "cleared"}"""));
        await ProblemAsync(twice, HttpStatusCode.Conflict);

        var issued = await client.PostAsync($"/api/screening/records/{id}/certificate", null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var certificate = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var certificateId = certificate.GetProperty("id").GetString()!;
        var fetched = await client.GetFromJsonAsync<JsonElement>("/api/screening/certificates/" + certificateId);
        var body = fetched.GetProperty("body");
        Assert.Equal("x-calt", body.GetProperty("best").GetProperty("entityId").GetString());
        Assert.Equal("confirmed_match", body.GetProperty("review").GetProperty("decision").GetString());
        Assert.Contains(body.GetProperty("lists").EnumerateArray(), l => l.GetProperty("contentHash").GetString() == version.GetProperty("contentHash").GetString());
        await using var db = factory.Database.NewContext(AccessScope.System);
        var stored = await db.ScreeningCertificates.SingleAsync(c => c.Id == certificateId);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stored.Body))), fetched.GetProperty("bodyHash").GetString());
        var withCertificate = await client.GetFromJsonAsync<JsonElement>("/api/screening/records/" + id);
        Assert.Contains(certificateId, withCertificate.GetProperty("certificateIds").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Batch_ScreensTheExamplesInOrder_AndAJobReportsProgressToItsEnd()
    {
        var client = factory.ClientAs("us-acq");
        await EnsureListAsync();
        var csv = await File.ReadAllBytesAsync(Path.Combine(Examples, "queries.csv"));
        var expected = (await File.ReadAllLinesAsync(Path.Combine(Examples, "queries.csv"))).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();

        var batch = await client.PostAsync("/api/screening/screen/batch", Upload(csv, "queries.csv"));

        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var records = (await batch.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(expected.Count, records.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i][0], records[i].GetProperty("queryId").GetString());
            if (expected[i][3].Length == 0)
            {
                Assert.Equal("none", records[i].GetProperty("decision").GetString());
            }
            else
            {
                Assert.Equal(expected[i][3], records[i].GetProperty("bestEntityId").GetString());
            }
        }

        var started = await client.PostAsync("/api/screening/jobs", Upload(csv, "queries.csv", ("thresholdMatch", "0.9")));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await started.Content.ReadFromJsonAsync<JsonElement>();
        var jobId = job.GetProperty("id").GetString()!;
        Assert.Equal(expected.Count, job.GetProperty("total").GetInt32());
        JsonElement status;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(100);
            status = await client.GetFromJsonAsync<JsonElement>("/api/screening/jobs/" + jobId);
        }
        while (status.GetProperty("state").GetString() == "running" && clock.Elapsed < TimeSpan.FromSeconds(60));
        Assert.Equal("succeeded", status.GetProperty("state").GetString());
        Assert.Equal(100, status.GetProperty("percent").GetInt32());
        Assert.Equal(expected.Count, status.GetProperty("recordIds").GetArrayLength());

        // Only the starter sees a job.
        var other = await factory.ClientAs("jp-compliance").GetAsync("/api/screening/jobs/" + jobId);
        await ProblemAsync(other, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"name": ""}""", "name")]
    [InlineData("""{"name": "   "}""", "name")]
    [InlineData("""{"name": "Acme", "country": "ZZ"}""", "country")]
    [InlineData("""{"name": "Acme", "thresholdMatch": 1.5}""", "thresholdMatch")]
    [InlineData("""{"name": "Acme", "thresholdMatch": 0.6, "thresholdReview": 0.8}""", "thresholdReview")]
    [InlineData("""{"name": "Acme", "maxCandidates": 0}""", "maxCandidates")]
    [InlineData("""{"name": "Acme", "organizationId": "no-such-org"}""", "organizationId")]
    [InlineData("""{"name": "Acme", "colour": "red"}""", "colour")]
    [InlineData("""{"name": 7}""", "name")]
    [InlineData("""{"name": "Acme", "identifiers": [{"scheme": "", "value": "x"}]}""", "identifiers[0]")]
    public async Task Screen_BadInput_Is400NamingTheField(string body, string field)
    {
        await EnsureListAsync();

        var response = await factory.ClientAs("jp-compliance").PostAsync("/api/screening/screen", Json(body));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Screen_ALongNameOrInvalidUtf8_Is400NamingTheField()
    {
        await EnsureListAsync();
        var client = factory.ClientAs("jp-compliance");

        var longName = await client.PostAsync("/api/screening/screen", Json($$"""{"name": "{{new string('a', 1001)}}"}"""));
        var problem = await ProblemAsync(longName, HttpStatusCode.BadRequest);
        Assert.Contains("1000", problem.GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);

        var bytes = new ByteArrayContent([.. "{\"name\": \"Bad "u8.ToArray(), 0xC3, 0x28, .. "\"}"u8.ToArray()]);
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var invalid = await client.PostAsync("/api/screening/screen", bytes);
        await ProblemAsync(invalid, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Batch_BadCsv_Is400WithEveryProblemByField_AndNothingIsSaved()
    {
        await EnsureListAsync();
        var client = factory.ClientAs("jp-compliance");
        await using var db = factory.Database.NewContext(AccessScope.System);
        var before = await db.ScreeningRecords.CountAsync();
        var csv = Encoding.UTF8.GetBytes($"id,name,country\nq1,Good Name,JP\nq2,,US\nq3,{new string('b', 1001)},\nq4,Acme,ZZ\nq1,Again,\n");

        var response = await client.PostAsync("/api/screening/screen/batch", Upload(csv, "queries.csv"));

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        var names = errors.GetProperty("name").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(names, e => e!.StartsWith("queries.csv:3:name:", StringComparison.Ordinal));
        Assert.Contains(names, e => e!.StartsWith("queries.csv:4:name:", StringComparison.Ordinal));
        Assert.StartsWith("queries.csv:5:country:", errors.GetProperty("country")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("queries.csv:6:id:", errors.GetProperty("id")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await db.ScreeningRecords.CountAsync());

        var utf8 = await client.PostAsync("/api/screening/screen/batch", Upload([.. "id,name\nq1,Bad "u8.ToArray(), 0xFF, .. "\n"u8.ToArray()], "queries.csv"));
        Assert.StartsWith("queries.csv:2:file: not valid UTF-8", (await ProblemAsync(utf8, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);

        var threshold = await client.PostAsync("/api/screening/screen/batch", Upload(Encoding.UTF8.GetBytes("id,name\nq1,Acme\n"), "q.csv", ("thresholdReview", "lots")));
        Assert.True((await ProblemAsync(threshold, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("thresholdReview", out _));

        var noFile = await client.PostAsync("/api/screening/screen/batch", Json("{}"));
        Assert.True((await ProblemAsync(noFile, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task ImportList_BadFiles_Are400NamingLineAndField_AndNothingIsImported()
    {
        var client = factory.ClientAs("jp-compliance");
        var list = await File.ReadAllLinesAsync(Path.Combine(Examples, "list.ftm.jsonl"));
        var malformed = string.Join('\n', list.Take(2).Append("{\"id\":\"x-bad\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Bad\"]").Concat(list.Skip(2))) + "\n";
        var unknownSchema = string.Join('\n', list.Append("{\"id\":\"x-ship\",\"schema\":\"Spaceship\",\"properties\":{\"name\":[\"Nostromo\"]}}")) + "\n";
        byte[] invalidUtf8 = [.. Encoding.UTF8.GetBytes(list[0] + "\n"), .. "{\"id\":\"x-b\",\"schema\":\"Company\",\"properties\":{\"name\":[\"B"u8.ToArray(), 0xFF, .. "\"]}}\n"u8.ToArray()];

        foreach (var (bytes, line) in new[] { (Encoding.UTF8.GetBytes(malformed), "line 3"), (Encoding.UTF8.GetBytes(unknownSchema), "line 9"), (invalidUtf8, "line 2") })
        {
            var response = await client.PostAsync("/api/screening/lists", Upload(bytes, "bad.jsonl", ("source", "bad-list")));
            var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
            var messages = problem.GetProperty("errors").EnumerateObject().SelectMany(p => p.Value.EnumerateArray()).Select(m => m.GetString()!).ToList();
            Assert.Contains(messages, m => m.StartsWith(line + ":", StringComparison.Ordinal));
            Assert.Contains(problem.GetProperty("problems").EnumerateArray(), p => p.GetString()!.StartsWith("bad.jsonl:", StringComparison.Ordinal));
        }
        var versions = await client.GetFromJsonAsync<JsonElement>("/api/screening/lists");
        Assert.DoesNotContain(versions.EnumerateArray(), v => v.GetProperty("source").GetString() == "bad-list");

        var noSource = await client.PostAsync("/api/screening/lists", Upload(Encoding.UTF8.GetBytes(list[0]), "l.jsonl", ("publishedOn", "01/06/2025")));
        var errors = (await ProblemAsync(noSource, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("source", out _));
        Assert.True(errors.TryGetProperty("publishedOn", out _));
        var badSource = await client.PostAsync("/api/screening/lists", Upload(Encoding.UTF8.GetBytes(list[0]), "l.jsonl", ("source", "Not A Key")));
        Assert.True((await ProblemAsync(badSource, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("source", out _));
    }

    [Theory]
    [InlineData(null, "POST", "/api/screening/screen", HttpStatusCode.Unauthorized)]
    [InlineData("us-analyst", "POST", "/api/screening/screen", HttpStatusCode.Forbidden)]
    [InlineData("jp-bizdev", "POST", "/api/screening/screen", HttpStatusCode.Forbidden)]
    [InlineData("us-analyst", "GET", "/api/screening/records", HttpStatusCode.Forbidden)]
    [InlineData("us-analyst", "GET", "/api/screening/alerts", HttpStatusCode.Forbidden)]
    [InlineData("us-acq", "POST", "/api/screening/lists", HttpStatusCode.Forbidden)]
    [InlineData("jp-compliance", "POST", "/api/screening/duplicates/scan", HttpStatusCode.Forbidden)]
    [InlineData(null, "GET", "/api/screening/lists", HttpStatusCode.Unauthorized)]
    [InlineData("us-analyst", "GET", "/api/screening/lists", HttpStatusCode.OK)]
    [InlineData("us-analyst", "GET", "/api/screening/duplicates", HttpStatusCode.OK)]
    public async Task Roles_DecideWhoMayDoWhat(string? principal, string method, string path, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Json("""{"name": "Acme"}""") : null };

        var response = await factory.ClientAs(principal).SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Duplicates_ScanAndDecide_WithBadInputNamed()
    {
        var client = factory.ClientAs("us-acq");

        var scan = await client.PostAsync("/api/screening/duplicates/scan", Json("""{"threshold": 0.9}"""));
        Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
        Assert.True((await scan.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("organizations").GetInt32() >= 90);
        var empty = await client.PostAsync("/api/screening/duplicates/scan", null);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);

        var badThreshold = await client.PostAsync("/api/screening/duplicates/scan", Json("""{"threshold": 0}"""));
        Assert.True((await ProblemAsync(badThreshold, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("threshold", out _));
        var badStatus = await client.GetAsync("/api/screening/duplicates?status=maybe");
        Assert.True((await ProblemAsync(badStatus, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("status", out _));
        var missing = await client.PostAsync("/api/screening/duplicates/DC-nope/decision", Json("""{"decision": "merge"}"""));
        await ProblemAsync(missing, HttpStatusCode.NotFound);
        var badDecision = await client.PostAsync("/api/screening/duplicates/DC-nope/decision", Json("""{"decision": "both"}"""));
        Assert.True((await ProblemAsync(badDecision, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("decision", out _));
    }

    [Fact]
    public async Task Records_BadFilterOrUnknownId_AreNamedProblems()
    {
        var client = factory.ClientAs("jp-compliance");

        Assert.True((await ProblemAsync(await client.GetAsync("/api/screening/records?status=open"), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("status", out _));
        Assert.True((await ProblemAsync(await client.GetAsync("/api/screening/records?pageSize=100000"), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("pageSize", out _));
        await ProblemAsync(await client.GetAsync("/api/screening/records/SR-nope"), HttpStatusCode.NotFound);
        await ProblemAsync(await client.GetAsync("/api/screening/certificates/SC-nope"), HttpStatusCode.NotFound);
        await ProblemAsync(await client.GetAsync("/api/screening/lists/lv-nope"), HttpStatusCode.NotFound);
        var review = await client.PostAsync("/api/screening/records/SR-nope/review", Json("""{"decision": "perhaps"}"""));
        Assert.True((await ProblemAsync(review, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("decision", out _));
    }
}

/// <summary>Before any list is imported, screening is refused with a 409 that says what to do (a screening against nothing proves nothing).</summary>
public sealed class ScreeningWithoutListsTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    [Fact]
    public async Task Screen_WithNoListImported_Is409()
    {
        var response = await factory.ClientAs("jp-compliance").PostAsync("/api/screening/screen",
            new StringContent("""{"name": "Acme"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("import", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
