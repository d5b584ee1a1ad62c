using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.Screening;
using Musubi.Web.Api;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages.Screening;

/// <summary>
/// <c>/screening/bulk</c>: upload a queries CSV (id,name,country); the batch runs as a background job and the page
/// shows its progress (a script polls <c>/api/screening/jobs/{id}</c> and updates the bar; without it the page has a
/// refresh link), then one row per name with its decision and record, in the file's order: the decisions' counts, each a
/// filter (<c>decision=match|review|none</c>), and <see cref="PageSize"/> rows a page (<c>page</c>). A bad filter or
/// page is reported on the page and left out; the results still show.
/// </summary>
[Authorize(Roles = "compliance_officer,program_manager,administrator")]
[RequestSizeLimit(ScreeningEndpoints.MaxBatchUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ScreeningEndpoints.MaxBatchUploadBytes)]
public sealed class BulkModel(ScreeningService service, ScreeningJobs jobs, AppDbContext db, IStringLocalizer<UiText> l) : PageModel
{
    /// <summary>Rows a page: a batch of thousands of names was one page of megabytes before (ADR 0054).</summary>
    public const int PageSize = 100;

    /// <summary>The decisions, in the order the filters show them.</summary>
    public static readonly string[] Decisions = ["match", "review", "none"];

    [BindProperty]
    public IFormFile? Queries { get; set; }

    [BindProperty]
    public string? ThresholdMatch { get; set; }

    [BindProperty]
    public string? ThresholdReview { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Job { get; set; }

    public ScreeningJobStatus? Status { get; private set; }

    /// <summary>The batch's records the reader may see, each with its decision only (ADR 0054).</summary>
    public IReadOnlyList<ScreeningRecordDecision> Records { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "decision")]
    public string? Decision { get; set; }

    // "page" is also the route value that names the Razor page: read it from the query string only.
    private string? PageText => Request.Query["page"].FirstOrDefault();

    /// <summary>How many records have each decision (<see cref="Decisions"/>), counted once for the sentence and the filters.</summary>
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The records the filter keeps (all of them without one).</summary>
    public IReadOnlyList<ScreeningRecordDecision> Filtered { get; private set; } = [];

    /// <summary>This page's rows of <see cref="Filtered"/>, read whole: the only records the page reads whole.</summary>
    public IReadOnlyList<ScreeningRecord> Shown { get; private set; } = [];

    public int PageNumber { get; private set; } = 1;

    public int PageCount => Math.Max(1, (Filtered.Count + PageSize - 1) / PageSize);

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Problems of the uploaded file, as file:line:field: message.</summary>
    public IReadOnlyList<string> FileProblems { get; private set; } = [];

    public string? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Job is null)
        {
            return Page();
        }
        Status = jobs.Get(Job, db.Scope.PrincipalId);
        if (Status is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        if (Status.State == ScreeningJobStatus.Succeeded)
        {
            Records = await service.GetDecisionsAsync(Status.RecordIds, ct);
            CountFilterAndPage();
            Shown = await service.GetRecordsAsync([.. Filtered.Skip((PageNumber - 1) * PageSize).Take(PageSize).Select(r => r.Id)], ct);
        }
        return Page();
    }

    /// <summary>This page's address for the job with another filter or page; the first page and no filter drop out.</summary>
    public string Link(string? decision, int page = 1) =>
        "/screening/bulk?job=" + Uri.EscapeDataString(Job ?? "")
        + (decision is null ? "" : "&decision=" + Uri.EscapeDataString(decision))
        + (page > 1 ? "&page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");

    /// <summary>Counts the decisions, applies the filter and picks the page (a bad filter or page named in <see cref="Errors"/>).</summary>
    private void CountFilterAndPage()
    {
        Counts = Decisions.ToDictionary(d => d, d => Records.Count(r => r.Decision == d), StringComparer.Ordinal);
        var decision = Decision?.Trim();
        if (!string.IsNullOrEmpty(decision) && !Counts.ContainsKey(decision))
        {
            Errors["decision"] = [l["Error.decision", Decision!, string.Join(", ", Decisions)]];
            decision = null;
        }
        Decision = string.IsNullOrEmpty(decision) ? null : decision;
        Filtered = Decision is null ? Records : [.. Records.Where(r => r.Decision == Decision)];
        if (!string.IsNullOrWhiteSpace(PageText))
        {
            if (!int.TryParse(PageText.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) || page < 1)
            {
                Errors["page"] = [l["Error.page", PageText]];
            }
            else if (page > PageCount)
            {
                Errors["page"] = [l["Error.pageBeyond", page]];
            }
            else
            {
                PageNumber = page;
            }
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var options = ScreeningPages.Options(ThresholdMatch, ThresholdReview, Errors);
        if (Queries is null || Queries.Length == 0)
        {
            Errors["file"] = ["choose a CSV file with the header id,name,country"];
        }
        if (Errors.Count > 0 || options is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await using var stream = Queries!.OpenReadStream();
        var read = ScreeningQueryCsv.Read(stream, Path.GetFileName(Queries.FileName) is { Length: > 0 } n ? n : "queries.csv");
        if (!read.Ok)
        {
            FileProblems = [.. read.Problems.Select(p => p.ToString())];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        try
        {
            // A batch against no list would prove nothing: refuse before starting it.
            if ((await service.ActiveVersionsAsync(ct)).Count == 0)
            {
                throw new ScreeningConflictException("no denied-party list has been imported yet; import a list version first");
            }
            var job = jobs.StartBatch(read.Queries, options, db.Scope, HttpContext.AuditTrail());
            return Redirect("/screening/bulk?job=" + Uri.EscapeDataString(job.Id));
        }
        catch (ScreeningConflictException ex)
        {
            Conflict = ex.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }
}
