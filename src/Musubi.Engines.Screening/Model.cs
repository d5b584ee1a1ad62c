namespace Musubi.Engines.Screening;

/// <summary>How strongly a name identifies its entity.</summary>
public enum NameKind
{
    /// <summary>The entity's name (FollowTheMoney <c>name</c>).</summary>
    Name,

    /// <summary>Another full name: other script, former name, translation (<c>alias</c>, <c>previousName</c>).</summary>
    Alias,

    /// <summary>An acronym or short form (<c>weakAlias</c>): matches only exactly, never by similarity.</summary>
    WeakAlias,
}

/// <summary>One name of a listed entity.</summary>
public sealed record EntityName(string Value, NameKind Kind = NameKind.Name);

/// <summary>An identifier: scheme in lower case (<c>lei</c>, <c>cage</c>, <c>uei</c>, <c>jcn</c>, <c>imo</c>, <c>duns</c>, <c>registration</c>, <c>other</c>) and value as printed.</summary>
public sealed record EntityIdentifier(string Scheme, string Value);

/// <summary>
/// One entry of a denied-party list, or one registry organization when the registry is screened against itself.
/// Countries are ISO 3166-1 alpha-2 in upper case.
/// </summary>
public sealed record ScreeningEntity(
    string Id,
    string Schema,
    IReadOnlyList<EntityName> Names,
    IReadOnlyList<string> Countries,
    IReadOnlyList<EntityIdentifier> Identifiers)
{
    /// <summary>Programs or datasets the entry was listed under (e.g. "Entity List", "METI End User List"), for display.</summary>
    public IReadOnlyList<string> Programs { get; init; } = [];
}

/// <summary>A name to screen, with the country and identifiers when known.</summary>
public sealed record ScreeningQuery(string Id, string Name, string? Country = null)
{
    public IReadOnlyList<EntityIdentifier> Identifiers { get; init; } = [];
}

/// <summary>The three bands of a screening decision.</summary>
public enum Decision
{
    /// <summary>Score at or above the match threshold: treat as the listed party until a reviewer says otherwise.</summary>
    Match,

    /// <summary>Score between the review and match thresholds: a person must look.</summary>
    Review,

    /// <summary>No candidate reaches the review threshold.</summary>
    None,
}

/// <summary>Per-request settings. Defaults are justified in docs/engines/screening.md (evaluation).</summary>
public sealed record ScreeningOptions
{
    public const double DefaultMatchThreshold = 0.90;
    public const double DefaultReviewThreshold = 0.70;

    public double MatchThreshold { get; init; } = DefaultMatchThreshold;
    public double ReviewThreshold { get; init; } = DefaultReviewThreshold;

    /// <summary>How many scored candidates a result carries (1..50).</summary>
    public int MaxCandidates { get; init; } = 10;

    public static ScreeningOptions Default { get; } = new();

    /// <summary>Returns the offending field and reason, or <c>null</c> when the options are usable.</summary>
    public (string Field, string Message)? Validate()
    {
        if (double.IsNaN(ReviewThreshold) || ReviewThreshold is <= 0 or > 1)
        {
            return ("thresholdReview", "must be greater than 0 and at most 1");
        }
        if (double.IsNaN(MatchThreshold) || MatchThreshold is <= 0 or > 1)
        {
            return ("thresholdMatch", "must be greater than 0 and at most 1");
        }
        if (ReviewThreshold > MatchThreshold)
        {
            return ("thresholdReview", $"must not exceed the match threshold ({MatchThreshold})");
        }
        if (MaxCandidates is < 1 or > 50)
        {
            return ("maxCandidates", "must be between 1 and 50");
        }
        return null;
    }
}

/// <summary>The answer for one query.</summary>
public sealed record ScreeningResult(string QueryId, Decision Decision, ScoredCandidate? Best, IReadOnlyList<ScoredCandidate> Candidates);

/// <summary>One listed entity scored against the query, best name pair first.</summary>
public sealed record ScoredCandidate(string EntityId, double Score, string MatchedName, string QueryName, Explanation Explanation);

/// <summary>
/// Why a candidate scored what it did: a one-line summary, each feature's contribution to the score (they add up to
/// the score, clamped to 0..1), and how each token of the chosen name forms was aligned.
/// </summary>
public sealed record Explanation(string Summary, IReadOnlyList<ScoreFeature> Features, IReadOnlyList<TokenAlignment> Tokens)
{
    /// <summary>Which forms of the two names were compared (e.g. "latin", "original script", "japanese reading", "glossary").</summary>
    public string Forms { get; init; } = "";
}

/// <summary>One term of the score: name similarity, identifier match, country mismatch, weak-alias match…</summary>
public sealed record ScoreFeature(string Name, double Contribution, string Detail);

/// <summary>How one query token met one entity token: exact, abbreviation, legal form, stem, typo (edit distance), reading, glossary, joined; or unmatched.</summary>
public sealed record TokenAlignment(string QueryToken, string? EntityToken, string How, double Similarity, double Weight);
