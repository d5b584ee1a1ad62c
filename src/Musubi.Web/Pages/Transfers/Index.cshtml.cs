using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Transfers;
using Musubi.Engines.Transfers;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages.Transfers;

/// <summary>
/// <c>/transfers</c>: the transfer-check form. Checking is a GET (a shareable address, no record is read); the answer
/// shows the verdict, each gate's rule trace with citations, approvals, notifications, what is uncertain, and the
/// eligibility timeline from 1967 to ten years ahead. Saving is a POST for <see cref="Roles.TransferCheckers"/>.
/// </summary>
public sealed class IndexModel(TransferService service, AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public TransferForm Form { get; set; } = new();

    /// <summary>The case JSON posted back by the save form (re-read and re-evaluated, never trusted).</summary>
    [BindProperty]
    public string? CaseJson { get; set; }

    [BindProperty]
    public string? Marking { get; set; }

    [BindProperty]
    public string? NeedToKnow { get; set; }

    public Dictionary<string, string[]> Errors { get; private set; } = new(StringComparer.Ordinal);

    public ResultView? Result { get; private set; }

    public TimelineView? Timeline { get; private set; }

    public string? EvaluatedJson { get; private set; }

    public RuleSet Rules => service.Rules;

    public TransferService Service => service;

    public bool MaySave => Roles.TransferCheckers.Any(User.IsInRole);

    public IActionResult OnGet()
    {
        if (Form.IsEmpty)
        {
            Form.Date ??= service.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            return Page();
        }
        Evaluate(Form.ToJson());
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        if (!MaySave)
        {
            return Forbid();
        }
        var input = Evaluate(CaseJson ?? "");
        if (input is null || Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var marking = TransferService.CheckMarking(Marking, NeedToKnow, db.Scope, Errors);
        if (marking is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var saved = await service.SaveAsync(db, service.Evaluate(input), marking, HttpContext.AuditTrail(), ct);
        return Redirect("/transfers/checks/" + Uri.EscapeDataString(saved[0].Id));
    }

    private TransferInput? Evaluate(string json)
    {
        var input = service.Read(json);
        if (!input.Ok)
        {
            Errors = input.Errors;
            return null;
        }
        if (input.WasArray || input.Cases.Count != 1)
        {
            Errors["body"] = ["one case at a time"];
            return null;
        }
        var c = input.Cases[0];
        EvaluatedJson = c.Json;
        Result = new ResultView(service.Engine.Evaluate(c.Case), service.Rules);
        Timeline = TimelineView.Of(service.Timeline(c.Case, TransferService.Earliest, service.Latest));
        return input;
    }
}
