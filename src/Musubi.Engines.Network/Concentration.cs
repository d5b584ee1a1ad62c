using System.Diagnostics;

namespace Musubi.Engines.Network;

/// <summary>
/// How concentrated an item's supply is, per part and per tier: who holds the qualified capacity (countries,
/// organizations), the Herfindahl–Hirschman index of each, single- and sole-source parts, and the share held in
/// adversary countries or by flagged organizations. Tiers are the fewest bill-of-materials steps from the item over
/// every offer (qualified or not), so a part's tier does not change when a source is lost.
/// </summary>
public static class Concentration
{
    public static ConcentrationResult Analyze(SupplyNetwork network, string itemPartId, ConcentrationOptions options)
    {
        var clock = Stopwatch.StartNew();
        var item = CriticalUnits.RequirePart(network, itemPartId);
        var adversaries = options.AdversaryCountries.Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal);
        var flagged = options.FlaggedOrganizations.ToHashSet(StringComparer.Ordinal);

        // Tiers by breadth-first search over part → input parts.
        var tier = new Dictionary<int, int> { [item] = 0 };
        var order = new List<int> { item };
        for (var head = 0; head < order.Count; head++)
        {
            var p = order[head];
            for (var i = network.PartOfferStart[p]; i < network.PartOfferStart[p + 1]; i++)
            {
                var o = network.PartOffer[i];
                for (var s = network.SlotStart[o]; s < network.SlotStart[o + 1]; s++)
                {
                    if (tier.TryAdd(network.SlotPart[s], tier[p] + 1))
                    {
                        order.Add(network.SlotPart[s]);
                    }
                }
            }
        }

        var parts = new List<PartConcentration>(order.Count);
        var upstreamOffers = 0;
        foreach (var p in order)
        {
            var byCountry = new Dictionary<string, double>(StringComparer.Ordinal);
            var byOrganization = new Dictionary<string, double>(StringComparer.Ordinal);
            var makers = new HashSet<string>(StringComparer.Ordinal);
            var qualifiedMakers = new HashSet<string>(StringComparer.Ordinal);
            var offers = 0;
            var qualified = 0;
            double total = 0, adversary = 0, flaggedCapacity = 0;
            for (var i = network.PartOfferStart[p]; i < network.PartOfferStart[p + 1]; i++)
            {
                var o = network.PartOffer[i];
                var offer = network.Offers[o];
                var facility = network.Facilities[network.OfferFacility[o]];
                offers++;
                makers.Add(facility.OrganizationId);
                if (!offer.Qualified)
                {
                    continue;
                }
                qualified++;
                qualifiedMakers.Add(facility.OrganizationId);
                var c = offer.CapacityPerMonth;
                total += c;
                byCountry[facility.Country] = byCountry.GetValueOrDefault(facility.Country) + c;
                byOrganization[facility.OrganizationId] = byOrganization.GetValueOrDefault(facility.OrganizationId) + c;
                if (adversaries.Contains(facility.Country.ToUpperInvariant()))
                {
                    adversary += c;
                }
                if (flagged.Contains(facility.OrganizationId))
                {
                    flaggedCapacity += c;
                }
            }
            upstreamOffers += offers;
            var part = network.Parts[p];
            parts.Add(new PartConcentration(
                part.Id,
                part.Name,
                tier[p],
                qualified,
                offers,
                makers.Count,
                total,
                Hhi(byOrganization.Values, total),
                Hhi(byCountry.Values, total),
                SingleSource: qualifiedMakers.Count == 1 && makers.Count > 1,
                SoleSource: makers.Count == 1,
                Share(adversary, total),
                Share(flaggedCapacity, total),
                Shares(byCountry, total, k => k),
                Shares(byOrganization, total, k => network.Organization(k).Name)));
        }

        var tiers = parts
            .Where(p => p.Tier > 0)
            .GroupBy(p => p.Tier)
            .OrderBy(g => g.Key)
            .Select(g => Tier(network, order.Where(p => tier[p] == g.Key).ToList(), g.ToList(), adversaries, flagged))
            .ToList();
        var stats = new NetworkStats(network.OfferCount, network.SourceEdgeCount, upstreamOffers, clock.ElapsedMilliseconds);
        return new ConcentrationResult(itemPartId, [.. adversaries.Order(StringComparer.Ordinal)], tiers, parts, stats);
    }

    private static TierConcentration Tier(SupplyNetwork network, List<int> partIndexes, List<PartConcentration> parts, HashSet<string> adversaries, HashSet<string> flagged)
    {
        var byCountry = new Dictionary<string, double>(StringComparer.Ordinal);
        var byOrganization = new Dictionary<string, double>(StringComparer.Ordinal);
        double total = 0, adversary = 0, flaggedCapacity = 0;
        foreach (var p in partIndexes)
        {
            for (var i = network.PartOfferStart[p]; i < network.PartOfferStart[p + 1]; i++)
            {
                var o = network.PartOffer[i];
                if (!network.Offers[o].Qualified)
                {
                    continue;
                }
                var facility = network.Facilities[network.OfferFacility[o]];
                var c = network.Offers[o].CapacityPerMonth;
                total += c;
                byCountry[facility.Country] = byCountry.GetValueOrDefault(facility.Country) + c;
                byOrganization[facility.OrganizationId] = byOrganization.GetValueOrDefault(facility.OrganizationId) + c;
                adversary += adversaries.Contains(facility.Country.ToUpperInvariant()) ? c : 0;
                flaggedCapacity += flagged.Contains(facility.OrganizationId) ? c : 0;
            }
        }
        return new TierConcentration(
            parts[0].Tier,
            parts.Count,
            total,
            Hhi(byOrganization.Values, total),
            Hhi(byCountry.Values, total),
            parts.Count(p => p.SingleSource),
            parts.Count(p => p.SoleSource),
            Share(adversary, total),
            Share(flaggedCapacity, total),
            Shares(byCountry, total, k => k),
            Shares(byOrganization, total, k => network.Organization(k).Name));
    }

    /// <summary>Σ (share in percent)²: 10,000 for one holder, 10,000 / n for n equal holders; 0 without capacity.</summary>
    internal static double Hhi(IEnumerable<double> capacities, double total) =>
        total <= 0 ? 0 : Math.Round(capacities.Sum(c => Math.Pow(100 * c / total, 2)), 1);

    private static double Share(double part, double total) => total <= 0 ? 0 : part / total;

    private static List<CapacityShare> Shares(Dictionary<string, double> capacity, double total, Func<string, string> name) =>
        [.. capacity
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new CapacityShare(kv.Key, name(kv.Key), kv.Value, Share(kv.Value, total)))];
}
