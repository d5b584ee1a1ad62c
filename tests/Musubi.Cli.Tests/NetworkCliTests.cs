using System.Runtime.CompilerServices;
using System.Text.Json;
using Musubi.Testing;

namespace Musubi.Cli.Tests;

/// <summary><c>musubi network …</c> as a user runs it, on the documented example package and on broken ones.</summary>
public sealed class NetworkCliTests : IDisposable
{
    private readonly TempDirectory _temp = new("musubi-network-");

    public void Dispose() => _temp.Dispose();

    /// <summary>A folder of the repository, found from this source file (the build output may live outside the repository).</summary>
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

    private static string Example => Repository(Path.Combine("docs", "examples", "package"));

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
            File.WriteAllText(Path.Combine(dir, file), text);
        }
        return dir;
    }

    [Fact]
    public async Task Critical_OnTheExample_NamesBothOrganizationsWithWhy()
    {
        var result = await CliRunner.RunAsync("network", "critical", "--input", Example, "--item", "p-missile", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("p-missile", root.GetProperty("item").GetString());
        Assert.True(root.GetProperty("producible").GetBoolean());
        Assert.Equal("organization", root.GetProperty("unit").GetString());
        var units = root.GetProperty("critical").EnumerateArray().Select(c => c.GetProperty("unit").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["organization:org-1", "organization:org-2"], units);
        var seeker = root.GetProperty("critical").EnumerateArray().Single(c => c.GetProperty("unit").GetString() == "organization:org-2");
        Assert.Equal(30, seeker.GetProperty("capacityPerMonth").GetDouble());
        Assert.Contains(seeker.GetProperty("why").EnumerateArray(), w => w.GetProperty("offerId").GetString() == "o-seeker");
        Assert.True(root.GetProperty("stats").GetProperty("offers").GetInt32() == 2);
    }

    [Fact]
    public async Task Critical_ByCountry_Table_ListsBothCountries()
    {
        var result = await CliRunner.RunAsync("network", "critical", "--input", Example, "--item", "p-missile", "--unit", "country");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("country:US", result.Out, StringComparison.Ordinal);
        Assert.Contains("country:JP", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pairs_WithASecondSeekerSource_FindsThePairThatStopsTheItem()
    {
        var dir = Package(
            ("organizations.csv", "id,name,country,kind\norg-1,Example Missiles Inc,US,prime\norg-2,Example Seeker KK,JP,supplier\norg-3,Second Seeker Co,US,supplier\n"),
            ("facilities.csv", "id,organization_id,name,country,region\nfac-1,org-1,Tucson assembly,US,AZ\nfac-2,org-2,Nagoya works,JP,Aichi\nfac-3,org-3,Dallas works,US,TX\n"),
            ("offers.csv", "id,part_id,facility_id,capacity_per_month,lead_time_days,unit_cost_usd,qualified\no-missile,p-missile,fac-1,20,180,9500000,true\no-seeker,p-seeker,fac-2,30,120,400000,true\no-seeker-2,p-seeker,fac-3,10,120,450000,true\n"),
            ("approved_sources.csv", "offer_id,input_part_id,source_offer_id\no-missile,p-seeker,o-seeker\no-missile,p-seeker,o-seeker-2\n"));

        var result = await CliRunner.RunAsync("network", "pairs", "--input", dir, "--item", "p-missile", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var pairs = JsonDocument.Parse(result.Out).RootElement.GetProperty("pairs").EnumerateArray()
            .Select(p => string.Join("+", new[] { p.GetProperty("first").GetString(), p.GetProperty("second").GetString() }.Order(StringComparer.Ordinal)))
            .ToList();
        Assert.Equal(["organization:org-2+organization:org-3"], pairs);
    }

    [Fact]
    public async Task Concentration_OnTheExample_MarksTheSeekerSoleSourceInJapan()
    {
        var result = await CliRunner.RunAsync("network", "concentration", "--input", Example, "--item", "p-missile", "--adversary", "CN,RU", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(["CN", "RU"], root.GetProperty("adversaryCountries").EnumerateArray().Select(c => c.GetString()).Order(StringComparer.Ordinal).ToList());
        var seeker = root.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("partId").GetString() == "p-seeker");
        Assert.Equal(1, seeker.GetProperty("tier").GetInt32());
        Assert.True(seeker.GetProperty("soleSource").GetBoolean());
        Assert.Equal(10_000, seeker.GetProperty("hhiByCountry").GetDouble(), 6);
    }

    [Fact]
    public async Task Disrupt_LosingJapan_StopsTheMissileAndLosesAllItsOutput()
    {
        var result = await CliRunner.RunAsync("network", "disrupt", "--input", Example, "--remove", "country:jp", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(["country:JP"], root.GetProperty("removed").EnumerateArray().Select(r => r.GetString()).ToList());
        var missile = root.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("p-missile", missile.GetProperty("partId").GetString());
        Assert.True(missile.GetProperty("producibleBefore").GetBoolean());
        Assert.False(missile.GetProperty("producibleAfter").GetBoolean());
        Assert.Equal(20, missile.GetProperty("maxMonthlyBefore").GetDouble(), 6);
        Assert.Equal(0, missile.GetProperty("maxMonthlyAfter").GetDouble(), 6);
    }

    [Fact]
    public async Task Critical_OnAPackageWithACycle_ReadsItAndReportsTheCycle()
    {
        // The seeker needs the missile and the missile the seeker: the import would refuse it, the analyses report it.
        var dir = Package(("offer_inputs.csv", "offer_id,input_part_id,quantity_per_unit\no-missile,p-seeker,1\no-seeker,p-missile,1\n"));

        var result = await CliRunner.RunAsync("network", "critical", "--input", dir, "--item", "p-missile", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.False(root.GetProperty("producible").GetBoolean()); // nothing starts the cycle from outside
        var cycle = Assert.Single(root.GetProperty("cycles").EnumerateArray().ToList());
        var parts = cycle.EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("p-missile", parts);
        Assert.Contains("p-seeker", parts);
    }

    [Fact]
    public async Task DanglingIds_Exit2WithFileLineField()
    {
        var dir = Package(
            ("offers.csv", "id,part_id,facility_id,capacity_per_month,lead_time_days,unit_cost_usd,qualified\no-missile,p-missile,fac-1,20,180,9500000,true\no-seeker,p-seeker,fac-9,-3,120,400000,true\n"),
            ("approved_sources.csv", "offer_id,input_part_id,source_offer_id\no-missile,p-seeker,o-missile\n"));

        var result = await CliRunner.RunAsync("network", "critical", "--input", dir, "--item", "p-missile", "--format", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out.Trim());
        Assert.Contains("offers.csv:3:facility_id: unknown facility 'fac-9'", result.Err, StringComparison.Ordinal);
        Assert.Contains("offers.csv:3:capacity_per_month: must be ≥ 0", result.Err, StringComparison.Ordinal);
        Assert.Contains("approved_sources.csv:2:source_offer_id: offer 'o-missile' makes 'p-missile', not the input 'p-seeker'", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateIdsAndMissingInputs_Exit2WithEveryProblem()
    {
        var dir = Package(
            ("facilities.csv", "id,organization_id,name,country,region\nfac-1,org-1,Tucson assembly,US,AZ\nfac-2,org-9,Nagoya works,JP,Aichi\n"),
            ("parts.csv", "id,name,end_item,weapon,usml,eccn\np-missile,Interceptor,true,true,IV,\np-seeker,IR seeker,false,false,XII,\np-seeker,Again,false,false,,\n"),
            ("approved_sources.csv", "offer_id,input_part_id,source_offer_id\no-seeker,p-seeker,o-seeker\no-missile,p-seeker,o-nowhere\n"));

        var result = await CliRunner.RunAsync("network", "concentration", "--input", dir, "--item", "p-missile");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("facilities.csv:3:organization_id: unknown organization 'org-9'", result.Err, StringComparison.Ordinal);
        Assert.Contains("parts.csv:4:id: duplicate id 'p-seeker'", result.Err, StringComparison.Ordinal);
        Assert.Contains("approved_sources.csv:2:input_part_id: offer 'o-seeker' has no input 'p-seeker'", result.Err, StringComparison.Ordinal);
        Assert.Contains("approved_sources.csv:3:source_offer_id: unknown offer 'o-nowhere'", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownItem_Exit2NamingTheOption()
    {
        var result = await CliRunner.RunAsync("network", "critical", "--input", Example, "--item", "p-nothing");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--item: unknown part 'p-nothing'", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadUnitAndBadRemove_Exit2NamingTheOption()
    {
        var unit = await CliRunner.RunAsync("network", "critical", "--input", Example, "--item", "p-missile", "--unit", "planet");
        var remove = await CliRunner.RunAsync("network", "disrupt", "--input", Example, "--remove", "country:ZZ");

        Assert.Equal(2, unit.ExitCode);
        Assert.Contains("--unit: 'planet' is not a unit level", unit.Err, StringComparison.Ordinal);
        Assert.Equal(2, remove.ExitCode);
        Assert.Contains("--remove: unknown unit 'country:ZZ'", remove.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFolder_Exit2()
    {
        var result = await CliRunner.RunAsync("network", "critical", "--input", Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N")), "--item", "p-missile");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(":0:input: no such folder", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registry_WithDbAndAs_AnswersOverTheDemoAndAudits()
    {
        var db = await DemoDatabase.NewAsync(_temp);

        var critical = await CliRunner.RunAsync("network", "critical", "--db", db, "--as", "jp-atla", "--item", "p-suas", "--format", "json");
        var unknown = await CliRunner.RunAsync("network", "critical", "--db", db, "--item", "p-nothing");
        var both = await CliRunner.RunAsync("network", "critical", "--db", db, "--input", Example, "--item", "p-missile");
        var program = await CliRunner.RunAsync("network", "critical", "--db", db, "--as", "us-acq", "--program", "sm3-iia", "--format", "json");
        var unknownProgram = await CliRunner.RunAsync("network", "critical", "--db", db, "--program", "no-such-program");
        var programOnPackage = await CliRunner.RunAsync("network", "critical", "--input", Example, "--program", "sm3-iia");
        var audit = await CliRunner.RunAsync("audit", "list", "--db", db, "--format", "json");

        // Every end item of a program: SM-3 Block IIA's end item is the demo interceptor.
        Assert.True(program.ExitCode == 0, program.Err);
        var programRoot = JsonDocument.Parse(program.Out).RootElement;
        Assert.Equal("sm3-iia", programRoot.GetProperty("program").GetString());
        var item = Assert.Single(programRoot.GetProperty("items").EnumerateArray());
        Assert.Equal("p-int", item.GetProperty("item").GetString());
        Assert.NotEmpty(item.GetProperty("critical").EnumerateArray());
        Assert.Equal(2, unknownProgram.ExitCode);
        Assert.Contains("--program: unknown program 'no-such-program'", unknownProgram.Err, StringComparison.Ordinal);
        Assert.Equal(2, programOnPackage.ExitCode);
        Assert.Contains("--program: a package has no programs", programOnPackage.Err, StringComparison.Ordinal);

        Assert.True(critical.ExitCode == 0, critical.Err);
        var root = JsonDocument.Parse(critical.Out).RootElement;
        Assert.True(root.GetProperty("producible").GetBoolean());
        Assert.Contains(root.GetProperty("critical").EnumerateArray(), c => c.GetProperty("unit").GetString() == "organization:enshu-motor");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--item: unknown part 'p-nothing'", unknown.Err, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("network.analyzed", audit.Out, StringComparison.Ordinal);
    }
}
