using System.Text;
using Musubi.Core.Features.Import;

namespace Musubi.Core.Tests.Import;

public sealed class ImportUnitTests
{
    [Fact]
    public void FindCycle_Acyclic_ReturnsNull()
    {
        var graph = new Dictionary<string, List<string>> { ["a"] = ["b", "c"], ["b"] = ["c"], ["c"] = [] };
        Assert.Null(BomCycles.FindCycle(graph));
    }

    [Fact]
    public void FindCycle_Cycle_ReturnsClosedPath()
    {
        var graph = new Dictionary<string, List<string>> { ["a"] = ["b"], ["b"] = ["c"], ["c"] = ["a"], ["d"] = ["a"] };

        var cycle = BomCycles.FindCycle(graph);

        Assert.NotNull(cycle);
        Assert.Equal(cycle[0], cycle[^1]);
        Assert.Equal(4, cycle.Count);
    }

    [Fact]
    public void FindCycle_DeepChain_DoesNotOverflowTheStack()
    {
        var graph = Enumerable.Range(0, 200_000).ToDictionary(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            i => new List<string> { (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Null(BomCycles.FindCycle(graph));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("plain", "plain")]
    public void Escape_FormulaPrefix_IsDefusedAndUnescapeRestoresIt(string text, string escaped)
    {
        Assert.Equal(escaped, Values.Escape(text));
        Assert.Equal(text, Values.Unescape(Values.Escape(text)));
    }

    [Fact]
    public void FindInvalidUtf8Line_ShiftJisOnLineThree_ReportsLineThree()
    {
        var path = Path.GetTempFileName();
        try
        {
            var bytes = new List<byte>();
            bytes.AddRange(Encoding.UTF8.GetBytes("id,name\nmhi,三菱重工業\n"));
            bytes.AddRange([0x6B, 0x2C, 0x8E, 0x4F, 0x95, 0x48, 0x0A]); // "k,三菱" in Shift_JIS: not UTF-8
            File.WriteAllBytes(path, [.. bytes]);

            Assert.Equal(3, InputFile.FindInvalidUtf8Line(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FindInvalidUtf8Line_Utf8WithBom_ReturnsZero()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "id,name\nmhi,三菱重工業\n", new UTF8Encoding(true));
            Assert.Equal(0, InputFile.FindInvalidUtf8Line(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("[\n  { \"id\": \"acme\", \"country\": 12x }\n]\n", 2, "country")] // a bad value: its field
    [InlineData("[\n  { \"id\": \"acme\", \"names\": [{ \"text\": \"A\" \"lang\": \"en\" }] }\n]\n", 2, "names")] // inside a nested value
    [InlineData("[\n  { \"id\": \"acme\" \"country\": \"JP\" }\n]\n", 2, "json")] // between fields: the record's
    [InlineData("[\n  { \"id\": \"acme\" }\n  { \"id\": \"b\" }\n]\n", 3, "json")] // between records
    [InlineData("{ \"marking\": CUI, \"records\": [] }", 1, "marking")] // an export envelope's field
    [InlineData("{ \"records\": [\n{ \"id\": \"a\" }\n{ \"id\": \"b\" }] }", 3, "records")] // between an envelope's records
    [InlineData("[\n  { \"id\": \"acme\", \"country\": \"JP\"\n", 3, "json")] // the text ends too soon
    public void ReadJson_SyntaxError_NamesTheFieldBeingRead_AtItsLine_WithoutSystemTextJsonsOwnPosition(string json, long line, string field)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("musubi-jsonrecords-").FullName, "organizations.json");
        try
        {
            File.WriteAllText(path, json);
            var errors = new ErrorSink();

            Assert.Empty(JsonRecords.Read<OrganizationRecord>(path, errors));

            var error = Assert.Single(errors.Errors);
            Assert.Equal(("organizations.json", line, field), (error.File, error.Line, error.Field));
            Assert.StartsWith("not valid JSON: ", error.Message, StringComparison.Ordinal);
            // System.Text.Json's 0-based "LineNumber: 1 | BytePositionInLine: 40." would contradict the error's line.
            Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
