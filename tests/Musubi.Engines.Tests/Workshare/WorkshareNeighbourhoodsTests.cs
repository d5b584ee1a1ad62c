using Musubi.Engines.Optimization;
using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Engines.Tests.Workshare;

/// <summary>
/// The neighbourhood search that takes HiGHS' core once its bound stalls (<see cref="WorkshareNeighbourhoods"/>, ADR
/// 0025), the stall it waits for (<see cref="BoundStall"/>) and the two HiGHS calls it rests on — the interrupt and the
/// starting solution (<see cref="HighsMip"/>): from a poor allocation the search keeps every row and only ever lowers
/// the objective; when its region is the whole program, it proves the optimum HiGHS proves on its own.
/// </summary>
[Collection(HighsCollection.Name), HighsTurn]
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

        // 24 packages, fewer than the first region's 40: the one sub-problem frees them all. Its limit is a minute, not
        // the allocator's 2 s, so that a loaded machine (the suite's parallel classes) cannot turn it into several.
        var highsModel = new WorkshareHighsModel(model);
        using var highs = highsModel.Create(1, 60);
        var outcome = WorkshareNeighbourhoods.Search(setup, model, highsModel, highs, incumbent, TimeSpan.FromSeconds(60), CancellationToken.None, seed, perSolve: 60);

        Assert.True(outcome.Proven, $"{outcome}");
        Assert.Equal(1, outcome.Solved);
        var (choice, units) = incumbent.Best()!.Value;
        var values = WorksharePolish.Complete(setup, model, choice);
        Assert.True(WorksharePolish.Satisfies(model, values), "the allocation keeps every row");
        Assert.Equal(units, Objective(model, values));
        Assert.Equal((double)optimum.Objective!.Value, (double)(units * model.ObjectiveUnitUsd), 6);
    }

    [Theory]
    [InlineData(WorkshareMode.Integrated, true, true)]
    [InlineData(WorkshareMode.Integrated, false, false)]
    [InlineData(WorkshareMode.Blend, true, false)]
    [InlineData(WorkshareMode.Blend, false, true)]
    public void Search_RegionsSmallerThanTheProgram_KeepEveryRowAndLowerThePoorAllocation(WorkshareMode mode, bool relaxed, bool unitRegions)
    {
        // The sub-problems on the instance in whole units (ADR 0042) or on the allocator's, each in both modes.
        // In blend mode without the relaxation every region is whole subsystems (ADR 0038).
        var problem = WorkshareGenerator.Make(1, 200, 60, 4);
        var (setup, model, _) = Program(problem, mode);
        var incumbent = Poor(setup, model);
        var (_, start) = incumbent.Best()!.Value;
        var highsModel = new WorkshareHighsModel(model);
        using var highs = highsModel.Create(1, 60);

        var outcome = WorkshareNeighbourhoods.Search(setup, model, highsModel, highs, incumbent, TimeSpan.FromSeconds(10), CancellationToken.None, 1, relaxed: relaxed,
            unitRegions: unitRegions);

        Assert.False(outcome.Proven);
        Assert.True(outcome.Solved >= 1, $"{outcome}");
        // The first region is the relaxation's when it is on (ADR 0028); none is otherwise.
        Assert.True(relaxed ? outcome.Relaxed >= 1 : outcome.Relaxed == 0, $"{outcome}");
        Assert.True(outcome.Improved >= 1, $"no lower allocation from the repair's: {outcome}");
        var (choice, units) = incumbent.Best()!.Value;
        Assert.True(units < start, $"{units} not below {start}");
        var values = WorksharePolish.Complete(setup, model, choice);
        Assert.True(WorksharePolish.Satisfies(model, values), "the allocation keeps every row");
        Assert.Equal(units, Objective(model, values));
    }

    [Fact]
    public void SubsystemOf_OnlyTheSubsystemsWhoseSplitsTheObjectiveCounts()
    {
        var problem = WorkshareGenerator.Make(1, 200, 60, 4);
        Assert.Null(WorkshareNeighbourhoods.SubsystemOf(Program(problem, WorkshareMode.Integrated).Setup, Program(problem, WorkshareMode.Integrated).Model));
        var (setup, model, _) = Program(problem, WorkshareMode.Blend);
        var of = WorkshareNeighbourhoods.SubsystemOf(setup, model);
        Assert.NotNull(of);
        Assert.NotEmpty(model.Splits);
        for (var i = 0; i < setup.Subsystems.Length; i++)
        {
            var counted = model.Splits.ContainsKey(i);
            Assert.All(setup.Subsystems[i].Packages, w => Assert.Equal(counted ? i : -1, of[w]));
        }
        var inNone = Enumerable.Range(0, setup.Packages.Length).Where(w => !setup.Subsystems.Where((_, i) => model.Splits.ContainsKey(i)).Any(x => x.Packages.Contains(w)));
        Assert.All(inNone, w => Assert.Equal(-1, of[w]));
    }

    [Theory]
    [InlineData(40, 500, 120)] // the connected regions' first size: the floor
    [InlineData(119.9, 500, 120)]
    [InlineData(164.5, 500, 164)] // grown past the floor: their size
    [InlineData(40, 90, 90)] // a program smaller than the floor: all of it
    public void SubsystemRegionSize_AtLeastTheFloor_AtMostTheProgram(double size, int packages, int expected)
    {
        Assert.Equal(120, WorkshareNeighbourhoods.SubsystemFloor);
        Assert.Equal(expected, WorkshareNeighbourhoods.SubsystemRegionSize(size, packages));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SubsystemRegion_WholeSubsystems_AboutTheSize_AndOneSplitSubsystemAmongThem(int seed)
    {
        var problem = WorkshareGenerator.Make(1, 200, 60, 4);
        var (setup, model, _) = Program(problem, WorkshareMode.Blend);
        var (choice, _) = Poor(setup, model).Best()!.Value;
        var of = WorkshareNeighbourhoods.SubsystemOf(setup, model)!;
        var adjacent = Enumerable.Range(0, setup.Packages.Length).Select(_ => new List<int>()).ToArray();
        foreach (var (a, b, _) in setup.Interfaces)
        {
            adjacent[a].Add(b);
            adjacent[b].Add(a);
        }
        bool Split(int i) => setup.Subsystems[i].Packages.Select(w => setup.CompanyNation[choice[w]]).Distinct().Count() > 1;
        Assert.Contains(model.Splits.Keys, Split);
        var largest = model.Splits.Keys.Max(i => setup.Subsystems[i].Packages.Length);
        var rng = new Random(seed);
        var region = new List<int>();
        foreach (var size in (int[])[8, 40, 90])
        {
            WorkshareNeighbourhoods.SubsystemRegion(setup, choice, adjacent, of, size, rng, region);

            Assert.Equal(region.Count, region.Distinct().Count());
            Assert.InRange(region.Count, size, size + largest - 1);
            var touched = region.Select(w => of[w]).Distinct().ToList();
            Assert.DoesNotContain(-1, touched);
            Assert.All(touched, i => Assert.All(setup.Subsystems[i].Packages, w => Assert.Contains(w, region)));
            Assert.Contains(touched, Split);
        }
    }

    [Theory]
    [InlineData(1, WorkshareMode.Integrated)]
    [InlineData(2, WorkshareMode.Blend)]
    public void BallRelaxation_RadiusZeroIsTheAllocation_WiderBallsLowerTheBoundDownToTheWholeRelaxation(int seed, WorkshareMode mode)
    {
        var problem = WorkshareGenerator.Make(seed, 24, 30, 3);
        var (setup, model, options) = Program(problem, mode);
        var highsModel = new WorkshareHighsModel(model);
        var incumbent = Poor(setup, model);
        var (choice, units) = incumbent.Best()!.Value;
        // HiGHS' values (the deviations scaled, ADR 0041) at HiGHS' costs in the model's units.
        double Value(double[] values) => values.Select((v, c) => v * highsModel.Cost[c]).Sum();
        // The relaxation of the whole model, without a ball, on an instance of its own.
        double whole;
        using (var plain = highsModel.Create(1, 60))
        {
            plain.Set("solve_relaxation", true);
            Assert.Equal(HighsMip.StatusOptimal, plain.Run());
            whole = Value(plain.Solution(highsModel.Cost.Length));
        }
        var region = new List<int>();
        using var ball = new WorkshareNeighbourhoods.BallRelaxation(model, highsModel, 1);

        // Radius 0: every package stays where it is; the rest of the model follows, as the polish completes it.
        var zero = ball.Solve(choice, 0, 60)!;
        Assert.Equal(units, Value(zero), 3);
        Assert.False(ball.Region(choice, 0, 60, region));
        Assert.Empty(region);

        // Radius 5: at most 5 packages' worth of assignment leaves the allocation; the region holds every package moved.
        var five = ball.Solve(choice, 5, 60)!;
        var moved = Enumerable.Range(0, setup.Packages.Length).Sum(w => 1 - five[model.X[w].First(p => p.Company == choice[w]).Column]);
        Assert.InRange(moved, 0, 5 + 1e-6);
        Assert.True(Value(five) <= Value(zero) + 1e-6);
        Assert.True(ball.Region(choice, 5, 60, region));
        Assert.All(Enumerable.Range(0, setup.Packages.Length).Except(region),
            w => Assert.Equal(1, five[model.X[w].First(p => p.Company == choice[w]).Column], 6));

        // A ball as wide as the program is no limit at all.
        var all = ball.Solve(choice, setup.Packages.Length, 60)!;
        Assert.True(Value(all) <= Value(five) + 1e-6);
        Assert.Equal(whole, Value(all), 3);

        // The ball moves with the allocation (its row's coefficients change): radius 0 around the optimum is the optimum.
        var optimum = WorkshareAllocator.Allocate(problem, options);
        Assert.Equal("optimal", optimum.Status);
        var best = new int[setup.Packages.Length];
        foreach (var a in optimum.Allocation)
        {
            best[setup.PackageIndex[a.WorkPackage]] = setup.CompanyIndex[a.Company];
        }
        Assert.Equal((double)optimum.Objective!.Value, Value(ball.Solve(best, 0, 60)!) * (double)model.ObjectiveUnitUsd, 3);
    }

    [Fact]
    public void Highs_RelaxationAfterATimedOutSearch_HasItsOwnTimeLimit()
    {
        // HiGHS 1.12 counts an LP's time limit from the instance's first run (ERGO-Code/HiGHS#1331): without zeroing the
        // clocks before each run, a relaxation after a MIP that ran 3 s stops at once under a 2.5 s limit. (A program of
        // 200 packages, whose relaxation takes a fraction of that limit on a busy machine; the benchmark's 500 took more.)
        var problem = WorkshareGenerator.Make(1, 200, 50, 4);
        var (_, model, _) = Program(problem, WorkshareMode.Integrated);
        var highsModel = new WorkshareHighsModel(model);
        using var highs = highsModel.Create(1, 3);
        Assert.Equal(HighsMip.StatusTimeLimit, highs.Run());

        highs.Set("solve_relaxation", true);
        highs.Set("time_limit", 2.5);

        Assert.Equal(HighsMip.StatusOptimal, highs.Run());
        Assert.Equal(highsModel.Cost.Length, highs.Solution(highsModel.Cost.Length).Length);
    }

    [Fact]
    public async Task Highs_DisposedOnAnotherThreadThanItsCreators_LetsTheNextInstanceIn()
    {
        // An async caller may resume on another thread before it disposes its instance: the process' gate (one thread's
        // instances at a time) is then released all the same, and another thread's instance is created.
        var created = await Task.Factory.StartNew(() => new HighsMip(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.Factory.StartNew(created.Dispose, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var next = Task.Factory.StartNew(() =>
        {
            using var highs = new HighsMip();
            return HighsMip.Version;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Assert.StartsWith("1.", await next.WaitAsync(TimeSpan.FromSeconds(60)), StringComparison.Ordinal);
    }

    [Fact]
    public void Search_Cancelled_StopsWithoutASubProblem()
    {
        var problem = WorkshareGenerator.Make(1, 24, 30, 3);
        var (setup, model, _) = Program(problem, WorkshareMode.Integrated);
        var incumbent = Poor(setup, model);
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        var highsModel = new WorkshareHighsModel(model);
        using var highs = highsModel.Create(1, 60);

        var outcome = WorkshareNeighbourhoods.Search(setup, model, highsModel, highs, incumbent, TimeSpan.FromSeconds(30), stop.Token, 1);

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
        highs.StartFrom(highsModel.HighsValues(WorksharePolish.Complete(setup, model, choice)));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var status = highs.Run();

        Assert.Equal(HighsMip.StatusInterrupt, status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.True(calls >= 1);
        Assert.True(seconds >= 0 && double.IsFinite(seconds), $"running time {seconds}");
        Assert.True(highs.HasSolution);
        var values = highsModel.ModelValues(highs.Solution(highsModel.Cost.Length));
        Assert.True(WorksharePolish.Satisfies(model, values));
        Assert.True(Objective(model, values) <= start, $"{Objective(model, values)} above the start {start}");

        // The same instance again, its interrupt stopped and every package but the first fixed where it was: HiGHS
        // solves that sub-problem to the end (what the neighbourhood search does).
        highs.StopInterrupts();
        var (lower, upper) = ((double[])highsModel.ColLower.Clone(), (double[])highsModel.ColUpper.Clone());
        for (var w = 1; w < setup.Packages.Length; w++)
        {
            foreach (var (k, c) in model.X[w])
            {
                (lower[c], upper[c]) = k == choice[w] ? (1, 1) : (0, 0);
            }
        }
        highs.ChangeColumnBounds(lower, upper);
        highs.Set("time_limit", 60.0);
        highs.StartFrom(highsModel.HighsValues(WorksharePolish.Complete(setup, model, choice)));
        calls = 0;

        Assert.Equal(HighsMip.StatusOptimal, highs.Run());
        Assert.Equal(0, calls);
        var again = highsModel.ModelValues(highs.Solution(highsModel.Cost.Length));
        Assert.True(WorksharePolish.Satisfies(model, again));
        Assert.True(Objective(model, again) <= start);
        for (var w = 1; w < setup.Packages.Length; w++)
        {
            Assert.All(model.X[w], p => Assert.Equal(p.Company == choice[w] ? 1 : 0, again[p.Column]));
        }
    }

    [Theory]
    [InlineData(1, WorkshareMode.Integrated)]
    [InlineData(2, WorkshareMode.Blend)]
    [InlineData(4, WorkshareMode.Integrated)]
    public void Highs_ObjectiveScaled_ProvesTheOptimumOfTheUnscaledSolveAndOfCpSat(int seed, WorkshareMode mode)
    {
        // Borders and deviations priced far above the work: coefficients over 10⁸ units, so HiGHS is given the
        // objective scaled by a power of two; the bound comes back in the model's units.
        var problem = WorkshareGenerator.Make(seed, 24, 30, 3);
        var total = problem.WorkPackages.Sum(w => w.Cost);
        var options = new WorkshareOptions(mode, Lambda: 50 * total, Mu: 0.01, Kappa: 5 * total, TimeLimitSeconds: 20, Workers: 1);
        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, mode, explain: false);
        var (scaled, unscaled) = (new WorkshareHighsModel(model), new WorkshareHighsModel(model, scale: false));
        Assert.True(scaled.ScaleExponent > 0, $"coefficients up to {scaled.Cost.Max():E2}");
        Assert.Equal(0, unscaled.ScaleExponent);

        (int Status, long Objective, double Bound) Solve(WorkshareHighsModel m)
        {
            using var highs = m.Create(1, 20);
            var status = highs.Run();
            // The allocation's own objective: its least border and deviation columns (HiGHS leaves a scaled deviation
            // within its tolerance of the least, ADR 0041).
            var values = highs.HasSolution ? WorksharePolish.Complete(setup, model, WorksharePolish.Choice(model, m.ModelValues(highs.Solution(m.Cost.Length)))) : null;
            return (status, values is null ? -1 : Objective(model, values), m.Unscale(highs.DualBound));
        }
        var (a, b) = (Solve(scaled), Solve(unscaled));
        var cpSat = WorkshareAllocator.Allocate(problem, options, null, WorkshareAllocator.Engine.CpSat);

        Assert.Equal(b.Status, a.Status);
        if (a.Status == HighsMip.StatusInfeasible)
        {
            Assert.Equal("infeasible", cpSat.Status);
            return;
        }
        Assert.Equal(HighsMip.StatusOptimal, a.Status);
        Assert.Equal(b.Objective, a.Objective);
        // Proven within 0.999 of a unit, up to HiGHS' floating-point tolerances on an objective of ~10¹¹ units (its
        // bound can sit a few units below, 10⁻¹⁰ of the objective).
        Assert.InRange(a.Objective - a.Bound, -1e-6, 0.999 + 1e-9 * a.Objective);
        Assert.Equal("optimal", cpSat.Status);
        Assert.Equal((double)cpSat.Objective!.Value, (double)(a.Objective * model.ObjectiveUnitUsd), 6);
        var allocated = WorkshareAllocator.Allocate(problem, options);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"scaled by 2^{-scaled.ScaleExponent}"), allocated.Solve.Solver, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_ProgramOfAtMostSixtyPackages_HighsAloneProvesIt_WithoutTheSearchOrTheProof()
    {
        // The program HiGHS once gave way on after its bound stalled in the root's cut rounds, on two workers on a slow
        // machine; the search then left it "feasible" at the limit (ADR 0040). HiGHS alone proves it in seconds.
        var (problem, options) = WorksharePolishTests.SmallProgram(6, WorkshareMode.Integrated, workers: 2);
        Assert.False(WorkshareNeighbourhoods.Searches(problem.WorkPackages.Count));
        Assert.False(WorkshareNeighbourhoods.Searches(WorkshareNeighbourhoods.HighsAloneUpTo));
        Assert.True(WorkshareNeighbourhoods.Searches(WorkshareNeighbourhoods.HighsAloneUpTo + 1));

        var result = WorkshareAllocator.Allocate(problem, options);

        Assert.Equal("optimal", result.Status);
        Assert.DoesNotContain("neighbourhood search", result.Solve.Solver, StringComparison.Ordinal);
        Assert.DoesNotContain("second HiGHS", result.Solve.Solver, StringComparison.Ordinal);
        Assert.Contains("threads=2", result.Solve.Solver, StringComparison.Ordinal);
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
