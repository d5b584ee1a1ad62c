using System.Globalization;
using System.Text;
using Musubi.Engines.Screening;

namespace Musubi.Synthetic.Screening;

/// <summary>What the engine answered for one evaluation query: its best candidate (at any score ≥ 0.3) and where the expected entity was.</summary>
internal sealed record EvalOutcome(EvalQuery Query, string? BestId, double BestScore, string? BestName, double ExpectedScore, bool ExpectedInCandidates)
{
    public bool Hit => Query.Expected is not null && BestId == Query.Expected;

    public Decision DecisionAt(double match, double review) =>
        BestId is null ? Decision.None : BestScore >= match ? Decision.Match : BestScore >= review ? Decision.Review : Decision.None;
}

/// <summary>Figures of one group of outcomes at one pair of thresholds.</summary>
internal sealed record EvalMetrics(
    int N,
    double RecallMatch,
    double RecallReview,
    double InCandidates,
    double Precision,
    int Matches,
    double MatchRate,
    double ReviewRate);

/// <summary>
/// Runs an evaluation set through an index and reports, per transformation: n; recall (the expected entity is the
/// best candidate and the decision is match); recall with review (best and match or review); whether the expected
/// entity is among the listed candidates at ≥ review; precision (of the match decisions, the share whose best is
/// the expected entity); for negatives, the share decided match (false positives) and review.
/// </summary>
internal static class Evaluation
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Screening with thresholds this low keeps the best candidate whenever it scores ≥ 0.3, so one run serves every threshold of the sweep.</summary>
    public static readonly ScreeningOptions SweepOptions = new() { MatchThreshold = 0.3, ReviewThreshold = 0.3, MaxCandidates = 10 };

    public static IReadOnlyList<EvalOutcome> Run(ScreeningIndex index, IReadOnlyList<EvalQuery> queries, int degreeOfParallelism, bool exhaustive = false)
    {
        IReadOnlyList<ScreeningResult> results;
        if (exhaustive)
        {
            var array = new ScreeningResult[queries.Count];
            Parallel.For(0, queries.Count, new ParallelOptions { MaxDegreeOfParallelism = degreeOfParallelism }, i => array[i] = index.ScreenExhaustive(queries[i].Query, SweepOptions));
            results = array;
        }
        else
        {
            results = index.ScreenAll(queries.Select(q => q.Query).ToList(), SweepOptions, degreeOfParallelism);
        }
        return [.. queries.Select((q, i) => Outcome(q, results[i]))];
    }

    public static EvalOutcome Outcome(EvalQuery q, ScreeningResult r)
    {
        var expected = q.Expected is null ? null : r.Candidates.FirstOrDefault(c => c.EntityId == q.Expected);
        return new EvalOutcome(q, r.Best?.EntityId, r.Best?.Score ?? 0, r.Best?.MatchedName, expected?.Score ?? 0, expected is not null);
    }

    public static EvalMetrics Measure(IReadOnlyCollection<EvalOutcome> outcomes, double match, double review)
    {
        var n = outcomes.Count;
        if (n == 0)
        {
            return new EvalMetrics(0, double.NaN, double.NaN, double.NaN, double.NaN, 0, double.NaN, double.NaN);
        }
        var positives = outcomes.Where(o => !o.Query.IsNegative).ToList();
        var recallMatch = positives.Count == 0 ? double.NaN : positives.Count(o => o.Hit && o.DecisionAt(match, review) == Decision.Match) / (double)positives.Count;
        var recallReview = positives.Count == 0 ? double.NaN : positives.Count(o => o.Hit && o.DecisionAt(match, review) != Decision.None) / (double)positives.Count;
        var inCandidates = positives.Count == 0 ? double.NaN : positives.Count(o => o.ExpectedInCandidates && o.ExpectedScore >= review) / (double)positives.Count;
        var matches = outcomes.Where(o => o.DecisionAt(match, review) == Decision.Match).ToList();
        var precision = matches.Count == 0 ? double.NaN : matches.Count(o => o.Hit) / (double)matches.Count;
        var matchRate = matches.Count / (double)n;
        var reviewRate = outcomes.Count(o => o.DecisionAt(match, review) == Decision.Review) / (double)n;
        return new EvalMetrics(n, recallMatch, recallReview, inCandidates, precision, matches.Count, matchRate, reviewRate);
    }

    private static string Pct(double v) => double.IsNaN(v) ? "–" : (v * 100).ToString("0.0", Inv) + " %";

    /// <summary>The per-transformation table at one pair of thresholds.</summary>
    public static string Table(IReadOnlyList<EvalOutcome> outcomes, double match, double review)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| transformation | n | recall (match) | recall (match or review) | expected among candidates ≥ review | precision of matches | mean score of expected |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var t in EvaluationSet.Positives)
        {
            var group = outcomes.Where(o => o.Query.Transformation == t).ToList();
            if (group.Count == 0)
            {
                continue;
            }
            var m = Measure(group, match, review);
            var mean = group.Average(o => o.ExpectedScore);
            sb.AppendLine(Inv, $"| {t} | {m.N} | {Pct(m.RecallMatch)} | {Pct(m.RecallReview)} | {Pct(m.InCandidates)} | {Pct(m.Precision)} | {mean:0.000} |");
        }
        var all = outcomes.Where(o => !o.Query.IsNegative).ToList();
        var total = Measure(all, match, review);
        sb.AppendLine(Inv, $"| **all positives** | {total.N} | {Pct(total.RecallMatch)} | {Pct(total.RecallReview)} | {Pct(total.InCandidates)} | {Pct(total.Precision)} | {all.Average(o => o.ExpectedScore):0.000} |");
        sb.AppendLine();
        sb.AppendLine("| negatives | n | decided match (false positive) | decided review | decided none | mean best score |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var t in (string[])[EvaluationSet.HardNegative, EvaluationSet.Negative])
        {
            var group = outcomes.Where(o => o.Query.Transformation == t).ToList();
            if (group.Count == 0)
            {
                continue;
            }
            var m = Measure(group, match, review);
            sb.AppendLine(Inv, $"| {t} | {m.N} | {Pct(m.MatchRate)} | {Pct(m.ReviewRate)} | {Pct(1 - m.MatchRate - m.ReviewRate)} | {group.Average(o => o.BestScore):0.000} |");
        }
        var everything = Measure(outcomes.ToList(), match, review);
        sb.AppendLine();
        sb.AppendLine(Inv, $"Precision of every match decision (positives and negatives together): **{Pct(everything.Precision)}** ({everything.Matches:N0} matches).");
        return sb.ToString();
    }

    /// <summary>Rows by detail (variant, script, family) for the transformations whose detail matters.</summary>
    public static string DetailTable(IReadOnlyList<EvalOutcome> outcomes, double match, double review, params string[] transformations)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| transformation | detail | n | recall (match) | recall (match or review) | decided match (negatives) | mean score |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var t in transformations)
        {
            foreach (var g in outcomes.Where(o => o.Query.Transformation == t).GroupBy(o => o.Query.Detail).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var m = Measure(g.ToList(), match, review);
                var negative = g.First().Query.IsNegative;
                var mean = negative ? g.Average(o => o.BestScore) : g.Average(o => o.ExpectedScore);
                sb.AppendLine(Inv, $"| {t} | {g.Key} | {m.N} | {(negative ? "–" : Pct(m.RecallMatch))} | {(negative ? "–" : Pct(m.RecallReview))} | {(negative ? Pct(m.MatchRate) : "–")} | {mean:0.000} |");
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The threshold sweep. Match and review decisions depend on the best score alone, so recall at match and the
    /// false-positive rate depend only on the match threshold, recall with review and what reaches a reviewer only
    /// on the review threshold: two one-dimensional sweeps. Every transformation has the same number of queries, so
    /// the recall over all positives is also the mean of the transformations' recalls.
    /// </summary>
    public static string Sweep(IReadOnlyList<EvalOutcome> outcomes)
    {
        var positives = outcomes.Where(o => !o.Query.IsNegative).ToList();
        var hard = outcomes.Where(o => o.Query.Transformation == EvaluationSet.HardNegative).ToList();
        var plain = outcomes.Where(o => o.Query.Transformation == EvaluationSet.Negative).ToList();
        var sb = new StringBuilder();
        sb.AppendLine("| match threshold | recall (match) | precision of matches | hard negatives decided match | negatives decided match |");
        sb.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var m in (double[])[0.70, 0.75, 0.80, 0.85, 0.90, 0.95])
        {
            var all = Measure(outcomes.ToList(), m, 0.3);
            sb.AppendLine(Inv, $"| {m:0.00} | {Pct(Measure(positives, m, 0.3).RecallMatch)} | {Pct(all.Precision)} | {Pct(Measure(hard, m, 0.3).MatchRate)} | {Pct(Measure(plain, m, 0.3).MatchRate)} |");
        }
        sb.AppendLine();
        sb.AppendLine("| review threshold | recall (match or review) | hard negatives at ≥ review | negatives at ≥ review |");
        sb.AppendLine("|---:|---:|---:|---:|");
        foreach (var r in (double[])[0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80])
        {
            var h = Measure(hard, 1, r);
            var p = Measure(plain, 1, r);
            sb.AppendLine(Inv, $"| {r:0.00} | {Pct(Measure(positives, 1, r).RecallReview)} | {Pct(h.MatchRate + h.ReviewRate)} | {Pct(p.MatchRate + p.ReviewRate)} |");
        }
        return sb.ToString();
    }

    /// <summary>One example query per transformation (and per kind of hard negative) beside the listed name it came from.</summary>
    public static string Examples(IReadOnlyList<EvalQuery> queries)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| transformation | example query | made from the listed name |");
        sb.AppendLine("|---|---|---|");
        var groups = queries.GroupBy(q => q.Transformation == EvaluationSet.HardNegative ? q.Transformation + ": " + q.Detail : q.Transformation);
        foreach (var g in groups)
        {
            // Prefer a Latin-script example where there is one, except for the script changes.
            var q = g.FirstOrDefault(q => q.Query.Name.All(c => c < 0x250) && !g.Key.StartsWith("script", StringComparison.Ordinal)) ?? g.First();
            var from = q.Transformation == EvaluationSet.Negative ? "(none: a trade name held back from the list)" : q.Source;
            var extra = q.Query.Identifiers.Count > 0 ? $" + {q.Query.Identifiers[0].Scheme} {q.Query.Identifiers[0].Value}" : "";
            sb.AppendLine(Inv, $"| {g.Key} | {q.Query.Name}{extra} | {from} |");
        }
        return sb.ToString();
    }

    /// <summary>Examples of misses (positives not decided match at the thresholds) and false positives, for tuning.</summary>
    public static string Failures(IReadOnlyList<EvalOutcome> outcomes, ScreeningIndex index, double match, double review, int perTransformation)
    {
        var sb = new StringBuilder();
        foreach (var g in outcomes.GroupBy(o => o.Query.Transformation))
        {
            var bad = g.Where(o => o.Query.IsNegative ? o.DecisionAt(match, review) == Decision.Match : !(o.Hit && o.DecisionAt(match, review) == Decision.Match)).Take(perTransformation).ToList();
            if (bad.Count == 0)
            {
                continue;
            }
            sb.AppendLine(Inv, $"## {g.Key}: {g.Count(o => o.Query.IsNegative ? o.DecisionAt(match, review) == Decision.Match : !(o.Hit && o.DecisionAt(match, review) == Decision.Match))} of {g.Count()}");
            foreach (var o in bad)
            {
                var expected = o.Query.Expected is null ? null : index.Find(o.Query.Expected);
                var expectedNames = expected is null ? "(none)" : string.Join(" | ", expected.Names.Select(n => n.Value));
                var best = o.BestId is null ? "(no candidate ≥ 0.3)" : $"{o.BestId} {o.BestScore:0.000} \"{o.BestName}\"";
                sb.AppendLine(Inv, $"- [{o.Query.Detail}] query \"{o.Query.Query.Name}\"{(o.Query.Query.Country is null ? "" : " (" + o.Query.Query.Country + ")")} → best {best}; expected {o.Query.Expected ?? "none"} {(o.Query.Expected is null ? "" : $"{o.ExpectedScore:0.000}")} [{expectedNames}]");
            }
        }
        return sb.ToString();
    }
}
