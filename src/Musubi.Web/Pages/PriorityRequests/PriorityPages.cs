using System.Globalization;
using Microsoft.Extensions.Localization;
using Musubi.Core.Features.PriorityRequests;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.PriorityRequests;

/// <summary>
/// What the priority-request pages share: states, actions, parties and priorities in the reader's language, the
/// paths of a request's pages, and the age buckets of the dashboard.
/// </summary>
public static class PriorityPages
{
    public const string ListPath = "/priority";

    public const string NewPath = "/priority/new";

    public const string NotificationsPath = "/priority/notifications";

    /// <summary>The API's CSV export of the requests the reader may see (docs/priority-requests.md).</summary>
    public const string ExportPath = "/api/priority-requests/export.csv";

    /// <summary>The governments that make and receive requests.</summary>
    public static readonly IReadOnlyList<string> Nations = ["US", "JP"];

    public static string DetailPath(string id) => ListPath + "/" + Uri.EscapeDataString(id);

    public static string StateLabel(this IStringLocalizer<UiText> l, string? state) => l.EnumLabel("Priority.State", state);

    public static string ActionLabel(this IStringLocalizer<UiText> l, string? action) => l.EnumLabel("Priority.Action", action);

    public static string PartyLabel(this IStringLocalizer<UiText> l, string? party) => l.EnumLabel("Priority.Party", party);

    public static string LevelLabel(this IStringLocalizer<UiText> l, string? level) => l.EnumLabel("Priority.Level", level);

    public static string KindLabel(this IStringLocalizer<UiText> l, string? kind) => l.EnumLabel("Priority.NotificationKind", kind);

    /// <summary>What a history line says was done (<c>submitted</c>); the creation of the draft has no action.</summary>
    public static string DoneLabel(this IStringLocalizer<UiText> l, string? action) =>
        l.EnumLabel("Priority.Done", string.IsNullOrEmpty(action) ? "create" : action);

    /// <summary>The labels of the dashboard's age buckets, youngest first.</summary>
    public static IReadOnlyList<string> Buckets(IStringLocalizer<UiText> l) =>
        [.. Enumerable.Range(0, 4).Select(i => l["Priority.Bucket." + i.ToString(CultureInfo.InvariantCulture)].Value)];

    /// <summary>The ageing chart of a dashboard: a row per open state that has requests, in workflow order.</summary>
    public static PriorityAgeingChart AgeingChart(IStringLocalizer<UiText> l, PriorityDashboard dashboard)
    {
        var rows = dashboard.OpenByState
            .Where(s => s.Total > 0)
            .OrderBy(s => Order(s.State))
            .Select(s => new PriorityAgeingRow(s.State, l.StateLabel(s.State), [s.Days0To5, s.Days6To10, s.Days11To20, s.Days21Plus]))
            .ToList();
        return new PriorityAgeingChart(Buckets(l), rows);
    }

    /// <summary>A state's place in the workflow (unknown states last).</summary>
    public static int Order(string state)
    {
        var i = PriorityStates.All.ToList().IndexOf(state);
        return i < 0 ? int.MaxValue : i;
    }

    /// <summary>The CSS modifier of a state's badge: where the request stands (open, with the supplier, done, stopped).</summary>
    public static string StateTone(string state) => state switch
    {
        PriorityStates.Draft => "draft",
        PriorityStates.Submitted or PriorityStates.UnderReview => "review",
        PriorityStates.Forwarded => "supplier",
        PriorityStates.Accepted or PriorityStates.PartiallyAccepted or PriorityStates.Fulfilled => "good",
        PriorityStates.Declined => "bad",
        _ => "done",
    };

    /// <summary>"1 request" / "N requests" in the reader's language.</summary>
    public static string Requests(this IStringLocalizer<UiText> l, int count) =>
        count == 1 ? l["Priority.RequestCountOne"] : l["Priority.RequestCount", Localized.Number(count)];

    public static string Number(double value) => value.ToString("#,0.##", CultureInfo.CurrentCulture);

    public static string Days(double value) => value.ToString("0.#", CultureInfo.CurrentCulture);

    /// <summary>The other government of a request between the United States and Japan (null for any other nationality).</summary>
    public static string? OtherGovernment(string? nation) => nation?.ToUpperInvariant() switch
    {
        "US" => "JP",
        "JP" => "US",
        _ => null,
    };
}
