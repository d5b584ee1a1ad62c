using System.Diagnostics;
using System.Globalization;
using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Benchmarks;

/// <summary>
/// The workshare experiments of ADR 0033 (issue #7), run by the benchmark's <c>workshare</c> command with
/// BENCH_WORKSHARE_ENGINE=trade, region, nations, lagrange, merge, znations or zlns on the benchmark's generated program: what the trades across borders,
/// the border region and the program by nation give; merge (ADR 0048), what solution merging gives; znations (ADR 0051), the
/// region by nation alone; and zlns (ADR 0055), neighbourhoods of that region from a dump. Their figures are in the ADRs; none is part of the allocator.
/// </summary>
internal static class WorkshareExperiments
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string engine, WorkshareProblem problem, WorkshareOptions options, double seconds) => engine switch
    {
        "trade" => Trade(problem, options, options.Mode.ToString().ToLowerInvariant(), seconds),
        "region" => Region(problem, options, seconds),
        "merge" => Merge(problem, options, seconds),
        "znations" => NationsBinary(problem, options, seconds),
        "zlns" => RegionLns(problem, options, seconds),
        _ => ByNation(problem, options, engine == "lagrange", seconds),
    };

    private static double CrossedWeight(WorkshareSetup setup, WorkshareState state) => WorkshareBench.CrossedWeight(setup, state);

    internal static int[] Allocation(string file)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        return [.. json.RootElement.GetProperty("allocation").EnumerateArray().Select(e => e.GetInt32())];
    }

    /// <summary>
    /// The trades across borders alone (<see cref="WorkshareTrades"/>) on the allocation of a dump
    /// (BENCH_WORKSHARE_CHOICE, a file BENCH_WORKSHARE_DUMP wrote): what they lower, and in what time. BENCH_TRADE_DEPTH2=USD:
    /// every pair that keeps the limits and raises the objective by less than USD, each followed by the descent;
    /// BENCH_TRADE_NOCAP=1 with it: the pairs' changes with capacities ignored (the best twelve).
    /// </summary>
    private static int Trade(WorkshareProblem problem, WorkshareOptions options, string mode, double seconds)
    {
        var clock = Stopwatch.StartNew();
        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, options.Mode, explain: false);
        var file = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_CHOICE") ?? throw new InvalidOperationException("set BENCH_WORKSHARE_CHOICE (a dump)");
        var choice = Allocation(file);
        var st = new WorkshareState(setup, model, choice);
        var (before, cutBefore) = (st.Objective, CrossedWeight(setup, st));
        if (Environment.GetEnvironmentVariable("BENCH_TRADE_DEPTH2") is { Length: > 0 } limitText)
        {
            WorkshareTrades.IgnoreCapacity = Environment.GetEnvironmentVariable("BENCH_TRADE_NOCAP") == "1";
            var pairs = WorkshareTrades.Pairs(setup, model, st);
            if (WorkshareTrades.IgnoreCapacity)
            {
                Console.WriteLine(string.Create(Inv, $"{pairs.Count} pairs without capacity; best {string.Join(", ", pairs.OrderBy(x => x.Delta).Take(12).Select(x => $"{x.P}->{x.PTo}/{x.Q}->{x.QTo} {x.Delta * model.ObjectiveUnitUsd:N0}"))}"));
                return 0;
            }
            var limitUnits = double.Parse(limitText, Inv) / (double)model.ObjectiveUnitUsd;
            var small = pairs.Where(x => x.Delta < limitUnits).OrderBy(x => x.Delta).ToList();
            Console.WriteLine(string.Create(Inv, $"{pairs.Count} pairs ({pairs.Count(x => x.Q < 0)} singles), {small.Count} below the limit; best {string.Join(", ", small.Take(8).Select(x => (x.Delta * model.ObjectiveUnitUsd).ToString("N0", Inv)))}"));
            var t2 = Stopwatch.StartNew();
            var wins = 0;
            foreach (var pair in small)
            {
                var trial = new WorkshareState(setup, model, st.Choice);
                if (!WorkshareTrades.Take(setup, model, trial, pair) || trial.Excess > 0)
                {
                    continue;
                }
                WorkshareTrades.Improve(setup, model, trial, () => true);
                if (trial.Objective < before)
                {
                    wins++;
                    Console.WriteLine(string.Create(Inv, $"  pair {pair.P}->{pair.PTo} {pair.Q}->{pair.QTo} ({pair.Delta * model.ObjectiveUnitUsd:N0}) then descent: {trial.Objective * model.ObjectiveUnitUsd:N0} (cut {CrossedWeight(setup, trial)})"));
                }
            }
            Console.WriteLine(string.Create(Inv, $"depth 2: {wins} lower, {t2.Elapsed.TotalSeconds:0.00} s"));
        }
        clock.Restart();
        var improved = WorkshareTrades.Improve(setup, model, st, () => clock.Elapsed.TotalSeconds < seconds);
        Console.WriteLine(string.Create(Inv, $"trades alone, mode {mode}: {(improved ? "lowered" : "nothing lower")}: {before * model.ObjectiveUnitUsd:N0} USD (cut {cutBefore}) → {st.Objective * model.ObjectiveUnitUsd:N0} USD (cut {CrossedWeight(setup, st)}), excess {st.Excess}, recount {(st.Recount() == st.Objective ? "agrees" : "DISAGREES")}; {clock.Elapsed.TotalSeconds:0.000} s"));
        return 0;
    }

    /// <summary>
    /// One border-region sub-problem on the allocation of a dump (BENCH_WORKSHARE_CHOICE), as the neighbourhood search
    /// solves one, with HiGHS' log: every endpoint of a crossed interface free — to its own nation and its neighbours'
    /// across the border, or (BENCH_REGION_RESTRICT=0) to any — the rest kept; BENCH_REGION_COMPANIES=1: every other
    /// package free among its own nation's companies; BENCH_REGION_BORDER=0: no border region (companies only).
    /// </summary>
    private static int Region(WorkshareProblem problem, WorkshareOptions options, double seconds)
    {
        var clock = Stopwatch.StartNew();
        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, options.Mode, explain: false, leafBorders: true);
        var hm = new WorkshareHighsModel(model);
        var file = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_CHOICE") ?? throw new InvalidOperationException("set BENCH_WORKSHARE_CHOICE (a dump)");
        var choice = Allocation(file);
        var st = new WorkshareState(setup, model, choice);
        var restrict = Environment.GetEnvironmentVariable("BENCH_REGION_RESTRICT") != "0";
        var companiesFree = Environment.GetEnvironmentVariable("BENCH_REGION_COMPANIES") == "1";
        var borderOnly = Environment.GetEnvironmentVariable("BENCH_REGION_BORDER") != "0";
        var allowed = new HashSet<int>[setup.Packages.Length];
        foreach (var (a, b, _) in setup.Interfaces)
        {
            if (st.Nation[a] != st.Nation[b])
            {
                (allowed[a] ??= [st.Nation[a]]).Add(st.Nation[b]);
                (allowed[b] ??= [st.Nation[b]]).Add(st.Nation[a]);
            }
        }
        var lower = (double[])hm.ColLower.Clone();
        var upper = (double[])hm.ColUpper.Clone();
        for (var w = 0; w < setup.Packages.Length; w++)
        {
            foreach (var (k, c) in model.X[w])
            {
                var open = borderOnly && allowed[w] is { } set && (!restrict || set.Contains(setup.CompanyNation[k]));
                var inNation = companiesFree && setup.CompanyNation[k] == st.Nation[w];
                (lower[c], upper[c]) = open || inNation ? (hm.ColLower[c], hm.ColUpper[c]) : k == choice[w] ? (1, 1) : (0, 0);
            }
        }
        using var highs = hm.Create(1, seconds);
        highs.Set("output_flag", true);
        highs.SetPairs(Environment.GetEnvironmentVariable("BENCH_WORKSHARE_PARAMS"));
        highs.ChangeColumnBounds(lower, upper);
        highs.StartFrom(hm.HighsValues(WorksharePolish.Complete(setup, model, choice)));
        clock.Restart();
        var status = highs.Run();
        if (!highs.HasSolution)
        {
            Console.WriteLine(string.Create(Inv, $"border region: no allocation (HiGHS status {status}), {clock.Elapsed.TotalSeconds:0.00} s"));
            return 0;
        }
        var found = WorkshareBench.AllocationOf(setup, model, highs.Solution(hm.Cost.Length));
        var after = new WorkshareState(setup, model, found);
        Console.WriteLine(string.Create(Inv, $"border region ({allowed.Count(a => a is not null)} packages, restricted {restrict}): status {status}, {st.Objective * model.ObjectiveUnitUsd:N0} (cut {CrossedWeight(setup, st)}) → {after.Objective * model.ObjectiveUnitUsd:N0} (cut {CrossedWeight(setup, after)}), {clock.Elapsed.TotalSeconds:0.00} s"));
        return 0;
    }

    /// <summary>
    /// Solution merging (engine <c>merge</c>, ADR 0048): the allocations of several dumps (BENCH_WORKSHARE_CHOICE, files
    /// separated by commas); each package free among the companies any of them gives it (BENCH_MERGE_NATIONS=1: among every
    /// company of the nations any of them gives it; BENCH_MERGE_ALLOWED=FILE: among the companies the file lists for it),
    /// the model otherwise whole; HiGHS on one thread from the best of them (BENCH_MERGE_LOG=1: its log), the result
    /// written to BENCH_WORKSHARE_DUMP when set.
    /// </summary>
    private static int Merge(WorkshareProblem problem, WorkshareOptions options, double seconds)
    {
        var clock = Stopwatch.StartNew();
        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, options.Mode, explain: false, leafBorders: true);
        var hm = new WorkshareHighsModel(model);
        var files = (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_CHOICE") ?? throw new InvalidOperationException("set BENCH_WORKSHARE_CHOICE (dumps, comma-separated)")).Split(',');
        var choices = files.Select(Allocation).ToList();
        var states = choices.Select(c => new WorkshareState(setup, model, c)).ToList();
        var best = states.MinBy(s => s.Objective)!;
        var byNation = Environment.GetEnvironmentVariable("BENCH_MERGE_NATIONS") == "1";
        var lower = (double[])hm.ColLower.Clone();
        var upper = (double[])hm.ColUpper.Clone();
        var (differ, nationsDiffer) = (0, 0);
        // BENCH_MERGE_ALLOWED=FILE: {"allowed": [[company, …] per package]} replaces the merge's sets (regions built outside).
        var given = Environment.GetEnvironmentVariable("BENCH_MERGE_ALLOWED") is { Length: > 0 } allowedFile
            ? System.Text.Json.JsonDocument.Parse(File.ReadAllText(allowedFile)).RootElement.GetProperty("allowed").EnumerateArray().Select(a => a.EnumerateArray().Select(e => e.GetInt32()).ToHashSet()).ToArray()
            : null;
        for (var w = 0; w < setup.Packages.Length; w++)
        {
            var companies = given?[w] ?? choices.Select(c => c[w]).ToHashSet();
            var nations = states.Select(s => s.Nation[w]).ToHashSet();
            differ += companies.Count > 1 ? 1 : 0;
            nationsDiffer += nations.Count > 1 ? 1 : 0;
            foreach (var (k, c) in model.X[w])
            {
                var open = companies.Contains(k) || (byNation && nations.Contains(setup.CompanyNation[k]));
                (lower[c], upper[c]) = open ? (hm.ColLower[c], hm.ColUpper[c]) : (0, 0);
            }
        }
        using var highs = hm.Create(1, seconds);
        highs.Set("output_flag", Environment.GetEnvironmentVariable("BENCH_MERGE_LOG") == "1");
        highs.SetPairs(Environment.GetEnvironmentVariable("BENCH_WORKSHARE_PARAMS"));
        highs.ChangeColumnBounds(lower, upper);
        highs.StartFrom(hm.HighsValues(WorksharePolish.Complete(setup, model, best.Choice)));
        clock.Restart();
        var status = highs.Run();
        var found = highs.HasSolution ? new WorkshareState(setup, model, WorkshareBench.AllocationOf(setup, model, highs.Solution(hm.Cost.Length))) : best;
        Console.WriteLine(string.Create(Inv, $"merge of {choices.Count} ({string.Join(", ", states.Select(s => (s.Objective * model.ObjectiveUnitUsd / 1e9m).ToString("0.000", Inv)))} billion; {differ} packages differ in company, {nationsDiffer} in nation; by nation {byNation}): status {status}, → {found.Objective * model.ObjectiveUnitUsd:N0} (cut {CrossedWeight(setup, found)}), {clock.Elapsed.TotalSeconds:0.00} s"));
        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_DUMP") is { Length: > 0 } dumpTo)
        {
            File.WriteAllText(dumpTo, System.Text.Json.JsonSerializer.Serialize(new { allocation = found.Choice }));
        }
        return 0;
    }

    /// <summary>
    /// The program by nation (engine <c>nations</c>): one binary per package and nation it may go to, costing its cheapest company
    /// there; the borders in the leaf form, the bands and the deviation as in the model; each nation's capacity rows
    /// summed into one. A relaxation of the model, so its optimum is a bound. Engine <c>lagrange</c>: the capacity rows priced
    /// at the LP relaxation's duals instead (each package's cost in a company plus the company's price per unit of
    /// work), the summed rows kept — the Lagrangian bound at those prices. BENCH_AGGREGATE_COMPANIES=1: its nations kept and
    /// the companies chosen within them by HiGHS; BENCH_AGGREGATE_CHOICE=FILE: its nations with each package's cheapest
    /// company there written as an allocation for the region engine.
    /// </summary>
    private static int ByNation(WorkshareProblem problem, WorkshareOptions options, bool lagrange, double seconds)
    {
        var clock = Stopwatch.StartNew();
        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, options.Mode, explain: false, leafBorders: true);
        // Lagrange: the capacity rows priced at the LP's duals (λ_k per unit of load), the rest by nation as a MIP.
        var price = new double[setup.Companies.Length];
        var constant = 0.0;
        if (lagrange)
        {
            var full = new WorkshareHighsModel(model);
            using var relax = full.Create(1, seconds);
            relax.Set("solve_relaxation", true);
            clock.Restart();
            relax.Run();
            var duals = relax.RowDuals(full.Cost.Length);
            var lpValue = full.Unscale(relax.Solution(full.Cost.Length).Select((v, c) => v * full.ScaledCost[c]).Sum());
            for (var r = 0; r < model.Rows.Count; r++)
            {
                if (model.Rows[r].Name.StartsWith("capacity_", StringComparison.Ordinal))
                {
                    var k = int.Parse(model.Rows[r].Name["capacity_".Length..], Inv);
                    price[k] = Math.Max(0, -full.Unscale(duals[r]));
                    constant -= price[k] * model.CapacityLimits[k];
                }
            }
            Console.WriteLine(string.Create(Inv, $"LP {lpValue * (double)model.ObjectiveUnitUsd:N0} USD in {clock.Elapsed.TotalSeconds:0.0} s; {price.Count(p => p > 0)} capacity rows priced, constant {constant * (double)model.ObjectiveUnitUsd:N0} USD"));
        }
        var nat = setup.Nations.Length;
        var cost = new List<double>();
        var lo = new List<double>();
        var hi = new List<double>();
        var integ = new List<int>();
        var rows = new List<(List<(int, double)> T, double L, double U)>();
        int Col(double c, double u, bool integral)
        {
            cost.Add(c);
            lo.Add(0);
            hi.Add(u);
            integ.Add(integral ? 1 : 0);
            return cost.Count - 1;
        }
        var z = new Dictionary<int, int>[setup.Packages.Length];
        for (var w = 0; w < setup.Packages.Length; w++)
        {
            z[w] = [];
            foreach (var g in model.X[w].GroupBy(p => setup.CompanyNation[p.Company]))
            {
                z[w][g.Key] = Col(g.Min(p => model.Objective.GetValueOrDefault(p.Column) + (price[p.Company] * setup.Units[w])), 1, true);
            }
            rows.Add(([.. z[w].Values.Select(c => (c, 1.0))], 1, 1));
        }
        for (var n = 0; n < nat; n++)
        {
            var work = Enumerable.Range(0, setup.Packages.Length).Where(w => z[w].ContainsKey(n)).Select(w => (z[w][n], (double)setup.Units[w])).ToList();
            rows.Add((work, setup.Lower[n], setup.Upper[n]));
            var ofNation = Enumerable.Range(0, setup.Companies.Length).Where(k => setup.CompanyNation[k] == n).ToList();
            if (ofNation.All(k => model.CapacityLimits.ContainsKey(k)))
            {
                rows.Add((work, double.NegativeInfinity, ofNation.Sum(k => (double)model.CapacityLimits[k])));
            }
            if (model.Deviation[n] >= 0)
            {
                var d = Col(model.Objective.GetValueOrDefault(model.Deviation[n]), setup.TotalUnits + Math.Abs(setup.Target[n]), false);
                rows.Add(([(d, 1.0), .. work.Select(t => (t.Item1, -t.Item2))], -setup.Target[n], double.PositiveInfinity));
                rows.Add(([(d, 1.0), .. work], setup.Target[n], double.PositiveInfinity));
            }
        }
        foreach (var (col, a, b) in model.Borders)
        {
            var y = Col(model.Objective[col], 1, false);
            var leaves = new List<(int, double)> { (y, 1.0) };
            foreach (var (n, za) in z[a])
            {
                var v = Col(0, 1, false);
                leaves.Add((v, -1.0));
                rows.Add((z[b].TryGetValue(n, out var zb) ? [(v, 1.0), (za, -1.0), (zb, 1.0)] : [(v, 1.0), (za, -1.0)], 0, double.PositiveInfinity));
            }
            rows.Add((leaves, 0, double.PositiveInfinity));
        }
        var exponent = Math.Max(0, (int)Math.Ceiling(Math.Log2(cost.Max() / 1e8)));
        var start = new List<int>();
        var index = new List<int>();
        var value = new List<double>();
        foreach (var (t, _, _) in rows)
        {
            start.Add(index.Count);
            foreach (var (c, v) in t)
            {
                index.Add(c);
                value.Add(v);
            }
        }
        using var highs = new Engines.Optimization.HighsMip();
        highs.PassMinimize([.. cost.Select(c => Math.ScaleB(c, -exponent))], [.. lo], [.. hi], [.. rows.Select(r => r.L)], [.. rows.Select(r => r.U)], [.. start], [.. index], [.. value], [.. integ]);
        WorkshareBench.OneThreadWithLog(highs, seconds);
        clock.Restart();
        var status = highs.Run();
        Console.WriteLine(string.Create(Inv, $"{(lagrange ? "capacities priced, the rest" : "the program")} by nation ({cost.Count} columns, {rows.Count} rows): status {status}, dual bound {(Math.ScaleB(highs.DualBound, exponent) + constant) * (double)model.ObjectiveUnitUsd:N0} USD, {clock.Elapsed.TotalSeconds:0.0} s"));
        if (highs.HasSolution && Environment.GetEnvironmentVariable("BENCH_AGGREGATE_COMPANIES") == "1")
        {
            // The nations of the aggregate's allocation kept, each package's company chosen by HiGHS within its nation.
            var zv = highs.Solution(cost.Count);
            var nationOf = Enumerable.Range(0, setup.Packages.Length).Select(w => z[w].First(p => zv[p.Value] > 0.5).Key).ToArray();
            var cut = setup.Interfaces.Where(f => nationOf[f.A] != nationOf[f.B]).Sum(f => f.Weight);
            Console.WriteLine(string.Create(Inv, $"its nations cross {cut}; work {string.Join(" ", Enumerable.Range(0, nat).Select(n => $"{Enumerable.Range(0, setup.Packages.Length).Where(w => nationOf[w] == n).Sum(w => setup.Units[w])}/[{setup.Lower[n]},{setup.Upper[n]}]"))}"));
            if (Environment.GetEnvironmentVariable("BENCH_AGGREGATE_CHOICE") is { Length: > 0 } choiceTo)
            {
                // Each package at the cheapest company of its nation (capacities aside): a start for the region engine.
                File.WriteAllText(choiceTo, System.Text.Json.JsonSerializer.Serialize(new
                {
                    allocation = Enumerable.Range(0, setup.Packages.Length).Select(w => model.X[w].Where(p => setup.CompanyNation[p.Company] == nationOf[w]).MinBy(p => model.Objective.GetValueOrDefault(p.Column)).Company).ToArray(),
                }));
            }
            var hm2 = new WorkshareHighsModel(model);
            var lower = (double[])hm2.ColLower.Clone();
            var upper = (double[])hm2.ColUpper.Clone();
            for (var w = 0; w < setup.Packages.Length; w++)
            {
                foreach (var (k, c) in model.X[w])
                {
                    if (setup.CompanyNation[k] != nationOf[w])
                    {
                        (lower[c], upper[c]) = (0, 0);
                    }
                }
            }
            using var gap = hm2.Create(1, seconds);
            gap.ChangeColumnBounds(lower, upper);
            clock.Restart();
            var st2 = gap.Run();
            if (gap.HasSolution)
            {
                var found = WorkshareBench.AllocationOf(setup, model, gap.Solution(hm2.Cost.Length));
                var after = new WorkshareState(setup, model, found);
                Console.WriteLine(string.Create(Inv, $"companies within those nations: status {st2}, {after.Objective * model.ObjectiveUnitUsd:N0} USD (cut {CrossedWeight(setup, after)}), {clock.Elapsed.TotalSeconds:0.0} s"));
                if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_DUMP") is { Length: > 0 } dumpTo)
                {
                    File.WriteAllText(dumpTo, System.Text.Json.JsonSerializer.Serialize(new { allocation = found }));
                }
            }
            else
            {
                Console.WriteLine(string.Create(Inv, $"companies within those nations: none (status {st2}), {clock.Elapsed.TotalSeconds:0.0} s"));
            }
        }
        return 0;
    }

    /// <summary>
    /// The allocator's model as HiGHS takes it, with one binary z per package and nation its companies reach and the row
    /// z_wn − Σ x_wk (k in n) = 0; each x integer or continuous, and with <paramref name="onlyZ"/> every other column of
    /// the model continuous too. The znations and zlns experiments' region (ADR 0051's, every nation open).
    /// </summary>
    private static (List<double> Cost, List<double> Lo, List<double> Hi, List<int> Integ, List<int> Start, List<int> Index, List<double> Value,
        List<double> RowLo, List<double> RowHi, Dictionary<int, int>[] Z) NationColumns(WorkshareSetup setup, WorkshareModel model, WorkshareHighsModel hm, bool xInteger, bool onlyZ)
    {
        var cost = hm.ScaledCost.ToList();
        var lo = hm.ColLower.ToList();
        var hi = hm.ColUpper.ToList();
        var integ = hm.Integrality.ToList();
        var start = hm.Start.ToList();
        var index = hm.Index.ToList();
        var value = hm.Elements.ToList();
        var rowLo = hm.RowLower.ToList();
        var rowHi = hm.RowUpper.ToList();
        var z = new Dictionary<int, int>[setup.Packages.Length];
        if (onlyZ)
        {
            for (var c = 0; c < hm.Cost.Length; c++)
            {
                integ[c] = 0;
            }
        }
        for (var w = 0; w < setup.Packages.Length; w++)
        {
            z[w] = [];
            foreach (var (_, c) in model.X[w])
            {
                integ[c] = xInteger ? 1 : 0;
            }
            foreach (var g in model.X[w].GroupBy(p => setup.CompanyNation[p.Company]))
            {
                var col = cost.Count;
                cost.Add(0);
                lo.Add(0);
                hi.Add(1);
                integ.Add(1);
                z[w][g.Key] = col;
                start.Add(index.Count);
                foreach (var (_, c) in g)
                {
                    index.Add(c);
                    value.Add(1);
                }
                index.Add(col);
                value.Add(-1);
                rowLo.Add(0);
                rowHi.Add(0);
            }
        }
        return (cost, lo, hi, integ, start, index, value, rowLo, rowHi, z);
    }

    /// <summary>
    /// The model with a binary per package and nation (z_wn = Σ of its x in that nation) and every x continuous (engine
    /// <c>znations</c>): a relaxation whose branching is on nations alone. HiGHS on one thread with its log; then the
    /// nations of its allocation kept and the companies chosen within them by HiGHS (the model, x integer), with
    /// BENCH_ZNATIONS_REPAIR seconds (default 10). BENCH_WORKSHARE_CHOICE: a dump to start from.
    /// </summary>
    private static int NationsBinary(WorkshareProblem problem, WorkshareOptions options, double seconds)
    {
        var clock = Stopwatch.StartNew();
        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, options.Mode, explain: false, leafBorders: Environment.GetEnvironmentVariable("BENCH_ZNATIONS_PAIRWISE") != "1");
        var hm = new WorkshareHighsModel(model);
        var columns = hm.Cost.Length;
        var continuous = Environment.GetEnvironmentVariable("BENCH_ZNATIONS_XINT") != "1";
        // BENCH_ZNATIONS_ONLYZ=1: every column of the model continuous, only the z binary: the borders, subsystem and
        // split columns' least values are whole when the nations are.
        var (cost, lo, hi, integ, start, index, value, rowLo, rowHi, z) = NationColumns(setup, model, hm, xInteger: !continuous,
            onlyZ: Environment.GetEnvironmentVariable("BENCH_ZNATIONS_ONLYZ") == "1");
        if (Environment.GetEnvironmentVariable("BENCH_ZNATIONS_RENS") == "1")
        {
            // Each package only to the nations the LP relaxation gives part of it (RENS by nation).
            using var relax = hm.Create(1, seconds);
            relax.Set("solve_relaxation", true);
            var lpClock = Stopwatch.StartNew();
            relax.Run();
            var xs = relax.Solution(columns);
            var rc = relax.ColumnDuals(columns);
            // Each package-nation pair's least reduced cost over its companies, in USD (the model's units × unit).
            var pairRc = Enumerable.Range(0, setup.Packages.Length).Select(w => z[w].ToDictionary(p => p.Key,
                p => hm.Unscale(model.X[w].Where(q => setup.CompanyNation[q.Company] == p.Key).Min(q => rc[q.Column])) * (double)model.ObjectiveUnitUsd)).ToArray();
            var rcOpen = double.Parse(Environment.GetEnvironmentVariable("BENCH_ZNATIONS_RC") ?? "-1", Inv);
            // BENCH_ZNATIONS_OPEN: the least share of a package in the relaxation that opens its nation (1e-6).
            var openAt = double.Parse(Environment.GetEnvironmentVariable("BENCH_ZNATIONS_OPEN") ?? "1e-6", Inv);
            var (open, fixedOne) = (0, 0);
            // BENCH_ZNATIONS_ALSO=dumps (comma-separated): their nations open too.
            var also = (Environment.GetEnvironmentVariable("BENCH_ZNATIONS_ALSO") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(f => new WorkshareState(setup, model, Allocation(f))).ToList();
            var lpShare = Enumerable.Range(0, setup.Packages.Length).Select(w => z[w].ToDictionary(p => p.Key, p => model.X[w].Where(q => setup.CompanyNation[q.Company] == p.Key).Sum(q => xs[q.Column]))).ToArray();
            var neighbours = Environment.GetEnvironmentVariable("BENCH_ZNATIONS_NEIGH") == "1";
            var best = also.Count > 0 ? also[0] : null;
            for (var w = 0; w < setup.Packages.Length && best is not null; w++)
            {
                if (lpShare[w].GetValueOrDefault(best.Nation[w]) < 1e-6)
                {
                    var nb = setup.Interfaces.Where(f => f.A == w || f.B == w).Select(f => f.A == w ? f.B : f.A).ToList();
                    Console.WriteLine(string.Create(Inv, $"  outside: rc {pairRc[w][best.Nation[w]] / 1e6:N0} M; {w} units {setup.Units[w]} sub {Array.FindIndex(setup.Subsystems, s => s.Packages.Contains(w))} LP {string.Join(" ", lpShare[w].Where(p => p.Value > 1e-6).Select(p => $"{p.Key}:{p.Value:0.00}"))} → {best.Nation[w]}; neighbours in {string.Join(",", nb.Select(q => best.Nation[q]))}, their LP {string.Join(" ", nb.Select(q => string.Join("/", lpShare[q].Where(p => p.Value > 1e-6).Select(p => p.Key))))}"));
                }
            }
            for (var w = 0; w < setup.Packages.Length; w++)
            {
                var near = neighbours ? setup.Interfaces.Where(f => f.A == w || f.B == w).Select(f => f.A == w ? f.B : f.A).SelectMany(q => lpShare[q].Where(p => p.Value > 1e-6).Select(p => p.Key)).ToHashSet() : [];
                // BENCH_ZNATIONS_COHERENT=1: a given allocation's nation outside the relaxation's only when a package it
                // interfaces with is in that nation there too.
                // BENCH_ZNATIONS_COHERENT=2: only when at least half its subsystem is in that nation there.
                var coherent = Environment.GetEnvironmentVariable("BENCH_ZNATIONS_COHERENT") ?? "";
                var sub = Array.FindIndex(setup.Subsystems, x => x.Packages.Contains(w));
                bool Given(WorkshareState a, int n) => a.Nation[w] == n && (coherent.Length == 0 || lpShare[w][n] >= 1e-6
                    || (coherent == "1" && setup.Interfaces.Any(f => (f.A == w && a.Nation[f.B] == n) || (f.B == w && a.Nation[f.A] == n)))
                    || (coherent == "2" && (sub < 0 || 2 * setup.Subsystems[sub].Packages.Count(q => a.Nation[q] == n) >= setup.Subsystems[sub].Packages.Length)));
                var share = z[w].ToDictionary(p => p.Key, p => lpShare[w][p.Key] + (also.Any(a => Given(a, p.Key)) || near.Contains(p.Key) || pairRc[w][p.Key] <= rcOpen ? 1 : 0));
                foreach (var (n, col) in z[w])
                {
                    if (share[n] < openAt)
                    {
                        hi[col] = 0;
                    }
                    else
                    {
                        open++;
                    }
                }
                fixedOne += share.Count(p => p.Value >= openAt) == 1 ? 1 : 0;
            }
            Console.WriteLine(string.Create(Inv, $"LP in {lpClock.Elapsed.TotalSeconds:0.0} s: {open} package-nations open, {fixedOne} packages in one nation"));
            var small = Enumerable.Range(0, setup.Packages.Length).SelectMany(w => lpShare[w].Values).Where(v => v >= 1e-6).ToList();
            Console.WriteLine(string.Create(Inv, $"relaxation's pairs: {small.Count}; below 0.01 {small.Count(v => v < 0.01)}, below 0.05 {small.Count(v => v < 0.05)}, below 0.1 {small.Count(v => v < 0.1)}, below 0.2 {small.Count(v => v < 0.2)}"));
            var closedRc = Enumerable.Range(0, setup.Packages.Length).SelectMany(w => pairRc[w].Where(p => lpShare[w][p.Key] < 1e-6).Select(p => p.Value / 1e6)).Order().ToList();
            Console.WriteLine(string.Create(Inv, $"closed pairs' reduced costs (M USD): {closedRc.Count}; deciles {string.Join(" ", Enumerable.Range(0, 10).Select(i => closedRc[i * closedRc.Count / 10].ToString("N0", Inv)))}"));
        }
        using var highs = new Engines.Optimization.HighsMip();
        highs.PassMinimize([.. cost], [.. lo], [.. hi], [.. rowLo], [.. rowHi], [.. start], [.. index], [.. value], [.. integ]);
        WorkshareBench.OneThreadWithLog(highs, seconds);
        highs.Set("mip_rel_gap", 0.0);
        highs.Set("mip_abs_gap", hm.AbsoluteGap);
        // BENCH_ZNATIONS_PARAMS: HiGHS options for the region (name=value, comma-separated).
        highs.SetPairs(Environment.GetEnvironmentVariable("BENCH_ZNATIONS_PARAMS"));
        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_CHOICE") is { Length: > 0 } startFile)
        {
            var from = hm.HighsValues(WorksharePolish.Complete(setup, model, Allocation(startFile))).ToList();
            var st0 = new WorkshareState(setup, model, Allocation(startFile));
            for (var w = 0; w < setup.Packages.Length; w++)
            {
                foreach (var (n, col) in z[w])
                {
                    from.Add(st0.Nation[w] == n ? 1 : 0);
                }
            }
            highs.StartFrom([.. from]);
        }
        clock.Restart();
        var status = highs.Run();
        Console.WriteLine(string.Create(Inv, $"nations binary, x {(continuous ? "continuous" : "integer")} ({cost.Count} columns): status {status}, dual bound {hm.Unscale(highs.DualBound) * (double)model.ObjectiveUnitUsd:N0} USD, {clock.Elapsed.TotalSeconds:0.0} s"));
        if (!highs.HasSolution)
        {
            return 0;
        }
        var zv = highs.Solution(cost.Count);
        var relaxed = hm.Unscale(Enumerable.Range(0, columns).Sum(c => zv[c] * hm.ScaledCost[c])) * (double)model.ObjectiveUnitUsd;
        var nationOf = Enumerable.Range(0, setup.Packages.Length).Select(w => z[w].First(p => zv[p.Value] > 0.5).Key).ToArray();
        Console.WriteLine(string.Create(Inv, $"its allocation {relaxed:N0} USD; work {string.Join(" ", Enumerable.Range(0, setup.Nations.Length).Select(n => $"{Enumerable.Range(0, setup.Packages.Length).Where(w => nationOf[w] == n).Sum(w => setup.Units[w])}/[{setup.Lower[n]},{setup.Upper[n]}]"))}"));
        var lower = (double[])hm.ColLower.Clone();
        var upper = (double[])hm.ColUpper.Clone();
        for (var w = 0; w < setup.Packages.Length; w++)
        {
            foreach (var (k, c) in model.X[w])
            {
                if (setup.CompanyNation[k] != nationOf[w])
                {
                    (lower[c], upper[c]) = (0, 0);
                }
            }
        }
        var repairSeconds = double.Parse(Environment.GetEnvironmentVariable("BENCH_ZNATIONS_REPAIR") ?? "10", Inv);
        using var gap = hm.Create(1, repairSeconds);
        gap.ChangeColumnBounds(lower, upper);
        clock.Restart();
        var st2 = gap.Run();
        if (!gap.HasSolution)
        {
            Console.WriteLine(string.Create(Inv, $"companies within those nations: none (status {st2}), {clock.Elapsed.TotalSeconds:0.0} s"));
            return 0;
        }
        var found = WorkshareBench.AllocationOf(setup, model, gap.Solution(columns));
        var after = new WorkshareState(setup, model, found);
        Console.WriteLine(string.Create(Inv, $"companies within those nations: status {st2}, {after.Objective * model.ObjectiveUnitUsd:N0} USD (cut {CrossedWeight(setup, after)}), bound there {hm.Unscale(gap.DualBound) * (double)model.ObjectiveUnitUsd:N0}, {clock.Elapsed.TotalSeconds:0.0} s"));
        if (Environment.GetEnvironmentVariable("BENCH_WORKSHARE_DUMP") is { Length: > 0 } dumpTo)
        {
            File.WriteAllText(dumpTo, System.Text.Json.JsonSerializer.Serialize(new { allocation = found }));
        }
        return 0;
    }

    /// <summary>
    /// Large-neighbourhood search on blend mode's region by nation (engine <c>zlns</c>): from the allocation of a dump
    /// (BENCH_WORKSHARE_CHOICE), the region model (z per package and nation, x continuous) with every package held to its
    /// nation but those of BENCH_ZLNS_SUBSYSTEMS subsystems (default 12) drawn at random (seed BENCH_ZLNS_SEED), free to
    /// every nation; HiGHS for at most BENCH_ZLNS_LIMIT seconds each (default 1), the lower solution kept.
    /// </summary>
    private static int RegionLns(WorkshareProblem problem, WorkshareOptions options, double seconds)
    {
        var clock = Stopwatch.StartNew();
        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, options.Mode, explain: false, leafBorders: true);
        var hm = new WorkshareHighsModel(model);
        var columns = hm.Cost.Length;
        var packages = setup.Packages.Length;
        var (cost, lo, hi, integ, start, index, value, rowLo, rowHi, z) = NationColumns(setup, model, hm, xInteger: false, onlyZ: false);
        var file = Environment.GetEnvironmentVariable("BENCH_WORKSHARE_CHOICE") ?? throw new InvalidOperationException("set BENCH_WORKSHARE_CHOICE (a dump)");
        var choice = Allocation(file);
        var nation = (int[])new WorkshareState(setup, model, choice).Nation.Clone();
        var rng = new Random(int.Parse(Environment.GetEnvironmentVariable("BENCH_ZLNS_SEED") ?? "1", Inv));
        var pick = int.Parse(Environment.GetEnvironmentVariable("BENCH_ZLNS_SUBSYSTEMS") ?? "12", Inv);
        var limit = double.Parse(Environment.GetEnvironmentVariable("BENCH_ZLNS_LIMIT") ?? "1", Inv);
        // Units to free: the subsystems, and each package in none as a unit of its own.
        var inSub = new bool[packages];
        var units = new List<int[]>();
        foreach (var (_, ps) in setup.Subsystems)
        {
            units.Add(ps);
            foreach (var w in ps)
            {
                inSub[w] = true;
            }
        }
        var subsystems = units.Count;
        units.AddRange(Enumerable.Range(0, packages).Where(w => !inSub[w] && z[w].Count > 1).Select(w => new[] { w }));
        Console.WriteLine(string.Create(Inv, $"{subsystems} subsystems, {units.Count - subsystems} other packages with a choice of nation, {cost.Count} columns"));
        if (Environment.GetEnvironmentVariable("BENCH_ZLNS_SHOW") is { Length: > 0 } show)
        {
            var of = new int[packages];
            for (var u = 0; u < units.Count; u++)
            {
                foreach (var w in units[u])
                {
                    of[w] = u;
                }
            }
            foreach (var u in show.Split(',').Select(int.Parse))
            {
                var adj = setup.Interfaces.Where(f => of[f.A] == u ^ of[f.B] == u).GroupBy(f => of[f.A] == u ? of[f.B] : of[f.A])
                    .OrderByDescending(g => g.Sum(f => f.Weight)).Select(g => $"s{g.Key}:{g.Sum(f => f.Weight):0}");
                var st = new WorkshareState(setup, model, choice);
                Console.WriteLine($"s{u}: {units[u].Length} packages in {string.Join("", units[u].Select(w => setup.Nations[st.Nation[w]][0]))}; internal weight {setup.Interfaces.Where(f => of[f.A] == u && of[f.B] == u).Sum(f => f.Weight):0}; to {string.Join(" ", adj)}");
            }
        }
        using var highs = new Engines.Optimization.HighsMip();
        highs.PassMinimize([.. cost], [.. lo], [.. hi], [.. rowLo], [.. rowHi], [.. start], [.. index], [.. value], [.. integ]);
        highs.Set("threads", 1);
        highs.Set("output_flag", false);
        highs.Set("mip_rel_gap", 0.0);
        highs.Set("mip_abs_gap", hm.AbsoluteGap);
        highs.SetPairs(Environment.GetEnvironmentVariable("BENCH_ZNATIONS_PARAMS"));
        var usd = (double)model.ObjectiveUnitUsd;
        double[]? current = null;
        var currentValue = double.PositiveInfinity;
        var free = new bool[packages];
        var (tries, lowered) = (0, 0);
        // BENCH_ZLNS_BALL=1: every other region the subsystems a local-branching relaxation moves (at most `radius`
        // packages to another nation), the rest drawn at random up to BENCH_ZLNS_SUBSYSTEMS.
        var ballOn = Environment.GetEnvironmentVariable("BENCH_ZLNS_BALL") == "1";
        var radius = double.Parse(Environment.GetEnvironmentVariable("BENCH_ZLNS_RADIUS") ?? "20", Inv);
        var firstRadius = radius;
        using var lp = new Engines.Optimization.HighsMip();
        var ballRow = -1;
        var at = new int[packages];
        var ballNext = false;
        var lastBall = false;
        if (ballOn)
        {
            lp.PassMinimize([.. cost], [.. lo], [.. hi], [.. rowLo], [.. rowHi], [.. start], [.. index], [.. value], [.. integ]);
            lp.Set("threads", 1);
            lp.Set("output_flag", false);
            lp.Set("solve_relaxation", true);
        }
        var pairsOn = Environment.GetEnvironmentVariable("BENCH_ZLNS_PAIRS") == "1";
        var pairList = new List<(int, int)>();
        for (var a = 0; a < setup.Nations.Length; a++)
        {
            for (var b = a + 1; b < setup.Nations.Length; b++)
            {
                pairList.Add((a, b));
            }
        }
        var pairIndex = 0;
        var unitOf = new int[packages];
        for (var u = 0; u < units.Count; u++)
        {
            foreach (var w in units[u])
            {
                unitOf[w] = u;
            }
        }
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            Array.Clear(free);
            lastBall = false;
            if (current is not null && ballOn && ballNext)
            {
                if (ballRow < 0)
                {
                    ballRow = lp.AddRow(packages - radius, double.PositiveInfinity, [.. Enumerable.Range(0, packages).Select(w => z[w][nation[w]])], [.. Enumerable.Repeat(1.0, packages)]);
                    Array.Copy(nation, at, packages);
                }
                else
                {
                    for (var w = 0; w < packages; w++)
                    {
                        if (at[w] != nation[w])
                        {
                            lp.ChangeCoefficient(ballRow, z[w][at[w]], 0);
                            lp.ChangeCoefficient(ballRow, z[w][nation[w]], 1);
                            at[w] = nation[w];
                        }
                    }
                    lp.ChangeRowBounds(ballRow, packages - radius, double.PositiveInfinity);
                }
                lp.Set("time_limit", 1.0);
                var lt = clock.Elapsed.TotalSeconds;
                if (lp.Run() == Engines.Optimization.HighsMip.StatusOptimal)
                {
                    var xs = lp.Solution(cost.Count);
                    var subs = new HashSet<int>();
                    for (var w = 0; w < packages; w++)
                    {
                        if (xs[z[w][nation[w]]] < 1 - 1e-6)
                        {
                            subs.Add(unitOf[w]);
                        }
                    }
                    foreach (var u in subs)
                    {
                        foreach (var w in units[u])
                        {
                            free[w] = true;
                        }
                    }
                    lastBall = true;
                    Console.WriteLine(string.Create(Inv, $"    ball r {radius:0}: {subs.Count} subsystems, LP {clock.Elapsed.TotalSeconds - lt:0.00} s"));
                }
            }
            bool[]? pairMask = null;
            var pairTurn = pairsOn && current is not null && !lastBall && tries % 2 == 1;
            if (pairTurn)
            {
                // Two nations (in turn), every package of theirs free between them.
                var (a, b) = pairList[pairIndex++ % pairList.Count];
                pairMask = new bool[setup.Nations.Length];
                pairMask[a] = pairMask[b] = true;
                for (var w = 0; w < packages; w++)
                {
                    free[w] = nation[w] == a || nation[w] == b;
                }
                Console.WriteLine($"    pair {setup.Nations[a]}-{setup.Nations[b]}: {free.Count(f => f)} free");
            }
            if (current is not null && !lastBall && !pairTurn)
            {
                // BENCH_ZLNS_SPLIT=n: n of them drawn from the subsystems split between nations.
                var splitPick = int.Parse(Environment.GetEnvironmentVariable("BENCH_ZLNS_SPLIT") ?? "0", Inv);
                var split = Enumerable.Range(0, units.Count).Where(u => units[u].Select(w => nation[w]).Distinct().Count() > 1).OrderBy(_ => rng.Next()).Take(splitPick).ToList();
                var chosen = split.Concat(Enumerable.Range(0, units.Count).Except(split).OrderBy(_ => rng.Next()).Take(pick - split.Count)).ToList();
                foreach (var u in chosen)
                {
                    foreach (var w in units[u])
                    {
                        free[w] = true;
                    }
                }
            }
            var upper = hi.ToArray();
            for (var w = 0; w < packages; w++)
            {
                foreach (var (n, col) in z[w])
                {
                    upper[col] = (free[w] && (pairMask is null || pairMask[n])) || n == nation[w] ? 1 : 0;
                }
            }
            highs.ChangeColumnBounds([.. lo], upper);
            if (current is not null)
            {
                highs.StartFrom(current);
            }
            highs.Set("time_limit", Math.Max(0.05, Math.Min(limit, seconds - clock.Elapsed.TotalSeconds)));
            var t0 = clock.Elapsed.TotalSeconds;
            var status = highs.Run();
            tries++;
            if (!highs.HasSolution)
            {
                Console.WriteLine(string.Create(Inv, $"  {t0:0.0} s: no solution (status {status})"));
                continue;
            }
            var solution = highs.Solution(cost.Count);
            var v = hm.Unscale(Enumerable.Range(0, columns).Sum(c => solution[c] * hm.ScaledCost[c])) * usd;
            if (v < currentValue - 1e5)
            {
                var moved = 0;
                var where = new SortedDictionary<int, string>();
                for (var w = 0; w < packages; w++)
                {
                    foreach (var (n, col) in z[w])
                    {
                        if (solution[col] > 0.5 && n != nation[w])
                        {
                            var u = units.FindIndex(x => x.Contains(w));
                            where[u] = (where.GetValueOrDefault(u) ?? "") + $"{setup.Nations[nation[w]]}>{setup.Nations[n]} ";
                            nation[w] = n;
                            moved++;
                        }
                    }
                }
                if (where.Count > 0)
                {
                    Console.WriteLine("    " + string.Join("; ", where.Select(p => $"s{p.Key}({units[p.Key].Length}): {p.Value.Trim()}")));
                }
                lowered += current is null ? 0 : 1;
                radius = lastBall ? firstRadius : radius;
                Console.WriteLine(string.Create(Inv, $"  {clock.Elapsed.TotalSeconds:0.0} s: {currentValue / 1e9:0.0000} → {v / 1e9:0.0000} billion, {free.Count(f => f)} free, {moved} moved, status {status}, {clock.Elapsed.TotalSeconds - t0:0.00} s"));
                (current, currentValue) = (solution, v);
            }
            else if (lastBall)
            {
                radius *= 1.5;
                if (radius > 120)
                {
                    radius = firstRadius;
                }
            }
            ballNext = !ballNext;
        }
        Console.WriteLine(string.Create(Inv, $"region LNS: {tries} sub-problems, {lowered} lower; {currentValue / 1e9:0.0000} billion at {clock.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    }
}
