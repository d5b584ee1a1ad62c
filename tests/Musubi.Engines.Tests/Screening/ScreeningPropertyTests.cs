using System.Globalization;
using CsCheck;
using Musubi.Engines.Screening;
using Musubi.Synthetic.Screening;

namespace Musubi.Engines.Tests.Screening;

/// <summary>
/// The properties issue #4 asks for, on generated multi-script names (docs/engines/screening.md, "How a score is
/// made"; ADR 0012): a name always matches itself; the name score is symmetric; adding an unrelated entity to a list
/// never changes another query's best match or any other candidate's score.
/// </summary>
public sealed class ScreeningPropertyTests(SyntheticListFixture pool) : IClassFixture<SyntheticListFixture>
{
    private static readonly ScreeningOptions Everything = new() { MatchThreshold = 0.01, ReviewThreshold = 0.01, MaxCandidates = 50 };

    private static string Describe(ScreeningResult r) =>
        $"{r.Decision}: " + string.Join("; ", r.Candidates.Take(5).Select(c => $"{c.EntityId} {c.Score.ToString("0.000", CultureInfo.InvariantCulture)} \"{c.MatchedName}\" — {c.Explanation.Summary}"));

    [Fact]
    public void Every_listed_name_screened_through_the_index_finds_its_entity_as_a_match()
    {
        var entities = pool.List.Entities;
        Gen.Select(Gen.Int[0, entities.Length - 1], Gen.Int[0, 7]).Sample((e, k) =>
        {
            var entity = entities[e];
            var names = entity.Names.Where(n => n.Kind != NameKind.WeakAlias).ToList();
            var name = names[k % names.Count].Value;
            var r = pool.Index.Screen(new ScreeningQuery("q", name), ScreeningOptions.Default);
            var own = r.Candidates.FirstOrDefault(c => c.EntityId == entity.Id);
            Assert.True(r.Decision == Decision.Match && own is not null && own.Score >= ScreeningOptions.DefaultMatchThreshold,
                $"\"{name}\" of {entity.Id} ({entity.Countries[0]}): {Describe(r)}");
        }, iter: 1000);
    }

    /// <summary>Words of letters from one script: Latin, Cyrillic, Greek, Hangul, Han, katakana, hiragana, Arabic.</summary>
    private static readonly Gen<string> AnyName =
        Gen.Int[0, 7].SelectMany(script =>
        {
            var letters = script switch
            {
                0 => Gen.Char['a', 'z'],
                1 => Gen.Char['а', 'я'],
                2 => Gen.Char['α', 'ω'],
                3 => Gen.Char['\uAC00', '\uD7A3'],
                4 => Gen.Char['\u4E00', '\u9FA5'],
                5 => Gen.Char['\u30A2', '\u30F3'],
                6 => Gen.Char['\u3042', '\u3093'],
                _ => Gen.Char['\u0628', '\u064A'],
            };
            return Gen.String[letters, 1, 12].Array[1, 4].Select(words => string.Join(' ', words));
        });

    [Fact]
    public void Any_name_of_letters_matches_itself_in_a_list_of_one()
    {
        AnyName.Sample(name =>
        {
            var index = ScreeningIndex.Build([new ScreeningEntity("e", "Company", [new EntityName(name)], [], [])], pool.Analyzer);
            var r = index.Screen(new ScreeningQuery("q", name), ScreeningOptions.Default);
            Assert.True(r.Decision == Decision.Match && r.Best is { EntityId: "e" } && r.Best.Score >= ScreeningOptions.DefaultMatchThreshold, $"\"{name}\": {Describe(r)}");
        }, iter: 300, threads: 1);
    }

    private static bool IsLatin(string s) => s.All(c => !char.IsLetter(c) || c <= '\u024F');

    /// <summary>Pairs of plain Latin names that are close (an evaluation query and its entity's name) or not (any two names).</summary>
    private (string A, string B)[] LatinPairs()
    {
        var pairs = new List<(string, string)>();
        foreach (var q in pool.Queries.Where(q => q.Expected is not null && q.Query.Identifiers.Count == 0))
        {
            var entity = pool.Index.Find(q.Expected!)!;
            var name = entity.Names[0].Value;
            if (IsLatin(q.Query.Name) && IsLatin(name) && q.Query.Name != name)
            {
                pairs.Add((q.Query.Name, name));
            }
        }
        var latin = pool.List.Entities.Select(e => e.Names[0].Value).Where(IsLatin).Take(400).ToArray();
        for (var i = 0; i + 1 < latin.Length; i += 2)
        {
            pairs.Add((latin[i], latin[i + 1]));
        }
        return [.. pairs];
    }

    private double ScoreOf(ScreeningIndex index, string query, string entityId) =>
        index.ScreenExhaustive(new ScreeningQuery("q", query), Everything).Candidates.FirstOrDefault(c => c.EntityId == entityId)?.Score ?? 0;

    [Fact]
    public void The_score_of_two_plain_Latin_names_does_not_depend_on_which_is_the_query()
    {
        var pairs = LatinPairs();
        Assert.True(pairs.Length > 300, $"only {pairs.Length} pairs");
        Gen.Int[0, pairs.Length - 1].Sample(i =>
        {
            var (a, b) = pairs[i];
            var index = ScreeningIndex.Build(
                [new ScreeningEntity("a", "Company", [new EntityName(a)], [], []), new ScreeningEntity("b", "Company", [new EntityName(b)], [], [])],
                pool.Analyzer);
            var ab = ScoreOf(index, a, "b");
            var ba = ScoreOf(index, b, "a");
            Assert.True(Math.Abs(ab - ba) < 1e-9, $"\"{a}\" → \"{b}\": {ab}; \"{b}\" → \"{a}\": {ba}");
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void Adding_an_unrelated_entity_never_changes_another_querys_best_match_or_scores()
    {
        var others = ScreeningListGenerator.Generate(300, 99).Entities;
        var queries = pool.Queries.Select(q => q.Query).ToArray();
        var before = queries.Select(q => pool.Index.Screen(q, ScreeningOptions.Default)).ToArray();
        Gen.Select(Gen.Int[0, others.Length - 1], Gen.Int[0, queries.Length - 1]).Sample((u, start) =>
        {
            var added = others[u] with { Id = "u-" + others[u].Id };
            var index = ScreeningIndex.Build([.. pool.List.Entities, added], pool.Analyzer);
            for (var k = 0; k < 30; k++)
            {
                var qi = (start + (k * 97)) % queries.Length;
                var was = before[qi];
                var now = index.Screen(queries[qi], ScreeningOptions.Default);
                var because = $"adding {added.Id} \"{added.Names[0].Value}\", query \"{queries[qi].Name}\": before {Describe(was)} | after {Describe(now)}";
                foreach (var c in now.Candidates.Where(c => c.EntityId != added.Id))
                {
                    var old = was.Candidates.FirstOrDefault(o => o.EntityId == c.EntityId);
                    Assert.True(old is null || Math.Abs(old.Score - c.Score) < 1e-12, because);
                }
                if (now.Best?.EntityId == added.Id)
                {
                    Assert.True(was.Best is null || now.Best.Score >= was.Best.Score, because);
                }
                else
                {
                    Assert.True(now.Best?.EntityId == was.Best?.EntityId && now.Best?.Score == was.Best?.Score && now.Decision == was.Decision, because);
                }
            }
        }, iter: 40, threads: 1);
    }
}
