using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Musubi.Benchmarks;

/// <summary>
/// Benchmarks of the transfer-eligibility engine (issue #3; bench/transfers.sh runs them all and records the figures):
/// <code>
/// Musubi.Benchmarks [bdn] [BenchmarkDotNet args]     throughput (BenchmarkDotNet, in-process); pin with taskset -c 0
/// Musubi.Benchmarks latency [COUNT]                  per-evaluation percentiles, COUNT (1,000,000) single evaluations
/// Musubi.Benchmarks reevaluate [COUNT] [WORKERS]     COUNT (1,000,000) saved checks re-evaluated after a rule change
/// Musubi.Benchmarks peer-cases COUNT FILE            cases and this engine's answers for bench/transfers_peer.py
/// Musubi.Benchmarks recheck-db COUNT DB DATADIR      a SQLite database of COUNT saved checks and a changed data/ for
///                                                    timing ./musubi transfers recheck (the product path)
/// </code>
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var mode = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "bdn";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        int Arg(int i, int fallback) => rest.Length > i ? int.Parse(rest[i], NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : fallback;
        switch (mode)
        {
            case "bdn":
                var config = DefaultConfig.Instance
                    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
                    .AddColumn(StatisticColumn.OperationsPerSecond, StatisticColumn.P95)
                    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
                var summary = BenchmarkSwitcher.FromTypes([typeof(TransferBenchmarks)]).Run(rest.Length > 0 ? rest : ["--filter", "*"], config);
                return summary.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
            case "latency":
                return Latency.Run(Arg(0, 1_000_000));
            case "reevaluate":
                return Reevaluation.Run(Arg(0, 1_000_000), Arg(1, 2), rest.Length > 2 ? rest[2] : null);
            case "peer-cases" when rest.Length == 2:
                return PeerCases.Run(Arg(0, 0), rest[1]);
            case "recheck-db" when rest.Length == 3:
                return RecheckDatabase.RunAsync(Arg(0, 0), rest[1], rest[2]).GetAwaiter().GetResult();
            default:
                Console.Error.WriteLine("usage: Musubi.Benchmarks [bdn [args]] | latency [COUNT] | reevaluate [COUNT] [WORKERS] | peer-cases COUNT FILE | recheck-db COUNT DB DATADIR");
                return 2;
        }
    }
}
