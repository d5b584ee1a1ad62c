namespace Musubi.Engines.Optimization.Workshare;

/// <summary>How the work packages may be split (docs/engines/workshare.md, "Modes").</summary>
public enum WorkshareMode
{
    /// <summary>Every subsystem within one nation (SM-3 Block IIA's "component compartmentalization"); λ's term is left out.</summary>
    Compartmentalized,

    /// <summary>No subsystem rule; the cross-border interface weight is minimized with weight λ (GPI's industry-to-industry work).</summary>
    Integrated,

    /// <summary>No hard subsystem rule; both the cross-border interface weight (λ) and each subsystem split across nations (κ) are penalized.</summary>
    Blend,
}

/// <summary>The balance a program keeps: its own (per program) or across programs and years (OCCAR's global balance).</summary>
public enum WorksharePolicy
{
    /// <summary>Each nation's share of this program's work within its funding share ± tolerance.</summary>
    Program,

    /// <summary>Each nation's share of all work (the history plus this program) within its share of all funding ± tolerance.</summary>
    Global,
}

/// <summary>A partner nation and its funding share (0..1; the shares sum to 1 ± 1e-9).</summary>
public sealed record WorkshareNation(string Code, double Share);

/// <summary>
/// A work package: its cost estimate (USD, ≥ 0), the capabilities it needs (all of them), its subsystem (for the
/// compartmentalized mode; null: a subsystem of its own), the nations that may receive its technical data (null: every
/// partner nation), and an optional fixed company.
/// </summary>
public sealed record WorkshareWorkPackage(
    string Id,
    string Name,
    double Cost,
    IReadOnlyList<string> Capabilities,
    string? Subsystem = null,
    IReadOnlyList<string>? ReleasableTo = null,
    string? FixedCompany = null);

/// <summary>
/// A candidate company: its nation (one of the program's), capabilities, capacity (the most work value, USD, it can
/// take; null: unlimited), cost factor (&gt; 0; its price relative to the estimate) and past-performance score (0..1,
/// informational; null: unknown).
/// </summary>
public sealed record WorkshareCompany(
    string Id,
    string Name,
    string Nation,
    IReadOnlyList<string> Capabilities,
    double? Capacity = null,
    double CostFactor = 1,
    double? PastPerformance = null);

/// <summary>An interface between two work packages, with its weight (≥ 0): what it costs to coordinate it across a border.</summary>
public sealed record WorkshareInterface(string A, string B, double Weight);

/// <summary>Work done and funding paid by a nation in other programs or years (for <see cref="WorksharePolicy.Global"/>), USD.</summary>
public sealed record WorkshareHistory(string Nation, double Work, double Funding, string? Program = null, int? Year = null);

/// <summary>
/// A program to allocate. <paramref name="CapabilityParents"/>: the capability taxonomy (code → parent code, null at a
/// root) — when given, every capability must be in it, and a company holding a narrower code covers a broader one it
/// is asked for (holding <c>SENS.SEEKER.IR</c> covers <c>SENS.SEEKER</c>); null: codes match exactly and are not checked.
/// </summary>
public sealed record WorkshareProblem(
    string Program,
    IReadOnlyList<WorkshareNation> Nations,
    double Tolerance,
    IReadOnlyList<WorkshareWorkPackage> WorkPackages,
    IReadOnlyList<WorkshareCompany> Companies,
    IReadOnlyList<WorkshareInterface> Interfaces,
    WorksharePolicy Policy = WorksharePolicy.Program,
    IReadOnlyList<WorkshareHistory>? History = null,
    IReadOnlyDictionary<string, string?>? CapabilityParents = null);

/// <summary>
/// How to solve. <paramref name="Lambda"/>: USD per unit of cross-border interface weight (null: 1% of the program's
/// total cost); <paramref name="Mu"/>: USD per USD of share deviation from target (null: 1); <paramref name="Kappa"/>:
/// USD per extra nation in a subsystem, blend mode (null: 5% of the total cost); <paramref name="TimeLimitSeconds"/>:
/// the solver's limit (the best allocation found by then is "feasible" with its proven gap); <paramref name="Workers"/>:
/// HiGHS' threads (null: the processors).
/// </summary>
public sealed record WorkshareOptions(
    WorkshareMode Mode = WorkshareMode.Integrated,
    double? Lambda = null,
    double? Mu = null,
    double? Kappa = null,
    double TimeLimitSeconds = 30,
    int? Workers = null);

/// <summary>Input a caller can fix: a problem naming its field (<c>workPackages[2].cost</c>) and what is wrong.</summary>
public sealed class WorkshareValidationException(IReadOnlyList<(string Field, string Message)> errors)
    : Exception(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<(string Field, string Message)> Errors { get; } = errors;
}
