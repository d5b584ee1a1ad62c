using Musubi.Core.Features.Workshare;
using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Core.Tests.Workshare;

/// <summary>
/// The JSON as the workshare reader takes it: every problem named by its field path with the line and column it
/// was written at (a syntax error, a wrong type, an unknown field, an unknown mode), all of them at once; and the
/// engine's own checks (shares not summing to 1, an unknown capability) placed at the same positions.
/// </summary>
public sealed class WorkshareInputReaderTests
{
    private const string Valid = """
        {
          "program": "demo",
          "nations": [ { "code": "US", "share": 0.5 }, { "code": "JP", "share": 0.5 } ],
          "tolerance": 0.1,
          "workPackages": [
            { "id": "a", "name": "Seeker", "cost": 100, "capabilities": ["SENS.SEEKER"], "subsystem": "kv", "releasableTo": ["US"] },
            { "id": "b", "cost": 100, "capabilities": [] }
          ],
          "companies": [
            { "id": "us1", "name": "US One", "nation": "US", "capabilities": ["SENS.SEEKER.IR"], "capacity": 500, "costFactor": 1.1, "pastPerformance": 0.9 },
            { "id": "jp1", "nation": "JP", "capabilities": [] }
          ],
          "interfaces": [ { "a": "a", "b": "b", "weight": 2 } ],
          "mode": "blend", "lambda": 5
        }
        """;

    private static WorkshareQuestion Q(string json, WorkshareMode? mode = null) => new(InputJson: json, Mode: mode);

    private static readonly Dictionary<string, string?> Taxonomy = new(StringComparer.Ordinal)
    {
        ["SENS"] = null,
        ["SENS.SEEKER"] = "SENS",
        ["SENS.SEEKER.IR"] = "SENS.SEEKER",
    };

    [Fact]
    public void Read_ValidInput_EveryFieldAndTheOptionsItStates()
    {
        var prepared = WorkshareService.PrepareInput(Q(Valid), Taxonomy);

        var p = prepared.Problem;
        Assert.Equal("demo", p.Program);
        Assert.Equal([("US", 0.5), ("JP", 0.5)], p.Nations.Select(n => (n.Code, n.Share)));
        Assert.Equal(0.1, p.Tolerance);
        Assert.Equal(WorksharePolicy.Program, p.Policy);
        Assert.Equal("Seeker", p.WorkPackages[0].Name);
        Assert.Equal("b", p.WorkPackages[1].Name);
        Assert.Equal(["US"], p.WorkPackages[0].ReleasableTo!);
        Assert.Null(p.WorkPackages[1].ReleasableTo);
        Assert.Equal(500, p.Companies[0].Capacity);
        Assert.Null(p.Companies[1].Capacity);
        Assert.Equal(1, p.Companies[1].CostFactor);
        Assert.Equal(2, Assert.Single(p.Interfaces).Weight);
        Assert.Same(Taxonomy, p.CapabilityParents);
        Assert.Equal(WorkshareMode.Blend, prepared.Options.Mode);
        Assert.Equal(5, prepared.Options.Lambda);
        Assert.Equal(30, prepared.Options.TimeLimitSeconds);
    }

    [Fact]
    public void Read_OptionGivenBesideTheJson_OverridesTheJson()
    {
        var prepared = WorkshareService.PrepareInput(Q(Valid, WorkshareMode.Compartmentalized) with { Lambda = 0, TimeLimitSeconds = 5 }, null);

        Assert.Equal(WorkshareMode.Compartmentalized, prepared.Options.Mode);
        Assert.Equal(0, prepared.Options.Lambda);
        Assert.Equal(5, prepared.Options.TimeLimitSeconds);
    }

    [Fact]
    public void Read_UnknownMode_NamesTheFieldAtItsLineAndColumn()
    {
        var json = Valid.Replace("\"mode\": \"blend\"", "\"mode\": \"foo\"", StringComparison.Ordinal);

        var ex = Assert.Throws<WorkshareInputException>(() => WorkshareService.PrepareInput(Q(json), null));

        var e = Assert.Single(ex.Errors);
        Assert.Equal("mode", e.Field);
        Assert.Contains("'foo'", e.Message, StringComparison.Ordinal);
        Assert.Contains("compartmentalized, integrated, blend", e.Message, StringComparison.Ordinal);
        Assert.Equal("input", e.Source);
        // Line 14 of the text ("  \"mode\": \"foo\", …"), the property name starting at column 3.
        Assert.Equal((14L, 3L), (e.Line, e.Column));
    }

    [Fact]
    public void Read_SeveralProblems_AllReportedTogetherWithTheirPositions()
    {
        var json = """
            {
              "program": "demo",
              "nations": [ { "code": "US", "share": "half" } ],
              "tolerance": 0.1,
              "policy": "juste retour",
              "workPackages": [ { "id": "a", "cost": 1, "costt": 2 } ],
              "companies": []
            }
            """;

        var ex = Assert.Throws<WorkshareInputException>(() => WorkshareService.PrepareInput(Q(json), null));

        var byField = ex.Errors.ToDictionary(e => e.Field);
        Assert.Equal(3, byField.Count);
        Assert.Equal("must be a number", byField["nations[0].share"].Message);
        Assert.Equal((3L, 32L), (byField["nations[0].share"].Line, byField["nations[0].share"].Column));
        Assert.Contains("'juste retour'", byField["policy"].Message, StringComparison.Ordinal);
        Assert.Equal(5L, byField["policy"].Line);
        Assert.StartsWith("unknown field", byField["workPackages[0].costt"].Message, StringComparison.Ordinal);
        Assert.Equal((6L, 45L), (byField["workPackages[0].costt"].Line, byField["workPackages[0].costt"].Column));
    }

    [Fact]
    public void Read_MissingRequiredFields_EachNamed()
    {
        var ex = Assert.Throws<WorkshareInputException>(() => WorkshareService.PrepareInput(Q("""{ "program": "x", "tolerance": 0.1 }"""), null));

        Assert.Equal(["companies", "nations", "workPackages"], ex.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(ex.Errors, e => Assert.Equal("is required", e.Message));
    }

    [Fact]
    public void Read_SyntaxError_LineAndColumnOfTheBadToken()
    {
        var json = "{\n  \"program\": \"x\",\n  \"nations\": [ { \"code\": \"US\" \"share\": 1 } ]\n}";

        var ex = Assert.Throws<WorkshareInputException>(() => WorkshareService.PrepareInput(Q(json), null));

        var e = Assert.Single(ex.Errors);
        Assert.Equal(3L, e.Line);
        Assert.Equal(31L, e.Column);
        Assert.StartsWith("is not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.Equal("nations[0]", e.Field);
    }

    [Theory]
    [InlineData("{ \"program\": \"x\", \"workPackages\": [ { \"id\": \"a\", \"cost\": 200abc } ] }", "workPackages[0].cost", 61L)]
    [InlineData("{ \"program\": \"x\", \"workPackages\": [ { \"id\": \"a\" }, $ ] }", "workPackages[1]", 52L)]
    [InlineData("{ \"program\": \"x\", \"tolerance\": $0.1 }", "tolerance", 32L)]
    [InlineData("[ 1, 2 3 ]", "[2]", 8L)]
    [InlineData("$", "$", 1L)]
    [InlineData("{ \"start\": ", "$", 12L)]
    [InlineData("{ \"program\": \"x\", \"workPackages\": [ { \"id\": \"a\" ", "$", 49L)]
    public void Read_SyntaxError_NamesTheFieldBeingRead_AndOnlyItsOwnPosition(string json, string field, long column)
    {
        var ex = Assert.Throws<WorkshareInputException>(() => WorkshareService.PrepareInput(Q(json), null));

        var e = Assert.Single(ex.Errors);
        Assert.Equal(field, e.Field);
        Assert.Equal(1L, e.Line);
        Assert.Equal(column, e.Column);
        Assert.DoesNotContain("LineNumber", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SharesNotSummingToOne_TheEngineErrorPlacedAtTheNations()
    {
        var json = Valid.Replace("{ \"code\": \"JP\", \"share\": 0.5 }", "{ \"code\": \"JP\", \"share\": 0.4 }", StringComparison.Ordinal);
        var prepared = WorkshareService.PrepareInput(Q(json), Taxonomy);

        var ex = Assert.Throws<WorkshareInputException>(prepared.Validate);

        var e = Assert.Single(ex.Errors);
        Assert.Equal("nations", e.Field);
        Assert.Contains("sum to 0.9", e.Message, StringComparison.Ordinal);
        Assert.Equal((3L, 3L), (e.Line, e.Column));
    }

    [Fact]
    public void Validate_UnknownCapabilityCode_PlacedAtTheCode()
    {
        var json = Valid.Replace("\"capabilities\": [\"SENS.SEEKER\"]", "\"capabilities\": [\"SENS.SEKER\"]", StringComparison.Ordinal);
        var prepared = WorkshareService.PrepareInput(Q(json), Taxonomy);

        var ex = Assert.Throws<WorkshareInputException>(prepared.Validate);

        var e = Assert.Single(ex.Errors);
        Assert.Equal("workPackages[0].capabilities[0]", e.Field);
        Assert.Contains("SENS.SEKER", e.Message, StringComparison.Ordinal);
        Assert.Equal(6L, e.Line);
        Assert.Equal(66L, e.Column);
    }

    [Theory]
    [InlineData(-1.0, null, "lambda")]
    [InlineData(null, 0.0, "timeLimitSeconds")]
    [InlineData(null, 3601.0, "timeLimitSeconds")]
    public void Read_BadOptions_NamedAsOptions(double? lambda, double? limit, string field)
    {
        var ex = Assert.Throws<WorkshareInputException>(() => WorkshareService.PrepareInput(Q(Valid) with { Lambda = lambda, TimeLimitSeconds = limit }, null));

        var e = Assert.Single(ex.Errors);
        Assert.Equal(field, e.Field);
        Assert.Equal("options", e.Source);
    }

    [Fact]
    public void Allocate_SmallProgram_OptimumWorkedOutByHand()
    {
        // Two packages of 100; us1 (factor 1.1) alone can take "a" (releasable to US, needs SENS.SEEKER, which us1's
        // SENS.SEEKER.IR covers); "b" needs nothing, so us1 or jp1 (factor 1). Shares 50/50 ± 10 points: the U.S. may
        // have at most 60% of 200 = 120, so "b" goes to jp1. Cost 110 + 100 = 210; deviation 0; the a–b interface
        // crosses the border: λ = 5 × weight 2 = 10 in blend mode; subsystems "kv" (a) and b's own are not split.
        var answer = WorkshareService.Allocate(WorkshareService.PrepareInput(Q(Valid) with { TimeLimitSeconds = 10 }, Taxonomy));

        var r = answer.Result;
        Assert.Equal("optimal", r.Status);
        Assert.Equal([("a", "us1", "US"), ("b", "jp1", "JP")], r.Allocation.Select(x => (x.WorkPackage, x.Company, x.Nation)).OrderBy(x => x.WorkPackage, StringComparer.Ordinal));
        Assert.Equal(210, r.Cost!.Value, 6);
        Assert.Equal(2, r.CrossBorderInterfaceWeight!.Value, 6);
        Assert.Equal(220, r.Objective!.Value, 6);
    }
}
