using System.Text;
using System.Text.Json;
using Musubi.Testing;

namespace Musubi.Cli.Tests;

/// <summary>
/// <c>musubi workshare …</c> as a user runs it: the issue's JSON with its output keys, the exported model, the three
/// modes, the registry (demo program, saved run, ledger, contracts), and bad input exiting 2 with FILE:line:column.
/// </summary>
[RunsLong(39)]
public sealed class WorkshareCliTests : IDisposable
{
    private readonly TempDirectory _temp = new("musubi-workshare-");

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// Two packages of $100: "a" needs SENS.SEEKER and may go only to the U.S., where us1 (factor 1.1) holds the narrower
    /// SENS.SEEKER.IR; "b" needs nothing. 50/50 ± 10 points caps the U.S. at $120, so "b" goes to jp1: cost $210, the
    /// a–b interface (weight 2) crosses the border, λ = 5: objective 210 + 10 = $220 in integrated mode.
    /// </summary>
    private const string Small = """
        {
          "program": "demo",
          "nations": [ { "code": "US", "share": 0.5 }, { "code": "JP", "share": 0.5 } ],
          "tolerance": 0.1,
          "workPackages": [
            { "id": "a", "name": "Seeker", "cost": 100, "capabilities": ["SENS.SEEKER"], "subsystem": "kv", "releasableTo": ["US"] },
            { "id": "b", "cost": 100, "capabilities": [] }
          ],
          "companies": [
            { "id": "us1", "name": "US One", "nation": "US", "capabilities": ["SENS.SEEKER.IR"], "capacity": 500, "costFactor": 1.1 },
            { "id": "jp1", "nation": "JP", "capabilities": [] }
          ],
          "interfaces": [ { "a": "a", "b": "b", "weight": 2 } ],
          "mode": "integrated", "lambda": 5
        }
        """;

    private string Write(string text, string extension = ".json")
    {
        var path = _temp.NewPath(extension);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task Allocate_Input_TheIssuesKeysAndTheOptimumWorkedOutByHand()
    {
        var result = await CliRunner.RunAsync("workshare", "allocate", "--input", Write(Small), "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("optimal", root.GetProperty("status").GetString());
        Assert.Equal(220, root.GetProperty("objective").GetDouble(), 6);
        Assert.Equal(210, root.GetProperty("cost").GetDouble(), 6);
        Assert.Equal(2, root.GetProperty("crossBorderInterfaceWeight").GetDouble(), 6);
        Assert.Equal(0, root.GetProperty("conflicts").GetArrayLength());
        var allocation = root.GetProperty("allocation").EnumerateArray()
            .Select(a => (a.GetProperty("workPackage").GetString(), a.GetProperty("company").GetString(), a.GetProperty("nation").GetString()))
            .OrderBy(a => a.Item1, StringComparer.Ordinal).ToList();
        Assert.Equal([("a", "us1", "US"), ("b", "jp1", "JP")], allocation);
        var us = root.GetProperty("shares").EnumerateArray().Single(s => s.GetProperty("nation").GetString() == "US");
        Assert.Equal(0.5, us.GetProperty("target").GetDouble(), 9);
        Assert.Equal(0.5, us.GetProperty("actual").GetDouble(), 9);
        Assert.Equal("integrated", root.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Allocate_ModeOption_OverridesTheJsonAndCompartmentsCostNothingForInterfaces()
    {
        // Compartmentalized: the λ term is left out; each package is its own subsystem but for "a" (kv): still $210.
        var result = await CliRunner.RunAsync("workshare", "allocate", "--input", Write(Small), "--mode", "compartmentalized", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("compartmentalized", root.GetProperty("mode").GetString());
        Assert.Equal(210, root.GetProperty("objective").GetDouble(), 6);
    }

    [Theory]
    [InlineData(".lp", "Subject To")]
    [InlineData(".mps", "ROWS")]
    public async Task Allocate_ExportLp_WritesTheModelInTheFormatItsNameAsks(string extension, string marker)
    {
        var path = _temp.NewPath(extension);

        var result = await CliRunner.RunAsync("workshare", "allocate", "--input", Write(Small), "--export-lp", path);

        Assert.True(result.ExitCode == 0, result.Err);
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains(marker, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(extension == ".lp" ? "ROWS" : "Subject To", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allocate_TransferCase_ReleaseLimitFromTheTransferRulesInTheAnswer()
    {
        // "a" carries U.S.-origin MTCR Category I technology for a Japanese company instead of a hand-set list: issue #3's
        // rules prohibit that transfer, so "a" may go to the U.S. only, as in Small, and the answer says why.
        var json = Small.Replace("\"releasableTo\": [\"US\"] }", """
            "transfer": { "from": "US", "channel": "dcs", "recipient": "company",
              "item": { "kind": "technology", "weapon": true, "origin": "US", "usml": "IV", "mtcrCategory": 1 } } }
            """, StringComparison.Ordinal);
        Assert.NotEqual(Small, json);

        var result = await CliRunner.RunAsync("workshare", "allocate", "--input", Write(json), "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(220, root.GetProperty("objective").GetDouble(), 6);
        var release = Assert.Single(root.GetProperty("releases").EnumerateArray().ToList());
        Assert.Equal("a", release.GetProperty("workPackage").GetString());
        Assert.Equal(["US"], release.GetProperty("releasableTo").EnumerateArray().Select(n => n.GetString()));
        var jp = release.GetProperty("nations").EnumerateArray().Single(n => n.GetProperty("nation").GetString() == "JP");
        Assert.Equal("prohibited", jp.GetProperty("verdict").GetString());
        Assert.False(jp.GetProperty("releasable").GetBoolean());
        Assert.Contains("US_MTCR_CAT1_NONGOV_DENY", jp.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));

        // A case naming its destination, with an unknown channel: exit 2, each problem at FILE:line:column.
        var bad = json.Replace("\"from\": \"US\", \"channel\": \"dcs\"", "\"from\": \"US\", \"to\": \"JP\", \"channel\": \"dcsx\"", StringComparison.Ordinal);
        var file = Write(bad);
        var failed = await CliRunner.RunAsync("workshare", "allocate", "--input", file);

        Assert.Equal(2, failed.ExitCode);
        var line = bad.Split('\n').Select((text, i) => (text, i)).First(l => l.text.Contains("\"dcsx\"", StringComparison.Ordinal)).i + 1;
        Assert.Contains($"{file}:{line}:", failed.Err, StringComparison.Ordinal);
        Assert.Contains("workPackages[0].transfer.to: leave it out", failed.Err, StringComparison.Ordinal);
        Assert.Contains("workPackages[0].transfer.channel: 'dcsx' is not valid", failed.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_Input_ThreeModesSideBySide()
    {
        var result = await CliRunner.RunAsync("workshare", "compare", "--input", Write(Small), "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var results = JsonDocument.Parse(result.Out).RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["compartmentalized", "integrated", "blend"], results.Select(r => r.GetProperty("mode").GetString()));
        Assert.All(results, r => Assert.Equal("optimal", r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Allocate_UnknownMode_Exit2WithFileLineColumnAndField()
    {
        var path = Write(Small.Replace("\"mode\": \"integrated\"", "\"mode\": \"foo\"", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync("workshare", "allocate", "--input", path, "--format", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}:14:3: mode: unknown value 'foo'", result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out.Trim());
    }

    [Fact]
    public async Task Allocate_SharesNotSummingToOne_Exit2AtTheNationsLine()
    {
        var path = Write(Small.Replace("\"share\": 0.5 } ]", "\"share\": 0.4 } ]", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync("workshare", "allocate", "--input", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}:3:3: nations: the funding shares sum to 0.9", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allocate_PackageNoCompanyCanDo_Exit0WithAnExplainedConflict()
    {
        var path = Write(Small.Replace("\"cost\": 100, \"capabilities\": [] }", "\"cost\": 100, \"capabilities\": [\"MSL.KV\"] }", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync("workshare", "allocate", "--input", path, "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("infeasible", root.GetProperty("status").GetString());
        var conflict = Assert.Single(root.GetProperty("conflicts").EnumerateArray());
        Assert.Equal("no_candidate", conflict.GetProperty("kind").GetString());
        Assert.Equal("b", conflict.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Allocate_NoCandidateWithExportLp_Exit0NothingWrittenAndSaysWhy()
    {
        var path = Write(Small.Replace("\"cost\": 100, \"capabilities\": [] }", "\"cost\": 100, \"capabilities\": [\"MSL.KV\"] }", StringComparison.Ordinal));
        var lp = Path.ChangeExtension(path, ".lp");

        var result = await CliRunner.RunAsync("workshare", "allocate", "--input", path, "--export-lp", lp, "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.False(File.Exists(lp));
        Assert.Contains("nothing written to " + lp, result.Err, StringComparison.Ordinal);
        Assert.Equal("infeasible", JsonDocument.Parse(result.Out).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Options_BadModeOrNeitherInput_Exit2NamingTheOption()
    {
        var mode = await CliRunner.RunAsync("workshare", "allocate", "--input", Write(Small), "--mode", "juste-retour");
        var neither = await CliRunner.RunAsync("workshare", "allocate");
        var lambda = await CliRunner.RunAsync("workshare", "allocate", "--input", Write(Small), "--lambda", "-1");

        Assert.Equal(2, mode.ExitCode);
        Assert.StartsWith("--mode: unknown mode 'juste-retour'", mode.Err, StringComparison.Ordinal);
        Assert.Equal(2, neither.ExitCode);
        Assert.StartsWith("--input:", neither.Err, StringComparison.Ordinal);
        Assert.Equal(2, lambda.ExitCode);
        Assert.StartsWith("--lambda: must be ≥ 0", lambda.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registry_DemoGpi_SavedRunLedgerAndContracts()
    {
        var db = await DemoDatabase.NewAsync(_temp);

        // The demo's GPI, compartmentalized (data/demo/workshare/README.md): $6,009M, Japan $2.7B of $5.7B.
        var allocate = await CliRunner.RunAsync("workshare", "allocate", "--db", db, "--program", "gpi", "--mode", "compartmentalized", "--save", "GPI compartments", "--format", "json");
        Assert.True(allocate.ExitCode == 0, allocate.Err);
        var root = JsonDocument.Parse(allocate.Out).RootElement;
        Assert.Equal("optimal", root.GetProperty("status").GetString());
        Assert.Equal(6_009e6, root.GetProperty("objective").GetDouble(), 0);
        Assert.StartsWith("WS-", root.GetProperty("runId").GetString(), StringComparison.Ordinal);

        var compare = await CliRunner.RunAsync("workshare", "compare", "--db", db, "--program", "gpi", "--format", "json");
        Assert.True(compare.ExitCode == 0, compare.Err);
        Assert.Equal([6_009e6, 6_589e6, 6_809e6], JsonDocument.Parse(compare.Out).RootElement.GetProperty("results").EnumerateArray()
            .Select(r => Math.Round(r.GetProperty("objective").GetDouble())));

        var before = await CliRunner.RunAsync("workshare", "ledger", "--db", db, "--program", "gpi", "--format", "json");
        Assert.True(before.ExitCode == 0, before.Err);
        var program = JsonDocument.Parse(before.Out).RootElement.GetProperty("programs")[0];
        Assert.Equal("allocation", program.GetProperty("basis").GetString());
        Assert.Equal(root.GetProperty("runId").GetString(), program.GetProperty("runId").GetString());

        var add = await CliRunner.RunAsync("workshare", "contract", "add", "--db", db, "--program", "gpi", "--nation", "JP", "--value", "250000000",
            "--date", "2025-04-01", "--company", "ihi", "--reference", "GPI-RM-01", "--format", "json");
        Assert.True(add.ExitCode == 0, add.Err);
        Assert.StartsWith("WL-", JsonDocument.Parse(add.Out).RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
        var after = JsonDocument.Parse((await CliRunner.RunAsync("workshare", "ledger", "--db", db, "--format", "json")).Out).RootElement;
        var gpi = after.GetProperty("programs")[0];
        Assert.Equal("contracts", gpi.GetProperty("basis").GetString());
        var jp = gpi.GetProperty("nations").EnumerateArray().Single(n => n.GetProperty("nation").GetString() == "JP");
        Assert.Equal(1.0, jp.GetProperty("workShare").GetDouble(), 9);
        Assert.True(jp.GetProperty("flagged").GetBoolean());

        var bad = await CliRunner.RunAsync("workshare", "contract", "add", "--db", db, "--program", "gpi", "--nation", "FR", "--value", "-5", "--date", "2025-02-30");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--nation: 'FR' is not a partner nation of 'gpi'", bad.Err, StringComparison.Ordinal);
        Assert.Contains("--value: must be more than 0", bad.Err, StringComparison.Ordinal);
        Assert.Contains("--date: '2025-02-30' is not a date", bad.Err, StringComparison.Ordinal);
        var unknown = await CliRunner.RunAsync("workshare", "ledger", "--db", db, "--program", "no-such");
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("--program: unknown program 'no-such'", unknown.Err, StringComparison.Ordinal);

        var audit = await CliRunner.RunAsync("audit", "list", "--db", db, "--format", "json");
        Assert.Contains("workshare.saved", audit.Out, StringComparison.Ordinal);
        Assert.Contains("workshare.contract_added", audit.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registry_PlanWithAnError_Exit2AtThePlanFilesLine()
    {
        var db = await DemoDatabase.NewAsync(_temp);
        var plan = Write("{\n  \"tolerance\": 0.05,\n  \"companies\": [ { \"id\": \"ihi\", \"costFactor\": 0 } ]\n}");

        var result = await CliRunner.RunAsync("workshare", "allocate", "--db", db, "--program", "gpi", "--plan", plan);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{plan}:3:", result.Err, StringComparison.Ordinal);
        Assert.Contains("companies[0].costFactor: must be a number > 0", result.Err, StringComparison.Ordinal);
    }
}
