using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Data;
using Musubi.Web.Auth;
using Musubi.Web.Pages.Registry.Details;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Registry;

/// <summary>
/// <c>/registry/{kind}/{id}</c>: every field of one record and the records it links to. A record the reader may not
/// read answers exactly as one that does not exist (404), so the page does not confirm that it exists.
/// </summary>
public sealed class DetailModel(AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Collection { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    public RegistryKind? Registry { get; private set; }

    public IRecordDetail? Detail { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Registry = RegistryKinds.Find(Collection);
        var id = Id ?? "";
        Detail = Registry?.Slug switch
        {
            "organizations" => await OrganizationDetail.LoadAsync(db, id, ct),
            "facilities" => await FacilityDetail.LoadAsync(db, id, ct),
            "capabilities" => await CapabilityDetail.LoadAsync(db, id, ct),
            "parts" => await PartDetail.LoadAsync(db, id, ct),
            "programs" => await ProgramDetail.LoadAsync(db, id, ct),
            "requirements" => await RequirementDetail.LoadAsync(db, id, ct),
            "agreements" => await AgreementDetail.LoadAsync(db, id, ct),
            _ => null,
        };
        if (Detail is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await HttpContext.AuditMarkedReadAsync(db, Registry!.Slug, Detail.Record, ct);
        ViewData[PageMarking.ViewDataKey] = PageMarking.Combine(Detail.RelatedMarkings.Append(Detail.Record.Marking));
    }
}
