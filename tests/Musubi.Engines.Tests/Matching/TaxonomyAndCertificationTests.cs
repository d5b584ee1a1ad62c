using Musubi.Engines.Matching;

namespace Musubi.Engines.Tests.Matching;

public sealed class TaxonomyAndCertificationTests
{
    [Theory]
    [InlineData("PROP.SRM", "PROP.SRM", CapabilityRelation.Exact)]
    [InlineData("PROP", "PROP.SRM.CASE", CapabilityRelation.Broader)]
    [InlineData("PROP.SRM.CASE", "PROP", CapabilityRelation.Narrower)]
    [InlineData("ELEC.HARN", "PROP.SRM", CapabilityRelation.None)]
    [InlineData("PROP.SRM", "UNKNOWN", CapabilityRelation.None)]
    public void RelatesCodesThroughTheTree(string supplier, string requirement, CapabilityRelation expected)
        => Assert.Equal(expected, MatchingFixture.Taxonomy().Relate(supplier, requirement));

    [Fact]
    public void ListsNarrowerAndBroaderCodes()
    {
        var t = MatchingFixture.Taxonomy();
        Assert.Equal(["PROP", "PROP.SRM", "PROP.SRM.CASE"], t.SelfAndNarrower("PROP"));
        Assert.Equal(["PROP.SRM.CASE", "PROP.SRM", "PROP"], t.SelfAndBroader("PROP.SRM.CASE"));
        Assert.Equal(["X.Y"], t.SelfAndNarrower("X.Y"));
        Assert.True(t.Contains("ELEC.HARN"));
        Assert.Equal("ワイヤーハーネス", t.Find("ELEC.HARN")!.LabelJa);
        Assert.Null(t.Find("NOPE"));
    }

    [Fact]
    public void RejectsDuplicatesUnknownParentsAndCycles()
    {
        Assert.Equal("terms[1].code", Assert.Throws<MatchingInputException>(() => new CapabilityTaxonomy([new("A", null, "a"), new("A", null, "a again")])).Field);
        Assert.Equal("terms[0].parentCode", Assert.Throws<MatchingInputException>(() => new CapabilityTaxonomy([new("A", "Z", "a")])).Field);
        Assert.Equal("terms", Assert.Throws<MatchingInputException>(() => new CapabilityTaxonomy([new("A", "B", "a"), new("B", "A", "b")])).Field);
    }

    [Theory]
    [InlineData("AS9100", "JIS Q 9100", true)]
    [InlineData("JIS Q 9100", "AS9100", true)]
    [InlineData("en 9100", "as9100", true)]
    [InlineData("AS9100D", "EN9100", true)]
    [InlineData("AS9100", "ISO 9001", true)]
    [InlineData("ISO 9001:2015", "ISO 9001", true)]
    [InlineData("ISO 9001", "AS9100", false)]
    [InlineData("ISO 9001", "JIS Q 9100", false)]
    [InlineData("CMMC", "Facility clearance", false)]
    [InlineData("facility  clearance", "Facility clearance", true)]
    [InlineData("", "AS9100", false)]
    public void TreatsThe9100FamilyAsOne(string held, string required, bool expected)
        => Assert.Equal(expected, Certifications.Satisfies(held, required));
}
