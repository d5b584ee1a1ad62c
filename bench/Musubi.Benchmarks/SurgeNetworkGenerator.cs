using System.Globalization;
using System.Text;

namespace Musubi.Benchmarks;

/// <summary>What <see cref="SurgeNetworkGenerator.WritePackage"/> wrote.</summary>
internal sealed record SurgePackageSummary(int Organizations, int Facilities, int Parts, int Tiers, int Offers, int Unqualified, int InputRows, int ApprovedSourceRows)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Offers:N0} offers ({Unqualified:N0} unqualified) of {Parts:N0} parts in {Tiers} tiers below one end item, {InputRows:N0} offer inputs, {ApprovedSourceRows:N0} approved-source rows, {Organizations:N0} organizations with {Facilities:N0} facilities");
}

/// <summary>
/// A seeded supply-network package for the surge benchmark whose every part is upstream of its one end item, so the
/// planner's model spans the whole package (the issue's "10,000 offers, 50,000 approved-source edges" is then the size
/// of the model, not of a package most of which the plan never reads). Below the end item, five tiers of parts with
/// weights 1 : 3 : 9 : 20 : 30; every part of a tier is an input of some part of the tier above (so all of it is
/// reachable), and assemblies take one or two more inputs from the next tier or the one after. Two to six offers per
/// part (the first two qualified, later ones 85%; unqualified offers carry qualification months and cost); half of
/// the inputs name approved sources — a random subset of the input part's offers holding at least one qualified
/// offer, so every part can be made — the rest accept any qualified offer. Lead times 7–90 days (1–3 months), whole
/// quantities 1–3 per unit, capacities growing about 3.5× a tier down (about what a tier below consumes per unit above) with a random spread, so different tiers bind.
/// </summary>
/// <remarks>
/// Musubi's own package generator (<c>musubi generate</c>, SyntheticPackageGenerator) gives packages of this size, but
/// its end items reach only part of them: at 9,947 offers and 45,653 approved-source edges its seven producible end
/// items together have 2,892 producing offers and 6,749 edges upstream — a much smaller model than the issue's size.
/// </remarks>
internal static class SurgeNetworkGenerator
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly double[] TierWeights = [1, 3, 9, 20, 30];
    private static readonly (string Code, int Weight, string[] Regions)[] Countries =
    [
        ("US", 30, ["AZ", "AL", "TX", "CA", "FL", "MA", "CO", "OH"]),
        ("JP", 25, ["Aichi", "Tokyo", "Hyogo", "Kanagawa", "Nagasaki", "Gifu"]),
        ("KR", 6, ["KR-11", "KR-48"]),
        ("DE", 6, ["DE-BY", "DE-BW"]),
        ("GB", 6, ["GB-ENG", "GB-SCT"]),
        ("FR", 4, ["FR-IDF", "FR-OCC"]),
        ("TW", 5, ["TW-HSZ", "TW-TXG"]),
        ("AU", 3, ["AU-NSW", "AU-SA"]),
        ("CA", 3, ["CA-ON", "CA-QC"]),
        ("IT", 3, ["IT-25", "IT-21"]),
        ("IL", 2, ["IL-HA"]),
        ("CN", 4, ["CN-GD", "CN-JS"]),
    ];

    public static SurgePackageSummary WritePackage(string directory, int offerCount, int seed)
    {
        Directory.CreateDirectory(directory);
        var rng = new Random(seed);

        // Organizations and facilities: one organization per 30 offers, one or two facilities each.
        var organizations = Math.Max(4, offerCount / 30);
        var facilityCountry = new List<string>();
        using (var orgs = Open(directory, "organizations.csv", "id,name,country,kind"))
        using (var facs = Open(directory, "facilities.csv", "id,organization_id,name,country,region"))
        {
            var total = Countries.Sum(c => c.Weight);
            for (var i = 0; i < organizations; i++)
            {
                var roll = rng.Next(total);
                var c = 0;
                while (roll >= Countries[c].Weight)
                {
                    roll -= Countries[c].Weight;
                    c++;
                }
                var country = i == 0 ? Countries[0] : Countries[c];
                orgs.WriteLine(string.Create(Inv, $"org-{i:D5},Surge bench organization {i},{country.Code},{(i == 0 ? "prime" : "supplier")}"));
                for (var k = 0; k < 1 + rng.Next(2); k++)
                {
                    var region = country.Regions[rng.Next(country.Regions.Length)];
                    facs.WriteLine(string.Create(Inv, $"fac-{facilityCountry.Count:D5},org-{i:D5},Plant {facilityCountry.Count} {region},{country.Code},{region}"));
                    facilityCountry.Add(country.Code);
                }
            }
        }

        // Parts: the end item, then five tiers; about four offers per part.
        var parts = Math.Max(TierWeights.Length + 1, offerCount / 4);
        var tierSize = new int[TierWeights.Length + 1];
        tierSize[0] = 1;
        var weightSum = TierWeights.Sum();
        var left = parts - 1;
        for (var t = 1; t <= TierWeights.Length; t++)
        {
            tierSize[t] = t == TierWeights.Length ? left : Math.Max(1, (int)Math.Round((parts - 1) * TierWeights[t - 1] / weightSum));
            left -= tierSize[t];
        }
        var tierStart = new int[tierSize.Length + 1];
        for (var t = 0; t < tierSize.Length; t++)
        {
            tierStart[t + 1] = tierStart[t] + tierSize[t];
        }
        var tierOf = new int[parts];
        for (var t = 0; t < tierSize.Length; t++)
        {
            for (var p = tierStart[t]; p < tierStart[t + 1]; p++)
            {
                tierOf[p] = t;
            }
        }

        // Offers per part: 3 for the end item, 2–6 below, spread so the total is about offerCount.
        var offersOf = new int[parts];
        var firstOffer = new int[parts + 1];
        for (var p = 0; p < parts; p++)
        {
            offersOf[p] = p == 0 ? 3 : 2 + rng.Next(5);
            firstOffer[p + 1] = firstOffer[p] + offersOf[p];
        }
        var qualified = new bool[firstOffer[parts]];

        // Bills of materials: tier t+1 part j is an input of tier t part (j mod size t), plus one or two more.
        var bom = new List<(int Part, int Quantity)>[parts];
        for (var p = 0; p < parts; p++)
        {
            bom[p] = [];
        }
        for (var t = 0; t + 1 < tierSize.Length; t++)
        {
            for (var j = 0; j < tierSize[t + 1]; j++)
            {
                bom[tierStart[t] + (j % tierSize[t])].Add((tierStart[t + 1] + j, 1 + rng.Next(3)));
            }
            for (var p = tierStart[t]; p < tierStart[t + 1]; p++)
            {
                for (var extra = 1 + rng.Next(2); extra > 0; extra--)
                {
                    var deeper = t + 2 < tierSize.Length && rng.NextDouble() < 0.3 ? t + 2 : t + 1;
                    var input = tierStart[deeper] + rng.Next(tierSize[deeper]);
                    if (!bom[p].Any(b => b.Part == input))
                    {
                        bom[p].Add((input, 1 + rng.Next(3)));
                    }
                }
            }
        }

        var unqualified = 0;
        using (var prts = Open(directory, "parts.csv", "id,name,end_item,weapon,usml,eccn"))
        using (var offs = Open(directory, "offers.csv", "id,part_id,facility_id,capacity_per_month,lead_time_days,unit_cost_usd,qualified,qualification_months,qualification_cost_usd"))
        {
            for (var p = 0; p < parts; p++)
            {
                var t = tierOf[p];
                prts.WriteLine(p == 0 ? "part-00000,Surge bench end item,true,true,IV," : string.Create(Inv, $"part-{p:D5},Tier {t} part {p},false,false,,"));
                for (var k = 0; k < offersOf[p]; k++)
                {
                    var o = firstOffer[p] + k;
                    qualified[o] = k < 2 || rng.NextDouble() < 0.85;
                    var capacity = Math.Max(1, (int)Math.Round(10 * Math.Pow(3.5, t) * (0.3 + (1.2 * rng.NextDouble()))));
                    var cost = Math.Round(2e6 * Math.Pow(0.25, t) * (0.5 + rng.NextDouble()), 2);
                    var qualification = qualified[o] ? "," : string.Create(Inv, $"{6 + rng.Next(13)},{1000 * (100 + rng.Next(5000))}");
                    unqualified += qualified[o] ? 0 : 1;
                    offs.WriteLine(string.Create(Inv, $"off-{o:D6},part-{p:D5},fac-{rng.Next(facilityCountry.Count):D5},{capacity},{7 + rng.Next(84)},{cost},{(qualified[o] ? "true" : "false")},{qualification}"));
                }
            }
        }

        var inputRows = 0;
        var sourceRows = 0;
        using (var inputs = Open(directory, "offer_inputs.csv", "offer_id,input_part_id,quantity_per_unit"))
        using (var sources = Open(directory, "approved_sources.csv", "offer_id,input_part_id,source_offer_id"))
        {
            var chosen = new List<int>();
            for (var p = 0; p < parts; p++)
            {
                for (var o = firstOffer[p]; o < firstOffer[p + 1]; o++)
                {
                    foreach (var (input, quantity) in bom[p])
                    {
                        inputs.WriteLine(string.Create(Inv, $"off-{o:D6},part-{input:D5},{quantity}"));
                        inputRows++;
                        if (rng.NextDouble() >= 0.5)
                        {
                            continue;
                        }
                        chosen.Clear();
                        for (var s = firstOffer[input]; s < firstOffer[input + 1]; s++)
                        {
                            if (rng.NextDouble() < (qualified[s] ? 0.5 : 0.3))
                            {
                                chosen.Add(s);
                            }
                        }
                        if (!chosen.Any(s => qualified[s]))
                        {
                            chosen.Add(firstOffer[input] + rng.Next(2));
                        }
                        foreach (var s in chosen)
                        {
                            sources.WriteLine(string.Create(Inv, $"off-{o:D6},part-{input:D5},off-{s:D6}"));
                            sourceRows++;
                        }
                    }
                }
            }
        }
        return new SurgePackageSummary(organizations, facilityCountry.Count, parts, tierSize.Length, firstOffer[parts], unqualified, inputRows, sourceRows);
    }

    private static StreamWriter Open(string directory, string name, string header)
    {
        var w = new StreamWriter(Path.Combine(directory, name), false, new UTF8Encoding(false), 1 << 16)
        {
            NewLine = "\n",
        };
        w.WriteLine(header);
        return w;
    }
}
