using System.Diagnostics;

namespace Musubi.Engines.Network;

/// <summary>
/// What survives the loss of a set of units: which end items stop, which parts lose how much producing capacity, the
/// maximum monthly output before and after (through a caller-supplied steady-state solver, so this engine stays free
/// of solver libraries), and how soon qualifying surviving alternatives would restore each stopped item.
/// </summary>
public static class Disruption
{
    /// <param name="network">The network.</param>
    /// <param name="removed">Units lost together.</param>
    /// <param name="items">End items to report (part ids); null or empty: every end item.</param>
    /// <param name="maxOutput">Steady-state maximum monthly output of an item given which offers are alive (e.g.
    /// <c>Musubi.Engines.Optimization.SteadyState.MaxOutput</c>); null leaves the output figures empty.</param>
    public static DisruptionResult Analyze(
        SupplyNetwork network,
        IReadOnlyCollection<UnitRef> removed,
        IReadOnlyCollection<string>? items = null,
        Func<bool[], string, double>? maxOutput = null)
    {
        var clock = Stopwatch.StartNew();
        var problems = new List<NetworkProblem>();
        foreach (var unit in removed)
        {
            if (!network.HasUnit(unit))
            {
                problems.Add(new NetworkProblem("remove", "remove", $"no {UnitRef.KindName(unit.Kind)} '{unit.Id}' in the network"));
            }
        }
        var itemIndexes = new List<int>();
        if (items is { Count: > 0 })
        {
            foreach (var id in items)
            {
                var p = network.PartIndex(id);
                if (p < 0)
                {
                    problems.Add(new NetworkProblem("items", "items", $"unknown part '{id}'"));
                }
                else
                {
                    itemIndexes.Add(p);
                }
            }
        }
        else
        {
            itemIndexes.AddRange(Enumerable.Range(0, network.PartCount).Where(p => network.Parts[p].EndItem));
        }
        if (problems.Count > 0)
        {
            throw new NetworkInputException(problems);
        }

        var aliveBefore = new bool[network.OfferCount];
        for (var o = 0; o < aliveBefore.Length; o++)
        {
            aliveBefore[o] = network.Offers[o].Qualified;
        }
        var lost = LostOffers(network, removed);
        var aliveAfter = (bool[])aliveBefore.Clone();
        var offersRemoved = 0;
        for (var o = 0; o < lost.Length; o++)
        {
            if (lost[o])
            {
                offersRemoved++;
                aliveAfter[o] = false;
            }
        }
        var before = Feasibility.Compute(network, aliveBefore);
        var after = Feasibility.Compute(network, aliveAfter);

        var impacts = new List<ItemImpact>(itemIndexes.Count);
        foreach (var p in itemIndexes.Distinct())
        {
            var part = network.Parts[p];
            var producibleBefore = Feasibility.Producible(network, before, p);
            var producibleAfter = Feasibility.Producible(network, after, p);
            int? recovery = producibleAfter ? 0 : null;
            IReadOnlyList<string> qualify = [];
            if (producibleBefore && !producibleAfter)
            {
                (recovery, qualify) = Recovery(network, aliveAfter, lost, p);
            }
            impacts.Add(new ItemImpact(
                part.Id,
                part.Name,
                producibleBefore,
                producibleAfter,
                maxOutput is null ? null : producibleBefore ? maxOutput(aliveBefore, part.Id) : 0,
                maxOutput is null ? null : producibleAfter ? maxOutput(aliveAfter, part.Id) : 0,
                producibleBefore ? recovery : null,
                qualify));
        }

        // Producing capacity per part, before and after.
        var capacityBefore = new double[network.PartCount];
        var capacityAfter = new double[network.PartCount];
        var offersLost = new int[network.PartCount];
        for (var o = 0; o < network.OfferCount; o++)
        {
            var p = network.OfferPart[o];
            if (before[o])
            {
                capacityBefore[p] += network.Offers[o].CapacityPerMonth;
                if (!after[o])
                {
                    offersLost[p]++;
                }
            }
            if (after[o])
            {
                capacityAfter[p] += network.Offers[o].CapacityPerMonth;
            }
        }
        var parts = Enumerable.Range(0, network.PartCount)
            .Where(p => offersLost[p] > 0)
            .Select(p => new PartImpact(
                network.Parts[p].Id,
                network.Parts[p].Name,
                capacityBefore[p],
                capacityAfter[p],
                capacityBefore[p] <= 0 ? 0 : (capacityBefore[p] - capacityAfter[p]) / capacityBefore[p],
                offersLost[p]))
            .OrderByDescending(x => x.LostShare)
            .ThenByDescending(x => x.CapacityBefore - x.CapacityAfter)
            .ThenBy(x => x.PartId, StringComparer.Ordinal)
            .ToList();
        var stats = new NetworkStats(network.OfferCount, network.SourceEdgeCount, network.OfferCount, clock.ElapsedMilliseconds);
        return new DisruptionResult([.. removed.Select(u => u.ToString())], offersRemoved, impacts, parts, stats);
    }

    /// <summary>Offers inside any of the removed units (through the same unit table as the critical-unit analysis).</summary>
    internal static bool[] LostOffers(SupplyNetwork network, IReadOnlyCollection<UnitRef> removed)
    {
        var lost = new bool[network.OfferCount];
        foreach (var kind in removed.Select(u => u.Kind).Distinct())
        {
            var ids = removed.Where(u => u.Kind == kind).Select(u => u.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var (unitOf, units) = network.Units(kind);
            var hit = Array.ConvertAll(units, u => ids.Contains(u.Id));
            for (var o = 0; o < lost.Length; o++)
            {
                lost[o] |= hit[unitOf[o]];
            }
        }
        return lost;
    }

    /// <summary>
    /// The fewest months T such that qualifying every surviving unqualified offer whose qualification takes ≤ T months
    /// makes the item producible again (qualifications run in parallel; more qualified offers never stop anything,
    /// so T is found by binary search over the distinct lead times), and the newly qualified offers the item then
    /// needs (each necessary given the others). (null, []) when no qualification restores it.
    /// </summary>
    private static (int? Months, IReadOnlyList<string> Qualify) Recovery(SupplyNetwork network, bool[] aliveAfter, bool[] lost, int item)
    {
        var candidates = Enumerable.Range(0, network.OfferCount)
            .Where(o => !network.Offers[o].Qualified && !lost[o] && network.Offers[o].QualificationMonths is not null)
            .ToList();
        var months = candidates.Select(o => network.Offers[o].QualificationMonths!.Value).Distinct().Order().ToList();
        if (months.Count == 0 || !Producible(months[^1]))
        {
            return (null, []);
        }
        int lo = 0, hi = months.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (Producible(months[mid]))
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        // Of the offers qualified by then, keep only those the item needs: drop each (slowest first) whose loss the
        // item survives, so every offer listed is necessary given the others.
        var alive = With(months[lo]);
        var used = Feasibility.Upstream(network, Feasibility.Compute(network, alive), item)
            .Where(o => !network.Offers[o].Qualified)
            .OrderByDescending(o => network.Offers[o].QualificationMonths)
            .ThenBy(o => network.Offers[o].Id, StringComparer.Ordinal)
            .ToList();
        var needed = new List<int>();
        foreach (var o in used)
        {
            alive[o] = false;
            if (!Feasibility.Producible(network, Feasibility.Compute(network, alive), item))
            {
                alive[o] = true;
                needed.Add(o);
            }
        }
        return (months[lo], [.. needed.Select(o => network.Offers[o].Id).Order(StringComparer.Ordinal)]);

        bool Producible(int limit) => Feasibility.Producible(network, Feasibility.Compute(network, With(limit)), item);

        bool[] With(int limit)
        {
            var alive = (bool[])aliveAfter.Clone();
            foreach (var o in candidates)
            {
                if (network.Offers[o].QualificationMonths <= limit)
                {
                    alive[o] = true;
                }
            }
            return alive;
        }
    }
}
