using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Features.Screening;
using Musubi.Web.Api;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages.Screening;

/// <summary>
/// <c>/screening/lists</c>: every imported list version (source, published date, content hash, counts, active or
/// superseded) for any signed-in user, and the import form for list managers (all or nothing; the registry is then
/// re-screened and the page says what the re-screen found).
/// </summary>
[Authorize]
[RequestSizeLimit(ScreeningEndpoints.MaxListUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ScreeningEndpoints.MaxListUploadBytes)]
public sealed class ListsModel(ScreeningService service) : PageModel
{
    public static readonly string[] Formats = ["ftm", "csl-csv", "csl-json", "csv"];

    [BindProperty(Name = "File")]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Source { get; set; }

    [BindProperty]
    public string? Format { get; set; }

    [BindProperty]
    public string? PublishedOn { get; set; }

    public IReadOnlyList<ScreeningListVersion> Versions { get; private set; } = [];

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> FileProblems { get; private set; } = [];

    public ListImportResult? Imported { get; private set; }

    public bool MayImport => ScreeningPages.MayManageLists(User);

    public async Task OnGetAsync(CancellationToken ct) => Versions = await service.ListVersionsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!MayImport)
        {
            return Forbid();
        }
        if (Upload is null || Upload.Length == 0)
        {
            Errors["file"] = ["choose the list file"];
        }
        if (string.IsNullOrWhiteSpace(Source))
        {
            Errors["source"] = ["required: the list's key, e.g. us-csl, jp-meti-eul"];
        }
        DateOnly? published = null;
        if (!string.IsNullOrWhiteSpace(PublishedOn))
        {
            if (DateOnly.TryParseExact(PublishedOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                published = d;
            }
            else
            {
                Errors["publishedOn"] = [$"'{PublishedOn}' is not a date (YYYY-MM-DD)"];
            }
        }
        if (Errors.Count == 0)
        {
            await using var stream = Upload!.OpenReadStream();
            var result = await service.ImportListAsync(stream, Upload.FileName, string.IsNullOrWhiteSpace(Format) ? null : Format, Source!, published, HttpContext.AuditTrail(), ct);
            if (result.Succeeded)
            {
                Imported = result;
            }
            else
            {
                FileProblems = [.. result.Lines()];
            }
        }
        if (Errors.Count > 0 || FileProblems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Versions = await service.ListVersionsAsync(ct);
        return Page();
    }
}
