namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// The model as HiGHS takes it (row-wise, every column integer, the costs scaled), made once per allocation: the
/// allocator's instance is created from it, and the neighbourhood search's sub-problems change that instance's column
/// bounds, starting from <see cref="ColLower"/> and <see cref="ColUpper"/>.
/// </summary>
internal sealed class WorkshareHighsModel
{
    /// <param name="model">The model.</param>
    /// <param name="scale">Whether the objective is scaled (<see cref="ScaleExponent"/>).</param>
    /// <param name="unitDeviations">Every column as the model has it, an integer in units, the deviations too — as before
    /// ADR 0041: for the neighbourhood search's sub-problems, which only offer allocations, each checked in integers
    /// (ADR 0042). Otherwise a scaled column (<see cref="WorkshareModel.Column.Scale"/>) is HiGHS' x′ = x / scale,
    /// continuous (ADR 0041).</param>
    public WorkshareHighsModel(WorkshareModel model, bool scale = true, bool unitDeviations = false)
    {
        var columns = model.Columns.Count;
        UnitDeviations = unitDeviations;
        Scales = [.. model.Columns.Select(c => unitDeviations ? 1 : c.Scale)];
        Cost = new double[columns];
        foreach (var (column, coefficient) in model.Objective)
        {
            Cost[column] = (double)coefficient * Scales[column];
        }
        ColLower = [.. model.Columns.Select(c => unitDeviations ? WorkshareModel.Bound(c.Lower) : c.SolverLower)];
        ColUpper = [.. model.Columns.Select(c => unitDeviations ? WorkshareModel.Bound(c.Upper) : c.SolverUpper)];
        RowLower = [.. model.Rows.Select(r => WorkshareModel.Bound(r.Lower))];
        RowUpper = [.. model.Rows.Select(r => WorkshareModel.Bound(r.Upper))];
        Start = new int[model.Rows.Count];
        var nonzeros = model.Rows.Sum(r => r.Terms.Count);
        Index = new int[nonzeros];
        Elements = new double[nonzeros];
        var at = 0;
        for (var r = 0; r < model.Rows.Count; r++)
        {
            Start[r] = at;
            foreach (var (column, coefficient) in model.Rows[r].Terms)
            {
                Index[at] = column;
                Elements[at++] = (double)coefficient * Scales[column];
            }
        }
        Integrality = [.. model.Columns.Select(c => unitDeviations || c.Integer ? 1 : 0)];
        var largest = Cost.Length == 0 ? 0 : Cost.Max(Math.Abs);
        ScaleExponent = scale && largest > MaxCost ? (int)Math.Ceiling(Math.Log2(largest / MaxCost)) : 0;
        ScaledCost = [.. Cost.Select(c => Math.ScaleB(c, -ScaleExponent))];
    }

    /// <summary>Whether every column is the model's own, the deviations integers in units (no <see cref="Scales"/> above 1).</summary>
    public bool UnitDeviations { get; }

    /// <summary>The largest objective coefficient HiGHS is given unscaled (HiGHS warns of "excessively large costs" above it).</summary>
    private const double MaxCost = 1e8;

    /// <summary>
    /// k such that HiGHS is given the objective multiplied by 2^−k (<see cref="ScaledCost"/>): the largest coefficient
    /// at most 10⁸ (0 when <c>scale</c> is false). Unscaled, the benchmark's program has coefficients up to 4·10¹⁰ and
    /// HiGHS spends the whole limit in the root's cut rounds; scaled by 2⁻⁹, it leaves the root in about 12 s and its
    /// branching raises the bound (ADR 0025). A power of two, so the scaling is exact. Column values are unaffected;
    /// the bound and the gap are scaled, and <see cref="Unscale"/> undoes it. The costs are scaled here rather than by
    /// HiGHS' <c>user_objective_scale</c>, so that the many runs of the neighbourhood search's one instance do not
    /// depend on how HiGHS re-applies its own scaling between runs.
    /// </summary>
    public int ScaleExponent { get; }

    /// <summary>The costs HiGHS is given: <see cref="Cost"/> × 2^−<see cref="ScaleExponent"/>.</summary>
    public double[] ScaledCost { get; }

    /// <summary>
    /// HiGHS' <c>mip_abs_gap</c>: 0.999 of a unit of the model's objective, in HiGHS' scaled one. Every objective
    /// coefficient is a whole unit, and a scaled column's least value for an allocation a whole number of units, so
    /// every allocation's objective is whole: a solution within it of the bound is the optimum (the allocator checks
    /// that the allocation's own objective is, ADR 0041).
    /// </summary>
    public double AbsoluteGap => Math.ScaleB(0.999, -ScaleExponent);

    /// <summary>An objective value or bound HiGHS reports, in the model's units.</summary>
    public double Unscale(double scaled) => Math.ScaleB(scaled, ScaleExponent);

    /// <summary>Each column's <see cref="WorkshareModel.Column.Scale"/>: HiGHS' value of it is the model's divided by this.</summary>
    public long[] Scales { get; }

    /// <summary>
    /// The model's column values from HiGHS' (<see cref="Scales"/>): integer columns rounded; a scaled column
    /// multiplied back and rounded up (one within 10⁻⁶ above a whole unit is that unit), so that a value HiGHS leaves a
    /// fraction of a unit short of its row, within its tolerance, still keeps the row.
    /// </summary>
    public long[] ModelValues(double[] values)
    {
        var model = new long[values.Length];
        for (var c = 0; c < values.Length; c++)
        {
            model[c] = Scales[c] == 1 ? (long)Math.Round(values[c]) : (long)Math.Ceiling(values[c] * Scales[c] - 1e-6);
        }
        return model;
    }

    /// <summary>The model's column values as HiGHS takes them (a start, a hint): each divided by its <see cref="Scales"/>.</summary>
    public double[] HighsValues(long[] values) => [.. values.Select((v, c) => (double)v / Scales[c])];

    /// <summary>The costs in the model's units (before <see cref="ScaleExponent"/>), of HiGHS' columns.</summary>
    public double[] Cost { get; }

    public double[] ColLower { get; }

    public double[] ColUpper { get; }

    public double[] RowLower { get; }

    public double[] RowUpper { get; }

    public int[] Start { get; }

    public int[] Index { get; }

    public double[] Elements { get; }

    public int[] Integrality { get; }

    /// <summary>The allocator's options as text, for the answer's solver note.</summary>
    public string Options(int workers, double seconds) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"threads={workers}, time_limit={seconds:0.###}, mip_rel_gap=0, ")
        + (ScaleExponent == 0 ? "mip_abs_gap=0.999"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"mip_abs_gap=0.999·2^{-ScaleExponent}; objective given scaled by 2^{-ScaleExponent}"));

    /// <summary>
    /// A HiGHS instance with the model and the allocator's options: <paramref name="workers"/> threads, <paramref name="seconds"/>, the objective
    /// scaled by 2^−<see cref="ScaleExponent"/>, and — every allocation's objective a whole unit — a solution within 0.999
    /// of a unit of the bound proven optimal (<c>mip_rel_gap</c> 0, <c>mip_abs_gap</c> 0.999 in the model's units).
    /// </summary>
    public HighsMip Create(int workers, double seconds)
    {
        var highs = new HighsMip();
        try
        {
            highs.PassMinimize(ScaledCost, ColLower, ColUpper, RowLower, RowUpper, Start, Index, Elements, Integrality);
            highs.Set("time_limit", seconds);
            highs.Set("threads", workers);
            highs.Set("mip_rel_gap", 0.0);
            highs.Set("mip_abs_gap", AbsoluteGap);
            return highs;
        }
        catch
        {
            highs.Dispose();
            throw;
        }
    }
}
