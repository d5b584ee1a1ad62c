using System.Globalization;
using Musubi.Core.Features.Generate;

namespace Musubi.Core.Tests.Generate;

public sealed class SyntheticPackageGeneratorTests : IDisposable
{
    private static readonly (string File, string Header)[] Headers =
    [
        ("organizations.csv", "id,name,country,kind"),
        ("facilities.csv", "id,organization_id,name,country,region"),
        ("parts.csv", "id,name,end_item,weapon,usml,eccn"),
        ("offers.csv", "id,part_id,facility_id,capacity_per_month,lead_time_days,unit_cost_usd,qualified,qualification_months,qualification_cost_usd"),
        ("offer_inputs.csv", "offer_id,input_part_id,quantity_per_unit"),
        ("approved_sources.csv", "offer_id,input_part_id,source_offer_id"),
    ];

    private static readonly GeneratorOptions Small = new() { Organizations = 80, Parts = 3000, Tiers = 5, Seed = 7 };

    private readonly string root = Path.Combine(Path.GetTempPath(), "musubi-generate-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Write_SameSeed_ProducesIdenticalBytes()
    {
        var options = Small with { CycleShare = 0.01 };
        SyntheticPackageGenerator.Write(options, Path.Combine(root, "a"));
        SyntheticPackageGenerator.Write(options, Path.Combine(root, "b"));

        foreach (var (file, _) in Headers)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(root, "a", file)), File.ReadAllBytes(Path.Combine(root, "b", file)));
        }
    }

    [Fact]
    public void Write_DifferentSeed_ProducesDifferentFiles()
    {
        SyntheticPackageGenerator.Write(Small, Path.Combine(root, "a"));
        SyntheticPackageGenerator.Write(Small with { Seed = 8 }, Path.Combine(root, "b"));

        foreach (var file in new[] { "organizations.csv", "parts.csv", "offers.csv", "offer_inputs.csv", "approved_sources.csv" })
        {
            Assert.False(
                File.ReadAllBytes(Path.Combine(root, "a", file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(root, "b", file))),
                file + " did not change with the seed");
        }
    }

    [Fact]
    public void Write_SmallPackage_WritesExactHeadersAndPlainRows()
    {
        SyntheticPackageGenerator.Write(Small, root);

        foreach (var (file, header) in Headers)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(root, file));
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, file + " starts with a BOM");
            string text = System.Text.Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain('\r', text);
            Assert.DoesNotContain('"', text);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            string[] lines = text[..^1].Split('\n');
            Assert.Equal(header, lines[0]);
            int columns = header.Split(',').Length;
            Assert.All(lines.Skip(1), line => Assert.Equal(columns, line.Split(',').Length));
        }
    }

    [Fact]
    public void Write_SmallPackage_SummaryMatchesRowCounts()
    {
        var summary = SyntheticPackageGenerator.Write(Small, root);
        var package = Package.Load(root);

        Assert.Equal(Small.Organizations, package.Organizations.Count);
        Assert.Equal(summary.Facilities, package.Facilities.Count);
        Assert.Equal(Small.Parts, package.Parts.Count);
        Assert.Equal(summary.Offers, package.Offers.Count);
        Assert.Equal(summary.OfferInputs, package.OfferInputs.Count);
        Assert.Equal(summary.ApprovedSources, package.ApprovedSources.Count);
        Assert.True(summary.ApprovedSources > 0);
    }

    [Fact]
    public void Write_SmallPackage_EveryReferenceResolves()
    {
        SyntheticPackageGenerator.Write(Small with { CycleShare = 0.02 }, root);
        var package = Package.Load(root);

        var organizations = UniqueIds(package.Organizations, "organizations");
        var facilities = UniqueIds(package.Facilities, "facilities");
        var parts = UniqueIds(package.Parts, "parts");
        var offers = UniqueIds(package.Offers, "offers");
        Assert.All(package.Facilities, f => Assert.Equal(organizations[f[1]][2], f[3])); // same country as its organization
        Assert.All(package.Offers, o =>
        {
            Assert.True(parts.ContainsKey(o[1]), o[1]);
            Assert.True(facilities.ContainsKey(o[2]), o[2]);
        });

        var pairs = new HashSet<(string Offer, string Input)>();
        foreach (var row in package.OfferInputs)
        {
            Assert.True(offers.ContainsKey(row[0]), row[0]);
            Assert.True(parts.ContainsKey(row[1]), row[1]);
            Assert.True(decimal.Parse(row[2], CultureInfo.InvariantCulture) > 0);
            Assert.True(pairs.Add((row[0], row[1])), "duplicate input " + row[1] + " on " + row[0]);
        }

        var approved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in package.ApprovedSources)
        {
            Assert.Contains((row[0], row[1]), pairs);
            Assert.True(offers.TryGetValue(row[2], out var source), row[2]);
            Assert.Equal(row[1], source[1]); // the source offer makes the input part
            Assert.True(approved.Add(string.Join(',', row)), "duplicate approved source " + string.Join(',', row));
        }
    }

    [Fact]
    public void Write_ZeroCycleShare_BomIsAcyclic()
    {
        SyntheticPackageGenerator.Write(Small with { Parts = 6000, OffersPerPart = 3 }, root);

        Assert.Null(FindCycle(Package.Load(root).Bom()));
    }

    [Fact]
    public void Write_PositiveCycleShare_BomHasCycle()
    {
        SyntheticPackageGenerator.Write(Small with { CycleShare = 0.0001 }, root);

        var cycle = FindCycle(Package.Load(root).Bom());

        Assert.NotNull(cycle);
        Assert.True(cycle.Count >= 2);
    }

    [Fact]
    public void Write_RequestedTiers_EndItemReachesDeepestTier()
    {
        foreach (int tiers in new[] { 2, 3, 5, 8 })
        {
            SyntheticPackageGenerator.Write(Small with { Tiers = tiers }, Path.Combine(root, tiers.ToString(CultureInfo.InvariantCulture)));
            var package = Package.Load(Path.Combine(root, tiers.ToString(CultureInfo.InvariantCulture)));
            var bom = package.Bom();
            var depth = new Dictionary<string, int>(StringComparer.Ordinal);

            int deepest = package.Parts.Where(p => p[2] == "true").Max(p => Depth(p[0], bom, depth));

            Assert.True(deepest >= tiers - 1, $"{tiers} tiers: deepest path from an end item has {deepest} levels");
        }
    }

    [Fact]
    public void Write_AutomaticEndItems_OnlyUnconsumedEndItemsMadeByPrimes()
    {
        SyntheticPackageGenerator.Write(Small with { Parts = 8000 }, root);
        var package = Package.Load(root);

        var endItems = package.Parts.Where(p => p[2] == "true").Select(p => p[0]).ToHashSet(StringComparer.Ordinal);
        var primes = package.Organizations.Where(o => o[3] == "prime").Select(o => o[0]).ToHashSet(StringComparer.Ordinal);
        var primeFacilities = package.Facilities.Where(f => primes.Contains(f[1])).Select(f => f[0]).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(4, endItems.Count); // 8000 / 2000
        Assert.DoesNotContain(package.OfferInputs, row => endItems.Contains(row[1]));
        Assert.All(package.Offers.Where(o => endItems.Contains(o[1])), o => Assert.Contains(o[2], primeFacilities));
        Assert.All(package.Parts.Where(p => p[2] == "false"), p => Assert.Equal("false", p[3])); // weapon only on end items
    }

    [Fact]
    public void Write_DefaultShares_SingleSourceShareWithinTolerance()
    {
        foreach (double share in new[] { 0.15, 0.4 })
        {
            string directory = Path.Combine(root, share.ToString(CultureInfo.InvariantCulture));
            SyntheticPackageGenerator.Write(Small with { Parts = 6000, SingleSourceShare = share, OffersPerPart = 3 }, directory);
            var package = Package.Load(directory);

            var qualified = package.Offers.Where(o => o[6] == "true").GroupBy(o => o[1], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            double singleSourced = package.Parts.Count(p => qualified.GetValueOrDefault(p[0]) == 1) / (double)package.Parts.Count;
            double qualifiedShare = package.Offers.Count(o => o[6] == "true") / (double)package.Offers.Count;

            Assert.InRange(singleSourced, share - 0.03, share + 0.03);
            Assert.All(package.Parts, p => Assert.True(qualified.GetValueOrDefault(p[0]) >= 1, p[0] + " has no qualified offer"));
            Assert.InRange(qualifiedShare, 0.85, 0.95);
        }
    }

    [Fact]
    public void Write_UnqualifiedOffers_MostlyCarryQualificationMonthsAndCost_QualifiedOnesNone()
    {
        SyntheticPackageGenerator.Write(Small with { OffersPerPart = 3 }, root);
        var package = Package.Load(root);

        var unqualified = package.Offers.Where(o => o[6] == "false").ToList();
        Assert.True(unqualified.Count > 100, "too few unqualified offers to judge: " + unqualified.Count);
        Assert.All(package.Offers.Where(o => o[6] == "true"), o => Assert.Equal(("", ""), (o[7], o[8])));
        var known = unqualified.Where(o => o[7].Length > 0).ToList();
        Assert.InRange(known.Count / (double)unqualified.Count, 0.8, 0.97); // about 10% are left unknown
        Assert.All(unqualified.Where(o => o[7].Length == 0), o => Assert.Equal("", o[8]));
        Assert.All(known, o =>
        {
            Assert.InRange(int.Parse(o[7], CultureInfo.InvariantCulture), 6, 24);
            long cost = long.Parse(o[8], CultureInfo.InvariantCulture);
            Assert.InRange(cost, 40_000, 20_000_000);
            Assert.Equal(0, cost % 1000);
        });
        Assert.True(known.Select(o => o[7]).Distinct(StringComparer.Ordinal).Count() > 10, "months should vary");
    }

    [Fact]
    public void Write_DoubledParts_CountsScaleLinearly()
    {
        var one = SyntheticPackageGenerator.Write(Small with { Parts = 5000 }, Path.Combine(root, "a"));
        var two = SyntheticPackageGenerator.Write(Small with { Parts = 10000 }, Path.Combine(root, "b"));

        Assert.InRange(two.Offers / (double)one.Offers, 1.9, 2.1);
        Assert.InRange(two.OfferInputs / (double)one.OfferInputs, 1.85, 2.15);
        Assert.InRange(two.ApprovedSources / (double)one.ApprovedSources, 1.85, 2.15);
        Assert.InRange(one.Offers / 5000.0, 1.9, 2.1); // OffersPerPart = 2
    }

    [Fact]
    public void Write_ThousandOrganizations_CountryMixHasAdversarySources()
    {
        SyntheticPackageGenerator.Write(Small with { Organizations = 2000, Parts = 100 }, root);
        var package = Package.Load(root);

        double Share(params string[] countries) => package.Organizations.Count(o => countries.Contains(o[2])) / 2000.0;

        Assert.InRange(Share("US"), 0.40, 0.50);
        Assert.InRange(Share("JP"), 0.20, 0.30);
        Assert.InRange(Share("CN", "RU"), 0.03, 0.08);
        Assert.All(package.Organizations.Where(o => o[2] is "CN" or "RU"), o => Assert.Equal("supplier", o[3]));
        Assert.Contains(package.Facilities, f => f[3] == "JP" && f[4] == "Aichi");
    }

    private static Dictionary<string, string[]> UniqueIds(List<string[]> rows, string file)
    {
        var byId = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            Assert.True(byId.TryAdd(row[0], row), $"duplicate id {row[0]} in {file}");
        }

        return byId;
    }

    private static int Depth(string part, Dictionary<string, HashSet<string>> bom, Dictionary<string, int> memo)
    {
        if (memo.TryGetValue(part, out int known))
        {
            return known;
        }

        int depth = bom.TryGetValue(part, out var inputs) ? 1 + inputs.Max(i => Depth(i, bom, memo)) : 0;
        memo[part] = depth;
        return depth;
    }

    /// <summary>Depth-first search with three colours; returns the parts on the first cycle found, or null.</summary>
    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> bom)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the stack, 2 = done
        var path = new List<string>();

        List<string>? Visit(string part)
        {
            state[part] = 1;
            path.Add(part);
            foreach (var input in bom.GetValueOrDefault(part) ?? [])
            {
                int s = state.GetValueOrDefault(input);
                if (s == 1)
                {
                    return path[path.IndexOf(input)..];
                }

                if (s == 0 && Visit(input) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[part] = 2;
            return null;
        }

        foreach (var part in bom.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(part) == 0 && Visit(part) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    private sealed record Package(
        List<string[]> Organizations, List<string[]> Facilities, List<string[]> Parts,
        List<string[]> Offers, List<string[]> OfferInputs, List<string[]> ApprovedSources)
    {
        public static Package Load(string directory)
        {
            List<string[]> Rows(string file) =>
                File.ReadLines(Path.Combine(directory, file)).Skip(1).Select(line => line.Split(',')).ToList();

            return new Package(
                Rows("organizations.csv"), Rows("facilities.csv"), Rows("parts.csv"),
                Rows("offers.csv"), Rows("offer_inputs.csv"), Rows("approved_sources.csv"));
        }

        /// <summary>Part → the parts its offers consume.</summary>
        public Dictionary<string, HashSet<string>> Bom()
        {
            var partOfOffer = Offers.ToDictionary(o => o[0], o => o[1], StringComparer.Ordinal);
            var bom = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var row in OfferInputs)
            {
                string part = partOfOffer[row[0]];
                if (!bom.TryGetValue(part, out var inputs))
                {
                    bom[part] = inputs = new HashSet<string>(StringComparer.Ordinal);
                }

                inputs.Add(row[1]);
            }

            return bom;
        }
    }
}
