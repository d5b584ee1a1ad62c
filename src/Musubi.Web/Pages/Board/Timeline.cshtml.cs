using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Musubi.Core.Features.Board;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Board;

/// <summary>
/// <c>/board/timeline</c>: the board's search (the same filters as <c>/board</c>) as a Gantt — each visible requirement's
/// span from publication (else its first milestone) to its need-by date, its milestones and today, drawn here as SVG
/// (no script) — with a table of the same rows as the accessible alternative and the milestones as an ICS download
/// (<c>?handler=Ics</c>). A bad filter is a 400 with the message next to its field.
/// </summary>
public sealed class TimelineModel(BoardService service, TimeProvider clock, IStringLocalizer<UiText> l) : PageModel
{
    public BoardFilter Filter { get; private set; } = new();

    public IReadOnlyList<BoardTimelineRow> Rows { get; private set; } = [];

    public BoardGantt? Gantt { get; private set; }

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The ICS download of this search's milestones.</summary>
    public string IcsHref => BoardPages.TimelinePath + (Filter.Query() is { Length: > 0 } q ? q + "&" : "?") + "handler=Ics";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        var input = Read();
        if (Errors.Count == 0)
        {
            try
            {
                Rows = await service.TimelineAsync(input, ct);
            }
            catch (BoardInputException ex)
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
            return Page();
        }
        ViewData[PageMarking.ViewDataKey] = PageMarking.Combine(Rows.Select(r => r.Requirement.Marking));
        if (Rows.Any(r => r.Start is not null || r.End is not null || r.Requirement.Milestones.Count > 0))
        {
            Gantt = new BoardGantt(Rows, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        }
        return Page();
    }

    public async Task<IActionResult> OnGetIcsAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        var input = Read();
        try
        {
            if (Errors.Count == 0)
            {
                var ics = await service.MilestonesIcsAsync(input, ct);
                return File(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", "board-milestones.ics");
            }
        }
        catch (BoardInputException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                Errors[field] = [.. messages];
            }
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private BoardSearchInput Read()
    {
        Filter = BoardFilter.From(Request.Query);
        // The timeline is every visible hit (BoardService caps it), not a page of them.
        return Filter.ToInput(BoardPages.PageSize, Errors, l["Board.DateInvalid"]) with { Page = 1 };
    }
}
