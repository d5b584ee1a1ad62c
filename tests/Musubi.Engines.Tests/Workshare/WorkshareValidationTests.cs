using Musubi.Engines.Optimization.Workshare;
using static Musubi.Engines.Tests.Workshare.WorkshareHandSolvedTests;

namespace Musubi.Engines.Tests.Workshare;

/// <summary>The input errors of docs/engines/workshare.md, every one collected and named by its field path.</summary>
[Collection(HighsCollection.Name), HighsTurn]
public sealed class WorkshareValidationTests
{
    private static IReadOnlyList<(string Field, string Message)> Errors(WorkshareProblem problem, WorkshareOptions? options = null)
    {
        var e = Assert.Throws<WorkshareValidationException>(() => WorkshareAllocator.Validate(problem, options));
        return e.Errors;
    }

    private static WorkshareProblem Good() => Program([("US", 0.5), ("JP", 0.5)], 0.05, [Wp("A", 100), Wp("B", 100)], [Co("us1", "US"), Co("jp1", "JP")]);

    [Fact]
    public void A_good_program_passes()
    {
        WorkshareAllocator.Validate(Good());
        WorkshareAllocator.Validate(Good(), Options());
    }

    [Fact]
    public void Shares_off_one_are_reported_as_written_not_with_the_sums_rounding_noise()
    {
        // 0.7 + 0.2 is 0.8999999999999999 in binary floating point; the user wrote 0.9.
        var bad = Program([("US", 0.7), ("JP", 0.2)], 0.05, [Wp("A", 100)], [Co("us1", "US"), Co("jp1", "JP")]);

        var (field, message) = Assert.Single(Errors(bad));

        Assert.Equal("nations", field);
        Assert.Equal("the funding shares sum to 0.9, not 1 (± 1e-9)", message);
    }

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        var taxonomy = new Dictionary<string, string?> { ["C"] = null };
        var bad = new WorkshareProblem(
            "bad",
            [new("US", 0.5), new("US", 0.6), new("JP", -0.1)],
            1.5,
            [
                new("A", "A", -1, ["C"]),
                new("A", "A2", double.NaN, ["NOPE"], ReleasableTo: ["FR"], FixedCompany: "ghost"),
            ],
            [
                new("k1", "K1", "FR", ["C"], Capacity: -5, CostFactor: 0, PastPerformance: 1.5),
                new("k1", "K1b", "US", ["XX"], CostFactor: double.PositiveInfinity),
            ],
            [new("A", "Z", 1), new("A", "A", -2), new("Q", "A", 1)],
            WorksharePolicy.Program,
            [new WorkshareHistory("FR", -1, double.NaN)],
            taxonomy);
        var fields = Errors(bad, new WorkshareOptions(Lambda: -1, Mu: double.NaN, Kappa: -0.5, TimeLimitSeconds: 0)).Select(e => e.Field).ToList();
        string[] expected =
        [
            "nations[1].code", // US twice
            "nations[2].share", // −0.1
            "tolerance",
            "companies[0].nation", "companies[0].capacity", "companies[0].costFactor", "companies[0].pastPerformance",
            "companies[1].id", "companies[1].costFactor", "companies[1].capabilities[0]",
            "workPackages[0].cost",
            "workPackages[1].id", "workPackages[1].cost", "workPackages[1].capabilities[0]", "workPackages[1].releasableTo[0]", "workPackages[1].fixedCompany",
            "interfaces[0].b", "interfaces[1].b", "interfaces[1].weight", "interfaces[2].a",
            "history", "history[0].nation", "history[0].work", "history[0].funding",
            "lambda", "mu", "kappa", "timeLimitSeconds",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_nations_and_no_packages_are_errors()
    {
        var p = new WorkshareProblem("empty", [], 0.05, [], [], []);
        Assert.Equal(["nations", "workPackages"], Errors(p).Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_time_limit_above_an_hour_is_an_error()
    {
        Assert.Equal("timeLimitSeconds", Assert.Single(Errors(Good(), Options() with { TimeLimitSeconds = 3600.5 })).Field);
        WorkshareAllocator.Validate(Good(), Options() with { TimeLimitSeconds = 3600 });
    }

    // Shares must sum to 1 ± 1e-9: 0.5 + 0.5000000009 (off by 9e-10) passes; 0.5 + 0.5000000011 (1.1e-9) does not.
    [Fact]
    public void Shares_summing_to_one_within_1e9_pass_and_beyond_it_fail()
    {
        WorkshareAllocator.Validate(Good() with { Nations = [new("US", 0.5), new("JP", 0.5000000009)] });
        WorkshareAllocator.Validate(Good() with { Nations = [new("US", 0.5), new("JP", 0.4999999991)] });
        var over = Assert.Single(Errors(Good() with { Nations = [new("US", 0.5), new("JP", 0.5000000011)] }));
        Assert.Equal("nations", over.Field);
        Assert.Contains("not 1", over.Message, StringComparison.Ordinal);
        Assert.Equal("nations", Assert.Single(Errors(Good() with { Nations = [new("US", 0.5), new("JP", 0.4999999989)] })).Field);
        Assert.Equal("nations", Assert.Single(Errors(Good() with { Nations = [new("US", 0.3), new("JP", 0.3)] })).Field);
    }

    [Fact]
    public void Allocate_validates_first()
    {
        var e = Assert.Throws<WorkshareValidationException>(() => WorkshareAllocator.Allocate(Good() with { Tolerance = -0.1 }, Options()));
        Assert.Equal("tolerance", Assert.Single(e.Errors).Field);
    }
}
