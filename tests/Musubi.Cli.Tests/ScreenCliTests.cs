using System.Text;
using System.Text.Json;
using Musubi.Testing;

namespace Musubi.Cli.Tests;

/// <summary><c>./musubi screen</c> on files (no database): the shared examples, the JSON contract and every kind of bad input.</summary>
[RunsLong(54)]
public sealed class ScreenCliTests : IDisposable
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "Screening", "examples");
    private static readonly string List = Path.Combine(Examples, "list.ftm.jsonl");
    private static readonly string Queries = Path.Combine(Examples, "queries.csv");

    private readonly TempDirectory _temp = new("musubi-screen-");

    public void Dispose() => _temp.Dispose();

    private string Write(string text, string extension) => WriteBytes(Encoding.UTF8.GetBytes(text), extension);

    private string WriteBytes(byte[] bytes, string extension)
    {
        var path = _temp.NewPath(extension);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The examples' queries: id → expected entity id (empty for none).</summary>
    private static List<(string Id, string Expected)> ExpectedAnswers()
    {
        var lines = File.ReadAllLines(Queries);
        var header = lines[0].Split(',');
        var id = Array.IndexOf(header, "id");
        var expected = Array.IndexOf(header, "expected");
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(c => (c[id], c[expected]))];
    }

    [Fact]
    public async Task Examples_Json_EveryQueryGetsItsExpectedEntityOrNone()
    {
        var result = await CliRunner.RunAsync("screen", "--list", List, "--queries", Queries, "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var answers = JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToList();
        var expected = ExpectedAnswers();
        Assert.Equal(expected.Count, answers.Count);
        var wrong = new List<string>();
        for (var i = 0; i < expected.Count; i++)
        {
            var a = answers[i];
            Assert.Equal(expected[i].Id, a.GetProperty("id").GetString()); // in the order of the file
            var decision = a.GetProperty("decision").GetString();
            var best = a.GetProperty("best");
            var bestId = best.ValueKind == JsonValueKind.Null ? null : best.GetProperty("entityId").GetString();
            var ok = expected[i].Expected.Length == 0
                ? decision == "none"
                : decision is "match" or "review" && bestId == expected[i].Expected;
            if (!ok)
            {
                wrong.Add($"{expected[i].Id}: expected {(expected[i].Expected.Length == 0 ? "none" : expected[i].Expected)}, got {decision} {bestId}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Json_HasTheContractShape_ScoresRoundedToFourDecimals()
    {
        var result = await CliRunner.RunAsync("screen", "--list", List, "--queries", Queries, "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var answers = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(JsonValueKind.Array, answers.ValueKind);
        var first = answers[0];
        Assert.Equal(["id", "decision", "best", "candidates"], first.EnumerateObject().Select(p => p.Name));
        var best = first.GetProperty("best");
        Assert.Equal(["entityId", "score", "matchedName", "explanation"], best.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["summary", "features", "tokens", "forms"], best.GetProperty("explanation").EnumerateObject().Select(p => p.Name));
        Assert.NotEmpty(best.GetProperty("explanation").GetProperty("features").EnumerateArray());
        foreach (var answer in answers.EnumerateArray())
        {
            var candidates = answer.GetProperty("candidates").EnumerateArray().ToList();
            Assert.True(candidates.Count <= 10);
            foreach (var c in candidates)
            {
                var score = c.GetProperty("score").GetDouble();
                Assert.InRange(score, 0, 1);
                Assert.Equal(Math.Round(score, 4), score);
                var raw = c.GetProperty("score").GetRawText();
                var dot = raw.IndexOf('.', StringComparison.Ordinal);
                Assert.True(dot < 0 || raw.Length - dot - 1 <= 4, raw);
            }
            if (answer.GetProperty("decision").GetString() == "none")
            {
                continue;
            }
            Assert.Equal(answer.GetProperty("best").GetProperty("entityId").GetString(), candidates[0].GetProperty("entityId").GetString());
        }
    }

    [Fact]
    public async Task OneName_InHanScript_FindsTheEntity_AsATableByDefault()
    {
        var result = await CliRunner.RunAsync("screen", "--list", List, "--name", "中国运载火箭技术研究院");

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("x-calt", result.Out, StringComparison.Ordinal);
        Assert.Contains("match", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 queries: 1 match", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneName_WithCountry_Json_IsAnArrayOfOneAnswer()
    {
        var result = await CliRunner.RunAsync("screen", "--list", List, "--name", "Uralvagonzavod JSC", "--country", "ru", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var answer = Assert.Single(JsonDocument.Parse(result.Out).RootElement.EnumerateArray());
        Assert.Equal("x-uvz", answer.GetProperty("best").GetProperty("entityId").GetString());
    }

    [Fact]
    public async Task Thresholds_DecideTheBand_AndBadOnesNameTheOption()
    {
        // A typo scores below 1: with both thresholds at 1 it is no longer a match or a review.
        var lenient = await CliRunner.RunAsync("screen", "--list", List, "--name", "Uralvagonzavd", "--format", "json");
        Assert.True(lenient.ExitCode == 0, lenient.Err);
        Assert.NotEqual("none", JsonDocument.Parse(lenient.Out).RootElement[0].GetProperty("decision").GetString());
        var strict = await CliRunner.RunAsync("screen", "--list", List, "--name", "Uralvagonzavd", "--threshold-match", "1", "--threshold-review", "1", "--format", "json");
        Assert.True(strict.ExitCode == 0, strict.Err);
        Assert.Equal("none", JsonDocument.Parse(strict.Out).RootElement[0].GetProperty("decision").GetString());

        var notANumber = await CliRunner.RunAsync("screen", "--list", List, "--name", "x", "--threshold-match", "high");
        Assert.Equal(2, notANumber.ExitCode);
        Assert.Contains("--threshold-match", notANumber.Err, StringComparison.Ordinal);

        var outOfRange = await CliRunner.RunAsync("screen", "--list", List, "--name", "x", "--threshold-match", "1.5");
        Assert.Equal(2, outOfRange.ExitCode);
        Assert.Contains("--threshold-match", outOfRange.Err, StringComparison.Ordinal);

        var crossed = await CliRunner.RunAsync("screen", "--list", List, "--name", "x", "--threshold-match", "0.6", "--threshold-review", "0.8");
        Assert.Equal(2, crossed.ExitCode);
        Assert.Contains("--threshold-review", crossed.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJsonLine_ExitsTwoNamingTheLine()
    {
        var lines = (await File.ReadAllLinesAsync(List)).ToList();
        lines.Insert(2, "{\"id\":\"x-broken\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Broken");
        var list = Write(string.Join("\n", lines) + "\n", ".jsonl");

        var result = await CliRunner.RunAsync("screen", "--list", list, "--name", "Uralvagonzavod");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(list + ":3:", result.Err, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task UnknownSchema_ExitsTwoNamingTheLineAndField()
    {
        var list = Write(await File.ReadAllTextAsync(List) + "{\"id\":\"x-ship\",\"schema\":\"Spaceship\",\"properties\":{\"name\":[\"Nostromo\"]}}\n", ".jsonl");

        var result = await CliRunner.RunAsync("screen", "--list", list, "--name", "Nostromo");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(list + ":9:schema:", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidUtf8_InTheListOrTheQueries_ExitsTwoNamingTheFile()
    {
        var bytes = (await File.ReadAllBytesAsync(List)).ToList();
        var at = bytes.IndexOf((byte)'U'); // inside "Uralvagonzavod" on line 4
        bytes[at] = 0xFF;
        var list = WriteBytes([.. bytes], ".jsonl");
        var badList = await CliRunner.RunAsync("screen", "--list", list, "--name", "Uralvagonzavod");
        Assert.Equal(2, badList.ExitCode);
        Assert.Contains(list + ":4:", badList.Err, StringComparison.Ordinal);

        var queries = WriteBytes([.. Encoding.UTF8.GetBytes("id,name,country\nq1,Good Name,\nq2,Bad "), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(" Name,\n")], ".csv");
        var badQueries = await CliRunner.RunAsync("screen", "--list", List, "--queries", queries);
        Assert.Equal(2, badQueries.ExitCode);
        Assert.Contains(queries + ":3:file: not valid UTF-8", badQueries.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("long")]
    public async Task BadName_ExitsTwoNamingTheField(string name)
    {
        var text = name == "long" ? new string('a', 1001) : name;

        var one = await CliRunner.RunAsync("screen", "--list", List, "--name", text);
        Assert.Equal(2, one.ExitCode);
        Assert.Contains("--name:", one.Err, StringComparison.Ordinal);

        var queries = Write($"id,name,country\nq1,Good Name,\nq2,{text},US\n", ".csv");
        var many = await CliRunner.RunAsync("screen", "--list", List, "--queries", queries, "--format", "json");
        Assert.Equal(2, many.ExitCode);
        Assert.Contains(queries + ":3:name:", many.Err, StringComparison.Ordinal);
        Assert.Empty(many.Out);
    }

    [Fact]
    public async Task BadQueriesFile_ExitsTwoWithEveryProblem()
    {
        var noHeader = Write("q1,Acme,US\n", ".csv");
        var a = await CliRunner.RunAsync("screen", "--list", List, "--queries", noHeader);
        Assert.Equal(2, a.ExitCode);
        Assert.Contains(noHeader + ":1:header:", a.Err, StringComparison.Ordinal);

        var problems = Write("id,name,country\nq1,Acme,ZZ\nq1,Other,\n,Third,\n\"q4,Unclosed\n", ".csv");
        var b = await CliRunner.RunAsync("screen", "--list", List, "--queries", problems);
        Assert.Equal(2, b.ExitCode);
        Assert.Contains(problems + ":5:file: a quoted field is never closed", b.Err, StringComparison.Ordinal);

        var rows = Write("id,name,country\nq1,Acme,ZZ\nq1,Other,\n,Third,\n", ".csv");
        var c = await CliRunner.RunAsync("screen", "--list", List, "--queries", rows);
        Assert.Equal(2, c.ExitCode);
        Assert.Contains(rows + ":2:country:", c.Err, StringComparison.Ordinal);
        Assert.Contains(rows + ":3:id: 'q1' is used by an earlier row", c.Err, StringComparison.Ordinal);
        Assert.Contains(rows + ":4:id: is empty", c.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFilesAndModes_ExitTwoNamingTheOption()
    {
        var noList = await CliRunner.RunAsync("screen", "--name", "Acme");
        Assert.Equal(2, noList.ExitCode);
        Assert.Contains("--list", noList.Err, StringComparison.Ordinal);

        var both = await CliRunner.RunAsync("screen", "--list", List, "--name", "Acme", "--queries", Queries);
        Assert.Equal(2, both.ExitCode);

        var missing = await CliRunner.RunAsync("screen", "--list", Path.Combine(Examples, "no-such-list.jsonl"), "--name", "Acme");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--list: cannot read", missing.Err, StringComparison.Ordinal);

        var badCountry = await CliRunner.RunAsync("screen", "--list", List, "--name", "Acme", "--country", "Narnia");
        Assert.Equal(2, badCountry.ExitCode);
        Assert.Contains("--country:", badCountry.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralLists_AreScreenedTogether()
    {
        var second = Write("id,name,aliases,country,identifiers\nx-acme,Acme Rocket Works,,US,\n", ".csv");

        var result = await CliRunner.RunAsync("screen", "--list", List, "--list", second, "--list-format", "csv", "--name", "Acme Rocket Works", "--format", "json");

        // --list-format applies to every list: the FollowTheMoney file is not a plain CSV.
        Assert.Equal(2, result.ExitCode);

        var detected = await CliRunner.RunAsync("screen", "--list", List, "--list", second, "--name", "Acme Rocket Works", "--format", "json");
        Assert.True(detected.ExitCode == 0, detected.Err);
        Assert.Equal("x-acme", JsonDocument.Parse(detected.Out).RootElement[0].GetProperty("best").GetProperty("entityId").GetString());
        var han = await CliRunner.RunAsync("screen", "--list", List, "--list", second, "--name", "中国工程物理研究院", "--format", "json");
        Assert.Equal("x-caep", JsonDocument.Parse(han.Out).RootElement[0].GetProperty("best").GetProperty("entityId").GetString());
    }

    private string NewDb() => "sqlite:" + _temp.NewPath(".db");

    [Fact]
    public async Task ListsImport_RescreensTheRegistry_RaisesAndClearsAlerts_AndVersionsSupersede()
    {
        var db = await DemoDatabase.NewAsync(_temp);
        // Kawasaki Heavy Industries (khi) is in the demo registry; here it is listed under its romanized Japanese name.
        var v1 = Write("id,name,aliases,country,identifiers\nx-kawa,Kawasaki Jukogyo K.K.,,JP,\nx-other,Nowhere Trading LLC,,KP,\n", ".csv");
        var v2 = Write("id,name,aliases,country,identifiers\nx-other,Nowhere Trading LLC,,KP,\n", ".csv");

        var first = await CliRunner.RunAsync("screen", "lists", "import", v1, "--source", "test-list", "--published", "2025-01-15", "--db", db);
        Assert.True(first.ExitCode == 0, first.Err);
        Assert.Contains("imported lv-", first.Out, StringComparison.Ordinal);
        Assert.Contains("khi", first.Out, StringComparison.Ordinal);
        Assert.Contains("new hit", first.Out, StringComparison.Ordinal);

        var again = await CliRunner.RunAsync("screen", "lists", "import", v1, "--source", "test-list", "--db", db);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("unchanged", again.Out, StringComparison.Ordinal);

        var second = await CliRunner.RunAsync("screen", "lists", "import", v2, "--source", "test-list", "--db", db);
        Assert.True(second.ExitCode == 0, second.Err);
        Assert.Contains("supersedes lv-", second.Out, StringComparison.Ordinal);
        Assert.Contains("cleared", second.Out, StringComparison.Ordinal);

        var lists = await CliRunner.RunAsync("screen", "lists", "--db", db, "--format", "json");
        Assert.Equal(0, lists.ExitCode);
        var versions = JsonDocument.Parse(lists.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, versions.Count);
        Assert.Equal(["active", "superseded"], versions.Select(v => v.GetProperty("status").GetString()));
        Assert.Equal("2025-01-15", versions[1].GetProperty("publishedOn").GetString());

        var registry = await CliRunner.RunAsync("screen", "registry", "--db", db, "--format", "json");
        Assert.True(registry.ExitCode == 0, registry.Err);
        Assert.Equal(0, JsonDocument.Parse(registry.Out).RootElement.GetProperty("report").GetProperty("newHits").GetInt32());
    }

    [Fact]
    public async Task ListsImport_BadFile_ExitsTwoNamingFileLineAndField_AndImportsNothing()
    {
        var db = NewDb();
        var lines = (await File.ReadAllLinesAsync(List)).ToList();
        lines.Insert(3, "{\"id\":\"x-bad\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Bad\"]");
        var list = Write(string.Join("\n", lines) + "\n", ".jsonl");

        var result = await CliRunner.RunAsync("screen", "lists", "import", list, "--source", "test-list", "--db", db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(list + ":4:", result.Err, StringComparison.Ordinal);
        Assert.Contains("nothing was imported", result.Err, StringComparison.Ordinal);
        var lists = await CliRunner.RunAsync("screen", "lists", "--db", db, "--format", "json");
        Assert.Empty(JsonDocument.Parse(lists.Out).RootElement.EnumerateArray());

        var badSource = await CliRunner.RunAsync("screen", "lists", "import", List, "--source", "Not A Key!", "--db", db);
        Assert.Equal(2, badSource.ExitCode);
        Assert.Contains(":source:", badSource.Err, StringComparison.Ordinal);

        var badDate = await CliRunner.RunAsync("screen", "lists", "import", List, "--source", "x", "--published", "15/01/2025", "--db", db);
        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("--published", badDate.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_ForAMissingOrPendingRecord_ExitsTwoSayingWhy()
    {
        var db = await DemoDatabase.NewAsync(_temp);
        var list = Write("id,name,aliases,country,identifiers\nx-kawa,Kawasaki Jukogyo K.K.,,JP,\n", ".csv");
        var import = await CliRunner.RunAsync("screen", "lists", "import", list, "--source", "test-list", "--db", db, "--output", "json");
        Assert.True(import.ExitCode == 0, import.Err);
        var alert = Assert.Single(JsonDocument.Parse(import.Out).RootElement.GetProperty("alerts").EnumerateArray());
        Assert.Equal("khi", alert.GetProperty("organizationId").GetString());
        Assert.Equal("new_hit", alert.GetProperty("kind").GetString());

        var missing = await CliRunner.RunAsync("screen", "certificate", "SR-nope", "--db", db);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("RECORD: no screening record 'SR-nope'", missing.Err, StringComparison.Ordinal);

        // The new hit's record waits for review: a certificate states a final answer, so none is issued yet.
        var record = alert.GetProperty("recordId").GetString()!;
        var pending = await CliRunner.RunAsync("screen", "certificate", record, "--db", db);
        Assert.Equal(2, pending.ExitCode);
        Assert.Contains("review", pending.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicates_Scan_ListsTheReviewQueue()
    {
        var db = await DemoDatabase.NewAsync(_temp);

        var scan = await CliRunner.RunAsync("screen", "duplicates", "--scan", "--threshold", "0.9", "--db", db, "--format", "json");

        Assert.True(scan.ExitCode == 0, scan.Err);
        var json = JsonDocument.Parse(scan.Out).RootElement;
        Assert.True(json.GetProperty("scan").GetProperty("organizations").GetInt32() >= 90);
        Assert.Equal(json.GetProperty("total").GetInt32(), json.GetProperty("candidates").GetArrayLength());

        var bad = await CliRunner.RunAsync("screen", "duplicates", "--scan", "--threshold", "2", "--db", db);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--threshold", bad.Err, StringComparison.Ordinal);
    }
}
