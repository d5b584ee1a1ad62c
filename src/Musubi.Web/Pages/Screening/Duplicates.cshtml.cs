using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Screening;
using Musubi.Engines.Screening;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages.Screening;

/// <summary>
/// <c>/screening/duplicates</c>: registry organizations that are probably one (both visible to the reader), best score
/// first, with the explanation; writers scan the registry and merge a pair (the first keeps everything of the second)
/// or mark it distinct.
/// </summary>
[Authorize]
public sealed class DuplicatesModel(ScreeningService service, Microsoft.Extensions.Localization.IStringLocalizer<UiText> l) : PageModel
{
    public static readonly string[] Statuses = [DuplicateCandidate.Open, DuplicateCandidate.Merged, DuplicateCandidate.Distinct];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public string? Threshold { get; set; }

    /// <summary>The candidate just decided (the page says so).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Decided { get; set; }

    public PagedList<DuplicateCandidate> Candidates { get; private set; } = new([], 0, 1, 50);

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public string? Message { get; private set; }

    public string? Conflict { get; private set; }

    public bool MayDecide => ScreeningPages.MayDecideDuplicates(User);

    public string Selected => string.IsNullOrEmpty(Status) ? DuplicateCandidate.Open : Status;

    public int PageCount => Math.Max(1, (Candidates.Total + Candidates.PageSize - 1) / Candidates.PageSize);

    public static Explanation? ExplanationOf(DuplicateCandidate c)
    {
        try
        {
            // A candidate found by a scan always carries its explanation; anything else shows none rather than half of one.
            var e = ScreeningJson.Deserialize<Explanation>(c.Explanation);
            return e is { Summary: not null, Features: not null, Tokens: not null } ? e : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static IReadOnlyList<EntityIdentifier> SharedOf(DuplicateCandidate c) => ScreeningJson.Deserialize<List<EntityIdentifier>>(c.SharedIdentifiers);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostScanAsync(CancellationToken ct)
    {
        if (!MayDecide)
        {
            return Forbid();
        }
        var t = ScreeningPages.Threshold(Threshold, "threshold", Errors);
        if (Errors.Count == 0)
        {
            try
            {
                var report = await service.ScanDuplicatesAsync(t, HttpContext.AuditTrail(), ct);
                Message = l["Screening.ScanDone", report.Organizations, report.Open, report.New];
            }
            catch (ScreeningInputException ex)
            {
                foreach (var (field, messages) in ex.Errors)
                {
                    Errors[field] = [.. messages];
                }
            }
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDecideAsync(string id, string? decision, CancellationToken ct)
    {
        if (!MayDecide)
        {
            return Forbid();
        }
        try
        {
            var decided = await service.DecideDuplicateAsync(id, decision ?? "", HttpContext.AuditTrail(), ct);
            if (decided is null)
            {
                return NotFound();
            }
            return Redirect("/screening/duplicates?decided=" + Uri.EscapeDataString(id));
        }
        catch (ScreeningInputException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                Errors[field] = [.. messages];
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        catch (ScreeningConflictException ex)
        {
            Conflict = ex.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            Candidates = await service.ListDuplicatesAsync(Selected, PageNumber, 50, ct);
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

    public string Link(int page) => "/screening/duplicates?status=" + Uri.EscapeDataString(Selected) + "&page=" + page.ToString(CultureInfo.InvariantCulture);
}
