using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Data;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Registry;
using Musubi.Web.Api;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages.Audit;

/// <summary>
/// <c>/audit</c>, security officers only: the audit log newest first, filtered by type, principal and time, and a
/// button that verifies the chain and the signed checkpoints. Nothing here edits the log; opening it is itself audited.
/// </summary>
[Authorize(Roles = "security_officer")]
public sealed class IndexModel(AppDbContext db, AuditLog log) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Principal { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Since { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PagedList<AuditEvent> Events { get; private set; } = new([], 0, 1, 50);

    public Dictionary<string, string[]> Errors { get; private set; } = new(StringComparer.Ordinal);

    public AuditEndpoints.VerificationView? Verification { get; private set; }

    public int PageCount => Math.Max(1, (Events.Total + Events.PageSize - 1) / Events.PageSize);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await AuditEndpoints.VerifyAsync(HttpContext, db, log, ct);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (!AuditQuery.TryParseSince(Since, out var since))
        {
            Errors["since"] = [$"'{Since}' is not a date (YYYY-MM-DD) or date-time"];
        }
        var query = new AuditQuery
        {
            Type = Type,
            Principal = Principal,
            Since = since,
            Page = PageNumber,
        };
        foreach (var (field, messages) in query.Check())
        {
            Errors[field] = messages;
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Events = await query.RunAsync(db, ct);
        await HttpContext.AuditTrail().AppendAsync(db, AuditTypes.AuditRead, AuditOutcomes.Success, "audit page",
            System.Text.Json.JsonSerializer.Serialize(new { type = Type, principal = Principal, since = Since, page = PageNumber }), ct);
    }

    public string Link(int page) => "/audit?" + string.Join('&', new[] { ("type", Type), ("principal", Principal), ("since", Since), ("page", page.ToString(CultureInfo.InvariantCulture)) }
        .Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));

    public static string TimeText(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);
}
