using System.Runtime.InteropServices;

namespace Musubi.Engines.Optimization;

/// <summary>
/// A linear program solved by COIN-OR CLP — the CLP library that ships inside Google OR-Tools' runtime package
/// (<c>libClp.so.1</c> beside <c>libortools.so</c>, the build OR-Tools' own CLP interface uses), called through its C
/// API. The model is loaded from column-wise arrays in one call, and a solve can start from the previous one's basis
/// without presolve (<see cref="Primal"/>), which OR-Tools' <c>MPSolver</c> does not let a caller choose per solve.
/// The surge planner's sifted solves need both (docs/engines/surge.md, "Solve"). One instance per thread at a time.
/// </summary>
internal sealed class ClpLp : IDisposable
{
    private IntPtr model;

    static ClpLp()
    {
        NativeLibraries.Register();
    }

    /// <summary>
    /// Loads the program: <paramref name="start"/>, <paramref name="index"/>, <paramref name="value"/> hold the matrix
    /// by columns (<paramref name="start"/> has one entry per column and one more); infinite bounds may be given as
    /// infinities. Maximizes when <paramref name="maximize"/>.
    /// </summary>
    public ClpLp(
        int[] start, int[] index, double[] value, double[] columnLower, double[] columnUpper, double[] objective,
        double[] rowLower, double[] rowUpper, bool maximize)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(rowLower);
        Columns = start.Length - 1;
        Rows = rowLower.Length;
        model = ClpNative.Clp_newModel();
        ClpNative.Clp_setLogLevel(model, 0);
        ClpNative.Clp_loadProblem(
            model, Columns, Rows, start, index, value, Finite(columnLower), Finite(columnUpper), objective, Finite(rowLower), Finite(rowUpper));
        ClpNative.Clp_setOptimizationDirection(model, maximize ? -1 : 1);
    }

    public int Columns { get; }

    public int Rows { get; }

    /// <summary>
    /// CLP's primal simplex. With <paramref name="presolve"/>, through CLP's <c>initialSolve</c> with presolve (what
    /// the <c>clp</c> program and OR-Tools do); without, from the current basis (the previous solve's, if any), so a
    /// solve after a change of bounds or objective starts where the last one ended.
    /// </summary>
    public Status Primal(bool presolve)
    {
        if (presolve)
        {
            var options = ClpNative.ClpSolve_new();
            try
            {
                ClpNative.ClpSolve_setSolveType(options, 1, 0); // usePrimal
                ClpNative.ClpSolve_setPresolveType(options, 0, 0); // presolveOn
                ClpNative.Clp_initialSolveWithOptions(model, options);
            }
            finally
            {
                ClpNative.ClpSolve_delete(options);
            }
        }
        else
        {
            ClpNative.Clp_primal(model, 0);
        }
        return ClpNative.Clp_status(model) switch
        {
            0 => Status.Optimal,
            1 => Status.Infeasible,
            2 => Status.Unbounded,
            _ => Status.NotSolved,
        };
    }

    /// <summary>The outcome of a solve, in CLP's terms (0 optimal, 1 primal infeasible, 2 dual infeasible, else stopped or failed).</summary>
    public enum Status
    {
        Optimal,
        Infeasible,
        Unbounded,
        NotSolved,
    }

    /// <summary>Simplex iterations of the last solve.</summary>
    public int Iterations => ClpNative.Clp_numberIterations(model);

    /// <summary>The objective value of the current solution, in the program's sense.</summary>
    public double ObjectiveValue => ClpNative.Clp_objectiveValue(model);

    /// <summary>Column values of the current solution.</summary>
    public double[] Values() => Copy(ClpNative.Clp_getColSolution(model), Columns);

    /// <summary>Reduced costs of the current solution, in the program's sense (for a maximization, positive improves).</summary>
    public double[] ReducedCosts() => Copy(ClpNative.Clp_getReducedCost(model), Columns);

    /// <summary>Row duals of the current solution, in the program's sense.</summary>
    public double[] RowPrices() => Copy(ClpNative.Clp_getRowPrice(model), Rows);

    /// <summary>Row activities (the rows' left-hand sides) of the current solution.</summary>
    public double[] RowActivities() => Copy(ClpNative.Clp_getRowActivity(model), Rows);

    /// <summary>Sets every column's lower bound (infinity allowed).</summary>
    public void SetColumnLower(double[] lower) => ClpNative.Clp_chgColumnLower(model, Finite(lower));

    /// <summary>Sets every column's upper bound (infinity allowed).</summary>
    public void SetColumnUpper(double[] upper) => ClpNative.Clp_chgColumnUpper(model, Finite(upper));

    /// <summary>Sets every row's bounds (infinities allowed).</summary>
    public void SetRowBounds(double[] lower, double[] upper)
    {
        ClpNative.Clp_chgRowLower(model, Finite(lower));
        ClpNative.Clp_chgRowUpper(model, Finite(upper));
    }

    /// <summary>Sets every column's objective coefficient.</summary>
    public void SetObjective(double[] objective) => ClpNative.Clp_chgObjCoefficients(model, objective);

    public void Dispose()
    {
        if (model != IntPtr.Zero)
        {
            ClpNative.Clp_deleteModel(model);
            model = IntPtr.Zero;
        }
    }

    /// <summary>CLP reads bounds beyond ±10³⁰ as infinite; its C API takes finite doubles.</summary>
    private static double[] Finite(double[] values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = double.IsPositiveInfinity(values[i]) ? double.MaxValue : double.IsNegativeInfinity(values[i]) ? double.MinValue : values[i];
        }
        return result;
    }

    private static double[] Copy(IntPtr pointer, int count)
    {
        var result = new double[count];
        if (count > 0)
        {
            Marshal.Copy(pointer, result, 0, count);
        }
        return result;
    }
}
