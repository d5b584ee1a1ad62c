namespace Musubi.Engines.Network;

/// <summary>
/// Which offers can produce: the least fixpoint of "an offer produces when it is alive (qualified, not removed) and
/// each of its input slots has a producing source". Nothing is producible until it can be built from what is, so a
/// cycle without an outside source produces nothing. O(offers + slots + source edges).
/// </summary>
public static class Feasibility
{
    /// <summary>Producing offers, given which offers are alive (null: every qualified offer).</summary>
    public static bool[] Compute(SupplyNetwork network, bool[]? alive = null)
    {
        var n = network.OfferCount;
        var feasible = new bool[n];
        var missing = new int[n];
        var satisfied = new bool[network.SlotCount];
        var queue = new Queue<int>();
        for (var o = 0; o < n; o++)
        {
            missing[o] = network.SlotStart[o + 1] - network.SlotStart[o];
            if (missing[o] == 0 && IsAlive(network, alive, o))
            {
                feasible[o] = true;
                queue.Enqueue(o);
            }
        }
        while (queue.TryDequeue(out var o))
        {
            foreach (var slot in network.Feeds.AsSpan(network.FeedsStart[o], network.FeedsStart[o + 1] - network.FeedsStart[o]))
            {
                Satisfy(slot);
            }
            // A producing offer is qualified (or qualified by a what-if): it feeds every input open to its part.
            {
                var p = network.OfferPart[o];
                foreach (var slot in network.DefaultSlot.AsSpan(network.DefaultSlotStart[p], network.DefaultSlotStart[p + 1] - network.DefaultSlotStart[p]))
                {
                    Satisfy(slot);
                }
            }
        }
        return feasible;

        void Satisfy(int slot)
        {
            if (satisfied[slot])
            {
                return;
            }
            satisfied[slot] = true;
            var owner = network.SlotOwner[slot];
            if (--missing[owner] == 0 && IsAlive(network, alive, owner))
            {
                feasible[owner] = true;
                queue.Enqueue(owner);
            }
        }
    }

    /// <summary>Whether a part can be produced: at least one of its offers produces.</summary>
    public static bool Producible(SupplyNetwork network, bool[] feasible, int part)
    {
        for (var i = network.PartOfferStart[part]; i < network.PartOfferStart[part + 1]; i++)
        {
            if (feasible[network.PartOffer[i]])
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Alive offers when the given units are lost: qualified offers outside them.</summary>
    public static bool[] AliveWithout(SupplyNetwork network, IReadOnlyCollection<UnitRef> removed)
    {
        var lost = Disruption.LostOffers(network, removed);
        var alive = new bool[network.OfferCount];
        for (var o = 0; o < alive.Length; o++)
        {
            alive[o] = network.Offers[o].Qualified && !lost[o];
        }
        return alive;
    }

    /// <summary>The producing offers the item depends on: its producing offers and, recursively, their producing sources.</summary>
    public static List<int> Upstream(SupplyNetwork network, bool[] feasible, int item)
    {
        var list = new List<int>();
        var seen = new bool[network.OfferCount];
        var stack = new Stack<int>();
        for (var i = network.PartOfferStart[item]; i < network.PartOfferStart[item + 1]; i++)
        {
            var o = network.PartOffer[i];
            if (feasible[o])
            {
                seen[o] = true;
                stack.Push(o);
            }
        }
        while (stack.TryPop(out var o))
        {
            list.Add(o);
            for (var s = network.SlotStart[o]; s < network.SlotStart[o + 1]; s++)
            {
                foreach (var src in network.SourcesOf(s))
                {
                    if (feasible[src] && !seen[src])
                    {
                        seen[src] = true;
                        stack.Push(src);
                    }
                }
            }
        }
        return list;
    }

    private static bool IsAlive(SupplyNetwork network, bool[]? alive, int offer) => alive?[offer] ?? network.Offers[offer].Qualified;
}
