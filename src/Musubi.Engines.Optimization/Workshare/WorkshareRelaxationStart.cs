namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// The annealing's start from the model's LP relaxation (ADR 0037): each package to the nation that holds the largest
/// part of it in the relaxation's solution, and there to the company that holds the largest part. The relaxation's
/// solution settles which nations the program's parts go to — what decides the basin the annealing ends in — at the
/// relaxation's cost and shares; the annealing's repair then removes what the rounding leaves over capacities and bands.
/// </summary>
internal static class WorkshareRelaxationStart
{
    /// <summary>
    /// The rounded relaxation, or null when HiGHS did not solve the relaxation to optimality within
    /// <paramref name="seconds"/> (an infeasible program, or one too large for the time).
    /// </summary>
    public static int[]? Rounded(WorkshareSetup s, WorkshareModel m, WorkshareHighsModel highsModel, double seconds) =>
        Relaxation(highsModel, seconds) is { } values ? Round(s, m, values) : null;

    /// <summary>
    /// The LP relaxation's column values (HiGHS' columns, <see cref="WorkshareHighsModel"/>), or null when HiGHS did not
    /// solve it to optimality within <paramref name="seconds"/>.
    /// </summary>
    public static double[]? Relaxation(WorkshareHighsModel highsModel, double seconds)
    {
        using var relaxation = highsModel.Create(1, seconds);
        relaxation.Set("solve_relaxation", true);
        return relaxation.Run() == HighsMip.StatusOptimal ? relaxation.Solution(highsModel.Cost.Length) : null;
    }

    /// <summary>Each package to its largest nation in <paramref name="values"/> (column values), there to its largest company.</summary>
    public static int[] Round(WorkshareSetup s, WorkshareModel m, double[] values)
    {
        var choice = new int[s.Packages.Length];
        var byNation = new double[s.Nations.Length];
        for (var w = 0; w < choice.Length; w++)
        {
            Array.Clear(byNation);
            foreach (var (k, c) in m.X[w])
            {
                byNation[s.CompanyNation[k]] += values[c];
            }
            var nation = 0;
            for (var n = 1; n < byNation.Length; n++)
            {
                nation = byNation[n] > byNation[nation] ? n : nation;
            }
            // The largest company of that nation (none only when every column of the package is 0: its first company).
            var (company, top) = (-1, double.NegativeInfinity);
            foreach (var (k, c) in m.X[w])
            {
                if (s.CompanyNation[k] == nation && values[c] > top)
                {
                    (company, top) = (k, values[c]);
                }
            }
            choice[w] = company >= 0 ? company : m.X[w][0].Company;
        }
        return choice;
    }
}
