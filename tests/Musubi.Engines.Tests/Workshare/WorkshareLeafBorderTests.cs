using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Engines.Tests.Workshare;

/// <summary>
/// The leaf form of the border rows (ADR 0024), which the allocator uses when the annealing runs beside HiGHS: it is the
/// same integer model as the pairwise form — a whole allocation's completed values keep every border row, and a crossed
/// border left unpaid breaks one — HiGHS proves the same optimum with it, and its relaxation is never weaker: a package split evenly
/// between two nations and its neighbour split between the other two pays a whole border in the leaf form and only half
/// of one in the pairwise form.
/// </summary>
[Collection(HighsCollection.Name), HighsTurn]
public sealed class WorkshareLeafBorderTests
{
    private static WorkshareOptions Options(WorkshareProblem problem, WorkshareMode mode, int workers)
    {
        var total = problem.WorkPackages.Sum(w => w.Cost);
        return new WorkshareOptions(mode, Lambda: 0.002 * total, Mu: 0.01, Kappa: 0.005 * total, TimeLimitSeconds: 20, Workers: workers);
    }

    [Theory]
    [MemberData(nameof(WorksharePolishTests.Programs), MemberType = typeof(WorksharePolishTests))]
    public void BothForms_SameObjectiveForEveryAllocationAndTheSameProvenOptimum(int seed, WorkshareMode mode)
    {
        var problem = WorkshareGenerator.Make(seed, 24, 30, 3);
        var pairwise = WorkshareAllocator.Allocate(problem, Options(problem, mode, workers: 1));
        var leaf = WorkshareAllocator.Allocate(problem, Options(problem, mode, workers: 2));
        Assert.Equal(pairwise.Status, leaf.Status);
        if (pairwise.Status == "infeasible")
        {
            return;
        }
        Assert.Equal("optimal", leaf.Status);
        Assert.Equal(pairwise.Objective!.Value, leaf.Objective!.Value, 6);

        var setup = new WorkshareSetup(problem, Options(problem, mode, workers: 2));
        var pairs = new WorkshareModel(setup, mode, explain: false);
        var leaves = new WorkshareModel(setup, mode, explain: false, leafBorders: true);
        Assert.NotEmpty(leaves.BorderLeaves);
        Assert.Empty(pairs.BorderLeaves);
        // Each allocation solved the form the allocator picks for its threads: pairwise alone, leaves beside the annealing.
        Assert.Equal(pairs.Columns.Count, pairwise.Solve.Variables);
        Assert.Equal(leaves.Columns.Count, leaf.Solve.Variables);
        Assert.NotEqual(pairs.Columns.Count, leaves.Columns.Count);

        var rng = new Random(seed);
        var crossings = 0;
        for (var trial = 0; trial < 200; trial++)
        {
            int[] choice = [.. leaves.X.Select(options => options[rng.Next(options.Count)].Company)];
            var withLeaves = WorksharePolish.Complete(setup, leaves, choice);
            // Every border row holds for the completed values, whatever the other limits say.
            Assert.All(BorderRows(leaves), row => Assert.True(Holds(row, withLeaves), row.Name));
            // And a crossed border cannot go unpaid: with its y at 0, some border row breaks.
            foreach (var (y, a, b) in leaves.Borders)
            {
                if (setup.CompanyNation[choice[a]] == setup.CompanyNation[choice[b]])
                {
                    Assert.Equal(0, withLeaves[y]);
                    continue;
                }
                crossings++;
                Assert.Equal(1, withLeaves[y]);
                var unpaid = (long[])withLeaves.Clone();
                unpaid[y] = 0;
                Assert.Contains(BorderRows(leaves), row => !Holds(row, unpaid));
            }
        }
        Assert.True(crossings > 0);
    }

    private static IEnumerable<WorkshareModel.Row> BorderRows(WorkshareModel model) =>
        model.Rows.Where(r => r.Name.StartsWith("border_", StringComparison.Ordinal));

    private static bool Holds(WorkshareModel.Row row, long[] values)
    {
        var sum = row.Terms.Sum(t => t.Value * values[t.Column]);
        return sum >= row.Lower && sum <= row.Upper;
    }

    [Fact]
    public void Relaxation_TwoPackagesSpreadOverDisjointNations_PayAWholeBorderOnlyInTheLeafForm()
    {
        // Four nations, one company each, able to do both packages; one interface between them.
        var problem = new WorkshareProblem(
            "leaf",
            [new("AA", 0.25), new("BB", 0.25), new("CC", 0.25), new("DD", 0.25)],
            0.5,
            [new("a", "A", 10, ["c"], "s1", null), new("b", "B", 10, ["c"], "s2", null)],
            [new("ka", "KA", "AA", ["c"], 100, 1), new("kb", "KB", "BB", ["c"], 100, 1), new("kc", "KC", "CC", ["c"], 100, 1), new("kd", "KD", "DD", ["c"], 100, 1)],
            [new("a", "b", 1)]);
        var options = new WorkshareOptions(WorkshareMode.Integrated, Lambda: 1, TimeLimitSeconds: 5, Workers: 1);
        var setup = new WorkshareSetup(problem, options);

        // a half in AA and half in BB; b half in CC and half in DD: the least y each form allows.
        double LeastBorder(WorkshareModel model)
        {
            var x = new double[model.Columns.Count];
            foreach (var (company, column) in model.X[0])
            {
                x[column] = company <= 1 ? 0.5 : 0;
            }
            foreach (var (company, column) in model.X[1])
            {
                x[column] = company >= 2 ? 0.5 : 0;
            }
            var (y, _, _) = model.Borders.Single();
            // Leaves take their least values, then y the largest row's demand.
            foreach (var (v, p, q, n) in model.BorderLeaves)
            {
                x[v] = Math.Max(0, model.X[p].Where(t => setup.CompanyNation[t.Company] == n).Sum(t => x[t.Column])
                    - model.X[q].Where(t => setup.CompanyNation[t.Company] == n).Sum(t => x[t.Column]));
            }
            return model.Rows.Where(r => r.Terms.Any(t => t.Column == y) && r.Upper == 0)
                .Max(r => r.Terms.Where(t => t.Column != y).Sum(t => t.Value * x[t.Column]));
        }

        Assert.Equal(0.5, LeastBorder(new WorkshareModel(setup, WorkshareMode.Integrated, explain: false)), 9);
        Assert.Equal(1.0, LeastBorder(new WorkshareModel(setup, WorkshareMode.Integrated, explain: false, leafBorders: true)), 9);
    }
}
