namespace Musubi.Core.Features.PriorityRequests;

/// <summary>The states of a priority-delivery request (docs/priority-requests.md, "States and actions").</summary>
public static class PriorityStates
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
    public const string UnderReview = "under_review";
    public const string Forwarded = "forwarded";
    public const string Accepted = "accepted";
    public const string PartiallyAccepted = "partially_accepted";
    public const string Declined = "declined";
    public const string Fulfilled = "fulfilled";
    public const string Closed = "closed";
    public const string Withdrawn = "withdrawn";

    /// <summary>Every state, in workflow order.</summary>
    public static readonly IReadOnlyList<string> All =
        [Draft, Submitted, UnderReview, Forwarded, Accepted, PartiallyAccepted, Declined, Fulfilled, Closed, Withdrawn];

    /// <summary>The states no action leaves (a request there is no longer open).</summary>
    public static readonly IReadOnlyList<string> Terminal = [Fulfilled, Closed, Withdrawn];

    /// <summary>The states that carry a time limit (the acting party's clock runs).</summary>
    public static readonly IReadOnlyList<string> Timed = [Submitted, UnderReview, Forwarded, Accepted, PartiallyAccepted];

    public static bool IsKnown(string? state) => state is not null && All.Contains(state, StringComparer.Ordinal);

    public static bool IsOpen(string state) => !Terminal.Contains(state, StringComparer.Ordinal);
}

/// <summary>The actions of the workflow; <see cref="Comment"/> changes no state.</summary>
public static class PriorityActions
{
    public const string Submit = "submit";
    public const string Review = "review";
    public const string Forward = "forward";
    public const string Reject = "reject";
    public const string Accept = "accept";
    public const string AcceptPartial = "accept_partial";
    public const string Decline = "decline";
    public const string Fulfil = "fulfil";
    public const string Close = "close";
    public const string Withdraw = "withdraw";
    public const string Comment = "comment";

    /// <summary>The state-changing actions, in workflow order.</summary>
    public static readonly IReadOnlyList<string> Transitions =
        [Submit, Review, Forward, Reject, Accept, AcceptPartial, Decline, Fulfil, Close, Withdraw];

    /// <summary>Every action, the transitions and <see cref="Comment"/>.</summary>
    public static readonly IReadOnlyList<string> All = [.. Transitions, Comment];
}

/// <summary>How urgent a request is: <c>routine</c>, <c>urgent</c> or <c>critical</c>.</summary>
public static class PriorityLevels
{
    public const string Routine = "routine";
    public const string Urgent = "urgent";
    public const string Critical = "critical";

    public static readonly IReadOnlyList<string> All = [Routine, Urgent, Critical];
}

/// <summary>Who a principal is with respect to one request (docs/priority-requests.md, "Who is who").</summary>
public static class PriorityParties
{
    /// <summary>A program manager of a government organization of the requesting country.</summary>
    public const string RequestingGovernment = "requesting_government";

    /// <summary>A program manager of a government organization of the receiving country.</summary>
    public const string ReceivingGovernment = "receiving_government";

    /// <summary>A contributor or program manager of the supplier organization.</summary>
    public const string Supplier = "supplier";

    /// <summary>Anyone else: may read what the policies let them, act on nothing.</summary>
    public const string None = "none";
}

/// <summary>The kinds of in-app notification.</summary>
public static class NotificationKinds
{
    /// <summary>A request moved to a state where the recipient's party must act (or be told).</summary>
    public const string Transition = "transition";

    /// <summary>Someone commented on a request the recipient is party to.</summary>
    public const string Comment = "comment";

    /// <summary>A request went past its time limit: the acting government's officials are told.</summary>
    public const string Escalation = "escalation";
}

/// <summary>The audit event types of the priority-request workflow.</summary>
public static class PriorityAuditTypes
{
    public const string Created = "priority.created";
    public const string Transitioned = "priority.transitioned";
    public const string Commented = "priority.commented";
    public const string Escalated = "priority.escalated";
}

/// <summary>
/// A list query: by state, by nation (requesting or receiving government, alpha-2), only overdue ones, and the page
/// (1-based; page size 1–500, default 50).
/// </summary>
public sealed record PriorityRequestFilter(
    string? State = null,
    string? Nation = null,
    bool? Overdue = null,
    int Page = 1,
    int PageSize = 50)
{
    public const int MaxPageSize = 500;
}

/// <summary>One line of a list: the request's parties, what is asked, where it stands and whether it is late.</summary>
public sealed record PriorityRequestSummary(
    string Id,
    string RequestingGovernment,
    string ReceivingGovernment,
    string PartId,
    string? PartName,
    int Quantity,
    string SupplierOrganizationId,
    string? SupplierName,
    DateOnly NeededBy,
    string Priority,
    string State,
    DateTimeOffset StateEnteredAt,
    DateOnly? DueAt,
    bool Overdue,
    int EscalationLevel,
    string Marking,
    DateTimeOffset CreatedAt,
    string CreatedBy);

/// <summary>A page of visible requests, newest first, with the number of visible requests that match.</summary>
public sealed record PriorityRequestPage(IReadOnlyList<PriorityRequestSummary> Items, int Total, int PageNumber, int PageSize);

/// <summary>One step of a request's history.</summary>
public sealed record PriorityTransitionView(string? From, string To, string Action, string By, DateTimeOffset At, string? Note);

/// <summary>One comment on a request.</summary>
public sealed record PriorityCommentView(string Id, string RequestId, string By, DateTimeOffset At, string Text);

/// <summary>
/// A request with everything a reader may see about it: the parties, what is asked, the state with its time limit
/// (<paramref name="DueAt"/>, counted in the business days of <paramref name="ActingCountry"/>; overdue when today is
/// after it), the supplier's response, the history, the comments, and the actions the current reader may take
/// (<paramref name="AllowedActions"/>, <c>comment</c> included when they may comment), with the reader's
/// <paramref name="ReaderParty"/>.
/// </summary>
public sealed record PriorityRequestView(
    string Id,
    string RequestingGovernment,
    string ReceivingGovernment,
    string PartId,
    string? PartName,
    int Quantity,
    string SupplierOrganizationId,
    string? SupplierName,
    string SupplierCountry,
    string? FacilityId,
    DateOnly NeededBy,
    string Justification,
    string? ProgramId,
    string? Operation,
    string Priority,
    string Marking,
    string State,
    DateTimeOffset StateEnteredAt,
    DateOnly? DueAt,
    string? ActingParty,
    string? ActingCountry,
    bool Overdue,
    int EscalationLevel,
    DateOnly? PromisedDate,
    int? PromisedQuantity,
    string? DeclineReason,
    bool PromisedLate,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    IReadOnlyList<PriorityTransitionView> Transitions,
    IReadOnlyList<PriorityCommentView> Comments,
    IReadOnlyList<string> AllowedActions,
    string ReaderParty);

/// <summary>
/// A new request (a draft) as the API body, the UI form and the CLI state it. The requesting government is the
/// creator's nationality; <paramref name="ReceivingGovernment"/> when given must be the other one. Dates are
/// <c>YYYY-MM-DD</c>; <paramref name="Marking"/> a banner (<c>CUI//REL TO USA, JPN</c>; empty: unmarked).
/// </summary>
public sealed record PriorityRequestInput(
    string? PartId,
    int? Quantity,
    string? SupplierOrganizationId,
    string? NeededBy,
    string? Justification,
    string? FacilityId = null,
    string? ProgramId = null,
    string? Operation = null,
    string? Priority = null,
    string? Marking = null,
    string? ReceivingGovernment = null);

/// <summary>An action on a request: its name and what it needs (a promised date for accept, a quantity for accept_partial, a reason for reject and decline).</summary>
public sealed record PriorityTransitionInput(
    string? Action,
    string? Note = null,
    string? PromisedDate = null,
    int? Quantity = null,
    string? Reason = null);

/// <summary>
/// One (item, month) of the baseline plan where less of the item's demand is met once the request is added: the slip.
/// <paramref name="BaselineDelivered"/> and <paramref name="WithRequestDelivered"/> are the units of the item's demand
/// met by the end of the month (cumulative demand less the backlog), <paramref name="Slip"/> their difference — the
/// units due by then that are now late. Months are 1-based from the plan's first month (<see cref="PriorityImpact.FirstMonth"/>).
/// </summary>
public sealed record PrioritySlip(string Item, int Month, string MonthLabel, double BaselineDelivered, double WithRequestDelivered, double Slip);

/// <summary>
/// The effect of a request on the surge planner's deliveries: whether the request can be met by its date
/// (<paramref name="CanMeet"/>: the quantity delivered by the needed-by month), the deliveries that slip, and notes
/// (part not in the network, no baseline demand). <paramref name="Computed"/> is false when no plan was made.
/// </summary>
public sealed record PriorityImpact(
    string RequestId,
    string PartId,
    int Quantity,
    DateOnly NeededBy,
    bool Computed,
    bool PartInNetwork,
    bool BaselineDemandEmpty,
    DateOnly? FirstMonth,
    int Months,
    string? NeededByMonthLabel,
    double DeliveredForRequest,
    bool CanMeet,
    IReadOnlyList<PrioritySlip> Slips,
    IReadOnlyList<string> Notes);

/// <summary>Open requests in one state, by age in the state (business days of the acting country).</summary>
public sealed record PriorityAgeBuckets(string State, int Days0To5, int Days6To10, int Days11To20, int Days21Plus)
{
    public int Total => Days0To5 + Days6To10 + Days11To20 + Days21Plus;
}

/// <summary>The median business days spent in a state by the nation that had to act there, over completed stays.</summary>
public sealed record PriorityStateMedian(string State, string Nation, double MedianBusinessDays, int Count);

/// <summary>
/// The dashboard over the requests the reader may see: open requests by state and age bucket, medians of time in each
/// state per acting nation (from the transitions), how many are overdue, and the totals by state.
/// </summary>
public sealed record PriorityDashboard(
    IReadOnlyList<PriorityAgeBuckets> OpenByState,
    IReadOnlyList<PriorityStateMedian> Medians,
    int Overdue,
    int Open,
    int Total,
    IReadOnlyDictionary<string, int> ByState);

/// <summary>One notification in the reader's feed.</summary>
public sealed record NotificationView(string Id, string RequestId, string Kind, string Text, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>A request cannot be created or an action taken as given: every problem, keyed by field (400 / exit 2).</summary>
public sealed class PriorityInputException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join("; ", errors.Select(e => e.Key + ": " + string.Join(", ", e.Value))))
{
    public PriorityInputException(string field, string message)
        : this(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The request (or notification) does not exist or the reader may not see it: one answer for both (404).</summary>
public sealed class PriorityNotFoundException(string what, string id) : Exception($"unknown {what} '{id}'")
{
    public string What { get; } = what;

    public string Id { get; } = id;
}

/// <summary>The action is not one the request's state allows: "transition not allowed from STATE" (409 / exit 2).</summary>
public sealed class PriorityConflictException(string message) : Exception(message);

/// <summary>The reader may see the request but may not take the action: "ROLE of NATION may not ACTION" (403 / exit 2).</summary>
public sealed class PriorityForbiddenException(string message) : Exception(message);
