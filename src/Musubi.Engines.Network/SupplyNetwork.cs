namespace Musubi.Engines.Network;

/// <summary>
/// The AND/OR supply network, compiled to arrays. An offer (AND) needs each of its input slots; a slot (OR) is
/// satisfied by any feasible one of its sources: the approved source offers of that (offer, input), or — when the
/// input has no approved-source rows — every qualified offer of the input part. Only qualified offers are feasible.
/// Immutable and safe to share between threads.
/// </summary>
public sealed class SupplyNetwork
{
    internal readonly NetworkOrganization[] Organizations;
    internal readonly NetworkFacility[] Facilities;
    internal readonly NetworkPart[] Parts;
    internal readonly NetworkOffer[] Offers;

    internal readonly int[] OfferPart;
    internal readonly int[] OfferFacility;
    internal readonly int[] FacilityOrganization;

    // Slots: offer o's inputs are slots SlotStart[o] .. SlotStart[o + 1] - 1.
    internal readonly int[] SlotStart;
    internal readonly int[] SlotPart;
    internal readonly double[] SlotQuantity;

    // Explicit sources of slot s: SourceStart[s] .. SourceStart[s + 1] - 1 in SourceOffer; an empty range means the
    // part's qualified offers (DefaultSources).
    internal readonly int[] SourceStart;
    internal readonly int[] SourceOffer;

    // Offers of each part (all, and qualified only).
    internal readonly int[] PartOfferStart;
    internal readonly int[] PartOffer;
    internal readonly int[] PartQualifiedStart;
    internal readonly int[] PartQualified;

    // Reverse: the slots offer o is an explicit source of; the default slots of part p (slots of p with no explicit rows).
    internal readonly int[] FeedsStart;
    internal readonly int[] Feeds;
    internal readonly int[] DefaultSlotStart;
    internal readonly int[] DefaultSlot;

    internal readonly int[] SlotOwner;

    private readonly Dictionary<string, int> partIndex;
    private readonly Dictionary<string, int> offerIndex;
    private readonly Dictionary<string, int> facilityIndex;
    private readonly Dictionary<string, int> organizationIndex;

    private SupplyNetwork(
        NetworkOrganization[] organizations, NetworkFacility[] facilities, NetworkPart[] parts, NetworkOffer[] offers,
        Dictionary<string, int> organizationIndex, Dictionary<string, int> facilityIndex, Dictionary<string, int> partIndex, Dictionary<string, int> offerIndex,
        List<(int Offer, int Part, double Quantity, List<int> Sources)> slots)
    {
        Organizations = organizations;
        Facilities = facilities;
        Parts = parts;
        Offers = offers;
        this.organizationIndex = organizationIndex;
        this.facilityIndex = facilityIndex;
        this.partIndex = partIndex;
        this.offerIndex = offerIndex;

        FacilityOrganization = [.. facilities.Select(f => organizationIndex[f.OrganizationId])];
        OfferPart = [.. offers.Select(o => partIndex[o.PartId])];
        OfferFacility = [.. offers.Select(o => facilityIndex[o.FacilityId])];

        // Slots grouped by owner offer (slots come sorted by offer).
        SlotStart = new int[offers.Length + 1];
        foreach (var s in slots)
        {
            SlotStart[s.Offer + 1]++;
        }
        for (var i = 0; i < offers.Length; i++)
        {
            SlotStart[i + 1] += SlotStart[i];
        }
        SlotPart = [.. slots.Select(s => s.Part)];
        SlotQuantity = [.. slots.Select(s => s.Quantity)];
        SlotOwner = [.. slots.Select(s => s.Offer)];
        SourceStart = new int[slots.Count + 1];
        for (var s = 0; s < slots.Count; s++)
        {
            SourceStart[s + 1] = SourceStart[s] + slots[s].Sources.Count;
        }
        SourceOffer = [.. slots.SelectMany(s => s.Sources)];

        (PartOfferStart, PartOffer) = Group(parts.Length, Enumerable.Range(0, offers.Length).Select(o => (OfferPart[o], o)));
        (PartQualifiedStart, PartQualified) = Group(parts.Length, Enumerable.Range(0, offers.Length).Where(o => offers[o].Qualified).Select(o => (OfferPart[o], o)));
        (FeedsStart, Feeds) = Group(offers.Length, Enumerable.Range(0, slots.Count).SelectMany(s => slots[s].Sources.Select(src => (src, s))));
        (DefaultSlotStart, DefaultSlot) = Group(parts.Length, Enumerable.Range(0, slots.Count).Where(s => slots[s].Sources.Count == 0).Select(s => (slots[s].Part, s)));
    }

    public int OfferCount => Offers.Length;

    public int PartCount => Parts.Length;

    /// <summary>Input slots (offer, input part) — the AND edges.</summary>
    public int SlotCount => SlotPart.Length;

    /// <summary>Approved-source edges, explicit or implied (an input without rows accepts every qualified offer of its part).</summary>
    public long SourceEdgeCount
    {
        get
        {
            long n = SourceOffer.Length;
            for (var s = 0; s < SlotPart.Length; s++)
            {
                if (SourceStart[s] == SourceStart[s + 1])
                {
                    n += PartQualifiedStart[SlotPart[s] + 1] - PartQualifiedStart[SlotPart[s]];
                }
            }
            return n;
        }
    }

    public IReadOnlyList<NetworkPart> AllParts => Parts;

    public IReadOnlyList<NetworkOffer> AllOffers => Offers;

    public IReadOnlyList<NetworkFacility> AllFacilities => Facilities;

    public IReadOnlyList<NetworkOrganization> AllOrganizations => Organizations;

    public NetworkPart? FindPart(string id) => partIndex.TryGetValue(id, out var i) ? Parts[i] : null;

    internal int PartIndex(string id) => partIndex.TryGetValue(id, out var i) ? i : -1;

    internal int OfferIndex(string id) => offerIndex.TryGetValue(id, out var i) ? i : -1;

    internal NetworkFacility Facility(string id) => Facilities[facilityIndex[id]];

    internal NetworkOrganization Organization(string id) => Organizations[organizationIndex[id]];

    internal bool HasUnit(UnitRef unit) => unit.Kind switch
    {
        UnitKind.Offer => offerIndex.ContainsKey(unit.Id),
        UnitKind.Facility => facilityIndex.ContainsKey(unit.Id),
        UnitKind.Organization => organizationIndex.ContainsKey(unit.Id),
        UnitKind.Country => Facilities.Any(f => string.Equals(f.Country, unit.Id, StringComparison.OrdinalIgnoreCase)),
        UnitKind.Region => Facilities.Any(f => string.Equals(RegionKey(f), unit.Id, StringComparison.OrdinalIgnoreCase)),
        _ => false,
    };

    /// <summary>A region's unit id: the facility's region prefixed with its country unless it already is (JP-13, US-AZ, JP-Aichi).</summary>
    public static string RegionKey(NetworkFacility facility) =>
        facility.Region.StartsWith(facility.Country + "-", StringComparison.OrdinalIgnoreCase) ? facility.Region : $"{facility.Country}-{facility.Region}";

    /// <summary>The unit an offer belongs to at the given level.</summary>
    public UnitRef UnitOf(int offer, UnitKind kind)
    {
        var f = Facilities[OfferFacility[offer]];
        return kind switch
        {
            UnitKind.Offer => new UnitRef(kind, Offers[offer].Id),
            UnitKind.Facility => new UnitRef(kind, f.Id),
            UnitKind.Organization => new UnitRef(kind, f.OrganizationId),
            UnitKind.Country => new UnitRef(kind, f.Country),
            UnitKind.Region => new UnitRef(kind, RegionKey(f)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>Each offer's unit at the given level as a dense id, with the units in id order.</summary>
    internal (int[] UnitOfOffer, UnitRef[] Units) Units(UnitKind kind)
    {
        var of = new int[Offers.Length];
        switch (kind)
        {
            case UnitKind.Offer:
                for (var o = 0; o < of.Length; o++)
                {
                    of[o] = o;
                }
                return (of, [.. Offers.Select(o => new UnitRef(kind, o.Id))]);
            case UnitKind.Facility:
                Array.Copy(OfferFacility, of, of.Length);
                return (of, [.. Facilities.Select(f => new UnitRef(kind, f.Id))]);
            case UnitKind.Organization:
                for (var o = 0; o < of.Length; o++)
                {
                    of[o] = FacilityOrganization[OfferFacility[o]];
                }
                return (of, [.. Organizations.Select(x => new UnitRef(kind, x.Id))]);
            default:
                // Country and region: keyed once per facility, then an int per offer.
                var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                var units = new List<UnitRef>();
                var ofFacility = new int[Facilities.Length];
                for (var f = 0; f < Facilities.Length; f++)
                {
                    var key = kind == UnitKind.Country ? Facilities[f].Country : RegionKey(Facilities[f]);
                    if (!ids.TryGetValue(key, out var id))
                    {
                        ids[key] = id = units.Count;
                        units.Add(new UnitRef(kind, key));
                    }
                    ofFacility[f] = id;
                }
                for (var o = 0; o < of.Length; o++)
                {
                    of[o] = ofFacility[OfferFacility[o]];
                }
                return (of, [.. units]);
        }
    }

    /// <summary>
    /// Candidate sources of slot <paramref name="slot"/>: its approved sources, or every offer of its part. Callers keep
    /// only producing ones (a producing offer is alive, and an alive offer is qualified or qualified by a what-if).
    /// </summary>
    internal ReadOnlySpan<int> SourcesOf(int slot) => SourceStart[slot] < SourceStart[slot + 1]
        ? SourceOffer.AsSpan(SourceStart[slot], SourceStart[slot + 1] - SourceStart[slot])
        : PartOffer.AsSpan(PartOfferStart[SlotPart[slot]], PartOfferStart[SlotPart[slot] + 1] - PartOfferStart[SlotPart[slot]]);

    /// <summary>
    /// Compiles a network. Every reference must resolve, capacities and lead times must be ≥ 0 and quantities > 0, an
    /// approved source must make the input it is approved for and the input must be one of the offer's; otherwise
    /// <see cref="NetworkInputException"/> lists every problem. An unqualified approved source is kept (it supplies
    /// nothing until it is qualified).
    /// </summary>
    public static SupplyNetwork Build(
        IEnumerable<NetworkOrganization> organizations,
        IEnumerable<NetworkFacility> facilities,
        IEnumerable<NetworkPart> parts,
        IEnumerable<NetworkOffer> offers,
        IEnumerable<NetworkInput> inputs,
        IEnumerable<NetworkSource> sources)
    {
        var problems = new List<NetworkProblem>();
        var orgs = organizations.ToArray();
        var facs = facilities.ToArray();
        var prts = parts.ToArray();
        var offs = offers.ToArray();
        var orgIndex = Index(orgs, o => o.Id, "organization", problems);
        var facIndex = Index(facs, f => f.Id, "facility", problems);
        var partIndex = Index(prts, p => p.Id, "part", problems);
        var offerIndex = Index(offs, o => o.Id, "offer", problems);
        foreach (var f in facs)
        {
            if (!orgIndex.ContainsKey(f.OrganizationId))
            {
                problems.Add(new($"facility {f.Id}", "organization_id", $"unknown organization '{f.OrganizationId}'"));
            }
        }
        foreach (var o in offs)
        {
            if (!partIndex.ContainsKey(o.PartId))
            {
                problems.Add(new($"offer {o.Id}", "part_id", $"unknown part '{o.PartId}'"));
            }
            if (!facIndex.ContainsKey(o.FacilityId))
            {
                problems.Add(new($"offer {o.Id}", "facility_id", $"unknown facility '{o.FacilityId}'"));
            }
            if (!(o.CapacityPerMonth >= 0) || double.IsInfinity(o.CapacityPerMonth))
            {
                problems.Add(new($"offer {o.Id}", "capacity_per_month", $"must be a number ≥ 0, not {o.CapacityPerMonth}"));
            }
            if (o.LeadTimeDays < 0)
            {
                problems.Add(new($"offer {o.Id}", "lead_time_days", $"must be ≥ 0, not {o.LeadTimeDays}"));
            }
        }
        var slotOf = new Dictionary<(int Offer, int Part), int>();
        var slots = new List<(int Offer, int Part, double Quantity, List<int> Sources)>();
        var inputRow = 0;
        foreach (var i in inputs)
        {
            inputRow++;
            var row = inputRow;
            string Record() => $"input {row} ({i.OfferId} ← {i.PartId})";
            var ok = true;
            if (!offerIndex.TryGetValue(i.OfferId, out var o))
            {
                problems.Add(new(Record(), "offer_id", $"unknown offer '{i.OfferId}'"));
                ok = false;
            }
            if (!partIndex.TryGetValue(i.PartId, out var p))
            {
                problems.Add(new(Record(), "input_part_id", $"unknown part '{i.PartId}'"));
                ok = false;
            }
            if (!(i.QuantityPerUnit > 0) || double.IsInfinity(i.QuantityPerUnit))
            {
                problems.Add(new(Record(), "quantity_per_unit", $"must be a number > 0, not {i.QuantityPerUnit}"));
                ok = false;
            }
            if (!ok)
            {
                continue;
            }
            if (!slotOf.TryAdd((o, p), slots.Count))
            {
                problems.Add(new(Record(), "input_part_id", $"offer '{i.OfferId}' already lists input '{i.PartId}'"));
                continue;
            }
            slots.Add((o, p, i.QuantityPerUnit, []));
        }
        var sourceRow = 0;
        var seen = new HashSet<(int, int)>();
        foreach (var s in sources)
        {
            sourceRow++;
            var row = sourceRow;
            string Record() => $"approved source {row} ({s.OfferId} ← {s.InputPartId} from {s.SourceOfferId})";
            if (!offerIndex.TryGetValue(s.OfferId, out var o))
            {
                problems.Add(new(Record(), "offer_id", $"unknown offer '{s.OfferId}'"));
                continue;
            }
            if (!partIndex.TryGetValue(s.InputPartId, out var p))
            {
                problems.Add(new(Record(), "input_part_id", $"unknown part '{s.InputPartId}'"));
                continue;
            }
            if (!offerIndex.TryGetValue(s.SourceOfferId, out var src))
            {
                problems.Add(new(Record(), "source_offer_id", $"unknown offer '{s.SourceOfferId}'"));
                continue;
            }
            if (!slotOf.TryGetValue((o, p), out var slot))
            {
                problems.Add(new(Record(), "input_part_id", $"offer '{s.OfferId}' has no input '{s.InputPartId}'"));
                continue;
            }
            if (!string.Equals(offs[src].PartId, s.InputPartId, StringComparison.Ordinal))
            {
                problems.Add(new(Record(), "source_offer_id", $"offer '{s.SourceOfferId}' makes '{offs[src].PartId}', not '{s.InputPartId}'"));
                continue;
            }
            if (!seen.Add((slot, src)))
            {
                problems.Add(new(Record(), "source_offer_id", "listed twice"));
                continue;
            }
            slots[slot].Sources.Add(src);
        }
        if (problems.Count > 0)
        {
            throw new NetworkInputException(problems);
        }
        // Sort slots by owner offer (stable: input order within an offer).
        var ordered = slots.Select((s, i) => (s, i)).OrderBy(t => t.s.Offer).ThenBy(t => t.i).Select(t => t.s).ToList();
        return new SupplyNetwork(orgs, facs, prts, offs, orgIndex, facIndex, partIndex, offerIndex, ordered);
    }

    private static Dictionary<string, int> Index<T>(T[] items, Func<T, string> id, string kind, List<NetworkProblem> problems)
    {
        var index = new Dictionary<string, int>(items.Length, StringComparer.Ordinal);
        for (var i = 0; i < items.Length; i++)
        {
            var key = id(items[i]);
            if (string.IsNullOrEmpty(key))
            {
                problems.Add(new($"{kind} #{i + 1}", "id", "is empty"));
            }
            else if (!index.TryAdd(key, i))
            {
                problems.Add(new($"{kind} {key}", "id", "appears twice"));
            }
        }
        return index;
    }

    /// <summary>A CSR grouping of (group, item) pairs: items of group g at Items[Start[g] .. Start[g + 1]).</summary>
    private static (int[] Start, int[] Items) Group(int groups, IEnumerable<(int Group, int Item)> pairs)
    {
        var list = pairs.ToList();
        var start = new int[groups + 1];
        foreach (var (g, _) in list)
        {
            start[g + 1]++;
        }
        for (var g = 0; g < groups; g++)
        {
            start[g + 1] += start[g];
        }
        var fill = (int[])start.Clone();
        var items = new int[list.Count];
        foreach (var (g, item) in list)
        {
            items[fill[g]++] = item;
        }
        return (start, items);
    }
}
