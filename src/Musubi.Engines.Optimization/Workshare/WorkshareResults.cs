namespace Musubi.Engines.Optimization.Workshare;

/// <summary>One work package's company (and that company's nation), with the work value it carries and what it costs there (cost × factor).</summary>
public sealed record WorkshareAssignment(string WorkPackage, string Company, string Nation, double Value, double Cost);

/// <summary>
/// A nation's share: <paramref name="Target"/> its funding share, <paramref name="Actual"/> its share of the work value
/// allocated (global policy: of all work, history included), the allowed band [<paramref name="Lower"/>,
/// <paramref name="Upper"/>] and its work value in USD.
/// </summary>
public sealed record WorkshareShare(string Nation, double Target, double Actual, double Lower, double Upper, double Work);

/// <summary>
/// A limit in a set that cannot all hold together. <paramref name="Kind"/>: <c>no_candidate</c> (no company can take a
/// work package at all), <c>capability</c>, <c>release</c>, <c>fixed</c>, <c>capacity</c>, <c>share_floor</c>,
/// <c>share_ceiling</c>, <c>compartment</c>. <paramref name="Subject"/>: the work package, company, nation or subsystem
/// it is about; <paramref name="Values"/>: the numbers the words use (for localized rendering); <paramref name="Message"/>:
/// the limit in English words.
/// </summary>
public sealed record WorkshareConflict(string Kind, string Subject, IReadOnlyDictionary<string, string> Values, string Message);

/// <summary>The model's size and how the solve went; <c>ExplainSeconds</c>: how long finding the conflicts took (infeasible only).</summary>
public sealed record WorkshareSolveInfo(int Variables, int Constraints, double BuildSeconds, double SolveSeconds, double? BestBound, double? Gap, string Solver, double? ExplainSeconds = null);

/// <summary>
/// An allocation. <paramref name="Status"/>: <c>optimal</c>, <c>feasible</c> (time limit, <see cref="WorkshareSolveInfo.Gap"/>
/// proven), <c>infeasible</c> (with <paramref name="Conflicts"/>) or <c>unknown</c> (time limit, nothing found).
/// <paramref name="Objective"/>: the exported model's objective value (USD); <paramref name="Cost"/>: Σ cost × factor;
/// <paramref name="CrossBorderInterfaceWeight"/>: Σ weight of interfaces whose two packages sit in different nations;
/// <paramref name="SplitSubsystems"/>: subsystems whose packages sit in more than one nation.
/// <paramref name="ConflictsMinimal"/>: with conflicts, whether the set is minimal (every limit in it needed; false: CP-SAT's
/// sufficient set, the deletion pass did not finish); null without conflicts.
/// </summary>
public sealed record WorkshareResult(
    string Status,
    string Program,
    WorkshareMode Mode,
    WorksharePolicy Policy,
    double? Objective,
    IReadOnlyList<WorkshareAssignment> Allocation,
    IReadOnlyList<WorkshareShare> Shares,
    double? Cost,
    double? CrossBorderInterfaceWeight,
    IReadOnlyList<string> SplitSubsystems,
    IReadOnlyList<WorkshareConflict> Conflicts,
    double Lambda,
    double Mu,
    double Kappa,
    WorkshareSolveInfo Solve,
    bool? ConflictsMinimal = null);
