using System.Text;
using System.Text.Json;
using Musubi.Engines.Transfers;

namespace Musubi.Benchmarks;

/// <summary>
/// Writes cases and this engine's answers for the independent Python evaluator (bench/transfers_peer.py), one JSON line
/// per case: <c>{"case":{…},"verdict":"…","gates":{"JP":"…"},"approvals":[…],"notifications":[[body,section,days],…]}</c>.
/// The peer evaluates the same cases from the same YAML and reports every answer that differs.
/// </summary>
internal static class PeerCases
{
    public static int Run(int count, string file)
    {
        var rules = RuleSet.LoadDefault();
        var engine = new TransferEngine(rules);
        using var w = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 20);
        foreach (var c in CaseMix.Examples(rules).Concat(CaseMix.Generate(count, seed: 11)))
        {
            var r = engine.Evaluate(c);
            var line = new Dictionary<string, object?>
            {
                ["case"] = JsonDocument.Parse(TransferJson.Serialize(c)).RootElement,
                ["verdict"] = Reevaluation.VerdictText(r.Verdict),
                ["gates"] = r.Gates.ToDictionary(g => g.Jurisdiction, g => Reevaluation.VerdictText(g.Verdict)),
                ["approvals"] = r.Approvals.Order(StringComparer.Ordinal).ToArray(),
                ["notifications"] = r.Notifications.Select(n => new object?[] { n.Body, n.Section, n.ReviewDays }).ToArray(),
            };
            w.Write(JsonSerializer.Serialize(line, TransferJson.Options));
            w.Write('\n');
        }
        Console.WriteLine($"wrote {count + 8} cases with this engine's answers to {file}");

        // The engine on the very cases the peer evaluates, on one thread, for the figure beside the peer's.
        var cases = CaseMix.Examples(rules).Concat(CaseMix.Generate(count, seed: 11)).ToArray();
        var best = double.MaxValue;
        var sink = 0;
        // Warm-up as in the latency mode (tiered compilation waits 1 s of quiet on one CPU before optimizing).
        for (var round = 0; round < 3; round++)
        {
            var warm = System.Diagnostics.Stopwatch.StartNew();
            while (warm.Elapsed.TotalSeconds < 1.5)
            {
                foreach (var c in cases)
                {
                    sink += (int)engine.Evaluate(c).Verdict;
                }
            }
            Thread.Sleep(1200);
        }
        // CPU time as well as wall time: on a shared machine the wall clock also counts time the process waited for a core.
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; round < 10; round++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            foreach (var c in cases)
            {
                sink += (int)engine.Evaluate(c).Verdict;
            }
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        var cpuSeconds = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"RESULT engine-on-peer-cases cases={cases.Length} evals_per_s={cases.Length / best:0} evals_per_cpu_s={cases.Length * 10 / cpuSeconds:0} cpu_share={cpuSeconds / wall.Elapsed.TotalSeconds:0.00} (best of 10 rounds after warm-up; checksum {sink})"));
        return 0;
    }
}
