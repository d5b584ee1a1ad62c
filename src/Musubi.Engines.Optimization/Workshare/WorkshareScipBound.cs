using Google.OrTools.LinearSolver;

namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// SCIP (the build inside Google OR-Tools, through its <see cref="Solver"/>) on the allocator's model, run for its
/// dual bound beside the neighbourhood search once HiGHS' own bound has stalled (docs/engines/workshare.md, "Solve";
/// ADR 0027). The search keeps HiGHS' one instance (HiGHS 1.12 instances are not safe side by side,
/// ERGO-Code/HiGHS#3141); SCIP is another library, with no state shared with HiGHS, so both can run at once. SCIP is
/// given the same rows and bounds and the objective HiGHS is given (scaled by 2^−k, <see cref="WorkshareHighsModel"/>),
/// and the incumbent as a hint, so that it has an allocation from the start and reports its bound.
/// </summary>
internal sealed class WorkshareScipBound : IDisposable
{
    private readonly Solver solver;
    private readonly Variable[] variables;
    private readonly WorkshareHighsModel highsModel;

    /// <param name="model">The allocator's model.</param>
    /// <param name="highsModel">The same model as HiGHS is given (bounds and scaled objective).</param>
    /// <param name="log">SCIP's log on standard output (the benchmark's experiment; never in the product, whose answers go there).</param>
    public WorkshareScipBound(WorkshareModel model, WorkshareHighsModel highsModel, bool log = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(highsModel);
        this.highsModel = highsModel;
        solver = Solver.CreateSolver("SCIP") ?? throw new InvalidOperationException("OR-Tools' SCIP solver is not available");
        solver.SetNumThreads(1);
        variables = new Variable[model.Columns.Count];
        for (var j = 0; j < variables.Length; j++)
        {
            variables[j] = solver.MakeVar(highsModel.ColLower[j], highsModel.ColUpper[j], highsModel.Integrality[j] == 1, model.Columns[j].Name);
        }
        for (var r = 0; r < model.Rows.Count; r++)
        {
            var row = model.Rows[r];
            var constraint = solver.MakeConstraint(highsModel.RowLower[r], highsModel.RowUpper[r], row.Name);
            foreach (var (column, value) in row.Terms)
            {
                constraint.SetCoefficient(variables[column], (double)value * highsModel.Scales[column]);
            }
        }
        var objective = solver.Objective();
        foreach (var (column, _) in model.Objective)
        {
            objective.SetCoefficient(variables[column], highsModel.ScaledCost[column]);
        }
        objective.SetMinimization();
        if (log)
        {
            solver.EnableOutput();
        }
    }

    /// <summary>
    /// Runs SCIP for at most <paramref name="seconds"/> from <paramref name="start"/> (every column's value, an
    /// allocation that keeps every row; null: none) and returns its dual bound in the model's units, or −∞ when it has
    /// none (OR-Tools reports no bound without an allocation), with whether it proved optimality.
    /// </summary>
    public (double BoundUnits, bool Optimal) Run(long[]? start, double seconds)
    {
        if (start is not null)
        {
            solver.SetHint(variables, highsModel.HighsValues(start));
        }
        solver.SetTimeLimit(Math.Max(1, (long)(seconds * 1000)));
        // No relative gap (MPSolver's default is 10⁻⁴): the bound is what is wanted, and with the deviations continuous
        // (ADR 0041) SCIP no longer sees an integral objective that would close that gap for it.
        using var parameters = new MPSolverParameters();
        parameters.SetDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0);
        var status = solver.Solve(parameters);
        return status switch
        {
            Solver.ResultStatus.OPTIMAL => (highsModel.Unscale(solver.Objective().BestBound()), true),
            Solver.ResultStatus.FEASIBLE => (highsModel.Unscale(solver.Objective().BestBound()), false),
            _ => (double.NegativeInfinity, false),
        };
    }

    /// <summary>
    /// Asks a running <see cref="Run"/> to stop (from another thread); it then returns its bound so far. A run that has
    /// not reached SCIP's solve yet may miss the request (<see cref="WorkshareScipBeside.Finish"/> repeats it).
    /// </summary>
    public void Interrupt() => solver.InterruptSolve();

    public void Dispose() => solver.Dispose();
}

/// <summary>
/// SCIP's bound on a thread of its own (<see cref="WorkshareScipBound"/>), from the incumbent once there is one, for
/// the time left; <see cref="Finish"/> stops it and gives its bound in the model's units (−∞ when it had none or failed).
/// </summary>
internal sealed class WorkshareScipBeside : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private readonly Task<double> task;
    private WorkshareScipBound? scip;
    private double? bound;

    public WorkshareScipBeside(WorkshareSetup setup, WorkshareModel model, WorkshareHighsModel highsModel, WorkshareIncumbent incumbent, double seconds)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        task = Task.Factory.StartNew(() =>
        {
            (int[] Choice, long Objective)? best;
            while ((best = incumbent.Best()) is null)
            {
                if (stop.IsCancellationRequested || clock.Elapsed.TotalSeconds > seconds)
                {
                    return double.NegativeInfinity;
                }
                Thread.Sleep(20);
            }
            var start = WorksharePolish.Complete(setup, model, best.Value.Choice);
            lock (gate)
            {
                if (stop.IsCancellationRequested)
                {
                    return double.NegativeInfinity;
                }
                scip = new WorkshareScipBound(model, highsModel);
            }
            var left = seconds - clock.Elapsed.TotalSeconds;
            return left < 0.2 ? double.NegativeInfinity : scip.Run(start, left).BoundUnits;
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public double Finish()
    {
        if (bound is { } known)
        {
            return known;
        }
        stop.Cancel();
        // The request can land before the solve has begun (while OR-Tools still hands SCIP the model), where it may not
        // be seen: ask again until the run has returned.
        while (!task.IsCompleted)
        {
            lock (gate)
            {
                scip?.Interrupt();
            }
            ((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
        }
        try
        {
            bound = task.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // SCIP failed or was cancelled before it started: HiGHS' bound stands.
            bound = double.NegativeInfinity;
        }
        return bound.Value;
    }

    public void Dispose()
    {
        Finish();
        scip?.Dispose();
        stop.Dispose();
    }
}
