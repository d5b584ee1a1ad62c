using Musubi.Engines.Network;

namespace Musubi.Engines.Tests.Network;

/// <summary>
/// Critical units and pairs against brute force: every unit (and pair) removed in turn and feasibility recomputed by
/// a naive fixpoint written here, independent of the engine's propagation.
/// </summary>
public sealed class CriticalUnitsTests
{
    private static readonly string[] Countries = ["US", "JP", "CN", "DE"];

    [Fact]
    public void Thousands_of_random_networks_with_cycles_agree_with_brute_force()
    {
        var rng = new Random(20261201);
        var checkedItems = 0;
        var withCritical = 0;
        var withPairs = 0;
        var cyclic = 0;
        for (var n = 0; n < 3000; n++)
        {
            var g = RandomNetwork(rng);
            var network = g.Build();
            var kind = (UnitKind)rng.Next(5);
            foreach (var item in g.Parts.Where(p => p.EndItem))
            {
                var expected = BruteCritical(g, item.Id, kind, out var producible);
                var actual = CriticalUnits.Find(network, item.Id, kind);
                Assert.Equal(producible, actual.Producible);
                Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Critical.Select(c => c.Unit).Order(StringComparer.Ordinal));
                checkedItems++;
                withCritical += expected.Count > 0 ? 1 : 0;
                cyclic += actual.Cycles.Count > 0 ? 1 : 0;
                if (n % 3 == 0)
                {
                    var pairs = BrutePairs(g, item.Id, kind, expected);
                    var found = CriticalUnits.Pairs(network, item.Id, kind, top: int.MaxValue);
                    Assert.Equal(pairs.Order(StringComparer.Ordinal), found.Pairs.Select(p => p.First + " " + p.Second).Order(StringComparer.Ordinal));
                    withPairs += pairs.Count > 0 ? 1 : 0;
                }
            }
        }
        // The generator must exercise what it is meant to: critical units, pairs and cycles all occur.
        Assert.True(checkedItems > 2000, $"{checkedItems} items checked");
        Assert.True(withCritical > 300, $"{withCritical} items had critical units");
        Assert.True(withPairs > 100, $"{withPairs} items had critical pairs");
        Assert.True(cyclic > 100, $"{cyclic} items had cycles");
    }

    [Fact]
    public void A_cycle_with_an_outside_source_needs_that_source_and_one_without_produces_nothing()
    {
        // A needs X from B; B needs Y from A or C; C needs nothing. Only C starts the cycle: losing C stops A.
        var g = new Net();
        g.Org("org-a", "US").Org("org-b", "JP").Org("org-c", "DE");
        g.Part("item", endItem: true).Part("x").Part("y");
        g.Offer("A", "item", "org-a").Offer("B", "x", "org-b").Offer("C", "y", "org-c");
        g.Offer("A2", "y", "org-a");
        g.Input("A", "x").Input("B", "y").Input("A2", "item");
        g.Source("A", "x", "B").Source("B", "y", "C").Source("B", "y", "A2");
        var result = CriticalUnits.Find(g.Build(), "item", UnitKind.Organization);
        Assert.True(result.Producible);
        Assert.Equal(["organization:org-a", "organization:org-b", "organization:org-c"], result.Critical.Select(c => c.Unit).Order(StringComparer.Ordinal));
        Assert.NotEmpty(result.Cycles);
        Assert.Equal(result.Cycles[0][0], result.Cycles[0][^1]);

        // Without C the cycle cannot start.
        var h = new Net();
        h.Org("org-a", "US").Org("org-b", "JP");
        h.Part("item", endItem: true).Part("x").Part("y");
        h.Offer("A", "item", "org-a").Offer("B", "x", "org-b").Offer("A2", "y", "org-a");
        h.Input("A", "x").Input("B", "y").Input("A2", "item");
        var stuck = CriticalUnits.Find(h.Build(), "item", UnitKind.Organization);
        Assert.False(stuck.Producible);
        Assert.Empty(stuck.Critical);
    }

    [Fact]
    public void Every_critical_unit_is_explained_down_to_the_offer_in_it()
    {
        var g = new Net();
        g.Org("prime", "US").Org("seeker", "JP").Org("motor-1", "US").Org("motor-2", "DE");
        g.Part("missile", endItem: true).Part("seeker-head").Part("motor");
        g.Offer("o-missile", "missile", "prime").Offer("o-seeker", "seeker-head", "seeker");
        g.Offer("o-motor-1", "motor", "motor-1").Offer("o-motor-2", "motor", "motor-2");
        g.Input("o-missile", "seeker-head").Input("o-missile", "motor");
        var result = CriticalUnits.Find(g.Build(), "missile", UnitKind.Organization);
        Assert.Equal(["organization:prime", "organization:seeker"], result.Critical.Select(c => c.Unit));
        var seeker = result.Critical.Single(c => c.Unit == "organization:seeker");
        Assert.Equal(["missile", "seeker-head"], seeker.Why.Select(s => s.PartId));
        Assert.Equal("o-seeker", seeker.Why[^1].OfferId);
        Assert.Equal(1, seeker.Why[^1].ProducingSources);
        Assert.Contains("one producing source", seeker.Why[^1].Text, StringComparison.Ordinal);

        var pairs = CriticalUnits.Pairs(g.Build(), "missile", UnitKind.Organization);
        Assert.Equal(["organization:motor-1 organization:motor-2"], pairs.Pairs.Select(p => p.First + " " + p.Second));
    }

    [Fact]
    public void Dangling_references_and_impossible_values_are_all_named()
    {
        var g = new Net();
        g.Org("o1", "US").Part("p", endItem: true);
        g.Offers.Add(new NetworkOffer("x", "p", "no-such-facility", -1, 0, true));
        g.Inputs.Add(new NetworkInput("x", "ghost", 1));
        g.Inputs.Add(new NetworkInput("x", "p", 0));
        var error = Assert.Throws<NetworkInputException>(() => g.Build());
        Assert.Contains(error.Problems, p => p.Field == "facility_id" && p.Message.Contains("no-such-facility", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Field == "capacity_per_month");
        Assert.Contains(error.Problems, p => p.Field == "input_part_id" && p.Message.Contains("ghost", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Field == "quantity_per_unit");
        Assert.Throws<NetworkInputException>(() => CriticalUnits.Find(new Net().Org("o", "US").Part("p", endItem: true).Build(), "nothing", UnitKind.Offer));
    }

    private static List<string> BruteCritical(Net g, string item, UnitKind kind, out bool producible)
    {
        producible = NaiveProducible(g, item, _ => true);
        if (!producible)
        {
            return [];
        }
        var critical = new List<string>();
        foreach (var unit in g.Offers.Select(o => g.UnitOf(o, kind)).Distinct())
        {
            if (!NaiveProducible(g, item, o => g.UnitOf(o, kind) != unit))
            {
                critical.Add(unit);
            }
        }
        return critical;
    }

    private static List<string> BrutePairs(Net g, string item, UnitKind kind, List<string> critical)
    {
        var units = g.Offers.Select(o => g.UnitOf(o, kind)).Distinct().Where(u => !critical.Contains(u)).Order(StringComparer.Ordinal).ToList();
        var pairs = new List<string>();
        if (!NaiveProducible(g, item, _ => true))
        {
            return pairs;
        }
        for (var i = 0; i < units.Count; i++)
        {
            for (var j = i + 1; j < units.Count; j++)
            {
                var (a, b) = (units[i], units[j]);
                if (!NaiveProducible(g, item, o => g.UnitOf(o, kind) != a && g.UnitOf(o, kind) != b))
                {
                    pairs.Add(string.CompareOrdinal(a, b) < 0 ? a + " " + b : b + " " + a);
                }
            }
        }
        return pairs;
    }

    /// <summary>Least fixpoint by plain repetition: add every alive offer whose every input has a producing source, until nothing changes.</summary>
    private static bool NaiveProducible(Net g, string item, Func<NetworkOffer, bool> keep)
    {
        var producing = new HashSet<string>();
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var o in g.Offers)
            {
                if (producing.Contains(o.Id) || !o.Qualified || !keep(o))
                {
                    continue;
                }
                var ok = g.Inputs.Where(i => i.OfferId == o.Id).All(i =>
                {
                    var approved = g.Sources.Where(s => s.OfferId == o.Id && s.InputPartId == i.PartId).Select(s => s.SourceOfferId).ToList();
                    var candidates = approved.Count > 0 ? approved : g.Offers.Where(x => x.PartId == i.PartId && x.Qualified).Select(x => x.Id).ToList();
                    return candidates.Any(producing.Contains);
                });
                if (ok)
                {
                    producing.Add(o.Id);
                    changed = true;
                }
            }
        }
        return g.Offers.Any(o => o.PartId == item && producing.Contains(o.Id));
    }

    private static Net RandomNetwork(Random rng)
    {
        var g = new Net();
        var orgs = rng.Next(1, 6);
        for (var i = 0; i < orgs; i++)
        {
            g.Org($"org{i}", Countries[rng.Next(Countries.Length)]);
        }
        var facilities = rng.Next(1, 9);
        for (var i = 0; i < facilities; i++)
        {
            var org = g.Organizations[rng.Next(orgs)];
            g.Facilities.Add(new NetworkFacility($"fac{i}", org.Id, $"Facility {i}", org.Country, $"R{rng.Next(3)}"));
        }
        var parts = rng.Next(2, 9);
        for (var i = 0; i < parts; i++)
        {
            g.Part($"p{i}", endItem: i == 0 || rng.Next(6) == 0);
        }
        var offers = rng.Next(2, 31);
        for (var i = 0; i < offers; i++)
        {
            // Parts in a rough order so most inputs point "down", with some back edges for cycles.
            var part = i < parts ? i : rng.Next(parts);
            g.Offers.Add(new NetworkOffer($"o{i}", $"p{part}", $"fac{rng.Next(facilities)}", rng.Next(0, 50), rng.Next(0, 90), rng.NextDouble() < 0.85));
        }
        foreach (var o in g.Offers.ToList())
        {
            var part = int.Parse(o.PartId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            var inputs = rng.Next(0, 4);
            var chosen = new HashSet<int>();
            for (var k = 0; k < inputs; k++)
            {
                var input = rng.NextDouble() < 0.85 ? rng.Next(part + 1, parts + 1) : rng.Next(parts);
                if (input >= parts || !chosen.Add(input))
                {
                    continue;
                }
                g.Input(o.Id, $"p{input}");
                var makers = g.Offers.Where(x => x.PartId == $"p{input}").ToList();
                if (makers.Count > 0 && rng.NextDouble() < 0.6)
                {
                    foreach (var m in makers.Where(_ => rng.NextDouble() < 0.6))
                    {
                        g.Source(o.Id, $"p{input}", m.Id);
                    }
                }
            }
        }
        return g;
    }

    /// <summary>A small network under construction, kept as plain records for the brute force.</summary>
    private sealed class Net
    {
        public List<NetworkOrganization> Organizations { get; } = [];
        public List<NetworkFacility> Facilities { get; } = [];
        public List<NetworkPart> Parts { get; } = [];
        public List<NetworkOffer> Offers { get; } = [];
        public List<NetworkInput> Inputs { get; } = [];
        public List<NetworkSource> Sources { get; } = [];

        public Net Org(string id, string country)
        {
            Organizations.Add(new NetworkOrganization(id, id.ToUpperInvariant(), country));
            return this;
        }

        public Net Part(string id, bool endItem = false)
        {
            Parts.Add(new NetworkPart(id, id, endItem));
            return this;
        }

        /// <summary>An offer at a facility of its own in the organization's country.</summary>
        public Net Offer(string id, string part, string org)
        {
            var country = Organizations.Single(o => o.Id == org).Country;
            Facilities.Add(new NetworkFacility("fac-" + id, org, "Facility " + id, country, "R1"));
            Offers.Add(new NetworkOffer(id, part, "fac-" + id, 10, 30, true));
            return this;
        }

        public Net Input(string offer, string part)
        {
            Inputs.Add(new NetworkInput(offer, part, 1));
            return this;
        }

        public Net Source(string offer, string part, string source)
        {
            Sources.Add(new NetworkSource(offer, part, source));
            return this;
        }

        public string UnitOf(NetworkOffer o, UnitKind kind)
        {
            var f = Facilities.Single(x => x.Id == o.FacilityId);
            return kind switch
            {
                UnitKind.Offer => "offer:" + o.Id,
                UnitKind.Facility => "facility:" + f.Id,
                UnitKind.Organization => "organization:" + f.OrganizationId,
                UnitKind.Country => "country:" + f.Country,
                _ => $"region:{f.Country}-{f.Region}",
            };
        }

        public SupplyNetwork Build() => SupplyNetwork.Build(Organizations, Facilities, Parts, Offers, Inputs, Sources);
    }
}
