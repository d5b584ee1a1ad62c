using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Engines.Network;

namespace Musubi.Core.Features.Network;

/// <summary>What the registry's supply network holds for one reader, with the lists it was built from.</summary>
internal sealed record NetworkData(SupplyNetwork Network, int HiddenOffers, IReadOnlyList<NetworkInput> Inputs);

/// <summary>
/// Builds the registry's supply network as one reader sees it (ADR 0002): organizations, facilities, parts and offers
/// are read through the access policy installed on <see cref="AppDbContext"/> for its <see cref="AppDbContext.Scope"/>,
/// so a record the reader may not see is not in the network. An offer the reader may see whose part or facility they
/// may not (or whose facility's organization they may not) is left out and counted; so is an offer with an input of a
/// part the reader may not see, or restricted to approved sources none of which the reader may see (it must not fall
/// back to "any qualified offer"). So a reader may see an item as less robust than it is, never more. Offer inputs and
/// approved sources, which have no marking of their own, are kept only when their offer, their input part and their
/// source offer are in the network.
/// </summary>
public static class NetworkRegistryLoader
{
    /// <summary>The network the reader of <paramref name="db"/> (its <see cref="AppDbContext.Scope"/>) may see, and how many visible offers were left out because their part or facility is hidden.</summary>
    public static async Task<(SupplyNetwork Network, int HiddenOffers)> LoadAsync(AppDbContext db, CancellationToken ct = default)
    {
        var data = await LoadDataAsync(db, ct);
        return (data.Network, data.HiddenOffers);
    }

    internal static async Task<NetworkData> LoadDataAsync(AppDbContext db, CancellationToken ct)
    {
        var organizations = await db.Organizations.AsNoTracking()
            .Select(o => new NetworkOrganization(o.Id, o.Name, o.Country))
            .ToListAsync(ct);
        var organizationIds = organizations.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var facilities = (await db.Facilities.AsNoTracking()
                .Select(f => new { f.Id, f.OrganizationId, f.Name, f.Country, f.Region })
                .ToListAsync(ct))
            .Where(f => organizationIds.Contains(f.OrganizationId))
            .Select(f => new NetworkFacility(f.Id, f.OrganizationId, f.Name, f.Country, f.Region ?? ""))
            .ToList();
        var facilityIds = facilities.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var parts = await db.Parts.AsNoTracking()
            .Select(p => new NetworkPart(p.Id, p.Name, p.EndItem))
            .ToListAsync(ct);
        var partIds = parts.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var offerRows = await db.Offers.AsNoTracking()
            .Select(o => new { o.Id, o.PartId, o.FacilityId, o.CapacityPerMonth, o.LeadTimeDays, o.Qualified, o.QualificationMonths, o.QualificationCostUsd })
            .ToListAsync(ct);
        var offers = new List<NetworkOffer>(offerRows.Count);
        var hidden = 0;
        foreach (var o in offerRows)
        {
            if (!partIds.Contains(o.PartId) || !facilityIds.Contains(o.FacilityId))
            {
                hidden++;
                continue;
            }
            offers.Add(new NetworkOffer(o.Id, o.PartId, o.FacilityId, (double)o.CapacityPerMonth, o.LeadTimeDays, o.Qualified, o.QualificationMonths, (double?)o.QualificationCostUsd));
        }
        var inputRows = await db.OfferInputs.AsNoTracking()
            .Select(i => new { i.OfferId, i.InputPartId, i.QuantityPerUnit })
            .ToListAsync(ct);
        var sourceRows = await db.ApprovedSources.AsNoTracking()
            .Select(s => new { s.OfferId, s.InputPartId, s.SourceOfferId })
            .ToListAsync(ct);
        // An offer needing a part the reader may not see, or an input restricted to approved sources none of which the
        // reader may see (it must not fall back to "any qualified offer"), cannot be shown to produce: the offer is
        // left out (and counted) instead — never shown as needing less than it does — until no such input is left.
        var restricted = sourceRows.Select(s => (s.OfferId, s.InputPartId)).ToHashSet();
        Dictionary<string, string> offerPart;
        while (true)
        {
            offerPart = offers.ToDictionary(o => o.Id, o => o.PartId, StringComparer.Ordinal);
            var known = offerPart;
            var served = sourceRows
                .Where(s => known.TryGetValue(s.SourceOfferId, out var made) && string.Equals(made, s.InputPartId, StringComparison.Ordinal))
                .Select(s => (s.OfferId, s.InputPartId))
                .ToHashSet();
            var starved = inputRows
                .Where(i => known.ContainsKey(i.OfferId)
                    && (!partIds.Contains(i.InputPartId) || (restricted.Contains((i.OfferId, i.InputPartId)) && !served.Contains((i.OfferId, i.InputPartId)))))
                .Select(i => i.OfferId)
                .ToHashSet(StringComparer.Ordinal);
            if (starved.Count == 0)
            {
                break;
            }
            hidden += offers.RemoveAll(o => starved.Contains(o.Id));
        }
        var inputs = inputRows
            .Where(i => offerPart.ContainsKey(i.OfferId) && partIds.Contains(i.InputPartId))
            .Select(i => new NetworkInput(i.OfferId, i.InputPartId, (double)i.QuantityPerUnit))
            .ToList();
        var inputPairs = inputs.Select(i => (i.OfferId, i.PartId)).ToHashSet();
        var sources = sourceRows
            .Where(s => inputPairs.Contains((s.OfferId, s.InputPartId))
                && offerPart.TryGetValue(s.SourceOfferId, out var made) && string.Equals(made, s.InputPartId, StringComparison.Ordinal))
            .Select(s => new NetworkSource(s.OfferId, s.InputPartId, s.SourceOfferId))
            .ToList();
        var network = SupplyNetwork.Build(organizations, facilities, parts, offers, inputs, sources);
        return new NetworkData(network, hidden, inputs);
    }
}
