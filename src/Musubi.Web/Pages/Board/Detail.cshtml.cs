using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Board;
using Musubi.Core.Features.Matching;
using Musubi.Web.Auth;
using Musubi.Web.Pages.Registry.Details;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Board;

/// <summary>
/// <c>/board/{id}</c>: one requirement as the reader may see it — what is needed, when, how it is funded and bought,
/// its milestones (ICS download, <c>?handler=Ics</c>) — and "Suggested suppliers": the matcher's ranking of the supplier
/// facilities the reader may see (docs/engines/matching.md), each with its explanation (every filter passed and each
/// score's contribution), and on request (<c>?excluded=true</c>) the visible candidates a hard filter excluded and why.
/// A requirement the reader may not see is a 404, the same as one that does not exist.
/// </summary>
public sealed class DetailModel(BoardService board, MatchingService matching, AppDbContext db) : PageModel
{
    /// <summary>How many suppliers the page suggests.</summary>
    public const int Top = 10;

    [BindProperty(SupportsGet = true)]
    public bool Excluded { get; set; }

    public BoardRequirementView? Item { get; private set; }

    public MatchRequirementResult? Match { get; private set; }

    private IReadOnlyDictionary<string, LocalName> _capabilities = new Dictionary<string, LocalName>();
    private Dictionary<string, string?> _facilitiesJa = new(StringComparer.Ordinal);
    private Dictionary<string, string?> _organizationsJa = new(StringComparer.Ordinal);
    private LocalName? _awarded;

    public LocalName CapabilityLabel(string code) => _capabilities.Label(code);

    public LocalName Organization(string id, string name) => Localized.Name(name, _organizationsJa.GetValueOrDefault(id));

    public LocalName Facility(string id, string name) => Localized.Name(name, _facilitiesJa.GetValueOrDefault(id));

    public LocalName? Awarded => _awarded;

    public string IcsHref => BoardPages.DetailPath(Item!.Id) + "?handler=Ics";

    public string ExcludedHref(bool show) => BoardPages.DetailPath(Item!.Id) + (show ? "?excluded=true" : "") + "#suppliers-title";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        Item = await board.GetAsync(id, ct);
        if (Item is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        ViewData[PageMarking.ViewDataKey] = PageMarking.Combine([Item.Marking]);
        Match = await matching.MatchRequirementAsync(Item.Id, Top, Excluded, null, HttpContext.AuditTrail(), ct);
        _capabilities = await RecordDetail.CapabilityLabelsAsync(db, Item.CapabilityCodes, ct);
        var organizations = new List<string>();
        var facilities = new List<string>();
        if (Match is not null)
        {
            organizations.AddRange(Match.Ranking.Results.Select(r => r.OrganizationId).Concat(Match.Ranking.Excluded.Select(r => r.OrganizationId)));
            facilities.AddRange(Match.Ranking.Results.Select(r => r.FacilityId).Concat(Match.Ranking.Excluded.Select(r => r.FacilityId)));
        }
        if (Item.AwardedOrganizationId is { } awarded)
        {
            organizations.Add(awarded);
        }
        // Names come through the reader's access (the db's query filters): a name the reader may not see stays unknown.
        var orgs = await db.Organizations.AsNoTracking().Where(o => organizations.Contains(o.Id))
            .Select(o => new { o.Id, o.Name, o.NameJa }).ToListAsync(ct);
        _organizationsJa = orgs.ToDictionary(o => o.Id, o => o.NameJa, StringComparer.Ordinal);
        _facilitiesJa = await db.Facilities.AsNoTracking().Where(f => facilities.Contains(f.Id))
            .ToDictionaryAsync(f => f.Id, f => f.NameJa, StringComparer.Ordinal, ct);
        if (Item.AwardedOrganizationId is { } a && orgs.FirstOrDefault(o => o.Id == a) is { } org)
        {
            _awarded = Localized.Name(org.Name, org.NameJa);
        }
        return Page();
    }

    public async Task<IActionResult> OnGetIcsAsync(string id, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        var ics = await board.RequirementIcsAsync(id, ct);
        if (ics is null)
        {
            return NotFound();
        }
        return File(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", id + "-milestones.ics");
    }
}
