using Musubi.Engines.Screening;

namespace Musubi.Engines.Tests.Screening;

/// <summary>The normalizer, the token alignment and the explained score, piece by piece.</summary>
public sealed class ScorerTests
{
    private static readonly NameAnalyzer Plain = new(null);

    private static ScreeningIndex Index(params ScreeningEntity[] entities) => ScreeningIndex.Build(entities, Plain, 1);

    private static ScreeningEntity Org(string id, string name, string? country = null, params EntityName[] more) =>
        new(id, "Company", [new EntityName(name), .. more], country is null ? [] : [country], []);

    [Theory]
    [InlineData("Tactical Missiles Corporation JSC", "tactical missile")]
    [InlineData("China Academy of Launch Vehicle Tech.", "china academy launch vehicle technology")]
    [InlineData("Mitsubishi Jukogyo K.K.", "mitsubishi jukogyo")]
    [InlineData("Jūkōgyō Co., Ltd.", "jukogyo")]
    [InlineData("Research & Production Intl", "research and production international")]
    [InlineData("Company Limited", "conpany limited")] // keys, not display: m before p folds to n (Hepburn)
    public void LatinNames_NormalizeToKeys(string name, string keys)
    {
        var analyzed = Plain.Analyze(name, NameKind.Name, []);
        var latin = analyzed.Forms.First(f => f.Kind == FormKind.Latin);
        Assert.Equal(keys.Replace("and ", "", StringComparison.Ordinal), string.Join(' ', latin.Keys));
    }

    [Fact]
    public void NonLatinNames_KeepTheirScript_AndGainATransliteration()
    {
        var analyzed = Plain.Analyze("АО «Корпорация «Тактическое ракетное вооружение»", NameKind.Name, ["RU"]);
        Assert.Equal(["тактическое", "ракетное", "вооружение"], analyzed.Forms.Single(f => f.Kind == FormKind.Original).Keys);
        Assert.Equal(["takticheskoe", "raketnoe", "voruzhenie"], analyzed.Forms.Single(f => f.Kind == FormKind.Transliteration).Keys);
        Assert.Contains("ао", analyzed.LegalForms);
    }

    [Fact]
    public void HanWithAChineseHint_IsReadAsPinyin_AndKeptAsBigrams()
    {
        var analyzed = Plain.Analyze("中国运载火箭技术研究院", NameKind.Name, ["CN"]);
        Assert.Equal("中国", analyzed.Forms.Single(f => f.Kind == FormKind.Original).Keys[0]);
        Assert.StartsWith("zhong guo yun zai", string.Join(' ', analyzed.Forms.Single(f => f.Kind == FormKind.Transliteration).Keys), StringComparison.Ordinal);
        Assert.DoesNotContain(analyzed.Forms, f => f.Kind == FormKind.Reading);
    }

    [Fact]
    public void Hungarian_FindsTheBestAssignment_NotTheGreedyOne()
    {
        // Greedy takes (0,0)=0.9 and is left with (1,1)=0; the best is (0,1)+(1,0) = 0.8 + 0.8.
        var values = new double[] { 0.9, 0.8, 0.8, 0.0 };
        var pairs = Alignment.Hungarian(2, 2, values);
        Assert.Equal(1.6, pairs.Sum(p => values[(p.Row * 2) + p.Col]), 6);
    }

    [Fact]
    public void Similarity_AllowsEditsByLength_AndTheMaskNeverRejectsAPairWithinThem()
    {
        Assert.Equal(0, Similarity.Of("abc", "abd", out _));
        Assert.Equal(1 - (1.5 / 8), Similarity.Of("ryonbong", "ryonbnog", out var d), 6);
        Assert.Equal((1 - (1.5 / 5)) * 0.8, Similarity.Of("daito", "saito", out _), 6);
        Assert.Equal(1, d);
        Assert.Equal(0, Similarity.Of("electric", "electronics", out _));
        foreach (var (a, b) in new[] { ("ryonbong", "ryonbnog"), ("technology", "tecnologgy"), ("uralvagonzavod", "uralvagonzvod") })
        {
            Assert.True(Similarity.Of(a, b, out _) > 0);
            Assert.False(Similarity.CannotMatch(a, b, Similarity.Mask(a), Similarity.Mask(b)));
        }
    }

    [Fact]
    public void Explanation_FeaturesAddUpToTheScore()
    {
        var index = Index(Org("a", "Namchongang Trading Corporation", "KP"), Org("b", "Korea Ryonbong General Corporation", "KP"));
        var result = index.Screen(new ScreeningQuery("q", "Namchongang Tradng", "CN"));
        var best = Assert.Single(result.Candidates);
        Assert.Equal("a", best.EntityId);
        Assert.Equal(best.Score, best.Explanation.Features.Sum(f => f.Contribution), 3);
        Assert.Contains(best.Explanation.Features, f => f.Name == "country" && f.Contribution < 0);
        Assert.Contains(best.Explanation.Tokens, t => t.How.StartsWith("typo", StringComparison.Ordinal));
    }

    [Fact]
    public void PinyinSyllables_AreNeverTyposOfEachOther()
    {
        // Chongqing Beidong vs Beijing Hongdong: "chong"/"hong" and "qing"/"jing" are different characters.
        var index = Index(Org("bj", "北京宏东通信股份有限公司", "CN"));
        var result = index.Screen(new ScreeningQuery("q", "重庆北东通信股份有限公司", "CN"));
        Assert.Equal(Decision.None, result.Decision);
        Assert.DoesNotContain(result.Candidates.SelectMany(c => c.Explanation.Tokens), t => t.How.StartsWith("typo", StringComparison.Ordinal));
    }

    [Fact]
    public void WeakAliases_MatchOnlyExactly()
    {
        var index = Index(Org("calt", "China Academy of Launch Vehicle Technology", "CN", new EntityName("CALT", NameKind.WeakAlias)));
        Assert.Equal(Decision.Match, index.Screen(new ScreeningQuery("q", "CALT")).Decision);
        Assert.Equal(Decision.None, index.Screen(new ScreeningQuery("q", "CALX")).Decision);
        Assert.Equal(Decision.None, index.Screen(new ScreeningQuery("q", "CAL")).Decision);
    }

    [Fact]
    public void ASharedIdentifier_IsStrongEvidence_AndADifferentOneCountsAgainst()
    {
        var entity = new ScreeningEntity("x", "Company", [new EntityName("Alpha Precision Works")], ["JP"], [new EntityIdentifier("lei", "5493001KJTIIGC8Y1R12")]);
        var index = Index(entity);
        var same = index.Screen(new ScreeningQuery("q", "Alpha Precision Machining", "JP") { Identifiers = [new EntityIdentifier("lei", "5493 001K JTII GC8Y 1R12")] });
        Assert.Equal(Decision.Match, same.Decision);
        Assert.Contains(same.Best!.Explanation.Features, f => f.Name == "identifier");
        var other = index.Screen(new ScreeningQuery("q", "Alpha Precision Works", "JP") { Identifiers = [new EntityIdentifier("lei", "529900T8BM49AURSDO55")] });
        Assert.Contains(other.Candidates[0].Explanation.Features, f => f.Name == "identifier conflict");
        Assert.True(other.Candidates[0].Score < 1);
    }

    [Fact]
    public void JoinedWords_MatchTheirSeparateSpelling_BothWays()
    {
        var index = Index(Org("u", "Uralvagonzavod"), Org("r", "Korea Ryon Bong General"));
        Assert.Equal("u", index.Screen(new ScreeningQuery("q", "Ural Vagon Zavod")).Best?.EntityId);
        Assert.Equal("r", index.Screen(new ScreeningQuery("q", "Korea Ryonbong General")).Best?.EntityId);
    }

    [Fact]
    public void DuplicateFinder_PairsEntitiesBySharedIdentifierOrName()
    {
        var index = Index(
            new ScreeningEntity("o1", "Company", [new EntityName("Kawasaki Heavy Industries, Ltd.")], ["JP"], []),
            new ScreeningEntity("o2", "Company", [new EntityName("Kawasaki Heavy Industries")], ["JP"], []),
            new ScreeningEntity("o3", "Company", [new EntityName("Fuji Precision Instruments")], ["JP"], [new EntityIdentifier("cage", "K1234")]),
            new ScreeningEntity("o4", "Company", [new EntityName("FPI Corp")], ["JP"], [new EntityIdentifier("cage", "K1234")]),
            new ScreeningEntity("o5", "Company", [new EntityName("Tokyo Optical Works")], ["JP"], []));
        var pairs = index.FindDuplicates(0.85);
        Assert.Contains(pairs, p => p.FirstId == "o1" && p.SecondId == "o2");
        Assert.Contains(pairs, p => p.FirstId == "o3" && p.SecondId == "o4" && p.SharedIdentifiers.Count == 1);
        Assert.DoesNotContain(pairs, p => p.FirstId == "o5" || p.SecondId == "o5");
    }

    [Theory]
    [InlineData("", "name")]
    [InlineData("   ", "name")]
    [InlineData("---", "name")]
    [InlineData("Acme\u0001", "name")]
    public void BadQueries_NameTheField(string name, string field)
    {
        Assert.Equal(field, ScreeningQueries.Validate(new ScreeningQuery("q", name))?.Field);
        Assert.Equal("name", ScreeningQueries.Validate(new ScreeningQuery("q", new string('a', 1001)))?.Field);
        Assert.Null(ScreeningQueries.Validate(new ScreeningQuery("q", new string('a', 1000))));
        Assert.Equal("country", ScreeningQueries.Validate(new ScreeningQuery("q", "Acme", "CHN"))?.Field);
    }
}
