using Musubi.Engines.Network;

namespace Musubi.Engines.Optimization.Surge;

/// <summary>
/// A request resolved against the network: which offers may produce and from which month, the expansion options and
/// qualification candidates in play, where the initial stocks sit, and the timing of every offer — the first month it
/// can start (<see cref="Start"/>), the first month its output is available (<see cref="Avail"/>) and the last month
/// its output is of any use to the chosen items (<see cref="LastUseful"/>).
/// </summary>
internal sealed class SurgeSetup
{
    public const int Never = int.MaxValue / 4;

    public required SupplyNetwork Network { get; init; }

    public required SurgeRequest Request { get; init; }

    public required int[] ItemParts { get; init; }

    /// <summary>Months of lead time per offer: ceil(lead_time_days / 30).</summary>
    public required int[] Lead { get; init; }

    /// <summary>May produce under the scenario (qualified or qualified by the scenario, or a qualification candidate of objective (c)), and not lost.</summary>
    public required bool[] Alive { get; init; }

    /// <summary>First month an alive offer may produce at all (1, or the month after its qualification).</summary>
    public required int[] FirstAllowed { get; init; }

    /// <summary>Qualification candidates of objective (c) (unqualified, not lost, months and cost known), in offer order.</summary>
    public required List<int> Candidates { get; init; }

    /// <summary>Expansion options in play: built (scenario) or chosen by objective (c).</summary>
    public required List<(SurgeExpansion Option, int Offer)> Expansions { get; init; }

    public required bool ExpansionsAreChoices { get; init; }

    /// <summary>Finished-goods stock per offer at month 1.</summary>
    public required double[] FinishedStock { get; init; }

    /// <summary>
    /// Units each offer started before month 1 that arrive in each of months 1..lead (the pipeline, full by default:
    /// the steady-state production of the items with every qualified offer, lost with the offer).
    /// </summary>
    public required double[] InFlight { get; init; }

    /// <summary>The steady-state maximum with every qualified offer (computed for the pipeline; null with an empty pipeline).</summary>
    public double? BaselineRate { get; init; }

    /// <summary>
    /// The steady state the pipeline was filled from, with its flows (null with an empty pipeline): the columns it
    /// uses are where the plan's first solve starts (<see cref="SurgeModel.Solve"/>).
    /// </summary>
    public SurgeSteady.Result? Pipeline { get; init; }

    /// <summary>Stocks of inputs held at a consumer's facility: (part, facility) → quantity.</summary>
    public required Dictionary<(int Part, int Facility), double> InputStock { get; init; }

    /// <summary>Demand per item part (index into <see cref="ItemParts"/>) per month 1..T, and its weight.</summary>
    public required double[][] Demand { get; init; }

    public required double[] DemandWeight { get; init; }

    public required List<string> Notes { get; init; }

    public int[] Start { get; private set; } = [];

    public int[] Avail { get; private set; } = [];

    public int[] LastUseful { get; private set; } = [];

    public int[] SlotAvail { get; private set; } = [];

    /// <summary>Offers in the model: upstream of an item's offer and available within the horizon.</summary>
    public List<int> ModelOffers { get; private set; } = [];

    public bool[] InModel { get; private set; } = [];

    public int Months => Request.Months;

    public static int LeadMonths(int leadTimeDays) => leadTimeDays <= 0 ? 0 : (leadTimeDays + 29) / 30;

    public static SurgeSetup Create(SupplyNetwork network, SurgeRequest request)
    {
        var n = network.OfferCount;
        var notes = new List<string>();
        var scenario = request.Scenario;
        var lost = Disruption.LostOffers(network, scenario.Remove);
        var alive = new bool[n];
        var first = new int[n];
        var lead = new int[n];
        for (var o = 0; o < n; o++)
        {
            lead[o] = LeadMonths(network.Offers[o].LeadTimeDays);
            alive[o] = network.Offers[o].Qualified && !lost[o];
            first[o] = 1;
        }
        if (scenario.Qualify.Count > 0)
        {
            var inUnits = Disruption.LostOffers(network, scenario.Qualify);
            var unknown = 0;
            var qualified = 0;
            for (var o = 0; o < n; o++)
            {
                if (!inUnits[o] || alive[o] || lost[o])
                {
                    continue;
                }
                if (network.Offers[o].QualificationMonths is { } months)
                {
                    alive[o] = true;
                    first[o] = months + 1;
                    qualified++;
                }
                else
                {
                    unknown++;
                }
            }
            notes.Add($"qualified {qualified} offer(s) in {string.Join(", ", scenario.Qualify)}, each producing from the month after its qualification");
            if (unknown > 0)
            {
                notes.Add($"{unknown} unqualified offer(s) in {string.Join(", ", scenario.Qualify)} have no known qualification time and are not counted on");
            }
        }
        var candidates = new List<int>();
        if (request.Objective == SurgeObjective.MinCost)
        {
            for (var o = 0; o < n; o++)
            {
                var offer = network.Offers[o];
                if (!alive[o] && !lost[o] && offer.QualificationMonths is { } months && offer.QualificationCostUsd is not null)
                {
                    candidates.Add(o);
                    alive[o] = true;
                    first[o] = months + 1;
                }
            }
        }
        var expansions = new List<(SurgeExpansion, int)>();
        var expansionsAreChoices = request.Objective == SurgeObjective.MinCost;
        if (expansionsAreChoices || scenario.WithExpansions)
        {
            foreach (var e in request.Expansions ?? [])
            {
                var o = network.OfferIndex(e.OfferId);
                if (o >= 0 && !lost[o])
                {
                    expansions.Add((e, o));
                }
            }
        }

        var finished = new double[n];
        var inputStock = new Dictionary<(int, int), double>();
        if (request.Stocks is { Count: > 0 } stocks)
        {
            var facilityIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var f = 0; f < network.Facilities.Length; f++)
            {
                facilityIndex[network.Facilities[f].Id] = f;
            }
            var lostFacility = new bool[network.Facilities.Length];
            foreach (var unit in scenario.Remove)
            {
                for (var f = 0; f < network.Facilities.Length; f++)
                {
                    var facility = network.Facilities[f];
                    lostFacility[f] |= unit.Kind switch
                    {
                        UnitKind.Facility => facility.Id == unit.Id,
                        UnitKind.Organization => facility.OrganizationId == unit.Id,
                        UnitKind.Country => string.Equals(facility.Country, unit.Id, StringComparison.OrdinalIgnoreCase),
                        UnitKind.Region => string.Equals(SupplyNetwork.RegionKey(facility), unit.Id, StringComparison.OrdinalIgnoreCase),
                        _ => false,
                    };
                }
            }
            foreach (var s in stocks)
            {
                if (s.Quantity <= 0)
                {
                    continue;
                }
                var p = network.PartIndex(s.PartId);
                var f = facilityIndex[s.FacilityId];
                if (lostFacility[f])
                {
                    notes.Add($"the stock of {s.PartId} at {s.FacilityId} is lost with the facility");
                    continue;
                }
                var holder = -1;
                for (var i = network.PartOfferStart[p]; i < network.PartOfferStart[p + 1]; i++)
                {
                    var o = network.PartOffer[i];
                    if (network.OfferFacility[o] == f && alive[o])
                    {
                        holder = o;
                        break;
                    }
                }
                if (holder >= 0)
                {
                    finished[holder] += s.Quantity;
                }
                else
                {
                    inputStock[(p, f)] = inputStock.GetValueOrDefault((p, f)) + s.Quantity;
                }
            }
        }

        var items = request.Items.Select(network.PartIndex).Distinct().ToArray();
        var inFlight = new double[n];
        double? baselineRate = null;
        SurgeSteady.Result? steady = null;
        if (!request.EmptyPipeline)
        {
            var qualified = new bool[n];
            for (var o = 0; o < n; o++)
            {
                qualified[o] = network.Offers[o].Qualified;
            }
            var pipelineItems = request.PipelineItems is { Count: > 0 } pipeline
                ? pipeline.Select(network.PartIndex).Distinct().ToArray()
                : items;
            steady = SurgeSteady.Solve(network, qualified, new double[n], pipelineItems, lead, withFlows: true);
            baselineRate = steady.Total;
            foreach (var (o, rate) in steady.Production)
            {
                if (!lost[o] && lead[o] >= 1 && rate > 1e-9)
                {
                    inFlight[o] = rate;
                }
            }
        }
        var demand = new double[items.Length][];
        var weight = new double[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            demand[i] = new double[request.Months + 1];
            weight[i] = 10;
        }
        if (request.Objective == SurgeObjective.MinShortfall)
        {
            var ignored = 0;
            foreach (var row in request.Demand ?? [])
            {
                var i = Array.IndexOf(items, network.PartIndex(row.PartId));
                if (i < 0 || row.Month > request.Months)
                {
                    ignored++;
                    continue;
                }
                demand[i][row.Month] += row.Quantity * scenario.DemandFactor;
                weight[i] = PriorityWeight(row.Priority);
            }
            if (ignored > 0)
            {
                notes.Add($"{ignored} demand row(s) are for other parts or after the horizon and are not counted");
            }
        }

        var setup = new SurgeSetup
        {
            Network = network,
            Request = request,
            ItemParts = items,
            Lead = lead,
            Alive = alive,
            FirstAllowed = first,
            Candidates = candidates,
            Expansions = expansions,
            ExpansionsAreChoices = expansionsAreChoices,
            FinishedStock = finished,
            InFlight = inFlight,
            BaselineRate = baselineRate,
            Pipeline = steady,
            InputStock = inputStock,
            Demand = demand,
            DemandWeight = weight,
            Notes = notes,
        };
        setup.ComputeTiming();
        setup.SelectModel();
        return setup;
    }

    /// <summary>A unit of backlog for a month weighs 100 (priority 1), 10 (2) or 1 (3).</summary>
    public static double PriorityWeight(int priority) => priority switch
    {
        1 => 100,
        3 => 1,
        _ => 10,
    };

    /// <summary>
    /// Earliest months, Knuth's generalization of Dijkstra over the AND/OR network: an offer starts once every input
    /// slot has an available source (max over slots), a slot is available once its first source is (min over
    /// sources), and an offer's output is available its lead time after it starts — or in month 1 when it holds
    /// finished stock. Offers are settled in order of availability, so each slot takes its first source's month.
    /// </summary>
    private void ComputeTiming()
    {
        var net = Network;
        var n = net.OfferCount;
        var start = new int[n];
        var avail = new int[n];
        Array.Fill(start, Never);
        Array.Fill(avail, Never);
        var slotAvail = new int[net.SlotCount];
        Array.Fill(slotAvail, Never);
        var missing = new int[n];
        var slotMax = new int[n];
        var queue = new PriorityQueue<int, int>();
        for (var o = 0; o < n; o++)
        {
            slotMax[o] = 1;
            for (var s = net.SlotStart[o]; s < net.SlotStart[o + 1]; s++)
            {
                if (InputStock.GetValueOrDefault((net.SlotPart[s], net.OfferFacility[o])) > 0)
                {
                    slotAvail[s] = 1;
                }
                else
                {
                    missing[o]++;
                }
            }
            if (!Alive[o])
            {
                continue;
            }
            if (missing[o] == 0)
            {
                start[o] = FirstAllowed[o];
                avail[o] = start[o] + Lead[o];
            }
            if (FinishedStock[o] > 0 || InFlight[o] > 0)
            {
                avail[o] = 1;
            }
            if (avail[o] < Never)
            {
                queue.Enqueue(o, avail[o]);
            }
        }
        var settled = new bool[n];
        while (queue.TryDequeue(out var o, out var month))
        {
            if (settled[o] || month != avail[o])
            {
                continue;
            }
            settled[o] = true;
            foreach (var s in net.Feeds.AsSpan(net.FeedsStart[o], net.FeedsStart[o + 1] - net.FeedsStart[o]))
            {
                Reach(s, month);
            }
            var p = net.OfferPart[o];
            foreach (var s in net.DefaultSlot.AsSpan(net.DefaultSlotStart[p], net.DefaultSlotStart[p + 1] - net.DefaultSlotStart[p]))
            {
                Reach(s, month);
            }
        }
        Start = start;
        Avail = avail;
        SlotAvail = slotAvail;

        void Reach(int s, int month)
        {
            if (slotAvail[s] != Never)
            {
                return;
            }
            slotAvail[s] = month;
            var c = net.SlotOwner[s];
            slotMax[c] = Math.Max(slotMax[c], month);
            if (--missing[c] > 0 || !Alive[c])
            {
                return;
            }
            // Every slot available: with the slots that had stock (month 1), the latest is slotMax.
            start[c] = Math.Max(FirstAllowed[c], slotMax[c]);
            var a = start[c] + Lead[c];
            if (a < avail[c])
            {
                avail[c] = a;
                queue.Enqueue(c, a);
            }
        }
    }

    /// <summary>The sources of slot <paramref name="s"/> that can supply within the horizon.</summary>
    public IEnumerable<int> Sources(int s)
    {
        var list = new List<int>();
        foreach (var src in Network.SourcesOf(s))
        {
            if (Alive[src] && Avail[src] <= Months)
            {
                list.Add(src);
            }
        }
        return list;
    }

    public bool IsDefaultSlot(int s) => Network.SourceStart[s] == Network.SourceStart[s + 1];

    /// <summary>
    /// The offers in the model (upstream of an item's offer, available within the horizon) and, per offer, the last
    /// month its output is of use: the horizon for the items' offers, and for a source the latest month any consumer
    /// in the model may start.
    /// </summary>
    private void SelectModel()
    {
        var net = Network;
        var n = net.OfferCount;
        var inModel = new bool[n];
        var last = new int[n];
        Array.Fill(last, int.MinValue);
        var queue = new Queue<int>();
        foreach (var p in ItemParts)
        {
            for (var i = net.PartOfferStart[p]; i < net.PartOfferStart[p + 1]; i++)
            {
                var o = net.PartOffer[i];
                if (Alive[o] && Avail[o] <= Months)
                {
                    last[o] = Months;
                    if (!inModel[o])
                    {
                        inModel[o] = true;
                        queue.Enqueue(o);
                    }
                }
            }
        }
        // Longest-path relaxation of "last useful month" (values only grow and are bounded by the horizon).
        while (queue.TryDequeue(out var c))
        {
            if (Start[c] == Never)
            {
                continue;
            }
            var lastStart = last[c] - Lead[c];
            if (lastStart < Start[c])
            {
                continue;
            }
            for (var s = net.SlotStart[c]; s < net.SlotStart[c + 1]; s++)
            {
                foreach (var src in Sources(s))
                {
                    if (Avail[src] > lastStart || last[src] >= lastStart)
                    {
                        continue;
                    }
                    last[src] = lastStart;
                    inModel[src] = true;
                    queue.Enqueue(src);
                }
            }
        }
        ModelOffers = [.. Enumerable.Range(0, n).Where(o => inModel[o])];
        InModel = inModel;
        LastUseful = last;
    }

    /// <summary>Months an offer may start production in the model: [Start, LastUseful − Lead].</summary>
    public (int From, int To) ProductionWindow(int o) =>
        Start[o] == Never || Network.Offers[o].CapacityPerMonth <= 0 && !HasExpansion(o) ? (1, 0) : (Start[o], LastUseful[o] - Lead[o]);

    /// <summary>Months an offer's output may be shipped or delivered: [Avail, LastUseful].</summary>
    public (int From, int To) OutputWindow(int o) => (Avail[o], LastUseful[o]);

    private HashSet<int>? candidateSet;

    public bool IsCandidate(int o) => (candidateSet ??= [.. Candidates]).Contains(o);

    private HashSet<int>? expansionOffers;

    public bool HasExpansion(int o) => (expansionOffers ??= [.. Expansions.Select(e => e.Offer)]).Contains(o);
}
