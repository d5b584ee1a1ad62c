using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Engines.Tests.Workshare;

/// <summary>
/// The allocation state the local searches share (<see cref="WorkshareState"/>) and the simulated annealing that runs
/// beside HiGHS (<see cref="WorkshareAnneal"/>), on generated programs whose optimum HiGHS proves: the running objective
/// stays the model's objective of the allocation move after move, the excess is zero exactly when every row holds, and
/// the annealing returns allocations that keep every row and never cost less than the proven optimum — on these small
/// programs, within 1% of it on a fixed budget of moves. The programs and weights are the local search's (<see cref="WorksharePolishTests"/>).
/// </summary>
[Collection(HighsCollection.Name), HighsTurn]
public sealed class WorkshareAnnealTests
{
    private static (WorkshareSetup Setup, WorkshareModel Model, WorkshareResult Optimum)? Program(int seed, WorkshareMode mode)
    {
        var problem = WorkshareGenerator.Make(seed, 24, 30, 3);
        var total = problem.WorkPackages.Sum(w => w.Cost);
        var options = new WorkshareOptions(mode, Lambda: 0.002 * total, Mu: 0.01, Kappa: 0.005 * total, TimeLimitSeconds: 20, Workers: 1);
        var optimum = WorkshareAllocator.Allocate(problem, options);
        if (optimum.Status == "infeasible")
        {
            return null;
        }
        Assert.Equal("optimal", optimum.Status);
        var setup = new WorkshareSetup(problem, options);
        return (setup, new WorkshareModel(setup, mode, explain: false), optimum);
    }

    private const long Steps = 3_000_000;

    private static long Objective(WorkshareModel model, long[] values) => model.Objective.Sum(p => p.Value * values[p.Key]);

    [Theory]
    [MemberData(nameof(WorksharePolishTests.Programs), MemberType = typeof(WorksharePolishTests))]
    public void State_RandomMoves_KeepTheModelsObjectiveAndExcess(int seed, WorkshareMode mode)
    {
        if (Program(seed, mode) is not var (setup, model, _))
        {
            return;
        }
        var rng = new Random(seed);
        var state = new WorkshareState(setup, model, [.. model.X.Select(options => options[0].Company)]);
        var (sawFeasible, sawExcess) = (false, false);
        for (var step = 0; step < 400; step++)
        {
            var w = rng.Next(setup.Packages.Length);
            var (k, c) = model.X[w][rng.Next(model.X[w].Count)];
            var before = state.Objective;
            var delta = state.Delta(w, k, c);
            var keeps = state.Keeps(w, k);
            var feasibleBefore = state.Excess == 0;
            state.Place(w, k, c);

            Assert.Equal(before + delta, state.Objective);
            Assert.Equal(state.Recount(), state.Objective);
            var values = WorksharePolish.Complete(setup, model, state.Choice);
            Assert.Equal(Objective(model, values), state.Objective);
            Assert.Equal(state.Excess == 0, WorksharePolish.Satisfies(model, values));
            if (feasibleBefore && keeps)
            {
                Assert.Equal(0, state.Excess);
            }
            sawFeasible |= state.Excess == 0;
            sawExcess |= state.Excess > 0;
        }
        Assert.True(sawFeasible || sawExcess);
    }

    [Theory]
    [MemberData(nameof(WorksharePolishTests.Programs), MemberType = typeof(WorksharePolishTests))]
    public void Anneal_KeepsEveryRowAndComesWithinOnePercentOfTheProvenOptimum(int seed, WorkshareMode mode)
    {
        if (Program(seed, mode) is not var (setup, model, optimum))
        {
            return;
        }
        // On a move budget, not the clock: the same allocation on any machine and under any load.
        var found = WorkshareAnneal.Search(setup, model, seed, TimeSpan.FromMinutes(2), CancellationToken.None, steps: Steps);

        Assert.NotNull(found);
        var values = WorksharePolish.Complete(setup, model, found);
        Assert.True(WorksharePolish.Satisfies(model, values), "the annealing's allocation keeps every row");
        var usd = (double)(Objective(model, values) * model.ObjectiveUnitUsd);
        Assert.True(usd >= optimum.Objective!.Value - 1e-6, $"{usd} below the proven optimum {optimum.Objective}");
        // 24 packages from the cheapest companies, which break capacities and bands (2–7% off the optimum when they
        // do not): three million moves came within 0.4% of the optimum HiGHS proves and found it for two of the four
        // programs with an allocation (a heuristic: within 1% is what is asserted; on a move budget, the same result on
        // every machine).
        Assert.True(usd <= optimum.Objective!.Value * 1.01, $"{usd} more than 1% over the proven optimum {optimum.Objective}");
    }

    [Theory]
    [MemberData(nameof(WorksharePolishTests.Programs), MemberType = typeof(WorksharePolishTests))]
    public void Anneal_FromAnAllocation_ReturnsNoHigherOne_AndFollowsALowerSharedOne(int seed, WorkshareMode mode)
    {
        if (Program(seed, mode) is not var (setup, model, _))
        {
            return;
        }
        long Units(int[] choice) => Objective(model, WorksharePolish.Complete(setup, model, choice));
        // A start that keeps every row (a short annealing's), and a lower allocation held as the shared best (a longer one's).
        var start = WorkshareAnneal.Search(setup, model, seed + 100, TimeSpan.FromMinutes(1), CancellationToken.None, steps: 2_000);
        var lower = WorkshareAnneal.Search(setup, model, seed, TimeSpan.FromMinutes(1), CancellationToken.None, steps: 300_000);
        Assert.NotNull(start);
        Assert.NotNull(lower);

        // Resumed cool from the start (as once the cutoff proof's first cutoff is proven), on few moves: never higher.
        var resumed = WorkshareAnneal.Search(setup, model, seed + 200, TimeSpan.FromMinutes(1), CancellationToken.None, steps: 5_000,
            from: start, heat: WorkshareAnneal.ResumedHeat);
        Assert.NotNull(resumed);
        Assert.True(WorksharePolish.Satisfies(model, WorksharePolish.Complete(setup, model, resumed)), "the resumed annealing's allocation keeps every row");
        Assert.True(Units(resumed) <= Units(start), $"{Units(resumed)} above its start {Units(start)}");

        // Following the shared best: from its second round it starts from the lower allocation, so it ends at or below it.
        var shared = new WorkshareIncumbent();
        shared.Offer(lower, Units(lower));
        var followed = WorkshareAnneal.Search(setup, model, seed + 200, TimeSpan.FromMinutes(1), CancellationToken.None, steps: 5_000,
            shared: shared, from: start, heat: WorkshareAnneal.ResumedHeat, follow: true);
        Assert.NotNull(followed);
        Assert.True(WorksharePolish.Satisfies(model, WorksharePolish.Complete(setup, model, followed)));
        Assert.True(Units(followed) <= Math.Min(Units(lower), Units(start)), $"{Units(followed)} above the shared best {Units(lower)}");
        Assert.True(shared.Best()!.Value.Objective <= Units(followed));
    }

    [Fact]
    public void Allocate_ALimitTooShortForHighsAlone_AnswersWithAnAllocationAndAnHonestBound()
    {
        // The benchmark's 500-package program with a fifth of a second: HiGHS is still in its presolve or root when
        // the limit comes, the annealing beside it has an allocation (or HiGHS has one); either way the answer is a
        // whole allocation, a bound at or below it (or none), never an overflow from an infinite bound.
        var problem = WorkshareGenerator.Make(1, 500, 60, 4);
        var result = WorkshareAllocator.Allocate(problem, new WorkshareOptions(WorkshareMode.Integrated, TimeLimitSeconds: 0.2, Workers: 2));

        Assert.Contains(result.Status, new[] { "feasible", "optimal", "unknown" });
        if (result.Status == "unknown")
        {
            Assert.Empty(result.Allocation);
            return;
        }
        Assert.Equal(500, result.Allocation.Count);
        Assert.True(result.Solve.BestBound is null || result.Solve.BestBound <= result.Objective, $"bound {result.Solve.BestBound} above {result.Objective}");
        Assert.True(result.Solve.Gap is null or (>= 0 and <= 1), $"gap {result.Solve.Gap}");
    }

    [Fact]
    public void Anneal_Cancelled_StopsAtOnce()
    {
        if (Program(1, WorkshareMode.Integrated) is not var (setup, model, _))
        {
            return;
        }
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var found = WorkshareAnneal.Search(setup, model, 1, TimeSpan.FromSeconds(30), stop.Token);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        if (found is not null)
        {
            Assert.True(WorksharePolish.Satisfies(model, WorksharePolish.Complete(setup, model, found)));
        }
    }
}
