using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Registry.Details;

/// <summary>One line of a bill of materials: an offer of one part consumes so many of another.</summary>
public sealed record BomLine(string OfferId, string PartId, decimal QuantityPerUnit);

/// <param name="Inputs">What the offers of this part consume (its bill of materials).</param>
/// <param name="UsedIn">Which offers of other parts consume this part.</param>
public sealed record PartDetail(
    Part Part,
    IReadOnlyList<SourcingOffer> Offers,
    IReadOnlyDictionary<string, LocalName> FacilityNames,
    IReadOnlyList<BomLine> Inputs,
    IReadOnlyList<BomLine> UsedIn,
    IReadOnlyDictionary<string, LocalName> PartNames,
    IReadOnlyList<DefenseProgram> Programs) : IRecordDetail
{
    public MarkedEntity Record => Part;
    public string EnglishTitle => Part.Name;
    public string? JapaneseTitle => Part.NameJa;
    public string Partial => "Details/_Part";

    public IEnumerable<Marking> RelatedMarkings => Offers.Select(o => o.Marking).Concat(Programs.Select(p => p.Marking));

    public static async Task<PartDetail?> LoadAsync(AppDbContext db, string id, CancellationToken ct)
    {
        var part = await RegistryCatalog.Parts.FindAsync(db, id, ct);
        if (part is null)
        {
            return null;
        }
        var offers = await db.Offers.AsNoTracking().Where(o => o.PartId == id).OrderBy(o => o.FacilityId).ToListAsync(ct);
        var facilityIds = offers.Select(o => o.FacilityId).Distinct().ToList();
        var facilities = await db.Facilities.AsNoTracking().Where(f => facilityIds.Contains(f.Id))
            .ToDictionaryAsync(f => f.Id, f => Localized.Name(f.Name, f.NameJa), StringComparer.Ordinal, ct);

        var offerIds = offers.Select(o => o.Id).ToList();
        var inputs = await db.OfferInputs.AsNoTracking().Where(i => offerIds.Contains(i.OfferId))
            .OrderBy(i => i.OfferId).ThenBy(i => i.InputPartId)
            .Select(i => new BomLine(i.OfferId, i.InputPartId, i.QuantityPerUnit)).ToListAsync(ct);
        // Joined with Offers so that only offers the reader may see are listed.
        var usedIn = await (from i in db.OfferInputs.AsNoTracking()
                            where i.InputPartId == id
                            join o in db.Offers.AsNoTracking() on i.OfferId equals o.Id
                            orderby o.PartId, o.Id
                            select new BomLine(o.Id, o.PartId, i.QuantityPerUnit)).ToListAsync(ct);

        var partIds = inputs.Select(i => i.PartId).Concat(usedIn.Select(u => u.PartId)).Distinct().ToList();
        var parts = await db.Parts.AsNoTracking().Where(p => partIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => Localized.Name(p.Name, p.NameJa), StringComparer.Ordinal, ct);
        var programs = await db.Programs.AsNoTracking().Where(p => p.EndItemPartIds.Contains(id)).OrderBy(p => p.Name).ToListAsync(ct);
        return new PartDetail(part, offers, facilities, inputs, usedIn, parts, programs);
    }
}
