using Musubi.Engines.Optimization;
using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Engines.Tests.Workshare;

/// <summary>
/// SCIP's bound beside the neighbourhood search (ADR 0027): on the model the allocator solves (leaf border rows, the
/// objective HiGHS is given), SCIP from an allocation proves the optimum HiGHS proves, and stopped early its bound is
/// never above that optimum; and it runs while a HiGHS instance solves on another thread.
/// </summary>
[Collection(HighsCollection.Name), HighsTurn]
public sealed class WorkshareScipBoundTests
{
    private static (WorkshareSetup Setup, WorkshareModel Model, WorkshareOptions Options) Program(WorkshareProblem problem, WorkshareMode mode)
    {
        var total = problem.WorkPackages.Sum(w => w.Cost);
        var options = new WorkshareOptions(mode, Lambda: 0.002 * total, Mu: 0.01, Kappa: 0.005 * total, TimeLimitSeconds: 60, Workers: 2);
        var setup = new WorkshareSetup(problem, options);
        return (setup, new WorkshareModel(setup, mode, explain: false, leafBorders: true), options);
    }

    private static long Units(WorkshareModel model, long[] values) => model.Objective.Sum(p => p.Value * values[p.Key]);

    /// <summary>The annealing's first allocation that keeps every row, completed to every column.</summary>
    private static long[]? Start(WorkshareSetup setup, WorkshareModel model)
    {
        var found = WorkshareAnneal.Search(setup, model, 1, TimeSpan.FromMinutes(1), CancellationToken.None, steps: 1);
        return found is null ? null : WorksharePolish.Complete(setup, model, found);
    }

    [Theory]
    [MemberData(nameof(WorksharePolishTests.Programs), MemberType = typeof(WorksharePolishTests))]
    public void FromAnAllocation_ProvesTheOptimumHighsProves(int seed, WorkshareMode mode)
    {
        var problem = WorkshareGenerator.Make(seed, 24, 30, 3);
        var (setup, model, options) = Program(problem, mode);
        var optimum = WorkshareAllocator.Allocate(problem, options);
        if (optimum.Status == "infeasible")
        {
            return;
        }
        Assert.Equal("optimal", optimum.Status);
        var start = Start(setup, model);
        Assert.NotNull(start);
        Assert.True(WorksharePolish.Satisfies(model, start), "the start keeps every row");

        using var scip = new WorkshareScipBound(model, new WorkshareHighsModel(model));
        var (bound, optimal) = scip.Run(start, 60);

        Assert.True(optimal);
        // HiGHS' optimum in the model's units: within a unit of SCIP's bound.
        var optimumUnits = (double)((decimal)optimum.Objective!.Value / model.ObjectiveUnitUsd);
        Assert.InRange(bound, optimumUnits - 1, optimumUnits + 1e-6 * Math.Abs(optimumUnits));
    }

    [Fact]
    public async Task StoppedEarly_BoundIsNotAboveTheOptimum_AndRunsBesideHighs()
    {
        // SCIP stopped after half a second while a HiGHS instance solves the same model on this thread; the optimum from
        // the allocator beforehand (one thread: HiGHS alone, proven).
        var problem = WorkshareGenerator.Make(1, 40, 30, 3);
        var (setup, model, options) = Program(problem, WorkshareMode.Integrated);
        var optimum = WorkshareAllocator.Allocate(problem, options with { Workers = 1, TimeLimitSeconds = 120 });
        Assert.Equal("optimal", optimum.Status);
        var optimumUnits = (double)((decimal)optimum.Objective!.Value / model.ObjectiveUnitUsd);
        var start = Start(setup, model);
        Assert.NotNull(start);
        var highsModel = new WorkshareHighsModel(model);
        using var scip = new WorkshareScipBound(model, highsModel);

        var beside = Task.Factory.StartNew(() => scip.Run(start, 0.5), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        int status;
        // Disposed before the await: a HiGHS instance is released on the thread that created it (HighsMip's gate), and
        // the test may resume on another.
        using (var highs = highsModel.Create(1, 2))
        {
            highs.StartFrom(highsModel.HighsValues(start));
            status = highs.Run();
        }
        var (bound, _) = await beside.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(status is HighsMip.StatusOptimal or HighsMip.StatusTimeLimit, $"HiGHS status {status}");
        Assert.True(double.IsFinite(bound), "SCIP reports a bound from the allocation it was given");
        Assert.True(bound <= optimumUnits + 1e-6 * Math.Abs(optimumUnits), $"bound {bound} above the optimum {optimumUnits}");
        Assert.True(bound <= Units(model, start) + 1e-6 * Math.Abs(optimumUnits));
    }
}
