using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Workshare;

namespace Musubi.Web.Tests.Workshare;

/// <summary>
/// The <c>/api/workshare</c> routes on the demo registry: the issue's JSON and registry programs, the three modes, saved
/// runs readable by their creator only, the ledger and its contracts, a program the caller may not see answered as an
/// unknown one, and every bad input a 400 keyed by its field path.
/// </summary>
public sealed class WorkshareApiTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    /// <summary>The hand-solved program of WorkshareCliTests: objective $220 in integrated mode (cost 210 + λ 5 × weight 2).</summary>
    private const string Small = """
        {
          "program": "demo",
          "nations": [ { "code": "US", "share": 0.5 }, { "code": "JP", "share": 0.5 } ],
          "tolerance": 0.1,
          "workPackages": [
            { "id": "a", "name": "Seeker", "cost": 100, "capabilities": ["SENS.SEEKER"], "releasableTo": ["US"] },
            { "id": "b", "cost": 100, "capabilities": [] }
          ],
          "companies": [
            { "id": "us1", "nation": "US", "capabilities": ["SENS.SEEKER.IR"], "costFactor": 1.1 },
            { "id": "jp1", "nation": "JP", "capabilities": [] }
          ],
          "interfaces": [ { "a": "a", "b": "b", "weight": 2 } ],
          "lambda": 5
        }
        """;

    /// <summary>A transfer case of issue #3 without "to" (the demo GPI seeker's), for package "a" of <see cref="Small"/>.</summary>
    private const string SeekerTransfer = """
        "transfer": { "from": "US", "channel": "government", "recipient": "government", "purpose": "joint_development",
                      "item": { "name": "Seeker technical data", "kind": "technology", "weapon": true, "origin": "US", "usml": "IV",
                                "mtcrCategory": 1, "program": "GPI", "coDevelopers": ["US", "JP"] } }
        """;

    /// <summary><see cref="Small"/> with <paramref name="transfer"/> on its package "a".</summary>
    private static string WithTransfer(string transfer) =>
        Small.Replace("\"releasableTo\": [\"US\"] }", "\"releasableTo\": [\"US\"], " + transfer + " }", StringComparison.Ordinal);

    private static async Task<JsonElement> StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
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
    public async Task Allocate_IssueJson_TheHandSolvedOptimum()
    {
        var root = await StatusAsync(await factory.ClientAs("us-acq").PostAsync("/api/workshare/allocate", Json(Small)), HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Null, root.GetProperty("runId").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("programId").ValueKind);
        var result = root.GetProperty("result");
        Assert.Equal("optimal", result.GetProperty("status").GetString());
        Assert.Equal("integrated", result.GetProperty("mode").GetString());
        Assert.Equal(220, result.GetProperty("objective").GetDouble(), 6);
        Assert.Equal(2, result.GetProperty("crossBorderInterfaceWeight").GetDouble(), 6);
        Assert.Equal("jp1", result.GetProperty("allocation").EnumerateArray().Single(a => a.GetProperty("workPackage").GetString() == "b").GetProperty("company").GetString());
    }

    [Fact]
    public async Task Registry_DemoGpi_SavedRunReadByItsCreatorOnly()
    {
        var creator = factory.ClientAs("us-acq");
        var root = await StatusAsync(await creator.PostAsync("/api/workshare/allocate", Json("""
            { "programId": "gpi", "mode": "compartmentalized", "timeLimitSeconds": 20, "save": true, "name": "GPI compartments" }
            """)), HttpStatusCode.OK);

        // data/demo/workshare/README.md: compartmentalized $6,009M with Japan's $2.7B of $5.7B.
        Assert.Equal("gpi", root.GetProperty("programId").GetString());
        Assert.Equal(6_009e6, root.GetProperty("result").GetProperty("objective").GetDouble(), 0);
        var id = root.GetProperty("runId").GetString()!;
        Assert.StartsWith("WS-", id, StringComparison.Ordinal);

        var list = await StatusAsync(await creator.GetAsync("/api/workshare/runs"), HttpStatusCode.OK);
        Assert.Contains(list.GetProperty("runs").EnumerateArray(), r => r.GetProperty("id").GetString() == id && r.GetProperty("name").GetString() == "GPI compartments");
        var run = await StatusAsync(await creator.GetAsync("/api/workshare/runs/" + id), HttpStatusCode.OK);
        Assert.Equal("compartmentalized", run.GetProperty("options").GetProperty("mode").GetString());
        Assert.Equal("gpi", run.GetProperty("problem").GetProperty("program").GetString());

        var other = factory.ClientAs("jp-atla");
        await StatusAsync(await other.GetAsync("/api/workshare/runs/" + id), HttpStatusCode.NotFound);
        var theirs = await StatusAsync(await other.GetAsync("/api/workshare/runs"), HttpStatusCode.OK);
        Assert.DoesNotContain(theirs.GetProperty("runs").EnumerateArray(), r => r.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Compare_DemoGpi_ThreeModes()
    {
        var root = await StatusAsync(await factory.ClientAs("us-acq").PostAsync("/api/workshare/compare", Json("""{ "programId": "gpi", "timeLimitSeconds": 20 }""")), HttpStatusCode.OK);

        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["compartmentalized", "integrated", "blend"], results.Select(r => r.GetProperty("mode").GetString()));
        Assert.Equal([6_009e6, 6_589e6, 6_809e6], results.Select(r => Math.Round(r.GetProperty("objective").GetDouble())));
    }

    [Fact]
    public async Task Registry_DemoGpi_ReleasesFromTheTransferRules()
    {
        var root = await StatusAsync(await factory.ClientAs("us-acq").PostAsync("/api/workshare/allocate", Json("""{ "programId": "gpi" }""")), HttpStatusCode.OK);

        // data/demo/workshare/gpi.json: the seeker's transfer case (U.S.-origin missile technology, government to
        // government, joint development) lets Japan receive its data with approvals.
        var releases = root.GetProperty("releases").EnumerateArray().ToList();
        Assert.Equal(["gpi-wp-seeker", "gpi-wp-tps"], releases.Select(r => r.GetProperty("workPackage").GetString()).Order(StringComparer.Ordinal));
        var seeker = releases.Single(r => r.GetProperty("workPackage").GetString() == "gpi-wp-seeker");
        Assert.Equal("US", seeker.GetProperty("from").GetString());
        Assert.Equal(JsonValueKind.Null, seeker.GetProperty("byHand").ValueKind);
        Assert.StartsWith("sha256:", seeker.GetProperty("ruleSetHash").GetString(), StringComparison.Ordinal);
        var jp = seeker.GetProperty("nations").EnumerateArray().Single(n => n.GetProperty("nation").GetString() == "JP");
        Assert.Equal("permitted_with_approval", jp.GetProperty("verdict").GetString());
        Assert.True(jp.GetProperty("releasable").GetBoolean());
        Assert.NotEqual(0, jp.GetProperty("rules").GetArrayLength());
        Assert.Contains("JP", seeker.GetProperty("releasableTo").EnumerateArray().Select(n => n.GetString()));
        var us = seeker.GetProperty("nations").EnumerateArray().Single(n => n.GetProperty("nation").GetString() == "US");
        Assert.Equal("origin", us.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Allocate_IssueJsonWithATransferCase_DerivesTheReleaseLimit()
    {
        var root = await StatusAsync(await factory.ClientAs("us-acq").PostAsync("/api/workshare/allocate", Json(WithTransfer(SeekerTransfer))), HttpStatusCode.OK);

        // The rules let Japan receive the data with approvals; the hand-set ["US"] beside the case keeps it U.S.-only.
        var release = Assert.Single(root.GetProperty("releases").EnumerateArray());
        Assert.Equal("a", release.GetProperty("workPackage").GetString());
        Assert.Equal(["US"], release.GetProperty("byHand").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(["US"], release.GetProperty("releasableTo").EnumerateArray().Select(n => n.GetString()));
        var jp = release.GetProperty("nations").EnumerateArray().Single(n => n.GetProperty("nation").GetString() == "JP");
        Assert.Equal("permitted_with_approval", jp.GetProperty("verdict").GetString());
        Assert.Equal("us1", root.GetProperty("result").GetProperty("allocation").EnumerateArray().Single(a => a.GetProperty("workPackage").GetString() == "a").GetProperty("company").GetString());
    }

    [Fact]
    public async Task Ledger_ContractRecorded_WorkShareAgainstCostShare()
    {
        var client = factory.ClientAs("us-acq");
        var created = await StatusAsync(await client.PostAsync("/api/workshare/ledger/contracts", Json("""
            { "programId": "sm3-iia", "nation": "JP", "valueUsd": 300000000, "date": "2024-02-01", "companyId": "mhi", "reference": "SM3-JP-1" }
            """)), HttpStatusCode.Created);
        await StatusAsync(await client.PostAsync("/api/workshare/ledger/contracts", Json("""
            { "programId": "sm3-iia", "nation": "US", "valueUsd": 100000000, "date": "2024-03-01" }
            """)), HttpStatusCode.Created);

        Assert.StartsWith("WL-", created.GetProperty("id").GetString(), StringComparison.Ordinal);
        var ledger = await StatusAsync(await client.GetAsync("/api/workshare/ledger?program=sm3-iia"), HttpStatusCode.OK);
        var program = Assert.Single(ledger.GetProperty("programs").EnumerateArray());
        Assert.Equal("contracts", program.GetProperty("basis").GetString());
        // Japan 300 of 400 = 75% against its 50% cost share: 25 points, beyond the file's 12-point tolerance.
        var jp = program.GetProperty("nations").EnumerateArray().Single(n => n.GetProperty("nation").GetString() == "JP");
        Assert.Equal(0.75, jp.GetProperty("workShare").GetDouble(), 9);
        Assert.True(jp.GetProperty("flagged").GetBoolean());
        Assert.Equal(2, program.GetProperty("contracts").GetArrayLength());
        await using var db = factory.Database.NewContext(AccessScope.System);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Type == WorkshareAuditTypes.ContractAdded && e.PrincipalId == "us-acq"));
    }

    [Fact]
    public async Task Access_ProgramWithoutNeedToKnow_IsUnknownOnEveryRoute()
    {
        // us-acq is not a member of GCAP; gb-partner is. Visible to both before it is marked (and the demo loaded by then).
        var client = factory.ClientAs("us-acq");
        await StatusAsync(await client.GetAsync("/api/workshare/ledger?program=gcap"), HttpStatusCode.OK);
        await using (var db = factory.Database.NewContext(AccessScope.System))
        {
            var gcap = await db.Programs.FirstAsync(p => p.Id == "gcap");
            gcap.Marking = new Marking { NeedToKnow = "gcap" };
            db.WorkshareContracts.Add(new WorkshareContract { Id = "WL-test-gcap", ProgramId = "gcap", Nation = "GB", ValueUsd = 5, Date = new DateOnly(2025, 1, 1), CreatedBy = "system" });
            await db.SaveChangesAsync();
        }

        var allocate = await client.PostAsync("/api/workshare/allocate", Json("""{ "programId": "gcap" }"""));
        var compare = await client.PostAsync("/api/workshare/compare", Json("""{ "programId": "gcap" }"""));
        var ledger = await client.GetAsync("/api/workshare/ledger?program=gcap");
        var contract = await client.PostAsync("/api/workshare/ledger/contracts", Json("""{ "programId": "gcap", "nation": "US", "valueUsd": 5, "date": "2025-01-01" }"""));
        var missing = await client.GetAsync("/api/workshare/ledger?program=no-such");

        foreach (var response in new[] { allocate, compare, ledger, contract, missing })
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{(int)response.StatusCode}: {text}");
            Assert.DoesNotContain("Global Combat", text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("unknown program 'gcap'", await ledger.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("unknown program 'no-such'", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await StatusAsync(await factory.ClientAs("gb-partner").GetAsync("/api/workshare/ledger?program=gcap"), HttpStatusCode.OK);
        var member = await StatusAsync(await factory.ClientAs("gb-partner").GetAsync("/api/workshare/ledger"), HttpStatusCode.OK);
        Assert.Contains(member.GetProperty("programs").EnumerateArray(), p => p.GetProperty("programId").GetString() == "gcap");
        var all = await StatusAsync(await client.GetAsync("/api/workshare/ledger"), HttpStatusCode.OK);
        Assert.DoesNotContain(all.GetProperty("programs").EnumerateArray(), p => p.GetProperty("programId").GetString() == "gcap");
    }

    [Fact]
    public async Task Anonymous_Refused()
    {
        var response = await factory.ClientAs(null).PostAsync("/api/workshare/allocate", Json(Small));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { Small.Replace("\"lambda\": 5", "\"lambda\": 5, \"mode\": \"foo\"", StringComparison.Ordinal), "mode" },
        { Small.Replace("\"share\": 0.5 } ]", "\"share\": 0.4 } ]", StringComparison.Ordinal), "nations" },
        { Small.Replace("\"cost\": 100, \"capabilities\": [] }", "\"cost\": \"abc\", \"capabilities\": [] }", StringComparison.Ordinal), "workPackages[1].cost" },
        { Small.Replace("\"cost\": 100, \"capabilities\": [] }", "\"cost\": -1, \"capabilities\": [] }", StringComparison.Ordinal), "workPackages[1].cost" },
        { Small.Replace("[\"SENS.SEEKER\"]", "[\"SENS.NOPE\"]", StringComparison.Ordinal), "workPackages[0].capabilities[0]" },
        { Small.Replace("\"lambda\": 5", "\"lambda\": -5", StringComparison.Ordinal), "lambda" },
        { Small.Replace("\"lambda\": 5", "\"lambda\": 5, \"save\": \"yes\"", StringComparison.Ordinal), "save" },
        { """{ "program": "x", """, "body" },
        { """{ "programId": "gpi", "mode": "foo" }""", "mode" },
        { """{ "programId": "gpi", "colour": "red" }""", "colour" },
        { """{ "programId": "gpi", "timeLimitSeconds": 0 }""", "timeLimitSeconds" },
        { """{ "programId": "gpi", "plan": { "companies": [ { "id": "ihi", "costFactor": 0 } ] } }""", "plan.companies[0].costFactor" },
        { """{ "programId": "gpi", "plan": { "companies": [ { "id": "bae-systems" } ] } }""", "plan.companies[0].id" },
        { """{ "programId": "gpi", "plan": { "workPackages": [ { "id": "gpi-wp-rm", "releasableTo": ["FR"] } ] } }""", "plan.workPackages[0].releasableTo[0]" },
        // A package's transfer case is issue #3's without "to" (every partner nation is a destination), read by its reader.
        { WithTransfer(SeekerTransfer.Replace("\"from\": \"US\",", "\"from\": \"US\", \"to\": \"JP\",", StringComparison.Ordinal)), "workPackages[0].transfer.to" },
        { WithTransfer(SeekerTransfer.Replace("\"channel\": \"government\"", "\"channel\": \"carrier_pigeon\"", StringComparison.Ordinal)), "workPackages[0].transfer.channel" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Allocate_BadInput_400KeyedByFieldPath(string body, string field)
    {
        await BadRequestAsync(await factory.ClientAs("us-acq").PostAsync("/api/workshare/allocate", Json(body)), field);
    }

    [Theory]
    [InlineData("""{ "programId": "gpi", "nation": "FR", "valueUsd": 5, "date": "2025-01-01" }""", "nation")]
    [InlineData("""{ "programId": "gpi", "nation": "US", "valueUsd": 0, "date": "2025-01-01" }""", "valueUsd")]
    [InlineData("""{ "programId": "gpi", "nation": "US", "valueUsd": 5, "date": "01/02/2025" }""", "date")]
    [InlineData("""{ "programId": "gpi", "nation": "US", "valueUsd": 5, "date": "2025-01-01", "companyId": "mhi" }""", "companyId")]
    [InlineData("""{ "programId": "gpi", "nation": "US", "valueUsd": 5, "date": "2025-01-01", "extra": 1 }""", "extra")]
    public async Task Contract_BadInput_400KeyedByField(string body, string field)
    {
        await BadRequestAsync(await factory.ClientAs("us-acq").PostAsync("/api/workshare/ledger/contracts", Json(body)), field);
    }
}
