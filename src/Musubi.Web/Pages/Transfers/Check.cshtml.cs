using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Data;
using Musubi.Core.Features.Transfers;
using Musubi.Web.Auth;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Transfers;

/// <summary>
/// <c>/transfers/checks/{id}</c>: one saved check (read through the access policy), its input and stored answer, and a
/// Reproduce button that re-evaluates it with the rule set stored under its hash.
/// </summary>
public sealed class CheckModel(TransferService service, AppDbContext db) : PageModel
{
    public TransferCheck? Check { get; private set; }

    public Reproduction? Reproduction { get; private set; }

    public ResultView? Reproduced { get; private set; }

    /// <summary>Why the check could not be reproduced, when it could not.</summary>
    public string? ReproduceError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        Check = await TransferService.FindAsync(db, id, ct);
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostReproduceAsync(string id, CancellationToken ct)
    {
        try
        {
            Reproduction = await service.ReproduceAsync(db, id, ct);
            Check = Reproduction?.Check;
            if (Reproduction is not null)
            {
                Reproduced = new ResultView(Reproduction.Result, await service.StoredRuleSetAsync(db, Reproduction.Check.RuleSetHash, ct));
            }
        }
        catch (NotReproducibleException e)
        {
            Check = await TransferService.FindAsync(db, id, ct);
            ReproduceError = e.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (Check is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        ViewData[PageMarking.ViewDataKey] = Check.Marking.Banner;
        await HttpContext.AuditMarkedReadAsync(db, "transfers/checks", Check, ct);
        return Page();
    }

    public static string Pretty(string json) =>
        System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(json).RootElement, Indented);

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
