using System.Diagnostics;
using System.Globalization;
using Musubi.Engines.Optimization.Workshare;
using Musubi.Engines.Tests.Workshare;

namespace Musubi.Benchmarks;

/// <summary>
/// The workshare allocator's benchmark (issue #7; bench/workshare.sh runs it with Debian's cbc beside it and records the
/// figures): <c>workshare LP [PACKAGES] [COMPANIES] [NATIONS] [SEED] [MODE] [SECONDS] [WORKERS]</c> — a program of
/// PACKAGES (500) work packages, COMPANIES (60) companies and NATIONS (4) nations from the engine tests' generator
/// (tests/Musubi.Engines.Tests/Workshare/WorkshareGenerator.cs, compiled into this project), allocated in MODE
/// (integrated) by the allocator (HiGHS) with SECONDS (30) and WORKERS (2) threads; the same model exported to LP for cbc (and to MPS beside it,
/// LP.mps). BENCH_WORKSHARE_ENGINE=cpsat: CP-SAT instead (the allocator's solver before HiGHS, for the record). BENCH_WORKSHARE_PARAMS: more
/// solver options for experiments (HiGHS <c>random_seed=2</c>; CP-SAT <c>linearization_level:2</c>); BENCH_WORKSHARE_LAMBDA / _KAPPA: λ and κ as
/// fractions of the program's total, BENCH_WORKSHARE_MU: μ (default: the engine's defaults); BENCH_WORKSHARE_POLICY=global: the generator's
/// history and policy global; BENCH_WORKSHARE_SCIP=0: no SCIP bound beside the neighbourhood search (ADR 0027). Experiments:
/// BENCH_WORKSHARE_ENGINE=SCIP: OR-Tools' SCIP alone on the allocator's model (leaf border rows, the objective HiGHS is
/// given) for SECONDS on one thread, its log (the bound over time) and final bound (ADR 0027); BENCH_WORKSHARE_DUMP=FILE: the
/// program in indices (costs, eligible companies, capacities, bands, interfaces) and the allocation found, as JSON, for
/// analysis outside .NET; BENCH_WORKSHARE_ENGINE=proof with BENCH_WORKSHARE_CUTOFF=USD: one cutoff proof alone, as the
/// allocator's child runs it, and its log (ADRs 0030 and 0031; BENCH_WORKSHARE_PARAMS are HiGHS options for it);
/// BENCH_WORKSHARE_ENGINE=weight: HiGHS on one thread minimizing the crossed border weight alone over the model's rows, its log,
/// and the allocation's full objective (ADR 0032; BENCH_WORKSHARE_CHOICE=FILE writes each package's company index as JSON);
/// BENCH_WORKSHARE_ENGINE=trade, region, nations or lagrange: the experiments of ADR 0033, and merge, ADR 0048 (<see cref="WorkshareExperiments"/>);
/// BENCH_WORKSHARE_POOL=FILE: every allocation the run kept as its best and each annealing round's best, with the time, as JSON (ADR 0048).
/// Switches for paired runs (bench/workshare-ab.sh): BENCH_WORKSHARE_MARGIN (the first cutoff's margin, either mode; in
/// blend mode the most the fitted margin may be, fixed with BENCH_WORKSHARE_FIT=0, ADR 0042),
/// BENCH_WORKSHARE_SUBSYSTEM_REGIONS=0 and BENCH_WORKSHARE_BLEND_EARLY=0 (blend mode's subsystem regions and early search,
/// ADR 0038), BENCH_WORKSHARE_UNIT_REGIONS=0 (the search's sub-problems on the allocator's scaled model, not in whole
/// units; ADR 0042), and the others read below. Prints <c>RESULT</c> lines, and each term of the allocator's objective.
/// </summary>
internal static class WorkshareBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The interface weight an allocation crosses between nations.</summary>
    internal static double CrossedWeight(WorkshareSetup setup, WorkshareState state) =>
        setup.Interfaces.Where(f => state.Nation[f.A] != state.Nation[f.B]).Sum(f => f.Weight);

    /// <summary>An experiment's HiGHS: the limit, one thread, its log, and BENCH_WORKSHARE_PARAMS.</summary>
    internal static void OneThreadWithLog(Engines.Optimization.HighsMip highs, double seconds)
    {
        highs.Set("time_limit", seconds);
        highs.Set("threads", 1);
        highs.Set("output_flag", true);
        highs.SetPairs(Environment.GetEnvironmentVariable("BENCH_WORKSHARE_PARAMS"));
    }

    /// <summary>Each package's company in a solution of the model (its column values).</summary>
    internal static int[] AllocationOf(WorkshareSetup setup, WorkshareModel model, double[] values) =>
        [.. Enumerable.Range(0, setup.Packages.Length).Select(w => model.X[w].First(p => Math.Round(values[p.Column]) == 1).Company)];

    public static int Run(string lpPath, int packages, int companies, int nations, int seed, string mode, double seconds, int workers)
    {
        var clock = Stopwatch.StartNew();
        var policy = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_POLICY") == "global" ? WorksharePolicy.Global : WorksharePolicy.Program;
        var problem = WorkshareGenerator.Make(seed, packages, companies, nations, policy: policy);
        var generated = clock.Elapsed.TotalSeconds;
        var total = problem.WorkPackages.Sum(w => w.Cost);
        double? Fraction(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? double.Parse(v, Inv) * total : null;
        var options = new WorkshareOptions(Enum.Parse<WorkshareMode>(mode, ignoreCase: true), Fraction("BENCH_WORKSHARE_LAMBDA"),
            Environment.GetEnvironmentVariable("BENCH_WORKSHARE_MU") is { Length: > 0 } mu ? double.Parse(mu, Inv) : null, Fraction("BENCH_WORKSHARE_KAPPA"), seconds, workers);
        var extra = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_PARAMS");
        WorkshareAllocator.Annealing = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_ANNEAL") != "0";
        WorkshareAllocator.Neighbourhoods = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_NEIGHBOURHOODS") != "0";
        WorkshareAllocator.ScipBound = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_SCIP") != "0";
        WorkshareAllocator.RelaxedRegions = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_RELAXED") != "0";
        WorkshareAllocator.CutoffProof = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_PROOF") != "0";
        WorkshareAllocator.ResumeAnnealing = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_RESUME") != "0";
        WorkshareAllocator.SecondChain = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_SECOND_CHAIN") != "0";
        WorkshareAllocator.UnitRegions = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_UNIT_REGIONS") != "0";
        WorkshareAllocator.RelaxationStart = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_LP_START") != "0";
        WorkshareAllocator.SubsystemRegions = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_SUBSYSTEM_REGIONS") != "0";
        WorkshareAllocator.BlendEarlySearch = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_BLEND_EARLY") != "0";
        WorkshareAllocator.NationRegion = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_NATION_REGION") != "0";
        WorkshareNationRegion.Log = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_REGION_LOG") == "1";
        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_ROOT_SECONDS") is { Length: > 0 } rootSeconds)
        {
            WorkshareAllocator.BlendRootSeconds = double.Parse(rootSeconds, Inv);
        }
        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_NATION_CHAIN_SECONDS") is { Length: > 0 } nationChainSeconds)
        {
            WorkshareAllocator.NationChainSeconds = double.Parse(nationChainSeconds, Inv);
        }
        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_COMPANY_SECONDS") is { Length: > 0 } companySeconds)
        {
            WorkshareAllocator.NationCompanySeconds = double.Parse(companySeconds, Inv);
        }
        WorkshareNationRegion.RelaxationFirst = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_RELAXATION_FIRST") != "0";
        WorkshareNationRegion.SearchNeighbourhoods = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_REGION_LNS") != "0";
        WorkshareNationRegion.Trace = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_REGION_TRACE") == "1";
        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_REGION_SEED") is { Length: > 0 } drawSeed)
        {
            WorkshareNationRegion.DrawSeed = int.Parse(drawSeed, Inv);
        }
        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_REGION_POOL") is { Length: > 0 } regionPool)
        {
            WorkshareNationRegion.CutPool = int.Parse(regionPool, Inv);
        }
        // Blend mode's first cutoff fitted to the machine, at most its margin, unless BENCH_WORKSHARE_FIT=0 fixes it (ADR 0042).
        WorkshareCutoffProof.FitBlend = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_FIT") != "0";
        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_MARGIN") is { Length: > 0 } margin)
        {
            // The first cutoff's margin in whichever mode runs.
            WorkshareCutoffProof.Margin = WorkshareCutoffProof.BlendMargin = double.Parse(margin, Inv);
        }

        var capable = problem.WorkPackages.Select(w => problem.Companies.Count(k => w.Capabilities.All(a => k.Capabilities.Any(h => h == a || problem.CapabilityParents![h] == a)))).ToList();
        var interfaces = problem.Interfaces.Count;
        var restricted = problem.WorkPackages.Count(w => w.ReleasableTo is not null);
        Console.WriteLine(string.Create(Inv, $"generated program (seed {seed}): {packages} work packages (${total:N0} in all), {companies} companies, {nations} nations ({string.Join("/", problem.Nations.Select(n => n.Share.ToString("0.###", Inv)))}), {interfaces} interfaces, {restricted} packages with release limits, {problem.WorkPackages.Count(w => w.FixedCompany is not null)} fixed; capable companies per package {capable.Min()}–{capable.Max()} (mean {capable.Average():0.0}); generated in {generated:0.00} s"));
        Console.WriteLine(string.Create(Inv, $"RESULT program packages={packages} companies={companies} nations={nations} seed={seed} total_usd={total:R} interfaces={interfaces} capable_mean={capable.Average():0.0} capable_min={capable.Min()} capable_max={capable.Max()}"));

        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_ENGINE") == "anneal")
        {
            // The annealing alone, one thread (an experiment: what it finds without HiGHS).
            var setup = new WorkshareSetup(problem, options);
            var model = new WorkshareModel(setup, options.Mode, explain: false);
            clock.Restart();
            int[]? start = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_CHOICE") is { Length: > 0 } startFile
                ? WorkshareExperiments.Allocation(startFile) : null;
            var heat = double.Parse(Environment.GetEnvironmentVariable("ANNEAL_HEAT") ?? "1", Inv);
            var found = WorkshareAnneal.Search(setup, model, int.Parse(Environment.GetEnvironmentVariable("ANNEAL_SEED") ?? "1", Inv), TimeSpan.FromSeconds(seconds), CancellationToken.None, from: start, heat: heat);
            var st = found is null ? null : new WorkshareState(setup, model, found);
            var units = st?.Objective;
            if (found is not null && Environment.GetEnvironmentVariable("BENCH_WORKSHARE_DUMP") is { Length: > 0 } annealDump)
            {
                File.WriteAllText(annealDump, System.Text.Json.JsonSerializer.Serialize(new { allocation = found }));
            }
            if (st is not null)
            {
                var costUnits = Enumerable.Range(0, setup.Packages.Length).Sum(w => st.Cost(st.Column[w]));
                var cut = CrossedWeight(setup, st);
                var dev = Enumerable.Range(0, setup.Nations.Length).Sum(n => Math.Abs(st.Work[n] - setup.Target[n])) * setup.Unit;
                var splitCount = setup.Subsystems.Count(sub => sub.Packages.Select(w => st.Nation[w]).Distinct().Count() > 1);
                Console.WriteLine(string.Create(Inv, $"  cost {costUnits * model.ObjectiveUnitUsd:N0} cut weight {cut} split subsystems {splitCount} deviation {dev:N0} work {string.Join("/", st.Work.Select((x, n) => $"{x - setup.Target[n]:N0}"))}"));
            }
            Console.WriteLine(string.Create(Inv, $"annealing alone, mode {mode}: objective {(units is { } u ? (u * model.ObjectiveUnitUsd).ToString("N2", Inv) : "none")} USD in {clock.Elapsed.TotalSeconds:0.00} s"));
            return 0;
        }
        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_ENGINE") is "trade" or "region" or "merge" or "nations" or "lagrange" or "znations" or "zlns")
        {
            return WorkshareExperiments.Run(Environment.GetEnvironmentVariable("BENCH_WORKSHARE_ENGINE")!, problem, options, seconds);
        }
        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_ENGINE") == "proof")
        {
            // One cutoff proof alone, HiGHS on one thread with the row objective ≤ BENCH_WORKSHARE_CUTOFF (USD) and its log:
            // how long "no allocation costs less" takes to prove (ADR 0030).
            var setup = new WorkshareSetup(problem, options);
            var model = new WorkshareModel(setup, options.Mode, explain: false, leafBorders: true);
            var hm = new WorkshareHighsModel(model);
            var cutoffUsd = double.Parse(Environment.GetEnvironmentVariable("BENCH_WORKSHARE_CUTOFF") ?? throw new InvalidOperationException("set BENCH_WORKSHARE_CUTOFF (USD)"), Inv);
            using var highs = hm.Create(1, seconds);
            var costed = Enumerable.Range(0, hm.ScaledCost.Length).Where(j => hm.ScaledCost[j] != 0).ToArray();
            var cutoff = Math.ScaleB(cutoffUsd / (double)model.ObjectiveUnitUsd, -hm.ScaleExponent);
            highs.AddRow(double.NegativeInfinity, cutoff, costed, [.. costed.Select(j => hm.ScaledCost[j])]);
            highs.Set("output_flag", true);
            // As the allocator's child runs it (ADRs 0031, 0039); BENCH_WORKSHARE_PARAMS=mip_heuristic_effort=0.05,… puts
            // the heuristics back, objective_bound=Infinity,mip_allow_restart=true the row alone as before ADR 0039.
            WorkshareProofProcess.ForProof(highs);
            highs.Set("objective_bound", WorkshareProofProcess.ObjectiveBound(cutoff, hm.AbsoluteGap));
            // HiGHS options for the experiment, name=value pairs separated by commas (BENCH_WORKSHARE_PARAMS).
            highs.SetPairs(Environment.GetEnvironmentVariable("BENCH_WORKSHARE_PARAMS"));
            clock.Restart();
            var status = highs.Run();
            var verdict = status switch
            {
                Engines.Optimization.HighsMip.StatusInfeasible => "proven: no allocation costs less",
                Engines.Optimization.HighsMip.StatusOptimal => "an allocation costs less (the cutoff is above the optimum)",
                _ => string.Create(Inv, $"not proven in the limit (HiGHS status {status}, dual bound {hm.Unscale(highs.DualBound) * (double)model.ObjectiveUnitUsd:N0} USD)"),
            };
            Console.WriteLine(string.Create(Inv, $"cutoff proof alone, mode {mode}, cutoff {cutoffUsd:N0} USD: {verdict}; {clock.Elapsed.TotalSeconds:0.0} s"));
            return 0;
        }
        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_ENGINE") == "lpround")
        {
            // The LP relaxation of the allocator's model, each package rounded to the nation that holds most of it and
            // there to its largest company; written to BENCH_WORKSHARE_CHOICE as a start for the annealing (experiment).
            var setup = new WorkshareSetup(problem, options);
            var model = new WorkshareModel(setup, options.Mode, explain: false, leafBorders: true);
            var hm = new WorkshareHighsModel(model);
            using var relax = hm.Create(1, seconds);
            relax.Set("solve_relaxation", true);
            clock.Restart();
            var status = relax.Run();
            var values = relax.Solution(hm.Cost.Length);
            var lpSeconds = clock.Elapsed.TotalSeconds;
            // BENCH_LPROUND_COLUMN=1: each package to its largest column, whatever its nation (the start docs/engines/workshare.md's
            // "The annealing started from the LP solution" measured); otherwise the allocator's rounding, by nation.
            var choice = Environment.GetEnvironmentVariable("BENCH_LPROUND_COLUMN") == "1"
                ? [.. model.X.Select(options => options.MaxBy(p => values[p.Column]).Company)]
                : WorkshareRelaxationStart.Round(setup, model, values);
            // Packages split between nations in the relaxation.
            var fractional = model.X.Count(options => options.GroupBy(p => setup.CompanyNation[p.Company]).Max(g => g.Sum(p => values[p.Column])) < 1 - 1e-6);
            var st = new WorkshareState(setup, model, choice);
            Console.WriteLine(string.Create(Inv, $"LP rounded: status {status}, LP {Enumerable.Range(0, values.Length).Sum(j => hm.Cost[j] * values[j]) * (double)model.ObjectiveUnitUsd:N0} USD in {lpSeconds:0.00} s; {fractional} packages split between nations; rounded: cut {CrossedWeight(setup, st)}, objective {st.Objective * model.ObjectiveUnitUsd:N0} USD, excess {st.Excess}"));
            double Term(IEnumerable<int> columns) => columns.Sum(j => hm.Cost[j] * values[j]) * (double)model.ObjectiveUnitUsd;
            var xColumns = model.X.SelectMany(o => o.Select(p => p.Column)).ToArray();
            Console.WriteLine(string.Create(Inv, $"LP terms: cost {Term(xColumns):N0}, deviation {Term(model.Deviation.Where(d => d >= 0)):N0}, splits {Term(model.Splits.Values):N0} (Σe {model.Splits.Values.Sum(e => values[e]):0.00}), borders {Term(model.Borders.Select(b => b.Column)):N0} (Σy weighted {model.Borders.Sum(b => hm.Cost[b.Column] * values[b.Column]) / Math.Max(1e-9, model.Borders.Count == 0 ? 1 : hm.Cost[model.Borders[0].Column]):0.0} in first-border units)"));
            File.WriteAllText(Environment.GetEnvironmentVariable("BENCH_WORKSHARE_CHOICE") ?? throw new InvalidOperationException("set BENCH_WORKSHARE_CHOICE (the file to write)"),
                System.Text.Json.JsonSerializer.Serialize(new { allocation = choice }));
            return 0;
        }
        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_ENGINE") == "weight")
        {
            // HiGHS on the crossed border weight alone (the model's rows, the objective Σ ω y), its log, and the full
            // objective of the allocation it ends with (ADR 0032): how low the weight gets in the limit, and at what cost.
            var setup = new WorkshareSetup(problem, options);
            var model = new WorkshareModel(setup, options.Mode, explain: false, leafBorders: true);
            var hm = new WorkshareHighsModel(model);
            // The setup merges interfaces per pair of packages, so a pair has one weight.
            var weightOf = setup.Interfaces.ToDictionary(f => (f.A, f.B), f => f.Weight);
            var cost = new double[hm.Cost.Length];
            foreach (var (col, a, b) in model.Borders)
            {
                cost[col] = weightOf[(a, b)];
            }
            using var highs = new Engines.Optimization.HighsMip();
            highs.PassMinimize(cost, hm.ColLower, hm.ColUpper, hm.RowLower, hm.RowUpper, hm.Start, hm.Index, hm.Elements, hm.Integrality);
            OneThreadWithLog(highs, seconds);
            clock.Restart();
            var status = highs.Run();
            if (!highs.HasSolution)
            {
                Console.WriteLine(string.Create(Inv, $"weight alone: no allocation in the limit (HiGHS status {status}), {clock.Elapsed.TotalSeconds:0.0} s"));
                return 0;
            }
            var choice = AllocationOf(setup, model, highs.Solution(hm.Cost.Length));
            var st = new WorkshareState(setup, model, choice);
            var cut = CrossedWeight(setup, st);
            Console.WriteLine(string.Create(Inv, $"weight alone: cut {cut}, full objective {st.Objective * model.ObjectiveUnitUsd:N0} USD, {clock.Elapsed.TotalSeconds:0.0} s"));
            if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_CHOICE") is { Length: > 0 } file)
            {
                File.WriteAllText(file, System.Text.Json.JsonSerializer.Serialize(choice));
            }
            return 0;
        }
        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_ENGINE") == "SCIP")
        {
            // SCIP alone on the allocator's model, with its log, for its bound over time (ADR 0027).
            var setup = new WorkshareSetup(problem, options);
            var model = new WorkshareModel(setup, options.Mode, explain: false, leafBorders: true);
            using var scip = new WorkshareScipBound(model, new WorkshareHighsModel(model), log: true);
            clock.Restart();
            var (units, optimal) = scip.Run(null, seconds);
            Console.WriteLine(string.Create(Inv, $"SCIP alone, mode {mode}: {(optimal ? "optimal" : "stopped")}, final bound {(double.IsFinite(units) ? (units * (double)model.ObjectiveUnitUsd).ToString("N0", Inv) : "none reported (no allocation; see its log)")} USD in {clock.Elapsed.TotalSeconds:0.0} s"));
            return 0;
        }
        clock.Restart();
        var engine = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_ENGINE") == "cpsat" ? WorkshareAllocator.Engine.CpSat : WorkshareAllocator.Engine.Highs;
        var pool = new List<(string Source, double At, long Objective, int[] Allocation)>();
        var poolClock = Stopwatch.StartNew();
        var poolFile = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_POOL");
        if (poolFile is { Length: > 0 })
        {
            WorkshareAnneal.RoundEnded = (seed, round, best, objective) => { lock (pool) { pool.Add(($"anneal{seed}.{round}", poolClock.Elapsed.TotalSeconds, objective, (int[])best.Clone())); } };
            WorkshareIncumbent.Accepted = (best, objective) => { lock (pool) { pool.Add(("best", poolClock.Elapsed.TotalSeconds, objective, (int[])best.Clone())); } };
        }
        var result = WorkshareAllocator.Allocate(problem, options, extra, engine);
        if (poolFile is { Length: > 0 })
        {
            WorkshareAnneal.RoundEnded = null;
            WorkshareIncumbent.Accepted = null;
            lock (pool)
            {
                File.WriteAllText(poolFile, System.Text.Json.JsonSerializer.Serialize(pool.Select(p => new { source = p.Source, at = p.At, objective = p.Objective, allocation = p.Allocation })));
            }
        }
        var wall = clock.Elapsed.TotalSeconds;
        var s = result.Solve;
        Console.WriteLine(string.Create(Inv, $"{(engine == WorkshareAllocator.Engine.CpSat ? "CP-SAT" : "Musubi (HiGHS)")}, mode {mode}: {result.Status}, objective {result.Objective:N2} USD, bound {s.BestBound:N2}, gap {s.Gap * 100:0.###}%; {wall:0.00} s wall (model build {s.BuildSeconds:0.00} s, solve {s.SolveSeconds:0.00} s); {s.Variables:N0} variables, {s.Constraints:N0} constraints; λ {result.Lambda:N0}, μ {result.Mu:0.###}, κ {result.Kappa:N0}; cost {result.Cost:N0}, cross-border interface weight {result.CrossBorderInterfaceWeight:0.##}, {result.SplitSubsystems.Count} split subsystems; {s.Solver}{(s.ExplainSeconds is { } e ? $"; explained in {e:0.###} s" : "")}"));
        Console.WriteLine(string.Create(Inv, $"RESULT {(engine == WorkshareAllocator.Engine.CpSat ? "cpsat" : "ours")} status={result.Status} objective={result.Objective?.ToString("R", Inv) ?? "none"} bound={s.BestBound?.ToString("R", Inv) ?? "none"} gap={s.Gap?.ToString("R", Inv) ?? "none"} wall_s={wall:0.000} build_s={s.BuildSeconds:0.000} solve_s={s.SolveSeconds:0.000} variables={s.Variables} constraints={s.Constraints} cost={result.Cost?.ToString("R", Inv) ?? "none"} border_weight={result.CrossBorderInterfaceWeight?.ToString("R", Inv) ?? "none"} split={result.SplitSubsystems.Count}"));
        if (result.Shares.Count > 0 && result.Objective is { } objectiveUsd)
        {
            var allWork = result.Shares.Sum(x => x.Work);
            var deviation = result.Shares.Sum(x => Math.Abs(x.Work - (x.Target * allWork)));
            // Splits are priced in blend mode only (κ); in the other modes the objective's rest is the borders'.
            var splits = result.Mode == WorkshareMode.Blend ? result.SplitSubsystems.Count * result.Kappa : 0;
            var borders = result.Mode == WorkshareMode.Compartmentalized ? "" : string.Create(Inv, $", borders (the rest) {objectiveUsd - result.Cost - (result.Mu * deviation) - splits:N0}");
            Console.WriteLine(string.Create(Inv, $"  terms: cost {result.Cost:N0}, deviation {deviation:N0} (×μ {result.Mu}){(result.Mode == WorkshareMode.Blend ? $", splits {result.SplitSubsystems.Count} × κ = {splits:N0}" : "")}{borders}; shares {string.Join(" ", result.Shares.Select(x => $"{x.Nation} {x.Actual:0.0000}/{x.Target:0.0000}"))}"));
        }
        if (result.Conflicts.Count > 0)
        {
            Console.WriteLine($"conflicts ({mode}, {(result.ConflictsMinimal == true ? "minimal" : "not shown minimal")}): " + string.Join("; ", result.Conflicts.Select(c => c.Message)));
        }

        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_DUMP") is { Length: > 0 } dump)
        {
            var ds = new WorkshareSetup(problem, options);
            var dm = new WorkshareModel(ds, options.Mode, explain: false);
            var byId = result.Allocation.ToDictionary(a => a.WorkPackage, a => ds.CompanyIndex[a.Company]);
            var o = new
            {
                unit = ds.Unit,
                lambda = ds.Lambda,
                mu = ds.Mu,
                units = ds.Units,
                lower = ds.Lower,
                upper = ds.Upper,
                target = ds.Target,
                nations = ds.Nations,
                companyNation = ds.CompanyNation,
                capacity = Enumerable.Range(0, ds.Companies.Length).Select(k => dm.CapacityLimits.TryGetValue(k, out var l) ? l : -1).ToArray(),
                eligible = ds.Eligible,
                cost = Enumerable.Range(0, ds.Packages.Length).Select(w => ds.Eligible[w].Select(k => (double)ds.Packages[w].Cost * ds.Companies[k].CostFactor).ToArray()).ToArray(),
                subsystem = ds.Packages.Select(w => w.Subsystem).ToArray(),
                interfaces = ds.Interfaces.Select(f => new[] { f.A, f.B, f.Weight }).ToArray(),
                allocation = ds.Packages.Select(w => byId.TryGetValue(w.Id, out var k) ? k : -1).ToArray(),
            };
            File.WriteAllText(dump, System.Text.Json.JsonSerializer.Serialize(o));
        }

        clock.Restart();
        var lp = WorkshareAllocator.ExportLp(problem, options);
        File.WriteAllText(lpPath, lp);
        var exported = clock.Elapsed.TotalSeconds;
        // The MPS beside it (LP.mps), for a look with another reader.
        File.WriteAllText(Path.ChangeExtension(lpPath, ".mps"), WorkshareAllocator.ExportMps(problem, options));
        Console.WriteLine(string.Create(Inv, $"RESULT export lp_mb={lp.Length / 1e6:0.00} export_s={exported:0.000}"));
        return 0;
    }
}
