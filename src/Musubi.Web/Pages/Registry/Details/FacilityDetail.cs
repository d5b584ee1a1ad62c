using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Registry.Details;

public sealed record FacilityDetail(
    Facility Facility,
    Organization? Organization,
    IReadOnlyList<FacilityCapability> Capabilities,
    IReadOnlyDictionary<string, LocalName> CapabilityLabels,
    IReadOnlyList<SourcingOffer> Offers,
    IReadOnlyDictionary<string, LocalName> PartNames) : IRecordDetail
{
    public MarkedEntity Record => Facility;
    public string EnglishTitle => Facility.Name;
    public string? JapaneseTitle => Facility.NameJa;
    public string Partial => "Details/_Facility";

    public IEnumerable<Marking> RelatedMarkings =>
        Capabilities.Select(c => c.Marking).Concat(Offers.Select(o => o.Marking)).Concat(Organization is null ? [] : [Organization.Marking]);

    public static async Task<FacilityDetail?> LoadAsync(AppDbContext db, string id, CancellationToken ct)
    {
        var facility = await RegistryCatalog.Facilities.FindAsync(db, id, ct);
        if (facility is null)
        {
            return null;
        }
        // Related records are read separately (never Include): each goes through its own access filter.
        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == facility.OrganizationId, ct);
        var capabilities = await db.FacilityCapabilities.AsNoTracking().Where(c => c.FacilityId == id).OrderBy(c => c.CapabilityCode).ToListAsync(ct);
        var labels = await RecordDetail.CapabilityLabelsAsync(db, capabilities.Select(c => c.CapabilityCode), ct);
        var offers = await db.Offers.AsNoTracking().Where(o => o.FacilityId == id).OrderBy(o => o.PartId).ToListAsync(ct);
        var partIds = offers.Select(o => o.PartId).Distinct().ToList();
        var parts = await db.Parts.AsNoTracking().Where(p => partIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => Localized.Name(p.Name, p.NameJa), StringComparer.Ordinal, ct);
        return new FacilityDetail(facility, organization, capabilities, labels, offers, parts);
    }
}
