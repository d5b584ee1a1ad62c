using Musubi.Engines.Matching;
using static Musubi.Engines.Tests.Matching.MatchingFixture;

namespace Musubi.Engines.Tests.Matching;

public sealed class MatcherTests
{
    private static readonly MatchWeights NoText = new(Text: 0);

    private static SupplierRanking Rank(List<SupplierFacility> facilities, MatchWeights? weights = null, bool excluded = true, TransferLookup? transfers = null, RequirementDocument? requirement = null)
    {
        using var index = new SupplierIndex(Taxonomy(), facilities);
        return Matcher.RankSuppliers(index, requirement ?? R1, transfers ?? TransferTable(), new MatchOptions(AsOf, 10, excluded, weights, CanSee));
    }

    /// <summary>
    /// Hand-worked with the text weight at 0 (weights 0.25/0.7, 0.20/0.7, 0.10/0.7, 0.15/0.7).
    /// Country HHI of PROP.SRM now: F1 JP 10 + F4 DE 30 (F8 no actual, F7 hidden) → shares .25/.75 → 0.625.
    /// F1: capability 1 (exact); capacity min(1, 20 × 6 / 120) = 1; diversification JP 30 / DE 30 → 0.5, (0.625 − 0.5)/0.625 = 0.2;
    ///     past 1 − 0.5¹ + 0.25 (own program) = 0.75 → (0.25 + 0.2 + 0.02 + 0.1125)/0.7 = 0.832142857.
    /// F2: capability 0.75 (narrower); capacity 10 × 6 / 120 = 0.5; diversification JP 10, DE 30, US 10 of 50 → 0.44,
    ///     (0.625 − 0.44)/0.625 = 0.296; past 0 (its engagement is hidden) → (0.1875 + 0.1 + 0.0296)/0.7 = 0.453.
    /// </summary>
    [Fact]
    public void RanksTheHandWorkedCase()
    {
        var ranking = Rank(Facilities(), NoText);
        Assert.Equal(6, ranking.Candidates); // F1 F2 F3 F4 F5 F8 (F6 unrelated, F7 hidden)
        Assert.Equal(2, ranking.Eligible);
        Assert.Equal(["f1", "f2"], ranking.Results.Select(r => r.FacilityId));
        var f1 = ranking.Results[0];
        var f2 = ranking.Results[1];
        Assert.Equal(0.5825 / 0.7, f1.Score, 9);
        Assert.Equal(0.3171 / 0.7, f2.Score, 9);

        double Value(SupplierMatch m, string code) => m.Explanation.Single(r => r.Kind == ReasonKind.Score && r.Code == code).Value!.Value;
        Assert.Equal(1.0, Value(f1, "capability"), 9);
        Assert.Equal(1.0, Value(f1, "capacity"), 9);
        Assert.Equal(0.2, Value(f1, "diversification"), 9);
        Assert.Equal(0.75, Value(f1, "pastPerformance"), 9);
        Assert.Equal(0.75, Value(f2, "capability"), 9);
        Assert.Equal(0.5, Value(f2, "capacity"), 9);
        Assert.Equal(0.296, Value(f2, "diversification"), 9);
        Assert.Equal(0.0, Value(f2, "pastPerformance"), 9);
        Assert.Equal(0.25 / 0.7, f1.Explanation.Single(r => r.Code == "capability" && r.Kind == ReasonKind.Score).Weight!.Value, 12);
        Assert.Equal(0.0, f1.Explanation.Single(r => r.Code == "text").Weight!.Value);

        foreach (var m in ranking.Results)
        {
            Assert.Equal(m.Score, m.Explanation.Where(r => r.Kind == ReasonKind.Score).Sum(r => r.Contribution!.Value), 12);
            Assert.All(m.Explanation.Where(r => r.Kind == ReasonKind.Filter), r => Assert.True(r.Passed));
            Assert.Equal(["capability", "certification", "screening", "transfer"], m.Explanation.Where(r => r.Kind == ReasonKind.Filter).Select(r => r.Code).Distinct());
        }

        // F1 satisfies AS9100 with JIS Q 9100; F2's transfer to Japan needs a licence and says which.
        Assert.Contains("JIS Q 9100 for AS9100", f1.Explanation.Single(r => r.Code == "certification").Text, StringComparison.Ordinal);
        var f2Transfer = f2.Explanation.Single(r => r.Code == "transfer");
        Assert.Equal("PermittedWithApproval", f2Transfer.Args["verdict"]);
        Assert.Equal("DSP-5 licence", f2Transfer.Args["approvals"]);
        Assert.Contains("narrower than PROP.SRM", f2.Explanation.Single(r => r.Code == "capability" && r.Kind == ReasonKind.Filter).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplainsEveryExclusionWithEveryFailedFilterFirst()
    {
        var ranking = Rank(Facilities(), NoText);
        Assert.Equal(["f3", "f4", "f5", "f8"], ranking.Excluded.Select(e => e.FacilityId));
        var byId = ranking.Excluded.ToDictionary(e => e.FacilityId);

        var f3 = byId["f3"].Reasons;
        Assert.False(f3[0].Passed);
        Assert.Equal("certification", f3[0].Code);
        Assert.Contains("not valid on 2027-07-01", f3[0].Text, StringComparison.Ordinal); // AS9100 expired 2026-12-31; ISO 9001 does not satisfy AS9100

        var f4 = byId["f4"].Reasons;
        var failed = f4.Where(r => !r.Passed).ToList();
        Assert.Equal("transfer", Assert.Single(failed).Code);
        Assert.Equal("US", failed[0].Args["to"]);
        Assert.Contains(f4, r => r.Code == "transfer" && r.Passed && r.Args["verdict"] == "Unknown" && r.Args["to"] == "JP");

        Assert.Equal("screening", byId["f5"].Reasons[0].Code);
        Assert.Contains("Entity List", byId["f5"].Reasons[0].Text, StringComparison.Ordinal);

        var f8 = byId["f8"].Reasons[0];
        Assert.Equal("capability", f8.Code);
        Assert.False(f8.Passed);
        Assert.Contains("2027-03-31", f8.Text, StringComparison.Ordinal);

        Assert.Empty(Rank(Facilities(), NoText, excluded: false).Excluded);
    }

    [Fact]
    public void AsksEachTransferOnceAndNeverForTheReceivingCountry()
    {
        var calls = new List<(string, string)>();
        Rank(Facilities(), NoText, transfers: TransferTable(calls));
        Assert.Equal(6, calls.Count);
        Assert.Equal(calls.Count, calls.Distinct().Count());
        Assert.DoesNotContain(calls, c => c.Item1 == c.Item2);
    }

    [Fact]
    public void WithoutProgramNationsTheTransferFilterPassesAndSaysSo()
    {
        var ranking = Rank(Facilities(), NoText, requirement: R1 with { ProgramNations = [] });
        Assert.Contains("f4", ranking.Results.Select(r => r.FacilityId));
        Assert.All(ranking.Results, r => Assert.Equal("none", r.Explanation.Single(x => x.Code == "transfer").Args["verdict"]));
    }

    [Fact]
    public void TextRelevanceIsNormalizedByTheBestCandidate()
    {
        // Only F1 and F2: both eligible, so the best candidate is one of the results and scores exactly 1.
        var ranking = Rank([.. Facilities().Where(f => f.FacilityId is "f1" or "f2")]);
        var text = ranking.Results.ToDictionary(r => r.FacilityId, r => r.Explanation.Single(x => x.Code == "text").Value!.Value);
        Assert.Equal(1.0, text.Values.Max(), 12);
        Assert.InRange(text.Values.Min(), 0.01, 0.99);

        // With every candidate, an excluded one may hold the best BM25: visible results then stay below 1.
        var all = Rank(Facilities());
        Assert.All(all.Results, r => Assert.InRange(r.Explanation.Single(x => x.Code == "text").Value!.Value, 0.0, 1.0));
        Assert.All(all.Results, r => Assert.Contains("BM25", r.Explanation.Single(x => x.Code == "text").Text, StringComparison.Ordinal));
    }

    [Fact]
    public void HiddenCapabilitiesAndEngagementsChangeNothingVisible()
    {
        var baseline = Rank(Facilities());
        var facilities = Facilities();
        var f2 = facilities[1];
        facilities[1] = f2 with
        {
            Capabilities = [.. f2.Capabilities, Cap("ELEC.HARN", 0, 1000, "solid rocket motor cases interceptor filament wound composite", Hidden)],
            Engagements = [.. f2.Engagements, new PastEngagement("prog-a", "Interceptor upgrade", "award", null, Hidden)],
        };
        var after = Rank(facilities);
        Assert.Equal(Describe(baseline), Describe(after));
    }

    [Fact]
    public void RejectsBadOptions()
    {
        using var index = new SupplierIndex(Taxonomy(), Facilities());
        Assert.Equal("top", Assert.Throws<MatchingInputException>(() => Matcher.RankSuppliers(index, R1, TransferTable(), new MatchOptions(AsOf, 0))).Field);
        Assert.Equal("top", Assert.Throws<MatchingInputException>(() => Matcher.RankSuppliers(index, R1, TransferTable(), new MatchOptions(AsOf, 1001))).Field);
        Assert.Equal("weights.capacity", Assert.Throws<MatchingInputException>(() => Matcher.RankSuppliers(index, R1, TransferTable(), new MatchOptions(AsOf, Weights: new MatchWeights(Capacity: -1)))).Field);
        Assert.Equal("weights", Assert.Throws<MatchingInputException>(() => Matcher.RankSuppliers(index, R1, TransferTable(), new MatchOptions(AsOf, Weights: new MatchWeights(0, 0, 0, 0, 0)))).Field);
        Assert.Equal("capabilityCodes", Assert.Throws<MatchingInputException>(() => Matcher.RankSuppliers(index, R1 with { CapabilityCodes = [] }, TransferTable(), new MatchOptions(AsOf))).Field);
        Assert.Equal("facilities[1].facilityId", Assert.Throws<MatchingInputException>(() => new SupplierIndex(Taxonomy(), [Facilities()[0], Facilities()[0]])).Field);
    }

    [Fact]
    public void CapacityNotRecordedIsNeutralAndQuantityMissingCountsAnySpare()
    {
        var facilities = new List<SupplierFacility>
        {
            Facility("org-x", "x1", "JP", [Cap("PROP.SRM", null, null)], [new SupplierCertification("AS9100", null, null, null)]),
            Facility("org-y", "y1", "JP", [Cap("PROP.SRM", 5, 5)], [new SupplierCertification("AS9100", null, null, null)]),
        };
        var ranking = Rank(facilities, NoText);
        var capacity = ranking.Results.ToDictionary(r => r.FacilityId, r => r.Explanation.Single(x => x.Code == "capacity"));
        Assert.Equal(0.5, capacity["x1"].Value);
        Assert.Contains("not recorded", capacity["x1"].Text, StringComparison.Ordinal);
        Assert.Equal(0.0, capacity["y1"].Value); // spare 5 − 5 = 0
        var noQuantity = Rank(facilities, NoText, requirement: R1 with { Quantity = null });
        Assert.Equal(0.0, noQuantity.Results.Single(r => r.FacilityId == "y1").Explanation.Single(x => x.Code == "capacity").Value);

        // Nobody but y1 (actual 5, JP) records current capacity; x1 adds nothing → HHI stays 1, no drop.
        Assert.Equal(0.0, ranking.Results.Single(r => r.FacilityId == "x1").Explanation.Single(x => x.Code == "diversification").Value);
    }

    [Fact]
    public void BreaksTiesByOrganizationThenFacility()
    {
        var twin = Facility("org-b", "f0", "JP", [Cap("PROP.SRM", 10, 30)], [new SupplierCertification("AS9100", null, null, null)]);
        var twin2 = twin with { OrganizationId = "org-a", FacilityId = "f9" };
        var twin3 = twin with { OrganizationId = "org-a", FacilityId = "f10" };
        var ranking = Rank([twin, twin2, twin3], new MatchWeights(0, 1, 0, 0, 0));
        Assert.Equal(["f10", "f9", "f0"], ranking.Results.Select(r => r.FacilityId));
    }

    internal static string Describe(SupplierRanking ranking)
        => string.Join("\n", ranking.Results.Select(r => $"{r.FacilityId} {r.Score:R} " + string.Join(" | ", r.Explanation.Select(x => $"{x.Code}:{x.Value:R}:{x.Text}"))))
            + "\nX " + string.Join("\n", ranking.Excluded.Select(e => e.FacilityId + " " + string.Join(" | ", e.Reasons.Select(x => x.Text))))
            + $"\n{ranking.Candidates}/{ranking.Eligible}";
}
