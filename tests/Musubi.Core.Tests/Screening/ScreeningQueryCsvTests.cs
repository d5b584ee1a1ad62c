using System.Text;
using Musubi.Core.Features.Screening;

namespace Musubi.Core.Tests.Screening;

public sealed class ScreeningQueryCsvTests
{
    private static ScreeningQueryCsvResult Read(string text) => ScreeningQueryCsv.Read(Encoding.UTF8.GetBytes(text), "q.csv");

    [Fact]
    public void AGoodFile_ReadsEveryRow_WithCountryInUpperCase_AndIgnoresOtherColumns()
    {
        var r = Read("\uFEFFid,name,country,expected\nq1,Acme Corp,us,x\nq2,\"Smith, Jones & Co\",,\n\nq3,三菱重工業株式会社,JP,\n");
        Assert.True(r.Ok, string.Join('\n', r.Problems));
        Assert.Equal(["q1", "q2", "q3"], r.Queries.Select(q => q.Id));
        Assert.Equal("US", r.Queries[0].Country);
        Assert.Equal("Smith, Jones & Co", r.Queries[1].Name);
        Assert.Null(r.Queries[1].Country);
    }

    [Fact]
    public void InvalidUtf8_IsReportedOnItsLine()
    {
        var bytes = Encoding.UTF8.GetBytes("id,name\nq1,Acme\nq2,").Concat(new byte[] { 0x93, 0x8C }).Concat(Encoding.UTF8.GetBytes("\n")).ToArray();
        var r = ScreeningQueryCsv.Read(bytes, "q.csv");
        var p = Assert.Single(r.Problems);
        Assert.Equal(3, p.Line);
        Assert.Equal("file", p.Field);
        Assert.Contains("UTF-8", p.Message, StringComparison.Ordinal);
        Assert.Empty(r.Queries);
    }

    [Fact]
    public void EmptyAndOverlongNames_BadCountries_AndRepeatedIds_AreEachReportedWithLineAndField_AndNothingIsReturned()
    {
        var r = Read($"id,name,country\nq1,Acme,US\nq2,,US\nq3,{new string('a', 1001)},\nq4,Beta,ZZ\nq1,Gamma,\n,Delta,\n");
        Assert.False(r.Ok);
        Assert.Empty(r.Queries);
        Assert.Contains(r.Problems, p => p.Line == 3 && p.Field == "name");
        Assert.Contains(r.Problems, p => p.Line == 4 && p.Field == "name");
        Assert.Contains(r.Problems, p => p.Line == 5 && p.Field == "country");
        Assert.Contains(r.Problems, p => p.Line == 6 && p.Field == "id");
        Assert.Contains(r.Problems, p => p.Line == 7 && p.Field == "id");
        Assert.StartsWith("q.csv:3:name:", r.Problems.First(p => p.Line == 3).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("q1,Acme,US\n")]
    [InlineData("name,country\nAcme,US\n")]
    public void AMissingHeader_IsAProblemOnLineOne(string text)
    {
        var r = Read(text);
        var p = Assert.Single(r.Problems);
        Assert.Equal(1, p.Line);
        Assert.Equal("header", p.Field);
    }

    [Fact]
    public void AQuotedFieldSpanningLines_KeepsTheLineNumbersOfLaterRows_AndAnUnclosedQuoteIsReported()
    {
        var ok = Read("id,name\nq1,\"Acme\nWest\"\nq2,\n");
        Assert.Contains(ok.Problems, p => p.Line == 4 && p.Field == "name");
        var open = Read("id,name\nq1,\"Acme\n");
        Assert.Contains(open.Problems, p => p.Line == 2 && p.Field == "file");
    }
}
