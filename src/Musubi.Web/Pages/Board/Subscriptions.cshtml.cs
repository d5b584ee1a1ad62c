using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Musubi.Core.Features.Board;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages.Board;

/// <summary>
/// <c>/board/subscriptions</c>: the reader's subscriptions (docs/board.md) — capability codes, programs, nations or a
/// saved search — each with its unread count, its Atom feed and a delete button; and the form for a new one (the
/// board's "subscribe to this search" makes saved searches too). New subscriptions start from what already matches
/// (no flood of old requirements). Bad input is a 400 with the message next to its field.
/// </summary>
public sealed class SubscriptionsModel(BoardService service, IStringLocalizer<UiText> l) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    /// <summary>Codes, program ids or nations, separated by commas, spaces or lines.</summary>
    [BindProperty]
    public string? Values { get; set; }

    /// <summary>The text of a saved search (kind <c>search</c>).</summary>
    [BindProperty]
    public string? SearchText { get; set; }

    [BindProperty]
    public string? Digest { get; set; }

    /// <summary>What was just done (<c>created</c>, <c>deleted</c>), for the confirmation line.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public IReadOnlyList<BoardSubscriptionView> Subscriptions { get; private set; } = [];

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> FieldErrors(string field) => Errors.TryGetValue(field, out var e) ? e : [];

    public static string AtomHref(string id) => "/api/board/subscriptions/" + Uri.EscapeDataString(id) + "/atom";

    /// <summary>What a subscription follows, as the list shows it.</summary>
    public string Follows(BoardSubscriptionView s) => s.Kind switch
    {
        "nation" => string.Join(", ", s.Values.Select(v => Shared.Localized.Country(l, v))),
        "search" when s.Query is not null => BoardFilter.Of(s.Query).Describe(),
        _ => string.Join(", ", s.Values),
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        Subscriptions = await service.SubscriptionsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        var kind = Kind?.Trim() ?? "";
        var values = (Values ?? "").Split([',', ' ', '\n', '\r', '\t', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        BoardSearchInput? query = null;
        if (kind == "search")
        {
            if (string.IsNullOrWhiteSpace(SearchText))
            {
                Add("SearchText", l["Board.SearchTextRequired"]);
            }
            query = new BoardSearchInput(Text: SearchText?.Trim());
            values = [];
        }
        else if (BoardPages.SubscriptionKinds.Contains(kind, StringComparer.Ordinal) && values.Length == 0)
        {
            Add("Values", l["Board.ValuesRequired"]);
        }
        if (Errors.Count == 0)
        {
            try
            {
                await service.SubscribeAsync(new BoardSubscriptionInput(Name?.Trim(), kind, values, query, Digest?.Trim()), HttpContext.AuditTrail(), ct);
                return Redirect(BoardPages.SubscriptionsPath + "?done=created");
            }
            catch (BoardInputException ex)
            {
                foreach (var (field, messages) in ex.Errors)
                {
                    Add(FormField(field), messages);
                }
            }
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Done = null;
        Subscriptions = await service.SubscriptionsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? subscription, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        if (!await service.UnsubscribeAsync(subscription ?? "", HttpContext.AuditTrail(), ct))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            Done = null;
            Subscriptions = await service.SubscriptionsAsync(ct);
            return Page();
        }
        return Redirect(BoardPages.SubscriptionsPath + "?done=deleted");
    }

    /// <summary>The form field a service problem belongs to (<c>values[0]</c> → Values, <c>query.text</c> → SearchText).</summary>
    public static string FormField(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Split('.', '[')[0].ToLowerInvariant() switch
        {
            "name" => "Name",
            "kind" => "Kind",
            "values" => "Values",
            "query" => "SearchText",
            "digest" => "Digest",
            _ => field,
        };
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
