using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Musubi.Core.Features.Network;
using Musubi.Engines.Network;
using Musubi.Engines.Optimization.Surge;
using ModelBuilder = Google.OrTools.ModelBuilder;

namespace Musubi.Benchmarks;

/// <summary>
/// The surge planner's benchmarks (issue #6; bench/surge.sh runs them with CLP beside them and records the figures):
/// <list type="number">
/// <item><c>surge-demo DIR ITEM MONTHS</c> — the package in DIR read as the CLI reads it, then
/// <see cref="SurgePlanner.Plan"/> for ITEM over MONTHS with objective (a), twice: the first call in a fresh process
/// (JIT included) and a second one.</item>
/// <item><c>surge PACKAGE MPS [MONTHS] [OFFERS] [SEED] [SOLVER]</c> — a package of OFFERS (10,000) offers from the
/// registry's synthetic package generator (issue #2; or, with BENCH_SURGE_GENERATOR=upstream, every offer upstream of one
/// end item, <see cref="SurgeNetworkGenerator"/>), written to PACKAGE and read by <see cref="NetworkPackageReader"/>
/// (neither timed), the producible end items' plan with objective (a) over MONTHS (24) timed (the model's own build and
/// solve seconds and the whole call; with the OR-Tools solver SOLVER, CLP by default), where the time goes (each step
/// re-run warm), then the same model exported to MPS for CLP.</item>
/// <item><c>surge-solvers MPS [SOLVER…]</c> — the exported model read into OR-Tools' model builder and solved by
/// each solver named (glop, clp, highs, pdlp), each timed: which of OR-Tools' LP solvers suits the planner.</item>
/// </list>
/// Prints <c>RESULT</c> lines for bench/surge.sh.
/// </summary>
internal static class SurgeBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int RunDemo(string directory, string item, int months)
    {
        var clock = Stopwatch.StartNew();
        var network = NetworkPackageReader.Read(directory);
        var read = clock.Elapsed;
        Console.WriteLine(string.Create(Inv, $"demo package {directory}: {network.OfferCount:N0} offers, {network.SlotCount:N0} input slots, {network.SourceEdgeCount:N0} approved-source edges; read in {read.TotalSeconds:0.000} s (JIT included, not counted)"));
        var request = new SurgeRequest([item], months, SurgeObjective.MaxDeliveries, SurgeScenario.Baseline);
        for (var round = 0; round < 2; round++)
        {
            clock.Restart();
            var plan = SurgePlanner.Plan(network, request);
            var elapsed = clock.Elapsed;
            var m = plan.Model;
            var call = round == 0 ? "first" : "second";
            Console.WriteLine(string.Create(Inv, $"SurgePlanner.Plan({item}, {months} months, max): {elapsed.TotalSeconds:0.000} s, {call} call (model build {m.BuildSeconds:0.000} s, {m.Solver} solve {m.SolveSeconds:0.000} s; {m.Variables:N0} variables, {m.Constraints:N0} constraints); {plan.Status}, {plan.Delivered:0.##} delivered, objective {plan.Objective:0.######}, {plan.BottleneckSummary.Count} bottlenecks"));
            Console.WriteLine(string.Create(Inv, $"RESULT demo_{call} plan_s={elapsed.TotalSeconds:0.000} build_s={m.BuildSeconds:0.000} solve_s={m.SolveSeconds:0.000} variables={m.Variables} constraints={m.Constraints} status={plan.Status} delivered={plan.Delivered:0.###} objective={plan.Objective?.ToString("R", Inv) ?? "none"}"));
        }
        return 0;
    }

    public static int RunLarge(string packageDirectory, string mpsPath, int months, int offerCount, int seed, string? solverName = null)
    {
        Console.WriteLine(string.Create(Inv, $"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}; {Environment.ProcessorCount} processors visible"));
        var clock = Stopwatch.StartNew();
        // By default the registry's synthetic package generator (issue #2) at the issue's size, every producible end
        // item planned together (docs/adr/0023-surge-benchmark-instance.md); BENCH_SURGE_GENERATOR=upstream:
        // SurgeNetworkGenerator, every offer upstream of one end item (the stress case).
        var core = Environment.GetEnvironmentVariable("BENCH_SURGE_GENERATOR") != "upstream";
        string describe;
        long explicitRows;
        if (core)
        {
            var summary = Musubi.Core.Features.Generate.SyntheticPackageGenerator.Write(
                new Musubi.Core.Features.Generate.GeneratorOptions
                {
                    Parts = offerCount * 2 / 5,
                    OffersPerPart = 2.5,
                    ApprovedSourcesPerInput = 5,
                    Tiers = 6,
                    EndItems = 10,
                    SingleSourceShare = 0,
                    Organizations = 800,
                    Seed = seed,
                },
                packageDirectory);
            describe = string.Create(Inv, $"SyntheticPackageGenerator (issue #2): {summary.Offers:N0} offers of {summary.Parts:N0} parts in 6 tiers, 10 end items, {summary.OfferInputs:N0} offer inputs, {summary.ApprovedSources:N0} approved-source rows");
            explicitRows = summary.ApprovedSources;
        }
        else
        {
            var generated = SurgeNetworkGenerator.WritePackage(packageDirectory, offerCount, seed);
            describe = generated.ToString();
            explicitRows = generated.ApprovedSourceRows;
        }
        var generate = clock.Elapsed;
        Console.WriteLine(string.Create(Inv, $"generated in {generate.TotalSeconds:0.0} s (seed {seed}, not timed): {describe}"));

        clock.Restart();
        var network = NetworkPackageReader.Read(packageDirectory);
        var read = clock.Elapsed;
        var edges = network.SourceEdgeCount;
        var feasible = Feasibility.Compute(network);
        var items = PlannedItems(network);
        var planned = new HashSet<int>();
        foreach (var id in items)
        {
            planned.UnionWith(Feasibility.Upstream(network, feasible, network.PartIndex(id)));
        }
        var item = string.Join('+', items);
        // The planned network's approved-source edges: for each producing offer upstream, the producing offers upstream
        // that may feed each of its inputs (approved-source rows, or the part's offers for an input without rows).
        long plannedEdges = 0;
        foreach (var o in planned)
        {
            for (var slot = network.SlotStart[o]; slot < network.SlotStart[o + 1]; slot++)
            {
                foreach (var source in network.SourcesOf(slot))
                {
                    plannedEdges += planned.Contains(source) ? 1 : 0;
                }
            }
        }
        Console.WriteLine(string.Create(Inv, $"NetworkPackageReader.Read: {network.OfferCount:N0} offers, {network.SlotCount:N0} input slots, {edges:N0} approved-source edges (explicit and implied) in {read.TotalSeconds:0.000} s (not counted); items {item}: {planned.Count:N0} producing offers upstream, {plannedEdges:N0} approved-source edges between them"));
        Console.WriteLine(string.Create(Inv, $"RESULT network offers={network.OfferCount} slots={network.SlotCount} edges={edges} explicit={explicitRows} parts={network.PartCount} item={item} items={items.Count} generator={(core ? "core" : "upstream")} upstream={planned.Count} upstream_edges={plannedEdges} read_s={read.TotalSeconds:0.000} generate_s={generate.TotalSeconds:0.000}"));
        var label = item;
        var request = new SurgeRequest(items, months, SurgeObjective.MaxDeliveries, SurgeScenario.Baseline);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var rssBefore = StatusBytes("VmRSS:");

        var cpu = Cpu();
        clock.Restart();
        var plan = SurgePlanner.Plan(network, request, solverName);
        var elapsed = clock.Elapsed;
        var used = Cpu() - cpu;
        var peakAfterPlan = StatusBytes("VmHWM:");
        var m = plan.Model;
        Console.WriteLine(string.Create(Inv, $"SurgePlanner.Plan({label}, {months} months, max): {elapsed.TotalSeconds:0.000} s ({used.TotalSeconds:0.00} s CPU), first call: model build {m.BuildSeconds:0.000} s, {m.Solver} solve {m.SolveSeconds:0.000} s, the rest (scope, results, bottlenecks) {elapsed.TotalSeconds - m.BuildSeconds - m.SolveSeconds:0.000} s; {m.Variables:N0} variables, {m.Constraints:N0} constraints"));
        Console.WriteLine(string.Create(Inv, $"  {plan.Status}: {plan.Delivered:N1} delivered by month {months}, objective {plan.Objective:R}, max monthly rate {plan.MaxMonthlyRate:N1}, peak month {plan.PeakMonthlyDeliveries:N1}; {plan.Bottlenecks.Count:N0} binding (offer, month) capacities, {plan.BottleneckSummary.Count:N0} offers"));
        foreach (var b in plan.BottleneckSummary.Take(3))
        {
            Console.WriteLine(string.Create(Inv, $"    {b.OfferId} ({b.PartName} at {b.FacilityName}, {b.Country}): months {b.FirstMonth}–{b.LastMonth}, +{b.MarginalValuePerUnitPerMonth:0.###} per unit per month"));
        }
        if (plan.FirstDeliveries.FirstOrDefault() is { } first)
        {
            Console.WriteLine(string.Create(Inv, $"    first possible delivery: month {first.FirstMonth?.ToString(Inv) ?? "never"}"));
        }
        Console.WriteLine(string.Create(Inv, $"RESULT plan plan_s={elapsed.TotalSeconds:0.000} plan_cpu_s={used.TotalSeconds:0.00} build_s={m.BuildSeconds:0.000} solve_s={m.SolveSeconds:0.000} solver={m.Solver} variables={m.Variables} constraints={m.Constraints} status={plan.Status} delivered={plan.Delivered:0.###} objective={plan.Objective?.ToString("R", Inv) ?? "none"} bottlenecks={plan.Bottlenecks.Count} rss_before_gb={rssBefore / 1e9:0.00} peak_plan_gb={peakAfterPlan / 1e9:0.00}"));

        // Where the time goes, warm (each step re-run once more after the timed call): the setup (scope, timing, the
        // steady state that fills the pipeline), the model built through OR-Tools, the first solve, the earliness solve.
        for (var round = 0; round < 2; round++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var setup = SurgeSetup.Create(network, request);
            var t1 = Stopwatch.GetTimestamp();
            using var model = new SurgeModel(setup, solverName);
            var t2 = Stopwatch.GetTimestamp();
            model.Solve(out var firstSolve);
            var firstObjective = model.ObjectiveValue;
            double refine = 0;
            model.Refine(ref refine);
            Console.WriteLine(string.Create(Inv, $"  where the time goes (warm, run {round + 1}): setup {Stopwatch.GetElapsedTime(t0, t1).TotalSeconds:0.000} s, model built {Stopwatch.GetElapsedTime(t1, t2).TotalSeconds:0.000} s, first solve {firstSolve:0.000} s (sifted: {model.FirstSolve.Restricted:N0} of {model.Variables:N0} columns, {model.FirstSolve.Iterations:N0} iterations to {model.FirstSolve.RestrictedObjective:R}, then {model.FirstSolve.Completion:N0} on the whole model to {firstObjective:R}), earliness solve {refine:0.000} s"));
            Console.WriteLine(string.Create(Inv, $"RESULT phases_{round + 1} setup_s={Stopwatch.GetElapsedTime(t0, t1).TotalSeconds:0.000} model_s={Stopwatch.GetElapsedTime(t1, t2).TotalSeconds:0.000} first_s={firstSolve:0.000} refine_s={refine:0.000} sifted_columns={model.FirstSolve.Restricted} restricted_iterations={model.FirstSolve.Iterations} completion_iterations={model.FirstSolve.Completion}"));
        }

        clock.Restart();
        var mps = SurgePlanner.ExportMps(network, request);
        File.WriteAllText(mpsPath, mps);
        Console.WriteLine(string.Create(Inv, $"SurgePlanner.ExportMps: {mps.Length / 1e6:0.0} MB to {mpsPath} in {clock.Elapsed.TotalSeconds:0.0} s (not counted)"));
        Console.WriteLine(string.Create(Inv, $"RESULT export mps_mb={mps.Length / 1e6:0.0} export_s={clock.Elapsed.TotalSeconds:0.000}"));
        Console.WriteLine(string.Create(Inv, $"RESULT memory peak_rss_gb={StatusBytes("VmHWM:") / 1e9:0.00}"));
        GC.KeepAlive(network);
        return plan.Status == "optimal" ? 0 : 1;
    }

    /// <summary>OR-Tools' LP solvers on the exported model (through the model builder's MPS reader), one after another.</summary>
    public static int RunSolvers(string mpsPath, IReadOnlyList<string> solvers)
    {
        var clock = Stopwatch.StartNew();
        var model = new ModelBuilder.Model();
        if (!model.Helper.ImportFromMpsFile(mpsPath))
        {
            Console.Error.WriteLine($"surge-solvers: OR-Tools could not read {mpsPath}");
            return 2;
        }
        Console.WriteLine(string.Create(Inv, $"OR-Tools model builder read {mpsPath}: {model.VariablesCount():N0} variables, {model.ConstraintsCount():N0} constraints in {clock.Elapsed.TotalSeconds:0.0} s (not counted)"));
        foreach (var name in solvers)
        {
            var solver = new ModelBuilder.Solver(name);
            if (!solver.SolverIsSupported())
            {
                Console.WriteLine($"  {name}: not available in this OR-Tools build");
                Console.WriteLine($"RESULT solver_{name} status=unsupported");
                continue;
            }
            solver.SetTimeLimitInSeconds(300);
            var cpu = Cpu();
            clock.Restart();
            var status = solver.Solve(model);
            var elapsed = clock.Elapsed;
            var used = Cpu() - cpu;
            var objective = solver.HasSolution() ? solver.ObjectiveValue : double.NaN;
            Console.WriteLine(string.Create(Inv, $"  {name}: {status} in {elapsed.TotalSeconds:0.000} s ({used.TotalSeconds:0.00} s CPU; solver's own wall time {solver.WallTime:0.000} s), objective {objective:R}"));
            Console.WriteLine(string.Create(Inv, $"RESULT solver_{name} status={status} solve_s={elapsed.TotalSeconds:0.000} cpu_s={used.TotalSeconds:0.00} objective={objective.ToString("R", Inv)}"));
        }
        return 0;
    }

    /// <summary>The end items the benchmark plans together: every producible one.</summary>
    public static List<string> PlannedItems(SupplyNetwork network)
    {
        var feasible = Feasibility.Compute(network);
        return [.. network.AllParts.Where(p => p.EndItem && Feasibility.Producible(network, feasible, network.PartIndex(p.Id))).Select(p => p.Id)];
    }

    private static TimeSpan Cpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    private static long StatusBytes(string field)
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
}
