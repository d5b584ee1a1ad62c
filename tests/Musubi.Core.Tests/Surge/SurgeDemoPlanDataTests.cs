using Musubi.Core.Data;
using Musubi.Core.Features.Network;
using Musubi.Core.Features.Surge;
using Musubi.Engines.Optimization.Surge;

namespace Musubi.Core.Tests.Surge;

/// <summary>
/// The demo's illustrative planning data (data/demo/surge, see its README): it reads without a problem, every offer,
/// part and facility it names is in the demo network, and it makes the demo's questions worth asking — the demand
/// outgrows today's rate and even every expansion, the expansions raise the steady-state rate, the offer that binds
/// today has a cheap option, and the stocks add deliveries.
/// </summary>
public sealed class SurgeDemoPlanDataTests
{
    private static string Demo(string folder) => Path.Combine(DatabaseSetup.DataDirectory, "demo", folder);

    [Fact]
    public void Demo_planning_data_reads_and_refers_only_to_the_demo_network()
    {
        var data = SurgePlanDataReader.Read(Demo("surge"));
        var network = NetworkPackageReader.Read(Demo("network"));

        Assert.Equal(19, data.Expansions.Count);
        Assert.Equal(6, data.Stocks.Count);
        Assert.Equal(3 * 120, data.Demand.Count);
        Assert.Empty(data.Check(network));
        Assert.Equal(["p-cca", "p-int", "p-suas"], data.Demand.Select(d => d.PartId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(data.Demand.Where(d => d.PartId == "p-int"), d => Assert.Equal(1, d.Priority));
        Assert.All(data.Demand.Where(d => d.PartId == "p-cca"), d => Assert.Equal(3, d.Priority));
        Assert.Equal(Enumerable.Range(1, 120), data.Demand.Where(d => d.PartId == "p-int").Select(d => d.Month));
    }

    [Fact]
    public void Demo_planning_data_makes_what_it_takes_worth_asking()
    {
        var data = SurgePlanDataReader.Read(Demo("surge"));
        var network = NetworkPackageReader.Read(Demo("network"));

        var today = SurgePlanner.Rate(network, ["p-int"], SurgeScenario.Baseline);
        var everything = SurgePlanner.Rate(network, ["p-int"], SurgeScenario.Baseline with { WithExpansions = true }, data.Expansions);

        // Today's rate (5 a month, the Elkton third stage) grows with the options, but the demand ramp outgrows both.
        Assert.Equal(5, today.MaxMonthlyRate, 6);
        Assert.True(everything.MaxMonthlyRate > today.MaxMonthlyRate + 2, $"every expansion gives {everything.MaxMonthlyRate} a month");
        var peakDemand = data.Demand.Where(d => d.PartId == "p-int").Max(d => d.Quantity);
        Assert.True(peakDemand > everything.MaxMonthlyRate, $"peak demand {peakDemand} is within {everything.MaxMonthlyRate}");
        Assert.Equal(5, data.Demand.First(d => d.PartId == "p-int" && d.Month == 1).Quantity);

        // The offer that binds today has both a cheap small option and an expensive large one.
        var binding = Assert.Single(today.Bottlenecks).OfferId;
        Assert.Equal("o-p-int-stg3--ng-elkton", binding);
        var options = data.Expansions.Where(e => e.OfferId == binding).ToList();
        Assert.Contains(options, e => e.CostUsd <= 15_000_000 && e.ExtraPerMonth <= 2);
        Assert.Contains(options, e => e.CostUsd >= 100_000_000 && e.ExtraPerMonth >= 5);

        // The stocks add to what the warm pipeline delivers: six finished rounds in month 1.
        var request = new SurgeRequest(["p-int"], 24, SurgeObjective.MaxDeliveries, SurgeScenario.Baseline);
        var without = SurgePlanner.Plan(network, request);
        var with = SurgePlanner.Plan(network, request with { Stocks = data.Stocks });
        Assert.Equal(without.Delivered + 6, with.Delivered, 6);
        Assert.Equal(11, with.Schedule.Single(d => d.Month == 1).Delivered, 6);
    }
}
