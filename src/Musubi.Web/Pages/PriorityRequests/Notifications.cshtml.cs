using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Features.PriorityRequests;

namespace Musubi.Web.Pages.PriorityRequests;

/// <summary>
/// <c>/priority/notifications</c>: the reader's notification feed of the priority-request workflow, newest first
/// (unread ones marked), each linking to its request; "mark as read" per notification. The same notifications are
/// queued as mail in the outbox (docs/priority-requests.md).
/// </summary>
public sealed class NotificationsModel(PriorityRequestService service) : PageModel
{
    public IReadOnlyList<NotificationView> Notifications { get; private set; } = [];

    public int Unread => Notifications.Count(n => n.ReadAt is null);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        Notifications = await service.NotificationsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReadAsync(string? notification, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        try
        {
            await service.MarkReadAsync(notification ?? "", ct);
        }
        catch (PriorityNotFoundException)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            Notifications = await service.NotificationsAsync(ct);
            return Page();
        }
        return Redirect(PriorityPages.NotificationsPath);
    }
}
