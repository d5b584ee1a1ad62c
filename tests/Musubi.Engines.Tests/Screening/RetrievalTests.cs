using Musubi.Engines.Screening;

namespace Musubi.Engines.Tests.Screening;

/// <summary>
/// Candidate retrieval across scripts: the index must bring the entry the scorer would pick among its candidates even
/// when dozens of other entries share the query's common words (city, industry) in the query's own script.
/// </summary>
public sealed class RetrievalTests
{
    private static readonly NameAnalyzer Plain = new(null);

    // Characters with their pinyin, to make distinct two-character trade names ("cores").
    private static readonly (string Han, string Pinyin)[] Syllable =
    [
        ("天", "tian"), ("地", "di"), ("宇", "yu"), ("洪", "hong"), ("日", "ri"), ("月", "yue"), ("辰", "chen"), ("张", "zhang"),
        ("寒", "han"), ("来", "lai"), ("秋", "qiu"), ("冬", "dong"), ("成", "cheng"), ("律", "lv"), ("云", "yun"), ("腾", "teng"),
        ("金", "jin"), ("丽", "li"), ("玉", "yu"), ("昆", "kun"),
    ];

    private static IEnumerable<(string Han, string Pinyin)> Cores(int count) =>
        (from a in Syllable from b in Syllable where a.Han != b.Han select (a.Han + b.Han, a.Pinyin + b.Pinyin))
        .DistinctBy(c => c.Item2).Take(count);

    private static ScreeningEntity Org(string id, string name) => new(id, "Company", [new EntityName(name)], ["CN"], []);

    [Theory]
    [InlineData("xianggang", "xiang gang")]
    [InlineData("yanjiusuo", "yan jiu suo")]
    [InlineData("wenzho", "wen zho")] // keys fold long vowels: Wenzhou is keyed "wenzho"
    [InlineData("seokdeok", "seok deok")]
    [InlineData("machinery", null)]
    [InlineData("gang", null)] // one syllable is not a chain
    public void A_word_is_read_as_the_fewest_syllables_it_is_written_from(string word, string? syllables) =>
        Assert.Equal(syllables, Syllables.Segment(word) is { } parts ? string.Join(' ', parts) : null);

    [Fact]
    public void Pinyin_written_as_words_finds_a_Han_only_entry_among_entries_that_share_its_other_words()
    {
        // 80 Latin entries share "Xianggang … Tongxin Gongsi" with the query; only the Han-only entry has 普凯 (pu kai).
        var entities = Cores(80).Select((c, i) => Org($"latin-{i}", $"Xianggang {c.Pinyin} Tongxin Gongsi")).ToList();
        entities.Add(Org("target", "香港普凯通信公司"));
        var index = ScreeningIndex.Build(entities, Plain, 1);

        var query = new ScreeningQuery("q", "Xianggang Pukai Tongxin Gongsi", "CN");
        var viaIndex = index.Screen(query);
        var exhaustive = index.ScreenExhaustive(query);

        Assert.Equal("target", exhaustive.Best?.EntityId);
        Assert.Equal("target", viaIndex.Best?.EntityId);
        Assert.Equal(exhaustive.Best!.Score, viaIndex.Best!.Score, 9);
        Assert.Equal(Decision.Match, viaIndex.Decision);
    }

    [Fact]
    public void A_Han_query_finds_a_Latin_only_entry_among_Han_entries_that_share_its_other_words()
    {
        // 80 entries named in Han with a pinyin alias share 北京 … 精密半导体 with the query (bigrams, syllables, their
        // pairs and joined words all agree); only the Latin-only entry has Yinyuan (银远), written as joined pinyin words.
        var entities = Cores(80).Select((c, i) => new ScreeningEntity(
            $"han-{i}",
            "Company",
            [new EntityName($"北京{c.Han}精密半导体股份有限公司"), new EntityName($"Beijing {c.Pinyin} Jingmi Bandaoti Gufen Youxian Gongsi", NameKind.Alias)],
            ["CN"],
            [])).ToList();
        entities.Add(Org("target", "Beijing Yinyuan Jingmi Bandaoti Gufen Youxian Gongsi"));
        var index = ScreeningIndex.Build(entities, Plain, 1);

        var query = new ScreeningQuery("q", "北京银远精密半导体股份有限公司", "CN");
        var viaIndex = index.Screen(query);
        var exhaustive = index.ScreenExhaustive(query);

        Assert.Equal("target", exhaustive.Best?.EntityId);
        Assert.Equal("target", viaIndex.Best?.EntityId);
        Assert.Equal(exhaustive.Best!.Score, viaIndex.Best!.Score, 9);
    }
}
