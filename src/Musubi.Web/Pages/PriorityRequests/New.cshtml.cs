using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.PriorityRequests;
using Musubi.Core.Features.Registry;
using Musubi.Web.Auth;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.PriorityRequests;

/// <summary>A registry record the form offers: its id, names and (for a facility) its organization.</summary>
public sealed record PriorityChoice(string Id, string Name, string? NameJa, string? Owner = null)
{
    public LocalName Label => Localized.Name(Name, NameJa);
}

/// <summary>
/// <c>/priority/new</c>: a new priority-delivery request, saved as a draft of the reader's government to the other
/// (docs/priority-requests.md). The form offers the parts, the receiving country's organizations and their facilities,
/// and the programs the reader may see; the service checks everything and its problems are shown next to their fields
/// (400). Only a program manager of a U.S. or Japanese government organization is shown the form.
/// </summary>
public sealed class NewModel(PriorityRequestService service, AppDbContext db, IStringLocalizer<UiText> l) : PageModel
{
    /// <summary>The form's fields, in the order they appear (an error is shown next to its field).</summary>
    public static readonly string[] Fields =
        ["PartId", "Quantity", "SupplierOrganizationId", "FacilityId", "NeededBy", "Justification", "ProgramId", "Operation", "Priority", "Marking", "ReceivingGovernment"];

    [BindProperty]
    public string? PartId { get; set; }

    [BindProperty]
    public string? Quantity { get; set; }

    [BindProperty]
    public string? SupplierOrganizationId { get; set; }

    [BindProperty]
    public string? FacilityId { get; set; }

    [BindProperty]
    public string? NeededBy { get; set; }

    [BindProperty]
    public string? Justification { get; set; }

    [BindProperty]
    public string? ProgramId { get; set; }

    [BindProperty]
    public string? Operation { get; set; }

    [BindProperty]
    public string? Priority { get; set; } = PriorityLevels.Urgent;

    [BindProperty]
    public string? Marking { get; set; }

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>A message for the whole form (the reader may not make requests), not one field.</summary>
    public string? Refused { get; private set; }

    /// <summary>The reader is a program manager of a government organization of the United States or Japan.</summary>
    public bool CanCreate { get; private set; }

    public string? Requesting { get; private set; }

    public string? Receiving { get; private set; }

    public IReadOnlyList<PriorityChoice> Parts { get; private set; } = [];

    public IReadOnlyList<PriorityChoice> Suppliers { get; private set; } = [];

    public IReadOnlyList<PriorityChoice> Facilities { get; private set; } = [];

    public IReadOnlyList<PriorityChoice> Programs { get; private set; } = [];

    public IReadOnlyList<string> FieldErrors(string field) => Errors.TryGetValue(field, out var e) ? e : [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        int? quantity = null;
        if (int.TryParse(Quantity?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var q) && q > 0)
        {
            quantity = q;
        }
        else
        {
            AddError("Quantity", l["Priority.QuantityInvalid"]);
        }
        if (Blank(PartId) is null)
        {
            AddError("PartId", l["Priority.PartRequired"]);
        }
        if (Blank(SupplierOrganizationId) is null)
        {
            AddError("SupplierOrganizationId", l["Priority.SupplierRequired"]);
        }
        if (!DateOnly.TryParseExact(NeededBy?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            AddError("NeededBy", l["Priority.DateInvalid"]);
        }
        if (Blank(Justification) is null)
        {
            AddError("Justification", l["Priority.JustificationRequired"]);
        }
        var input = new PriorityRequestInput(
            Blank(PartId), quantity, Blank(SupplierOrganizationId), Blank(NeededBy), Blank(Justification),
            Blank(FacilityId), Blank(ProgramId), Blank(Operation), Blank(Priority), Marking?.Trim() ?? "");
        try
        {
            // The form's own checks first, in the reader's language; then the service's (the registry, the dates).
            if (Errors.Count == 0)
            {
                var created = await service.CreateAsync(input, HttpContext.AuditTrail(), ct);
                return Redirect(PriorityPages.DetailPath(created.Id) + "?done=create");
            }
        }
        catch (PriorityInputException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                AddError(FormField(field), messages);
            }
        }
        catch (PriorityForbiddenException ex)
        {
            Refused = ex.Message;
        }
        await LoadAsync(ct);
        Response.StatusCode = Refused is null ? StatusCodes.Status400BadRequest : StatusCodes.Status403Forbidden;
        return Page();
    }

    /// <summary>The form field a service problem belongs to (<c>partId</c> → PartId, <c>neededBy</c> → NeededBy).</summary>
    public static string FormField(string field)
    {
        var head = field.Split('.', '[')[0];
        return Fields.FirstOrDefault(f => string.Equals(f, head, StringComparison.OrdinalIgnoreCase)) ?? head;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var principal = HttpContext.CurrentPrincipal();
        Requesting = principal?.Nationality?.ToUpperInvariant();
        Receiving = PriorityPages.OtherGovernment(Requesting);
        var government = principal?.OrganizationId is { } org
            && await db.Organizations.AnyAsync(o => o.Id == org && o.Kind == OrganizationKind.Government, ct);
        CanCreate = Receiving is not null && government && principal!.HasRole(Roles.ProgramManager);
        if (!CanCreate)
        {
            return;
        }
        Parts = await db.Parts.OrderBy(p => p.Name).Select(p => new PriorityChoice(p.Id, p.Name, p.NameJa, null)).ToListAsync(ct);
        Suppliers = await db.Organizations
            .Where(o => o.Country == Receiving && o.Kind != OrganizationKind.Government)
            .OrderBy(o => o.Name)
            .Select(o => new PriorityChoice(o.Id, o.Name, o.NameJa, null))
            .ToListAsync(ct);
        Facilities = await db.Facilities
            .Where(f => f.Country == Receiving && f.Organization!.Kind != OrganizationKind.Government)
            .OrderBy(f => f.OrganizationId).ThenBy(f => f.Name)
            .Select(f => new PriorityChoice(f.Id, f.Name, f.NameJa, f.OrganizationId))
            .ToListAsync(ct);
        Programs = await db.Programs.OrderBy(p => p.Name).Select(p => new PriorityChoice(p.Id, p.Name, p.NameJa, null)).ToListAsync(ct);
    }

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
