namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// The workshare allocator of docs/engines/workshare.md: each work package to exactly one capable company whose nation
/// may receive its data, capacities respected, each nation's share of the work within its funding share ± tolerance,
/// at least cost × factors + λ·cross-border interfaces + μ·share deviation (+ κ·subsystem splits in blend mode), solved
/// with OR-Tools' CP-SAT; an infeasible program comes back with a small set of conflicting limits in words.
/// </summary>
public static class WorkshareAllocator
{
    /// <summary>Checks what a caller can fix; throws <see cref="WorkshareValidationException"/> naming every bad field.</summary>
    public static void Validate(WorkshareProblem problem) =>
        throw new NotSupportedException("WorkshareAllocator.Validate: being written (issue #7)");

    /// <summary>Allocates under <paramref name="options"/>.</summary>
    public static WorkshareResult Allocate(WorkshareProblem problem, WorkshareOptions options) =>
        throw new NotSupportedException("WorkshareAllocator.Allocate: being written (issue #7)");

    /// <summary>The three modes side by side (compartmentalized, integrated, blend), the rest of <paramref name="options"/> as given.</summary>
    public static IReadOnlyList<WorkshareResult> Compare(WorkshareProblem problem, WorkshareOptions options) =>
        throw new NotSupportedException("WorkshareAllocator.Compare: being written (issue #7)");

    /// <summary>The exact model <see cref="Allocate"/> solves, in CPLEX LP format (objective in USD, as reported).</summary>
    public static string ExportLp(WorkshareProblem problem, WorkshareOptions options) =>
        throw new NotSupportedException("WorkshareAllocator.ExportLp: being written (issue #7)");

    /// <summary>The exact model <see cref="Allocate"/> solves, in free MPS.</summary>
    public static string ExportMps(WorkshareProblem problem, WorkshareOptions options) =>
        throw new NotSupportedException("WorkshareAllocator.ExportMps: being written (issue #7)");
}
