using CsCheck;
using Musubi.Engines.Matching;
using static Musubi.Engines.Tests.Matching.MatchingFixture;

namespace Musubi.Engines.Tests.Matching;

/// <summary>Properties over generated worlds of facilities: contributions sum to the score; an invisible supplier changes nothing; rankings are deterministic.</summary>
public sealed class MatchingPropertyTests
{
    private static readonly string[] Codes = ["PROP", "PROP.SRM", "PROP.SRM.CASE", "ELEC", "ELEC.HARN"];
    private static readonly string[] Countries = ["JP", "US", "DE", "KR"];
    private static readonly string[] Words = ["solid", "rocket", "motor", "case", "harness", "wire", "composite", "固体", "ロケット", "ハーネス", "machining", "test"];
    private static readonly string[] Kinds = ["AS9100", "JIS Q 9100", "ISO 9001", "Facility clearance"];

    private static readonly Gen<SupplierCapability> Capability =
        Gen.Select(Gen.OneOf(Codes), Gen.Int[-5, 50].Select(Maybe), Gen.Int[-5, 80].Select(Maybe), Gen.OneOf(Words).Array[0, 4], Gen.Int[0, 4], Gen.Int[-400, 440].Select(d => d > 400 ? (int?)null : d))
            .Select((code, actual, max, words, key, validTo) => new SupplierCapability(code, actual, max, null,
                validTo is { } d ? AsOf.AddDays(d) : null, string.Join(' ', words), key == 4 ? Hidden : key % 2));

    private static int? Maybe(int value) => value < 0 ? null : value;

    private static readonly Gen<Func<int, bool, SupplierFacility>> FacilityGen =
        Gen.Select(Gen.OneOf(Countries), Capability.Array[1, 3], Gen.OneOf(Kinds).Array[0, 2], Gen.Int[0, 3], Gen.Bool, Gen.Int[0, 4])
            .Select((country, caps, kinds, programs, hit, key) => new Func<int, bool, SupplierFacility>((index, hidden) => new SupplierFacility(
                $"org-{(hidden ? "h" : string.Empty)}{index / 2}", $"Org {index}", null, country, $"{(hidden ? "h" : "f")}{index:D3}", $"Plant {index}", country, caps,
                [.. kinds.Select(k => new SupplierCertification(k, null, null, null))],
                [.. Enumerable.Range(0, programs).Select(p => new PastEngagement($"prog-{p}", $"Program {p} rocket", "award", null, p == 2 ? Hidden : 0))],
                hit && index % 5 == 0, null, hidden ? Hidden : (key == 4 ? 1 : 0))));

    private static Gen<List<SupplierFacility>> Worlds(int min, int max, bool hidden) =>
        FacilityGen.Array[min, max].Select(makers => makers.Select((make, i) => make(hidden ? 900 + i : i, hidden)).ToList());

    private static readonly Gen<List<SupplierFacility>> World = Worlds(2, 25, hidden: false);

    private static readonly Gen<RequirementDocument> Requirement =
        Gen.Select(Gen.OneOf(Codes).Array[1, 2], Gen.OneOf(Words).Array[1, 6], Gen.OneOf(Countries).Array[0, 2], Gen.Int[-20, 500].Select(Maybe), Gen.Int[-30, 700], Gen.OneOf(Kinds).Array[0, 1])
            .Select((codes, words, nations, quantity, days, certs) => R1 with
            {
                CapabilityCodes = codes,
                Title = string.Join(' ', words),
                TitleJa = string.Join(string.Empty, words.Reverse()),
                Description = null,
                DescriptionJa = null,
                ProgramNations = nations,
                Quantity = quantity,
                NeedBy = AsOf.AddDays(days),
                RequiredCertifications = certs,
                ProgramId = "prog-1",
            });

    private static bool SeeEvenKeys(int key) => key != Hidden && key % 2 == 0;

    private static TransferLookup Table => (from, to, _) => (from, to) switch
    {
        ("DE", "US") => new TransferFact(TransferFactVerdict.Prohibited, "Prohibited.", null, []),
        ("KR", _) => new TransferFact(TransferFactVerdict.Unknown, "Unknown.", null, []),
        _ => new TransferFact(TransferFactVerdict.Permitted, "Permitted.", null, []),
    };

    private static SupplierRanking Rank(IReadOnlyList<SupplierFacility> world, RequirementDocument requirement, MatchWeights? weights = null, Func<int, bool>? see = null)
    {
        using var index = new SupplierIndex(Taxonomy(), world);
        return Matcher.RankSuppliers(index, requirement, Table, new MatchOptions(AsOf, 1000, true, weights, see ?? SeeEvenKeys));
    }

    [Fact]
    public void ContributionsSumToTheScore()
    {
        var weights = Gen.Select(Gen.Double[0, 3], Gen.Double[0, 3], Gen.Double[0, 3], Gen.Double[0, 3], Gen.Double[0.01, 3])
            .Select((a, b, c, d, e) => new MatchWeights(a, b, c, d, e));
        Gen.Select(World, Requirement, weights).Sample((world, requirement, w) =>
        {
            var ranking = Rank(world, requirement, w);
            foreach (var m in ranking.Results)
            {
                var scores = m.Explanation.Where(r => r.Kind == ReasonKind.Score).ToList();
                Assert.Equal(5, scores.Count);
                Assert.Equal(1.0, scores.Sum(r => r.Weight!.Value), 9);
                Assert.Equal(m.Score, scores.Sum(r => r.Contribution!.Value), 12);
                Assert.All(scores, r => Assert.InRange(r.Value!.Value, 0.0, 1.0));
                Assert.InRange(m.Score, 0.0, 1.0 + 1e-12);
            }

            Assert.Equal(ranking.Eligible, ranking.Results.Count);
            Assert.Equal(ranking.Candidates, ranking.Eligible + ranking.Excluded.Count);
            Assert.All(ranking.Excluded, e => Assert.False(e.Reasons[0].Passed));
        }, iter: 150);
    }

    [Fact]
    public void AnInvisibleSupplierNeverChangesVisibleResults()
    {
        Gen.Select(World, Requirement, Worlds(1, 4, hidden: true)).Sample((world, requirement, extra) =>
        {
            var before = MatcherTests.Describe(Rank(world, requirement));
            var after = MatcherTests.Describe(Rank([.. world, .. extra], requirement));
            Assert.Equal(before, after);
        }, iter: 100);
    }

    [Fact]
    public void RankingIsDeterministicWhateverTheInputOrder()
    {
        Gen.Select(World, Requirement, Gen.Int).Sample((world, requirement, seed) =>
        {
            var shuffled = world.ToArray();
            new Random(seed).Shuffle(shuffled);
            Assert.Equal(MatcherTests.Describe(Rank(world, requirement)), MatcherTests.Describe(Rank(shuffled, requirement)));
        }, iter: 100);
    }

    [Fact]
    public void AReaderWhoSeesEverythingGetsASupersetOfCandidates()
    {
        Gen.Select(World, Requirement).Sample((world, requirement) =>
        {
            var some = Rank(world, requirement);
            var all = Rank(world, requirement, see: _ => true);
            Assert.True(all.Candidates >= some.Candidates);
            var visibleFacilities = world.Where(f => SeeEvenKeys(f.AccessKey)).Select(f => f.FacilityId).ToHashSet();
            Assert.All(some.Results, r => Assert.Contains(r.FacilityId, visibleFacilities));
            Assert.All(some.Excluded, r => Assert.Contains(r.FacilityId, visibleFacilities));
        }, iter: 100);
    }
}
