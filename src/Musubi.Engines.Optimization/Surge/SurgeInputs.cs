using Musubi.Engines.Network;

namespace Musubi.Engines.Optimization.Surge;

/// <summary>What the surge plan optimizes (docs/engines/surge.md).</summary>
public enum SurgeObjective
{
    /// <summary>(a) Maximize cumulative deliveries of the chosen end items by the horizon, earlier months first on ties.</summary>
    MaxDeliveries,

    /// <summary>(b) Minimize the priority-weighted backlog against the demand schedule, summed over months.</summary>
    MinShortfall,

    /// <summary>(c) Minimize the cost of expansions and qualifications needed to deliver the target rate every month from the target month to the horizon.</summary>
    MinCost,
}

/// <summary>
/// A capacity expansion option: offer <paramref name="OfferId"/> can make <paramref name="ExtraPerMonth"/> more units a
/// month from month <paramref name="MonthsUntilAvailable"/> + 1 on, for <paramref name="CostUsd"/>. All or nothing.
/// </summary>
public sealed record SurgeExpansion(string Id, string OfferId, double ExtraPerMonth, double CostUsd, int MonthsUntilAvailable);

/// <summary><paramref name="Quantity"/> units of part <paramref name="PartId"/> on hand at facility <paramref name="FacilityId"/> at the start of month 1.</summary>
public sealed record SurgeStock(string PartId, string FacilityId, double Quantity);

/// <summary>
/// Demand for end item <paramref name="PartId"/> in month <paramref name="Month"/> (1-based). Priority 1 (high), 2
/// (normal) or 3 (low): a unit of backlog for a month weighs 100, 10 or 1.
/// </summary>
public sealed record SurgeDemand(string PartId, int Month, double Quantity, int Priority = 2);

/// <summary>
/// A scenario: which units are lost (as in the network what-if), which units' unqualified offers are qualified (each
/// producing from the month after its <c>qualification_months</c>; unknown months: not counted on), whether the
/// expansion options are taken as built (objectives (a) and (b); objective (c) chooses them), and a factor on demand.
/// </summary>
public sealed record SurgeScenario(
    string Name,
    IReadOnlyList<UnitRef> Remove,
    IReadOnlyList<UnitRef> Qualify,
    bool WithExpansions = false,
    double DemandFactor = 1)
{
    public static SurgeScenario Baseline { get; } = new("baseline", [], []);
}

/// <summary>
/// One plan's question: end items, horizon in months (1–120), objective, the target rate and month for objective (c),
/// and the planning data (demand schedule, expansion options, initial stocks) — all validated against the network.
/// <paramref name="EmptyPipeline"/>: false (the default) assumes the base is already making the items at its
/// steady-state rate, so the units started before month 1 arrive over each offer's lead time; true starts from
/// nothing in flight (a new item). <paramref name="PipelineItems"/>: the items whose steady state fills that pipeline
/// (null: <paramref name="Items"/>) — set it when an item is added to a plan as extra demand on the base as it runs
/// today (a priority request for a component), so adding it does not re-plan what is already in flight.
/// </summary>
public sealed record SurgeRequest(
    IReadOnlyList<string> Items,
    int Months,
    SurgeObjective Objective,
    SurgeScenario Scenario,
    double? TargetRate = null,
    int? ByMonth = null,
    IReadOnlyList<SurgeDemand>? Demand = null,
    IReadOnlyList<SurgeExpansion>? Expansions = null,
    IReadOnlyList<SurgeStock>? Stocks = null,
    bool EmptyPipeline = false,
    IReadOnlyList<string>? PipelineItems = null)
{
    /// <summary>Longest horizon accepted.</summary>
    public const int MaxMonths = 120;
}
