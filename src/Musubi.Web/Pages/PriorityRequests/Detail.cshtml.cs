using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.PriorityRequests;
using Musubi.Web.Auth;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.PriorityRequests;

/// <summary>
/// <c>/priority/{id}</c>: one priority-delivery request as the reader may see it (docs/priority-requests.md): the
/// parties and what is asked, the state with its time limit in the acting country's business days and whether it is
/// overdue, the supplier's response, a form for each action the reader may take now and no other (each with the
/// fields it needs), the history, the comments, and — on request — the impact on the surge planner's deliveries.
/// A request the reader may not see is a 404, the same as one that does not exist.
/// </summary>
public sealed class RequestDetailModel(PriorityRequestService service, AppDbContext db, IStringLocalizer<UiText> l) : PageModel
{
    /// <summary>The action a form posts (<c>submit</c>, <c>accept_partial</c>, …).</summary>
    [BindProperty]
    public string? Act { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? PromisedDate { get; set; }

    [BindProperty]
    public string? PromisedQuantity { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    /// <summary>The action just taken (after the redirect), for the confirmation line.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    /// <summary>Set by "compute the impact".</summary>
    [BindProperty(SupportsGet = true)]
    public bool Impact { get; set; }

    public PriorityRequestView? Item { get; private set; }

    public PriorityImpact? ImpactResult { get; private set; }

    /// <summary>The problems of the posted form, by field, and which form they belong to.</summary>
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public string? ErrorForm { get; private set; }

    /// <summary>The service's word when the action is not possible in the state (409) or not the reader's to take (403).</summary>
    public string? Refused { get; private set; }

    public IReadOnlyList<string> TransitionActions =>
        Item is null ? [] : [.. PriorityActions.Transitions.Where(a => Item.AllowedActions.Contains(a, StringComparer.Ordinal))];

    public bool CanComment => Item?.AllowedActions.Contains(PriorityActions.Comment, StringComparer.Ordinal) == true;

    private string? _partJa;
    private string? _supplierJa;
    private string? _facilityName;
    private string? _facilityJa;
    private string? _programName;
    private string? _programJa;

    public LocalName PartName => Localized.Name(Item!.PartName ?? Item.PartId, _partJa);

    public LocalName SupplierName => Localized.Name(Item!.SupplierName ?? Item.SupplierOrganizationId, _supplierJa);

    public LocalName? FacilityName => Item?.FacilityId is { } id ? Localized.Name(_facilityName ?? id, _facilityJa) : null;

    public LocalName? ProgramName => Item?.ProgramId is { } id ? Localized.Name(_programName ?? id, _programJa) : null;

    public IReadOnlyList<string> FieldErrors(string form, string field) =>
        form == ErrorForm && Errors.TryGetValue(field, out var e) ? e : [];

    /// <summary>The fields an action's form has besides the optional note: the reason, the promised date and quantity.</summary>
    public static (bool Reason, bool ReasonRequired, bool Promised, bool Quantity) FieldsOf(string action) => action switch
    {
        PriorityActions.Reject or PriorityActions.Decline => (true, true, false, false),
        PriorityActions.Withdraw => (true, false, false, false),
        PriorityActions.Accept => (false, false, true, false),
        PriorityActions.AcceptPartial => (false, false, true, true),
        _ => (false, false, false, false),
    };

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        if (!await ShowAsync(id, ct))
        {
            return Page();
        }
        if (Impact)
        {
            ImpactResult = await service.ImpactAsync(Item!.Id, ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostTransitionAsync(string id, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        var action = Act?.Trim() ?? "";
        ErrorForm = action;
        var (reason, reasonRequired, promised, quantity) = FieldsOf(action);
        int? count = null;
        if (quantity)
        {
            if (int.TryParse(PromisedQuantity?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var q) && q > 0)
            {
                count = q;
            }
            else
            {
                AddError("PromisedQuantity", l["Priority.QuantityInvalid"]);
            }
        }
        if (promised && !DateOnly.TryParseExact(PromisedDate?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            AddError("PromisedDate", l["Priority.DateInvalid"]);
        }
        if (reasonRequired && string.IsNullOrWhiteSpace(Reason))
        {
            AddError("Reason", l["Priority.ReasonRequired"]);
        }
        if (Errors.Count == 0)
        {
            var input = new PriorityTransitionInput(action, Blank(Note), promised ? Blank(PromisedDate) : null, count, reason ? Blank(Reason) : null);
            var answer = await RunAsync(() => service.TransitionAsync(id, input, HttpContext.AuditTrail(), ct));
            if (answer is not null)
            {
                return answer;
            }
        }
        return await ShowFailureAsync(id, ct);
    }

    public async Task<IActionResult> OnPostCommentAsync(string id, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        ErrorForm = PriorityActions.Comment;
        if (string.IsNullOrWhiteSpace(Text))
        {
            AddError("Text", l["Priority.CommentRequired"]);
        }
        else
        {
            var answer = await RunAsync(async () =>
            {
                await service.CommentAsync(id, Text.Trim(), HttpContext.AuditTrail(), ct);
                return PriorityActions.Comment;
            });
            if (answer is not null)
            {
                return answer;
            }
        }
        return await ShowFailureAsync(id, ct);
    }

    /// <summary>Runs an action and answers with the redirect back to the request, or null with the problems recorded.</summary>
    private async Task<IActionResult?> RunAsync(Func<Task<PriorityRequestView>> action) =>
        await RunAsync(async () => { var view = await action(); return Act?.Trim() ?? view.State; });

    private async Task<IActionResult?> RunAsync(Func<Task<string>> action)
    {
        try
        {
            var done = await action();
            return Redirect(PriorityPages.DetailPath(RouteData.Values["id"] as string ?? "") + "?done=" + Uri.EscapeDataString(done) + "#" + (done == PriorityActions.Comment ? "comments-title" : "state"));
        }
        catch (PriorityInputException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                AddError(FormField(field), messages);
            }
        }
        catch (PriorityConflictException ex)
        {
            Refused = l["Priority.NotAllowed", ex.Message];
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        catch (PriorityForbiddenException ex)
        {
            Refused = l["Priority.Refused", ex.Message];
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        catch (PriorityNotFoundException)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return null;
    }

    private async Task<IActionResult> ShowFailureAsync(string id, CancellationToken ct)
    {
        if (Response.StatusCode == StatusCodes.Status200OK)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await ShowAsync(id, ct);
        return Page();
    }

    /// <summary>Loads the request (false, with a 404, when the reader may not see it) and the registry's names on it.</summary>
    private async Task<bool> ShowAsync(string id, CancellationToken ct)
    {
        Item = await service.GetAsync(id, ct);
        if (Item is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return false;
        }
        ViewData[PageMarking.ViewDataKey] = PageMarking.Combine([Item.Marking]);
        _partJa = await db.Parts.Where(p => p.Id == Item.PartId).Select(p => p.NameJa).FirstOrDefaultAsync(ct);
        _supplierJa = await db.Organizations.Where(o => o.Id == Item.SupplierOrganizationId).Select(o => o.NameJa).FirstOrDefaultAsync(ct);
        if (Item.FacilityId is { } facility)
        {
            var f = await db.Facilities.Where(x => x.Id == facility).Select(x => new { x.Name, x.NameJa }).FirstOrDefaultAsync(ct);
            (_facilityName, _facilityJa) = (f?.Name, f?.NameJa);
        }
        if (Item.ProgramId is { } program)
        {
            var p = await db.Programs.Where(x => x.Id == program).Select(x => new { x.Name, x.NameJa }).FirstOrDefaultAsync(ct);
            (_programName, _programJa) = (p?.Name, p?.NameJa);
        }
        return true;
    }

    /// <summary>The form field a service problem belongs to (<c>promisedDate</c> → PromisedDate, <c>quantity</c> → PromisedQuantity).</summary>
    public static string FormField(string field) => field.Split('.', '[')[0].ToLowerInvariant() switch
    {
        "promiseddate" => "PromisedDate",
        "quantity" or "promisedquantity" => "PromisedQuantity",
        "reason" => "Reason",
        "note" => "Note",
        "text" => "Text",
        _ => field,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private void AddError(string field, params IEnumerable<string> messages)
    {
        if (!Errors.TryGetValue(field, out var list))
        {
            Errors[field] = list = [];
        }
        list.AddRange(messages);
    }
}
