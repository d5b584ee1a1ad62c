using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Data;
using Musubi.Core.Features.Screening;
using Musubi.Web.Api;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages.Screening;

/// <summary>
/// <c>/screening/bulk</c>: upload a queries CSV (id,name,country); the batch runs as a background job and the page
/// shows its progress (a script polls <c>/api/screening/jobs/{id}</c> and updates the bar; without it the page has a
/// refresh link), then one row per name with its decision and record.
/// </summary>
[Authorize(Roles = "compliance_officer,program_manager,administrator")]
[RequestSizeLimit(ScreeningEndpoints.MaxBatchUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ScreeningEndpoints.MaxBatchUploadBytes)]
public sealed class BulkModel(ScreeningService service, ScreeningJobs jobs, AppDbContext db) : PageModel
{
    [BindProperty]
    public IFormFile? Queries { get; set; }

    [BindProperty]
    public string? ThresholdMatch { get; set; }

    [BindProperty]
    public string? ThresholdReview { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Job { get; set; }

    public ScreeningJobStatus? Status { get; private set; }

    public IReadOnlyList<ScreeningRecord> Records { get; private set; } = [];

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
            Records = await service.GetRecordsAsync(Status.RecordIds, ct);
        }
        return Page();
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
