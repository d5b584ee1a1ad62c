using Musubi.Engines.Matching;
using static Musubi.Engines.Tests.Matching.MatchingFixture;

namespace Musubi.Engines.Tests.Matching;

public sealed class ReverseMatchingTests
{
    private static List<RequirementDocument> Requirements() =>
    [
        R1,
        R1 with { Id = "req-2", CapabilityCodes = ["PROP.SRM.CASE"], RequiredCertifications = [], Title = "Motor case lot", TitleJa = null, Description = "Cases.", DescriptionJa = null },
        R1 with { Id = "req-3", Status = "awarded" },
        R1 with { Id = "req-4", AccessKey = Hidden },
        R1 with { Id = "req-5", CapabilityCodes = ["ELEC.HARN"], RequiredCertifications = [] },
        R1 with { Id = "req-6", ProgramNations = ["US"], RequiredCertifications = ["Facility clearance"] },
    ];

    [Fact]
    public void RanksOpenVisibleRequirementsWithTheBestFacility()
    {
        var facilities = Facilities();
        // org-a gets a second Japanese facility with PROP.SRM.CASE, plenty of spare capacity, no past work of its own.
        facilities.Add(Facility("org-a", "f1b", "JP", [Cap("PROP.SRM.CASE", 0, 500, "Case winding line")], facilities[0].Certifications, facilities[0].Engagements));
        using var suppliers = new SupplierIndex(Taxonomy(), facilities);
        using var requirements = new RequirementIndex(Taxonomy(), Requirements());
        var ranking = Matcher.RankRequirements(requirements, suppliers, "org-a", TransferTable(), new MatchOptions(AsOf, 10, CanSee: CanSee));

        // Candidates: req-1, req-2, req-6 (open, visible, related to PROP.SRM / PROP.SRM.CASE); req-3 awarded, req-4 hidden, req-5 unrelated.
        Assert.Equal(3, ranking.Candidates);
        Assert.Equal(2, ranking.Eligible); // req-6 needs a facility clearance org-a lacks
        Assert.Equal(["req-1", "req-2"], ranking.Results.Select(r => r.RequirementId).Order());
        foreach (var r in ranking.Results)
        {
            Assert.Equal(r.Score, r.Explanation.Where(x => x.Kind == ReasonKind.Score).Sum(x => x.Contribution!.Value), 12);
        }

        // req-2 wants PROP.SRM.CASE: f1b holds it exactly (capability 1) while f1 is broader (0.5) → f1b.
        Assert.Equal("f1b", ranking.Results.Single(r => r.RequirementId == "req-2").FacilityId);
        Assert.True(ranking.Results.Max(r => r.Explanation.Single(x => x.Code == "text").Value) is 1.0);
    }

    [Fact]
    public void AnOrganizationTheReaderCannotSeeGetsNothing()
    {
        using var suppliers = new SupplierIndex(Taxonomy(), Facilities());
        using var requirements = new RequirementIndex(Taxonomy(), Requirements());
        var ranking = Matcher.RankRequirements(requirements, suppliers, "org-g", TransferTable(), new MatchOptions(AsOf, CanSee: CanSee));
        Assert.Empty(ranking.Results);
        Assert.Equal(0, ranking.Candidates);
        Assert.Equal("organizationId", Assert.Throws<MatchingInputException>(() => Matcher.RankRequirements(requirements, suppliers, " ", TransferTable(), new MatchOptions(AsOf))).Field);
    }
}
