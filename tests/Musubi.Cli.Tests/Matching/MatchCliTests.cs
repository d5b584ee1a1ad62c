using System.Text.Json;
using Musubi.Testing;

namespace Musubi.Cli.Tests.Matching;

/// <summary>
/// <c>musubi match …</c> as a user runs it over the demo: the issue's JSON shapes (requirement, results with
/// organizationId, facilityId, score and explanation, excluded), the reverse ranking, the evaluation, readers who may
/// not see the requirement, and exit 2 naming the option or the id.
/// </summary>
[RunsLong(56)]
public sealed class MatchCliTests(MatchCliTests.SharedDemo demo) : IClassFixture<MatchCliTests.SharedDemo>
{
    /// <summary>
    /// One demo database for the class, copied from the run's (<see cref="DemoDatabase"/>) by the first test that asks,
    /// deleted after the last.
    /// </summary>
    public sealed class SharedDemo : IDisposable
    {
        private readonly TempDirectory _temp = new("musubi-match-");

        public SharedDemo()
        {
            Db = new(() => DemoDatabase.NewAsync(_temp));
        }

        public Lazy<Task<string>> Db { get; }

        public void Dispose() => _temp.Dispose();
    }

    private Lazy<Task<string>> Demo => demo.Db;

    [Fact]
    public async Task Requirement_Json_HasTheIssuesShape_WithExplanations()
    {
        var db = await Demo.Value;
        var result = await CliRunner.RunAsync("match", "requirement", "req-005", "--db", db, "--top", "3", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("req-005", root.GetProperty("requirement").GetProperty("id").GetString());
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.InRange(results.Count, 1, 3);
        foreach (var r in results)
        {
            Assert.False(string.IsNullOrEmpty(r.GetProperty("organizationId").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("facilityId").GetString()));
            var score = r.GetProperty("score").GetDouble();
            Assert.InRange(score, 0, 1);
            var explanation = r.GetProperty("explanation").EnumerateArray().ToList();
            Assert.Contains(explanation, e => e.GetProperty("kind").GetString() == "filter" && e.GetProperty("code").GetString() == "transfer");
            var contributions = explanation.Where(e => e.GetProperty("kind").GetString() == "score").Sum(e => e.GetProperty("contribution").GetDouble());
            Assert.Equal(score, contributions, 9);
        }
        Assert.Equal(JsonValueKind.Array, root.GetProperty("excluded").ValueKind);
        Assert.Empty(root.GetProperty("excluded").EnumerateArray());
    }

    [Fact]
    public async Task Requirement_ExplainExcluded_ListsEveryCandidateOnceWithWhy()
    {
        var db = await Demo.Value;
        var result = await CliRunner.RunAsync("match", "requirement", "req-001", "--db", db, "--top", "1000", "--explain-excluded", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var root = JsonDocument.Parse(result.Out).RootElement;
        var ranked = root.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("facilityId").GetString()!).ToList();
        var excluded = root.GetProperty("excluded").EnumerateArray().ToList();
        var all = ranked.Concat(excluded.Select(e => e.GetProperty("facilityId").GetString()!)).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(root.GetProperty("candidates").GetInt32(), all.Count);
        Assert.Contains("ng-promontory", all);
        foreach (var e in excluded)
        {
            Assert.Contains(e.GetProperty("reasons").EnumerateArray(), x => !x.GetProperty("passed").GetBoolean());
        }
    }

    [Fact]
    public async Task Requirement_Table_NamesTheFacilities()
    {
        var db = await Demo.Value;
        var result = await CliRunner.RunAsync("match", "requirement", "req-035", "--db", db);

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("ssr-sasebo", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requirement_HiddenOrUnknown_Exit2_RequirementNotFound()
    {
        var db = await Demo.Value;
        // jp-bizdev has no CUI access; req-001 is CUI//REL TO USA, JPN.
        var hidden = await CliRunner.RunAsync("match", "requirement", "req-001", "--db", db, "--as", "jp-bizdev", "--format", "json");
        Assert.Equal(2, hidden.ExitCode);
        Assert.StartsWith("requirement: not found", hidden.Err, StringComparison.Ordinal);
        Assert.Equal("", hidden.Out);

        var unknown = await CliRunner.RunAsync("match", "requirement", "req-none", "--db", db);
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("requirement: not found", unknown.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--top", "0", "--top")]
    [InlineData("--top", "1001", "--top")]
    [InlineData("--top", "many", "--top")]
    [InlineData("--weights", "text=-1", "--weights")]
    [InlineData("--weights", "speed=1", "--weights")]
    [InlineData("--weights", "text=0,capability=0,capacity=0,diversification=0,pastPerformance=0", "--weights")]
    public async Task Requirement_BadOption_Exit2_NamingIt(string option, string value, string named)
    {
        var db = await Demo.Value;
        var result = await CliRunner.RunAsync("match", "requirement", "req-005", "--db", db, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Supplier_Json_RanksOpenRequirements_AndUnknownIsExit2()
    {
        var db = await Demo.Value;
        var result = await CliRunner.RunAsync("match", "supplier", "northrop", "--db", db, "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("northrop", root.GetProperty("organization").GetProperty("id").GetString());
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(results);
        foreach (var r in results)
        {
            Assert.StartsWith("req-", r.GetProperty("requirementId").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("ng-", r.GetProperty("facilityId").GetString(), StringComparison.Ordinal);
            Assert.NotEmpty(r.GetProperty("explanation").EnumerateArray());
        }
        var scores = results.Select(r => r.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);

        var unknown = await CliRunner.RunAsync("match", "supplier", "no-such-org", "--db", db);
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("organization: not found", unknown.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_PrintsBothSets()
    {
        var db = await Demo.Value;
        var result = await CliRunner.RunAsync("match", "evaluate", "--db", db, "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var root = JsonDocument.Parse(result.Out).RootElement;
        foreach (var set in new[] { "ruleLabelled", "handLabelled" })
        {
            var s = root.GetProperty(set);
            Assert.True(s.GetProperty("cases").GetInt32() > 0);
            Assert.InRange(s.GetProperty("recallAt5").GetDouble(), 0, 1);
            Assert.InRange(s.GetProperty("ndcgAt10").GetDouble(), 0, 1);
        }
        Assert.Equal(12, root.GetProperty("handLabelled").GetProperty("cases").GetInt32());

        var table = await CliRunner.RunAsync("match", "evaluate", "--db", db);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("recall@5", table.Out, StringComparison.Ordinal);

        var missing = await CliRunner.RunAsync("match", "evaluate", "--db", db, "--labels", Path.Combine(Path.GetTempPath(), "no-such-labels.json"));
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("--labels:", missing.Err, StringComparison.Ordinal);
    }
}
