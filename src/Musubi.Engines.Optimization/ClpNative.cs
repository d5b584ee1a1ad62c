using System.Runtime.InteropServices;

namespace Musubi.Engines.Optimization;

/// <summary>
/// CLP's C API (<c>Clp_C_Interface.h</c>) as this engine and its benchmarks call it, resolved to the CLP library of
/// OR-Tools' runtime package (<see cref="NativeLibraries"/>; call <see cref="NativeLibraries.Register"/> before the
/// first call). <c>CoinBigIndex</c> is <c>int</c> in that build.
/// </summary>
internal static class ClpNative
{
    private const string Library = NativeLibraries.Clp;

    [DllImport(Library)]
    public static extern IntPtr Clp_newModel();

    [DllImport(Library)]
    public static extern void Clp_deleteModel(IntPtr model);

    [DllImport(Library)]
    public static extern void Clp_setLogLevel(IntPtr model, int value);

    [DllImport(Library)]
    public static extern void Clp_loadProblem(
            IntPtr model, int columns, int rows, int[] start, int[] index, double[] value, double[] columnLower,
            double[] columnUpper, double[] objective, double[] rowLower, double[] rowUpper);

    [DllImport(Library)]
    public static extern void Clp_setOptimizationDirection(IntPtr model, double value);

    [DllImport(Library)]
    public static extern int Clp_primal(IntPtr model, int ifValuesPass);

    [DllImport(Library)]
    public static extern int Clp_initialSolveWithOptions(IntPtr model, IntPtr options);

    [DllImport(Library)]
    public static extern IntPtr ClpSolve_new();

    [DllImport(Library)]
    public static extern void ClpSolve_delete(IntPtr options);

    [DllImport(Library)]
    public static extern void ClpSolve_setSolveType(IntPtr options, int method, int extraInfo);

    [DllImport(Library)]
    public static extern void ClpSolve_setPresolveType(IntPtr options, int amount, int extraInfo);

    [DllImport(Library)]
    public static extern int Clp_status(IntPtr model);

    [DllImport(Library)]
    public static extern int Clp_numberIterations(IntPtr model);

    [DllImport(Library)]
    public static extern double Clp_objectiveValue(IntPtr model);

    [DllImport(Library)]
    public static extern IntPtr Clp_getColSolution(IntPtr model);

    [DllImport(Library)]
    public static extern IntPtr Clp_getReducedCost(IntPtr model);

    [DllImport(Library)]
    public static extern IntPtr Clp_getRowPrice(IntPtr model);

    [DllImport(Library)]
    public static extern IntPtr Clp_getRowActivity(IntPtr model);

    [DllImport(Library)]
    public static extern void Clp_chgColumnLower(IntPtr model, double[] columnLower);

    [DllImport(Library)]
    public static extern void Clp_chgColumnUpper(IntPtr model, double[] columnUpper);

    [DllImport(Library)]
    public static extern void Clp_chgRowLower(IntPtr model, double[] rowLower);

    [DllImport(Library)]
    public static extern void Clp_chgRowUpper(IntPtr model, double[] rowUpper);

    [DllImport(Library)]
    public static extern void Clp_chgObjCoefficients(IntPtr model, double[] objective);
}
