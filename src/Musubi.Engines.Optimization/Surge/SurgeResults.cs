namespace Musubi.Engines.Optimization.Surge;

/// <summary>
/// A surge plan. <see cref="Status"/>: <c>optimal</c>; <c>infeasible</c> (objective (c): the target cannot be reached
/// even with every option); <c>no_output</c> (nothing of the items can be delivered within the horizon);
/// <c>not_solved</c> (the solver stopped without an answer, e.g. a time limit). <see cref="Objective"/> is the value of
/// the exact model <c>--export-mps</c> writes (for (a) deliveries weighted 1 + 10⁻⁴·(M − t)/M, so slightly above
/// <see cref="Delivered"/>).
/// </summary>
public sealed record SurgePlan(
    string Status,
    string Scenario,
    string ObjectiveKind,
    double? Objective,
    double Delivered,
    double MaxMonthlyRate,
    double PeakMonthlyDeliveries,
    double? CostUsd,
    IReadOnlyList<SurgeDelivery> Schedule,
    IReadOnlyList<SurgeBottleneck> Bottlenecks,
    IReadOnlyList<SurgeBottleneckSummary> BottleneckSummary,
    IReadOnlyList<SurgeChoice> Expansions,
    IReadOnlyList<SurgeItemStart> FirstDeliveries,
    SurgeExplanation? Explanation,
    IReadOnlyList<string> Notes,
    SurgeModelSize Model);

/// <summary>Deliveries of one item in one month (1-based), with the demand and the backlog after the month when there is a demand schedule.</summary>
public sealed record SurgeDelivery(int Month, string Item, double Delivered, double? Demand, double? Backlog);

/// <summary>
/// A capacity that binds: one more unit of offer <paramref name="OfferId"/>'s capacity in month <paramref name="Month"/>
/// changes the objective by <paramref name="MarginalValue"/> (for (a): end items delivered by the horizon).
/// </summary>
public sealed record SurgeBottleneck(string OfferId, string Part, string PartName, string Facility, string FacilityName, string Country, int Month, double MarginalValue);

/// <summary>
/// A bottleneck over the whole horizon: the months it binds and the value of one more unit per month in every month
/// (the sum of the monthly marginal values).
/// </summary>
public sealed record SurgeBottleneckSummary(string OfferId, string Part, string PartName, string Facility, string FacilityName, string Country, int FirstMonth, int LastMonth, int Months, double MarginalValuePerUnitPerMonth);

/// <summary>An expansion built or an offer qualified: <c>kind</c> is <c>expansion</c> or <c>qualification</c>; it adds capacity from <paramref name="AvailableFromMonth"/>.</summary>
public sealed record SurgeChoice(string Kind, string Id, string OfferId, string Part, string Facility, string Country, double ExtraPerMonth, double CostUsd, int AvailableFromMonth);

/// <summary>The first month an item can be delivered at all under the scenario (lead times along the fastest feasible chain, stocks counted); null when never.</summary>
public sealed record SurgeItemStart(string Item, string Name, int? FirstMonth);

/// <summary>
/// Why a plan delivers nothing or cannot reach its target, in the field's words. <paramref name="Kind"/>:
/// <c>no_source</c> (<paramref name="Part"/> has no producing source, so <paramref name="Item"/> cannot be made),
/// <c>beyond_horizon</c> (the first possible delivery, <paramref name="Month"/>, is after the horizon),
/// <c>target_unreachable</c> (even with every option the rate at month <paramref name="Month"/> stays at most <paramref name="Value"/>).
/// <paramref name="Text"/> is the English sentence; the other fields let a surface say it in another language.
/// </summary>
public sealed record SurgeExplanation(string Kind, string Item, string? Part, string? Offer, int? Month, double? Value, string Text);

/// <summary>The model's size and times: variables, constraints, the solver, seconds to build and to solve.</summary>
public sealed record SurgeModelSize(int Variables, int Constraints, string Solver, double BuildSeconds, double SolveSeconds);

/// <summary>The steady-state maximum: the items' total monthly output with the pipeline full, what binds it and its marginal value per unit per month.</summary>
public sealed record SurgeRate(
    IReadOnlyList<string> Items,
    string Scenario,
    double MaxMonthlyRate,
    IReadOnlyList<SurgeRateItem> PerItem,
    IReadOnlyList<SurgeBottleneckSummary> Bottlenecks,
    SurgeExplanation? Explanation,
    SurgeModelSize Model);

/// <summary>One item's share of the steady-state maximum.</summary>
public sealed record SurgeRateItem(string Item, string Name, double Rate);
