using Musubi.Engines.Screening;

namespace Musubi.Engines.Tests.Screening;

/// <summary>
/// The acceptance examples of issue #4 (../shared/examples/screening, copied into Screening/examples): the list read
/// with the FollowTheMoney reader, every query screened with the default thresholds. A query with an expected entity
/// must be decided match with that entity best; a query without one must be decided none.
/// </summary>
public sealed class ScreeningExamplesTests(MecabFixture mecab) : IClassFixture<MecabFixture>
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "Screening", "examples");

    /// <summary>The rows of queries.csv: id, name, country, expected, category.</summary>
    private static List<string[]> Rows() =>
        [.. File.ReadAllLines(Path.Combine(Examples, "queries.csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))];

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var row in Rows())
        {
            data.Add(row[0]);
        }
        return data;
    }

    private ScreeningIndex Index()
    {
        using var stream = File.OpenRead(Path.Combine(Examples, "list.ftm.jsonl"));
        var list = ListReaders.Read(stream, ListFormat.FollowTheMoney, "list.ftm.jsonl");
        return ScreeningIndex.Build(list.Entities, new NameAnalyzer(mecab.Required()));
    }

    [Fact]
    public void The_examples_are_all_there()
    {
        var rows = Rows();
        Assert.Equal(15, rows.Count);
        Assert.All(rows, r => Assert.Equal(5, r.Length));
        Assert.Equal(8, Index().EntityCount);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Example_gets_the_expected_decision_and_entity(string id)
    {
        var row = Rows().Single(r => r[0] == id);
        var (name, country, expected, category) = (row[1], row[2], row[3], row[4]);
        var result = Index().Screen(new ScreeningQuery(id, name, country.Length == 0 ? null : country), ScreeningOptions.Default);
        var because = $"{id} ({category}) \"{name}\": {result.Decision}, "
            + string.Join("; ", result.Candidates.Select(c => $"{c.EntityId} {c.Score:0.000} — {c.Explanation.Summary}"));
        if (expected.Length > 0)
        {
            Assert.True(result.Decision == Decision.Match, because);
            Assert.True(result.Best?.EntityId == expected, because);
        }
        else
        {
            Assert.True(result.Decision == Decision.None, because);
            Assert.Null(result.Best);
        }
    }
}
