using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.PriorityRequests;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.PriorityRequests;

/// <summary>
/// <c>/priority</c>: the priority-delivery requests the reader may see (docs/priority-requests.md) — the dashboard
/// (counts, open requests by state and age as a stacked SVG chart with its table, the median time in each state per
/// acting nation, the CSV export) and the list, filtered by state, nation and overdue, a page at a time. The access
/// rules are the service's: a request the reader may not see is in no count, chart or row.
/// </summary>
public sealed class IndexModel(PriorityRequestService service, AppDbContext db, IStringLocalizer<UiText> l) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Nation { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PriorityDashboard Dashboard { get; private set; } = null!;

    public PriorityAgeingChart Chart { get; private set; } = null!;

    public PriorityRequestPage Requests { get; private set; } = null!;

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public int PageCount => Math.Max(1, (Requests.Total + PageSize - 1) / PageSize);

    private Dictionary<string, string?> _partsJa = new(StringComparer.Ordinal);
    private Dictionary<string, string?> _organizationsJa = new(StringComparer.Ordinal);

    public LocalName PartName(PriorityRequestSummary r) => Localized.Name(r.PartName ?? r.PartId, _partsJa.GetValueOrDefault(r.PartId));

    public LocalName SupplierName(PriorityRequestSummary r) =>
        Localized.Name(r.SupplierName ?? r.SupplierOrganizationId, _organizationsJa.GetValueOrDefault(r.SupplierOrganizationId));

    /// <summary>This list with another page (the filters kept).</summary>
    public string Link(int page)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(State))
        {
            query.Add("state=" + Uri.EscapeDataString(State));
        }
        if (!string.IsNullOrEmpty(Nation))
        {
            query.Add("nation=" + Uri.EscapeDataString(Nation));
        }
        if (Overdue)
        {
            query.Add("overdue=true");
        }
        query.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return PriorityPages.ListPath + "?" + string.Join('&', query);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        State = string.IsNullOrWhiteSpace(State) ? null : State.Trim();
        Nation = string.IsNullOrWhiteSpace(Nation) ? null : Nation.Trim().ToUpperInvariant();
        if (State is not null && !PriorityStates.IsKnown(State))
        {
            Errors["state"] = [l["Priority.StateUnknown", State].Value];
            State = null;
        }
        if (Nation is not null && !PriorityPages.Nations.Contains(Nation, StringComparer.Ordinal))
        {
            Errors["nation"] = [l["Priority.NationUnknown", Nation].Value];
            Nation = null;
        }
        PageNumber = Math.Max(1, PageNumber);
        Dashboard = await service.DashboardAsync(ct);
        Chart = PriorityPages.AgeingChart(l, Dashboard);
        Requests = await service.ListAsync(new PriorityRequestFilter(State, Nation, Overdue ? true : null, PageNumber, PageSize), ct);
        if (Requests.Items.Count == 0 && PageNumber > 1 && Requests.Total > 0)
        {
            PageNumber = PageCount;
            Requests = await service.ListAsync(new PriorityRequestFilter(State, Nation, Overdue ? true : null, PageNumber, PageSize), ct);
        }
        ViewData[PageMarking.ViewDataKey] = PageMarking.Combine(Requests.Items.Select(r => r.Marking));
        await LoadJapaneseNamesAsync(ct);
        return Page();
    }

    /// <summary>The registry's Japanese names of the parts and suppliers on the page, when the reader reads Japanese.</summary>
    private async Task LoadJapaneseNamesAsync(CancellationToken ct)
    {
        if (!Localized.Japanese || Requests.Items.Count == 0)
        {
            return;
        }
        var parts = Requests.Items.Select(r => r.PartId).Distinct(StringComparer.Ordinal).ToList();
        var organizations = Requests.Items.Select(r => r.SupplierOrganizationId).Distinct(StringComparer.Ordinal).ToList();
        _partsJa = await db.Parts.Where(p => parts.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.NameJa, StringComparer.Ordinal, ct);
        _organizationsJa = await db.Organizations.Where(o => organizations.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.NameJa, StringComparer.Ordinal, ct);
    }
}
