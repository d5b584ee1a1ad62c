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

    /// <summary>Bill-of-materials cycles among the parts the item needs (any offer, produced or not), each as a closed walk of part ids.</summary>
    internal static List<IReadOnlyList<string>> Cycles(SupplyNetwork network, int item)
    {
        // The part graph (part → input parts of any of its offers) as CSR over the parts the item reaches.
        var local = new int[network.PartCount];
        Array.Fill(local, -1);
        var order = new List<int> { item };
        local[item] = 0;
        var seenFrom = new int[network.PartCount];
        var at = new List<int> { 0 };
        var adjacent = new List<int>();
        for (var head = 0; head < order.Count; head++)
        {
            var p = order[head];
            for (var i = network.PartOfferStart[p]; i < network.PartOfferStart[p + 1]; i++)
            {
                var o = network.PartOffer[i];
                for (var s = network.SlotStart[o]; s < network.SlotStart[o + 1]; s++)
                {
                    var q = network.SlotPart[s];
                    if (seenFrom[q] == head + 1)
                    {
                        continue;
                    }
                    seenFrom[q] = head + 1;
                    if (local[q] < 0)
                    {
                        local[q] = order.Count;
                        order.Add(q);
                    }
                    adjacent.Add(local[q]);
                }
            }
            at.Add(adjacent.Count);
        }
        var edges = adjacent.ToArray();
        var starts = at.ToArray();
        var (components, componentAt) = TarjanFlat(order.Count, v => starts[v], v => starts[v + 1], edges);
        var result = new List<IReadOnlyList<string>>();
        for (var c = 0; c + 1 < componentAt.Length; c++)
        {
            var v0 = components[componentAt[c]];
            var size = componentAt[c + 1] - componentAt[c];
            if (size > 1 || edges.AsSpan(starts[v0], starts[v0 + 1] - starts[v0]).Contains(v0))
            {
                var members = components.AsSpan(componentAt[c], size).ToArray().ToHashSet();
                result.Add(CycleOrder(network, order, members, v => edges.AsSpan(starts[v], starts[v + 1] - starts[v]).ToArray()));
            }
        }
        return result;
    }

    /// <summary>A closed walk through the component from its smallest part id back to it: p → … → p (shortest, by BFS).</summary>
    private static List<string> CycleOrder(SupplyNetwork network, List<int> parts, HashSet<int> component, Func<int, int[]> next)
    {
        string Id(int v) => network.Parts[parts[v]].Id;
        var start = component.MinBy(Id, StringComparer.Ordinal);
        var previous = new Dictionary<int, int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        var end = -1;
        while (end < 0 && queue.TryDequeue(out var v))
        {
            foreach (var w in next(v).Where(component.Contains).OrderBy(Id, StringComparer.Ordinal))
            {
                if (w == start)
                {
                    end = v;
                    break;
                }
                if (previous.TryAdd(w, v))
                {
                    queue.Enqueue(w);
                }
            }
        }
        var back = new List<string>();
        for (var v = end; v != start && v >= 0; v = previous[v])
        {
            back.Add(Id(v));
        }
        back.Reverse();
        return [Id(start), .. back, Id(start)];
    }

    /// <summary>
    /// The set computation over one network and unit level, on flat arrays (no allocation per offer or slot but the
    /// final sets); reusable across feasibility vectors (for pairs).
    /// </summary>
    private sealed class Solver(SupplyNetwork network, int[] unitOf, int unitCount)
    {
        private readonly int[] stamp = new int[unitCount];
        private readonly int[] localOf = Filled(network.OfferCount, -1);
        private int epoch;
        private int[]?[] sets = [];
        private int[] order = [];
        private int count;
        private int[] acc = new int[64];
        private int[] bufA = new int[64];
        private int[] bufB = new int[64];

        /// <summary>The item's critical units (sorted unit ids), or null when it is not producible; <paramref name="upstream"/> gets the producing offers it depends on.</summary>
        public int[]? Solve(int item, bool[] feasible, out List<int> upstream)
        {
            // 1. Upstream walk; local ids in discovery order (the order array is the queue).
            for (var i = 0; i < count; i++)
            {
                localOf[order[i]] = -1;
            }
            if (order.Length != network.OfferCount)
            {
                order = new int[network.OfferCount];
            }
            count = 0;
            for (var i = network.PartOfferStart[item]; i < network.PartOfferStart[item + 1]; i++)
            {
                Reach(network.PartOffer[i]);
            }
            for (var head = 0; head < count; head++)
            {
                var o = order[head];
                for (var s = network.SlotStart[o]; s < network.SlotStart[o + 1]; s++)
                {
                    foreach (var src in network.SourcesOf(s))
                    {
                        Reach(src);
                    }
                }
            }
            upstream = [.. order.AsSpan(0, count)];
            if (count == 0)
            {
                return null;
            }

            // 2. The upstream graph by slot: vertex v's slots slotAt[v] .. slotAt[v + 1]; slot k's producing sources
            // (local ids) sources[sourceAt[k] .. sourceAt[k + 1]].
            var slotAt = new int[count + 1];
            for (var v = 0; v < count; v++)
            {
                var o = order[v];
                slotAt[v + 1] = slotAt[v] + network.SlotStart[o + 1] - network.SlotStart[o];
            }
            var sourceAt = new int[slotAt[count] + 1];
            var sources = new int[Math.Max(16, slotAt[count] * 4)];
            var k = 0;
            for (var v = 0; v < count; v++)
            {
                var o = order[v];
                for (var s = network.SlotStart[o]; s < network.SlotStart[o + 1]; s++, k++)
                {
                    var at = sourceAt[k];
                    foreach (var src in network.SourcesOf(s))
                    {
                        if (feasible[src])
                        {
                            if (at == sources.Length)
                            {
                                Array.Resize(ref sources, sources.Length * 2);
                            }
                            sources[at++] = localOf[src];
                        }
                    }
                    sourceAt[k + 1] = at;
                }
            }

            // 3. Components, sources first; 4. sets: once per acyclic offer, to a fixpoint inside each cycle.
            var (components, componentAt) = TarjanFlat(count, v => sourceAt[slotAt[v]], v => sourceAt[slotAt[v + 1]], sources);
            sets = new int[]?[count];
            for (var c = 0; c + 1 < componentAt.Length; c++)
            {
                var v0 = components[componentAt[c]];
                var cyclic = componentAt[c + 1] - componentAt[c] > 1 || sources.AsSpan(sourceAt[slotAt[v0]], sourceAt[slotAt[v0 + 1]] - sourceAt[slotAt[v0]]).Contains(v0);
                if (!cyclic)
                {
                    sets[v0] = Compute(v0, slotAt, sourceAt, sources);
                    continue;
                }
                // Inside a cycle: iterate down from "every unit" (null) to the fixpoint.
                var changed = true;
                while (changed)
                {
                    changed = false;
                    for (var i = componentAt[c]; i < componentAt[c + 1]; i++)
                    {
                        var v = components[i];
                        var next = Compute(v, slotAt, sourceAt, sources);
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
                if (!feasible[o])
                {
                    continue;
                }
                var d = sets[localOf[o]];
                if (!any || result is null)
                {
                    result = d;
                    any = true;
                }
                else if (d is not null && !ReferenceEquals(result, d))
                {
                    result = bufA[..Intersect(result, result.Length, d, ref bufA)];
                }
            }
            return result ?? [];

            void Reach(int o)
            {
                if (feasible[o] && localOf[o] < 0)
                {
                    localOf[o] = count;
                    order[count++] = o;
                }
            }
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
                producing = ProducingSources(slot, feasible);
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

        private List<int> ProducingSources(int slot, bool[] feasible)
        {
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

        /// <summary>D(v) = {unit(v)} ∪ ⋃ over slots of ⋂ over producing sources; null ("every unit") while a slot has only unknown sources.</summary>
        private int[]? Compute(int v, int[] slotAt, int[] sourceAt, int[] sources)
        {
            epoch++;
            var length = 0;
            Add(unitOf[order[v]]);
            for (var s = slotAt[v]; s < slotAt[v + 1]; s++)
            {
                int[]? current = null; // a source's set, or a scratch buffer holding currentLength ids
                var currentLength = 0;
                var inA = false;
                var known = false;
                for (var e = sourceAt[s]; e < sourceAt[s + 1]; e++)
                {
                    var d = sets[sources[e]];
                    if (d is null)
                    {
                        continue;
                    }
                    if (!known)
                    {
                        current = d;
                        currentLength = d.Length;
                        known = true;
                    }
                    else if (!ReferenceEquals(current, d))
                    {
                        if (inA)
                        {
                            currentLength = Intersect(current!, currentLength, d, ref bufB);
                            current = bufB;
                        }
                        else
                        {
                            currentLength = Intersect(current!, currentLength, d, ref bufA);
                            current = bufA;
                        }
                        inA = !inA;
                    }
                    if (currentLength == 0)
                    {
                        break;
                    }
                }
                if (!known)
                {
                    return null;
                }
                for (var i = 0; i < currentLength; i++)
                {
                    Add(current![i]);
                }
            }
            var result = acc[..length];
            Array.Sort(result);
            return result;

            void Add(int u)
            {
                if (stamp[u] != epoch)
                {
                    stamp[u] = epoch;
                    if (length == acc.Length)
                    {
                        Array.Resize(ref acc, acc.Length * 2);
                    }
                    acc[length++] = u;
                }
            }
        }

        /// <summary>a[..aLength] ∩ b into <paramref name="into"/> (grown when needed); returns the length.</summary>
        private static int Intersect(int[] a, int aLength, int[] b, ref int[] into)
        {
            if (into.Length < aLength || ReferenceEquals(into, a))
            {
                into = new int[Math.Max(aLength, into.Length * 2)];
            }
            int i = 0, j = 0, n = 0;
            while (i < aLength && j < b.Length)
            {
                if (a[i] == b[j])
                {
                    into[n++] = a[i];
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
            return n;
        }

        private static bool Contains(int[]? set, int unit) => set is null || Array.BinarySearch(set, unit) >= 0;

        private static bool SameSet(int[]? a, int[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

        private static int[] Filled(int length, int value)
        {
            var array = new int[length];
            Array.Fill(array, value);
            return array;
        }
    }

    /// <summary>Tarjan's strongly connected components on a CSR graph, iterative; components come out sinks first, flattened (component c is components[at[c] .. at[c + 1])).</summary>
    internal static (int[] Components, int[] At) TarjanFlat(int count, Func<int, int> first, Func<int, int> end, int[] adjacent)
    {
        var index = new int[count];
        var low = new int[count];
        var onStack = new bool[count];
        Array.Fill(index, -1);
        var stack = new int[count];
        var sp = 0;
        var callVertex = new int[count];
        var callEdge = new int[count];
        var cp = 0;
        var components = new int[count];
        var at = new List<int> { 0 };
        var filled = 0;
        var counter = 0;
        for (var root = 0; root < count; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }
            index[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            callVertex[cp] = root;
            callEdge[cp] = first(root);
            cp++;
            while (cp > 0)
            {
                var v = callVertex[cp - 1];
                var e = callEdge[cp - 1];
                if (e < end(v))
                {
                    callEdge[cp - 1] = e + 1;
                    var w = adjacent[e];
                    if (index[w] < 0)
                    {
                        index[w] = low[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        callVertex[cp] = w;
                        callEdge[cp] = first(w);
                        cp++;
                    }
                    else if (onStack[w] && index[w] < low[v])
                    {
                        low[v] = index[w];
                    }
                    continue;
                }
                cp--;
                if (cp > 0 && low[v] < low[callVertex[cp - 1]])
                {
                    low[callVertex[cp - 1]] = low[v];
                }
                if (low[v] == index[v])
                {
                    int w;
                    do
                    {
                        w = stack[--sp];
                        onStack[w] = false;
                        components[filled++] = w;
                    }
                    while (w != v);
                    at.Add(filled);
                }
            }
        }
        return (components, [.. at]);
    }
}
