using Musubi.Engines.Optimization.Workshare;
using static Musubi.Engines.Tests.Workshare.WorkshareHandSolvedTests;

namespace Musubi.Engines.Tests.Workshare;

/// <summary>
/// The deviation columns as the LP solvers take them (ADR 0041): in a unit of a power of ten near the median package's
/// work, and continuous, in HiGHS' model and in the exported files alike; the integer model (CP-SAT, the searches)
/// keeps them whole; HiGHS' values come back as whole units that keep their rows; and the optimum is the one the hand
/// gives.
/// </summary>
[Collection(HighsCollection.Name), HighsTurn]
public sealed class WorkshareDeviationScaleTests
{
    // Packages of $3.2M, $1.5M and $0.9M, all in whole units: the median is 1.5M units of $1 at most, so the scale is a
    // power of ten between 10 and 1,000,000, whatever the unit r is.
    private static WorkshareProblem ThreePackages() =>
        Program([("US", 0.5), ("JP", 0.5)], 0.5, [Wp("A", 3_200_000), Wp("B", 1_500_000), Wp("C", 900_000)],
            [Co("us1", "US"), Co("jp1", "JP", 1.1)]);

    private static (WorkshareSetup Setup, WorkshareModel Model) Build(WorkshareProblem problem, WorkshareOptions options)
    {
        var setup = new WorkshareSetup(problem, options);
        return (setup, new WorkshareModel(setup, options.Mode, explain: false));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(9, 1)]
    [InlineData(10, 10)]
    [InlineData(999, 100)]
    [InlineData(1_500_000, 1_000_000)]
    [InlineData(long.MaxValue, 1_000_000_000_000_000_000)]
    public void The_scale_is_the_largest_power_of_ten_not_above_the_value(long value, long expected) =>
        Assert.Equal(expected, WorkshareModel.PowerOfTenAtMost(value));

    [Fact]
    public void Deviation_columns_are_scaled_by_a_power_of_ten_at_most_the_median_package_and_continuous_for_the_LP_solvers()
    {
        var (setup, model) = Build(ThreePackages(), Options());
        var median = setup.Units.Order().ElementAt(1);
        Assert.Equal(WorkshareModel.PowerOfTenAtMost(median), model.DeviationScale);
        Assert.True(model.DeviationScale > 1 && model.DeviationScale <= median && model.DeviationScale * 10 > median);
        foreach (var d in model.Deviation)
        {
            Assert.Equal(model.DeviationScale, model.Columns[d].Scale);
        }
        Assert.All(model.X.SelectMany(x => x), x => Assert.Equal(1, model.Columns[x.Column].Scale));

        var highs = new WorkshareHighsModel(model);
        var d0 = model.Deviation[0];
        Assert.Equal(0, highs.Integrality[d0]);
        Assert.Equal(1, highs.Integrality[model.X[0][0].Column]);
        Assert.Equal(model.Objective[d0] * (double)model.DeviationScale, highs.Cost[d0]);
        Assert.Equal(model.Columns[d0].Upper / (double)model.DeviationScale, highs.ColUpper[d0]);
        // In every row, the deviation column's coefficient is multiplied by the scale.
        for (var r = 0; r < model.Rows.Count; r++)
        {
            foreach (var (column, value) in model.Rows[r].Terms)
            {
                var at = Array.IndexOf(highs.Index, column, highs.Start[r]);
                Assert.Equal((double)value * model.Columns[column].Scale, highs.Elements[at]);
            }
        }

        var lp = WorkshareAllocator.ExportLp(ThreePackages(), Options());
        var generals = lp[lp.IndexOf("Generals", StringComparison.Ordinal)..];
        Assert.DoesNotContain("d_0", generals, StringComparison.Ordinal);
        Assert.Contains($"over_0: + {model.DeviationScale} d_0", lp, StringComparison.Ordinal);
        var mps = WorkshareAllocator.ExportMps(ThreePackages(), Options());
        Assert.Contains("MARKER  'MARKER'  'INTEND'", mps, StringComparison.Ordinal);
    }

    [Fact]
    public void HiGHS_values_come_back_as_whole_units_that_keep_their_rows()
    {
        var (_, model) = Build(ThreePackages(), Options());
        var highs = new WorkshareHighsModel(model);
        var scale = (double)model.DeviationScale;
        var values = new double[model.Columns.Count];
        var d = model.Deviation[0];
        var x = model.X[0][0].Column;
        values[x] = 1 - 1e-9;
        // 1,234 units, a tenth of a unit short (within HiGHS' tolerance on the scaled row): back as 1,234.
        values[d] = (1234 - 0.1) / scale;
        var back = highs.ModelValues(values);
        Assert.Equal(1, back[x]);
        Assert.Equal(1234, back[d]);
        values[d] = (1234 + 1e-9) / scale;
        Assert.Equal(1234, highs.ModelValues(values)[d]);
        values[d] = 1234.5 / scale;
        Assert.Equal(1235, highs.ModelValues(values)[d]);
        Assert.Equal(1234 / scale, highs.HighsValues([.. Enumerable.Range(0, values.Length).Select(c => c == d ? 1234L : 0L)])[d]);
    }

    // US 0.5, JP 0.5, tolerance 0.5 (no band), μ = 1, C = $5.6M, targets $2.8M each; us1 at factor 1, jp1 at 1.1.
    // Cost + deviation of the eight allocations ($M): all US 5.6 + 5.6; all JP 6.16 + 5.6; A→JP 5.92 + 0.8;
    // A→US, B and C→JP 5.84 + 0.8 = 6.64; C alone→JP 5.69 + 3.8; B alone→JP 5.75 + 2.6; C alone→US 6.07 + 3.8;
    // B alone→US 6.01 + 2.6. The least: A→us1, B and C→jp1, $6,640,000.
    [Fact]
    public void The_optimum_with_deviations_is_the_hands()
    {
        var r = WorkshareAllocator.Allocate(ThreePackages(), Options(mu: 1));
        Assert.Equal("optimal", r.Status);
        Assert.Equal(6_640_000, r.Objective!.Value, 6);
        Assert.Equal("us1", r.Allocation.Single(a => a.WorkPackage == "A").Company);
    }

    [Fact]
    public void The_sub_problems_model_keeps_every_column_an_integer_in_units_and_has_the_hands_optimum()
    {
        // The neighbourhood search's sub-problems take the model in whole units (ADR 0042): no column scaled, the
        // deviations integers with the model's bounds, the rows the model's own; solved whole, the hand's optimum.
        var (setup, model) = Build(ThreePackages(), Options(mu: 1));
        var units = new WorkshareHighsModel(model, unitDeviations: true);
        Assert.True(units.UnitDeviations);
        Assert.All(units.Scales, scale => Assert.Equal(1, scale));
        Assert.All(units.Integrality, integer => Assert.Equal(1, integer));
        var d0 = model.Deviation[0];
        Assert.Equal(model.Columns[d0].Upper, units.ColUpper[d0]);
        Assert.Equal(model.Objective[d0], units.Cost[d0]);
        Assert.Equal(model.Rows.Sum(r => r.Terms.Count), units.Elements.Length);
        Assert.Equal(model.Rows.SelectMany(r => r.Terms.Select(t => (double)t.Value)), units.Elements);

        using var highs = units.Create(1, 30);
        Assert.Equal(Musubi.Engines.Optimization.HighsMip.StatusOptimal, highs.Run());
        var values = units.ModelValues(highs.Solution(units.Cost.Length));
        Assert.True(WorksharePolish.Satisfies(model, values));
        var choice = WorksharePolish.Choice(model, values);
        Assert.Equal(6_640_000m, WorksharePolish.Units(model, WorksharePolish.Complete(setup, model, choice)) * model.ObjectiveUnitUsd);
    }
}
