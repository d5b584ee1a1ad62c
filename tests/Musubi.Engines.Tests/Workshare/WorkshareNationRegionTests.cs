using Musubi.Engines.Optimization;
using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Engines.Tests.Workshare;

/// <summary>
/// Blend mode's region by nation (<see cref="WorkshareNationRegion"/>, ADR 0051), on the small generated blend programs
/// HiGHS proves alone: from the optimum it keeps the optimum; from an allocation blind to borders and splits it offers
/// one that keeps every row, is no dearer than the region's value allows, and puts each package only in a nation the
/// relaxation or the start gave it. On a larger program it is searched by neighbourhoods of whole subsystems (ADR 0055).
/// </summary>
[Collection(HighsCollection.Name), HighsTurn]
public sealed class WorkshareNationRegionTests
{
    public static TheoryData<int> BlendSeeds => [2, 5, 8];

    private static (WorkshareSetup Setup, WorkshareModel Model, WorkshareHighsModel Highs, double[] Relaxation, int[] Optimum, int[] Blind)? Program(int seed)
    {
        var (problem, options) = WorksharePolishTests.SmallProgram(seed, WorkshareMode.Blend);
        var optimum = WorkshareAllocator.Allocate(problem, options);
        if (optimum.Status == "infeasible")
        {
            return null;
        }
        Assert.Equal("optimal", optimum.Status);
        var blind = WorkshareAllocator.Allocate(problem, options with { Lambda = 0, Kappa = 0 });
        Assert.Equal("optimal", blind.Status);
        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, WorkshareMode.Blend, explain: false, leafBorders: true);
        var highsModel = new WorkshareHighsModel(model);
        var relaxation = WorkshareRelaxationStart.Relaxation(highsModel, 10);
        Assert.NotNull(relaxation);
        int[] Choice(WorkshareResult r) => [.. setup.Packages.Select(w => setup.CompanyIndex[r.Allocation.Single(a => a.WorkPackage == w.Id).Company])];
        return (setup, model, highsModel, relaxation, Choice(optimum), Choice(blind));
    }

    private static long Units(WorkshareSetup setup, WorkshareModel model, int[] choice) => WorksharePolish.Units(model, WorksharePolish.Complete(setup, model, choice));

    [Theory]
    [MemberData(nameof(BlendSeeds))]
    public void FromTheOptimum_TheRegionKeepsIt(int seed)
    {
        if (Program(seed) is not var (setup, model, highsModel, relaxation, optimum, _))
        {
            return;
        }
        var incumbent = new WorkshareIncumbent();
        var optimal = Units(setup, model, optimum);
        Assert.True(incumbent.Offer(optimum, optimal));
        using var highs = highsModel.Create(1, 30);

        var outcome = WorkshareNationRegion.Search(setup, model, highsModel, highs, relaxation, [], incumbent, 30, 10, CancellationToken.None);

        Assert.Equal(HighsMip.StatusOptimal, outcome.Status);
        // A program of at most twice a neighbourhood's packages: the whole region at once (ADR 0055).
        Assert.Null(outcome.Search);
        Assert.True(outcome.Whole);
        // The region holds the optimum's nations and lets companies split, so its value is no higher than the optimum's.
        Assert.True(outcome.RegionUnits <= optimal + 1, $"region {outcome.RegionUnits} above the optimum {optimal}");
        Assert.NotNull(outcome.OfferedUnits);
        Assert.True(outcome.OfferedUnits >= optimal, $"{outcome.OfferedUnits} below the proven optimum {optimal}");
        Assert.False(outcome.Lowered);
        Assert.Equal(optimal, incumbent.Best()!.Value.Objective);
    }

    [Theory]
    [MemberData(nameof(BlendSeeds))]
    public void FromABlindAllocation_OffersOneThatKeepsEveryRowWithinTheRegion(int seed)
    {
        if (Program(seed) is not var (setup, model, highsModel, relaxation, optimum, blind))
        {
            return;
        }
        var incumbent = new WorkshareIncumbent();
        var blindUnits = Units(setup, model, blind);
        var optimal = Units(setup, model, optimum);
        Assert.True(incumbent.Offer(blind, blindUnits));
        using var highs = highsModel.Create(1, 30);

        var outcome = WorkshareNationRegion.Search(setup, model, highsModel, highs, relaxation, [], incumbent, 30, 10, CancellationToken.None);

        Assert.Equal(HighsMip.StatusOptimal, outcome.Status);
        var (found, units) = incumbent.Best()!.Value;
        Assert.True(WorksharePolish.Satisfies(model, WorksharePolish.Complete(setup, model, found)), "the allocation kept keeps every row");
        Assert.Equal(Units(setup, model, found), units);
        Assert.True(units <= blindUnits, $"{units} above the start {blindUnits}");
        Assert.True(units >= optimal, $"{units} below the proven optimum {optimal}");
        // The region is a relaxation of every allocation in its nations, and the start is one of them.
        Assert.True(outcome.RegionUnits <= blindUnits + 1, $"region {outcome.RegionUnits} above the start {blindUnits}");
        if (outcome.Lowered)
        {
            Assert.Equal(units, outcome.OfferedUnits);
            Assert.True(outcome.RegionUnits <= units + 1, $"region {outcome.RegionUnits} above its own allocation {units}");
        }
        // Each package only in a nation the relaxation gives part of it or the start gives it.
        var blindNation = new WorkshareState(setup, model, blind).Nation;
        var foundNation = new WorkshareState(setup, model, found).Nation;
        for (var w = 0; w < found.Length; w++)
        {
            var share = model.X[w].Where(p => setup.CompanyNation[p.Company] == foundNation[w]).Sum(p => relaxation[p.Column]);
            Assert.True(foundNation[w] == blindNation[w] || share >= 1e-6, $"package {w} in nation {foundNation[w]}, which neither the relaxation nor the start gave it");
        }
    }

    [Theory]
    [MemberData(nameof(BlendSeeds))]
    public void OtherAllocations_OpenTheirNationsToo(int seed)
    {
        // The annealing chains' allocations (ADR 0052): from the blind allocation, with the optimum's nations open too,
        // the region holds the optimum, so its value is no higher; without them it may be.
        if (Program(seed) is not var (setup, model, highsModel, relaxation, optimum, blind))
        {
            return;
        }
        var optimal = Units(setup, model, optimum);
        var blindUnits = Units(setup, model, blind);
        var alone = new WorkshareIncumbent();
        alone.Offer(blind, blindUnits);
        var incumbent = new WorkshareIncumbent();
        incumbent.Offer(blind, blindUnits);
        using var highs = highsModel.Create(1, 30);

        var without = WorkshareNationRegion.Search(setup, model, highsModel, highs, relaxation, [], alone, 30, 10, CancellationToken.None);
        var with = WorkshareNationRegion.Search(setup, model, highsModel, highs, relaxation, [optimum], incumbent, 30, 10, CancellationToken.None);

        Assert.Equal(HighsMip.StatusOptimal, with.Status);
        Assert.True(with.OpenPairs >= without.OpenPairs, $"{with.OpenPairs} pairs open with the optimum's nations, {without.OpenPairs} without");
        Assert.True(with.RegionUnits <= optimal + 1, $"region {with.RegionUnits} above the optimum {optimal}, whose nations it holds");
        Assert.True(with.RegionUnits <= without.RegionUnits + 1, $"region {with.RegionUnits} above the smaller region's {without.RegionUnits}");
        var (found, units) = incumbent.Best()!.Value;
        Assert.True(WorksharePolish.Satisfies(model, WorksharePolish.Complete(setup, model, found)), "the allocation kept keeps every row");
        Assert.True(units >= optimal, $"{units} below the proven optimum {optimal}");
        // Each package only in a nation the relaxation, the start or the other allocation gives it.
        var blindNation = new WorkshareState(setup, model, blind).Nation;
        var optimumNation = new WorkshareState(setup, model, optimum).Nation;
        var foundNation = new WorkshareState(setup, model, found).Nation;
        for (var w = 0; w < found.Length; w++)
        {
            var share = model.X[w].Where(p => setup.CompanyNation[p.Company] == foundNation[w]).Sum(p => relaxation[p.Column]);
            Assert.True(foundNation[w] == blindNation[w] || foundNation[w] == optimumNation[w] || share >= 1e-6,
                $"package {w} in nation {foundNation[w]}, which neither the relaxation, the start nor the other allocation gave it");
        }
    }

    [Theory]
    [MemberData(nameof(BlendSeeds))]
    public void NationsOutsideTheRelaxations_TheRelaxationsAloneFirst(int seed)
    {
        // ADR 0052: the pairs only the allocations open are closed in a first phase, whose allocation keeps to the
        // relaxation's nations and stands if the whole region finds nothing lower.
        if (Program(seed) is not var (setup, model, highsModel, relaxation, optimum, blind))
        {
            return;
        }
        var optimal = Units(setup, model, optimum);
        var incumbent = new WorkshareIncumbent();
        incumbent.Offer(blind, Units(setup, model, blind));
        var blindNation = new WorkshareState(setup, model, blind).Nation;
        var optimumNation = new WorkshareState(setup, model, optimum).Nation;
        double Share(int w, int n) => model.X[w].Where(p => setup.CompanyNation[p.Company] == n).Sum(p => relaxation[p.Column]);
        var outside = Enumerable.Range(0, setup.Packages.Length)
            .Sum(w => new[] { blindNation[w], optimumNation[w] }.Distinct().Count(n => Share(w, n) < 1e-6));
        using var highs = highsModel.Create(1, 30);

        var outcome = WorkshareNationRegion.Search(setup, model, highsModel, highs, relaxation, [optimum], incumbent, 30, 10, CancellationToken.None);

        if (outside == 0)
        {
            Assert.Null(outcome.First);
            return;
        }
        var first = Assert.IsType<WorkshareNationRegion.First>(outcome.First);
        Assert.Equal(outcome.OpenPairs - outside, first.OpenPairs);
        Assert.Equal(HighsMip.StatusOptimal, first.Status);
        Assert.Equal(HighsMip.StatusOptimal, outcome.Status);
        // The whole region holds the first's nations and the optimum's: no higher than either.
        Assert.True(outcome.RegionUnits <= first.RegionUnits + 1, $"region {outcome.RegionUnits} above its first phase's {first.RegionUnits}");
        Assert.True(outcome.RegionUnits <= optimal + 1, $"region {outcome.RegionUnits} above the optimum {optimal}");
        Assert.True(first.OfferedUnits is null || first.OfferedUnits >= optimal, $"{first.OfferedUnits} below the proven optimum {optimal}");
        Assert.True(outcome.OfferedUnits is { } offered && offered >= optimal && (first.OfferedUnits is not { } before || offered <= before),
            $"offered {outcome.OfferedUnits}, first {first.OfferedUnits}, optimum {optimal}");
    }

    [Fact]
    public void Allocate_BlendBesideTheProofsChild_SolvesTheRegionFirst_AndAnswersAnAllocationThatKeepsEveryRow()
    {
        // The allocator's whole path in blend mode with the region: more than 60 packages, two workers, and a child to
        // start. The child here only takes the model (a stand-in that proves nothing), so the bound is the relaxation's.
        var options = new WorkshareOptions(WorkshareMode.Blend, TimeLimitSeconds: 12, Workers: 2);
        // The first generated program whose relaxation has a solution (the region needs it), with room in the companies:
        // on a program whose capacities bind, the hot annealing and HiGHS' first 1.5 s found no allocation at all, and
        // under load (the engine tests run beside the browser tests) the answer was then `unknown` (ADR 0051).
        var problem = Enumerable.Range(1, 20).Select(seed => WorkshareGenerator.Make(seed, 90, 24, 3, capacityFactor: 3))
            .First(p => WorkshareRelaxationStart.Relaxation(new WorkshareHighsModel(new WorkshareModel(new WorkshareSetup(p, options), WorkshareMode.Blend, explain: false, leafBorders: true)), 10) is not null);
        var saved = WorkshareProofProcess.Launch;
        WorkshareResult result;
        try
        {
            WorkshareProofProcess.Launch = ["/bin/sh", "-c", "cat >/dev/null"];
            result = WorkshareAllocator.Allocate(problem, options);
        }
        finally
        {
            WorkshareProofProcess.Launch = saved;
        }

        Assert.True(result.Status is "feasible" or "optimal", $"{result.Status}: {result.Solve.Solver}");
        Assert.True(result.Solve.Solver.Contains("a region by nation", StringComparison.Ordinal), result.Solve.Solver);
        // Two annealing chains ran before it, the second in HiGHS' place, and the region opened their nations (ADR 0052).
        Assert.True(result.Solve.Solver.Contains("of 2 annealing chains", StringComparison.Ordinal), result.Solve.Solver);
        // HiGHS' own branch and bound did not run and the stand-in child proves nothing: the bound is the relaxation's.
        Assert.NotNull(result.Solve.BestBound);
        Assert.True(result.Solve.BestBound <= result.Objective, $"bound {result.Solve.BestBound} above the allocation {result.Objective}");
        // In blend mode with the region the annealing starts from the cheapest companies, hot (its note, when it has one).
        Assert.DoesNotContain("from the LP relaxation rounded", result.Solve.Solver, StringComparison.Ordinal);
        // The answer's allocation keeps every row of the model, and its objective is that allocation's own.
        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, WorkshareMode.Blend, explain: false, leafBorders: true);
        int[] choice = [.. setup.Packages.Select(w => setup.CompanyIndex[result.Allocation.Single(a => a.WorkPackage == w.Id).Company])];
        var values = WorksharePolish.Complete(setup, model, choice);
        Assert.True(WorksharePolish.Satisfies(model, values), "the answer keeps every row");
        Assert.Equal(result.Objective!.Value, (double)(WorksharePolish.Units(model, values) * model.ObjectiveUnitUsd), 6);
    }

    [Fact]
    public void MoreThanTwiceANeighbourhood_TheRegionIsSearchedByNeighbourhoodsOfWholeSubsystems()
    {
        // ADR 0055: on a program of 300 packages, from an annealing chain's allocation (a fixed number of steps, so the
        // start does not depend on the machine), the region is searched by neighbourhoods of whole subsystems open to every
        // nation. Without the first phase they start from that allocation, which ignores most of the borders it could
        // avoid, so they lower it; what they keep is never above their start; the allocation their companies give is no
        // lower than their value (the region is a relaxation of every allocation in its nations), and it keeps every row.
        var options = new WorkshareOptions(WorkshareMode.Blend, TimeLimitSeconds: 10, Workers: 1);
        var problem = WorkshareGenerator.Make(3, 300, 30, 3, capacityFactor: 3);
        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, WorkshareMode.Blend, explain: false, leafBorders: true);
        var highsModel = new WorkshareHighsModel(model);
        var relaxation = WorkshareRelaxationStart.Relaxation(highsModel, 10);
        Assert.NotNull(relaxation);
        var start = WorkshareAnneal.Search(setup, model, 2, TimeSpan.FromMinutes(1), CancellationToken.None, steps: 20_000);
        Assert.NotNull(start);
        var startUnits = Units(setup, model, start);
        var incumbent = new WorkshareIncumbent();
        Assert.True(incumbent.Offer(start, startUnits));
        using var highs = highsModel.Create(1, 30);

        // 2 s for the companies: under load (the engine tests run beside the browser tests) HiGHS needs more than one.
        var outcome = WorkshareNationRegion.Search(setup, model, highsModel, highs, relaxation, [], incumbent, 10, 2, CancellationToken.None, relaxationFirst: false);

        Assert.Null(outcome.First);
        var search = Assert.IsType<WorkshareNationRegion.Neighbourhoods>(outcome.Search);
        Assert.True(search.Solved > 0, "no neighbourhood was solved");
        Assert.True(search.Lowered > 0, $"{search.Solved} neighbourhoods, none lower than the start ${search.StartUnits}");
        Assert.True(search.RegionUnits < search.StartUnits - 0.5, $"kept {search.RegionUnits}, started at {search.StartUnits}");
        // The start's region value is the allocation's own, or less (its companies are free in the region).
        Assert.True(search.StartUnits <= startUnits + 1, $"the neighbourhoods' start {search.StartUnits} above the allocation's {startUnits}");
        Assert.True(search.LastSize >= 40 && search.LastSize < setup.Packages.Length, $"the last neighbourhood freed {search.LastSize} packages");
        var offered = Assert.IsType<long>(search.OfferedUnits);
        Assert.True(offered >= search.RegionUnits - 1, $"their companies' allocation {offered} below their region value {search.RegionUnits}");
        var (found, units) = incumbent.Best()!.Value;
        Assert.True(WorksharePolish.Satisfies(model, WorksharePolish.Complete(setup, model, found)), "the allocation kept keeps every row");
        Assert.Equal(Units(setup, model, found), units);
        Assert.True(units <= offered && units < startUnits, $"kept {units}, the neighbourhoods' {offered}, the start {startUnits}");
    }

    [Fact]
    public void Stopped_OffersNothing()
    {
        if (Program(2) is not var (setup, model, highsModel, relaxation, _, blind))
        {
            return;
        }
        var incumbent = new WorkshareIncumbent();
        var blindUnits = Units(setup, model, blind);
        incumbent.Offer(blind, blindUnits);
        using var highs = highsModel.Create(1, 30);
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();

        var outcome = WorkshareNationRegion.Search(setup, model, highsModel, highs, relaxation, [], incumbent, 30, 10, stopped.Token);

        Assert.Null(outcome.OfferedUnits);
        Assert.Equal(blindUnits, incumbent.Best()!.Value.Objective);
    }
}
