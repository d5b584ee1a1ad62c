using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Screening;
using Musubi.Engines.Network;

namespace Musubi.Core.Features.Network;

/// <summary>
/// Supply-network risk over the registry (issue #5; docs/engines/network.md): end items, critical units and pairs,
/// concentration, disruption what-ifs, the tiered graph and the briefing. Scoped: one per request or CLI run, over the
/// caller's <see cref="AppDbContext"/>, whose <see cref="AppDbContext.Scope"/> decides what the network holds
/// (<see cref="NetworkRegistryLoader"/>): results never name a record the caller may not see. Bad input throws
/// <see cref="NetworkValidationException"/> naming the field; each analysis appends a <c>network.analyzed</c> audit event.
/// </summary>
public sealed partial class NetworkService(AppDbContext db, TimeProvider clock)
{
    private NetworkData? _data;

    /// <summary>How many offers the caller may see were left out because their part or facility is hidden (after the network is loaded).</summary>
    public int? HiddenOffers => _data?.HiddenOffers;

    /// <summary>The network as the caller sees it, loaded once per service.</summary>
    public async Task<SupplyNetwork> NetworkAsync(CancellationToken ct = default) => (await DataAsync(ct)).Network;

    private async Task<NetworkData> DataAsync(CancellationToken ct) => _data ??= await NetworkRegistryLoader.LoadDataAsync(db, ct);

    /// <summary>The end items the caller may see, with whether each is producible now.</summary>
    public async Task<NetworkItems> ItemsAsync(CancellationToken ct = default)
    {
        var data = await DataAsync(ct);
        var network = data.Network;
        var feasible = Feasibility.Compute(network);
        var offers = network.AllOffers;
        var byPart = new Dictionary<string, (int All, int Qualified, bool Producing)>(StringComparer.Ordinal);
        for (var o = 0; o < offers.Count; o++)
        {
            var c = byPart.GetValueOrDefault(offers[o].PartId);
            byPart[offers[o].PartId] = (c.All + 1, c.Qualified + (offers[o].Qualified ? 1 : 0), c.Producing || feasible[o]);
        }
        var items = network.AllParts
            .Where(p => p.EndItem)
            .Select(p =>
            {
                var c = byPart.GetValueOrDefault(p.Id);
                return new NetworkItem(p.Id, p.Name, c.Producing, c.All, c.Qualified);
            })
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .ThenBy(i => i.PartId, StringComparer.Ordinal)
            .ToList();
        return new NetworkItems(items, data.HiddenOffers, network.OfferCount, network.PartCount);
    }

    /// <summary>The units whose single loss stops <paramref name="item"/>, with why.</summary>
    public async Task<CriticalResult> CriticalAsync(string? item, UnitKind kind, AuditTrail audit, CancellationToken ct = default)
    {
        var network = await NetworkAsync(ct);
        var part = NetworkQuestions.Item(network, item);
        var result = CriticalUnits.Find(network, part.Id, kind);
        await AuditAsync(audit, "critical", part.Id, new { unit = UnitRef.KindName(kind), critical = result.Critical.Count, result.Producible }, ct);
        return result;
    }

    /// <summary>
    /// The critical units of every end item of <paramref name="program"/> (its end items, as the registry records
    /// them): a program the reader may not see reads as unknown; end items outside the reader's network are listed.
    /// </summary>
    public async Task<ProgramCritical> ProgramCriticalAsync(string? program, UnitKind kind, AuditTrail audit, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(program))
        {
            throw new NetworkValidationException("program", "a program id is required");
        }
        var found = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == program, ct)
            ?? throw new NetworkValidationException("program", $"unknown program '{program}'");
        var network = await NetworkAsync(ct);
        var items = new List<CriticalResult>();
        var missing = new List<string>();
        foreach (var id in found.EndItemPartIds.Distinct(StringComparer.Ordinal))
        {
            if (network.FindPart(id) is null)
            {
                missing.Add(id);
            }
            else
            {
                items.Add(CriticalUnits.Find(network, id, kind));
            }
        }
        var shared = items
            .SelectMany(r => r.Critical.Select(c => (c.Unit, c.Name, r.Item)))
            .GroupBy(x => x.Unit, StringComparer.Ordinal)
            .Where(g => g.Select(x => x.Item).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => new SharedCriticalUnit(g.Key, g.First().Name, [.. g.Select(x => x.Item).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))
            .OrderByDescending(u => u.Items.Count)
            .ThenBy(u => u.Unit, StringComparer.Ordinal)
            .ToList();
        await AuditAsync(audit, "critical", "program:" + found.Id, new { unit = UnitRef.KindName(kind), items = items.Count, shared = shared.Count }, ct);
        return new ProgramCritical(found.Id, found.Name, UnitRef.KindName(kind), items, missing, shared);
    }

    /// <summary>The pairs of units, neither critical alone, whose joint loss stops <paramref name="item"/>; the <paramref name="top"/> holding most capacity.</summary>
    public async Task<CriticalPairsResult> PairsAsync(string? item, UnitKind kind, int? top, AuditTrail audit, CancellationToken ct = default)
    {
        var n = NetworkQuestions.Top(top);
        var network = await NetworkAsync(ct);
        var part = NetworkQuestions.Item(network, item);
        var result = CriticalUnits.Pairs(network, part.Id, kind, n);
        await AuditAsync(audit, "pairs", part.Id, new { unit = UnitRef.KindName(kind), top = n, pairs = result.Pairs.Count }, ct);
        return result;
    }

    /// <summary>
    /// Concentration per tier and part upstream of <paramref name="item"/>. The flagged share is the capacity of
    /// organizations with an open or confirmed screening hit (<see cref="FlaggedOrganizationsAsync"/>).
    /// </summary>
    public async Task<ConcentrationResult> ConcentrationAsync(string? item, IReadOnlyCollection<string>? adversaries, AuditTrail audit, CancellationToken ct = default)
    {
        var countries = NetworkQuestions.Adversaries(adversaries);
        var network = await NetworkAsync(ct);
        var part = NetworkQuestions.Item(network, item);
        var flagged = await FlaggedOrganizationsAsync(ct);
        var result = Concentration.Analyze(network, part.Id, new ConcentrationOptions(countries, flagged));
        await AuditAsync(audit, "concentration", part.Id, new { adversaries = countries, flagged = flagged.Count }, ct);
        return result;
    }

    /// <summary>
    /// Organizations the caller may see with an open hit (a screening record whose match or review decision still waits
    /// for review, in their latest screening) or a confirmed match in any review. Empty when nothing was screened.
    /// </summary>
    public async Task<IReadOnlyList<string>> FlaggedOrganizationsAsync(CancellationToken ct = default)
    {
        var records = await db.ScreeningRecords.AsNoTracking()
            .Where(r => r.OrganizationId != null)
            .Select(r => new { r.OrganizationId, r.ScreenedAt, r.ReviewStatus, r.ReviewDecision })
            .ToListAsync(ct);
        return records
            .GroupBy(r => r.OrganizationId!, StringComparer.Ordinal)
            .Where(g => g.Any(r => r.ReviewDecision == ScreeningRecord.ConfirmedMatch)
                || g.MaxBy(r => r.ScreenedAt)!.ReviewStatus == ScreeningRecord.ReviewPending)
            .Select(g => g.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The item's network for the UI: parts by tier (fewest bill-of-materials steps from the item), each with its inputs
    /// and offers (facility, organization, country, region, capacity, qualified, producing), and which offers' units at
    /// <paramref name="kind"/> are critical.
    /// </summary>
    public async Task<NetworkGraph> GraphAsync(string? item, UnitKind kind, AuditTrail audit, CancellationToken ct = default)
    {
        var data = await DataAsync(ct);
        var network = data.Network;
        var part = NetworkQuestions.Item(network, item);
        var critical = CriticalUnits.Find(network, part.Id, kind);
        var graph = BuildGraph(network, data.Inputs, part, kind, critical, data.HiddenOffers);
        await AuditAsync(audit, "graph", part.Id, new { unit = UnitRef.KindName(kind), parts = graph.Tiers.Sum(t => t.Parts.Count) }, ct);
        return graph;
    }

    internal static NetworkGraph BuildGraph(SupplyNetwork network, IReadOnlyList<NetworkInput> inputs, NetworkPart item, UnitKind kind, CriticalResult critical, int hidden)
    {
        var offers = network.AllOffers;
        var feasible = Feasibility.Compute(network);
        var offersOf = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var o = 0; o < offers.Count; o++)
        {
            if (!offersOf.TryGetValue(offers[o].PartId, out var list))
            {
                offersOf[offers[o].PartId] = list = [];
            }
            list.Add(o);
        }
        var inputsOf = inputs.GroupBy(i => i.OfferId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(i => i.PartId).ToList(), StringComparer.Ordinal);
        var tier = new Dictionary<string, int>(StringComparer.Ordinal) { [item.Id] = 0 };
        var order = new List<string> { item.Id };
        for (var head = 0; head < order.Count; head++)
        {
            foreach (var o in offersOf.GetValueOrDefault(order[head]) ?? [])
            {
                foreach (var input in inputsOf.GetValueOrDefault(offers[o].Id) ?? [])
                {
                    if (tier.TryAdd(input, tier[order[head]] + 1))
                    {
                        order.Add(input);
                    }
                }
            }
        }
        var criticalUnits = critical.Critical.Select(c => c.Unit).ToHashSet(StringComparer.Ordinal);
        var facilities = network.AllFacilities.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var organizations = network.AllOrganizations.ToDictionary(o => o.Id, StringComparer.Ordinal);
        var parts = order.Select(id =>
        {
            var p = network.FindPart(id)!;
            var mine = offersOf.GetValueOrDefault(id) ?? [];
            var graphOffers = mine.Select(o =>
            {
                var offer = offers[o];
                var facility = facilities[offer.FacilityId];
                var organization = organizations[facility.OrganizationId];
                var unit = network.UnitOf(o, kind).ToString();
                return new GraphOffer(offer.Id, facility.Id, facility.Name, organization.Id, organization.Name, facility.Country,
                    SupplyNetwork.RegionKey(facility), offer.CapacityPerMonth, offer.Qualified, feasible[o], unit, criticalUnits.Contains(unit));
            }).OrderByDescending(o => o.Producing).ThenByDescending(o => o.CapacityPerMonth).ThenBy(o => o.OfferId, StringComparer.Ordinal).ToList();
            var partInputs = mine.SelectMany(o => inputsOf.GetValueOrDefault(offers[o].Id) ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return new GraphPart(p.Id, p.Name, tier[id], mine.Any(o => feasible[o]), partInputs, graphOffers);
        }).ToList();
        var tiers = parts.GroupBy(p => p.Tier).OrderBy(g => g.Key)
            .Select(g => new GraphTier(g.Key, [.. g.OrderBy(p => p.PartId, StringComparer.Ordinal)]))
            .ToList();
        return new NetworkGraph(item.Id, item.Name, UnitRef.KindName(kind), critical.Producible, tiers, critical.Critical, critical.Cycles, hidden);
    }

    private Task AuditAsync(AuditTrail audit, string analysis, string? item, object detail, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(new { analysis, item, hiddenOffers = _data?.HiddenOffers, detail });
        return audit.AppendAsync(db, NetworkAuditTypes.Analyzed, AuditOutcomes.Success, "network/" + (item ?? analysis), json, ct);
    }
}
