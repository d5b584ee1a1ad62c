using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Screening;

namespace Musubi.Web.Pages.Screening;

/// <summary><c>/screening/review</c>: the review queue — screening records pending review (or any status), newest first, through the access policy.</summary>
[Authorize(Roles = "compliance_officer,program_manager,administrator")]
public sealed class ReviewModel(ScreeningService service) : PageModel
{
    public static readonly string[] Statuses = [ScreeningRecord.ReviewPending, ScreeningRecord.ReviewDone, ScreeningRecord.ReviewNotRequired];

    /// <summary>pending (default), reviewed, not_required or "all".</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PagedList<ScreeningRecord> Records { get; private set; } = new([], 0, 1, 50);

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public int PageCount => Math.Max(1, (Records.Total + Records.PageSize - 1) / Records.PageSize);

    public string Selected => Status ?? ScreeningRecord.ReviewPending;

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Records = await service.ListRecordsAsync(new ScreeningRecordQuery
            {
                Status = Selected == "all" ? null : Selected,
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

    public string Link(int page) => "/screening/review?status=" + Uri.EscapeDataString(Selected) + "&page=" + page.ToString(CultureInfo.InvariantCulture);
}
