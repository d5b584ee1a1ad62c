using System.Diagnostics;

namespace Musubi.Engines.Network;

/// <summary>One link of the chain that explains why a unit is critical: a part, the offer used for it, and how many producing sources it has.</summary>
public sealed record CriticalStep(string PartId, string PartName, string OfferId, string FacilityId, string OrganizationId, int ProducingSources, string Text);

/// <summary>A unit whose single loss makes the item unproducible, with the capacity it holds upstream of the item and the chain that explains it.</summary>
public sealed record CriticalUnit(string Unit, string Name, string Country, double CapacityPerMonth, IReadOnlyList<CriticalStep> Why);

/// <summary>Two units whose joint loss makes the item unproducible while neither alone does.</summary>
public sealed record CriticalPair(string First, string FirstName, string Second, string SecondName, double CapacityPerMonth);

/// <summary>Size of the network analyzed and the time it took.</summary>
public sealed record NetworkStats(int Offers, long Edges, int UpstreamOffers, long Millis);

/// <summary>The answer to "which single unit can stop this item".</summary>
public sealed record CriticalResult(
    string Item,
    bool Producible,
    string Unit,
    IReadOnlyList<CriticalUnit> Critical,
    IReadOnlyList<IReadOnlyList<string>> Cycles,
    NetworkStats Stats);

/// <summary>The answer to "which two units together can stop this item".</summary>
public sealed record CriticalPairsResult(
    string Item,
    bool Producible,
    string Unit,
    int CandidatesExamined,
    IReadOnlyList<CriticalPair> Pairs,
    NetworkStats Stats);

/// <summary>
/// Exact single points of failure of an AND/OR supply network.
/// <para>
/// For every producing offer o, D(o) is the set of units whose loss stops o: D(o) = {unit(o)} ∪ ⋃ D(slot) over its
/// input slots, and D(slot) = ⋂ D(source) over the slot's producing sources. The true sets satisfy these equations
/// (feasibility is a least fixpoint, and a least fixpoint satisfies its own equations), and the greatest solution
/// below "every unit" is exactly the true one: if o still produces without unit U, induction over the derivation that
/// produces it shows U is not in the greatest solution either. So the sets are computed by iterating down from "every
/// unit": once per offer in an order where sources come first (strongly connected components of the
/// offer → source graph, in Tarjan's order), and to a fixpoint inside each cycle. The item's critical units are
/// ⋂ D(o) over its producing offers. Only offers upstream of the item are visited.
/// </para>
/// </summary>
public static class CriticalUnits
{
    public static CriticalResult Find(SupplyNetwork network, string itemPartId, UnitKind kind)
    {
        var clock = Stopwatch.StartNew();
        var item = RequirePart(network, itemPartId);
        var (unitOf, units) = network.Units(kind);
        var feasible = Feasibility.Compute(network);
        var cycles = Cycles(network, item);
        var run = new Solver(network, unitOf, units.Length);
        var critical = run.Solve(item, feasible, out var upstream);
        if (critical is null)
        {
            return new CriticalResult(itemPartId, false, UnitRef.KindName(kind), [], cycles, Stats(network, upstream, clock));
        }
        var capacity = CapacityByUnit(network, unitOf, units.Length, upstream);
        var list = critical
            .Select(u => new CriticalUnit(units[u].ToString(), UnitName(network, units[u]), UnitCountry(network, units[u]), capacity[u], run.Explain(item, feasible, u)))
            .OrderBy(c => c.Why.Count)
            .ThenBy(c => c.Unit, StringComparer.Ordinal)
            .ToList();
        return new CriticalResult(itemPartId, true, UnitRef.KindName(kind), list, cycles, Stats(network, upstream, clock));
    }

    /// <summary>
    /// Pairs of units whose joint loss stops the item, neither critical alone: for each unit U upstream of the item
    /// (not itself critical), the units critical once U is lost. Ranked by the capacity the two hold upstream of the
    /// item; <paramref name="top"/> pairs are returned. O(units upstream × upstream network).
    /// </summary>
    public static CriticalPairsResult Pairs(SupplyNetwork network, string itemPartId, UnitKind kind, int top = 20)
    {
        var clock = Stopwatch.StartNew();
        var item = RequirePart(network, itemPartId);
        var (unitOf, units) = network.Units(kind);
        var feasible = Feasibility.Compute(network);
        var run = new Solver(network, unitOf, units.Length);
        var single = run.Solve(item, feasible, out var upstream);
        if (single is null)
        {
            return new CriticalPairsResult(itemPartId, false, UnitRef.KindName(kind), 0, [], Stats(network, upstream, clock));
        }
        var capacity = CapacityByUnit(network, unitOf, units.Length, upstream);
        var isCritical = new bool[units.Length];
        foreach (var u in single)
        {
            isCritical[u] = true;
        }
        var candidates = upstream.Select(o => unitOf[o]).Distinct().Where(u => !isCritical[u]).Order().ToList();
        var pairs = new HashSet<(int, int)>();
        foreach (var u in candidates)
        {
            var alive = new bool[network.OfferCount];
            for (var o = 0; o < alive.Length; o++)
            {
                alive[o] = network.Offers[o].Qualified && unitOf[o] != u;
            }
            var without = Feasibility.Compute(network, alive);
            var more = run.Solve(item, without, out _);
            if (more is null)
            {
                continue; // cannot happen: u is not critical
            }
            foreach (var v in more)
            {
                if (v != u && !isCritical[v])
                {
                    pairs.Add((Math.Min(u, v), Math.Max(u, v)));
                }
            }
        }
        var ranked = pairs
            .Select(p => string.CompareOrdinal(units[p.Item1].ToString(), units[p.Item2].ToString()) < 0 ? p : (p.Item2, p.Item1))
            .Select(p => new CriticalPair(units[p.Item1].ToString(), UnitName(network, units[p.Item1]), units[p.Item2].ToString(), UnitName(network, units[p.Item2]), capacity[p.Item1] + capacity[p.Item2]))
            .OrderByDescending(p => p.CapacityPerMonth)
            .ThenBy(p => p.First, StringComparer.Ordinal)
            .ThenBy(p => p.Second, StringComparer.Ordinal)
            .Take(Math.Max(0, top))
            .ToList();
        return new CriticalPairsResult(itemPartId, true, UnitRef.KindName(kind), candidates.Count, ranked, Stats(network, upstream, clock));
    }

    internal static int RequirePart(SupplyNetwork network, string partId)
    {
        var item = network.PartIndex(partId);
        return item >= 0 ? item : throw new NetworkInputException([new NetworkProblem("item", "item", $"unknown part '{partId}'")]);
    }

    private static NetworkStats Stats(SupplyNetwork network, List<int> upstream, Stopwatch clock) =>
        new(network.OfferCount, network.SourceEdgeCount, upstream.Count, clock.ElapsedMilliseconds);

    private static double[] CapacityByUnit(SupplyNetwork network, int[] unitOf, int unitCount, List<int> upstream)
    {
        var capacity = new double[unitCount];
        foreach (var o in upstream)
        {
            capacity[unitOf[o]] += network.Offers[o].CapacityPerMonth;
        }
        return capacity;
    }

    internal static string UnitName(SupplyNetwork network, UnitRef unit)
    {
        switch (unit.Kind)
        {
            case UnitKind.Offer:
                var offer = network.Offers[network.OfferIndex(unit.Id)];
                return $"{network.Parts[network.PartIndex(offer.PartId)].Name} at {network.Facility(offer.FacilityId).Name}";
            case UnitKind.Facility:
                return network.Facility(unit.Id).Name;
            case UnitKind.Organization:
                return network.Organization(unit.Id).Name;
            default:
                return unit.Id;
        }
    }

    internal static string UnitCountry(SupplyNetwork network, UnitRef unit) => unit.Kind switch
    {
        UnitKind.Offer => network.Facility(network.Offers[network.OfferIndex(unit.Id)].FacilityId).Country,
        UnitKind.Facility => network.Facility(unit.Id).Country,
        UnitKind.Organization => network.Organization(unit.Id).Country,
        UnitKind.Country => unit.Id,
        _ => unit.Id.Split('-')[0],
    };

    /// <summary>Bill-of-materials cycles among the parts the item needs (any offer, produced or not), each as its parts in a cycle order.</summary>
    internal static List<IReadOnlyList<string>> Cycles(SupplyNetwork network, int item)
    {
        // Part graph: part → input parts of any of its offers, restricted to what the item reaches.
        var reach = new List<int>();
        var local = new Dictionary<int, int>();
        var stack = new Stack<int>();
        stack.Push(item);
        local[item] = 0;
        reach.Add(item);
        while (stack.TryPop(out var p))
        {
            foreach (var q in InputParts(network, p))
            {
                if (local.TryAdd(q, reach.Count))
                {
                    reach.Add(q);
                    stack.Push(q);
                }
            }
        }
        var sccs = Tarjan(reach.Count, v => InputParts(network, reach[v]).Select(q => local[q]));
        var result = new List<IReadOnlyList<string>>();
        foreach (var scc in sccs)
        {
            var selfLoop = scc.Count == 1 && InputParts(network, reach[scc[0]]).Contains(reach[scc[0]]);
            if (scc.Count > 1 || selfLoop)
            {
                result.Add(CycleOrder(network, scc.Select(v => reach[v]).ToHashSet()));
            }
        }
        return result;
    }

    private static IEnumerable<int> InputParts(SupplyNetwork network, int part)
    {
        var seen = new HashSet<int>();
        for (var i = network.PartOfferStart[part]; i < network.PartOfferStart[part + 1]; i++)
        {
            var o = network.PartOffer[i];
            for (var s = network.SlotStart[o]; s < network.SlotStart[o + 1]; s++)
            {
                if (seen.Add(network.SlotPart[s]))
                {
                    yield return network.SlotPart[s];
                }
            }
        }
    }

    /// <summary>A closed walk through the component starting at its smallest part id: p → … → p (the start repeated at the end).</summary>
    private static List<string> CycleOrder(SupplyNetwork network, HashSet<int> component)
    {
        var start = component.MinBy(p => network.Parts[p].Id, StringComparer.Ordinal);
        // Shortest path from start back to start within the component (BFS).
        var previous = new Dictionary<int, int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        var end = -1;
        while (queue.TryDequeue(out var p) && end < 0)
        {
            foreach (var q in InputParts(network, p).Where(component.Contains).OrderBy(q => network.Parts[q].Id, StringComparer.Ordinal))
            {
                if (q == start)
                {
                    end = p;
                    break;
                }
                if (previous.TryAdd(q, p))
                {
                    queue.Enqueue(q);
                }
            }
        }
        var path = new List<string> { network.Parts[start].Id };
        var back = new List<string>();
        for (var p = end; p != start && p >= 0; p = previous[p])
        {
            back.Add(network.Parts[p].Id);
        }
        back.Reverse();
        path.AddRange(back);
        path.Add(network.Parts[start].Id);
        return path;
    }

    /// <summary>Tarjan's strongly connected components, iterative; components come out sinks first.</summary>
    internal static List<List<int>> Tarjan(int count, Func<int, IEnumerable<int>> next)
    {
        var index = new int[count];
        var low = new int[count];
        var onStack = new bool[count];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var result = new List<List<int>>();
        var counter = 0;
        var work = new Stack<(int V, IEnumerator<int> Edges)>();
        for (var root = 0; root < count; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack[root] = true;
            work.Push((root, next(root).GetEnumerator()));
            while (work.Count > 0)
            {
                var (v, edges) = work.Peek();
                if (edges.MoveNext())
                {
                    var w = edges.Current;
                    if (index[w] < 0)
                    {
                        index[w] = low[w] = counter++;
                        stack.Push(w);
                        onStack[w] = true;
                        work.Push((w, next(w).GetEnumerator()));
                    }
                    else if (onStack[w])
                    {
                        low[v] = Math.Min(low[v], index[w]);
                    }
                    continue;
                }
                work.Pop();
                edges.Dispose();
                if (work.Count > 0)
                {
                    var parent = work.Peek().V;
                    low[parent] = Math.Min(low[parent], low[v]);
                }
                if (low[v] == index[v])
                {
                    var component = new List<int>();
                    int w;
                    do
                    {
                        w = stack.Pop();
                        onStack[w] = false;
                        component.Add(w);
                    }
                    while (w != v);
                    result.Add(component);
                }
            }
        }
        return result;
    }

    /// <summary>The set computation over one network and unit level; reusable across feasibility vectors (for pairs).</summary>
    private sealed class Solver(SupplyNetwork network, int[] unitOf, int unitCount)
    {
        private readonly int[] stamp = new int[unitCount];
        private readonly List<int> buffer = [];
        private int epoch;
        private int[]?[] sets = [];
        private int[] localOf = [];

        /// <summary>The item's critical units (sorted unit ids), or null when it is not producible; <paramref name="upstream"/> gets the producing offers it depends on.</summary>
        public int[]? Solve(int item, bool[] feasible, out List<int> upstream)
        {
            upstream = Upstream(item, feasible);
            if (upstream.Count == 0)
            {
                return null;
            }
            if (localOf.Length != network.OfferCount)
            {
                localOf = new int[network.OfferCount];
            }
            for (var i = 0; i < upstream.Count; i++)
            {
                localOf[upstream[i]] = i;
            }
            sets = new int[]?[upstream.Count];
            var up = upstream;
            var components = Tarjan(up.Count, v => ProducingSources(up[v], feasible).Select(src => localOf[src]));
            foreach (var component in components)
            {
                var o = up[component[0]];
                var cyclic = component.Count > 1 || ProducingSources(o, feasible).Contains(o);
                if (!cyclic)
                {
                    sets[component[0]] = Compute(o, feasible);
                    continue;
                }
                // Inside a cycle: iterate down from "every unit" (null) to the fixpoint.
                var changed = true;
                while (changed)
                {
                    changed = false;
                    foreach (var v in component)
                    {
                        var next = Compute(up[v], feasible);
                        if (!SameSet(next, sets[v]))
                        {
                            sets[v] = next;
                            changed = true;
                        }
                    }
                }
            }
            int[]? result = null;
            var any = false;
            for (var i = network.PartOfferStart[item]; i < network.PartOfferStart[item + 1]; i++)
            {
                var o = network.PartOffer[i];
                if (feasible[o])
                {
                    result = any ? Intersect(result, sets[localOf[o]]) : sets[localOf[o]];
                    any = true;
                }
            }
            return result ?? [];
        }

        /// <summary>The chain from the item down to where unit <paramref name="unit"/> is the only way left.</summary>
        public List<CriticalStep> Explain(int item, bool[] feasible, int unit)
        {
            var steps = new List<CriticalStep>();
            var part = item;
            var producing = ProducingOffers(part, feasible);
            var visited = new HashSet<int>();
            var offer = producing.First(o => Contains(sets[localOf[o]], unit));
            while (visited.Add(offer))
            {
                var f = network.Facilities[network.OfferFacility[offer]];
                var p = network.Parts[part];
                if (unitOf[offer] == unit)
                {
                    steps.Add(new CriticalStep(p.Id, p.Name, network.Offers[offer].Id, f.Id, f.OrganizationId, producing.Count,
                        producing.Count == 1
                            ? $"{p.Name} ({p.Id}) has one producing source: offer {network.Offers[offer].Id} at {f.Name} ({f.OrganizationId}, {f.Country}), in this unit"
                            : $"each of the {producing.Count} producing sources of {p.Name} ({p.Id}) depends on this unit; offer {network.Offers[offer].Id} at {f.Name} ({f.OrganizationId}, {f.Country}) is in it"));
                    break;
                }
                var slot = -1;
                for (var s = network.SlotStart[offer]; s < network.SlotStart[offer + 1]; s++)
                {
                    if (SlotContains(s, feasible, unit))
                    {
                        slot = s;
                        break;
                    }
                }
                steps.Add(new CriticalStep(p.Id, p.Name, network.Offers[offer].Id, f.Id, f.OrganizationId, producing.Count,
                    $"{p.Name} ({p.Id}): {(producing.Count == 1 ? "its only producing source" : $"each of its {producing.Count} producing sources, e.g.")} offer {network.Offers[offer].Id} at {f.Name} needs {network.Parts[network.SlotPart[slot]].Name} ({network.Parts[network.SlotPart[slot]].Id})"));
                part = network.SlotPart[slot];
                producing = [.. ProducingSources(offer, slot, feasible)];
                offer = producing.First(o => Contains(sets[localOf[o]], unit));
            }
            return steps;
        }

        private List<int> ProducingOffers(int part, bool[] feasible)
        {
            var list = new List<int>();
            for (var i = network.PartOfferStart[part]; i < network.PartOfferStart[part + 1]; i++)
            {
                if (feasible[network.PartOffer[i]])
                {
                    list.Add(network.PartOffer[i]);
                }
            }
            return list;
        }

        private bool SlotContains(int slot, bool[] feasible, int unit)
        {
            foreach (var src in network.SourcesOf(slot))
            {
                if (feasible[src] && !Contains(sets[localOf[src]], unit))
                {
                    return false;
                }
            }
            return true;
        }

        private List<int> Upstream(int item, bool[] feasible)
        {
            var list = new List<int>();
            var seen = new HashSet<int>();
            var stack = new Stack<int>();
            foreach (var o in ProducingOffers(item, feasible))
            {
                seen.Add(o);
                stack.Push(o);
            }
            while (stack.TryPop(out var o))
            {
                list.Add(o);
                foreach (var src in ProducingSources(o, feasible))
                {
                    if (seen.Add(src))
                    {
                        stack.Push(src);
                    }
                }
            }
            return list;
        }

        private IEnumerable<int> ProducingSources(int offer, bool[] feasible)
        {
            for (var s = network.SlotStart[offer]; s < network.SlotStart[offer + 1]; s++)
            {
                foreach (var src in ProducingSources(offer, s, feasible))
                {
                    yield return src;
                }
            }
        }

        private List<int> ProducingSources(int offer, int slot, bool[] feasible)
        {
            _ = offer;
            var list = new List<int>();
            foreach (var src in network.SourcesOf(slot))
            {
                if (feasible[src])
                {
                    list.Add(src);
                }
            }
            return list;
        }

        /// <summary>D(o) = {unit(o)} ∪ ⋃ over slots of ⋂ over producing sources; null ("every unit") while a slot has only unknown sources.</summary>
        private int[]? Compute(int offer, bool[] feasible)
        {
            epoch++;
            buffer.Clear();
            Add(unitOf[offer]);
            for (var s = network.SlotStart[offer]; s < network.SlotStart[offer + 1]; s++)
            {
                int[]? slotSet = null;
                var known = false;
                foreach (var src in network.SourcesOf(s))
                {
                    if (!feasible[src] || sets[localOf[src]] is not { } d)
                    {
                        continue;
                    }
                    slotSet = known ? Intersect(slotSet, d) : d;
                    known = true;
                    if (slotSet!.Length == 0)
                    {
                        break;
                    }
                }
                if (!known)
                {
                    return null;
                }
                foreach (var u in slotSet!)
                {
                    Add(u);
                }
            }
            var result = buffer.ToArray();
            Array.Sort(result);
            return result;

            void Add(int u)
            {
                if (stamp[u] != epoch)
                {
                    stamp[u] = epoch;
                    buffer.Add(u);
                }
            }
        }

        private static int[]? Intersect(int[]? a, int[]? b)
        {
            if (a is null)
            {
                return b;
            }
            if (b is null)
            {
                return a;
            }
            var result = new List<int>(Math.Min(a.Length, b.Length));
            int i = 0, j = 0;
            while (i < a.Length && j < b.Length)
            {
                if (a[i] == b[j])
                {
                    result.Add(a[i]);
                    i++;
                    j++;
                }
                else if (a[i] < b[j])
                {
                    i++;
                }
                else
                {
                    j++;
                }
            }
            return result.Count == a.Length ? a : result.Count == b.Length ? b : [.. result];
        }

        private static bool Contains(int[]? set, int unit) => set is null || Array.BinarySearch(set, unit) >= 0;

        private static bool SameSet(int[]? a, int[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
    }
}
