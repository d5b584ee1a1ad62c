using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Musubi.Engines.Screening;

namespace Musubi.Web.Api;

/// <summary>
/// The screening contract's JSON shapes (issue #4), shared by <c>./musubi screen</c>, the API and the bulk page:
/// one answer per query <c>{ id, decision, best, candidates }</c>, each candidate <c>{ entityId, score, matchedName,
/// explanation }</c>. Scores and contributions are rounded to 4 decimals; decisions are <c>match</c>, <c>review</c>,
/// <c>none</c>.
/// </summary>
public static class ScreeningViews
{
    /// <summary>camelCase, nulls written (<c>"best": null</c>), non-ASCII names as characters.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The same, indented, for the command line.</summary>
    public static readonly JsonSerializerOptions Indented = new(Json) { WriteIndented = true };

    public static string DecisionText(Decision d) => d switch
    {
        Decision.Match => "match",
        Decision.Review => "review",
        _ => "none",
    };

    public static double Round(double value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    public static ScreeningAnswer Answer(ScreeningResult r) =>
        new(r.QueryId, DecisionText(r.Decision), r.Best is { } b ? Candidate(b) : null, [.. r.Candidates.Select(Candidate)]);

    public static CandidateView Candidate(ScoredCandidate c) => new(c.EntityId, Round(c.Score), c.MatchedName, Explanation(c.Explanation));

    public static ExplanationView Explanation(Explanation e) => new(
        e.Summary,
        [.. e.Features.Select(f => new FeatureView(f.Name, Round(f.Contribution), f.Detail))],
        [.. e.Tokens.Select(t => new TokenView(t.QueryToken, t.EntityToken, t.How, Round(t.Similarity), Round(t.Weight)))],
        e.Forms);
}

/// <summary>The answer for one query, in the order the queries came.</summary>
/// <param name="Id">The query's id (the CSV's <c>id</c> column).</param>
/// <param name="Decision"><c>match</c>, <c>review</c> or <c>none</c>.</param>
/// <param name="Best">The best candidate, or null when no listed entity was retrieved.</param>
/// <param name="Candidates">Up to the requested number of candidates (10 by default), best first.</param>
public sealed record ScreeningAnswer(string Id, string Decision, CandidateView? Best, IReadOnlyList<CandidateView> Candidates);

/// <summary>One listed entity scored against the query.</summary>
/// <param name="EntityId">The list entry's id.</param>
/// <param name="Score">0..1, rounded to 4 decimals.</param>
/// <param name="MatchedName">The entity's name (or alias) that scored best.</param>
/// <param name="Explanation">Why it scored what it did.</param>
public sealed record CandidateView(string EntityId, double Score, string MatchedName, ExplanationView Explanation);

/// <summary>A score's explanation: a summary, the features that add up to the score, the token alignment, the forms compared.</summary>
public sealed record ExplanationView(string Summary, IReadOnlyList<FeatureView> Features, IReadOnlyList<TokenView> Tokens, string Forms);

/// <summary>One term of the score.</summary>
public sealed record FeatureView(string Name, double Contribution, string Detail);

/// <summary>How one query token met one entity token (or none).</summary>
public sealed record TokenView(string QueryToken, string? EntityToken, string How, double Similarity, double Weight);
