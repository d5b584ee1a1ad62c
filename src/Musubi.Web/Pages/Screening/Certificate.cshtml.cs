using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Features.Screening;

namespace Musubi.Web.Pages.Screening;

/// <summary>
/// <c>/screening/certificates/{id}</c>: downloads a certificate as the exact canonical JSON it was issued as (its
/// SHA-256 is the certificate's hash, sent in the <c>X-Body-Hash</c> header too).
/// </summary>
[Authorize(Roles = "compliance_officer,program_manager,administrator")]
public sealed class CertificateModel(ScreeningService service) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var certificate = await service.GetCertificateAsync(id, ct);
        if (certificate is null)
        {
            return NotFound();
        }
        Response.Headers["X-Body-Hash"] = certificate.BodyHash;
        return File(Encoding.UTF8.GetBytes(certificate.Body), "application/json", certificate.Id + ".json");
    }
}
