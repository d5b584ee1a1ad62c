using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Musubi.Testing;

namespace Musubi.Cli.Tests;

/// <summary><c>musubi surge …</c> as a user runs it: the demo network, planning data, exports, the registry, and bad input exiting 2 with the option or file:line:field.</summary>
public sealed class SurgeCliTests : IDisposable
{
    private readonly TempDirectory _temp = new("musubi-surge-cli-");

    public void Dispose() => _temp.Dispose();

    private static string Repository(string relative, [CallerFilePath] string source = "")
    {
        for (var dir = new FileInfo(source).Directory; dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(path))
            {
                return path;
            }
        }
        throw new InvalidOperationException($"no {relative} above {source}");
    }

    private static string Demo => Repository(Path.Combine("data", "demo", "network"));

    private static string Example => Repository(Path.Combine("docs", "examples", "package"));

    private string Folder(params (string File, string Text)[] files)
    {
        var dir = _temp.NewDirectory();
        foreach (var (file, text) in files)
        {
            File.WriteAllText(Path.Combine(dir, file), text, new UTF8Encoding(false));
        }
        return dir;
    }

    /// <summary>A copy of the example package with some files replaced.</summary>
    private string Package(params (string File, string Text)[] replace)
    {
        var dir = _temp.NewDirectory();
        foreach (var file in Directory.EnumerateFiles(Example, "*.csv"))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }
        foreach (var (file, text) in replace)
        {
            File.WriteAllText(Path.Combine(dir, file), text, new UTF8Encoding(false));
        }
        return dir;
    }

    [Fact]
    public async Task Plan_TheDemoInterceptor_OptimalWithDeliveriesInCamelCase()
    {
        var result = await CliRunner.RunAsync("surge", "plan", "--input", Demo, "--item", "p-int", "--months", "24", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("optimal", root.GetProperty("status").GetString());
        Assert.True(root.GetProperty("delivered").GetDouble() > 0);
        Assert.True(root.GetProperty("maxMonthlyRate").GetDouble() > 0);
        Assert.Equal("baseline", root.GetProperty("scenario").GetString());
        var schedule = root.GetProperty("schedule").EnumerateArray().ToList();
        Assert.Equal(24, schedule.Count);
        Assert.Equal(root.GetProperty("delivered").GetDouble(), schedule.Sum(d => d.GetProperty("delivered").GetDouble()), 6);
        foreach (var name in new[] { "objective", "bottlenecks", "expansions", "explanation", "bottleneckSummary", "firstDeliveries", "model" })
        {
            Assert.True(root.TryGetProperty(name, out _), $"no {name}");
        }
    }

    [Fact]
    public async Task Plan_Table_ShowsStatusScheduleAndBottlenecks()
    {
        var result = await CliRunner.RunAsync("surge", "plan", "--input", Demo, "--item", "p-int", "--months", "6", "--remove", "country:JP");

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("without country:JP", result.Out, StringComparison.Ordinal);
        Assert.Contains("delivered", result.Out, StringComparison.Ordinal);
        Assert.Contains("month", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_ExportMpsAndLp_WritesTheModel()
    {
        var mps = _temp.NewPath(".mps");
        var lp = Path.ChangeExtension(mps, ".lp");

        var result = await CliRunner.RunAsync("surge", "plan", "--input", Demo, "--item", "p-int", "--months", "6", "--export-mps", mps, "--export-lp", lp, "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var lines = (await File.ReadAllLinesAsync(mps)).Where(l => !l.StartsWith('*')).ToList();
        Assert.StartsWith("NAME", lines[0], StringComparison.Ordinal);
        Assert.Contains("ROWS", lines);
        Assert.Contains("COLUMNS", lines);
        Assert.Contains("ENDATA", lines);
        Assert.NotEqual(0, new FileInfo(lp).Length);
    }

    [Fact]
    public async Task Plan_CostWithDemoPlanningData_ReportsChoicesOrWhyNot()
    {
        var result = await CliRunner.RunAsync("surge", "plan", "--input", Demo, "--plan", Repository(Path.Combine("data", "demo", "surge")),
            "--item", "p-int", "--months", "36", "--objective", "cost", "--target", "6", "--by", "30", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("cost", root.GetProperty("objectiveKind").GetString());
        var status = root.GetProperty("status").GetString();
        Assert.True(status is "optimal" or "infeasible", status);
        if (status == "infeasible")
        {
            Assert.Equal("target_unreachable", root.GetProperty("explanation").GetProperty("kind").GetString());
        }
    }

    [Fact]
    public async Task Rate_TheDemoInterceptor()
    {
        var result = await CliRunner.RunAsync("surge", "rate", "--input", Demo, "--item", "p-int", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Err);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.True(root.GetProperty("maxMonthlyRate").GetDouble() > 0);
    }

    [Theory]
    [InlineData("--item p-nothing", "--item: unknown part 'p-nothing'")]
    [InlineData("--item p-int --months 121", "--months: the horizon must be between 1 and 120")]
    [InlineData("--item p-int --months 0", "--months: the horizon must be between 1 and 120")]
    [InlineData("--item p-int --objective cost", "--target: objective cost needs the target rate")]
    [InlineData("--item p-int --objective fastest", "--objective: 'fastest' is not an objective")]
    [InlineData("--item p-int --objective shortfall", "--plan: objective shortfall needs a demand schedule")]
    [InlineData("--item p-int --remove galaxy:far", "--remove: 'galaxy' is not a unit kind")]
    [InlineData("--item p-int --qualify country:ZZ", "--qualify: unknown unit 'country:ZZ'")]
    [InlineData("--item p-int --demand-factor 0", "--demand-factor: must be a number > 0")]
    [InlineData("--item p-int --with-expansions", "--with-expansions: no expansion options were given")]
    public async Task Plan_BadOption_Exit2NamingTheOption(string args, string message)
    {
        var result = await CliRunner.RunAsync(["surge", "plan", "--input", Demo, .. args.Split(' '), "--format", "json"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Plan_BadPackage_NegativeCapacityAndZeroQuantity_Exit2WithFileLineField()
    {
        var offers = await File.ReadAllLinesAsync(Path.Combine(Example, "offers.csv"));
        var header = offers[0];
        var rows = offers.Skip(1).ToList();
        var capacity = header.Split(',').ToList().IndexOf("capacity_per_month");
        var first = rows[0].Split(',');
        first[capacity] = "-5";
        rows[0] = string.Join(',', first);
        var inputs = await File.ReadAllLinesAsync(Path.Combine(Example, "offer_inputs.csv"));
        var input = inputs[1].Split(',');
        input[^1] = "0";
        var dir = Package(("offers.csv", string.Join('\n', [header, .. rows]) + "\n"), ("offer_inputs.csv", string.Join('\n', [inputs[0], string.Join(',', input), .. inputs.Skip(2)]) + "\n"));

        var result = await CliRunner.RunAsync("surge", "plan", "--input", dir, "--item", "p-missile", "--format", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("offers.csv:2:capacity_per_month: must be ≥ 0", result.Err, StringComparison.Ordinal);
        Assert.Contains("offer_inputs.csv:2:quantity_per_unit: must be > 0", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_BadPlanningData_Exit2WithFileLineField()
    {
        var plan = Folder(
            ("expansions.csv", "id,offer_id,extra_per_month,cost_usd,months_until_available\nx-1,o-nothing,2,10,1\n"),
            ("demand.csv", "part_id,month,quantity,colour\np-int,1,5,red\n"));
        var unknownOffer = Folder(("expansions.csv", "id,offer_id,extra_per_month,cost_usd,months_until_available\nx-1,o-nothing,2,10,1\n"));

        var columns = await CliRunner.RunAsync("surge", "plan", "--input", Demo, "--plan", plan, "--item", "p-int");
        var offer = await CliRunner.RunAsync("surge", "plan", "--input", Demo, "--plan", unknownOffer, "--item", "p-int");

        Assert.Equal(2, columns.ExitCode);
        Assert.Contains("demand.csv:1:colour: unknown column", columns.Err, StringComparison.Ordinal);
        Assert.Equal(2, offer.ExitCode);
        Assert.Contains("expansions.csv:2:offer_id: unknown offer 'o-nothing'", offer.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_OverTheRegistry_AsAReader_AuditedAndRefusesBothSources()
    {
        var db = await DemoDatabase.NewAsync(_temp);

        var plan = await CliRunner.RunAsync("surge", "plan", "--db", db, "--as", "us-acq", "--item", "p-int", "--months", "12", "--format", "json");
        var rate = await CliRunner.RunAsync("surge", "rate", "--db", db, "--item", "p-int", "--format", "json");
        var both = await CliRunner.RunAsync("surge", "plan", "--db", db, "--input", Demo, "--item", "p-int");
        var audit = await CliRunner.RunAsync("audit", "list", "--db", db, "--format", "json");

        Assert.True(plan.ExitCode == 0, plan.Err);
        Assert.Equal("optimal", JsonDocument.Parse(plan.Out).RootElement.GetProperty("status").GetString());
        Assert.True(rate.ExitCode == 0, rate.Err);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--input", both.Err, StringComparison.Ordinal);
        Assert.Contains("surge.planned", audit.Out, StringComparison.Ordinal);
    }
}
