using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Features.Screening;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages.Screening;

/// <summary>
/// <c>/screening</c>: screen one name against the active list versions. The answer (saved as a record, pending review
/// when it is a match or needs review) shows the decision, the best candidate with its explanation — each feature's
/// contribution and how every token was aligned — and every candidate. Screening needs one of the screener roles.
/// </summary>
public sealed class IndexModel(ScreeningService service) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Country { get; set; }

    [BindProperty]
    public string? ThresholdMatch { get; set; }

    [BindProperty]
    public string? ThresholdReview { get; set; }

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ScreeningListVersion> Active { get; private set; } = [];

    public ScreeningRecord? Record { get; private set; }

    public ScreeningOutcome? Outcome { get; private set; }

    /// <summary>Why screening cannot be done now (no list imported), when it cannot.</summary>
    public string? Conflict { get; private set; }

    public bool MayScreen => ScreeningPages.MayScreen(User);

    /// <summary>The Japanese reader's status when kanji get no readings (the page says so), else null.</summary>
    public string? JapaneseStatus => service.Cache.Analyzer.ReadsJapanese ? null : service.Cache.Analyzer.JapaneseStatus;

    public async Task OnGetAsync(CancellationToken ct) => Active = await service.ActiveVersionsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        if (!MayScreen)
        {
            return Forbid();
        }
        Active = await service.ActiveVersionsAsync(ct);
        var m = ScreeningPages.Threshold(ThresholdMatch, "thresholdMatch", Errors);
        var r = ScreeningPages.Threshold(ThresholdReview, "thresholdReview", Errors);
        if (Errors.Count == 0)
        {
            try
            {
                Record = await service.ScreenAsync(new ScreenRequest(Name ?? "", Country, null, m, r), HttpContext.AuditTrail(), ct);
                Outcome = ScreeningService.ResultOf(Record);
            }
            catch (ScreeningInputException ex)
            {
                foreach (var (field, messages) in ex.Errors)
                {
                    Errors[field] = [.. messages];
                }
            }
            catch (ScreeningConflictException ex)
            {
                Conflict = ex.Message;
                Response.StatusCode = StatusCodes.Status409Conflict;
            }
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }
}
