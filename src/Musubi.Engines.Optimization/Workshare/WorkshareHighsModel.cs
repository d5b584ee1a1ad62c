namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// The model's rows as HiGHS takes them (row-wise, every column integer), made once and passed to each HiGHS instance:
/// the allocator's solve and each of the neighbourhood search's sub-problems, which differ only in column bounds.
/// </summary>
internal sealed class WorkshareHighsModel
{
    public WorkshareHighsModel(WorkshareModel model)
    {
        var columns = model.Columns.Count;
        Cost = new double[columns];
        foreach (var (column, coefficient) in model.Objective)
        {
            Cost[column] = coefficient;
        }
        ColLower = [.. model.Columns.Select(c => WorkshareModel.Bound(c.Lower))];
        ColUpper = [.. model.Columns.Select(c => WorkshareModel.Bound(c.Upper))];
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
                Elements[at++] = coefficient;
            }
        }
        Integrality = Enumerable.Repeat(1, columns).ToArray();
    }

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
    public static string Options(int workers, double seconds) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"threads={workers}, time_limit={seconds}, mip_rel_gap=0, mip_abs_gap=0.999");

    /// <summary>
    /// A HiGHS instance with the model (column bounds <paramref name="colLower"/>, <paramref name="colUpper"/> when
    /// given) and the allocator's options: <paramref name="workers"/> threads, <paramref name="seconds"/>, and — every
    /// objective coefficient a whole unit — a solution within 0.999 of a unit of the bound proven optimal
    /// (<c>mip_rel_gap</c> 0, <c>mip_abs_gap</c> 0.999).
    /// </summary>
    public HighsMip Create(int workers, double seconds, double[]? colLower = null, double[]? colUpper = null)
    {
        var highs = new HighsMip();
        try
        {
            highs.PassMinimize(Cost, colLower ?? ColLower, colUpper ?? ColUpper, RowLower, RowUpper, Start, Index, Elements, Integrality);
            highs.Set("time_limit", seconds);
            highs.Set("threads", workers);
            highs.Set("mip_rel_gap", 0.0);
            highs.Set("mip_abs_gap", 0.999);
            return highs;
        }
        catch
        {
            highs.Dispose();
            throw;
        }
    }
}
