using Musubi.Engines.Optimization.Surge;
using Xunit.Abstractions;

namespace Musubi.Engines.Tests.Surge;

/// <summary>
/// The sifted first solve (docs/engines/surge.md, "Solve"): restricted to the columns of the pipeline's steady state,
/// then completed on the whole model from that basis. On the generated networks of the cross-check (stocks,
/// expansions, disruptions, qualifications, demand schedules), its optimum must be the whole model's — GLOP, which
/// solves the whole model at once, is the reference — and the cases must include some where the restricted program
/// falls short and the completion has to bring in columns the steady state does not use.
/// </summary>
public sealed class SurgeSiftingTests(ITestOutputHelper output)
{
    [Fact]
    public void Sifted_solve_reaches_the_whole_models_optimum_also_when_the_restriction_falls_short()
    {
        int sifted = 0, shortOfIt = 0, compared = 0;
        for (var seed = 1; seed <= 8; seed++)
        {
            var g = GeneratedCase.Make(seed, size: seed <= 5 ? 1 : 3);
            foreach (var request in g.LpRequests())
            {
                var setup = SurgeSetup.Create(g.Network, request);
                using var clp = new SurgeModel(setup);
                using var glop = new SurgeModel(setup, "GLOP");
                var status = clp.Solve(out _);
                Assert.Equal(glop.Solve(out _), status);
                var ours = clp.ObjectiveValue;
                var reference = glop.ObjectiveValue;
                var (restricted, _, restrictedObjective, completion) = clp.FirstSolve;
                var label = $"seed {seed}, {request.Objective}, {request.Scenario.Name}, {request.Items.Count} item(s)";
                output.WriteLine($"{label}: sifted {restricted} of {clp.Variables} columns to {restrictedObjective:R}, completed in {completion} iterations to {ours:R}; GLOP {reference:R}");
                Assert.True(Math.Abs(ours - reference) <= 1e-6 * Math.Max(1, Math.Abs(reference)), $"{label}: {ours:R} against GLOP's {reference:R}");
                compared++;
                if (restricted > 0)
                {
                    sifted++;
                    Assert.True(restricted < clp.Variables, label);
                    // The restricted program is the whole model with columns fixed at 0: never better than it.
                    var better = setup.Request.Objective == SurgeObjective.MaxDeliveries ? restrictedObjective - ours : ours - restrictedObjective;
                    Assert.True(better <= 1e-6 * Math.Max(1, Math.Abs(ours)), $"{label}: restricted {restrictedObjective:R}, whole {ours:R}");
                    shortOfIt += Math.Abs(restrictedObjective - ours) > 1e-6 * Math.Max(1, Math.Abs(ours)) ? 1 : 0;
                }
            }
        }
        output.WriteLine($"{compared} plans, {sifted} sifted, {shortOfIt} where the completion improved on the restricted optimum");
        Assert.True(sifted >= compared / 2, $"{sifted} of {compared} plans sifted");
        Assert.True(shortOfIt >= 3, $"only {shortOfIt} plans needed columns outside the steady state");
    }

    /// <summary>
    /// The earliness solve runs on the first solve's optimal face (columns with a reduced cost fixed, rows with a
    /// dual tight) for CLP; GLOP's runs with the keep row alone. Both must find the same earliest plan value.
    /// </summary>
    [Fact]
    public void Earliness_on_the_optimal_face_finds_what_the_keep_row_alone_finds()
    {
        var compared = 0;
        for (var seed = 1; seed <= 8; seed++)
        {
            var g = GeneratedCase.Make(seed, size: seed <= 5 ? 1 : 3);
            foreach (var request in g.LpRequests().Where(r => r.Objective == SurgeObjective.MaxDeliveries))
            {
                var setup = SurgeSetup.Create(g.Network, request);
                using var clp = new SurgeModel(setup);
                using var glop = new SurgeModel(setup, "GLOP");
                clp.Solve(out _);
                glop.Solve(out _);
                var total = clp.ObjectiveValue;
                double ignored = 0;
                Assert.True(clp.Refine(ref ignored));
                Assert.True(glop.Refine(ref ignored));
                var label = $"seed {seed}, {request.Scenario.Name}, {request.Items.Count} item(s)";
                var ours = clp.ObjectiveValue;
                var reference = glop.ObjectiveValue;
                output.WriteLine($"{label}: earliness {ours:R}, GLOP {reference:R}");
                Assert.True(Math.Abs(ours - reference) <= 1e-6 * Math.Max(1, Math.Abs(reference)), $"{label}: earliness {ours:R} against GLOP's {reference:R}");
                // And the plan still delivers the most.
                var delivered = clp.Deliveries().Sum(item => item.Sum());
                Assert.True(delivered >= total - (1e-6 * Math.Max(1, total)), $"{label}: {delivered:R} delivered after the earliness solve, {total:R} before");
                compared++;
            }
        }
        Assert.True(compared >= 40, $"{compared} plans compared");
    }

    [Fact]
    public void An_empty_pipeline_has_no_steady_state_to_start_from_and_solves_the_whole_model()
    {
        var g = GeneratedCase.Make(1, size: 1);
        var request = g.LpRequests().First() with { EmptyPipeline = true };
        var setup = SurgeSetup.Create(g.Network, request);
        using var model = new SurgeModel(setup);
        model.Solve(out _);
        Assert.Equal(0, model.FirstSolve.Restricted);
        using var glop = new SurgeModel(setup, "GLOP");
        glop.Solve(out _);
        Assert.Equal(glop.ObjectiveValue, model.ObjectiveValue, 6);
    }
}
