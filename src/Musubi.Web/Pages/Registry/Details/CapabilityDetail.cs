using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;

namespace Musubi.Web.Pages.Registry.Details;

/// <param name="Path">The taxonomy from its root down to this capability's node.</param>
/// <param name="Requirements">Requirements asking for this capability or an area it belongs to.</param>
public sealed record CapabilityDetail(
    FacilityCapability Capability,
    Facility? Facility,
    Organization? Organization,
    IReadOnlyList<CapabilityNode> Path,
    IReadOnlyList<Requirement> Requirements) : IRecordDetail
{
    public MarkedEntity Record => Capability;
    public CapabilityNode? Node => Path.Count > 0 ? Path[^1] : null;
    public string EnglishTitle => Node?.LabelEn ?? Capability.CapabilityCode;
    public string? JapaneseTitle => Node?.LabelJa;
    public string Partial => "Details/_Capability";

    public IEnumerable<Marking> RelatedMarkings =>
        Requirements.Select(r => r.Marking)
            .Concat(Facility is null ? [] : [Facility.Marking])
            .Concat(Organization is null ? [] : [Organization.Marking]);

    public static async Task<CapabilityDetail?> LoadAsync(AppDbContext db, string id, CancellationToken ct)
    {
        var capability = await RegistryCatalog.Capabilities.FindAsync(db, id, ct);
        if (capability is null)
        {
            return null;
        }
        var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == capability.FacilityId, ct);
        var organization = facility is null ? null
            : await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == facility.OrganizationId, ct);

        var path = new List<CapabilityNode>();
        for (var code = capability.CapabilityCode; code is not null && path.Count < 16;)
        {
            var node = await db.CapabilityNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Id == code, ct);
            if (node is null)
            {
                break;
            }
            path.Insert(0, node);
            code = node.ParentId;
        }

        // A requirement for "AIR.STRUCT" is met by a facility that does "AIR.STRUCT.COMPOSITE".
        var segments = capability.CapabilityCode.Split('.');
        var areas = Enumerable.Range(1, segments.Length).Select(n => string.Join('.', segments.Take(n))).ToList();
        var requirements = await db.Requirements.AsNoTracking()
            .Where(r => r.CapabilityCodes.Any(c => areas.Contains(c)))
            .OrderBy(r => r.NeedBy).ThenBy(r => r.Id).ToListAsync(ct);
        return new CapabilityDetail(capability, facility, organization, path, requirements);
    }
}
