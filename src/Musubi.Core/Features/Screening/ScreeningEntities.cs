namespace Musubi.Core.Features.Screening;

/// <summary>
/// One imported version of a denied-party list (a file of one source as it was on a date). Versions of one
/// <see cref="Source"/> supersede each other: the newest import is <c>active</c>, the ones before it <c>superseded</c>.
/// Never edited or deleted, so every saved screening can name exactly what it was screened against. Unmarked: lists
/// are public documents.
/// </summary>
public sealed class ScreeningListVersion
{
    public const string Active = "active";
    public const string Superseded = "superseded";

    /// <summary><c>lv-</c> and the first 12 hex digits of the content hash (<c>-2</c>, <c>-3</c>… when those are taken).</summary>
    public required string Id { get; set; }

    /// <summary>The short key the importer gave (<c>us-csl</c>, <c>jp-meti-eul</c>, <c>un-sc</c>…).</summary>
    public required string Source { get; set; }

    /// <summary>The list format's short name (<c>ftm</c>, <c>csl-csv</c>, <c>csl-json</c>, <c>csv</c>).</summary>
    public required string Format { get; set; }

    public required string FileName { get; set; }

    /// <summary>The list's own date, as the importer gave it, else the import date.</summary>
    public DateOnly PublishedOn { get; set; }

    public DateTimeOffset ImportedAt { get; set; }

    public required string ImportedBy { get; set; }

    /// <summary>SHA-256 (hex) of the bytes read.</summary>
    public required string ContentHash { get; set; }

    public int EntityCount { get; set; }

    public int NameCount { get; set; }

    /// <summary><see cref="Active"/> or <see cref="Superseded"/>.</summary>
    public required string Status { get; set; }

    /// <summary>When a newer version of the source replaced this one (null while active).</summary>
    public DateTimeOffset? SupersededAt { get; set; }
}

/// <summary>
/// One listed entity of one version, whole (names, countries, identifiers and programs as JSON), so any version can be
/// indexed again and any past result re-derived.
/// </summary>
public sealed class ScreeningListEntry
{
    public required string VersionId { get; set; }

    public required string EntityId { get; set; }

    public required string Schema { get; set; }

    /// <summary>JSON array of <c>{ "value", "kind" }</c> (kind: <c>Name</c>, <c>Alias</c>, <c>WeakAlias</c>).</summary>
    public required string Names { get; set; }

    /// <summary>JSON array of ISO 3166-1 alpha-2 codes.</summary>
    public required string Countries { get; set; }

    /// <summary>JSON array of <c>{ "scheme", "value" }</c>.</summary>
    public required string Identifiers { get; set; }

    /// <summary>JSON array of program names.</summary>
    public required string Programs { get; set; }

    /// <summary>The first name, for display.</summary>
    public required string Caption { get; set; }
}

/// <summary>
/// One screening of one name against the list versions active at the time (all of them named in
/// <see cref="ListVersionIds"/>), with the whole result and its review. A record of a registry organization
/// (<see cref="OrganizationId"/>) is visible only to readers who may see that organization.
/// </summary>
public sealed class ScreeningRecord
{
    public const string ReviewPending = "pending";
    public const string ReviewNotRequired = "not_required";
    public const string ReviewDone = "reviewed";

    public const string ConfirmedMatch = "confirmed_match";
    public const string FalsePositive = "false_positive";
    public const string Cleared = "cleared";

    /// <summary>The review decisions a reviewer may give.</summary>
    public static IReadOnlyList<string> ReviewDecisions { get; } = [ConfirmedMatch, FalsePositive, Cleared];

    /// <summary><c>SR-yyyymmdd-</c> and 80 random bits.</summary>
    public required string Id { get; set; }

    public required string QueryName { get; set; }

    /// <summary>ISO 3166-1 alpha-2, when given.</summary>
    public string? QueryCountry { get; set; }

    /// <summary>JSON array of <c>{ "scheme", "value" }</c>.</summary>
    public required string QueryIdentifiers { get; set; }

    /// <summary>The registry organization screened, when one was.</summary>
    public string? OrganizationId { get; set; }

    /// <summary>The query's id in a batch (the CSV's <c>id</c>), when it came from one.</summary>
    public string? QueryId { get; set; }

    /// <summary>JSON array of every list version id the index held.</summary>
    public required string ListVersionIds { get; set; }

    /// <summary><c>match</c>, <c>review</c> or <c>none</c>.</summary>
    public required string Decision { get; set; }

    public string? BestEntityId { get; set; }

    public string? BestListVersionId { get; set; }

    public double? BestScore { get; set; }

    /// <summary>The whole result as JSON (<see cref="ScreeningOutcome"/>: decision, best, candidates with their list version and explanation).</summary>
    public required string Result { get; set; }

    /// <summary>JSON <c>{ "match", "review", "maxCandidates" }</c>.</summary>
    public required string Thresholds { get; set; }

    public DateTimeOffset ScreenedAt { get; set; }

    public required string ScreenedBy { get; set; }

    /// <summary><c>pending</c> (a match or review decision waits for a person), <c>not_required</c> (no hit) or <c>reviewed</c>.</summary>
    public required string ReviewStatus { get; set; }

    /// <summary><c>confirmed_match</c>, <c>false_positive</c> or <c>cleared</c>, once reviewed.</summary>
    public string? ReviewDecision { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public string? ReviewNote { get; set; }
}

/// <summary>
/// A certificate issued from a screening record: a canonical JSON body (query, list versions with source, date and
/// content hash, decision, best candidate with its explanation, reviewer and review decision) and its SHA-256.
/// </summary>
public sealed class ScreeningCertificate
{
    /// <summary><c>SC-yyyymmdd-</c> and 80 random bits.</summary>
    public required string Id { get; set; }

    public required string RecordId { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public required string IssuedBy { get; set; }

    /// <summary>Canonical JSON (keys in ordinal order, no insignificant whitespace).</summary>
    public required string Body { get; set; }

    /// <summary>SHA-256 (lower-case hex) of the UTF-8 bytes of <see cref="Body"/>.</summary>
    public required string BodyHash { get; set; }
}

/// <summary>
/// Continuous screening: a registry organization newly hit by a listed entity (<c>new_hit</c>) or no longer hit
/// (<c>cleared</c>) after a list version was imported. Visible only to readers who may see the organization.
/// </summary>
public sealed class ScreeningAlert
{
    public const string NewHit = "new_hit";
    public const string ClearedHit = "cleared";

    /// <summary><c>SA-yyyymmdd-</c> and 80 random bits.</summary>
    public required string Id { get; set; }

    public required string OrganizationId { get; set; }

    /// <summary><see cref="NewHit"/> or <see cref="ClearedHit"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The listed entity (its id within its list).</summary>
    public required string EntityId { get; set; }

    /// <summary>The list's source key.</summary>
    public required string Source { get; set; }

    /// <summary>The version the hit was found in (new hit) or the version that no longer has it (cleared).</summary>
    public required string ListVersionId { get; set; }

    /// <summary>The version the organization was last screened against for this source (cleared: the one that had the hit).</summary>
    public string? PreviousVersionId { get; set; }

    /// <summary>The score of the hit (the previous score for a cleared hit).</summary>
    public double Score { get; set; }

    /// <summary>The listed name that matched.</summary>
    public required string MatchedName { get; set; }

    /// <summary>The screening record saved for a new hit (pending review), when there is one.</summary>
    public string? RecordId { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }
}

/// <summary>
/// The latest continuous-screening result of one organization: the hits (score at or above the review threshold) it
/// had against the versions then active, so the next re-screen can tell new hits from cleared ones.
/// </summary>
public sealed class OrganizationScreening
{
    public required string OrganizationId { get; set; }

    /// <summary>JSON array of the list version ids screened against.</summary>
    public required string ListVersionIds { get; set; }

    /// <summary>JSON array of <see cref="StoredHit"/>.</summary>
    public required string Hits { get; set; }

    public DateTimeOffset ScreenedAt { get; set; }
}

/// <summary>
/// Registry entity resolution: two organizations that are probably one (shared identifiers, names matching across
/// scripts and legal forms), waiting for a person to merge them or mark them distinct. Visible only to readers who may
/// see both organizations.
/// </summary>
public sealed class DuplicateCandidate
{
    public const string Open = "open";
    public const string Merged = "merged";
    public const string Distinct = "distinct";

    /// <summary><c>DC-yyyymmdd-</c> and 80 random bits.</summary>
    public required string Id { get; set; }

    /// <summary>The organization a merge keeps (the one created first).</summary>
    public required string FirstOrganizationId { get; set; }

    /// <summary>The organization a merge folds into the first and deletes.</summary>
    public required string SecondOrganizationId { get; set; }

    public required string FirstName { get; set; }

    public required string SecondName { get; set; }

    public double Score { get; set; }

    /// <summary>The engine's <c>Explanation</c> as JSON.</summary>
    public required string Explanation { get; set; }

    /// <summary>JSON array of <c>{ "scheme", "value" }</c> both carry.</summary>
    public required string SharedIdentifiers { get; set; }

    /// <summary><see cref="Open"/>, <see cref="Merged"/> or <see cref="Distinct"/>.</summary>
    public required string Status { get; set; }

    public DateTimeOffset FoundAt { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }
}

/// <summary>A screening record's id and decision (<c>match</c>, <c>review</c> or <c>none</c>), without its result.</summary>
public sealed record ScreeningRecordDecision(string Id, string Decision);
