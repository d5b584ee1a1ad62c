using Musubi.Engines.Optimization;

namespace Musubi.Engines.Tests;

/// <summary>The row duals of an LP solve (the benchmark's Lagrangian experiment prices capacity rows with them, ADR 0033).</summary>
[Collection(HighsCollection.Name), HighsTurn]
public sealed class HighsMipDualsTests
{
    [Fact]
    public void RowDuals_AreTheObjectivesRateOfChangeInEachRowsBound()
    {
        // min x + 2y  s.t.  x + y ≥ 3,  x ≤ 1,  x, y ≥ 0: x = 1, y = 2. Raising the first row's bound costs one more y
        // (+2); raising the second's lets one x replace one y (−1).
        using var highs = new HighsMip();
        highs.PassMinimize([1, 2], [0, 0], [10, 10], [3, double.NegativeInfinity], [double.PositiveInfinity, 1],
            [0, 2], [0, 1, 0], [1, 1, 1], [0, 0]);
        highs.Set("output_flag", false);

        Assert.Equal(HighsMip.StatusOptimal, highs.Run());

        var duals = highs.RowDuals(2);
        Assert.Equal(2, duals.Length);
        Assert.Equal(2, duals[0], 6);
        Assert.Equal(-1, duals[1], 6);
        Assert.Equal([1, 2], highs.Solution(2).Select(v => Math.Round(v, 6)));
    }
}
