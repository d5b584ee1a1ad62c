using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Registry.Details;

public sealed record OrganizationDetail(
    Organization Organization,
    Organization? Parent,
    IReadOnlyList<Organization> Subsidiaries,
    IReadOnlyList<Facility> Facilities,
    IReadOnlyList<FacilityCapability> Capabilities,
    IReadOnlyDictionary<string, LocalName> CapabilityLabels) : IRecordDetail
{
    public MarkedEntity Record => Organization;
    public string EnglishTitle => Organization.Name;
    public string? JapaneseTitle => Organization.NameJa;
    public string Partial => "Details/_Organization";

    public IEnumerable<Marking> RelatedMarkings =>
        Subsidiaries.Select(s => s.Marking).Concat(Facilities.Select(f => f.Marking)).Concat(Capabilities.Select(c => c.Marking))
            .Concat(Parent is null ? [] : [Parent.Marking]);

    public IReadOnlyDictionary<string, LocalName> FacilityNames =>
        Facilities.ToDictionary(f => f.Id, f => Localized.Name(f.Name, f.NameJa), StringComparer.Ordinal);

    public static async Task<OrganizationDetail?> LoadAsync(AppDbContext db, string id, CancellationToken ct)
    {
        var organization = await RegistryCatalog.Organizations.FindAsync(db, id, ct);
        if (organization is null)
        {
            return null;
        }
        var parent = organization.ParentId is { } parentId
            ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == parentId, ct)
            : null;
        var subsidiaries = await db.Organizations.AsNoTracking().Where(o => o.ParentId == id).OrderBy(o => o.Name).ToListAsync(ct);
        var facilities = await db.Facilities.AsNoTracking().Where(f => f.OrganizationId == id).OrderBy(f => f.Name).ToListAsync(ct);
        var facilityIds = facilities.Select(f => f.Id).ToList();
        var capabilities = await db.FacilityCapabilities.AsNoTracking().Where(c => facilityIds.Contains(c.FacilityId))
            .OrderBy(c => c.CapabilityCode).ThenBy(c => c.FacilityId).ToListAsync(ct);
        var labels = await RecordDetail.CapabilityLabelsAsync(db, capabilities.Select(c => c.CapabilityCode), ct);
        return new OrganizationDetail(organization, parent, subsidiaries, facilities, capabilities, labels);
    }
}
