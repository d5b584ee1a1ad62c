using System.Diagnostics;
using Google.OrTools.LinearSolver;
using Musubi.Engines.Network;

namespace Musubi.Engines.Optimization.Surge;

/// <summary>
/// The steady state: one period, no lead times, no inventories — maximize the items' total output a month subject to
/// each offer's capacity (plus extra capacity per offer), each unit consuming its inputs along approved sources (GLOP).
/// Gives the total, per item, each offer's production, and the binding capacities with their value. Production,
/// shipments and use balance exactly (no unit is made that is not consumed or delivered), so each offer's production
/// is what the steady state actually uses of it — the pipeline the time-phased plan starts with.
/// </summary>
internal static class SurgeSteady
{
    public sealed record Result(double Total, double[] PerItem, Dictionary<int, double> Production, List<(int Offer, double Value)> Binding, SurgeModelSize Size)
    {
        /// <summary>Units a month each source sends to each input slot, where positive: (slot, source offer) → quantity; empty unless asked for.</summary>
        public Dictionary<(int Slot, int Source), double> Flows { get; init; } = [];
    }

    /// <param name="net">The network.</param>
    /// <param name="alive">Offers that may produce.</param>
    /// <param name="extra">Extra capacity per offer (expansions taken).</param>
    /// <param name="itemParts">The items' part indexes.</param>
    /// <param name="leastInFlight">Lead months per offer: when given, a second solve keeps the maximum total and, among
    /// the steady states reaching it, takes one with the fewest units in flight (Σ lead·production), so the pipeline a
    /// plan starts with does not depend on which of several equally good source splits the solver returns first.</param>
    /// <param name="withFlows">Also return the flows (<see cref="Result.Flows"/>; the surge benchmark's warm start reads them).</param>
    public static Result Solve(SupplyNetwork net, bool[] alive, double[] extra, int[] itemParts, int[]? leastInFlight = null, bool withFlows = false)
    {
        var feasible = Feasibility.Compute(net, alive);
        var upstream = new HashSet<int>();
        foreach (var p in itemParts)
        {
            upstream.UnionWith(Feasibility.Upstream(net, feasible, p));
        }
        var perItem = new double[itemParts.Length];
        if (upstream.Count == 0)
        {
            return new Result(0, perItem, [], [], new SurgeModelSize(0, 0, "GLOP", 0, 0));
        }
        var started = Stopwatch.GetTimestamp();
        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools' GLOP solver is not available");
        var x = new Dictionary<int, Variable>(upstream.Count);
        var balance = new Dictionary<int, Constraint>(upstream.Count);
        foreach (var o in upstream)
        {
            x[o] = solver.MakeNumVar(0, net.Offers[o].CapacityPerMonth + extra[o], $"x_{o}");
            var c = solver.MakeConstraint(0, 0, $"supply_{o}");
            c.SetCoefficient(x[o], -1);
            balance[o] = c;
        }
        var itemOf = new Dictionary<int, int>();
        for (var i = 0; i < itemParts.Length; i++)
        {
            itemOf[itemParts[i]] = i;
        }
        var deliveries = new List<(Variable Var, int Item)>();
        var flows = new List<(int Slot, int Source, Variable Var)>();
        var pools = new Dictionary<int, (Constraint Row, List<(int Source, Variable Sent)> Senders, List<(int Slot, int Consumer)> Consumers)?>();
        var objective = solver.Objective();
        foreach (var o in upstream)
        {
            if (itemOf.TryGetValue(net.OfferPart[o], out var i))
            {
                var d = solver.MakeNumVar(0, double.PositiveInfinity, $"d_{o}");
                balance[o].SetCoefficient(d, 1);
                objective.SetCoefficient(d, 1);
                deliveries.Add((d, i));
            }
            for (var s = net.SlotStart[o]; s < net.SlotStart[o + 1]; s++)
            {
                // An input open to any offer of its part draws on the part's pool: one row per part, Σ g = Σ q·x over
                // its consumers, and one column per sending offer, instead of a flow per (input, offer) pair — the
                // same program, since every such input of the part may take from every offer of it. A part with no
                // offer that can send goes the long way (its inputs then force x = 0).
                if (net.SourceStart[s] == net.SourceStart[s + 1] && Pool(net.SlotPart[s], s) is { } pool)
                {
                    pool.Row.SetCoefficient(x[o], pool.Row.GetCoefficient(x[o]) - net.SlotQuantity[s]);
                    pool.Consumers.Add((s, o));
                    continue;
                }
                var need = solver.MakeConstraint(0, 0, $"slot_{s}");
                need.SetCoefficient(x[o], -net.SlotQuantity[s]);
                foreach (var src in net.SourcesOf(s))
                {
                    if (!feasible[src] || !balance.TryGetValue(src, out var supply))
                    {
                        continue;
                    }
                    var f = solver.MakeNumVar(0, double.PositiveInfinity, $"f_{s}_{src}");
                    if (withFlows)
                    {
                        flows.Add((s, src, f));
                    }
                    need.SetCoefficient(f, 1);
                    supply.SetCoefficient(f, 1);
                }
            }
        }
        objective.SetMaximization();

        // The pool of a part, made with its senders the first time one of its inputs asks (null: none can send).
        (Constraint Row, List<(int Source, Variable Sent)> Senders, List<(int Slot, int Consumer)> Consumers)? Pool(int part, int slot)
        {
            if (pools.TryGetValue(part, out var made))
            {
                return made;
            }
            var senders = new List<(int, Variable)>();
            Constraint? row = null;
            foreach (var src in net.SourcesOf(slot))
            {
                if (!feasible[src] || !balance.TryGetValue(src, out var supply))
                {
                    continue;
                }
                row ??= solver.MakeConstraint(0, 0, $"pool_{part}");
                var g = solver.MakeNumVar(0, double.PositiveInfinity, $"g_{part}_{src}");
                supply.SetCoefficient(g, 1);
                row.SetCoefficient(g, 1);
                senders.Add((src, g));
            }
            made = row is null ? null : (row, senders, []);
            pools[part] = made;
            return made;
        }
        var build = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var status = solver.Solve();
        var solve = Stopwatch.GetElapsedTime(started).TotalSeconds - build;
        var size = new SurgeModelSize(solver.NumVariables(), solver.NumConstraints(), "GLOP", Round(build), Round(solve));
        if (status != Solver.ResultStatus.OPTIMAL)
        {
            throw new InvalidOperationException($"the steady-state program ended {status}");
        }
        var total = Math.Max(0, objective.Value());
        foreach (var (d, i) in deliveries)
        {
            perItem[i] += d.SolutionValue();
        }
        var binding = new List<(int, double)>();
        foreach (var (o, v) in x)
        {
            if (v.SolutionValue() >= v.Ub() - 1e-7 && v.ReducedCost() > 1e-6)
            {
                binding.Add((o, v.ReducedCost()));
            }
        }
        if (leastInFlight is not null && total > 0)
        {
            // Keep each item's rate; then the fewest units in flight.
            for (var i = 0; i < itemParts.Length; i++)
            {
                var keep = solver.MakeConstraint(perItem[i] - (1e-9 * Math.Max(1, perItem[i])), double.PositiveInfinity, $"keep_{i}");
                foreach (var (d, item) in deliveries)
                {
                    if (item == i)
                    {
                        keep.SetCoefficient(d, 1);
                    }
                }
            }
            objective.Clear();
            foreach (var (o, v) in x)
            {
                objective.SetCoefficient(v, leastInFlight[o]);
            }
            objective.SetMinimization();
            // From scratch, by primal simplex with GLOP's presolve: on the issue #2 generator's 10,000-offer package
            // 1,129 iterations and 0.15 s, against 5,600–6,000 iterations and 0.3–0.45 s from the first solve's basis
            // (GLOP's default or dual simplex; bench/RESULTS.md, 2026-12-03).
            solver.Reset();
            var primal = new MPSolverParameters();
            primal.SetIntegerParam(MPSolverParameters.IntegerParam.LP_ALGORITHM, (int)MPSolverParameters.LpAlgorithmValues.PRIMAL);
            if (solver.Solve(primal) != Solver.ResultStatus.OPTIMAL)
            {
                throw new InvalidOperationException("the least-in-flight steady state did not solve");
            }
        }
        var production = new Dictionary<int, double>(x.Count);
        foreach (var (o, v) in x)
        {
            production[o] = v.SolutionValue();
        }
        var sent = new Dictionary<(int Slot, int Source), double>();
        foreach (var (slot, src, f) in flows)
        {
            if (f.SolutionValue() > 0)
            {
                sent[(slot, src)] = f.SolutionValue();
            }
        }
        // A pool's flows, split in proportion to what each offer sends: one flow decomposition among the equal ones.
        foreach (var pool in pools.Values)
        {
            if (!withFlows || pool is not { } made)
            {
                continue;
            }
            var (_, senders, consumers) = made;
            var pooledTotal = senders.Sum(g => Math.Max(0, g.Sent.SolutionValue()));
            foreach (var (slot, consumer) in pooledTotal > 0 ? consumers : [])
            {
                var taken = net.SlotQuantity[slot] * x[consumer].SolutionValue();
                foreach (var (src, g) in senders)
                {
                    var quantity = taken * Math.Max(0, g.SolutionValue()) / pooledTotal;
                    if (quantity > 0)
                    {
                        sent[(slot, src)] = quantity;
                    }
                }
            }
        }
        return new Result(total, perItem, production, binding, size) { Flows = sent };
    }

    private static double Round(double value) => Math.Round(value, 6) + 0.0;
}

