namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// The best allocation (each package's company) that keeps every limit found so far by the searches that run side by
/// side — the annealing and the neighbourhood search (docs/engines/workshare.md, "Solve"), which starts each
/// sub-problem from it. Thread-safe; copies in and out.
/// </summary>
internal sealed class WorkshareIncumbent
{
    /// <summary>
    /// Told of every allocation kept, with its objective (the benchmark's BENCH_WORKSHARE_POOL records them, ADR 0048). Null
    /// in the product.
    /// </summary>
    internal static Action<int[], long>? Accepted { get; set; }

    private readonly Lock gate = new();
    private int[]? choice;
    private long objective = long.MaxValue;

    /// <summary>Keeps <paramref name="allocation"/> when it is lower than the best so far; whether it was.</summary>
    public bool Offer(int[] allocation, long value)
    {
        lock (gate)
        {
            if (value >= objective)
            {
                return false;
            }
            choice = (int[])allocation.Clone();
            objective = value;
            Accepted?.Invoke(choice, value);
            return true;
        }
    }

    /// <summary>A copy of the best allocation and its objective, or null before any was offered.</summary>
    public (int[] Choice, long Objective)? Best()
    {
        lock (gate)
        {
            return choice is null ? null : ((int[])choice.Clone(), objective);
        }
    }
}
