using System.Diagnostics;
using System.Globalization;
using Musubi.Engines.Transfers;

namespace Musubi.Benchmarks;

/// <summary>
/// Per-evaluation latency: BenchmarkDotNet reports the mean and spread of batches, not percentiles of single operations,
/// so this times each of <c>count</c> evaluations (cycling through the mix) with <see cref="Stopwatch.GetTimestamp"/>
/// after a warm-up, and prints the percentiles. The timer's own cost (two back-to-back reads) is printed too.
/// </summary>
internal static class Latency
{
    public static int Run(int count)
    {
        var rules = RuleSet.LoadDefault();
        var engine = new TransferEngine(rules);
        var mix = CaseMix.Mix(rules);
        // Warm-up: tiered compilation promotes hot methods in the background once no new method has been compiled for
        // a while — 100 ms, but ten times that when the process sees one CPU (taskset -c 0: TC_DelaySingleProcMultiplier).
        // Until then the engine runs unoptimized code, about five times slower; so evaluate for seconds, with pauses.
        var sink = 0;
        for (var round = 0; round < 3; round++)
        {
            var warm = Stopwatch.StartNew();
            for (var i = 0; warm.Elapsed.TotalSeconds < 1.5; i++)
            {
                sink += (int)engine.Evaluate(mix[i % mix.Length]).Verdict;
            }
            Thread.Sleep(1200);
        }

        var ticks = new long[count];
        var timer = new long[count];
        for (var i = 0; i < count; i++)
        {
            var a = Stopwatch.GetTimestamp();
            var b = Stopwatch.GetTimestamp();
            timer[i] = b - a;
        }
        var gcBefore = GC.CollectionCount(0);
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var c = mix[i % mix.Length];
            var start = Stopwatch.GetTimestamp();
            var r = engine.Evaluate(c);
            ticks[i] = Stopwatch.GetTimestamp() - start;
            sink += (int)r.Verdict;
        }
        wall.Stop();
        var gcs = GC.CollectionCount(0) - gcBefore;
        Array.Sort(ticks);
        Array.Sort(timer);
        double Us(long t) => t * 1_000_000.0 / Stopwatch.Frequency;
        double P(long[] sorted, double p) => Us(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)]);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"latency: {count:N0} evaluations of the {mix.Length:N0}-case mix, each timed alone (Stopwatch, {Stopwatch.Frequency:N0} ticks/s)"));
        Console.WriteLine(string.Create(inv, $"  p50 {P(ticks, 50):0.000} µs  p90 {P(ticks, 90):0.000} µs  p99 {P(ticks, 99):0.000} µs  p99.9 {P(ticks, 99.9):0.000} µs  max {Us(ticks[^1]):0.0} µs  mean {ticks.Average() * 1_000_000.0 / Stopwatch.Frequency:0.000} µs"));
        Console.WriteLine(string.Create(inv, $"  timer cost (two reads back to back): p50 {P(timer, 50):0.000} µs  p99 {P(timer, 99):0.000} µs"));
        Console.WriteLine(string.Create(inv, $"  wall {wall.Elapsed.TotalMilliseconds:0} ms ({count / wall.Elapsed.TotalSeconds:N0} evaluations/s with the timing), {gcs} gen-0 collections (checksum {sink})"));
        Console.WriteLine(string.Create(inv, $"RESULT latency count={count} p50_us={P(ticks, 50):0.000} p90_us={P(ticks, 90):0.000} p99_us={P(ticks, 99):0.000} p999_us={P(ticks, 99.9):0.000} max_us={Us(ticks[^1]):0.0} timer_p50_us={P(timer, 50):0.000} gen0={gcs}"));
        return 0;
    }
}
