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
/// and of the screening engine (issue #4; bench/screening.sh):
/// <code>
/// Musubi.Benchmarks screening-index [COUNT] [QUERIES] [SLICE] [SLICE_QUERIES] [WORKERS]
///                                                    index COUNT (1,000,000) generated entities, screen QUERIES (100,000),
///                                                    brute force against the index on SLICE (20,000) with SLICE_QUERIES (1,000)
/// Musubi.Benchmarks screening-eval [ENTITIES] [PER] [SEED] [MATCH] [REVIEW] [--failures FILE] [--exhaustive]
///                                                    the evaluation of docs/engines/screening.md as Markdown
/// </code>
/// and of the supply-network engine (issue #5; bench/network.sh):
/// <code>
/// Musubi.Benchmarks network [OFFERS]                 build an AND/OR network of OFFERS (1,000,000) generated offers, find
///                                                    an end item's critical offers and organizations, disrupt a country
/// Musubi.Benchmarks network-or OFFERS EDGES IDS      the OR-only case: the graph for bench/network_igraph.py to EDGES,
///                                                    the critical offers found by the engine to IDS
/// </code>
/// and of the surge planner (issue #6; bench/surge.sh):
/// <code>
/// Musubi.Benchmarks surge-demo DIR ITEM MONTHS       the plan (objective max) of ITEM over MONTHS for the package in DIR
/// Musubi.Benchmarks surge PACKAGE MPS [MONTHS] [OFFERS] [SEED] [SOLVER]
///                                                    generate a package of OFFERS (10,000) offers (issue #2's generator;
///                                                    BENCH_SURGE_GENERATOR=upstream: all under one end item) into
///                                                    PACKAGE, plan it over MONTHS (24), export the model to MPS
/// Musubi.Benchmarks surge-solvers MPS [SOLVER…]      OR-Tools' solvers (glop highs pdlp) on the exported model
/// Musubi.Benchmarks surge-clp-start PACKAGE MPS [MONTHS]
///                                                    CLP (C API) on the exported model cold and started from the
///                                                    steady-state plan: values pass, crashed basis
/// </code>
/// and of the workshare allocator (issue #7; bench/workshare.sh):
/// <code>
/// Musubi.Benchmarks workshare LP [PACKAGES] [COMPANIES] [NATIONS] [SEED] [MODE] [SECONDS] [WORKERS]
///                                                    a generated program (500 × 60 × 4) allocated by CP-SAT, the model to LP
/// </code>
/// and of the matching engine and board search (issue #8; bench/matching.sh):
/// <code>
/// Musubi.Benchmarks matching [FACILITIES] [REVERSE] [BOARD] [QUERIES] [RANKINGS] [PEER_DIR]
///                                                    rank 200,000 synthetic facilities, rank 50,000 requirements for an
///                                                    organization, board search over 100,000 requirements (2,000 queries);
///                                                    PEER_DIR receives the board's documents and queries for the FTS5 peer
/// </code>
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        // The workshare allocator's cutoff proof runs this program again as its child (ADR 0030).
        if (args is [Engines.Optimization.Workshare.WorkshareProofProcess.Command])
        {
            return Engines.Optimization.Workshare.WorkshareProofProcess.RunChild(Console.OpenStandardInput(), Console.Out, Console.Error);
        }
        Engines.Optimization.Workshare.WorkshareProofProcess.Enable();
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
            case "matching":
                return MatchingBench.Run(Arg(0, 200_000), Arg(1, 50_000), Arg(2, 100_000), Arg(3, 2_000), Arg(4, 50), rest.Length > 5 ? rest[5] : null);
            case "screening-index":
                return ScreeningBench.Run(Arg(0, 1_000_000), Arg(1, 100_000), Arg(2, 20_000), Arg(3, 1_000), Arg(4, 2));
            case "screening-eval":
                var flags = rest.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToList();
                var failuresAt = Array.IndexOf(rest, "--failures");
                var positional = rest.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (failuresAt < 0 || i != failuresAt + 1)).ToArray();
                double Threshold(int i, double fallback) => positional.Length > i ? double.Parse(positional[i], CultureInfo.InvariantCulture) : fallback;
                int Positional(int i, int fallback) => positional.Length > i ? int.Parse(positional[i], NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : fallback;
                return ScreeningEval.Run(
                    Positional(0, 50_000), Positional(1, 300), Positional(2, 1),
                    Threshold(3, Musubi.Engines.Screening.ScreeningOptions.DefaultMatchThreshold), Threshold(4, Musubi.Engines.Screening.ScreeningOptions.DefaultReviewThreshold),
                    failuresAt >= 0 && rest.Length > failuresAt + 1 ? rest[failuresAt + 1] : null, flags.Contains("--exhaustive"));
            case "network":
                return NetworkBench.Run(Arg(0, 1_000_000));
            case "network-or" when rest.Length == 3:
                return NetworkBench.RunOrOnly(Arg(0, 1_000_000), rest[1], rest[2]);
            case "surge-demo" when rest.Length == 3:
                return SurgeBench.RunDemo(rest[0], rest[1], Arg(2, 24));
            case "surge" when rest.Length >= 2:
                return SurgeBench.RunLarge(rest[0], rest[1], Arg(2, 24), Arg(3, 10_000), Arg(4, 6), rest.Length > 5 ? rest[5] : null);
            case "surge-clp-start" when rest.Length >= 2:
                return SurgeClpStart.Run(rest[0], rest[1], Arg(2, 24));
            case "surge-solvers" when rest.Length >= 1:
                return SurgeBench.RunSolvers(rest[0], rest.Length > 1 ? rest[1..] : ["glop", "highs", "pdlp"]);
            case "workshare" when rest.Length >= 1:
                return WorkshareBench.Run(rest[0], Arg(1, 500), Arg(2, 60), Arg(3, 4), Arg(4, 1), rest.Length > 5 ? rest[5] : "integrated",
                    rest.Length > 6 ? double.Parse(rest[6], CultureInfo.InvariantCulture) : 30, Arg(7, 2));
            default:
                Console.Error.WriteLine("usage: Musubi.Benchmarks [bdn [args]] | latency [COUNT] | reevaluate [COUNT] [WORKERS] | peer-cases COUNT FILE | recheck-db COUNT DB DATADIR"
                    + " | screening-index [COUNT] [QUERIES] [SLICE] [SLICE_QUERIES] [WORKERS] | screening-eval [ENTITIES] [PER] [SEED] [MATCH] [REVIEW] [--failures FILE] [--exhaustive]"
                    + " | network [OFFERS] | network-or OFFERS EDGES IDS"
                    + " | surge-demo DIR ITEM MONTHS | surge PACKAGE MPS [MONTHS] [OFFERS] [SEED] [SOLVER] | surge-solvers MPS [SOLVER…] | surge-clp-start PACKAGE MPS [MONTHS]"
                    + " | workshare LP [PACKAGES] [COMPANIES] [NATIONS] [SEED] [MODE] [SECONDS] [WORKERS]");
                return 2;
        }
    }
}
