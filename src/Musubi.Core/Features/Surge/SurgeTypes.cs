using Musubi.Engines.Optimization.Surge;

namespace Musubi.Core.Features.Surge;

/// <summary>The audit event types of the surge planner.</summary>
public static class SurgeAuditTypes
{
    /// <summary>A plan or a steady-state rate computed over the registry (every scenario of one question is one event).</summary>
    public const string Planned = "surge.planned";

    /// <summary>A plan saved as a run, with its question.</summary>
    public const string Saved = "surge.saved";
}

/// <summary>A surge question cannot be answered as asked: the errors name each field (a 400 on the web, exit 2 in the CLI).</summary>
public sealed class SurgeValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join("; ", errors.Select(e => e.Key + ": " + string.Join(", ", e.Value))))
{
    public SurgeValidationException(string field, string message)
        : this(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>
/// One scenario of a surge question, as a user states it (docs/engines/surge.md): the units lost (<c>kind:id</c>, as in
/// the network what-if), the units whose unqualified offers are qualified, whether the expansion options are taken as
/// built, and a factor on the demand schedule. An empty name is filled in from what the scenario changes.
/// </summary>
public sealed record SurgeScenarioQuestion(
    string? Name = null,
    IReadOnlyList<string>? Remove = null,
    IReadOnlyList<string>? Qualify = null,
    bool WithExpansions = false,
    double? DemandFactor = null);

/// <summary>
/// A surge-planning question as the API body, the UI form and the CLI options state it: end items (part ids), the
/// horizon in months (1–120, default 24), the objective (<c>max</c>, <c>shortfall</c> or <c>cost</c>), the target rate and
/// its month for <c>cost</c>, the scenarios to run side by side (none: the baseline), and the planning data — expansion
/// options, initial stocks and the demand schedule. Checked against the reader's network by <see cref="SurgeService"/>;
/// every problem names its field (<c>items</c>, <c>months</c>, <c>scenarios[1].remove</c>, <c>expansions[0].extraPerMonth</c>).
/// A saved run stores it as given after checking (names filled in, defaults applied). <see cref="EmptyPipeline"/>: false
/// (the default) takes the base to be making the items already at its steady-state rate, true starts from nothing in
/// flight (a new item; docs/engines/surge.md, "Pipeline").
/// </summary>
public sealed record SurgeQuestion(
    IReadOnlyList<string>? Items,
    int? Months = null,
    string? Objective = null,
    double? Target = null,
    int? By = null,
    IReadOnlyList<SurgeScenarioQuestion>? Scenarios = null,
    IReadOnlyList<SurgeExpansion>? Expansions = null,
    IReadOnlyList<SurgeStock>? Stocks = null,
    IReadOnlyList<SurgeDemand>? Demand = null,
    bool EmptyPipeline = false);

/// <summary>
/// The answer to a question: the question as checked (defaults applied, scenario names filled in), one plan per
/// scenario in the order asked, and how many offers the reader may see were left out of the network because their
/// part or facility (or an input) is hidden from them.
/// </summary>
public sealed record SurgeAnswer(SurgeQuestion Question, IReadOnlyList<SurgePlan> Plans, int HiddenOffers);

/// <summary>A saved run as listed: who saved it when, and what it asked.</summary>
public sealed record SurgeRunSummary(
    string Id,
    string Name,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    IReadOnlyList<string> Items,
    string Objective,
    int Months,
    IReadOnlyList<string> Scenarios);

/// <summary>A saved run with its question and its plans, exactly as saved.</summary>
public sealed record SurgeRunView(SurgeRunSummary Run, SurgeQuestion Question, IReadOnlyList<SurgePlan> Plans, int HiddenOffers);
