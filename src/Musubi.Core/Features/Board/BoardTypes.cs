using Musubi.Engines.Matching;

namespace Musubi.Core.Features.Board;

/// <summary>
/// A board search as the API query, the UI form, the CLI options and a saved search state it. Lists are "any of";
/// <paramref name="Text"/> is English and/or Japanese free text; <paramref name="Sort"/> is one of
/// <see cref="BoardService.Sorts"/> (default <c>relevance</c> with text, <c>needBy</c> without);
/// <paramref name="Page"/> is 1-based and <paramref name="PageSize"/> 1–100.
/// </summary>
public sealed record BoardSearchInput(
    string? Text = null,
    IReadOnlyList<string>? Programs = null,
    IReadOnlyList<string>? Nations = null,
    IReadOnlyList<string>? Capabilities = null,
    IReadOnlyList<string>? FundingStatuses = null,
    IReadOnlyList<string>? ContractingPaths = null,
    IReadOnlyList<string>? Statuses = null,
    DateOnly? NeedFrom = null,
    DateOnly? NeedTo = null,
    string? Sort = null,
    int Page = 1,
    int PageSize = 25);

/// <summary>One milestone of a requirement: <see cref="Registry.MilestoneKinds"/>, its date and an optional note.</summary>
public sealed record RequirementMilestoneView(string Kind, DateOnly Date, string? Note);

/// <summary>
/// A requirement as the board shows it: the program with its nations, the text in both languages, what is needed and
/// when, how it is funded and bought, its milestones in date order, and (in a search with text) its relevance
/// <paramref name="Score"/>. Enum values are snake_case; <paramref name="Marking"/> is the banner.
/// </summary>
public sealed record BoardRequirementView(
    string Id,
    string? ProgramId,
    string? ProgramName,
    string? ProgramNameJa,
    IReadOnlyList<string> Nations,
    string Title,
    string? TitleJa,
    string? Description,
    string? DescriptionJa,
    IReadOnlyList<string> CapabilityCodes,
    IReadOnlyList<string> RequiredCertifications,
    int? Quantity,
    DateOnly? NeedBy,
    DateOnly? PublishedOn,
    string FundingStatus,
    string ContractingPath,
    string Status,
    string? PointOfContact,
    string Marking,
    IReadOnlyList<RequirementMilestoneView> Milestones,
    string? AwardedOrganizationId,
    double? Score,
    uint Version,
    DateTimeOffset UpdatedAt);

/// <summary>
/// A page of a board search: the visible hits' total, the page, and the facets (<c>program</c>, <c>nation</c>,
/// <c>capability</c>, <c>fundingStatus</c>, <c>contractingPath</c>, <c>status</c>, <c>needByYear</c>) over every visible
/// hit, each counted with the other filters applied and its own left out.
/// </summary>
public sealed record BoardSearchResult(
    int Total,
    int Page,
    int PageSize,
    IReadOnlyList<BoardRequirementView> Items,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets);

/// <summary>
/// A new or changed requirement as the API body, the UI form and the CLI input file state it. On update,
/// <paramref name="Version"/> is the version the change was made from (a conflict when it is not the stored one);
/// <paramref name="Id"/> is optional on create (one is made from the title) and ignored on update.
/// </summary>
public sealed record BoardRequirementInput(
    string? Id,
    string? ProgramId,
    IReadOnlyList<string>? CapabilityCodes,
    string? Title,
    string? TitleJa,
    string? Description,
    string? DescriptionJa,
    int? Quantity,
    DateOnly? NeedBy,
    string? FundingStatus,
    string? ContractingPath,
    string? Status,
    string? PointOfContact,
    string? Marking,
    IReadOnlyList<string>? RequiredCertifications,
    IReadOnlyList<RequirementMilestoneView>? Milestones,
    uint? Version = null);

/// <summary>
/// A new subscription: a <paramref name="Name"/>, its <paramref name="Kind"/> (<see cref="BoardSubscriptionKinds"/>),
/// the <paramref name="Values"/> it follows (capability codes, program ids or alpha-2 nations), the saved
/// <paramref name="Query"/> for kind <c>search</c>, and <paramref name="Digest"/> (<c>none</c>, default, or <c>daily</c>).
/// </summary>
public sealed record BoardSubscriptionInput(
    string? Name,
    string? Kind,
    IReadOnlyList<string>? Values,
    BoardSearchInput? Query,
    string? Digest = null);

/// <summary>One of the reader's subscriptions, with how many of its feed items they have not read (and may still see).</summary>
public sealed record BoardSubscriptionView(
    string Id,
    string Name,
    string Kind,
    IReadOnlyList<string> Values,
    BoardSearchInput? Query,
    string Digest,
    string? OrganizationId,
    DateTimeOffset CreatedAt,
    int Unread);

/// <summary>One entry of the reader's feed: the subscription, the requirement and whether it is new or changed.</summary>
public sealed record BoardFeedItemView(
    string Id,
    string SubscriptionId,
    string SubscriptionName,
    string RequirementId,
    string Title,
    string? TitleJa,
    string Change,
    DateTimeOffset CreatedAt,
    bool Read);

/// <summary>What a notification sweep did: subscriptions swept, feed items made, digests written to the mail outbox.</summary>
public sealed record BoardSweepReport(int Subscriptions, int NewItems, int Digests);

/// <summary>One bar of the board's Gantt: <paramref name="Start"/> is the publication date or else the first milestone, <paramref name="End"/> the need-by date.</summary>
public sealed record BoardTimelineRow(BoardRequirementView Requirement, DateOnly? Start, DateOnly? End);

/// <summary>Bad board input: every problem keyed by field (400 ProblemDetails / CLI exit 2).</summary>
public sealed class BoardInputException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join("; ", errors.Select(e => e.Key + ": " + string.Join(", ", e.Value))))
{
    public BoardInputException(string field, string message)
        : this(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The reader may not do this (writing requirements needs program_manager or administrator): 403 / exit 2.</summary>
public sealed class BoardForbiddenException(string message) : Exception(message);

/// <summary>The requirement or subscription does not exist or the reader may not see it: one answer for both (404 / exit 2).</summary>
public sealed class BoardNotFoundException(string what, string id) : Exception($"unknown {what} '{id}'")
{
    public string What { get; } = what;

    public string Id { get; } = id;
}

/// <summary>The requirement changed since the version the update was made from (409 / exit 2); <see cref="Current"/> is the stored version.</summary>
public sealed class BoardConflictException(string message, uint current) : Exception(message)
{
    public uint Current { get; } = current;
}
