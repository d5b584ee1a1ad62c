using Musubi.Engines.Optimization;
using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Engines.Tests.Workshare;

/// <summary>
/// The neighbourhood search that takes HiGHS' core once its bound stalls (<see cref="WorkshareNeighbourhoods"/>, ADR
/// 0025), the stall it waits for (<see cref="BoundStall"/>) and the two HiGHS calls it rests on — the interrupt and the
/// starting solution (<see cref="HighsMip"/>): from a poor allocation the search keeps every row and only ever lowers
/// the objective; when its region is the whole program, it proves the optimum HiGHS proves on its own.
/// </summary>
public sealed class WorkshareNeighbourhoodsTests
{
    private static long Objective(WorkshareModel model, long[] values) => model.Objective.Sum(p => p.Value * values[p.Key]);

    private static (WorkshareSetup Setup, WorkshareModel Model, WorkshareOptions Options) Program(WorkshareProblem problem, WorkshareMode mode)
    {
        var total = problem.WorkPackages.Sum(w => w.Cost);
        var options = new WorkshareOptions(mode, Lambda: 0.002 * total, Mu: 0.01, Kappa: 0.005 * total, TimeLimitSeconds: 20, Workers: 1);
        var setup = new WorkshareSetup(problem, options);
        return (setup, new WorkshareModel(setup, mode, explain: false), options);
    }

    /// <summary>The allocation the annealing's repair reaches from the cheapest companies, before any annealing move.</summary>
    private static WorkshareIncumbent Poor(WorkshareSetup setup, WorkshareModel model)
    {
        var incumbent = new WorkshareIncumbent();
        var found = WorkshareAnneal.Search(setup, model, 1, TimeSpan.FromMinutes(1), CancellationToken.None, steps: 1);
        if (found is not null)
        {
            incumbent.Offer(found, Objective(model, WorksharePolish.Complete(setup, model, found)));
        }
        return incumbent;
    }

    [Theory]
    [MemberData(nameof(WorksharePolishTests.Programs), MemberType = typeof(WorksharePolishTests))]
    public void Search_RegionIsTheWholeProgram_ProvesTheOptimumHighsProves(int seed, WorkshareMode mode)
    {
        var problem = WorkshareGenerator.Make(seed, 24, 30, 3);
        var (setup, model, options) = Program(problem, mode);
        var optimum = WorkshareAllocator.Allocate(problem, options);
        if (optimum.Status == "infeasible")
        {
            return;
        }
        Assert.Equal("optimal", optimum.Status);
        var incumbent = Poor(setup, model);
        Assert.NotNull(incumbent.Best());

        // 24 packages, fewer than the first region's 40: the one sub-problem frees them all.
        var outcome = WorkshareNeighbourhoods.Search(setup, model, new WorkshareHighsModel(model), incumbent, 1, TimeSpan.FromSeconds(60), CancellationToken.None, seed);

        Assert.True(outcome.Proven, $"{outcome}");
        Assert.Equal(1, outcome.Solved);
        var (choice, units) = incumbent.Best()!.Value;
        var values = WorksharePolish.Complete(setup, model, choice);
        Assert.True(WorksharePolish.Satisfies(model, values), "the allocation keeps every row");
        Assert.Equal(units, Objective(model, values));
        Assert.Equal((double)optimum.Objective!.Value, (double)(units * model.ObjectiveUnitUsd), 6);
    }

    [Fact]
    public void Search_RegionsSmallerThanTheProgram_KeepEveryRowAndLowerThePoorAllocation()
    {
        var problem = WorkshareGenerator.Make(1, 200, 60, 4);
        var (setup, model, _) = Program(problem, WorkshareMode.Integrated);
        var incumbent = Poor(setup, model);
        var (_, start) = incumbent.Best()!.Value;

        var outcome = WorkshareNeighbourhoods.Search(setup, model, new WorkshareHighsModel(model), incumbent, 1, TimeSpan.FromSeconds(4), CancellationToken.None, 1);

        Assert.False(outcome.Proven);
        Assert.True(outcome.Solved >= 1, $"{outcome}");
        Assert.True(outcome.Improved >= 1, $"no lower allocation from the repair's: {outcome}");
        var (choice, units) = incumbent.Best()!.Value;
        Assert.True(units < start, $"{units} not below {start}");
        var values = WorksharePolish.Complete(setup, model, choice);
        Assert.True(WorksharePolish.Satisfies(model, values), "the allocation keeps every row");
        Assert.Equal(units, Objective(model, values));
    }

    [Fact]
    public void Search_Cancelled_StopsWithoutASubProblem()
    {
        var problem = WorkshareGenerator.Make(1, 24, 30, 3);
        var (setup, model, _) = Program(problem, WorkshareMode.Integrated);
        var incumbent = Poor(setup, model);
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        var outcome = WorkshareNeighbourhoods.Search(setup, model, new WorkshareHighsModel(model), incumbent, 1, TimeSpan.FromSeconds(30), stop.Token, 1);

        Assert.Equal(0, outcome.Solved);
    }

    [Fact]
    public void Highs_InterruptedAtItsFirstCheck_StopsWithTheStartingSolutionOrABetterOne()
    {
        var problem = WorkshareGenerator.Make(1, 500, 60, 4);
        var (setup, model, _) = Program(problem, WorkshareMode.Integrated);
        var highsModel = new WorkshareHighsModel(model);
        var incumbent = Poor(setup, model);
        var (choice, start) = incumbent.Best()!.Value;
        var calls = 0;
        var seconds = double.NaN;
        using var highs = highsModel.Create(1, 120);
        highs.InterruptWhen((t, _, _) =>
        {
            calls++;
            seconds = t;
            return true;
        });
        highs.StartFrom([.. WorksharePolish.Complete(setup, model, choice).Select(v => (double)v)]);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var status = highs.Run();

        Assert.Equal(HighsMip.StatusInterrupt, status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.True(calls >= 1);
        Assert.True(seconds >= 0 && double.IsFinite(seconds), $"running time {seconds}");
        Assert.True(highs.HasSolution);
        var values = highs.Solution(highsModel.Cost.Length, highsModel.RowLower.Length).Select(v => (long)Math.Round(v)).ToArray();
        Assert.True(WorksharePolish.Satisfies(model, values));
        Assert.True(Objective(model, values) <= start, $"{Objective(model, values)} above the start {start}");
    }

    [Theory]
    [InlineData(1, WorkshareMode.Integrated)]
    [InlineData(2, WorkshareMode.Blend)]
    [InlineData(3, WorkshareMode.Compartmentalized)]
    public void Highs_ObjectiveScaled_ProvesTheOptimumOfTheUnscaledSolveAndOfCpSat(int seed, WorkshareMode mode)
    {
        // Borders and deviations priced far above the work: coefficients over 10⁸ units, so HiGHS solves with the
        // objective scaled by a power of two; the bound and the gap come back in the model's units.
        var problem = WorkshareGenerator.Make(seed, 24, 30, 3);
        var total = problem.WorkPackages.Sum(w => w.Cost);
        var options = new WorkshareOptions(mode, Lambda: 50 * total, Mu: 0.01, Kappa: 5 * total, TimeLimitSeconds: 20, Workers: 1);
        var setup = new WorkshareSetup(problem, options);
        var highsModel = new WorkshareHighsModel(new WorkshareModel(setup, mode, explain: false));
        Assert.True(highsModel.ScaleExponent > 0, $"coefficients up to {highsModel.Cost.Max():E2}");

        var scaled = WorkshareAllocator.Allocate(problem, options);
        var unscaled = WorkshareAllocator.Allocate(problem, options, "user_objective_scale=0");
        var cpSat = WorkshareAllocator.Allocate(problem, options, null, WorkshareAllocator.Engine.CpSat);

        Assert.Equal(unscaled.Status, scaled.Status);
        Assert.Equal(cpSat.Status, scaled.Status);
        if (scaled.Status == "infeasible")
        {
            return;
        }
        Assert.Equal("optimal", scaled.Status);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"user_objective_scale={-highsModel.ScaleExponent}"), scaled.Solve.Solver, StringComparison.Ordinal);
        Assert.Equal((double)unscaled.Objective!.Value, (double)scaled.Objective!.Value, 6);
        Assert.Equal((double)cpSat.Objective!.Value, (double)scaled.Objective!.Value, 6);
        Assert.Equal((double)scaled.Objective!.Value, (double)scaled.Solve.BestBound!.Value, 6);
    }

    [Fact]
    public void BoundStall_RisingBound_IsNotStalled_FlatForTwoSecondsOrAQuarterOfTheRun_Is()
    {
        var stall = new BoundStall();
        Assert.False(stall.Stalled(0.5, double.NegativeInfinity));
        Assert.False(stall.Stalled(1.0, 100));
        Assert.False(stall.Stalled(2.0, 101));
        // A rise below 0.01% of the bound does not count as one.
        Assert.False(stall.Stalled(3.0, 101.005));
        Assert.False(stall.Stalled(3.9, 101.005));
        Assert.True(stall.Stalled(4.0, 101.005));

        var late = new BoundStall();
        Assert.False(late.Stalled(20, 100));
        Assert.False(late.Stalled(24, 100));
        Assert.True(late.Stalled(28, 100));
        Assert.False(late.Stalled(29, 200));
    }
}
