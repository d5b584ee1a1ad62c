using Musubi.Engines.Optimization;

namespace Musubi.Engines.Tests;

/// <summary>Options as <c>name=value</c> text (the benchmark's <c>BENCH_WORKSHARE_PARAMS</c>, the allocator's extra options).</summary>
[Collection(HighsCollection.Name), HighsTurn]
public sealed class HighsMipOptionsTests
{
    [Fact]
    public void SetPairs_SetsEachByItsType_AndReturnsThePairsSet()
    {
        using var highs = new HighsMip();

        var set = highs.SetPairs(" random_seed=7 , mip_heuristic_effort=0.2,mip_heuristic_run_rins=false,, presolve=off");

        Assert.Equal(["random_seed=7", "mip_heuristic_effort=0.2", "mip_heuristic_run_rins=false", "presolve=off"], set);
        Assert.Equal(7, highs.GetInt("random_seed"));
        Assert.Empty(highs.SetPairs(null));
    }

    [Fact]
    public void SetPairs_UnknownOption_IsRefusedByName()
    {
        using var highs = new HighsMip();

        var e = Assert.Throws<InvalidOperationException>(() => highs.SetPairs("no_such_option=1"));
        Assert.Contains("no_such_option", e.Message, StringComparison.Ordinal);
    }
}
