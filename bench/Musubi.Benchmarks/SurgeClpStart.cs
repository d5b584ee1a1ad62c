using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Musubi.Core.Features.Network;
using Musubi.Engines.Optimization;
using Musubi.Engines.Optimization.Surge;

namespace Musubi.Benchmarks;

/// <summary>
/// <c>surge-clp-start PACKAGE MPS [MONTHS]</c>: does starting CLP from the steady-state plan beat solving the surge
/// model cold? (docs/engines/surge.md, "Against CLP alone"). The exported model (MPS, written by <c>surge</c> for the
/// same package) is read by the CLP library OR-Tools' runtime package ships, through CLP's C API, once per way of
/// solving it:
/// <list type="bullet">
/// <item>cold, primal simplex with presolve (what the planner and the <c>clp</c> program do) and without presolve;</item>
/// <item>from the steady-state plan: the pipeline's steady state (<see cref="SurgeSteady"/>, as <see cref="SurgeSetup"/>
/// computes it) repeated in every month — production, flows, pools and deliveries — as CLP's values pass;</item>
/// <item>from a basis crashed from that plan (columns strictly between their bounds basic, slacks of rows not tight
/// basic, padded with slacks of tight rows), by primal and by dual simplex;</item>
/// <item>sifted as the planner does (docs/engines/surge.md, "Solve"): the columns that plan leaves at zero held at 0,
/// solved with presolve, then the whole model by primal simplex from that basis (both counted).</item>
/// </list>
/// Linux only (the library's file name); prints <c>RESULT clp_start_MODE</c> lines.
/// </summary>
internal static class SurgeClpStart
{
    private const string Library = "libClp.so.1";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string packageDirectory, string mpsPath, int months)
    {
        NativeLibraries.Register();
        var network = NetworkPackageReader.Read(packageDirectory);
        var items = SurgeBench.PlannedItems(network);
        var request = new SurgeRequest(items, months, SurgeObjective.MaxDeliveries, SurgeScenario.Baseline);
        var setup = SurgeSetup.Create(network, request);
        var n = network.OfferCount;
        var qualified = new bool[n];
        for (var o = 0; o < n; o++)
        {
            qualified[o] = network.Offers[o].Qualified;
        }
        var steady = SurgeSteady.Solve(network, qualified, new double[n], setup.ItemParts, setup.Lead, withFlows: true);
        Console.WriteLine(string.Create(Inv, $"steady state of {string.Join('+', items)}: {steady.Total:0.######} a month, {steady.Production.Count:N0} offers, {steady.Flows.Count:N0} positive flows; repeated over {months} months {steady.Total * months:0.######}"));

        foreach (var mode in new[] { "cold_presolve", "cold_no_presolve", "values_pass", "basis_primal", "basis_dual", "sifted" })
        {
            var model = ClpNative.Clp_newModel();
            try
            {
                ClpNative.Clp_setLogLevel(model, 0);
                if (Native.Clp_readMps(model, mpsPath, 1, 0) != 0)
                {
                    Console.Error.WriteLine($"surge-clp-start: CLP could not read {mpsPath}");
                    return 2;
                }
                ClpNative.Clp_setOptimizationDirection(model, -1);
                // The clock covers CLP's solve only: preparing a start (names, values, the crash) is not counted.
                var clock = new Stopwatch();
                string start = "none";
                if (mode.StartsWith("cold", StringComparison.Ordinal))
                {
                    clock.Start();
                    var options = ClpNative.ClpSolve_new();
                    ClpNative.ClpSolve_setSolveType(options, 1, 0); // usePrimal
                    ClpNative.ClpSolve_setPresolveType(options, mode == "cold_presolve" ? 0 : 1, 0); // presolveOn, presolveOff
                    ClpNative.Clp_initialSolveWithOptions(model, options);
                    ClpNative.ClpSolve_delete(options);
                }
                else if (mode == "sifted")
                {
                    var values = StartValues(model, setup, steady);
                    var columns = Native.Clp_numberColumns(model);
                    var upper = Doubles(Native.Clp_getColUpper(model), columns);
                    var restricted = (double[])upper.Clone();
                    var kept = 0;
                    var buffer = new byte[256];
                    for (var j = 0; j < columns; j++)
                    {
                        Native.Clp_columnName(model, j, buffer);
                        // Held at 0: what the steady state does not use (the deliveries stay), as the planner sifts.
                        if (values[j] <= 1e-12 && buffer[0] != (byte)'d')
                        {
                            restricted[j] = 0;
                        }
                        else
                        {
                            kept++;
                        }
                    }
                    clock.Start();
                    ClpNative.Clp_chgColumnUpper(model, restricted);
                    var options = ClpNative.ClpSolve_new();
                    ClpNative.ClpSolve_setSolveType(options, 1, 0);
                    ClpNative.ClpSolve_setPresolveType(options, 0, 0);
                    ClpNative.Clp_initialSolveWithOptions(model, options);
                    ClpNative.ClpSolve_delete(options);
                    var first = clock.Elapsed.TotalSeconds;
                    var firstIterations = ClpNative.Clp_numberIterations(model);
                    var firstObjective = ClpNative.Clp_objectiveValue(model);
                    ClpNative.Clp_chgColumnUpper(model, upper);
                    ClpNative.Clp_primal(model, 0);
                    start = string.Create(Inv, $"kept {kept:N0} of {columns:N0} columns; restricted solve (presolve) {first:0.000} s, {firstIterations:N0} iterations, objective {firstObjective:R}; then the whole model from its basis");
                }
                else
                {
                    var values = StartValues(model, setup, steady);
                    Native.Clp_setColSolution(model, values);
                    if (mode == "values_pass")
                    {
                        clock.Start();
                        ClpNative.Clp_primal(model, 1);
                    }
                    else
                    {
                        start = Crash(model, values);
                        clock.Start();
                        _ = mode == "basis_dual" ? Native.Clp_dual(model, 0) : ClpNative.Clp_primal(model, 0);
                    }
                }
                var elapsed = clock.Elapsed.TotalSeconds;
                var status = ClpNative.Clp_status(model) == 0 ? "optimal" : $"status {ClpNative.Clp_status(model)}";
                Console.WriteLine(string.Create(Inv, $"  {mode}: {elapsed:0.000} s, {ClpNative.Clp_numberIterations(model):N0} iterations, {status}, objective {ClpNative.Clp_objectiveValue(model):R}{(start == "none" ? "" : "; " + start)}"));
                Console.WriteLine(string.Create(Inv, $"RESULT clp_start_{mode} solve_s={elapsed:0.000} iterations={ClpNative.Clp_numberIterations(model)} status={ClpNative.Clp_status(model)} objective={ClpNative.Clp_objectiveValue(model):R}"));
            }
            finally
            {
                ClpNative.Clp_deleteModel(model);
            }
        }
        return 0;
    }

    /// <summary>The steady state repeated in every month, column by column (by the model's MPS-safe names).</summary>
    private static double[] StartValues(IntPtr model, SurgeSetup setup, SurgeSteady.Result steady)
    {
        var sentBy = new Dictionary<int, double>();
        var pooledBy = new Dictionary<int, double>();
        var slotTotal = new Dictionary<int, double>();
        foreach (var ((slot, source), q) in steady.Flows)
        {
            sentBy[source] = sentBy.GetValueOrDefault(source) + q;
            slotTotal[slot] = slotTotal.GetValueOrDefault(slot) + q;
            if (setup.IsDefaultSlot(slot))
            {
                pooledBy[source] = pooledBy.GetValueOrDefault(source) + q;
            }
        }
        var columns = Native.Clp_numberColumns(model);
        var values = new double[columns];
        var buffer = new byte[256];
        for (var j = 0; j < columns; j++)
        {
            Native.Clp_columnName(model, j, buffer);
            var name = Encoding.ASCII.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0)).Split('_');
            int At(int k) => int.Parse(name[k], Inv);
            values[j] = name[0] switch
            {
                "x" => steady.Production.GetValueOrDefault(At(1)),
                "f" => steady.Flows.GetValueOrDefault((At(1), At(2))),
                "g" => pooledBy.GetValueOrDefault(At(1)),
                "p" => slotTotal.GetValueOrDefault(At(1)),
                "d" => Math.Max(0, steady.Production.GetValueOrDefault(At(1)) - sentBy.GetValueOrDefault(At(1))),
                _ => 0,
            };
        }
        return values;
    }

    /// <summary>A basis from a primal point: columns strictly between bounds and slacks of rows not tight are basic; padded with slacks of tight rows.</summary>
    private static string Crash(IntPtr model, double[] values)
    {
        int rows = Native.Clp_numberRows(model), columns = Native.Clp_numberColumns(model);
        var starts = Ints(Native.Clp_getVectorStarts(model), columns + 1);
        var lengths = Ints(Native.Clp_getVectorLengths(model), columns);
        var index = Ints(Native.Clp_getIndices(model), starts[columns]);
        var element = Doubles(Native.Clp_getElements(model), starts[columns]);
        var rowLower = Doubles(Native.Clp_getRowLower(model), rows);
        var rowUpper = Doubles(Native.Clp_getRowUpper(model), rows);
        var columnUpper = Doubles(Native.Clp_getColUpper(model), columns);
        var activity = new double[rows];
        for (var j = 0; j < columns; j++)
        {
            for (var k = starts[j]; k < starts[j] + lengths[j]; k++)
            {
                activity[index[k]] += element[k] * values[j];
            }
        }
        // CLP's status codes: 1 basic, 2 at upper bound, 3 at lower bound.
        const int basic = 1, atUpper = 2, atLower = 3;
        int basicColumns = 0, basicSlacks = 0, violated = 0;
        var rowStatus = new int[rows];
        for (var j = 0; j < columns; j++)
        {
            var status = values[j] > 1e-9 && values[j] < columnUpper[j] - 1e-9 ? basic : values[j] > 1e-9 ? atUpper : atLower;
            basicColumns += status == basic ? 1 : 0;
            Native.Clp_setColumnStatus(model, j, status);
        }
        for (var i = 0; i < rows; i++)
        {
            violated += activity[i] > rowUpper[i] + 1e-7 || activity[i] < rowLower[i] - 1e-7 ? 1 : 0;
            rowStatus[i] = activity[i] < rowUpper[i] - 1e-9 && activity[i] > rowLower[i] + 1e-9 ? basic : activity[i] >= rowUpper[i] - 1e-9 ? atUpper : atLower;
            basicSlacks += rowStatus[i] == basic ? 1 : 0;
        }
        var missing = rows - basicColumns - basicSlacks;
        for (var i = 0; i < rows && missing > 0; i++)
        {
            if (rowStatus[i] != basic)
            {
                rowStatus[i] = basic;
                missing--;
            }
        }
        for (var i = 0; i < rows; i++)
        {
            Native.Clp_setRowStatus(model, i, rowStatus[i]);
        }
        var over = basicColumns + basicSlacks - rows;
        return string.Create(Inv, $"start: {violated} rows violated; basis of {basicColumns:N0} columns and {basicSlacks:N0} slacks of rows not tight, {(over > 0 ? $"{over:N0} more than the {rows:N0} rows (CLP repairs it)" : $"{-over:N0} slacks of tight rows added, for {rows:N0} rows")}");
    }

    private static int[] Ints(IntPtr pointer, int count)
    {
        var result = new int[count];
        Marshal.Copy(pointer, result, 0, count);
        return result;
    }

    private static double[] Doubles(IntPtr pointer, int count)
    {
        var result = new double[count];
        Marshal.Copy(pointer, result, 0, count);
        return result;
    }

    /// <summary>The calls only this harness makes (the others are <see cref="ClpNative"/>'s).</summary>
    private static class Native
    {
        [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Clp_readMps(IntPtr model, string file, int keepNames, int ignoreErrors);

        [DllImport(Library)]
        public static extern int Clp_dual(IntPtr model, int ifValuesPass);

        [DllImport(Library)]
        public static extern int Clp_numberColumns(IntPtr model);

        [DllImport(Library)]
        public static extern int Clp_numberRows(IntPtr model);

        [DllImport(Library)]
        public static extern void Clp_columnName(IntPtr model, int column, byte[] name);

        [DllImport(Library)]
        public static extern void Clp_setColSolution(IntPtr model, double[] values);

        [DllImport(Library)]
        public static extern IntPtr Clp_getVectorStarts(IntPtr model);

        [DllImport(Library)]
        public static extern IntPtr Clp_getVectorLengths(IntPtr model);

        [DllImport(Library)]
        public static extern IntPtr Clp_getIndices(IntPtr model);

        [DllImport(Library)]
        public static extern IntPtr Clp_getElements(IntPtr model);

        [DllImport(Library)]
        public static extern IntPtr Clp_getRowLower(IntPtr model);

        [DllImport(Library)]
        public static extern IntPtr Clp_getRowUpper(IntPtr model);

        [DllImport(Library)]
        public static extern IntPtr Clp_getColUpper(IntPtr model);

        [DllImport(Library)]
        public static extern void Clp_setColumnStatus(IntPtr model, int column, int status);

        [DllImport(Library)]
        public static extern void Clp_setRowStatus(IntPtr model, int row, int status);
    }
}
