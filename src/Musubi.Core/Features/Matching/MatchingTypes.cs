using System.Globalization;
using Musubi.Engines.Matching;

namespace Musubi.Core.Features.Matching;

/// <summary>Audit event types of matchmaking.</summary>
public static class MatchingAuditTypes
{
    /// <summary>One ranking (suppliers for a requirement, or requirements for an organization).</summary>
    public const string Ranked = "match.ranked";
}

/// <summary>The requirement a ranking is for, as the reader may see it.</summary>
/// <param name="Id">The requirement's id.</param>
/// <param name="Title">English title.</param>
/// <param name="TitleJa">Japanese title.</param>
/// <param name="ProgramId">Its program.</param>
/// <param name="ProgramName">The program's name.</param>
/// <param name="Nations">The program's partner nations (the receiving countries of the transfer filter).</param>
/// <param name="CapabilityCodes">Required capability codes.</param>
/// <param name="RequiredCertifications">Required certification kinds.</param>
/// <param name="Quantity">Units wanted.</param>
/// <param name="NeedBy">Need-by date.</param>
/// <param name="Status">snake_case status.</param>
/// <param name="ContractingPath">snake_case contracting path.</param>
/// <param name="Marking">The requirement's banner (<c>UNCLASSIFIED</c> when unmarked).</param>
public sealed record MatchRequirementInfo(
    string Id,
    string Title,
    string? TitleJa,
    string? ProgramId,
    string? ProgramName,
    IReadOnlyList<string> Nations,
    IReadOnlyList<string> CapabilityCodes,
    IReadOnlyList<string> RequiredCertifications,
    int? Quantity,
    DateOnly? NeedBy,
    string Status,
    string ContractingPath,
    string Marking);

/// <summary>The suppliers ranked for a requirement, as of a date.</summary>
public sealed record MatchRequirementResult(MatchRequirementInfo Requirement, SupplierRanking Ranking, DateOnly AsOf);

/// <summary>The open requirements ranked for an organization, as of a date.</summary>
public sealed record MatchSupplierResult(string OrganizationId, string Name, string? NameJa, RequirementRanking Ranking, DateOnly AsOf);

/// <summary>A matching question that cannot be answered as asked: the field (<c>top</c>, <c>weights</c>) and what is wrong.</summary>
public sealed class MatchingQuestionException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>Checks of the matching questions' inputs shared by the API, the CLI and the pages.</summary>
public static class MatchingQuestions
{
    public const int DefaultTop = 10;
    public const int MaxTop = 1000;

    /// <summary>The weight names <see cref="Weights"/> reads.</summary>
    public static readonly IReadOnlyList<string> WeightNames = ["text", "capability", "capacity", "diversification", "pastPerformance"];

    /// <summary><paramref name="top"/>, or the default; 1–1000 else <see cref="MatchingQuestionException"/> on <c>top</c>.</summary>
    public static int Top(int? top) => top switch
    {
        null => DefaultTop,
        < 1 or > MaxTop => throw new MatchingQuestionException("top", string.Create(CultureInfo.InvariantCulture, $"must be 1–{MaxTop}, got {top}")),
        _ => top.Value,
    };

    /// <summary>Parses a <c>top</c> query or option value (null or blank: the default).</summary>
    public static int Top(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultTop;
        }
        return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? Top(n)
            : throw new MatchingQuestionException("top", $"'{text}' is not a whole number");
    }

    /// <summary>
    /// Parses <c>text=0.4,capability=0.3</c> (names as <see cref="WeightNames"/>, case-insensitive, <c>past_performance</c>
    /// also read): unnamed weights keep their defaults; each a finite number ≥ 0, their sum &gt; 0. Null or blank: null
    /// (the defaults). Problems throw <see cref="MatchingQuestionException"/> on <c>weights</c>.
    /// </summary>
    public static MatchWeights? Weights(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var w = MatchWeights.Default;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new MatchingQuestionException("weights", $"'{raw}' is not name=value (names: {string.Join(", ", WeightNames)})");
            }
            var name = raw[..eq].Trim().Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
            var valueText = raw[(eq + 1)..].Trim();
            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
            {
                throw new MatchingQuestionException("weights", $"{raw[..eq].Trim()}: '{valueText}' is not a number ≥ 0");
            }
            if (!seen.Add(name))
            {
                throw new MatchingQuestionException("weights", $"{raw[..eq].Trim()} is given twice");
            }
            w = name switch
            {
                "text" => w with { Text = value },
                "capability" => w with { Capability = value },
                "capacity" => w with { Capacity = value },
                "diversification" => w with { Diversification = value },
                "pastperformance" => w with { PastPerformance = value },
                _ => throw new MatchingQuestionException("weights", $"unknown weight '{raw[..eq].Trim()}' (names: {string.Join(", ", WeightNames)})"),
            };
        }
        if (w.Text + w.Capability + w.Capacity + w.Diversification + w.PastPerformance <= 0)
        {
            throw new MatchingQuestionException("weights", "the weights sum to 0: at least one must be positive");
        }
        return w;
    }
}
