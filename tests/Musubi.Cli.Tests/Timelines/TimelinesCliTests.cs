using System.Text.Json;
using Musubi.Testing;

namespace Musubi.Cli.Tests.Timelines;

/// <summary>
/// <c>musubi calendar holidays|business-days</c> and <c>musubi timeline align</c> as a user's shell runs them: the
/// issue's JSON shapes, the what-if and the ICS file, and every bad input an exit 2 naming the option or
/// <c>FILE:line:column: field</c>.
/// </summary>
public sealed class TimelinesCliTests : IDisposable
{
    private readonly TempDirectory _temp = new("musubi-timeline-");

    public void Dispose() => _temp.Dispose();

    private static string Demo(string id) => Path.Combine(AppContext.BaseDirectory, "data", "demo", "timelines", id + ".json");

    private string Temp(string text, string extension = ".json")
    {
        var path = _temp.NewPath(extension);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Holidays_Json_IsTheIssuesShape()
    {
        var r = await CliRunner.RunAsync("calendar", "holidays", "--country", "JP", "--year", "2025", "--format", "json");

        Assert.True(r.ExitCode == 0, r.Err);
        var list = JsonDocument.Parse(r.Out).RootElement;
        // Cabinet Office, 令和7年（2025年）: 16 national holidays and 3 substitute holidays (Feb 24, May 6, Nov 24).
        Assert.Equal(19, list.GetArrayLength());
        var first = list[0];
        Assert.Equal("2025-01-01", first.GetProperty("date").GetString());
        Assert.Equal("New Year's Day", first.GetProperty("name").GetString());
        Assert.Equal("元日", first.GetProperty("nameJa").GetString());
        Assert.Equal("statutory", first.GetProperty("kind").GetString());
        Assert.Equal(3, list.EnumerateArray().Count(h => h.GetProperty("kind").GetString() == "substitute"));
    }

    [Fact]
    public async Task Holidays_Us_HasTheObservedDayOfTheNextYearsNewYear()
    {
        var r = await CliRunner.RunAsync("calendar", "holidays", "--country", "us", "--year", "2021", "--format", "json");

        Assert.True(r.ExitCode == 0, r.Err);
        var list = JsonDocument.Parse(r.Out).RootElement.EnumerateArray().ToList();
        // OPM 2021: Juneteenth's first year; New Year's Day 2022 (a Saturday) observed on Friday 2021-12-31.
        Assert.Contains(list, h => h.GetProperty("date").GetString() == "2021-12-31" && h.GetProperty("kind").GetString() == "observed");
        Assert.Contains(list, h => h.GetProperty("date").GetString() == "2021-06-18");
    }

    [Fact]
    public async Task BusinessDays_Json_BothEndsIncluded()
    {
        var r = await CliRunner.RunAsync("calendar", "business-days", "--country", "US", "--from", "2021-12-27", "--to", "2022-01-07", "--format", "json");

        Assert.True(r.ExitCode == 0, r.Err);
        // Ten weekdays less Friday 2021-12-31 (New Year's Day 2022 observed): 9.
        Assert.Equal(9, JsonDocument.Parse(r.Out).RootElement.GetProperty("businessDays").GetInt32());
    }

    [Theory]
    [InlineData("--to", "calendar", "business-days", "--country", "JP", "--from", "2025-05-09", "--to", "2025-04-28")]
    [InlineData("--country", "calendar", "business-days", "--country", "FR", "--from", "2025-04-28", "--to", "2025-05-09")]
    [InlineData("--from", "calendar", "business-days", "--country", "JP", "--from", "2025-02-30", "--to", "2025-05-09")]
    [InlineData("--country", "calendar", "holidays", "--country", "XX", "--year", "2025")]
    [InlineData("--year", "calendar", "holidays", "--country", "JP", "--year", "1900")]
    [InlineData("--year", "calendar", "holidays", "--country", "JP", "--year", "2100")]
    public async Task BadCalendarInput_Exits2_NamingTheOption(string option, params string[] args)
    {
        var r = await CliRunner.RunAsync(args);

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith(option + ": ", r.Err, StringComparison.Ordinal);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public async Task Align_Json_IsTheContract_WithAWhatIfAndAnIcsFile()
    {
        var ics = _temp.NewPath(".ics");

        var r = await CliRunner.RunAsync("timeline", "align", "--input", Demo("sm3-follow-on"), "--what-if", "lor=2027-11", "--ics", ics, "--format", "json");

        Assert.True(r.ExitCode == 0, r.Err);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("2027-01-04", root.GetProperty("start").GetString());
        Assert.Equal("2029-04-01", root.GetProperty("finish").GetString());
        Assert.Equal("late", root.GetProperty("status").GetString());
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(10, steps.Count);
        foreach (var key in new[] { "id", "name", "calendar", "earliestStart", "earliestFinish", "latestStart", "latestFinish", "slackDays", "critical", "fiscalYear", "reason" })
        {
            Assert.All(steps, s => Assert.True(s.TryGetProperty(key, out _), key));
        }
        var lor = steps.Single(s => s.GetProperty("id").GetString() == "lor");
        Assert.Equal("2027-11-01", lor.GetProperty("earliestStart").GetString());
        Assert.Equal("notBefore", lor.GetProperty("reasonKind").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("criticalPath").ValueKind);
        var conflict = root.GetProperty("conflicts")[0];
        Assert.Equal("initial-deposit", conflict.GetProperty("step").GetString());
        Assert.Equal(336, conflict.GetProperty("daysLate").GetInt32());
        var text = await File.ReadAllTextAsync(ics);
        Assert.Equal(10, text.Split("BEGIN:VEVENT").Length - 1);
    }

    [Fact]
    public async Task Align_BadInput_Exits2_WithFileLineColumnAndField()
    {
        var path = Temp("{\n  \"start\": \"2027-01-04\",\n  \"calendars\": [\"US\"],\n  \"steps\": [ { \"id\": \"a\", \"name\": \"A\", \"calendar\": \"US\", \"duration\": 5, \"unit\": \"weeks\" } ]\n}\n");

        var r = await CliRunner.RunAsync("timeline", "align", "--input", path, "--format", "json");

        Assert.Equal(2, r.ExitCode);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(path)}:4:\\d+: steps\\[0\\]\\.unit: unknown value 'weeks'", r.Err);
    }

    [Theory]
    [InlineData("nope=2027-11", "--what-if: no step 'nope'")]
    [InlineData("lor", "--what-if: expected STEP=")]
    [InlineData("lor=November", "--what-if: 'November' is not a month")]
    public async Task Align_BadWhatIf_Exits2_NamingTheOption(string whatIf, string message)
    {
        var r = await CliRunner.RunAsync("timeline", "align", "--input", Demo("sm3-follow-on"), "--what-if", whatIf);

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith(message, r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Align_MissingInput_Exits2()
    {
        var r = await CliRunner.RunAsync("timeline", "align", "--input", Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".json"));

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("--input: ", r.Err, StringComparison.Ordinal);
    }
}
