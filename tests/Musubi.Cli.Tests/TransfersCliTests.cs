using System.Text.Json;
using Musubi.Testing;

namespace Musubi.Cli.Tests;

public sealed class TransfersCliTests : IDisposable
{
    private const string PatriotAfter = """
        {"id":"PATRIOT-TO-US-2023","date":"2023-12-22","from":"JP","to":"US",
         "item":{"name":"PAC-3 interceptors made in Japan under U.S. licence","kind":"finished_equipment","weapon":true,
                 "origin":"US","licensor":"US","madeIn":"JP","program":"Patriot"},
         "channel":"government","recipient":"government","valueUsd":19500000}
        """;

    private readonly TempDirectory _temp = new("musubi-transfers-");

    public void Dispose() => _temp.Dispose();

    private string Write(string text, string extension = ".json")
    {
        var path = _temp.NewPath(extension);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The repository's data/ folder (the tests run from its build output, inside the repository).</summary>
    private static string RepositoryData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var data = Path.Combine(dir.FullName, "data");
            if (Directory.Exists(Path.Combine(data, "rules")))
            {
                return data;
            }
        }
        throw new InvalidOperationException("no data/rules above " + AppContext.BaseDirectory);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task Check_Json_GivesTheContractAnswerForEachCase()
    {
        var before = PatriotAfter.Replace("2023-12-22", "2023-12-01", StringComparison.Ordinal).Replace("PATRIOT-TO-US-2023", "BEFORE", StringComparison.Ordinal);
        var input = Write($"[{before},{PatriotAfter}]");

        var result = await CliRunner.RunAsync("transfers", "check", "--input", input, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var answers = JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal("prohibited", answers[0].GetProperty("verdict").GetString());
        Assert.NotEqual("prohibited", answers[1].GetProperty("verdict").GetString());
        Assert.Equal("PATRIOT-TO-US-2023", answers[1].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Check_AsOf_Table_ShowsTheVerdictAndGates()
    {
        var result = await CliRunner.RunAsync("transfers", "check", "--input", Write(PatriotAfter), "--as-of", "2023-12-01");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("prohibited", result.Out, StringComparison.Ordinal);
        Assert.Contains("JP", result.Out, StringComparison.Ordinal);
        Assert.Contains("sha256:", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_BadInput_ExitsTwoNamingFileLineAndField()
    {
        var input = Write("[\n" + PatriotAfter + ",\n{\"date\":\"2024-01-01\",\"from\":\"JP\",\"to\":\"ZZ\",\"item\":{\"kind\":\"component\"}}\n]");

        var result = await CliRunner.RunAsync("transfers", "check", "--input", input);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(input + ":", result.Err, StringComparison.Ordinal);
        Assert.Contains("[1].to", result.Err, StringComparison.Ordinal);
        Assert.Contains("ZZ", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1960-01-01")]
    [InlineData("2099-01-01")]
    [InlineData("soon")]
    public async Task Check_AsOfOutsideTheWindow_ExitsTwo(string asOf)
    {
        var result = await CliRunner.RunAsync("transfers", "check", "--input", Write(PatriotAfter), "--as-of", asOf);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--as-of", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recheck_WithAProposedRuleChange_ListsTheSavedChecksWhoseVerdictTurns()
    {
        var db = "sqlite:" + _temp.NewPath(".db");
        var before = PatriotAfter.Replace("2023-12-22", "2023-12-01", StringComparison.Ordinal).Replace("PATRIOT-TO-US-2023", "BEFORE", StringComparison.Ordinal);
        var saved = await CliRunner.RunAsync("transfers", "check", "--input", Write($"[{before},{PatriotAfter}]"), "--save", "--db", db, "--format", "json");
        Assert.Equal(0, saved.ExitCode);
        // The proposal: licensed products may go back to the licensor from 2023-12-01 instead of 2023-12-22.
        var proposal = _temp.NewPath();
        CopyDirectory(RepositoryData(), proposal);
        var revisions = Path.Combine(proposal, "rules", "jp", "revisions.yaml");
        var text = await File.ReadAllTextAsync(revisions);
        var at = text.IndexOf("id: JP_P2_LICENSED_TO_LICENSOR", StringComparison.Ordinal);
        Assert.True(at >= 0, "JP_P2_LICENSED_TO_LICENSOR is in revisions.yaml");
        var date = text.IndexOf("effective_from: 2023-12-22", at, StringComparison.Ordinal);
        await File.WriteAllTextAsync(revisions, text[..date] + "effective_from: 2023-12-01" + text[(date + "effective_from: 2023-12-22".Length)..]);

        var recheck = await CliRunner.RunAsync("transfers", "recheck", "--db", db, "--rules", proposal, "--format", "json");

        Assert.Equal(0, recheck.ExitCode);
        var report = JsonDocument.Parse(recheck.Out).RootElement;
        Assert.Equal(2, report.GetProperty("reevaluated").GetInt32());
        var change = Assert.Single(report.GetProperty("changes").EnumerateArray());
        Assert.Equal("BEFORE", change.GetProperty("caseId").GetString());
        Assert.Equal("prohibited", change.GetProperty("savedVerdict").GetString());
        Assert.NotEqual("prohibited", change.GetProperty("currentVerdict").GetString());
    }

    [Fact]
    public async Task Rules_option_with_a_broken_directory_exits_two_naming_file_line_and_field()
    {
        var broken = _temp.NewPath();
        CopyDirectory(RepositoryData(), broken);
        await File.AppendAllTextAsync(Path.Combine(broken, "rules", "jp", "revisions.yaml"), "  - { id: JP_BROKEN, jurisdiction: JP, title: t, effective_from: 2024-01-01, effect: allow }\n");

        var result = await CliRunner.RunAsync("transfers", "check", "--input", Write(PatriotAfter), "--rules", broken);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("rules/jp/revisions.yaml:", result.Err, StringComparison.Ordinal);
        Assert.Contains(":JP_BROKEN.citation: required", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Save_ThenRecheck_FindsNoChangeUnderTheSameRules()
    {
        var db = "sqlite:" + _temp.NewPath(".db");

        var saved = await CliRunner.RunAsync("transfers", "check", "--input", Write(PatriotAfter), "--save", "--db", db, "--format", "json");
        var recheck = await CliRunner.RunAsync("transfers", "recheck", "--db", db, "--format", "json");

        Assert.Equal(0, saved.ExitCode);
        Assert.StartsWith("TC-", JsonDocument.Parse(saved.Out).RootElement.GetProperty("checkId").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, recheck.ExitCode);
        var report = JsonDocument.Parse(recheck.Out).RootElement;
        Assert.Equal(1, report.GetProperty("total").GetInt32());
        Assert.Equal(0, report.GetProperty("changes").GetArrayLength());
    }

    [Fact]
    public async Task Timeline_ListsTheDateTheVerdictChanged()
    {
        var result = await CliRunner.RunAsync("transfers", "timeline", "--input", Write(PatriotAfter), "--from", "2023-01-01", "--to", "2024-12-31", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var timeline = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("prohibited", timeline.GetProperty("initial").GetProperty("verdict").GetString());
        Assert.Contains(timeline.GetProperty("changes").EnumerateArray(), c => c.GetProperty("date").GetString() == "2023-12-22");
    }

    [Fact]
    public async Task Timeline_ToBeforeFrom_ExitsTwo()
    {
        var result = await CliRunner.RunAsync("transfers", "timeline", "--input", Write(PatriotAfter), "--from", "2024-01-01", "--to", "2023-01-01");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--to", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesCheck_TheRepositorysData_ExitsZeroWithCountAndHash()
    {
        var result = await CliRunner.RunAsync("rules", "check", "--dir", RepositoryData());

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"\d+ rules", result.Out);
        Assert.Contains("sha256:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesCheck_ABrokenCopy_ExitsTwoListingEveryProblem()
    {
        var dir = _temp.NewDirectory();
        CopyDirectory(Path.Combine(RepositoryData(), "rules"), Path.Combine(dir, "rules"));
        CopyDirectory(Path.Combine(RepositoryData(), "world"), Path.Combine(dir, "world"));
        await File.WriteAllTextAsync(Path.Combine(dir, "rules", "jp", "zz-broken.yaml"), """
            rules:
              - id: JP_BROKEN_ONE
                jurisdiction: JP
                title: No citation
                effective_from: 2020-01-01
                effect: deny
                when:
                  - from: JP
                confidence: H
              - id: JP_BROKEN_TWO
                jurisdiction: JP
                title: Unknown country
                effective_from: 2020-01-01
                effect: deny
                when:
                  - to: QQ
                citation: "somewhere"
                confidence: H
            """);

        var result = await CliRunner.RunAsync("rules", "check", "--dir", dir);

        Assert.Equal(2, result.ExitCode);
        var file = Path.Combine(dir, "rules", "jp", "zz-broken.yaml");
        Assert.Matches(System.Text.RegularExpressions.Regex.Escape(file) + @":\d+:\S*citation: required", result.Err);
        Assert.Matches(System.Text.RegularExpressions.Regex.Escape(file) + @":\d+:[^:]*: .*QQ", result.Err);
    }

    [Fact]
    public async Task RulesList_ByJurisdictionAndDate_ListsRulesInForce()
    {
        var json = await CliRunner.RunAsync("rules", "list", "--jurisdiction", "US", "--as-of", "2024-01-01", "--format", "json");
        var bad = await CliRunner.RunAsync("rules", "list", "--jurisdiction", "XX");

        Assert.Equal(0, json.ExitCode);
        var rules = JsonDocument.Parse(json.Out).RootElement.GetProperty("rules").EnumerateArray().ToList();
        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.Equal("US", r.GetProperty("jurisdiction").GetString()));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--jurisdiction", bad.Err, StringComparison.Ordinal);
    }
}
