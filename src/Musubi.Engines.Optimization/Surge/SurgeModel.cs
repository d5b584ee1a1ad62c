using System.Diagnostics;
using Google.OrTools.LinearSolver;

namespace Musubi.Engines.Optimization.Surge;

/// <summary>
/// The time-phased program of docs/engines/surge.md built into an OR-Tools <see cref="Solver"/>: GLOP for objectives
/// (a) and (b), SCIP for (c), whose expansions and qualifications are all-or-nothing. Names are MPS-safe
/// (<c>x_OFFER_MONTH</c> with offer indexes) so the exported model is the solved one.
/// </summary>
internal sealed class SurgeModel : IDisposable
{
    /// <summary>Weight of earliness in objective (a): w(t) = 1 + EarlyWeight·(T − t)/T.</summary>
    public const double EarlyWeight = 1e-4;

    /// <summary>Reward per end item delivered in objective (c), so that the plan delivers what it can besides meeting the target: far below a dollar over any plan.</summary>
    public const double CostTieBreak = 1e-6;

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

    public double BuildSeconds { get; }

    public SurgeModel(SurgeSetup setup, string? solverName = null)
    {
        clock = Stopwatch.StartNew();
        this.setup = setup;
        var mip = setup.Request.Objective == SurgeObjective.MinCost && (setup.Candidates.Count > 0 || setup.Expansions.Count > 0);
        SolverName = solverName ?? (mip ? "SCIP" : "GLOP");
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

    public string SolverName { get; }

    public int Variables => solver.NumVariables();

    public int Constraints => solver.NumConstraints();

    public string ExportMps() => solver.ExportModelAsMpsFormat(false, false);

    public string ExportLp() => solver.ExportModelAsLpFormat(false);

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
        if (setup.ExpansionsAreChoices)
        {
            foreach (var o in setup.Candidates.Where(o => setup.InModel[o]))
            {
                qualify[o] = solver.MakeBoolVar($"z_{o}");
            }
        }
        var expansionsOf = new Dictionary<int, List<(SurgeExpansion Option, Variable? Built)>>();
        var e = 0;
        foreach (var (option, o) in setup.Expansions)
        {
            e++;
            if (!setup.InModel[o])
            {
                continue;
            }
            Variable? y = null;
            if (setup.ExpansionsAreChoices)
            {
                y = solver.MakeBoolVar($"y_{e}");
                build.Add((option, o, y));
                if (qualify.TryGetValue(o, out var z))
                {
                    // An expansion of an offer that is not qualified makes nothing: y ≤ z.
                    var c = solver.MakeConstraint(double.NegativeInfinity, 0, $"yz_{e}");
                    c.SetCoefficient(y, 1);
                    c.SetCoefficient(z, -1);
                }
            }
            if (!expansionsOf.TryGetValue(o, out var list))
            {
                expansionsOf[o] = list = [];
            }
            list.Add((option, y));
        }

        // Production and capacity.
        foreach (var o in setup.ModelOffers)
        {
            var (from, to) = setup.ProductionWindow(o);
            if (to < from)
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
                    vars[t - from] = solver.MakeNumVar(0, fixedCap, $"x_{o}_{t}");
                    continue;
                }
                var xv = solver.MakeNumVar(0, double.PositiveInfinity, $"x_{o}_{t}");
                var row = solver.MakeConstraint(double.NegativeInfinity, fixedCap, $"cap_{o}_{t}");
                row.SetCoefficient(xv, 1);
                if (zo is not null)
                {
                    row.SetCoefficient(zo, -cap);
                }
                foreach (var (option, y) in options ?? [])
                {
                    if (y is not null && option.MonthsUntilAvailable + 1 <= t)
                    {
                        row.SetCoefficient(y, -option.ExtraPerMonth);
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
                var row = solver.MakeConstraint(double.NegativeInfinity, arriving, $"fg_{o}_{t}");
                if (held is not null)
                {
                    row.SetCoefficient(held, -1);
                }
                if (X(o, t - setup.Lead[o]) is { } made)
                {
                    row.SetCoefficient(made, -1);
                }
                if (t < to && mayHold)
                {
                    held = solver.MakeNumVar(0, double.PositiveInfinity, $"h_{o}_{t}");
                    row.SetCoefficient(held, 1);
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
                    stockRows[stockKey] = stockRow = solver.MakeConstraint(double.NegativeInfinity, stock, $"stock_{part}_{net.OfferFacility[c]}");
                }
                for (var k = 0; k < xc.Length; k++)
                {
                    var t = xFrom[c] + k;
                    var row = solver.MakeConstraint(double.NegativeInfinity, 0, $"in_{s}_{t}");
                    row.SetCoefficient(xc[k], q);
                    if (stockRow is not null)
                    {
                        var draw = solver.MakeNumVar(0, double.PositiveInfinity, $"k_{s}_{t}");
                        row.SetCoefficient(draw, -1);
                        stockRow.SetCoefficient(draw, 1);
                    }
                    if (isDefault)
                    {
                        var pool = Pool(part, t, sources);
                        if (pool is not null)
                        {
                            var f = solver.MakeNumVar(0, double.PositiveInfinity, $"p_{s}_{t}");
                            row.SetCoefficient(f, -1);
                            pool.SetCoefficient(f, 1);
                        }
                        continue;
                    }
                    foreach (var src in sources)
                    {
                        if (Fg(src, t) is { } supply)
                        {
                            var f = solver.MakeNumVar(0, double.PositiveInfinity, $"f_{s}_{src}_{t}");
                            row.SetCoefficient(f, -1);
                            supply.SetCoefficient(f, 1);
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
            pool = solver.MakeConstraint(double.NegativeInfinity, 0, $"pool_{part}_{t}");
            foreach (var src in senders)
            {
                var g = solver.MakeNumVar(0, double.PositiveInfinity, $"g_{src}_{t}");
                Fg(src, t)!.SetCoefficient(g, 1);
                pool.SetCoefficient(g, -1);
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
                var dv = solver.MakeNumVar(0, double.PositiveInfinity, $"d_{o}_{t}");
                Fg(o, t)!.SetCoefficient(dv, 1);
                vars[t - from] = dv;
                delivered[t].Add((dv, isItemOffer[o], t));
            }
            d[o] = vars;
            dFrom[o] = from;
        }

        var objective = solver.Objective();
        switch (request.Objective)
        {
            case SurgeObjective.MaxDeliveries:
                for (var t = 1; t <= T; t++)
                {
                    foreach (var (v, _, _) in delivered[t])
                    {
                        objective.SetCoefficient(v, 1 + (EarlyWeight * (T - t) / T));
                    }
                }
                objective.SetMaximization();
                break;
            case SurgeObjective.MinShortfall:
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
                        b[t] = solver.MakeNumVar(0, double.PositiveInfinity, $"b_{i}_{t}");
                        objective.SetCoefficient(b[t], setup.DemandWeight[i]);
                        var row = solver.MakeConstraint(setup.Demand[i][t], double.PositiveInfinity, $"bl_{i}_{t}");
                        row.SetCoefficient(b[t], 1);
                        if (b[t - 1] is { } previous)
                        {
                            row.SetCoefficient(previous, -1);
                        }
                        foreach (var (v, item, _) in delivered[t])
                        {
                            if (item == i)
                            {
                                row.SetCoefficient(v, 1);
                            }
                        }
                    }
                    backlog[i] = b;
                }
                objective.SetMinimization();
                break;
            case SurgeObjective.MinCost:
                var rate = request.TargetRate!.Value;
                for (var i = 0; i < setup.ItemParts.Length; i++)
                {
                    for (var t = request.ByMonth!.Value; t <= T; t++)
                    {
                        var row = solver.MakeConstraint(rate, double.PositiveInfinity, $"target_{i}_{t}");
                        foreach (var (v, item, _) in delivered[t])
                        {
                            if (item == i)
                            {
                                row.SetCoefficient(v, 1);
                            }
                        }
                    }
                }
                for (var t = 1; t <= T; t++)
                {
                    foreach (var (v, _, _) in delivered[t])
                    {
                        objective.SetCoefficient(v, -CostTieBreak * (1 + (EarlyWeight * (T - t) / T)));
                    }
                }
                foreach (var (o, z) in qualify)
                {
                    objective.SetCoefficient(z, setup.Network.Offers[o].QualificationCostUsd!.Value);
                }
                foreach (var (option, _, y) in build)
                {
                    objective.SetCoefficient(y, option.CostUsd);
                }
                objective.SetMinimization();
                break;
        }
    }

    private Variable? X(int o, int t) => x[o] is { } vars && t >= xFrom[o] && t - xFrom[o] < vars.Length ? vars[t - xFrom[o]] : null;

    /// <summary>Solves, with a time limit for the mixed-integer program.</summary>
    public Solver.ResultStatus Solve(out double solveSeconds)
    {
        var started = Stopwatch.GetTimestamp();
        if (SolverName is "SCIP" or "CBC")
        {
            solver.SetTimeLimit(60_000);
        }
        var status = solver.Solve();
        solveSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return status;
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
        var sign = setup.Request.Objective == SurgeObjective.MaxDeliveries ? 1 : -1;
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
