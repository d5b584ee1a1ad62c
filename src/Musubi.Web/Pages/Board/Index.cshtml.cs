using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.Board;
using Musubi.Web.Auth;
using Musubi.Web.Pages.Registry.Details;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Board;

/// <summary>
/// <c>/board</c>: the demand-signal board (docs/board.md) — requirements the reader may see, searched in English and
/// Japanese, narrowed by facets whose counts say how many visible requirements each choice holds (a facet is counted
/// with the other facets' choices, so a choice can be widened), sorted and paged; links to the same search on the
/// timeline; and "subscribe to this search" (a saved search whose new and changed requirements reach the feed). A bad
/// filter is a 400 with the message next to its field. A requirement the reader may not see is in no count.
/// </summary>
public sealed class IndexModel(BoardService service, AppDbContext db, IStringLocalizer<UiText> l) : PageModel
{
    public BoardFilter Filter { get; private set; } = new();

    public BoardSearchResult? Result { get; private set; }

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The name of the subscription the reader just made (after the redirect).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Subscribed { get; set; }

    [BindProperty]
    public string? SubscriptionName { get; set; }

    [BindProperty]
    public string? Digest { get; set; }

    public IReadOnlyList<string> FieldErrors(string field) => Errors.TryGetValue(field, out var e) ? e : [];

    public int PageCount => Result is null ? 1 : Math.Max(1, (Result.Total + BoardPages.PageSize - 1) / BoardPages.PageSize);

    private IReadOnlyDictionary<string, LocalName> _capabilities = new Dictionary<string, LocalName>();
    private Dictionary<string, LocalName> _programs = new(StringComparer.Ordinal);

    /// <summary>A facet value's label in the reader's language.</summary>
    public LocalName FacetLabel(string facet, string value) => facet switch
    {
        "program" => _programs.TryGetValue(value, out var p) ? p : new LocalName(value, "en"),
        "nation" => new LocalName(l.Country(value), Localized.Japanese ? "ja" : "en"),
        "capability" => _capabilities.Label(value),
        "fundingStatus" => new LocalName(l.FundingLabel(value), Localized.Japanese ? "ja" : "en"),
        "contractingPath" => new LocalName(l.PathLabel(value), Localized.Japanese ? "ja" : "en"),
        "status" => new LocalName(l.StatusLabel(value), Localized.Japanese ? "ja" : "en"),
        _ => new LocalName(value, "en"),
    };

    public LocalName CapabilityLabel(string code) => _capabilities.Label(code);

    /// <summary>The address the "subscribe to this search" form posts to: this search with the handler.</summary>
    public string SubscribeAction => BoardPages.ListPath + (Filter.Query() is { Length: > 0 } q ? q + "&" : "?") + "handler=Subscribe";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        await SearchAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSubscribeAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        Filter = BoardFilter.From(Request.Query);
        var input = Filter.ToInput(BoardPages.PageSize, Errors, l["Board.DateInvalid"]);
        var name = string.IsNullOrWhiteSpace(SubscriptionName) ? Filter.Describe() : SubscriptionName.Trim();
        if (Errors.Count == 0)
        {
            try
            {
                var created = await service.SubscribeAsync(
                    new BoardSubscriptionInput(name, "search", [], input with { Page = 1 }, string.IsNullOrWhiteSpace(Digest) ? "none" : Digest.Trim()),
                    HttpContext.AuditTrail(), ct);
                var back = Filter.Query();
                return Redirect(BoardPages.ListPath + (back.Length > 0 ? back + "&" : "?") + "subscribed=" + Uri.EscapeDataString(created.Name) + "#subscribe-title");
            }
            catch (BoardInputException ex)
            {
                foreach (var (field, messages) in ex.Errors)
                {
                    Add(field is "name" or "digest" ? "Subscription" + char.ToUpperInvariant(field[0]) + field[1..] : field, messages);
                }
            }
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Subscribed = null;
        await SearchAsync(ct);
        return Page();
    }

    private async Task SearchAsync(CancellationToken ct)
    {
        Filter = BoardFilter.From(Request.Query);
        var input = Filter.ToInput(BoardPages.PageSize, Errors, l["Board.DateInvalid"]);
        if (Errors.Count == 0)
        {
            try
            {
                Result = await service.SearchAsync(input, ct);
                if (Result.Items.Count == 0 && Filter.Page > 1 && Result.Total > 0)
                {
                    Result = await service.SearchAsync(input with { Page = PageCount }, ct);
                }
            }
            catch (BoardInputException ex)
            {
                foreach (var (field, messages) in ex.Errors)
                {
                    Add(field, messages);
                }
            }
        }
        if (Errors.Count > 0 && Response.StatusCode == StatusCodes.Status200OK)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        if (Result is null)
        {
            return;
        }
        ViewData[PageMarking.ViewDataKey] = PageMarking.Combine(Result.Items.Select(r => r.Marking));
        var codes = Result.Items.SelectMany(r => r.CapabilityCodes)
            .Concat(Result.Facets.GetValueOrDefault("capability")?.Select(f => f.Value) ?? [])
            .Concat(Filter.Capabilities);
        _capabilities = await RecordDetail.CapabilityLabelsAsync(db, codes, ct);
        var programs = (Result.Facets.GetValueOrDefault("program")?.Select(f => f.Value) ?? []).Concat(Filter.Programs).Distinct(StringComparer.Ordinal).ToList();
        _programs = await db.Programs.AsNoTracking().Where(p => programs.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => Localized.Name(p.Name, p.NameJa), StringComparer.Ordinal, ct);
    }

    private void Add(string field, params IEnumerable<string> messages)
    {
        if (!Errors.TryGetValue(field, out var list))
        {
            Errors[field] = list = [];
        }
        list.AddRange(messages);
    }
}
