using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Screening;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages.Screening;

/// <summary><c>/screening/alerts</c>: continuous-screening alerts (new hits and cleared ones) of organizations the reader may see, newest first, with acknowledgement.</summary>
[Authorize(Roles = "compliance_officer,program_manager,administrator")]
public sealed class AlertsModel(ScreeningService service) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Open { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PagedList<ScreeningAlert> Alerts { get; private set; } = new([], 0, 1, 50);

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public int PageCount => Math.Max(1, (Alerts.Total + Alerts.PageSize - 1) / Alerts.PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Alerts = await service.ListAlertsAsync(new ScreeningAlertQuery
            {
                Kind = string.IsNullOrEmpty(Kind) ? null : Kind,
                OpenOnly = Open,
                Page = PageNumber,
            }, ct);
        }
        catch (ScreeningInputException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                Errors[field] = [.. messages];
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync(string id, CancellationToken ct)
    {
        if (await service.AcknowledgeAlertAsync(id, HttpContext.AuditTrail(), ct) is null)
        {
            return NotFound();
        }
        return Redirect(Link(PageNumber));
    }

    public string Link(int page) => "/screening/alerts?" + string.Join('&', new[]
    {
        ("kind", Kind),
        ("open", Open ? "true" : null),
        ("page", page.ToString(CultureInfo.InvariantCulture)),
    }.Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));
}
