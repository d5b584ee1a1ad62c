using Musubi.Core.Features.Workshare;
using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Core.Tests.Workshare;

/// <summary>
/// A work package's release limit derived from issue #3's transfer rules (docs/engines/workshare.md, "Release limits"):
/// the package's transfer case is evaluated for each partner nation on its date; a prohibited nation may not receive the
/// package, the exporting nation always may, a nation no modelled jurisdiction reaches is not limited, a hand-set
/// releasableTo narrows the rules' answer, the allocation follows, and every problem in the case is named at its path,
/// line and column, all at once.
/// </summary>
public sealed class WorkshareReleasesTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    /// <summary>A two-nation program whose seeker package carries <paramref name="transfer"/> (and <paramref name="hand"/> as releasableTo when given).</summary>
    private static string Program(string transfer, string nations = """[ { "code": "US", "share": 0.5 }, { "code": "JP", "share": 0.5 } ]""", string? hand = null) => $$"""
        {
          "program": "releases",
          "nations": {{nations}},
          "tolerance": 0.5,
          "workPackages": [
            { "id": "seeker", "name": "Seeker", "cost": 100, "capabilities": [],{{(hand is null ? "" : $" \"releasableTo\": {hand},")}}
              "transfer": {{transfer}} },
            { "id": "body", "cost": 100, "capabilities": [] }
          ],
          "companies": [
            { "id": "us1", "nation": "US", "capabilities": [], "costFactor": 1.2 },
            { "id": "jp1", "nation": "JP", "capabilities": [], "costFactor": 1.0 },
            { "id": "gb1", "nation": "GB", "capabilities": [], "costFactor": 1.0 },
            { "id": "it1", "nation": "IT", "capabilities": [], "costFactor": 1.0 }
          ]
        }
        """;

    /// <summary>U.S.-origin missile technology (MTCR Category I) to a partner's <paramref name="recipient"/>.</summary>
    private static string Seeker(string channel, string recipient, string? date = null) => $$"""
        { "from": "US",{{(date is null ? "" : $" \"date\": \"{date}\",")}} "channel": "{{channel}}", "recipient": "{{recipient}}", "purpose": "joint_development",
          "item": { "kind": "technology", "weapon": true, "origin": "US", "usml": "IV", "mtcrCategory": 1, "coDevelopers": ["US", "JP"] } }
        """;

    private static WorkshareService.Prepared Prepare(string json)
    {
        // Companies of non-partner nations are the engine's input error, not the reader's: keep only the partners'.
        var prepared = WorkshareService.PrepareInput(new WorkshareQuestion(InputJson: json), null, today: Today);
        var partners = prepared.Problem.Nations.Select(n => n.Code).ToHashSet(StringComparer.Ordinal);
        return prepared with { Problem = prepared.Problem with { Companies = [.. prepared.Problem.Companies.Where(c => partners.Contains(c.Nation))] } };
    }

    [Fact]
    public void Derive_MtcrCategoryOneToACompany_PartnerExcludedAndTheAllocationFollows()
    {
        var prepared = Prepare(Program(Seeker("dcs", "company")));

        Assert.Equal(["US"], prepared.Problem.WorkPackages[0].ReleasableTo!);
        Assert.Null(prepared.Problem.WorkPackages[1].ReleasableTo);
        var release = Assert.Single(prepared.Releases);
        Assert.Equal(("seeker", "US", Today, (IReadOnlyList<string>?)null), (release.WorkPackage, release.From, release.Date, release.ByHand));
        Assert.StartsWith("sha256:", release.RuleSetHash, StringComparison.Ordinal);
        var us = release.Nations.Single(n => n.Nation == "US");
        Assert.Equal(("origin", true), (us.Verdict, us.Releasable));
        var jp = release.Nations.Single(n => n.Nation == "JP");
        Assert.Equal(("prohibited", false), (jp.Verdict, jp.Releasable));
        Assert.Contains("US_MTCR_CAT1_NONGOV_DENY", jp.Rules);
        Assert.Contains("Prohibited", jp.Explanation, StringComparison.Ordinal);

        // The dearer U.S. company gets the seeker although the Japanese one is cheaper: the rules keep its data home.
        var result = WorkshareService.Allocate(prepared).Result;
        Assert.Equal("optimal", result.Status);
        Assert.Equal("us1", result.Allocation.Single(a => a.WorkPackage == "seeker").Company);
        Assert.Single(WorkshareService.Allocate(prepared).Releases);
    }

    [Fact]
    public void Derive_GovernmentToGovernment_PermittedWithApprovalsAndTheirCodes()
    {
        var prepared = Prepare(Program(Seeker("government", "government")));

        Assert.Equal(["US", "JP"], prepared.Problem.WorkPackages[0].ReleasableTo!);
        var jp = prepared.Releases[0].Nations.Single(n => n.Nation == "JP");
        Assert.Equal(("permitted_with_approval", true), (jp.Verdict, jp.Releasable));
        Assert.Contains("US_MTCR_GOVT_ASSURANCES", jp.Approvals);
        // With the body kept in the U.S. by hand, the balance puts the seeker in Japan: the derived limit allows it.
        var packages = prepared.Problem.WorkPackages;
        var bodyInUs = prepared with { Problem = prepared.Problem with { WorkPackages = [packages[0], packages[1] with { ReleasableTo = ["US"] }] } };
        Assert.Equal("jp1", WorkshareService.Allocate(bodyInUs).Result.Allocation.Single(a => a.WorkPackage == "seeker").Company);
    }

    [Fact]
    public void Derive_HandSetList_NarrowsTheRulesAnswer()
    {
        var prepared = Prepare(Program(Seeker("government", "government"), hand: """["US"]"""));

        Assert.Equal(["US"], prepared.Problem.WorkPackages[0].ReleasableTo!);
        var release = prepared.Releases[0];
        Assert.Equal(["US"], release.ByHand!);
        Assert.Equal(["US"], release.ReleasableTo);
        // The rules would let Japan receive it: the hand-set limit, not the law, keeps it out.
        Assert.True(release.Nations.Single(n => n.Nation == "JP").Releasable);
    }

    [Fact]
    public void Derive_NoModelledJurisdiction_UnknownDoesNotLimit()
    {
        const string nations = """[ { "code": "JP", "share": 0.4 }, { "code": "GB", "share": 0.3 }, { "code": "IT", "share": 0.3 } ]""";
        const string transfer = """
            { "from": "GB", "channel": "government", "recipient": "government", "purpose": "joint_development",
              "item": { "kind": "technology", "weapon": true, "origin": "GB", "program": "GCAP", "coDevelopers": ["JP", "GB", "IT"] } }
            """;

        var prepared = Prepare(Program(transfer, nations));

        Assert.Equal(["JP", "GB", "IT"], prepared.Problem.WorkPackages[0].ReleasableTo!);
        var release = prepared.Releases[0];
        Assert.Equal(["unknown", "origin", "unknown"], release.Nations.Select(n => n.Verdict));
        Assert.Contains("no rules", release.Nations[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_TheRulesAsTheyStoodOnTheCasesDate()
    {
        const string nations = """[ { "code": "JP", "share": 0.5 }, { "code": "GB", "share": 0.5 } ]""";
        static string Engine(string date) => $$"""
            { "from": "JP", "date": "{{date}}", "channel": "government", "recipient": "government", "purpose": "joint_development",
              "item": { "kind": "technology", "weapon": true, "origin": "JP", "program": "GCAP", "coDevelopers": ["JP", "GB"] } }
            """;

        // Before the 2011 easing Japan's 1976 restraint covered weapons technology to the United Kingdom; today joint
        // development with a partner is permitted with approvals.
        var before = Prepare(Program(Engine("2010-06-01"), nations));
        var now = Prepare(Program(Engine("2026-06-01"), nations));

        Assert.Equal(["JP"], before.Problem.WorkPackages[0].ReleasableTo!);
        Assert.Contains("JP_1976_RESTRAINT", before.Releases[0].Nations.Single(n => n.Nation == "GB").Rules);
        Assert.Equal(new DateOnly(2010, 6, 1), before.Releases[0].Date);
        Assert.Equal(["JP", "GB"], now.Problem.WorkPackages[0].ReleasableTo!);
    }

    [Fact]
    public void Derive_ExporterTheOnlyPartner_NoDestinationAndNoProblem()
    {
        var prepared = Prepare(Program(Seeker("dcs", "company"), """[ { "code": "US", "share": 1 } ]"""));

        var release = Assert.Single(prepared.Releases);
        Assert.Equal(("US", Today), (release.From, release.Date));
        Assert.Equal([("US", "origin")], release.Nations.Select(n => (n.Nation, n.Verdict)));
        Assert.Equal(["US"], prepared.Problem.WorkPackages[0].ReleasableTo!);
    }

    [Fact]
    public void Read_BadCase_EveryProblemAtItsPathLineAndColumn()
    {
        const string transfer = """{ "from": "US", "to": "JP", "channel": "dcsx", "item": { "kind": "tech" } }""";
        var json = Program(transfer);

        var ex = Assert.Throws<WorkshareInputException>(() => WorkshareService.PrepareInput(new WorkshareQuestion(InputJson: json), null, today: Today));

        var byField = ex.Errors.ToDictionary(e => e.Field);
        Assert.Contains("leave it out", byField["workPackages[0].transfer.to"].Message, StringComparison.Ordinal);
        Assert.Contains("dcsx", byField["workPackages[0].transfer.channel"].Message, StringComparison.Ordinal);
        Assert.Contains("tech", byField["workPackages[0].transfer.item.kind"].Message, StringComparison.Ordinal);
        var line = json.Split('\n').Select((text, i) => (text, i)).First(l => l.text.Contains("\"transfer\"", StringComparison.Ordinal)).i + 1;
        Assert.All(ex.Errors, e => Assert.Equal(("input", (long)line), (e.Source, e.Line)));
        Assert.Equal(json.Split('\n')[line - 1].IndexOf("\"channel\"", StringComparison.Ordinal) + 1, byField["workPackages[0].transfer.channel"].Column);
    }

    [Theory]
    [InlineData("\"US\"", "workPackages[0].transfer", "must be an object")]
    [InlineData("""{ "from": "US", "date": "2050-01-01", "item": { "kind": "technology" } }""", "workPackages[0].transfer.date", "")]
    [InlineData("""{ "from": "XX", "item": { "kind": "technology" } }""", "workPackages[0].transfer.from", "")]
    [InlineData("""{ "from": "US" }""", "workPackages[0].transfer.item", "required")]
    public void Read_BadCase_NamesTheField(string transfer, string field, string words)
    {
        var ex = Assert.Throws<WorkshareInputException>(() => WorkshareService.PrepareInput(new WorkshareQuestion(InputJson: Program(transfer)), null, today: Today));

        var error = Assert.Single(ex.Errors, e => e.Field == field);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Read_NoTransferCase_NothingDerived()
    {
        var plain = Prepare("""
            { "program": "p", "nations": [ { "code": "US", "share": 1 } ], "tolerance": 0,
              "workPackages": [ { "id": "a", "cost": 1, "capabilities": [] } ], "companies": [ { "id": "c", "nation": "US", "capabilities": [] } ] }
            """);
        Assert.Empty(plain.Releases);
        Assert.Null(plain.Problem.WorkPackages[0].ReleasableTo);
    }
}
