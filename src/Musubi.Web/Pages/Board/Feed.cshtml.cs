using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Features.Board;
using Musubi.Core.Features.Registry;

namespace Musubi.Web.Pages.Board;

/// <summary>
/// <c>/board/feed</c>: the reader's notification feed (docs/board.md) — new and changed requirements of their
/// subscriptions, newest first, unread ones marked, of one subscription (<c>?subscription=ID</c>) or all, only unread
/// (<c>?unread=true</c>) when asked; "mark as read" per item and for all. An item whose requirement the reader may no
/// longer see is neither shown nor counted (the navigation's count is the same number).
/// </summary>
public sealed class FeedModel(BoardService service) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Subscription { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Unread { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PagedList<BoardFeedItemView>? Items { get; private set; }

    public int UnreadCount { get; private set; }

    public bool Missing { get; private set; }

    public int PageCount => Items is null ? 1 : Math.Max(1, (Items.Total + PageSize - 1) / PageSize);

    /// <summary>This feed with another page or filter.</summary>
    public string Link(int page, bool? unread = null)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(Subscription))
        {
            query.Add("subscription=" + Uri.EscapeDataString(Subscription));
        }
        if (unread ?? Unread)
        {
            query.Add("unread=true");
        }
        if (page > 1)
        {
            query.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        }
        return BoardPages.FeedPath + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReadAsync(string? item, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        try
        {
            await service.MarkReadAsync(string.IsNullOrWhiteSpace(item) ? null : item, ct);
        }
        catch (BoardNotFoundException)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            await LoadAsync(ct);
            return Page();
        }
        return Redirect(Link(PageNumber));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Subscription = string.IsNullOrWhiteSpace(Subscription) ? null : Subscription.Trim();
        PageNumber = Math.Max(1, PageNumber);
        UnreadCount = await service.UnreadCountAsync(ct);
        try
        {
            Items = await service.FeedAsync(Subscription, Unread, PageNumber, PageSize, ct);
            if (Items.Items.Count == 0 && PageNumber > 1 && Items.Total > 0)
            {
                PageNumber = PageCount;
                Items = await service.FeedAsync(Subscription, Unread, PageNumber, PageSize, ct);
            }
        }
        catch (BoardNotFoundException)
        {
            Missing = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
