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
}
