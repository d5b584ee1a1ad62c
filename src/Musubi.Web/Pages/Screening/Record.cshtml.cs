using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Features.Screening;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages.Screening;

/// <summary>
/// <c>/screening/records/{id}</c>: one screening record (read through the access policy): the query, the list versions
/// it was screened against, the result with its explanation; the review form while it is pending (confirmed match,
/// false positive or cleared, with a note) and, once final, certificates to issue and download.
/// </summary>
[Authorize(Roles = "compliance_officer,program_manager,administrator")]
public sealed class RecordModel(ScreeningService service) : PageModel
{
    [BindProperty]
    public string? Decision { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    /// <summary>The certificate just issued (highlighted in the list).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Issued { get; set; }

    public ScreeningRecord? Record { get; private set; }

    public ScreeningOutcome? Outcome { get; private set; }

    public IReadOnlyList<ScreeningListVersion> Versions { get; private set; } = [];

    public IReadOnlyList<ScreeningCertificate> Certificates { get; private set; } = [];

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public string? Conflict { get; private set; }

    public Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => ShowAsync(id, ct);

    public async Task<IActionResult> OnPostReviewAsync(string id, CancellationToken ct)
    {
        try
        {
            if (await service.ReviewAsync(id, Decision ?? "", Note, HttpContext.AuditTrail(), ct) is null)
            {
                return NotFound();
            }
            return Redirect("/screening/records/" + Uri.EscapeDataString(id));
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
        return await ShowAsync(id, ct);
    }

    public async Task<IActionResult> OnPostCertificateAsync(string id, CancellationToken ct)
    {
        try
        {
            var certificate = await service.IssueCertificateAsync(id, HttpContext.AuditTrail(), ct);
            if (certificate is null)
            {
                return NotFound();
            }
            return Redirect("/screening/records/" + Uri.EscapeDataString(id) + "?issued=" + Uri.EscapeDataString(certificate.Id));
        }
        catch (ScreeningConflictException ex)
        {
            Conflict = ex.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        return await ShowAsync(id, ct);
    }

    private async Task<IActionResult> ShowAsync(string id, CancellationToken ct)
    {
        Record = await service.GetRecordAsync(id, ct);
        if (Record is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Outcome = ScreeningService.ResultOf(Record);
        var ids = ScreeningService.VersionsOf(Record);
        Versions = [.. (await service.ListVersionsAsync(ct)).Where(v => ids.Contains(v.Id, StringComparer.Ordinal))];
        Certificates = await service.CertificatesOfAsync(id, ct);
        return Page();
    }
}
