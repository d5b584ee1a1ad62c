using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Engines.Tests.Workshare;

/// <summary>
/// The local search that follows an unproven allocation (<see cref="WorksharePolish"/>): started from an allocation that
/// keeps every limit but ignores the borders (the optimum with λ = 0), on generated programs in integrated and blend
/// mode, it returns values that keep every row of the model and cost strictly less — never less than the proven
/// optimum — or nothing; from a proven optimum nothing improves.
/// </summary>
[Collection(HighsCollection.Name), HighsTurn]
public sealed class WorksharePolishTests
{
    public static TheoryData<int, WorkshareMode> Programs => new()
    {
        { 1, WorkshareMode.Integrated },
        { 2, WorkshareMode.Blend },
        { 3, WorkshareMode.Integrated },
        { 5, WorkshareMode.Blend },
        { 6, WorkshareMode.Integrated },
    };

    /// <summary>
    /// The generated program of <see cref="Programs"/> for a seed, with the weights these tests use (one worker unless told).
    /// The limit is far above the seconds HiGHS takes to prove these programs, so that a slow or busy machine still proves them.
    /// </summary>
    internal static (WorkshareProblem Problem, WorkshareOptions Options) SmallProgram(int seed, WorkshareMode mode, int workers = 1)
    {
        var problem = WorkshareGenerator.Make(seed, 24, 30, 3);
        var total = problem.WorkPackages.Sum(w => w.Cost);
        return (problem, new WorkshareOptions(mode, Lambda: 0.002 * total, Mu: 0.01, Kappa: 0.005 * total, TimeLimitSeconds: 60, Workers: workers));
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void FromAnAllocationBlindToBorders_KeepsEveryRowAndLowersTheObjective(int seed, WorkshareMode mode)
    {
        var (problem, options) = SmallProgram(seed, mode);
        var optimum = WorkshareAllocator.Allocate(problem, options);
        if (optimum.Status == "infeasible")
        {
            return;
        }
        Assert.Equal("optimal", optimum.Status);
        var blind = WorkshareAllocator.Allocate(problem, options with { Lambda = 0, Kappa = 0 });
        Assert.Equal("optimal", blind.Status);

        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, mode, explain: false);
        var choice = setup.Packages.Select(w => setup.CompanyIndex[blind.Allocation.Single(a => a.WorkPackage == w.Id).Company]).ToArray();
        var start = WorksharePolish.Complete(setup, model, choice);
        Assert.True(WorksharePolish.Satisfies(model, start), "the blind optimum keeps every limit, so its completion keeps every row");

        var better = WorksharePolish.Improve(setup, model, start, TimeSpan.FromSeconds(5));

        long Objective(long[] values) => model.Objective.Sum(p => p.Value * values[p.Key]);
        var optimal = Objective(WorksharePolish.Complete(setup, model,
            [.. setup.Packages.Select(w => setup.CompanyIndex[optimum.Allocation.Single(a => a.WorkPackage == w.Id).Company])]));
        Assert.Equal(optimum.Objective!.Value, (double)(optimal * model.ObjectiveUnitUsd), 6);
        if (better is null)
        {
            // A local optimum: the start cannot be beaten by moving one package or one subsystem.
            Assert.True(Objective(start) >= optimal);
            return;
        }
        Assert.True(WorksharePolish.Satisfies(model, better));
        Assert.True(Objective(better) < Objective(start), $"{Objective(better)} not below {Objective(start)}");
        Assert.True(Objective(better) >= optimal, $"{Objective(better)} below the proven optimum {optimal}");
    }

    [Fact]
    public void FromAProvenOptimum_NothingImproves()
    {
        // The first generated program with an allocation.
        var (problem, options, optimum) = Enumerable.Range(1, 20)
            .Select(seed => WorkshareGenerator.Make(seed, 24, 30, 3))
            .Select(p => (p, o: new WorkshareOptions(WorkshareMode.Integrated, Lambda: 0.002 * p.WorkPackages.Sum(w => w.Cost), Mu: 0.01, TimeLimitSeconds: 20, Workers: 1)))
            .Select(x => (x.p, x.o, r: WorkshareAllocator.Allocate(x.p, x.o)))
            .First(x => x.r.Status != "infeasible");
        Assert.Equal("optimal", optimum.Status);
        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, WorkshareMode.Integrated, explain: false);
        var choice = setup.Packages.Select(w => setup.CompanyIndex[optimum.Allocation.Single(a => a.WorkPackage == w.Id).Company]).ToArray();

        Assert.Null(WorksharePolish.Improve(setup, model, WorksharePolish.Complete(setup, model, choice), TimeSpan.FromSeconds(5)));
    }
}
