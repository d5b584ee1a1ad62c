using Musubi.Core.Data;

namespace Musubi.Core.Features.Board;

/// <summary>
/// A principal's subscription to the board (table <c>BoardSubscriptions</c>): to capability codes, programs, nations or a
/// saved search. The sweep (<see cref="BoardService.SweepAsync"/>) turns new and changed requirements that match it, as
/// the owner may see them, into feed items; a <c>daily</c> digest also puts them in the mail outbox.
/// </summary>
public sealed class BoardSubscription : TrackedEntity
{
    /// <summary>The owner: only they see, read and delete the subscription.</summary>
    public required string PrincipalId { get; set; }

    /// <summary>The owner's organization when they subscribed (the company the subscription is for), if any.</summary>
    public string? OrganizationId { get; set; }

    public required string Name { get; set; }

    /// <summary><see cref="BoardSubscriptionKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>Capability codes, program ids or alpha-2 nations by <see cref="Kind"/>; empty for a saved search.</summary>
    public List<string> Values { get; set; } = [];

    /// <summary>The saved <see cref="BoardSearchInput"/> as JSON, for kind <c>search</c>.</summary>
    public string? Query { get; set; }

    /// <summary><see cref="BoardDigests"/>.</summary>
    public required string Digest { get; set; }
}

/// <summary>A requirement version a subscription has already reported or baselined (table <c>BoardSubscriptionSeen</c>).</summary>
public sealed class BoardSubscriptionSeen
{
    public required string SubscriptionId { get; set; }

    public required string RequirementId { get; set; }

    /// <summary>The requirement's <see cref="TrackedEntity.UpdatedAt"/> when it was last reported.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One entry of a principal's board feed (table <c>BoardFeedItems</c>): a requirement that appeared in or changed under a subscription.</summary>
public sealed class BoardFeedItem
{
    public required string Id { get; set; }

    public required string SubscriptionId { get; set; }

    public required string PrincipalId { get; set; }

    public required string RequirementId { get; set; }

    /// <summary><c>created</c> (first seen) or <c>changed</c> (seen before at another version).</summary>
    public required string Change { get; set; }

    public DateTimeOffset RequirementUpdatedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>When the item went out in a daily digest (null: not yet, or the subscription has no digest).</summary>
    public DateTimeOffset? DigestedAt { get; set; }
}

/// <summary>What a subscription follows.</summary>
public static class BoardSubscriptionKinds
{
    public const string Capability = "capability";
    public const string Program = "program";
    public const string Nation = "nation";
    public const string Search = "search";

    public static readonly IReadOnlyList<string> All = [Capability, Program, Nation, Search];
}

/// <summary>Whether a subscription's items are also mailed: <c>none</c> or <c>daily</c>.</summary>
public static class BoardDigests
{
    public const string None = "none";
    public const string Daily = "daily";

    public static readonly IReadOnlyList<string> All = [None, Daily];
}

/// <summary>The change a feed item reports.</summary>
public static class BoardChanges
{
    public const string Created = "created";
    public const string Changed = "changed";
}

/// <summary>The audit event types of the board.</summary>
public static class BoardAuditTypes
{
    public const string RequirementCreated = "board.requirement.created";
    public const string RequirementUpdated = "board.requirement.updated";
    public const string Subscribed = "board.subscribed";
    public const string Unsubscribed = "board.unsubscribed";
}
