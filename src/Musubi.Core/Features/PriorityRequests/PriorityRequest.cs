using Musubi.Core.Data;

namespace Musubi.Core.Features.PriorityRequests;

/// <summary>
/// A priority-delivery request (table <c>PriorityRequests</c>, ids <c>PR-YYYY-NNNN</c>): one government asks the other to
/// have a supplier of the other country deliver a quantity of a registry part by a date. Marked: the access policy filters
/// it like every other marked record, and <see cref="PriorityRequestService"/> narrows that to the parties
/// (docs/priority-requests.md, "Visibility").
/// </summary>
public sealed class PriorityRequest : MarkedEntity
{
    /// <summary>ISO 3166-1 alpha-2 (<c>US</c> or <c>JP</c>): the creator's nationality.</summary>
    public required string RequestingGovernment { get; set; }

    /// <summary>ISO 3166-1 alpha-2: the other government, whose supplier is asked.</summary>
    public required string ReceivingGovernment { get; set; }

    public required string PartId { get; set; }

    public int Quantity { get; set; }

    /// <summary>A registry organization in the receiving country.</summary>
    public required string SupplierOrganizationId { get; set; }

    /// <summary>A facility of the supplier, when the request names one.</summary>
    public string? FacilityId { get; set; }

    public DateOnly NeededBy { get; set; }

    public required string Justification { get; set; }

    /// <summary>The registry program the request serves, when it serves one.</summary>
    public string? ProgramId { get; set; }

    /// <summary>The operation the request serves, as text, when it is not a program.</summary>
    public string? Operation { get; set; }

    /// <summary><see cref="PriorityLevels"/>.</summary>
    public required string Priority { get; set; }

    /// <summary><see cref="PriorityStates"/>.</summary>
    public required string State { get; set; }

    public DateTimeOffset StateEnteredAt { get; set; }

    /// <summary>The current state's time limit (last day the acting party has), null in states without one.</summary>
    public DateOnly? DueAt { get; set; }

    /// <summary>How many times the request was escalated in its current state (0 on entering a state).</summary>
    public int EscalationLevel { get; set; }

    public DateOnly? PromisedDate { get; set; }

    public int? PromisedQuantity { get; set; }

    public string? DeclineReason { get; set; }

    public required string CreatedBy { get; set; }

    public List<PriorityTransition> Transitions { get; set; } = [];

    public List<PriorityComment> Comments { get; set; } = [];
}

/// <summary>One step of a request's history (table <c>PriorityTransitions</c>); the creation is the first, from null to draft.</summary>
public sealed class PriorityTransition
{
    public required string Id { get; set; }

    public required string RequestId { get; set; }

    public string? From { get; set; }

    public required string To { get; set; }

    public required string Action { get; set; }

    public required string By { get; set; }

    public DateTimeOffset At { get; set; }

    public string? Note { get; set; }
}

/// <summary>A comment on a request (table <c>PriorityComments</c>).</summary>
public sealed class PriorityComment
{
    public required string Id { get; set; }

    public required string RequestId { get; set; }

    public required string By { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Text { get; set; }
}

/// <summary>An in-app notification to one principal about one request (table <c>Notifications</c>).</summary>
public sealed class Notification
{
    public required string Id { get; set; }

    public required string RecipientId { get; set; }

    public required string RequestId { get; set; }

    /// <summary><see cref="NotificationKinds"/>.</summary>
    public required string Kind { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>
/// A mail waiting for the relay (table <c>MailOutbox</c>). Musubi writes these and sends none: a mail relay that reads
/// the table, sends, and sets <see cref="SentAt"/> is the hand-off (docs/priority-requests.md, "Mail outbox").
/// </summary>
public sealed class MailOutbox
{
    public required string Id { get; set; }

    /// <summary>The principal the mail is for (the relay resolves the address from the account).</summary>
    public required string ToPrincipalId { get; set; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}
