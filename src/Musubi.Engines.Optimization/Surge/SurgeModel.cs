using System.Diagnostics;
using Google.OrTools.LinearSolver;
using Musubi.Engines.Network;

namespace Musubi.Engines.Optimization.Surge;

/// <summary>
/// The time-phased program of docs/engines/surge.md built into an OR-Tools <see cref="Solver"/>: CLP for objectives
/// (a) and (b), SCIP for (c), whose expansions and qualifications are all-or-nothing. Names are MPS-safe
/// (<c>x_OFFER_MONTH</c> with offer indexes) so the exported model is the solved one.
/// </summary>
internal sealed class SurgeModel : IDisposable
{
    /// <summary>How much of the first solve's total the earliness solve may give up, relative (solver tolerance, not a trade).</summary>
    public const double RefineSlack = 1e-9;

    private readonly SurgeSetup setup;
    private readonly Solver solver;
    private readonly Stopwatch clock;

    // Per offer: production variables for months [XFrom, XFrom + length) and deliveries for [DFrom, …).
    private readonly Variable[]?[] x;
    private readonly int[] xFrom;
    private readonly Variable[]?[] d;
    private readonly int[] dFrom;
    private readonly Variable[]?[] backlog;
    private readonly Dictionary<int, Variable> qualify = [];
    private readonly List<(SurgeExpansion Option, int Offer, Variable Built)> build = [];
    private readonly List<(Variable Var, int Month)> deliveries = [];
    private readonly FixedChoices? fixedChoices;
    private Constraint? keepTotal;

    public double BuildSeconds { get; }

    /// <summary>The choices of a solved objective (c), fixed: the model becomes the LP "deliver as much and as early as possible with these, meeting the target".</summary>
    public sealed record FixedChoices(HashSet<int> Qualified, HashSet<string> Built);

    public SurgeModel(SurgeSetup setup, string? solverName = null, FixedChoices? fixedChoices = null)
    {
        clock = Stopwatch.StartNew();
        this.setup = setup;
        this.fixedChoices = fixedChoices;
        var mip = fixedChoices is null && setup.Request.Objective == SurgeObjective.MinCost && (setup.Candidates.Count > 0 || setup.Expansions.Count > 0);
        // COIN-OR CLP as bundled with OR-Tools for the LPs: about 2.6 times faster than GLOP on the plans measured
        // (bench/RESULTS.md); GLOP stays selectable and the engine tests check both against Debian's clp.
        SolverName = solverName ?? (mip ? "SCIP" : "CLP");
        solver = Solver.CreateSolver(SolverName) ?? throw new InvalidOperationException($"OR-Tools' {SolverName} solver is not available");
        var n = setup.Network.OfferCount;
        x = new Variable[n][];
        xFrom = new int[n];
        d = new Variable[n][];
        dFrom = new int[n];
        backlog = new Variable[setup.ItemParts.Length][];
        Build();
        BuildSeconds = clock.Elapsed.TotalSeconds;
    }

    private const string SurgeComment = "Musubi surge plan: the exact model solved (docs/engines/surge.md)";

    public string SolverName { get; }

    public int Variables => solver.NumVariables();

    public int Constraints => rows.Count;

    public string ExportLp() => MpsWriter.WriteLp(SurgeComment, columns, rows, entries, costs, solver.Objective().Maximization());

    public void Dispose() => solver.Dispose();

    private void Build()
    {
        var net = setup.Network;
        var T = setup.Months;
        var request = setup.Request;
        var isItemOffer = new int[net.OfferCount];
        Array.Fill(isItemOffer, -1);
        for (var i = 0; i < setup.ItemParts.Length; i++)
        {
            var p = setup.ItemParts[i];
            for (var k = net.PartOfferStart[p]; k < net.PartOfferStart[p + 1]; k++)
            {
                isItemOffer[net.PartOffer[k]] = i;
            }
        }

        // Choices of objective (c).
        var choose = setup.ExpansionsAreChoices && fixedChoices is null;
        if (choose)
        {
            foreach (var o in setup.Candidates)
            {
                qualify[o] = BoolVar($"z_{o}");
            }
        }
        var expansionsOf = new Dictionary<int, List<(SurgeExpansion Option, Variable? Built)>>();
        var e = 0;
        foreach (var (option, o) in setup.Expansions)
        {
            e++;
            if (!setup.InModel[o] && !choose)
            {
                continue;
            }
            Variable? y = null;
            if (fixedChoices is not null && !fixedChoices.Built.Contains(option.Id))
            {
                continue;
            }
            if (choose)
            {
                y = BoolVar($"y_{e}");
                build.Add((option, o, y));
                if (qualify.TryGetValue(o, out var z))
                {
                    // An expansion of an offer that is not qualified makes nothing: y ≤ z.
                    var c = Row(double.NegativeInfinity, 0, $"yz_{e}");
                    Set(c, y, 1);
                    Set(c, z, -1);
                }
            }
            if (!expansionsOf.TryGetValue(o, out var list))
            {
                expansionsOf[o] = list = [];
            }
            list.Add((option, y));
        }

        if (choose)
        {
            SustainTarget(expansionsOf);
        }

        // Production and capacity.
        foreach (var o in setup.ModelOffers)
        {
            var (from, to) = setup.ProductionWindow(o);
            if (to < from || (fixedChoices is not null && setup.IsCandidate(o) && !fixedChoices.Qualified.Contains(o)))
            {
                continue;
            }
            var cap = net.Offers[o].CapacityPerMonth;
            var vars = new Variable[to - from + 1];
            expansionsOf.TryGetValue(o, out var options);
            qualify.TryGetValue(o, out var zo);
            var baseCap = zo is null ? cap : 0;
            for (var t = from; t <= to; t++)
            {
                var fixedCap = baseCap;
                var variable = false;
                foreach (var (option, y) in options ?? [])
                {
                    if (option.MonthsUntilAvailable + 1 <= t)
                    {
                        if (y is null)
                        {
                            fixedCap += option.ExtraPerMonth;
                        }
                        else
                        {
                            variable = true;
                        }
                    }
                }
                if (zo is null && !variable)
                {
                    vars[t - from] = NumVar(0, fixedCap, $"x_{o}_{t}");
                    continue;
                }
                var xv = NumVar(0, double.PositiveInfinity, $"x_{o}_{t}");
                var row = Row(double.NegativeInfinity, fixedCap, $"cap_{o}_{t}");
                Set(row, xv, 1);
                if (zo is not null)
                {
                    Set(row, zo, -cap);
                }
                foreach (var (option, y) in options ?? [])
                {
                    if (y is not null && option.MonthsUntilAvailable + 1 <= t)
                    {
                        Set(row, y, -option.ExtraPerMonth);
                    }
                }
                vars[t - from] = xv;
            }
            x[o] = vars;
            xFrom[o] = from;
        }

        // Finished goods at each offer: h[t−1] + x[t−L] (+ stock in month 1) ≥ shipped + pooled + delivered + h[t].
        var fg = new Constraint[net.OfferCount][];
        var fgFrom = new int[net.OfferCount];
        foreach (var o in setup.ModelOffers)
        {
            var (from, to) = setup.OutputWindow(o);
            if (to < from)
            {
                continue;
            }
            fgFrom[o] = from;
            var rows = new Constraint[to - from + 1];
            Variable? held = null;
            // Objective (c) asks for a production rate: the end items themselves are not built ahead and held to meet it.
            var mayHold = request.Objective != SurgeObjective.MinCost || isItemOffer[o] < 0;
            for (var t = from; t <= to; t++)
            {
                var arriving = (t == 1 ? setup.FinishedStock[o] : 0) + (t <= setup.Lead[o] ? setup.InFlight[o] : 0);
                var row = Row(double.NegativeInfinity, arriving, $"fg_{o}_{t}");
                if (held is not null)
                {
                    Set(row, held, -1);
                }
                if (X(o, t - setup.Lead[o]) is { } made)
                {
                    Set(row, made, -1);
                }
                if (t < to && mayHold)
                {
                    held = NumVar(0, double.PositiveInfinity, $"h_{o}_{t}");
                    Set(row, held, 1);
                }
                rows[t - from] = row;
            }
            fg[o] = rows;
        }
        Constraint? Fg(int o, int t) => fg[o] is { } rows && t >= fgFrom[o] && t - fgFrom[o] < rows.Length ? rows[t - fgFrom[o]] : null;

        // Inputs: each slot's arrivals (and stock drawn at the consumer's facility) cover q · x in the month x starts.
        var pools = new Dictionary<(int Part, int Month), Constraint>();
        var stockRows = new Dictionary<(int Part, int Facility), Constraint>();
        foreach (var c in setup.ModelOffers)
        {
            if (x[c] is not { } xc)
            {
                continue;
            }
            for (var s = net.SlotStart[c]; s < net.SlotStart[c + 1]; s++)
            {
                var q = net.SlotQuantity[s];
                var part = net.SlotPart[s];
                var sources = setup.Sources(s).Where(src => setup.InModel[src]).ToList();
                var isDefault = setup.IsDefaultSlot(s);
                var stockKey = (part, net.OfferFacility[c]);
                Constraint? stockRow = null;
                if (setup.InputStock.TryGetValue(stockKey, out var stock) && !stockRows.TryGetValue(stockKey, out stockRow))
                {
                    stockRows[stockKey] = stockRow = Row(double.NegativeInfinity, stock, $"stock_{part}_{net.OfferFacility[c]}");
                }
                for (var k = 0; k < xc.Length; k++)
                {
                    var t = xFrom[c] + k;
                    var row = Row(double.NegativeInfinity, 0, $"in_{s}_{t}");
                    Set(row, xc[k], q);
                    if (stockRow is not null)
                    {
                        var draw = NumVar(0, double.PositiveInfinity, $"k_{s}_{t}");
                        Set(row, draw, -1);
                        Set(stockRow, draw, 1);
                    }
                    if (isDefault)
                    {
                        var pool = Pool(part, t, sources);
                        if (pool is not null)
                        {
                            var f = NumVar(0, double.PositiveInfinity, $"p_{s}_{t}");
                            Set(row, f, -1);
                            Set(pool, f, 1);
                        }
                        continue;
                    }
                    foreach (var src in sources)
                    {
                        if (Fg(src, t) is { } supply)
                        {
                            var f = NumVar(0, double.PositiveInfinity, $"f_{s}_{src}_{t}");
                            Set(row, f, -1);
                            Set(supply, f, 1);
                        }
                    }
                }
            }
        }

        // The pool of a part in a month: what its offers send covers what the inputs open to any offer of it take.
        Constraint? Pool(int part, int t, List<int> sources)
        {
            if (pools.TryGetValue((part, t), out var pool))
            {
                return pool;
            }
            var senders = sources.Where(src => Fg(src, t) is not null).ToList();
            if (senders.Count == 0)
            {
                return null;
            }
            pool = Row(double.NegativeInfinity, 0, $"pool_{part}_{t}");
            foreach (var src in senders)
            {
                var g = NumVar(0, double.PositiveInfinity, $"g_{src}_{t}");
                Set(Fg(src, t)!, g, 1);
                Set(pool, g, -1);
            }
            pools[(part, t)] = pool;
            return pool;
        }

        // Deliveries of the items.
        var delivered = new List<(Variable Var, int Item, int Month)>[T + 1];
        for (var t = 1; t <= T; t++)
        {
            delivered[t] = [];
        }
        foreach (var o in setup.ModelOffers)
        {
            if (isItemOffer[o] < 0 || fg[o] is null)
            {
                continue;
            }
            var (from, to) = setup.OutputWindow(o);
            var vars = new Variable[to - from + 1];
            for (var t = from; t <= to; t++)
            {
                var dv = NumVar(0, double.PositiveInfinity, $"d_{o}_{t}");
                Set(Fg(o, t)!, dv, 1);
                vars[t - from] = dv;
                delivered[t].Add((dv, isItemOffer[o], t));
                deliveries.Add((dv, t));
            }
            d[o] = vars;
            dFrom[o] = from;
        }

        var objective = solver.Objective();
        if (request.Objective == SurgeObjective.MinCost)
        {
            var rate = request.TargetRate!.Value;
            for (var i = 0; i < setup.ItemParts.Length; i++)
            {
                for (var t = request.ByMonth!.Value; t <= T; t++)
                {
                    var row = Row(rate, double.PositiveInfinity, $"target_{i}_{t}");
                    foreach (var (v, item, _) in delivered[t])
                    {
                        if (item == i)
                        {
                            Set(row, v, 1);
                        }
                    }
                }
            }
        }
        if (request.Objective == SurgeObjective.MaxDeliveries || fixedChoices is not null)
        {
            foreach (var (v, _) in deliveries)
            {
                Obj(v, 1);
            }
            objective.SetMaximization();
            // Refine's row, free until then and not part of the exported model. Made now because adding a row after a
            // solve makes OR-Tools' CLP interface rebuild its model and lose the optimal basis; changing a row's bounds
            // and the objective keeps it, so the earliness solve starts where the first one ended.
            if (deliveries.Count > 0)
            {
                keepTotal = solver.MakeConstraint(double.NegativeInfinity, double.PositiveInfinity, "keep_total");
                foreach (var (v, _) in deliveries)
                {
                    keepTotal.SetCoefficient(v, 1);
                }
            }
        }
        else if (request.Objective == SurgeObjective.MinShortfall)
        {
            for (var i = 0; i < setup.ItemParts.Length; i++)
            {
                var b = new Variable[T + 1];
                double cumulative = 0;
                for (var t = 1; t <= T; t++)
                {
                    cumulative += setup.Demand[i][t];
                    if (cumulative <= 0)
                    {
                        continue;
                    }
                    // b[t] ≥ b[t−1] + demand[t] − delivered[t]  ⇔  b[t] − b[t−1] + delivered[t] ≥ demand[t].
                    b[t] = NumVar(0, double.PositiveInfinity, $"b_{i}_{t}");
                    Obj(b[t], setup.DemandWeight[i]);
                    var row = Row(setup.Demand[i][t], double.PositiveInfinity, $"bl_{i}_{t}");
                    Set(row, b[t], 1);
                    if (b[t - 1] is { } previous)
                    {
                        Set(row, previous, -1);
                    }
                    foreach (var (v, item, _) in delivered[t])
                    {
                        if (item == i)
                        {
                            Set(row, v, 1);
                        }
                    }
                }
                backlog[i] = b;
            }
            objective.SetMinimization();
        }
        else
        {
            foreach (var (o, z) in qualify)
            {
                Obj(z, setup.Network.Offers[o].QualificationCostUsd!.Value);
            }
            foreach (var (option, _, y) in build)
            {
                Obj(y, option.CostUsd);
            }
            objective.SetMinimization();
        }
    }

    /// <summary>
    /// The earliest of the plans that deliver the most: keeps the total of the solve just made (less a relative
    /// 10⁻⁹ of solver tolerance) as a constraint and maximizes Σ (T − t + 1)·d[t], the area under the cumulative
    /// delivery curve. Only for the maximizing models (objective (a), and (c) with its choices fixed). Returns false
    /// (and leaves the first solution) if the second solve does not end optimal.
    /// </summary>
    public bool Refine(ref double solveSeconds)
    {
        if (keepTotal is null)
        {
            return true;
        }
        var started = Stopwatch.GetTimestamp();
        var T = setup.Months;
        var total = solver.Objective().Value();
        keepTotal.SetBounds(total - (RefineSlack * Math.Max(1, Math.Abs(total))), double.PositiveInfinity);
        var objective = solver.Objective();
        foreach (var (v, t) in deliveries)
        {
            objective.SetCoefficient(v, (double)(T - t + 1) / T);
        }
        objective.SetMaximization();
        // From the first solve's optimal basis, still primal feasible (the row's slack is basic): on the issue #2
        // generator's 10,000-offer plan 1,806 iterations against 16,260 for the same solve from scratch, presolve kept
        // (without it 2,672 iterations, each slower on the unreduced model; bench/RESULTS.md).
        var status = SolverName is "CLP" or "GLOP" ? solver.Solve(Primal()) : solver.Solve();
        solveSeconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (status == Solver.ResultStatus.OPTIMAL)
        {
            return true;
        }
        // Back to the first model and its solution.
        keepTotal.SetBounds(double.NegativeInfinity, double.PositiveInfinity);
        foreach (var (v, _) in deliveries)
        {
            objective.SetCoefficient(v, 1);
        }
        solver.Solve();
        return false;
    }

    /// <summary>
    /// Objective (c)'s target is a rate the base can sustain: besides delivering R a month from month M to the
    /// horizon, the steady state with the chosen expansions and qualifications (one period, no lead times, every
    /// alive offer upstream) must make R a month of each item — so a plan cannot reach the target only by drawing down
    /// components built ahead within the horizon.
    /// </summary>
    private void SustainTarget(Dictionary<int, List<(SurgeExpansion Option, Variable? Built)>> expansionsOf)
    {
        var net = setup.Network;
        var feasible = Feasibility.Compute(net, setup.Alive);
        var upstream = new SortedSet<int>();
        foreach (var p in setup.ItemParts)
        {
            upstream.UnionWith(Feasibility.Upstream(net, feasible, p));
        }
        var xs = new Dictionary<int, Variable>();
        var supply = new Dictionary<int, Constraint>();
        foreach (var o in upstream)
        {
            var cap = net.Offers[o].CapacityPerMonth;
            qualify.TryGetValue(o, out var z);
            expansionsOf.TryGetValue(o, out var options);
            var v = NumVar(0, z is null && options is null ? cap : double.PositiveInfinity, $"xs_{o}");
            if (z is not null || options is not null)
            {
                var row = Row(double.NegativeInfinity, z is null ? cap : 0, $"caps_{o}");
                Set(row, v, 1);
                if (z is not null)
                {
                    Set(row, z, -cap);
                }
                foreach (var (option, y) in options ?? [])
                {
                    Set(row, y!, -option.ExtraPerMonth);
                }
            }
            xs[o] = v;
            var balance = Row(double.NegativeInfinity, 0, $"supplys_{o}");
            Set(balance, v, -1);
            supply[o] = balance;
        }
        var targets = setup.ItemParts.Select((p, i) => Row(setup.Request.TargetRate!.Value, double.PositiveInfinity, $"sustain_{i}")).ToArray();
        foreach (var o in upstream)
        {
            var i = Array.IndexOf(setup.ItemParts, net.OfferPart[o]);
            if (i >= 0)
            {
                var d = NumVar(0, double.PositiveInfinity, $"ds_{o}");
                Set(supply[o], d, 1);
                Set(targets[i], d, 1);
            }
            for (var s = net.SlotStart[o]; s < net.SlotStart[o + 1]; s++)
            {
                var need = Row(double.NegativeInfinity, 0, $"slots_{s}");
                Set(need, xs[o], net.SlotQuantity[s]);
                foreach (var src in net.SourcesOf(s))
                {
                    if (feasible[src] && supply.TryGetValue(src, out var from))
                    {
                        var f = NumVar(0, double.PositiveInfinity, $"fs_{s}_{src}");
                        Set(need, f, -1);
                        Set(from, f, 1);
                    }
                }
            }
        }
    }

    // The model as built, recorded exactly so that --export-mps writes the numbers the solver was given (OR-Tools'
    // own exporter prints six significant digits, so an in-flight rate of 21.631578… would reach another solver as
    // 21.6316).
    private readonly List<(string Name, double Lower, double Upper, bool Integer)> columns = [];
    private readonly List<(string Name, double Lower, double Upper)> rows = [];
    private readonly List<(int Row, int Column, double Value)> entries = [];
    private readonly Dictionary<int, double> costs = [];
    private readonly Dictionary<object, int> index = new(ReferenceEqualityComparer.Instance);

    private Variable NumVar(double lower, double upper, string name)
    {
        var v = solver.MakeNumVar(lower, upper, name);
        index[v] = columns.Count;
        columns.Add((name, lower, upper, false));
        return v;
    }

    private Variable BoolVar(string name)
    {
        var v = solver.MakeBoolVar(name);
        index[v] = columns.Count;
        columns.Add((name, 0, 1, true));
        return v;
    }

    private Constraint Row(double lower, double upper, string name)
    {
        var c = solver.MakeConstraint(lower, upper, name);
        index[c] = rows.Count;
        rows.Add((name, lower, upper));
        return c;
    }

    private void Set(Constraint row, Variable column, double value)
    {
        row.SetCoefficient(column, value);
        entries.Add((index[row], index[column], value));
    }

    private void Obj(Variable column, double value)
    {
        solver.Objective().SetCoefficient(column, value);
        costs[index[column]] = value;
    }

    /// <summary>The model as built, in free MPS with every number in round-trip precision (an OBJSENSE section says MAX for a maximization).</summary>
    public string ExportMps() => MpsWriter.Write("surge", SurgeComment, columns, rows, entries, costs, solver.Objective().Maximization());

    private Variable? X(int o, int t) => x[o] is { } vars && t >= xFrom[o] && t - xFrom[o] < vars.Length ? vars[t - xFrom[o]] : null;

    /// <summary>Solves, with a time limit for the mixed-integer program.</summary>
    public Solver.ResultStatus Solve(out double solveSeconds)
    {
        var started = Stopwatch.GetTimestamp();
        if (SolverName is "SCIP" or "CBC")
        {
            solver.SetTimeLimit(60_000);
        }
        var status = SolverName is "CLP" or "GLOP" ? solver.Solve(Primal()) : solver.Solve();
        solveSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return status;
    }

    /// <summary>
    /// Primal simplex: on these models (many more columns than rows, a feasible start at zero, long degenerate
    /// chains of flows) it takes a fraction of the dual simplex's time — CLP 1.5 s against 4.3 s, GLOP 3.9 s against
    /// 14.4 s on a 500-offer, 40,000-column plan (bench/RESULTS.md).
    /// </summary>
    private static MPSolverParameters Primal()
    {
        var p = new MPSolverParameters();
        p.SetIntegerParam(MPSolverParameters.IntegerParam.LP_ALGORITHM, (int)MPSolverParameters.LpAlgorithmValues.PRIMAL);
        return p;
    }

    public double ObjectiveValue => solver.Objective().Value();

    /// <summary>Deliveries per item per month (index 1..T).</summary>
    public double[][] Deliveries()
    {
        var T = setup.Months;
        var result = setup.ItemParts.Select(_ => new double[T + 1]).ToArray();
        var net = setup.Network;
        for (var i = 0; i < setup.ItemParts.Length; i++)
        {
            var p = setup.ItemParts[i];
            for (var k = net.PartOfferStart[p]; k < net.PartOfferStart[p + 1]; k++)
            {
                var o = net.PartOffer[k];
                if (d[o] is not { } vars)
                {
                    continue;
                }
                for (var j = 0; j < vars.Length; j++)
                {
                    result[i][dFrom[o] + j] += vars[j].SolutionValue();
                }
            }
        }
        return result;
    }

    /// <summary>Backlog per item after each month (objective (b)); null elsewhere.</summary>
    public double[]? Backlog(int item)
    {
        if (backlog[item] is not { } b)
        {
            return null;
        }
        return [.. b.Select(v => v?.SolutionValue() ?? 0)];
    }

    /// <summary>
    /// Capacities that bind, from the reduced costs of production variables at their capacity bound: the change of
    /// the objective per unit of extra capacity in that month, signed so that positive is better (more end items, less
    /// backlog).
    /// </summary>
    public List<(int Offer, int Month, double Value)> Bottlenecks()
    {
        var list = new List<(int, int, double)>();
        if (SolverName is "SCIP" or "CBC")
        {
            return list;
        }
        var sign = setup.Request.Objective == SurgeObjective.MaxDeliveries || fixedChoices is not null ? 1 : -1;
        foreach (var o in setup.ModelOffers)
        {
            if (x[o] is not { } vars)
            {
                continue;
            }
            for (var k = 0; k < vars.Length; k++)
            {
                var v = vars[k];
                if (double.IsPositiveInfinity(v.Ub()) || v.SolutionValue() < v.Ub() - 1e-7)
                {
                    continue;
                }
                var value = sign * v.ReducedCost();
                if (value > 1e-6)
                {
                    list.Add((o, xFrom[o] + k, value));
                }
            }
        }
        return list;
    }

    /// <summary>The expansions and qualifications objective (c) chose.</summary>
    public (List<(SurgeExpansion Option, int Offer)> Built, List<int> Qualified) Choices()
    {
        var built = build.Where(b => b.Built.SolutionValue() > 0.5).Select(b => (b.Option, b.Offer)).ToList();
        var qualified = qualify.Where(q => q.Value.SolutionValue() > 0.5).Select(q => q.Key).Order().ToList();
        return (built, qualified);
    }
}
