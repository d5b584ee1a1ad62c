using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Matching;
using Musubi.Web.Auth;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Board;

/// <summary>
/// <c>/board/opportunities?org=ID</c> (default: the reader's own organization): "Opportunities for you" — the open
/// requirements the reader may see that the organization's facilities fit, ranked by the matcher with each one's
/// explanation (docs/engines/matching.md). An organization the reader may not see is a 404, the same as one that does
/// not exist; a reader without an organization is asked for one.
/// </summary>
public sealed class OpportunitiesModel(MatchingService matching, AppDbContext db) : PageModel
{
    /// <summary>How many requirements the page lists.</summary>
    public const int Top = 20;

    [BindProperty(SupportsGet = true, Name = "org")]
    public string? Org { get; set; }

    /// <summary>Whether the page shows the reader's own organization (no <c>org</c> in the address).</summary>
    public bool Own { get; private set; }

    public MatchSupplierResult? Result { get; private set; }

    public bool Missing { get; private set; }

    private Dictionary<string, LocalName> _facilities = new(StringComparer.Ordinal);
    private Dictionary<string, LocalName> _programs = new(StringComparer.Ordinal);

    public LocalName Facility(string id) => _facilities.TryGetValue(id, out var name) ? name : new LocalName(id, "en");

    public LocalName? Program(string? id) => id is null ? null : _programs.TryGetValue(id, out var name) ? name : new LocalName(id, "en");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        Org = string.IsNullOrWhiteSpace(Org) ? null : Org.Trim();
        if (Org is null)
        {
            Own = true;
            Org = HttpContext.CurrentPrincipal()?.OrganizationId;
            if (Org is null)
            {
                return Page();
            }
        }
        Result = await matching.MatchSupplierAsync(Org, Top, null, HttpContext.AuditTrail(), ct);
        if (Result is null)
        {
            Missing = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        var facilities = Result.Ranking.Results.Select(r => r.FacilityId).Distinct(StringComparer.Ordinal).ToList();
        _facilities = await db.Facilities.AsNoTracking().Where(f => facilities.Contains(f.Id))
            .ToDictionaryAsync(f => f.Id, f => Localized.Name(f.Name, f.NameJa), StringComparer.Ordinal, ct);
        var programs = Result.Ranking.Results.Select(r => r.ProgramId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        _programs = await db.Programs.AsNoTracking().Where(p => programs.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => Localized.Name(p.Name, p.NameJa), StringComparer.Ordinal, ct);
        return Page();
    }
}
