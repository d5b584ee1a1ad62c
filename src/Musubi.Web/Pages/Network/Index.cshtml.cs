using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.Network;
using Musubi.Engines.Network;
using Musubi.Web.Auth;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Network;

/// <summary>
/// <c>/network</c>: supply-network risk of one end item over what the reader may see (docs/engines/network.md). Pick an
/// end item and a unit level; the page shows the network as tiers of parts with their offers (critical units marked,
/// each with its "why"), the concentration of each tier, and a what-if panel that removes units and shows producibility
/// and maximum monthly output before and after. The briefing handler returns the findings as a Markdown file. Any
/// signed-in user may read it; every analysis is audited by the service.
/// </summary>
public sealed class IndexModel(NetworkService service, AppDbContext db, IStringLocalizer<UiText> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Item { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Unit { get; set; }

    /// <summary>The units the what-if removes, <c>kind:id</c> each (posted; the briefing takes them from the query).</summary>
    [BindProperty(SupportsGet = true)]
    public List<string> Remove { get; set; } = [];

    private Dictionary<string, string?> _partsJa = new(StringComparer.Ordinal);
    private Dictionary<string, string?> _organizationsJa = new(StringComparer.Ordinal);
    private Dictionary<string, string?> _facilitiesJa = new(StringComparer.Ordinal);

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public NetworkItems? Items { get; private set; }

    public NetworkGraph? Graph { get; private set; }

    public ConcentrationResult? Concentration { get; private set; }

    public DisruptionResult? Disruption { get; private set; }

    /// <summary>The unit level in effect (the default when none was chosen or it could not be read).</summary>
    public UnitKind Kind { get; private set; } = NetworkQuestions.DefaultUnit;

    /// <summary>The units the what-if removed, as the service read them.</summary>
    public IReadOnlyList<string> Removed => Disruption?.Removed ?? [];

    /// <summary>The what-if's unit fields: the units asked (kept when they were refused, to be corrected), then one empty.</summary>
    public IReadOnlyList<string> RemoveFields => [.. Remove.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()), ""];

    /// <summary>A part's name in the reader's language (the registry's Japanese name when reading Japanese and there is one).</summary>
    public LocalName PartName(string id, string english) => Localized.Name(english, _partsJa.GetValueOrDefault(id));

    public LocalName OrganizationName(string id, string english) => Localized.Name(english, _organizationsJa.GetValueOrDefault(id));

    public LocalName FacilityName(string id, string english) => Localized.Name(english, _facilitiesJa.GetValueOrDefault(id));

    /// <summary>A critical unit's name in the reader's language (organizations and facilities have Japanese names).</summary>
    public LocalName UnitName(string unit, string english) => NetworkPages.KindOf(unit) switch
    {
        "organization" => OrganizationName(NetworkPages.IdOf(unit), english),
        "facility" => FacilityName(NetworkPages.IdOf(unit), english),
        _ => new LocalName(english, "en"),
    };

    /// <summary>The briefing of what the page shows: the item, the unit level and the units the what-if removed.</summary>
    public string BriefingHref =>
        "/network?handler=Briefing&item=" + Uri.EscapeDataString(Graph?.Item ?? Item ?? "") + "&unit=" + NetworkPages.KindName(Kind)
        + string.Concat(Removed.Select(r => "&remove=" + Uri.EscapeDataString(r)));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        await AnalyzeAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        await AnalyzeAsync(ct);
        if (Graph is not null)
        {
            if (!Remove.Any(r => !string.IsNullOrWhiteSpace(r)))
            {
                Errors["remove"] = [l["Network.RemoveRequired"]];
            }
            else
            {
                await Try(async () => Disruption = await service.DisruptAsync(Remove, null, HttpContext.AuditTrail(), ct));
                await LoadJapaneseNamesAsync(ct);
            }
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    /// <summary><c>/network?handler=Briefing&amp;item=…&amp;unit=…&amp;remove=…</c>: the findings as a Markdown file.</summary>
    public async Task<IActionResult> OnGetBriefingAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        string? markdown = null;
        await Try(async () =>
        {
            Kind = NetworkQuestions.Unit(Unit);
            markdown = await service.BriefingAsync(Item, Kind, Remove.Where(r => !string.IsNullOrWhiteSpace(r)).ToList(), HttpContext.AuditTrail(), ct);
        });
        if (markdown is null)
        {
            Items = await service.ItemsAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var name = "network-briefing-" + string.Concat((Item ?? "item").Trim().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')) + ".md";
        return File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", name);
    }

    /// <summary>The end items, then — when one is chosen — its graph and concentration.</summary>
    private async Task AnalyzeAsync(CancellationToken ct)
    {
        Items = await service.ItemsAsync(ct);
        if (string.IsNullOrWhiteSpace(Item))
        {
            await LoadJapaneseNamesAsync(ct);
            if (Request.Method == HttpMethods.Post)
            {
                Errors["item"] = [l["Network.ItemRequired"]];
            }
            return;
        }
        await Try(async () =>
        {
            Kind = NetworkQuestions.Unit(Unit);
            Graph = await service.GraphAsync(Item, Kind, HttpContext.AuditTrail(), ct);
            Concentration = await service.ConcentrationAsync(Item, null, HttpContext.AuditTrail(), ct);
        });
        await LoadJapaneseNamesAsync(ct);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    /// <summary>
    /// The registry's Japanese names of the parts, organizations and facilities on the page, when the reader reads
    /// Japanese (the network holds the English names). Read through the same access filters as everything else.
    /// </summary>
    private async Task LoadJapaneseNamesAsync(CancellationToken ct)
    {
        if (!Localized.Japanese)
        {
            return;
        }
        var offers = Graph?.Tiers.SelectMany(t => t.Parts).SelectMany(p => p.Offers).ToList() ?? [];
        var parts = (Items?.Items.Select(i => i.PartId) ?? [])
            .Concat(Graph?.Tiers.SelectMany(t => t.Parts).Select(p => p.PartId) ?? [])
            .Concat(Disruption?.Parts.Select(p => p.PartId) ?? [])
            .Distinct()
            .ToList();
        var organizations = offers.Select(o => o.OrganizationId).Distinct().ToList();
        var facilities = offers.Select(o => o.FacilityId).Distinct().ToList();
        _partsJa = await db.Parts.Where(p => parts.Contains(p.Id)).Select(p => new { p.Id, p.NameJa }).ToDictionaryAsync(p => p.Id, p => p.NameJa, StringComparer.Ordinal, ct);
        _organizationsJa = await db.Organizations.Where(o => organizations.Contains(o.Id)).Select(o => new { o.Id, o.NameJa }).ToDictionaryAsync(o => o.Id, o => o.NameJa, StringComparer.Ordinal, ct);
        _facilitiesJa = await db.Facilities.Where(f => facilities.Contains(f.Id)).Select(f => new { f.Id, f.NameJa }).ToDictionaryAsync(f => f.Id, f => f.NameJa, StringComparer.Ordinal, ct);
    }

    private async Task Try(Func<Task> analysis)
    {
        try
        {
            await analysis();
        }
        catch (NetworkValidationException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                Errors[field] = [.. messages];
            }
        }
    }
}
