using System.Diagnostics;
using System.Globalization;
using Musubi.Engines.Screening;
using Musubi.Synthetic.Screening;

namespace Musubi.Benchmarks;

/// <summary>
/// The screening evaluation (docs/engines/screening.md, Evaluation): a generated list of <c>entities</c> entries, the
/// evaluation set made from it (<c>perTransformation</c> queries of each transformation, twice as many hard and plain
/// negatives), screened once through the index; prints the threshold sweep, the per-transformation tables at the
/// given thresholds, the details by variant and script, and the hand-made cross-script cases, as Markdown. With a
/// failures file, writes examples of misses and false positives there for tuning.
/// </summary>
internal static class ScreeningEval
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(int entities, int perTransformation, int seed, double match, double review, string? failures, bool exhaustive)
    {
        using var mecab = MecabReader.Open();
        var analyzer = new NameAnalyzer(mecab.Available ? mecab : null);
        var clock = Stopwatch.StartNew();
        var list = ScreeningListGenerator.Generate(entities, seed);
        var index = ScreeningIndex.Build(list.Entities, analyzer);
        var set = EvaluationSet.Build(list, perTransformation, seed + 1);
        var outcomes = Evaluation.Run(index, set, Environment.ProcessorCount, exhaustive);
        var hand = HandMadeCases.Run(analyzer, list.Entities.Take(2000).ToList());
        Console.Error.WriteLine(string.Create(Inv, $"evaluation: {entities:N0} entities, {set.Count:N0} queries, {clock.Elapsed.TotalSeconds:0.0} s"));

        Console.WriteLine(string.Create(Inv, $"List: {entities:N0} generated entities (seed {seed}; {string.Join(", ", list.CountByCountry().Select(kv => $"{kv.Key} {kv.Value:N0}"))}); names by script: {string.Join(", ", ScreeningBench.ScriptCounts(list.Entities).Select(kv => $"{kv.Key} {kv.Value:N0}"))}. Queries: {set.Count:N0} ({set.Count(q => !q.IsNegative):N0} with an expected entity, {set.Count(q => q.IsNegative):N0} negatives), screened through the {(exhaustive ? "exhaustive scorer" : "index")}. Japanese readings: {analyzer.JapaneseStatus}."));
        Console.WriteLine();
        Console.WriteLine("#### Examples of the queries");
        Console.WriteLine();
        Console.WriteLine(Evaluation.Examples(set));
        Console.WriteLine("#### Threshold sweep");
        Console.WriteLine();
        Console.WriteLine(Evaluation.Sweep(outcomes));
        Console.WriteLine(string.Create(Inv, $"#### Per transformation at match {match:0.00}, review {review:0.00}"));
        Console.WriteLine();
        Console.WriteLine(Evaluation.Table(outcomes, match, review));
        if (Math.Abs(match - ScreeningOptions.DefaultMatchThreshold) > 1e-9 || Math.Abs(review - ScreeningOptions.DefaultReviewThreshold) > 1e-9)
        {
            Console.WriteLine(string.Create(Inv, $"#### Per transformation at the current defaults ({ScreeningOptions.DefaultMatchThreshold:0.00} / {ScreeningOptions.DefaultReviewThreshold:0.00})"));
            Console.WriteLine();
            Console.WriteLine(Evaluation.Table(outcomes, ScreeningOptions.DefaultMatchThreshold, ScreeningOptions.DefaultReviewThreshold));
        }
        Console.WriteLine(string.Create(Inv, $"#### By variant and script (match {match:0.00}, review {review:0.00})"));
        Console.WriteLine();
        Console.WriteLine(Evaluation.DetailTable(outcomes, match, review, EvaluationSet.Transliteration, EvaluationSet.LatinForNative, EvaluationSet.NativeForLatin,
            EvaluationSet.KanaForKanji, EvaluationSet.Abbreviation, EvaluationSet.WordOrder, EvaluationSet.HardNegative, EvaluationSet.Negative));
        Console.WriteLine("#### Hand-made cross-script cases (default thresholds)");
        Console.WriteLine();
        Console.WriteLine(HandMadeCases.Markdown(hand));
        if (failures is not null)
        {
            File.WriteAllText(failures, Evaluation.Failures(outcomes, index, match, review, 25));
            Console.Error.WriteLine("failures written to " + failures);
        }
        return 0;
    }
}
