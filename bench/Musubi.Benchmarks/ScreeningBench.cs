using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Musubi.Engines.Screening;
using Musubi.Synthetic.Screening;

namespace Musubi.Benchmarks;

/// <summary>
/// The screening engine's benchmarks (issue #4), all in one process:
/// <list type="number">
/// <item>index a generated multi-script list of <c>count</c> (1,000,000) entities: seconds and peak memory;</item>
/// <item>screen <c>queries</c> (100,000) queries made by the evaluation's transformations (and negatives) with the
/// top-10 candidates scored, on <c>workers</c> threads: queries per second;</item>
/// <item>on a slice of the first <c>slice</c> (20,000) entities, <c>sliceQueries</c> queries screened by the index and
/// by <see cref="ScreeningIndex.ScreenExhaustive"/> (every entity scored with the same scorer): the recall of each
/// (expected entity best, decision match or review) and the time of each.</item>
/// </list>
/// Prints <c>RESULT</c> lines for bench/screening.sh.
/// </summary>
internal static class ScreeningBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(int count, int queryCount, int slice, int sliceQueries, int workers, int seed = 1)
    {
        Console.WriteLine(string.Create(Inv, $"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}; {Environment.ProcessorCount} processors visible; workers {workers}"));
        using var mecab = MecabReader.Open();
        var analyzer = new NameAnalyzer(mecab.Available ? mecab : null);
        Console.WriteLine("Japanese: " + analyzer.JapaneseStatus);
        Full(analyzer, count, queryCount, workers, seed);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return Slice(analyzer, slice, sliceQueries, workers, seed);
    }

    private static void Full(NameAnalyzer analyzer, int count, int queryCount, int workers, int seed)
    {

        // 1. Generate (not timed as indexing) and index.
        var clock = Stopwatch.StartNew();
        var list = ScreeningListGenerator.Generate(count, seed);
        var generate = clock.Elapsed;
        var names = list.Entities.Sum(e => e.Names.Count);
        Console.WriteLine(string.Create(Inv, $"generated {count:N0} entities with {names:N0} names in {generate.TotalSeconds:0.00} s (seed {seed}): {string.Join(", ", list.CountByCountry().Select(kv => $"{kv.Key} {kv.Value:N0}"))}"));
        var scripts = ScriptCounts(list.Entities);
        Console.WriteLine("names by script: " + string.Join(", ", scripts.Select(kv => string.Create(Inv, $"{kv.Key} {kv.Value:N0}"))));
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heapBefore = GC.GetTotalMemory(true);
        var rssBefore = Rss();
        ResetPeak();
        var cpuBefore = Cpu();
        clock.Restart();
        var index = ScreeningIndex.Build(list.Entities, analyzer, workers);
        var build = clock.Elapsed;
        var buildCpu = Cpu() - cpuBefore;
        var peakBuild = PeakRss();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heapAfter = GC.GetTotalMemory(true);
        Console.WriteLine(string.Create(Inv, $"indexed {index.EntityCount:N0} entities ({index.NameCount:N0} names, {index.KeyCount:N0} keys) in {build.TotalSeconds:0.00} s on {workers} threads ({buildCpu.TotalSeconds:0.0} s of CPU: at least {buildCpu.TotalSeconds / workers:0.0} s on {workers} idle cores)"));
        Console.WriteLine(string.Create(Inv, $"  memory: process peak (VmHWM) during the build {peakBuild / 1e9:0.00} GB (entities and analyzer before it: {rssBefore / 1e9:0.00} GB resident); managed heap held by the index {(heapAfter - heapBefore) / 1e9:0.00} GB (heap {heapBefore / 1e9:0.00} → {heapAfter / 1e9:0.00} GB)"));
        Console.WriteLine(string.Create(Inv, $"RESULT index entities={count} names={names} keys={index.KeyCount} build_s={build.TotalSeconds:0.000} build_cpu_s={buildCpu.TotalSeconds:0.0} generate_s={generate.TotalSeconds:0.000} peak_rss_gb={peakBuild / 1e9:0.00} rss_before_gb={rssBefore / 1e9:0.00} index_heap_gb={(heapAfter - heapBefore) / 1e9:0.00}"));

        // 2. Queries from the evaluation's transformations, screened with the top-10 candidates scored.
        clock.Restart();
        var perKind = (queryCount / 18) + 1;
        var eval = EvaluationSet.Build(list, perKind, seed + 1);
        var shuffled = Shuffle(eval, seed + 2).Take(queryCount).ToList();
        var queries = shuffled.Select(q => q.Query).ToList();
        Console.WriteLine(string.Create(Inv, $"made {queries.Count:N0} queries in {clock.Elapsed.TotalSeconds:0.0} s (not timed): {string.Join(", ", shuffled.GroupBy(q => q.Transformation).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}"))}"));
        var options = ScreeningOptions.Default with { MaxCandidates = 10 };
        // Warm-up: tiered compilation settles while a slice of the queries runs twice, with a pause.
        for (var round = 0; round < 2; round++)
        {
            index.ScreenAll(queries.Take(3000).ToList(), options, workers);
            Thread.Sleep(1000);
        }
        GC.Collect();
        var gc0 = GC.CollectionCount(0);
        var gc2 = GC.CollectionCount(2);
        var screenCpuBefore = Cpu();
        clock.Restart();
        var results = index.ScreenAll(queries, options, workers);
        var screen = clock.Elapsed;
        var screenCpu = Cpu() - screenCpuBefore;
        var qps = queries.Count / screen.TotalSeconds;
        var scored = results.Sum(r => r.Candidates.Count);
        var outcomes = shuffled.Select((q, i) => Evaluation.Outcome(q, results[i])).ToList();
        var m = Evaluation.Measure(outcomes, options.MatchThreshold, options.ReviewThreshold);
        var positives = Evaluation.Measure(outcomes.Where(o => !o.Query.IsNegative).ToList(), options.MatchThreshold, options.ReviewThreshold);
        var negatives = Evaluation.Measure(outcomes.Where(o => o.Query.IsNegative).ToList(), options.MatchThreshold, options.ReviewThreshold);
        Console.WriteLine(string.Create(Inv, $"screened {queries.Count:N0} queries on {workers} threads in {screen.TotalSeconds:0.000} s: {qps:N0} queries/s ({screenCpu.TotalSeconds:0.0} s of CPU: at most {queries.Count * workers / screenCpu.TotalSeconds:N0} queries/s on {workers} idle cores); {scored:N0} candidates returned (mean {(double)scored / queries.Count:0.0}); GC gen0 {GC.CollectionCount(0) - gc0}, gen2 {GC.CollectionCount(2) - gc2}"));
        Console.WriteLine(string.Create(Inv, $"  at {options.MatchThreshold}/{options.ReviewThreshold}: positives recall (match) {positives.RecallMatch:P1}, (match or review) {positives.RecallReview:P1}; negatives decided match {negatives.MatchRate:P1}, review {negatives.ReviewRate:P1}; precision of matches {m.Precision:P1}"));
        Console.WriteLine(string.Create(Inv, $"RESULT screen queries={queries.Count} workers={workers} wall_s={screen.TotalSeconds:0.000} qps={qps:0} cpu_qps={queries.Count * workers / screenCpu.TotalSeconds:0} recall_match={positives.RecallMatch:0.0000} recall_review={positives.RecallReview:0.0000} precision={m.Precision:0.0000} peak_rss_gb={PeakRss() / 1e9:0.00}"));
    }

    /// <summary>
    /// The brute-force reference on a slice: the first <paramref name="slice"/> entities of the same list (generation
    /// is sequential, so a shorter list with the same seed is exactly the big list's first entries).
    /// </summary>
    private static int Slice(NameAnalyzer analyzer, int slice, int sliceQueries, int workers, int seed)
    {
        var full = ScreeningListGenerator.Generate(slice, seed);
        var clock = Stopwatch.StartNew();
        var index = ScreeningIndex.Build(full.Entities, analyzer, workers);
        var build = clock.Elapsed;
        var eval = Shuffle(EvaluationSet.Build(full, (sliceQueries / 18) + 1, seed + 3), seed + 4).Take(sliceQueries).ToList();
        var options = ScreeningOptions.Default with { MaxCandidates = 10 };
        // Warm-up of both paths.
        Evaluation.Run(index, eval.Take(200).ToList(), workers);
        Evaluation.Run(index, eval.Take(20).ToList(), workers, exhaustive: true);
        clock.Restart();
        var viaIndex = Evaluation.Run(index, eval, workers);
        var indexTime = clock.Elapsed;
        clock.Restart();
        var brute = Evaluation.Run(index, eval, workers, exhaustive: true);
        var bruteTime = clock.Elapsed;

        var match = options.MatchThreshold;
        var review = options.ReviewThreshold;
        var pos = Enumerable.Range(0, eval.Count).Where(i => !eval[i].IsNegative).ToList();
        var bruteHits = pos.Count(i => brute[i].Hit && brute[i].DecisionAt(match, review) != Decision.None);
        var indexHits = pos.Count(i => viaIndex[i].Hit && viaIndex[i].DecisionAt(match, review) != Decision.None);
        var bruteMatch = pos.Count(i => brute[i].Hit && brute[i].DecisionAt(match, review) == Decision.Match);
        var indexMatch = pos.Count(i => viaIndex[i].Hit && viaIndex[i].DecisionAt(match, review) == Decision.Match);
        var sameBest = Enumerable.Range(0, eval.Count).Count(i => viaIndex[i].BestId == brute[i].BestId && Math.Abs(viaIndex[i].BestScore - brute[i].BestScore) < 1e-9);
        var sameDecision = Enumerable.Range(0, eval.Count).Count(i => viaIndex[i].DecisionAt(match, review) == brute[i].DecisionAt(match, review)
            && (viaIndex[i].DecisionAt(match, review) == Decision.None || viaIndex[i].BestId == brute[i].BestId));
        var recallBrute = bruteHits / (double)pos.Count;
        var recallIndex = indexHits / (double)pos.Count;
        var ratio = recallBrute == 0 ? 1 : recallIndex / recallBrute;
        Console.WriteLine(string.Create(Inv, $"slice: {slice:N0} entities indexed in {build.TotalSeconds:0.00} s; {eval.Count:N0} queries ({pos.Count:N0} with an expected entity) on {workers} threads"));
        Console.WriteLine(string.Create(Inv, $"  brute force (ScreenExhaustive, every entity scored): {bruteTime.TotalSeconds:0.00} s ({eval.Count / bruteTime.TotalSeconds:N1} queries/s); recall (best, match or review) {recallBrute:P2}, (best, match) {bruteMatch / (double)pos.Count:P2}"));
        Console.WriteLine(string.Create(Inv, $"  index (Screen):                                     {indexTime.TotalSeconds:0.00} s ({eval.Count / indexTime.TotalSeconds:N0} queries/s); recall (best, match or review) {recallIndex:P2}, (best, match) {indexMatch / (double)pos.Count:P2}"));
        Console.WriteLine(string.Create(Inv, $"  index keeps {ratio:P2} of the brute force's recall; same best candidate and score on {sameBest:N0} of {eval.Count:N0} queries, same decision on {sameDecision:N0}; speed-up ×{bruteTime.TotalSeconds / indexTime.TotalSeconds:N0}"));
        foreach (var i in Enumerable.Range(0, eval.Count).Where(i => viaIndex[i].BestId != brute[i].BestId).Take(8))
        {
            Console.WriteLine(string.Create(Inv, $"  differs: [{eval[i].Transformation}] \"{eval[i].Query.Name}\" → index {viaIndex[i].BestId ?? "-"} {viaIndex[i].BestScore:0.000}, brute force {brute[i].BestId ?? "-"} {brute[i].BestScore:0.000} (expected {eval[i].Expected ?? "none"})"));
        }
        Console.WriteLine(string.Create(Inv, $"RESULT slice entities={slice} queries={eval.Count} positives={pos.Count} brute_s={bruteTime.TotalSeconds:0.000} index_s={indexTime.TotalSeconds:0.000} recall_brute={recallBrute:0.0000} recall_index={recallIndex:0.0000} ratio={ratio:0.0000} same_best={sameBest} same_decision={sameDecision}"));
        return 0;
    }

    private static List<T> Shuffle<T>(IEnumerable<T> items, int seed)
    {
        var list = items.ToList();
        var rng = new Rng(seed, 99);
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    /// <summary>Names by the script of their first letter.</summary>
    internal static IReadOnlyList<KeyValuePair<string, int>> ScriptCounts(IEnumerable<ScreeningEntity> entities)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in entities)
        {
            foreach (var n in e.Names)
            {
                var c = n.Value.FirstOrDefault(char.IsLetter);
                var script = c switch
                {
                    >= '\u0400' and <= '\u04FF' => "Cyrillic",
                    >= '\u0600' and <= '\u06FF' => "Arabic",
                    >= '\u3040' and <= '\u30FF' => "kana",
                    >= '\u4E00' and <= '\u9FFF' => "Han",
                    >= '\uAC00' and <= '\uD7AF' => "Hangul",
                    _ => "Latin",
                };
                counts[script] = counts.GetValueOrDefault(script) + 1;
            }
        }
        return [.. counts.OrderByDescending(kv => kv.Value)];
    }

    private static long StatusKb(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], Inv) * 1024;
            }
        }
        return 0;
    }

    private static long Rss() => StatusKb("VmRSS:");

    /// <summary>CPU time of the process: with other work on the machine, wall time overstates, CPU time per core does not (much).</summary>
    private static TimeSpan Cpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    private static long PeakRss() => StatusKb("VmHWM:");

    /// <summary>Resets the kernel's peak-RSS mark (writing 5 to clear_refs), so the peak read after the build is the build's.</summary>
    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not permitted: the peak then includes generation, which only overstates the build's.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
