using System.Globalization;
using Musubi.Engines.Screening;
using Musubi.Synthetic.Screening;
using Xunit.Abstractions;

namespace Musubi.Engines.Tests.Screening;

/// <summary>
/// A smaller run of the evaluation in docs/engines/screening.md (50,000 generated entities, 60 queries per
/// transformation, fixed seeds) with floors below what the engine measured: a change that loses recall or precision
/// on any transformation fails here before the full evaluation is re-run. The floors are the recall with review (the
/// expected entity best and decided match or review) at the default thresholds. The brute-force comparison and the
/// hand-made cases use the small list.
/// </summary>
public sealed class ScreeningEvaluationTests(SyntheticListFixture pool, EvaluationListFixture large, ITestOutputHelper output)
    : IClassFixture<SyntheticListFixture>, IClassFixture<EvaluationListFixture>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Recall floors per transformation (match or review, expected entity best) at 0.85 / 0.70. Most sit 8–10 points
    /// below what the engine measured at a1924c9; kana for kanji and Latin for native-only entries are held at the
    /// level the engine reached at 28d3cb9 (88 % and about 25 %), before a retrieval change lost them on large lists.
    /// Per-form normalization in retrieval brought kana back (93 % on the 50k evaluation). Ranking by the best query
    /// form and syllable runs (262bb37) raised the two pinyin directions: on this sample of 60, Latin for native-only
    /// entries 15 % → 33 % and native for Latin-only 25 % (37 % and 26 % on the 50k evaluation); their floors sit about
    /// 8 points below, at 25 % and 17 %.
    /// </summary>
    public static readonly Dictionary<string, double> RecallFloors = new()
    {
        [EvaluationSet.Exact] = 0.97,
        [EvaluationSet.Typo1] = 0.90,
        [EvaluationSet.Typo2] = 0.62,
        [EvaluationSet.LegalDropped] = 0.92,
        [EvaluationSet.LegalSwapped] = 0.88,
        [EvaluationSet.Abbreviation] = 0.65,
        [EvaluationSet.Transliteration] = 0.55,
        [EvaluationSet.LatinForNative] = 0.25,
        [EvaluationSet.NativeForLatin] = 0.17,
        [EvaluationSet.KanaForKanji] = 0.75,
        [EvaluationSet.WordOrder] = 0.92,
        [EvaluationSet.Partial] = 0.42,
        [EvaluationSet.Acronym] = 0.95,
        [EvaluationSet.IdentifierOnly] = 0.97,
    };

    [Fact]
    public void Every_transformation_keeps_its_recall_floor_and_matches_stay_precise()
    {
        var outcomes = Evaluation.Run(large.Index, large.Queries, Environment.ProcessorCount);
        output.WriteLine(Evaluation.Table(outcomes, ScreeningOptions.DefaultMatchThreshold, ScreeningOptions.DefaultReviewThreshold));
        var failures = new List<string>();
        foreach (var (transformation, floor) in RecallFloors)
        {
            var group = outcomes.Where(o => o.Query.Transformation == transformation).ToList();
            if (group.Count < 40)
            {
                failures.Add($"{transformation}: only {group.Count} queries were made");
                continue;
            }
            var m = Evaluation.Measure(group, ScreeningOptions.DefaultMatchThreshold, ScreeningOptions.DefaultReviewThreshold);
            if (m.RecallReview < floor)
            {
                failures.Add(string.Create(Inv, $"{transformation}: recall (match or review) {m.RecallReview:P1} below the floor {floor:P0}"));
            }
        }
        var all = Evaluation.Measure(outcomes.ToList(), ScreeningOptions.DefaultMatchThreshold, ScreeningOptions.DefaultReviewThreshold);
        if (all.Precision < 0.95)
        {
            failures.Add(string.Create(Inv, $"precision of match decisions {all.Precision:P1} below 95 %"));
        }
        var negatives = Evaluation.Measure(outcomes.Where(o => o.Query.Transformation == EvaluationSet.Negative).ToList(), ScreeningOptions.DefaultMatchThreshold, ScreeningOptions.DefaultReviewThreshold);
        if (negatives.MatchRate > 0.02)
        {
            failures.Add(string.Create(Inv, $"plain negatives decided match {negatives.MatchRate:P1} above 2 %"));
        }
        var hard = Evaluation.Measure(outcomes.Where(o => o.Query.Transformation == EvaluationSet.HardNegative).ToList(), ScreeningOptions.DefaultMatchThreshold, ScreeningOptions.DefaultReviewThreshold);
        if (hard.MatchRate > 0.09)
        {
            failures.Add(string.Create(Inv, $"hard negatives decided match {hard.MatchRate:P1} above 9 %"));
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + Evaluation.Failures(outcomes, large.Index, ScreeningOptions.DefaultMatchThreshold, ScreeningOptions.DefaultReviewThreshold, 5));
    }

    /// <summary>
    /// The benchmark holds the index to 99 % of the brute force's recall on 1,000 queries (bench/screening.sh); here,
    /// on a sample of 120, one miss is almost a percent, so the floor is 97 %.
    /// </summary>
    [Fact]
    public void The_index_keeps_the_brute_forces_recall()
    {
        var queries = pool.Queries.Where((_, i) => i % 6 == 0).ToList();
        var viaIndex = Evaluation.Run(pool.Index, queries, Environment.ProcessorCount);
        var brute = Evaluation.Run(pool.Index, queries, Environment.ProcessorCount, exhaustive: true);
        var (m, r) = (ScreeningOptions.DefaultMatchThreshold, ScreeningOptions.DefaultReviewThreshold);
        var bruteHits = brute.Count(o => o.Hit && o.DecisionAt(m, r) != Decision.None);
        var indexHits = viaIndex.Count(o => o.Hit && o.DecisionAt(m, r) != Decision.None);
        var missed = Enumerable.Range(0, queries.Count).Where(i => brute[i].Hit && brute[i].DecisionAt(m, r) != Decision.None && !(viaIndex[i].Hit && viaIndex[i].DecisionAt(m, r) != Decision.None))
            .Select(i => $"[{queries[i].Transformation}] \"{queries[i].Query.Name}\": brute force {brute[i].BestId} {brute[i].BestScore:0.000}, index {viaIndex[i].BestId ?? "-"} {viaIndex[i].BestScore:0.000}");
        Assert.True(indexHits >= 0.97 * bruteHits, $"index {indexHits} of brute force {bruteHits} hits on {queries.Count} queries:\n" + string.Join("\n", missed));
    }

    [Fact]
    public void Japanese_companies_meet_across_kanji_kana_romaji_and_English_and_not_each_other()
    {
        var outcomes = HandMadeCases.Run(pool.Analyzer, pool.List.Entities.Take(500).ToList());
        output.WriteLine(HandMadeCases.Markdown(outcomes));
        var wrong = outcomes.Where(o => !o.Right).Select(o => $"{o.Case.Query} against {o.Case.Listed}: {o.Decision} {o.BestId} {o.Score:0.000} ({o.Forms})").ToList();
        Assert.True(outcomes.Count(o => o.Case.SameCompany) == 53, $"{outcomes.Count(o => o.Case.SameCompany)} positive cases");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
