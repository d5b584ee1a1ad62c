using System.Diagnostics;
using Google.OrTools.LinearSolver;
using OrConstraint = Google.OrTools.LinearSolver.Constraint;
using OrVariable = Google.OrTools.LinearSolver.Variable;
using Musubi.Engines.Network;

namespace Musubi.Engines.Optimization.Surge;

/// <summary>
/// The time-phased program of docs/engines/surge.md, built as arrays (columns, rows, coefficients) and solved by CLP
/// through its C API (<see cref="ClpLp"/>) for objectives (a) and (b) and (c)'s fixed-choice LP, or loaded into an
/// OR-Tools <see cref="Solver"/>: SCIP for (c), whose expansions and qualifications are all-or-nothing, or another
/// solver by name (GLOP, HiGHS, PDLP). Names are MPS-safe (<c>x_OFFER_MONTH</c> with offer indexes) so the exported
/// model is the solved one.
/// </summary>
internal sealed class SurgeModel : IDisposable
{
    /// <summary>How much of the first solve's total the earliness solve may give up, relative (solver tolerance, not a trade).</summary>
    public const double RefineSlack = 1e-9;

    private readonly SurgeSetup setup;
    private readonly Stopwatch clock;
    private bool maximize;

    // The solver, made at the first solve: CLP's C API, or an OR-Tools solver with one variable per column.
    private ClpLp? clp;
    private Solver? solver;
    private OrVariable[] solverColumns = [];
    private OrConstraint? solverKeep;

    // The columns' lower bounds as built, the bounds and objective the solver has now (keep row last), the last solution.
    private double[] upper = [];
    private double[] columnLower = [];
    private double[] rowLower = [];
    private double[] rowUpper = [];
    private double[] objectiveNow = [];
    private double[] values = [];
    private double[] reducedCosts = [];
    private double objectiveValue;

    /// <summary>A column of the program (its index in <see cref="columns"/>).</summary>
    private sealed class Variable(SurgeModel model, int index)
    {
        public int Index { get; } = index;

        public double SolutionValue() => model.values[Index];

        public double ReducedCost() => model.reducedCosts[Index];

        public double Ub() => model.columns[Index].Upper;
    }

    /// <summary>A row of the program (its index in <see cref="rows"/>).</summary>
    private sealed class Constraint(int index)
    {
        public int Index { get; } = index;
    }

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
    // Refine's row Σ d ≥ total, free until then and not part of the exported model: the last row the solver has.
    private bool keepTotal;

    // The columns outside the pipeline's steady state (docs/engines/surge.md, "Solve"), with their upper bounds; empty
    // when the first solve is not started from the steady state.
    private readonly List<int> outside = [];
    private readonly Support? support;

    private sealed class Support
    {
        public readonly HashSet<int> Producing = [];
        public readonly HashSet<(int Slot, int Source)> Flows = [];
        public readonly HashSet<int> Pooled = [];
        public readonly HashSet<int> FedSlots = [];
    }

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
        var n = setup.Network.OfferCount;
        x = new Variable[n][];
        xFrom = new int[n];
        d = new Variable[n][];
        dFrom = new int[n];
        backlog = new Variable[setup.ItemParts.Length][];
        if (SolverName == "CLP" && setup.Pipeline is { } steady)
        {
            support = new Support();
            foreach (var (o, rate) in steady.Production)
            {
                if (rate > 0)
                {
                    support.Producing.Add(o);
                }
            }
            foreach (var ((slot, source), _) in steady.Flows)
            {
                support.Flows.Add((slot, source));
                support.FedSlots.Add(slot);
                if (setup.IsDefaultSlot(slot))
                {
                    support.Pooled.Add(source);
                }
            }
        }
        Build();
        BuildSeconds = clock.Elapsed.TotalSeconds;
    }

    private const string SurgeComment = "Musubi surge plan: the exact model solved (docs/engines/surge.md)";

    public string SolverName { get; }

    public int Variables => columns.Count;

    public int Constraints => rows.Count;

    public string ExportLp() => MpsWriter.WriteLp(SurgeComment, columns, rows, entries, costs, maximize);

    public void Dispose()
    {
        clp?.Dispose();
        solver?.Dispose();
    }

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
                    vars[t - from] = Outside(NumVar(0, fixedCap, $"x_{o}_{t}"), support?.Producing.Contains(o));
                    continue;
                }
                var xv = Outside(NumVar(0, double.PositiveInfinity, $"x_{o}_{t}"), support?.Producing.Contains(o));
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

        // Coefficients written into rows that more than one input may write into (finished goods, pools), so that an
        // input taken the short way (below) never writes a coefficient twice: such an input goes the long way.
        var written = new HashSet<(int Row, int Column)>();

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
                    written.Add((row.Index, made.Index));
                }
                if (t < to && mayHold)
                {
                    held = Outside(NumVar(0, double.PositiveInfinity, $"h_{o}_{t}"), support is null ? null : false);
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
                    // The short way, for an input with no stock to draw: q · x is taken in the row it would be shipped
                    // from — the part's pool for an input open to any offer of the part, the source's finished goods for
                    // an input with one source this month — not through a row and a column of its own. The same
                    // program (what the input receives beyond q · x would be wasted), with about half the rows on the
                    // issue #2 generator's plans.
                    var from = stockRow is not null ? null : isDefault ? Pool(part, t, sources) : OnlySource(sources, t);
                    if (from is not null && written.Add((from.Index, xc[k].Index)))
                    {
                        Set(from, xc[k], q);
                        continue;
                    }
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
                            var f = Outside(NumVar(0, double.PositiveInfinity, $"p_{s}_{t}"), support?.FedSlots.Contains(s));
                            Set(row, f, -1);
                            Set(pool, f, 1);
                        }
                        continue;
                    }
                    foreach (var src in sources)
                    {
                        if (Fg(src, t) is { } supply)
                        {
                            var f = Outside(NumVar(0, double.PositiveInfinity, $"f_{s}_{src}_{t}"), support?.Flows.Contains((s, src)));
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
            if (senders.Count == 1)
            {
                // One offer sends: its finished-goods row is the pool (usage counts positive in both).
                pool = Fg(senders[0], t)!;
                pools[(part, t)] = pool;
                return pool;
            }
            pool = Row(double.NegativeInfinity, 0, $"pool_{part}_{t}");
            foreach (var src in senders)
            {
                var g = Outside(NumVar(0, double.PositiveInfinity, $"g_{src}_{t}"), support?.Pooled.Contains(src));
                Set(Fg(src, t)!, g, 1);
                Set(pool, g, -1);
            }
            pools[(part, t)] = pool;
            return pool;
        }

        // The finished-goods row of an input's only source in month t, if it has exactly one.
        Constraint? OnlySource(List<int> sources, int t)
        {
            Constraint? only = null;
            foreach (var src in sources)
            {
                if (Fg(src, t) is { } supply)
                {
                    if (only is not null)
                    {
                        return null;
                    }
                    only = supply;
                }
            }
            return only;
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
            maximize = true;
            // Refine's row, free until then: loaded with the model so that the earliness solve changes only bounds
            // and the objective and starts from the first solve's basis.
            keepTotal = deliveries.Count > 0;
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
            maximize = false;
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
            maximize = false;
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
        if (!keepTotal)
        {
            return true;
        }
        var started = Stopwatch.GetTimestamp();
        var T = setup.Months;
        var total = objectiveValue;
        // On the optimal face of the first solve (CLP; see OptimalFace), from its optimal basis, still primal feasible
        // (the keep row's slack is basic), without presolve: on the issue #2 generator's 10,000-offer plan 0.09–0.14 s,
        // against 0.17–0.21 s with the keep row alone, 1.4 s with presolve from scratch, and 0.6–0.9 s through
        // OR-Tools' CLP interface (bench/RESULTS.md, 2026-12-03). The keep row stays: columns whose reduced cost is
        // within the tolerance are free, and the total must not drift by more than the slack.
        var face = clp is { } lp && OptimalFace(lp);
        SetKeep(KeepBound(total));
        SetDeliveryObjective(t => (double)(T - t + 1) / T);
        var status = SolveAll(presolve: false);
        solveSeconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (status == Solver.ResultStatus.OPTIMAL)
        {
            return true;
        }
        // Back to the first model and its solution.
        if (face)
        {
            clp!.SetColumnLower(columnLower);
            clp.SetColumnUpper(upper);
            for (var i = 0; i < rows.Count; i++)
            {
                (rowLower[i], rowUpper[i]) = (rows[i].Lower, rows[i].Upper);
            }
        }
        SetKeep(double.NegativeInfinity);
        SetDeliveryObjective(_ => 1);
        SolveAll(presolve: true);
        return false;
    }

    /// <summary>
    /// Confines the program to the optimal face of the solve just made: by complementary slackness with its duals,
    /// every optimal plan leaves at its bound each column whose reduced cost is not zero, and keeps tight each row
    /// whose dual is not zero. Those columns are fixed and those rows made equalities (beyond CLP's 10⁻⁷ tolerance), so
    /// the earliness solve moves only among the plans that deliver the most. The current plan stays feasible.
    /// </summary>
    private bool OptimalFace(ClpLp lp)
    {
        const double tolerance = 1e-7;
        var lower = (double[])columnLower.Clone();
        var up = (double[])upper.Clone();
        for (var j = 0; j < columns.Count; j++)
        {
            if (Math.Abs(reducedCosts[j]) > tolerance)
            {
                lower[j] = up[j] = Math.Clamp(values[j], columnLower[j], upper[j]);
            }
        }
        var price = lp.RowPrices();
        var activity = lp.RowActivities();
        for (var i = 0; i < rows.Count; i++)
        {
            if (Math.Abs(price[i]) > tolerance)
            {
                rowLower[i] = rowUpper[i] = Math.Clamp(activity[i], rows[i].Lower, rows[i].Upper);
            }
        }
        lp.SetColumnLower(lower);
        lp.SetColumnUpper(up);
        lp.SetRowBounds(rowLower, rowUpper);
        return true;
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

    private Variable NumVar(double lower, double upper, string name)
    {
        var v = new Variable(this, columns.Count);
        columns.Add((name, lower, upper, false));
        return v;
    }

    /// <summary>Notes a column the steady state does not use (<paramref name="used"/> false; null: no steady-state start).</summary>
    private Variable Outside(Variable column, bool? used)
    {
        if (used == false)
        {
            outside.Add(column.Index);
        }
        return column;
    }

    private Variable BoolVar(string name)
    {
        var v = new Variable(this, columns.Count);
        columns.Add((name, 0, 1, true));
        return v;
    }

    private Constraint Row(double lower, double upper, string name)
    {
        var c = new Constraint(rows.Count);
        rows.Add((name, lower, upper));
        return c;
    }

    private void Set(Constraint row, Variable column, double value) => entries.Add((row.Index, column.Index, value));

    private void Obj(Variable column, double value) => costs[column.Index] = value;

    /// <summary>The model as built, in free MPS with every number in round-trip precision (an OBJSENSE section says MAX for a maximization).</summary>
    public string ExportMps() => MpsWriter.Write("surge", SurgeComment, columns, rows, entries, costs, maximize);

    private Variable? X(int o, int t) => x[o] is { } vars && t >= xFrom[o] && t - xFrom[o] < vars.Length ? vars[t - xFrom[o]] : null;

    /// <summary>
    /// How the first solve went when sifted: the columns of its restricted program (those the steady state uses, the
    /// deliveries, the stock draws and the backlogs), its iterations and objective, then the iterations on the whole
    /// model. All zero when the whole model was solved at once.
    /// </summary>
    public (int Restricted, int Iterations, double RestrictedObjective, int Completion) FirstSolve { get; private set; }

    /// <summary>
    /// Solves, with a time limit for the mixed-integer program. An LP solved by CLP with a full pipeline starts from
    /// the pipeline's steady state: first the program restricted to the columns that steady state uses (the others'
    /// upper bounds set to 0; CLP's presolve removes them), then, from that optimum's basis, the whole model by primal
    /// simplex without presolve, which adds whatever column the restriction left out that improves the plan — columns
    /// with a positive reduced cost — and proves the optimum of the whole model (docs/engines/surge.md, "Solve").
    /// </summary>
    public Solver.ResultStatus Solve(out double solveSeconds)
    {
        var started = Stopwatch.GetTimestamp();
        Load();
        Solver.ResultStatus status;
        if (outside.Count > 0)
        {
            (status, var restricted, var restrictedObjective, var completion) = Sifted(outside);
            FirstSolve = (columns.Count - outside.Count, restricted, restrictedObjective, completion);
        }
        else
        {
            status = SolveAll(presolve: true);
        }
        solveSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return status;
    }

    /// <summary>
    /// Solves with the <paramref name="held"/> columns' upper bounds at 0 (CLP's primal simplex with presolve), then
    /// with their bounds back, from that basis, without presolve: the second solve prices the held columns and enters
    /// those that improve the plan, so its optimum is the whole model's. If the restricted program has no optimum (a
    /// target it cannot meet), the whole model is solved from scratch. CLP only.
    /// </summary>
    private (Solver.ResultStatus Status, int Restricted, double RestrictedObjective, int Completion) Sifted(List<int> held)
    {
        var lp = clp!;
        foreach (var j in held)
        {
            upper[j] = 0;
        }
        lp.SetColumnUpper(upper);
        var restricted = lp.Primal(presolve: true);
        var iterations = lp.Iterations;
        var restrictedObjective = restricted == ClpLp.Status.Optimal ? lp.ObjectiveValue : double.NaN;
        foreach (var j in held)
        {
            upper[j] = columns[j].Upper;
        }
        lp.SetColumnUpper(upper);
        var status = Capture(lp.Primal(presolve: restricted != ClpLp.Status.Optimal));
        return (status, iterations, restrictedObjective, lp.Iterations);
    }

    private static double KeepBound(double total) => total - (RefineSlack * Math.Max(1, Math.Abs(total)));

    /// <summary>The program as it stands, solved whole: CLP's primal simplex (with presolve or from the current basis), or the OR-Tools solver.</summary>
    private Solver.ResultStatus SolveAll(bool presolve)
    {
        if (clp is { } lp)
        {
            return Capture(lp.Primal(presolve));
        }
        var status = SolverName is "GLOP" ? solver!.Solve(Primal()) : solver!.Solve();
        if (status is Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE)
        {
            values = [.. solverColumns.Select(v => v.SolutionValue())];
            reducedCosts = SolverName is "SCIP" or "CBC" ? new double[columns.Count] : [.. solverColumns.Select(v => v.ReducedCost())];
            objectiveValue = solver.Objective().Value();
        }
        return status;
    }

    private Solver.ResultStatus Capture(ClpLp.Status status)
    {
        var lp = clp!;
        values = lp.Values();
        reducedCosts = lp.ReducedCosts();
        objectiveValue = lp.ObjectiveValue;
        return status switch
        {
            ClpLp.Status.Optimal => Solver.ResultStatus.OPTIMAL,
            ClpLp.Status.Infeasible => Solver.ResultStatus.INFEASIBLE,
            ClpLp.Status.Unbounded => Solver.ResultStatus.UNBOUNDED,
            _ => Solver.ResultStatus.NOT_SOLVED,
        };
    }

    /// <summary>
    /// Hands the program to its solver, once: the rows as built plus, for the maximizing models, Refine's keep row
    /// (free) last. CLP for the LPs unless another solver was named; the OR-Tools solver otherwise.
    /// </summary>
    private void Load()
    {
        if (clp is not null || solver is not null)
        {
            return;
        }
        var n = columns.Count;
        var m = rows.Count + (keepTotal ? 1 : 0);
        upper = [.. columns.Select(c => c.Upper)];
        columnLower = [.. columns.Select(c => c.Lower)];
        rowLower = new double[m];
        rowUpper = new double[m];
        for (var i = 0; i < rows.Count; i++)
        {
            (rowLower[i], rowUpper[i]) = (rows[i].Lower, rows[i].Upper);
        }
        if (keepTotal)
        {
            (rowLower[m - 1], rowUpper[m - 1]) = (double.NegativeInfinity, double.PositiveInfinity);
        }
        objectiveNow = new double[n];
        foreach (var (j, c) in costs)
        {
            objectiveNow[j] = c;
        }
        values = new double[n];
        reducedCosts = new double[n];
        if (SolverName == "CLP")
        {
            // The matrix by columns.
            var keepEntries = keepTotal ? deliveries.Count : 0;
            var start = new int[n + 1];
            foreach (var (_, column, _) in entries)
            {
                start[column + 1]++;
            }
            foreach (var (v, _) in keepTotal ? deliveries : [])
            {
                start[v.Index + 1]++;
            }
            for (var j = 0; j < n; j++)
            {
                start[j + 1] += start[j];
            }
            var fill = start[..n];
            var index = new int[entries.Count + keepEntries];
            var value = new double[entries.Count + keepEntries];
            foreach (var (row, column, coefficient) in entries)
            {
                index[fill[column]] = row;
                value[fill[column]++] = coefficient;
            }
            foreach (var (v, _) in keepTotal ? deliveries : [])
            {
                index[fill[v.Index]] = m - 1;
                value[fill[v.Index]++] = 1;
            }
            clp = new ClpLp(start, index, value, columnLower, upper, objectiveNow, rowLower, rowUpper, maximize);
            return;
        }
        solver = Solver.CreateSolver(SolverName) ?? throw new InvalidOperationException($"OR-Tools' {SolverName} solver is not available");
        if (SolverName is "SCIP" or "CBC")
        {
            solver.SetTimeLimit(60_000);
        }
        solverColumns = new OrVariable[n];
        for (var j = 0; j < n; j++)
        {
            var (name, lo, up, integer) = columns[j];
            solverColumns[j] = integer ? solver.MakeIntVar(lo, up, name) : solver.MakeNumVar(lo, up, name);
        }
        var constraints = new OrConstraint[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            constraints[i] = solver.MakeConstraint(rows[i].Lower, rows[i].Upper, rows[i].Name);
        }
        foreach (var (row, column, coefficient) in entries)
        {
            constraints[row].SetCoefficient(solverColumns[column], coefficient);
        }
        if (keepTotal)
        {
            solverKeep = solver.MakeConstraint(double.NegativeInfinity, double.PositiveInfinity, "keep_total");
            foreach (var (v, _) in deliveries)
            {
                solverKeep.SetCoefficient(solverColumns[v.Index], 1);
            }
        }
        var objective = solver.Objective();
        foreach (var (j, c) in costs)
        {
            objective.SetCoefficient(solverColumns[j], c);
        }
        if (maximize)
        {
            objective.SetMaximization();
        }
        else
        {
            objective.SetMinimization();
        }
    }

    /// <summary>Refine's keep row: Σ d ≥ <paramref name="lower"/> (−∞: free).</summary>
    private void SetKeep(double lower)
    {
        if (clp is { } lp)
        {
            rowLower[^1] = lower;
            lp.SetRowBounds(rowLower, rowUpper);
        }
        else
        {
            solverKeep!.SetBounds(lower, double.PositiveInfinity);
        }
    }

    /// <summary>The deliveries' objective coefficients by month (the other columns have none in the maximizing models).</summary>
    private void SetDeliveryObjective(Func<int, double> weight)
    {
        foreach (var (v, t) in deliveries)
        {
            objectiveNow[v.Index] = weight(t);
            solver?.Objective().SetCoefficient(solverColumns[v.Index], weight(t));
        }
        clp?.SetObjective(objectiveNow);
    }

    /// <summary>
    /// Primal simplex for GLOP: on these models (many more columns than rows, a feasible start at zero, long degenerate
    /// chains of flows) it takes a fraction of the dual simplex's time — CLP 1.5 s against 4.3 s, GLOP 3.9 s against
    /// 14.4 s on a 500-offer, 40,000-column plan (bench/RESULTS.md). CLP (<see cref="ClpLp"/>) uses primal simplex too.
    /// </summary>
    private static MPSolverParameters Primal()
    {
        var p = new MPSolverParameters();
        p.SetIntegerParam(MPSolverParameters.IntegerParam.LP_ALGORITHM, (int)MPSolverParameters.LpAlgorithmValues.PRIMAL);
        return p;
    }

    public double ObjectiveValue => objectiveValue;

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
