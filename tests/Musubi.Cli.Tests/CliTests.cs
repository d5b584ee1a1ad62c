using Musubi.Cli;
using Musubi.Testing;

namespace Musubi.Cli.Tests;

[RunsLong(67)]
public sealed class CliTests : IDisposable
{
    private readonly TempDirectory _temp = new("musubi-cli-");

    public void Dispose() => _temp.Dispose();

    private string TempDb() => "sqlite:" + _temp.NewPath(".db");

    [Fact]
    public async Task Version_PrintsTheVersion()
    {
        var result = await CliRunner.RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Out.Trim());
    }

    [Theory]
    [InlineData("--lambda: 'abc' is not a number", "workshare", "allocate", "--input", "program.json", "--lambda", "abc")]
    [InlineData("--page: 'two' is not a whole number", "registry", "list", "organizations", "--page", "two")]
    public async Task AnOptionValueOfTheWrongType_ExitsTwoSayingWhatTheOptionTakes(string expected, params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cannot parse argument 'maybe' for option '--scan' as expected type 'System.Boolean'.", "--scan: 'maybe' is not true or false")]
    [InlineData("Cannot parse argument '1e' for option '--time-limit' as expected type 'System.Nullable`1[System.Double]'.", "--time-limit: '1e' is not a number")]
    [InlineData("Unrecognized command or argument '--colour'.", "Unrecognized command or argument '--colour'.")]
    public void ParseErrors_AreDescribedInTheUsersTerms(string message, string expected) =>
        Assert.Equal(expected, MusubiCli.Describe(message));

    [Fact]
    public async Task UnknownOption_ExitsTwoWithTheReasonOnStderr()
    {
        var result = await CliRunner.RunAsync("registry", "list", "organizations", "--colour", "red");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--colour", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadDbSpec_ExitsTwo()
    {
        var result = await CliRunner.RunAsync("db", "migrate", "--db", "mysql:nope");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("must start with sqlite: or postgres:", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_BadPackage_ExitsTwoListsFileLineFieldAndWritesNothing()
    {
        var db = TempDb();
        Assert.Equal(0, (await CliRunner.RunAsync("import", PackageBuilder.Minimal().Write(_temp.NewDirectory()), "--db", db)).ExitCode);
        var bad = PackageBuilder.Minimal()
            .Offer("o-extra", "p-seeker", "fac-us", 5, 10, 1)
            .Raw("offers.csv", "o-neg,p-seeker,fac-jp,-5,10,1,true")
            .Raw("approved_sources.csv", "o-missile,p-seeker,o-ghost")
            .Write(_temp.NewDirectory());

        var result = await CliRunner.RunAsync("import", bad, "--db", db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("offers.csv:5:capacity_per_month: must be ≥ 0, got -5", result.Err, StringComparison.Ordinal);
        Assert.Contains("approved_sources.csv:3:source_offer_id: offer 'o-ghost' does not exist", result.Err, StringComparison.Ordinal);
        Assert.Contains("nothing was written", result.Err, StringComparison.Ordinal);
        var offers = await CliRunner.RunAsync("registry", "list", "parts", "--db", db, "--format", "csv");
        Assert.Equal(0, offers.ExitCode);
        var extra = await CliRunner.RunAsync("registry", "show", "parts", "p-seeker", "--db", db);
        Assert.Equal(0, extra.ExitCode);
    }

    [Fact]
    public async Task DemoLoad_ThenListAsJapaneseOfficer_HidesNoForn()
    {
        var db = TempDb();
        Assert.Equal(0, (await CliRunner.RunAsync("demo", "load", "--db", db)).ExitCode);

        var american = await CliRunner.RunAsync("registry", "list", "organizations", "--db", db, "--as", "us-acq", "--format", "csv", "--page-size", "500");
        var japanese = await CliRunner.RunAsync("registry", "list", "organizations", "--db", db, "--as", "jp-atla", "--format", "csv", "--page-size", "500");

        Assert.Contains("NOFORN", american.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("NOFORN", japanese.Out, StringComparison.Ordinal);
        Assert.Contains("三菱重工業", japanese.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_AsJapaneseOfficer_WritesNoNoFornAndReimports()
    {
        var db = await DemoDatabase.NewAsync(_temp);
        var folder = _temp.NewDirectory();

        var export = await CliRunner.RunAsync("export", "--to", folder, "--as", "jp-atla", "--db", db, "--format", "json");

        Assert.Equal(0, export.ExitCode);
        foreach (var file in Directory.GetFiles(folder))
        {
            Assert.DoesNotContain("NOFORN", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
        // The export names its rolled-up marking on the console and in MARKING.txt.
        var marking = (await File.ReadAllLinesAsync(Path.Combine(folder, "MARKING.txt")))[0];
        Assert.StartsWith("CUI//SP-EXPT//REL TO USA, JPN", marking, StringComparison.Ordinal);
        Assert.Contains("(also in MARKING.txt): " + marking, export.Out, StringComparison.Ordinal);
        Assert.Contains("offers.csv: ", export.Out, StringComparison.Ordinal);
        // Into an empty database the export can only fail on references to records the officer could not see.
        var reimport = await CliRunner.RunAsync("import", folder, "--db", TempDb(), "--dry-run");
        var problems = reimport.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("import failed", StringComparison.Ordinal)).ToList();
        Assert.All(problems, p => Assert.Contains("does not exist", p, StringComparison.Ordinal));
        Assert.Equal(problems.Count == 0 ? 0 : 2, reimport.ExitCode);
    }

    [Fact]
    public async Task Generate_SameSeed_SameFiles_AndImports()
    {
        var a = _temp.NewDirectory();
        var b = _temp.NewDirectory();

        Assert.Equal(0, (await CliRunner.RunAsync("generate", "--organizations", "50", "--parts", "2000", "--tiers", "4", "--seed", "7", "--out", a)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "--organizations", "50", "--parts", "2000", "--tiers", "4", "--seed", "7", "--out", b)).ExitCode);

        foreach (var file in Directory.GetFiles(a))
        {
            Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(b, Path.GetFileName(file))));
        }
        var import = await CliRunner.RunAsync("import", a, "--db", TempDb());
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("2,000 parts", import.Out, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Commands_UnmigratedPostgres_RefuseAndSayToMigrate()
    {
        var empty = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabase.PostgresConnectionString) { Database = "postgres" };
        var name = "musubi_unmigrated_" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = new Npgsql.NpgsqlConnection(empty.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        empty.Database = name;

        var result = await CliRunner.RunAsync("registry", "list", "organizations", "--db", "postgres:" + empty.ConnectionString);
        var migrate = await CliRunner.RunAsync("db", "migrate", "--db", "postgres:" + empty.ConnectionString);
        var after = await CliRunner.RunAsync("registry", "list", "organizations", "--db", "postgres:" + empty.ConnectionString);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("./musubi db migrate", result.Err, StringComparison.Ordinal);
        Assert.Equal(0, migrate.ExitCode);
        Assert.Equal(0, after.ExitCode);
    }

    [Fact]
    public async Task Generate_BadOptions_ExitsTwo()
    {
        var result = await CliRunner.RunAsync("generate", "--tiers", "1", "--out", Path.GetTempPath());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--tiers", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_EachKindAndFormat_ImportsAsEmpty()
    {
        var folder = _temp.NewDirectory();
        foreach (var kind in new[] { "organizations", "facilities", "capabilities", "requirements", "agreements" })
        {
            var path = Path.Combine(folder, kind + ".xlsx");
            Assert.Equal(0, (await CliRunner.RunAsync("template", kind, "--format", "xlsx", "--out", path)).ExitCode);
            Assert.True(new FileInfo(path).Length > 0);
        }
        var import = await CliRunner.RunAsync("import", folder, "--db", TempDb(), "--dry-run");
        Assert.Equal(0, import.ExitCode);
    }

    [Fact]
    public async Task RegistryList_BadSort_ExitsTwoNamingTheOption()
    {
        var result = await CliRunner.RunAsync("registry", "list", "organizations", "--sort", "shoe-size", "--db", TempDb());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--sort", result.Err, StringComparison.Ordinal);
    }
}
