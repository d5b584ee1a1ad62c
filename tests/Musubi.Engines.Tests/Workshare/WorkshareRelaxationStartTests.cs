using Musubi.Engines.Optimization.Workshare;
using static Musubi.Engines.Tests.Workshare.WorkshareHandSolvedTests;

namespace Musubi.Engines.Tests.Workshare;

/// <summary>
/// The annealing's start from the LP relaxation rounded (<see cref="WorkshareRelaxationStart"/>, ADR 0037): the rounding
/// goes by nation first, the relaxation of a program without an allocation gives no start, the annealing from the
/// rounded relaxation, cool, keeps every row and never rises above its repaired start, and on two workers (the
/// annealing beside HiGHS, from that start) the allocator proves the same optimum as alone.
/// </summary>
[Collection(HighsCollection.Name), HighsTurn]
public sealed class WorkshareRelaxationStartTests
{
    private static long Objective(WorkshareModel model, long[] values) => model.Objective.Sum(p => p.Value * values[p.Key]);

    [Fact]
    public void Round_TakesTheNationHoldingMostOfThePackage_ThenItsLargestCompany()
    {
        // One package split in the relaxation: us1 0.25, us2 0.35, jp1 0.40. The largest column is jp1's, but the US holds
        // 0.60 of the package, so it goes to the US, to us2; rounding column by column would have sent it to Japan.
        var p = Program([("US", 0.5), ("JP", 0.5)], 0.5, [Wp("A", 100)], [Co("us1", "US"), Co("us2", "US"), Co("jp1", "JP")]);
        var options = Options();
        var setup = new WorkshareSetup(p, options);
        var model = new WorkshareModel(setup, options.Mode, explain: false);
        var values = new double[model.Columns.Count];
        var share = new Dictionary<string, double> { ["us1"] = 0.25, ["us2"] = 0.35, ["jp1"] = 0.40 };
        foreach (var (k, c) in model.X[0])
        {
            values[c] = share[setup.Companies[k].Id];
        }

        var choice = WorkshareRelaxationStart.Round(setup, model, values);

        Assert.Equal("us2", setup.Companies[choice[0]].Id);
    }

    [Fact]
    public void Rounded_AProgramWhoseRelaxationHasNoSolution_GivesNoStart()
    {
        // Only a US company can do the one package, but the US may have at most 55% of the work: no allocation, and no
        // fractional one either.
        var p = Program([("US", 0.5), ("JP", 0.5)], 0.05, [Wp("A", 100)], [Co("us1", "US"), Co("jp1", "JP", 1, null, "OTHER")]);
        var options = Options();
        var setup = new WorkshareSetup(p, options);
        var model = new WorkshareModel(setup, options.Mode, explain: false);

        Assert.Null(WorkshareRelaxationStart.Rounded(setup, model, new WorkshareHighsModel(model), 5));
    }

    [Theory]
    [MemberData(nameof(WorksharePolishTests.Programs), MemberType = typeof(WorksharePolishTests))]
    public void Anneal_FromTheRoundedRelaxation_KeepsEveryRowAndNeverRisesAboveItsRepairedStart(int seed, WorkshareMode mode)
    {
        var (problem, options) = WorksharePolishTests.SmallProgram(seed, mode);
        var optimum = WorkshareAllocator.Allocate(problem, options);
        if (optimum.Status == "infeasible")
        {
            return;
        }
        Assert.Equal("optimal", optimum.Status);
        // The model the allocator anneals beside HiGHS (borders in the leaf form, ADR 0024).
        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, mode, explain: false, leafBorders: true);
        var start = WorkshareRelaxationStart.Rounded(setup, model, new WorkshareHighsModel(model), 10);
        Assert.NotNull(start);
        // Every package to a company it may go to.
        Assert.All(Enumerable.Range(0, start.Length), w => Assert.Contains(model.X[w], p => p.Company == start[w]));
        long Units(int[] choice) => Objective(model, WorksharePolish.Complete(setup, model, choice));

        // On a move budget, not the clock: the same allocations on any machine and under any load. One move: the start
        // once repaired; then a whole annealing from it.
        var repaired = WorkshareAnneal.Search(setup, model, seed, TimeSpan.FromMinutes(1), CancellationToken.None, steps: 1,
            from: start, heat: WorkshareAnneal.RelaxationHeat);
        var found = WorkshareAnneal.Search(setup, model, seed, TimeSpan.FromMinutes(2), CancellationToken.None, steps: 300_000,
            from: start, heat: WorkshareAnneal.RelaxationHeat);

        Assert.NotNull(repaired);
        Assert.NotNull(found);
        Assert.True(WorksharePolish.Satisfies(model, WorksharePolish.Complete(setup, model, repaired)), "the repaired start keeps every row");
        Assert.True(WorksharePolish.Satisfies(model, WorksharePolish.Complete(setup, model, found)), "the annealing's allocation keeps every row");
        Assert.True(Units(found) <= Units(repaired), $"{Units(found)} above the repaired start {Units(repaired)}");
        var usd = (double)(Units(found) * model.ObjectiveUnitUsd);
        Assert.True(usd >= optimum.Objective!.Value - 1e-6, $"{usd} below the proven optimum {optimum.Objective}");
    }

    [Theory]
    [MemberData(nameof(WorksharePolishTests.Programs), MemberType = typeof(WorksharePolishTests))]
    public void Allocate_OnTwoWorkers_WithTheAnnealingFromTheRelaxation_ProvesTheSameOptimum(int seed, WorkshareMode mode)
    {
        var (problem, options) = WorksharePolishTests.SmallProgram(seed, mode);
        var alone = WorkshareAllocator.Allocate(problem, options);
        var beside = WorkshareAllocator.Allocate(problem, options with { Workers = 2 });

        Assert.Equal(alone.Status, beside.Status);
        if (alone.Status == "infeasible")
        {
            return;
        }
        Assert.Equal("optimal", beside.Status);
        // The annealing's start changes which allocations are found first, never the optimum HiGHS proves. (The answer's
        // solver note names the start only when the annealing's allocation is the answer, not on programs this small.)
        Assert.Equal(alone.Objective!.Value, beside.Objective!.Value, 6);
    }
}
