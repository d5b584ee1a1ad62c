using Musubi.Engines.Matching;
using static Musubi.Engines.Tests.Matching.MatchingFixture;

namespace Musubi.Engines.Tests.Matching;

public sealed class BoardSearchTests
{
    private static RequirementDocument Doc(string id, string title, string? titleJa, string? description, string? descriptionJa, string? program, string[] nations, string[] codes,
        DateOnly? needBy, DateOnly? published, string funding = "funded", string path = "dcs", string status = "open", int key = Public)
        => new(id, program, program is null ? null : "Program " + program, nations, title, titleJa, description, descriptionJa, codes, [], 10, needBy, published, funding, path, status, key);

    /// <summary>b1 motor cases (prog-a, US+JP); b2 Japanese-only harness text; b3 hidden; b4 awarded; b5 no program or date.</summary>
    private static List<RequirementDocument> Docs() =>
    [
        Doc("b1", "Solid rocket motor cases", "固体ロケットモーターケース", "Composite cases for interceptors.", null, "prog-a", ["US", "JP"], ["PROP.SRM.CASE"], new(2027, 7, 1), new(2026, 10, 1)),
        Doc("b2", "Lot 7", "ワイヤーハーネスの製造", null, "航空機用ワイヤーハーネス一式。ＡＳ９１００が必要。", "prog-a", ["JP"], ["ELEC"], new(2027, 3, 1), new(2026, 11, 1), funding: "requested"),
        Doc("b3", "Secret rocket motor", null, "Hidden requirement about rocket motors.", null, "prog-b", ["DE"], ["PROP.SRM"], new(2027, 5, 1), new(2026, 12, 1), key: Hidden),
        Doc("b4", "Rocket motor igniters", null, "Awarded already.", null, "prog-a", ["US"], ["PROP.SRM"], new(2028, 1, 1), new(2026, 9, 1), funding: "unfunded", status: "awarded"),
        Doc("b5", "Avionics test sets", null, "Bench test sets.", null, null, [], ["ELEC"], null, null, path: "fms"),
    ];

    private static BoardHits Search(BoardQuery query)
    {
        using var index = new RequirementIndex(Taxonomy(), Docs());
        return index.Search(query with { CanSee = CanSee });
    }

    private static Dictionary<string, int> Facet(BoardHits hits, string name) => hits.Facets[name].ToDictionary(v => v.Value, v => v.Count);

    [Fact]
    public void EnglishTextIsStemmedAndTheHiddenRequirementNeverCounts()
    {
        var hits = Search(new BoardQuery("rocket motors"));
        Assert.Equal(["b1", "b4"], hits.Hits.Select(h => h.Id).Order());
        Assert.Equal(2, hits.Total);
        Assert.DoesNotContain(hits.Facets["program"], v => v.Value == "prog-b");
        Assert.DoesNotContain(hits.Facets["nation"], v => v.Value == "DE");
        Assert.All(hits.Hits, h => Assert.True(h.Score > 0));
    }

    [Fact]
    public void JapaneseBigramsFindAJapaneseOnlyRequirement()
    {
        Assert.Equal("b2", Assert.Single(Search(new BoardQuery("ハーネス")).Hits).Id);
        Assert.Equal("b1", Search(new BoardQuery("モーターケース")).Hits[0].Id);
    }

    [Fact]
    public void WidthIsFolded()
    {
        Assert.Equal("b2", Assert.Single(Search(new BoardQuery("ﾊｰﾈｽ")).Hits).Id); // half-width katakana
        Assert.Equal("b2", Assert.Single(Search(new BoardQuery("AS9100")).Hits).Id); // the text has full-width ＡＳ９１００
    }

    [Fact]
    public void EachFacetIsCountedWithItsOwnFilterLeftOut()
    {
        var hits = Search(new BoardQuery(Programs: ["prog-a"], Statuses: ["open"]));
        Assert.Equal(["b2", "b1"], hits.Hits.Select(h => h.Id)); // need-by order: 2027-03-01, 2027-07-01
        // program facet: status=open applied, program filter left out → prog-a 2 (b1, b2); b5 has no program; b3 hidden.
        Assert.Equal(new Dictionary<string, int> { ["prog-a"] = 2 }, Facet(hits, "program"));
        // status facet: program=prog-a applied, status left out → open 2, awarded 1 (b4).
        Assert.Equal(new Dictionary<string, int> { ["open"] = 2, ["awarded"] = 1 }, Facet(hits, "status"));
        // other facets: both filters applied → b1, b2.
        Assert.Equal(new Dictionary<string, int> { ["JP"] = 2, ["US"] = 1 }, Facet(hits, "nation"));
        Assert.Equal(new Dictionary<string, int> { ["funded"] = 1, ["requested"] = 1 }, Facet(hits, "fundingStatus"));
        Assert.Equal(new Dictionary<string, int> { ["2027"] = 2 }, Facet(hits, "needByYear"));
        Assert.Equal("JP", hits.Facets["nation"][0].Value); // by count, then value
    }

    [Fact]
    public void CapabilityFilterTakesNarrowerCodesAndTheWindowIsInclusive()
    {
        Assert.Equal(["b1", "b4"], Search(new BoardQuery(Capabilities: ["PROP"])).Hits.Select(h => h.Id));
        Assert.Equal(["b1"], Search(new BoardQuery(Capabilities: ["PROP.SRM.CASE"])).Hits.Select(h => h.Id));
        var window = Search(new BoardQuery(NeedFrom: new(2027, 3, 1), NeedTo: new(2027, 7, 1)));
        Assert.Equal(["b2", "b1"], window.Hits.Select(h => h.Id));
        Assert.Equal(new Dictionary<string, int> { ["2027"] = 2, ["2028"] = 1 }, Facet(window, "needByYear")); // its own window left out
    }

    [Theory]
    [InlineData(null, "b2,b1,b4,b5")]
    [InlineData("needBy", "b2,b1,b4,b5")]
    [InlineData("-needBy", "b4,b1,b2,b5")]
    [InlineData("published", "b2,b1,b4,b5")]
    [InlineData("title", "b5,b2,b4,b1")]
    public void SortsListings(string? sort, string expected)
        => Assert.Equal(expected, string.Join(",", Search(new BoardQuery(Sort: sort)).Hits.Select(h => h.Id)));

    [Fact]
    public void PagesAndRejectsBadPaging()
    {
        var page = Search(new BoardQuery(Offset: 1, Limit: 2));
        Assert.Equal(4, page.Total);
        Assert.Equal(["b1", "b4"], page.Hits.Select(h => h.Id));
        Assert.Empty(Search(new BoardQuery(Offset: 10)).Hits);
        Assert.Equal("limit", Assert.Throws<MatchingInputException>(() => Search(new BoardQuery(Limit: 0))).Field);
        Assert.Equal("limit", Assert.Throws<MatchingInputException>(() => Search(new BoardQuery(Limit: 501))).Field);
        Assert.Equal("offset", Assert.Throws<MatchingInputException>(() => Search(new BoardQuery(Offset: -1))).Field);
        Assert.Equal("sort", Assert.Throws<MatchingInputException>(() => Search(new BoardQuery(Sort: "price"))).Field);
        Assert.Equal("needTo", Assert.Throws<MatchingInputException>(() => Search(new BoardQuery(NeedFrom: new(2027, 2, 1), NeedTo: new(2027, 1, 1)))).Field);
    }

    [Fact]
    public void HiddenRequirementsDoNotChangeVisibleRelevance()
    {
        using var index = new RequirementIndex(Taxonomy(), Docs());
        using var without = new RequirementIndex(Taxonomy(), [.. Docs().Where(d => d.AccessKey != Hidden)]);
        var a = index.Search(new BoardQuery("rocket motor", CanSee: CanSee));
        var b = without.Search(new BoardQuery("rocket motor", CanSee: CanSee));
        Assert.Equal(b.Hits, a.Hits);
        Assert.Equal(3, index.Search(new BoardQuery("rocket motor")).Total); // a reader who sees everything gets b3 too
        Assert.Equal("Secret rocket motor", index.Get("b3")!.Title);
        Assert.Null(index.Get("nope"));
    }

    [Fact]
    public void StopWordsOnlyFindNothing() => Assert.Equal(0, Search(new BoardQuery("the and of")).Total);
}
