using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Musubi.Engines.Optimization;

/// <summary>
/// A mixed-integer program solved by HiGHS — the HiGHS library that ships inside Google OR-Tools' runtime package
/// (<c>libhighs.so.1</c> beside <c>libortools.so</c>), called through its C API. OR-Tools' own <c>MPSolver</c> wrapper
/// of HiGHS passes no options (no gap, no seed, no threads) and reports no bound, so the allocator talks to the
/// library directly: the model as rows, the options it needs, the status, the solution and the proven dual bound.
/// </summary>
internal sealed class HighsMip : IDisposable
{
    private const string Library = NativeLibraries.Highs;

    // HiGHS model status codes (HighsModelStatus, highs_c_api.h).
    public const int StatusOptimal = 7;
    public const int StatusInfeasible = 8;
    public const int StatusUnboundedOrInfeasible = 9;
    public const int StatusTimeLimit = 13;
    public const int StatusInterrupt = 17;

    // The callback HiGHS calls during branch and bound to ask whether to stop (kHighsCallbackMipInterrupt, highs_c_api.h).
    private const int CallbackMipInterrupt = 6;

    /// <summary>
    /// Held by each instance from its creation to its disposal, so that instances never overlap in the process:
    /// HiGHS 1.12's <c>Highs_destroy</c> resets the process-wide task scheduler (it calls
    /// <c>Highs::resetGlobalScheduler(true)</c>, visible in the library's machine code), which another thread's instance
    /// may be running on (ERGO-Code/HiGHS#3141, fixed after 1.12). Two allocations at once (two users of the server,
    /// tests run in parallel) therefore take turns. Re-entrant on one thread: the neighbourhood search's relaxation is a
    /// second instance on the allocator's thread, run only between the first one's runs. Counted rather than a lock, so
    /// that an instance disposed on another thread than its creator's (an async caller resuming elsewhere) still lets
    /// the others in instead of leaving them waiting forever.
    /// </summary>
    private static readonly object Gate = new();

    // The thread whose instances exist (0: none) and how many; guarded by Gate.
    private static int gateOwner;
    private static int gateCount;

    private IntPtr handle;

    // Held while HiGHS may call it: the delegate must outlive the solve.
    private Native.Callback? interrupt;

    static HighsMip()
    {
        NativeLibraries.Register();
    }

    /// <summary>A new instance; waits while another thread holds one (<see cref="Gate"/>).</summary>
    public HighsMip()
    {
        if (Native.Highs_getSizeofHighsInt() != sizeof(int))
        {
            throw new InvalidOperationException("this HiGHS library counts with 64-bit integers; Musubi expects the 32-bit build OR-Tools ships");
        }
        EnterGate();
        try
        {
            handle = Native.Highs_create();
            Set("output_flag", false);
        }
        catch
        {
            if (handle != IntPtr.Zero)
            {
                Native.Highs_destroy(handle);
                handle = IntPtr.Zero;
            }
            ExitGate();
            throw;
        }
    }

    /// <summary>
    /// Whether no other thread holds an instance now (<see cref="Gate"/>): a new one on this thread would not wait. A
    /// glance, not a reservation: another thread may take the gate right after.
    /// </summary>
    public static bool Idle
    {
        get
        {
            lock (Gate)
            {
                return gateCount == 0 || gateOwner == Environment.CurrentManagedThreadId;
            }
        }
    }

    /// <summary>The library's version (<c>1.12.0</c>).</summary>
    public static string Version => Marshal.PtrToStringUTF8(Native.Highs_version()) ?? "?";

    /// <summary>
    /// Passes the model: minimize <paramref name="cost"/>·x subject to <paramref name="rowLower"/> ≤ A x ≤
    /// <paramref name="rowUpper"/> (A row-wise: <paramref name="start"/>, <paramref name="index"/>,
    /// <paramref name="value"/>), bounds, and integrality (1 = integer).
    /// </summary>
    public void PassMinimize(double[] cost, double[] colLower, double[] colUpper, double[] rowLower, double[] rowUpper,
        int[] start, int[] index, double[] value, int[] integrality)
    {
        const int rowWise = 2, minimize = 1;
        Check(Native.Highs_passMip(handle, cost.Length, rowLower.Length, value.Length, rowWise, minimize, 0, cost, colLower, colUpper,
            rowLower, rowUpper, start, index, value, integrality), "passing the model");
    }

    public void Set(string option, bool value) => Check(Native.Highs_setBoolOptionValue(handle, option, value ? 1 : 0), option);

    public void Set(string option, int value) => Check(Native.Highs_setIntOptionValue(handle, option, value), option);

    public void Set(string option, double value) => Check(Native.Highs_setDoubleOptionValue(handle, option, value), option);

    public void Set(string option, string value) => Check(Native.Highs_setStringOptionValue(handle, option, value), option);

    /// <summary>
    /// Sets options given as <c>name=value</c> pairs separated by commas (the benchmark's experiments), each value as an
    /// integer, a number, true/false or text, whichever it reads as first; the pairs set, trimmed.
    /// </summary>
    public IReadOnlyList<string> SetPairs(string? pairs)
    {
        var set = new List<string>();
        foreach (var pair in (pairs ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, text) = (pair.Split('=')[0].Trim(), pair.Split('=').ElementAtOrDefault(1)?.Trim() ?? "");
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
            {
                Set(name, i);
            }
            else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                Set(name, d);
            }
            else if (bool.TryParse(text, out var b))
            {
                Set(name, b);
            }
            else
            {
                Set(name, text);
            }
            set.Add(pair);
        }
        return set;
    }

    /// <summary>An integer option's value.</summary>
    public int GetInt(string option)
    {
        Check(Native.Highs_getIntOptionValue(handle, option, out var value), option);
        return value;
    }

    /// <summary>
    /// Asks <paramref name="stop"/> whenever HiGHS checks its limits during branch and bound, with the seconds run,
    /// the nodes explored and the dual bound; when it answers true, HiGHS stops with <see cref="StatusInterrupt"/> and
    /// keeps its best solution and bound. The items are read through HiGHS' accessor, not a copy of its structure, so
    /// the layout of another version cannot be misread. An exception in <paramref name="stop"/> counts as false (it
    /// must not cross into native code).
    /// </summary>
    public void InterruptWhen(Func<double, long, double, bool> stop)
    {
        interrupt = (type, _, dataOut, dataIn, _) =>
        {
            if (type != CallbackMipInterrupt || dataOut == IntPtr.Zero || dataIn == IntPtr.Zero)
            {
                return;
            }
            try
            {
                var time = Item(dataOut, "running_time") is var t && t != IntPtr.Zero ? Marshal.PtrToStructure<double>(t) : 0;
                var nodes = Item(dataOut, "mip_node_count") is var n && n != IntPtr.Zero ? Marshal.ReadInt64(n) : 0;
                var bound = Item(dataOut, "mip_dual_bound") is var b && b != IntPtr.Zero ? Marshal.PtrToStructure<double>(b) : double.NegativeInfinity;
                if (stop(time, nodes, bound))
                {
                    // user_interrupt, the first member of HighsCallbackDataIn in every version.
                    Marshal.WriteInt32(dataIn, 0, 1);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Not stopping is always safe.
            }
        };
        Check(Native.Highs_setCallback(handle, interrupt, IntPtr.Zero), "the interrupt callback");
        Check(Native.Highs_startCallback(handle, CallbackMipInterrupt), "the interrupt callback");

        static IntPtr Item(IntPtr dataOut, string name) => Native.Highs_getCallbackDataOutItem(dataOut, name);
    }

    /// <summary>Stops asking the callback set by <see cref="InterruptWhen"/>: the next runs go to their limits.</summary>
    public void StopInterrupts() => Check(Native.Highs_stopCallback(handle, CallbackMipInterrupt), "the interrupt callback");

    /// <summary>
    /// Replaces every column's bounds (the model's columns, in order). The next <see cref="Run"/> solves the changed
    /// model from scratch, on the same instance: the workshare neighbourhood search changes bounds rather than creating
    /// an instance per sub-problem (ADR 0025).
    /// </summary>
    public void ChangeColumnBounds(double[] lower, double[] upper) =>
        Check(Native.Highs_changeColsBoundsByRange(handle, 0, lower.Length - 1, lower, upper), "the column bounds");

    /// <summary>Adds a row, <paramref name="lower"/> ≤ Σ value·x[index] ≤ <paramref name="upper"/>; returns its index.</summary>
    public int AddRow(double lower, double upper, int[] index, double[] value)
    {
        Check(Native.Highs_addRow(handle, lower, upper, index.Length, index, value), "the new row");
        return Native.Highs_getNumRow(handle) - 1;
    }

    /// <summary>Changes one row's bounds (infinite: <see cref="double.PositiveInfinity"/> or its negative).</summary>
    public void ChangeRowBounds(int row, double lower, double upper) => Check(Native.Highs_changeRowBounds(handle, row, lower, upper), "the row bounds");

    /// <summary>Changes one coefficient of the matrix (0 removes it).</summary>
    public void ChangeCoefficient(int row, int column, double value) => Check(Native.Highs_changeCoeff(handle, row, column, value), "a coefficient");

    /// <summary>A feasible solution to start from (column values): HiGHS then searches only for better ones.</summary>
    public void StartFrom(double[] columns) =>
        Check(Native.Highs_setSolution(handle, columns, null, null, null), "the starting solution");

    /// <summary>Runs the solver; returns the model status (<see cref="StatusOptimal"/>, <see cref="StatusInfeasible"/>, <see cref="StatusTimeLimit"/>…).</summary>
    public int Run()
    {
        // The time limit counts from this run: HiGHS 1.12 measures an LP's against its clock since the instance's
        // first run (ERGO-Code/HiGHS#1331, #1477), so a relaxation solved after a long MIP would stop at once.
        Check(Native.Highs_zeroAllClocks(handle), "zeroing the clocks");
        // Warnings (a time limit reached) are return status 1; errors are −1. HiGHS may print to standard output even
        // with output_flag off (NativeStandardOutput).
        if (NativeStandardOutput.ToStandardError(() => Native.Highs_run(handle)) < 0)
        {
            throw new InvalidOperationException("HiGHS failed to solve the model");
        }
        return Native.Highs_getModelStatus(handle);
    }

    /// <summary>Whether a feasible solution is at hand (HiGHS' primal solution status is "feasible").</summary>
    public bool HasSolution => Native.Highs_getIntInfoValue(handle, "primal_solution_status", out var status) == 0 && status == 2;

    /// <summary>The column values of the solution (<paramref name="columns"/> of them: the model's).</summary>
    public double[] Solution(int columns)
    {
        var col = new double[columns];
        // HiGHS writes every row's value and dual: as many as the instance has now, rows added included.
        var rows = Native.Highs_getNumRow(handle);
        Check(Native.Highs_getSolution(handle, col, new double[columns], new double[rows], new double[rows]), "reading the solution");
        return col;
    }

    /// <summary>The row duals of the last solve (for an LP: the relaxation's), one per row the instance has.</summary>
    public double[] RowDuals(int columns)
    {
        var rows = Native.Highs_getNumRow(handle);
        var duals = new double[rows];
        Check(Native.Highs_getSolution(handle, new double[columns], new double[columns], new double[rows], duals), "reading the duals");
        return duals;
    }

    /// <summary>The column duals (reduced costs) of the last solve, one per column (for an LP: the relaxation's).</summary>
    public double[] ColumnDuals(int columns)
    {
        var rows = Native.Highs_getNumRow(handle);
        var duals = new double[columns];
        Check(Native.Highs_getSolution(handle, new double[columns], duals, new double[rows], new double[rows]), "reading the reduced costs");
        return duals;
    }

    /// <summary>The proven lower bound on the objective (the MIP's dual bound).</summary>
    public double DualBound => Native.Highs_getDoubleInfoValue(handle, "mip_dual_bound", out var bound) == 0 ? bound : double.NegativeInfinity;

    /// <summary>Branch-and-bound nodes explored.</summary>
    public long Nodes => Native.Highs_getInt64InfoValue(handle, "mip_node_count", out var nodes) == 0 ? nodes : 0;

    public void Dispose()
    {
        if (handle != IntPtr.Zero)
        {
            Native.Highs_destroy(handle);
            handle = IntPtr.Zero;
            GC.KeepAlive(interrupt);
            ExitGate();
        }
    }

    private static void EnterGate()
    {
        var me = Environment.CurrentManagedThreadId;
        lock (Gate)
        {
            while (gateCount > 0 && gateOwner != me)
            {
                Monitor.Wait(Gate);
            }
            gateOwner = me;
            gateCount++;
        }
    }

    private static void ExitGate()
    {
        lock (Gate)
        {
            if (--gateCount == 0)
            {
                gateOwner = 0;
                Monitor.PulseAll(Gate);
            }
        }
    }

    private static void Check(int status, string what)
    {
        if (status < 0)
        {
            throw new InvalidOperationException($"HiGHS refused {what} (status {status})");
        }
    }

    private static class Native
    {
        [DllImport(Library)]
        public static extern int Highs_getSizeofHighsInt();

        [DllImport(Library)]
        public static extern IntPtr Highs_version();

        [DllImport(Library)]
        public static extern IntPtr Highs_create();

        [DllImport(Library)]
        public static extern void Highs_destroy(IntPtr highs);

        [DllImport(Library)]
        public static extern int Highs_passMip(IntPtr highs, int numCol, int numRow, int numNz, int aFormat, int sense, double offset,
            double[] colCost, double[] colLower, double[] colUpper, double[] rowLower, double[] rowUpper, int[] aStart, int[] aIndex, double[] aValue,
            int[] integrality);

        [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Highs_setBoolOptionValue(IntPtr highs, string option, int value);

        [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Highs_setIntOptionValue(IntPtr highs, string option, int value);

        [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Highs_setDoubleOptionValue(IntPtr highs, string option, double value);

        [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Highs_setStringOptionValue(IntPtr highs, string option, string value);

        [DllImport(Library)]
        public static extern int Highs_run(IntPtr highs);

        [DllImport(Library)]
        public static extern int Highs_getModelStatus(IntPtr highs);

        [DllImport(Library)]
        public static extern int Highs_getSolution(IntPtr highs, [Out] double[] colValue, [Out] double[] colDual, [Out] double[] rowValue, [Out] double[] rowDual);

        [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Highs_getDoubleInfoValue(IntPtr highs, string info, out double value);

        [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Highs_getIntInfoValue(IntPtr highs, string info, out int value);

        [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Highs_getIntOptionValue(IntPtr highs, string option, out int value);

        [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Highs_getInt64InfoValue(IntPtr highs, string info, out long value);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void Callback(int type, IntPtr message, IntPtr dataOut, IntPtr dataIn, IntPtr userData);

        [DllImport(Library)]
        public static extern int Highs_setCallback(IntPtr highs, Callback callback, IntPtr userData);

        [DllImport(Library)]
        public static extern int Highs_startCallback(IntPtr highs, int type);

        [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr Highs_getCallbackDataOutItem(IntPtr dataOut, string name);

        [DllImport(Library)]
        public static extern int Highs_stopCallback(IntPtr highs, int type);

        [DllImport(Library)]
        public static extern int Highs_changeColsBoundsByRange(IntPtr highs, int fromCol, int toCol, double[] lower, double[] upper);

        [DllImport(Library)]
        public static extern int Highs_setSolution(IntPtr highs, double[] colValue, double[]? rowValue, double[]? colDual, double[]? rowDual);

        [DllImport(Library)]
        public static extern int Highs_addRow(IntPtr highs, double lower, double upper, int numNz, int[] index, double[] value);

        [DllImport(Library)]
        public static extern int Highs_changeRowBounds(IntPtr highs, int row, double lower, double upper);

        [DllImport(Library)]
        public static extern int Highs_changeCoeff(IntPtr highs, int row, int col, double value);

        [DllImport(Library)]
        public static extern int Highs_getNumRow(IntPtr highs);

        [DllImport(Library)]
        public static extern int Highs_zeroAllClocks(IntPtr highs);
    }
}
