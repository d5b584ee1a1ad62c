using Musubi.Engines.Network;
using Musubi.Engines.Optimization;

namespace Musubi.Engines.Tests.Network;

/// <summary>Concentration figures, disruption impacts, recovery by qualification and the steady-state output on a network small enough to work out by hand.</summary>
public sealed class ConcentrationAndDisruptionTests
{
    // A missile (prime, US) needs 1 seeker (Japan, 30/month) and 2 motors: motor-1 (US, 10/month) and motor-2
    // (China, 20/month); an unqualified motor-3 (Germany, 40/month) qualifies in 9 months, an unqualified seeker-2
    // (US) in 18. The missile line makes 20 a month.
    private static SupplyNetwork Missile(bool withAlternatives = true)
    {
        NetworkOrganization[] orgs = [new("prime", "Prime", "US"), new("seeker", "Seeker KK", "JP"), new("m1", "Motor One", "US"), new("m2", "Motor Two", "CN"), new("m3", "Motor Three", "DE"), new("s2", "Seeker Two", "US")];
        NetworkFacility[] facilities = [.. orgs.Select(o => new NetworkFacility("f-" + o.Id, o.Id, o.Name + " works", o.Country, o.Country == "JP" ? "JP-23" : "R1"))];
        NetworkPart[] parts = [new("missile", "Missile", true), new("seeker-head", "Seeker", false), new("motor", "Motor", false)];
        var offers = new List<NetworkOffer>
        {
            new("o-missile", "missile", "f-prime", 20, 180, true),
            new("o-seeker", "seeker-head", "f-seeker", 30, 120, true),
            new("o-m1", "motor", "f-m1", 10, 90, true),
            new("o-m2", "motor", "f-m2", 20, 90, true),
        };
        if (withAlternatives)
        {
            offers.Add(new("o-m3", "motor", "f-m3", 40, 90, false, QualificationMonths: 9));
            offers.Add(new("o-s2", "seeker-head", "f-s2", 5, 90, false, QualificationMonths: 18));
        }
        NetworkInput[] inputs = [new("o-missile", "seeker-head", 1), new("o-missile", "motor", 2)];
        return SupplyNetwork.Build(orgs, facilities, parts, offers, inputs, []);
    }

    [Fact]
    public void Concentration_gives_shares_hhi_and_single_and_sole_source_parts_per_tier()
    {
        var result = Concentration.Analyze(Missile(), "missile", ConcentrationOptions.Default);
        var motor = result.Parts.Single(p => p.PartId == "motor");
        Assert.Equal(1, motor.Tier);
        Assert.Equal(30, motor.CapacityPerMonth);
        // Shares 1/3 and 2/3: HHI = 33.3² + 66.7² = 5,555.6.
        Assert.Equal(5555.6, motor.HhiByOrganization, 1);
        Assert.Equal(2.0 / 3, motor.AdversaryShare, 9);
        Assert.False(motor.SingleSource);
        Assert.False(motor.SoleSource);
        var seeker = result.Parts.Single(p => p.PartId == "seeker-head");
        Assert.Equal(10000, seeker.HhiByOrganization);
        Assert.True(seeker.SingleSource); // Seeker Two makes it too, unqualified
        Assert.False(seeker.SoleSource);
        Assert.True(Concentration.Analyze(Missile(withAlternatives: false), "missile", ConcentrationOptions.Default).Parts.Single(p => p.PartId == "seeker-head").SoleSource);
        var tier = Assert.Single(result.Tiers);
        Assert.Equal(2, tier.Parts);
        Assert.Equal(60, tier.CapacityPerMonth);
        Assert.Equal(20.0 / 60, tier.AdversaryShare, 9);
        Assert.Equal("JP", tier.ByCountry[0].Key); // 30 of 60
        var flagged = Concentration.Analyze(Missile(), "missile", new ConcentrationOptions([], ["m1"]));
        Assert.Equal(10.0 / 30, flagged.Parts.Single(p => p.PartId == "motor").FlaggedShare, 9);
        Assert.Equal(0, flagged.Parts.Single(p => p.PartId == "motor").AdversaryShare);
    }

    [Fact]
    public void Steady_state_output_is_bound_by_the_scarcest_input()
    {
        var network = Missile();
        // Motors: 30 a month at 2 per missile → 15 missiles (the seeker allows 30, the line 20).
        Assert.Equal(15, SteadyState.MaxOutput(network, null, "missile"), 6);
        var withoutChina = Feasibility.AliveWithout(network, [new UnitRef(UnitKind.Country, "CN")]);
        Assert.Equal(5, SteadyState.MaxOutput(network, withoutChina, "missile"), 6);
        var withoutJapan = Feasibility.AliveWithout(network, [new UnitRef(UnitKind.Country, "JP")]);
        Assert.Equal(0, SteadyState.MaxOutput(network, withoutJapan, "missile"), 6);
    }

    [Fact]
    public void Disruption_reports_stopped_items_lost_capacity_output_and_recovery()
    {
        var network = Missile();
        double Output(bool[] alive, string item) => SteadyState.MaxOutput(network, alive, item);

        var china = Disruption.Analyze(network, [new UnitRef(UnitKind.Country, "CN")], maxOutput: Output);
        var missile = Assert.Single(china.Items);
        Assert.True(missile.ProducibleAfter);
        Assert.Equal(15, missile.MaxMonthlyBefore!.Value, 6);
        Assert.Equal(5, missile.MaxMonthlyAfter!.Value, 6);
        var motor = Assert.Single(china.Parts);
        Assert.Equal(("motor", 30.0, 10.0, 1), (motor.PartId, motor.CapacityBefore, motor.CapacityAfter, motor.OffersLost));
        Assert.Equal(1, china.OffersRemoved);

        // Japan holds the only qualified seeker: the missile stops, and qualifying Seeker Two (18 months) restores it.
        var japan = Disruption.Analyze(network, [new UnitRef(UnitKind.Country, "JP")], maxOutput: Output);
        var stopped = Assert.Single(japan.Items);
        Assert.False(stopped.ProducibleAfter);
        Assert.Equal(0, stopped.MaxMonthlyAfter);
        Assert.Equal(18, stopped.RecoveryMonths);
        Assert.Equal(["o-s2"], stopped.Qualify);
        Assert.Contains(japan.Parts, p => p.PartId == "missile" && p.CapacityAfter == 0);

        // Both motor makers lost: Motor Three qualifies in 9 months.
        var motors = Disruption.Analyze(network, [new UnitRef(UnitKind.Organization, "m1"), new UnitRef(UnitKind.Organization, "m2")]);
        Assert.Equal(9, motors.Items[0].RecoveryMonths);
        Assert.Equal(["o-m3"], motors.Items[0].Qualify);
        Assert.Null(motors.Items[0].MaxMonthlyAfter); // no solver given

        // Without alternatives nothing restores it.
        var none = Disruption.Analyze(Missile(withAlternatives: false), [new UnitRef(UnitKind.Region, "JP-23")]);
        Assert.Null(none.Items[0].RecoveryMonths);
        Assert.Empty(none.Items[0].Qualify);

        var bad = Assert.Throws<NetworkInputException>(() => Disruption.Analyze(network, [new UnitRef(UnitKind.Country, "FR")], ["missile", "nothing"]));
        Assert.Equal(2, bad.Problems.Count);
    }
}
