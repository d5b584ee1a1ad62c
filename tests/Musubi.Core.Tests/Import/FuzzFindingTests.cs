using System.Text;
using System.Text.RegularExpressions;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Import;
using Musubi.Testing;

namespace Musubi.Core.Tests.Import;

/// <summary>
/// Regressions for what scripts/fuzz.sh found (docs/fuzzing.md): each test holds a reduced form of the input that
/// broke an importer invariant.
/// </summary>
public sealed partial class FuzzFindingTests
{
    [GeneratedRegex(@"^[^:\r\n]+:[0-9]+:[^\r\n]+?: [^\r\n]+$")]
    private static partial Regex OneErrorLine();

    private static async Task<ImportReport> DryRunAsync(string fileName, string content)
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var folder = Directory.CreateTempSubdirectory("musubi-fuzzfinding-").FullName;
        try
        {
            var path = Path.Combine(folder, fileName);
            await File.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(content));
            await using var db = database.NewContext(AccessScope.System);
            return await new ImportService(db, database.Clock).ImportAsync([path], new ImportOptions { DryRun = true });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void OneLine_EscapesLineBreaksControlsAndBidiOverrides()
    {
        Assert.Equal("a\\nb\\r\\tc\\u0000d\\u202Ee\\u2028", ErrorSink.OneLine("a\nb\r\tc\0d\u202Ee\u2028", 100));
        Assert.Equal("結テスト株式会社", ErrorSink.OneLine("結テスト株式会社", 100));
    }

    [Fact]
    public void OneLine_CutsLongTextWithAnEllipsisAndNeverSplitsASurrogatePair()
    {
        var cut = ErrorSink.OneLine(new string('x', 10_000), 50);
        Assert.Equal(50, cut.Length);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);

        var emoji = "abc" + string.Concat(Enumerable.Repeat("😀", 10));
        Assert.Equal("abc…", ErrorSink.OneLine(emoji, 5));
        Assert.Equal("abc😀…", ErrorSink.OneLine(emoji, 6));
    }

    [Fact]
    public async Task Import_CsvHeaderCellWithLineBreak_CannotForgeErrorLines()
    {
        // Found by csv-import: a quoted header cell holding a line break came back inside an "unknown column" error,
        // so the report (and the CLI's output, and logs) showed a second error line the file wrote itself.
        var report = await DryRunAsync("organizations.csv",
            "\"id\nother.csv:7:id: forged\",name,country,kind\nok-1,Fine KK,JP,supplier\n");

        Assert.False(report.Succeeded);
        Assert.All(report.Errors, e => Assert.Matches(OneErrorLine(), e));
        Assert.DoesNotContain(report.Errors, e => e.StartsWith("other.csv", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Contains("id\\nother.csv:7:id: forged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_JsonWithAHugeBadLiteral_QuotesOnlyAShortExcerpt()
    {
        // Found by json-import: System.Text.Json quotes the whole bad literal, line breaks and all, in its message.
        var report = await DryRunAsync("organizations.json", "[{\"id\": tr" + new string('u', 200_000) + "\n]");

        var error = Assert.Single(report.Errors);
        Assert.Matches(OneErrorLine(), error);
        Assert.True(error.Length < 1_000, $"the error is {error.Length} characters long");
        Assert.StartsWith("organizations.json:1:id: not valid JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_JsonEnvelopeWithAnEmptyKey_NamesAField()
    {
        // Found by json-import in ./test's 30-second run: {"": …} in an export envelope gave "file:2:: unknown field".
        var report = await DryRunAsync("organizations.json", "//x\n{\"\":\"r\"}\n}\n");

        var error = Assert.Single(report.Errors);
        Assert.Matches(OneErrorLine(), error);
        Assert.StartsWith("organizations.json:2:(empty field name): unknown field", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CUI// /NOFORN")]
    [InlineData("CUI//NOFORN/")]
    [InlineData("CUI//FEDONLY/")]
    public void TryParse_ControlWrittenWhereACategoryGoes_IsNeverStoredAsACategory(string banner)
    {
        // Found by marking: these parsed to the category NOFORN (FEDONLY) without the control, so the record's banner
        // read CUI//NOFORN while the access policy released it to foreign nationals.
        var marking = Marking.TryParse(banner, null, out var error);

        if (marking is null)
        {
            Assert.False(string.IsNullOrWhiteSpace(error));
            return;
        }
        Assert.DoesNotContain(marking.CategoryList, c => c is "NOFORN" or "FEDONLY" or "FED ONLY");
        var again = Marking.TryParse(marking.Banner, null, out _);
        Assert.NotNull(again);
        Assert.Equal((marking.NoForn, marking.FedOnly, marking.Categories), (again.NoForn, again.FedOnly, again.Categories));
    }
}
