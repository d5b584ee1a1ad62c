using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Musubi.Engines.Screening;

namespace Musubi.Core.Features.Screening;

/// <summary>
/// One scored candidate as a saved record keeps it: the engine's <see cref="ScoredCandidate"/> with the list version
/// and source it came from, the entity's schema, first name and programs.
/// </summary>
public sealed record ListedCandidate(
    string EntityId,
    string ListVersionId,
    string Source,
    string Schema,
    string Caption,
    IReadOnlyList<string> Programs,
    double Score,
    string MatchedName,
    string QueryName,
    Explanation Explanation);

/// <summary>The result a <see cref="ScreeningRecord"/> keeps (its <c>Result</c> column): decision (<c>match</c>, <c>review</c>, <c>none</c>), best candidate, candidates best first.</summary>
public sealed record ScreeningOutcome(string Decision, ListedCandidate? Best, IReadOnlyList<ListedCandidate> Candidates);

/// <summary>The thresholds a screening used (a record's <c>Thresholds</c> column).</summary>
public sealed record ScreeningThresholds(double Match, double Review, int MaxCandidates)
{
    public static ScreeningThresholds Of(ScreeningOptions options) => new(options.MatchThreshold, options.ReviewThreshold, options.MaxCandidates);
}

/// <summary>One continuous-screening hit of an organization (kept in <see cref="OrganizationScreening.Hits"/>).</summary>
public sealed record StoredHit(string Source, string EntityId, string ListVersionId, double Score, string MatchedName);

/// <summary>The JSON of the screening tables: camelCase, enums as their names, compact.</summary>
public static class ScreeningJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new JsonException("null where a value was stored");

    /// <summary>The contract's word for a decision: <c>match</c>, <c>review</c>, <c>none</c>.</summary>
    public static string DecisionText(Decision decision) => decision switch
    {
        Decision.Match => "match",
        Decision.Review => "review",
        _ => "none",
    };

    /// <summary>
    /// Canonical JSON of a node: object keys in ordinal order at every depth, no insignificant whitespace, numbers as
    /// System.Text.Json writes them (shortest round-trip form). The same content always gives the same bytes, so a
    /// certificate's hash can be checked by anyone who canonicalizes its body again.
    /// </summary>
    public static string Canonical(JsonNode? node)
    {
        var sorted = Sort(node);
        return sorted?.ToJsonString(new JsonSerializerOptions { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";
    }

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sort)]),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };

    /// <summary>SHA-256 of the text's UTF-8 bytes, lower-case hex.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary><paramref name="prefix"/>, the UTC date and 80 random bits (as saved transfer checks).</summary>
    internal static string NewId(string prefix, DateTimeOffset now) =>
        prefix + now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
}
