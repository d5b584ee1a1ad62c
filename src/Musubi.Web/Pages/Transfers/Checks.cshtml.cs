using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Data;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Transfers;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Transfers;

/// <summary><c>/transfers/checks</c>: saved checks the reader may read (the access policy filters them), newest first.</summary>
public sealed class ChecksModel(AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Verdict { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Program { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PagedList<TransferCheck> Checks { get; private set; } = new([], 0, 1, 50);

    public Dictionary<string, string[]> Errors { get; private set; } = new(StringComparer.Ordinal);

    public int PageCount => Math.Max(1, (Checks.Total + Checks.PageSize - 1) / Checks.PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = new TransferCheckQuery
        {
            Verdict = Verdict,
            Program = Program,
            Page = PageNumber,
        };
        Errors = TransferService.Check(query);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Checks = await TransferService.ListAsync(db, query, ct);
        ViewData[PageMarking.ViewDataKey] = PageMarking.Combine(Checks.Items.Select(c => c.Marking.FileBanner));
    }

    public string Link(int page) => "/transfers/checks?" + string.Join('&', new[] { ("verdict", Verdict), ("program", Program), ("page", page.ToString(CultureInfo.InvariantCulture)) }
        .Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));
}
