using System.Globalization;
using Musubi.Engines.Optimization.Workshare;
using Musubi.Engines.Tests.Surge;
using Xunit.Abstractions;

namespace Musubi.Engines.Tests.Workshare;

/// <summary>
/// The independent-solver check of issue #7: generated programs (<see cref="WorkshareGenerator"/>, 15–48 work packages,
/// 3–4 nations, the three modes and both policies in turn) are allocated by Musubi (<see cref="WorkshareAllocator.Allocate"/>, HiGHS),
/// the same model is exported as LP and as MPS and solved by Debian's <c>cbc</c>; the optimal objectives must agree
/// within 10⁻⁶ relative (where CP-SAT stops at its time limit, cbc's optimum must lie between CP-SAT's bound and
/// objective; a generated program that is infeasible must be infeasible for cbc too), and a program whose capacities cannot carry its work must be infeasible for both.
/// </summary>
/// <remarks>
/// Not in <see cref="HighsCollection"/>: the class takes <see cref="HighsTurn"/> around each allocation only.
/// <c>./test</c> installs coinor-cbc (scripts/ensure-deps.sh). Without it the tests are skipped on a developer's
/// machine and fail under CI (<c>CI=true</c>), so the check can never silently stop running there.
/// </remarks>
public sealed class CbcCrossCheckTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-6;

    /// <summary>
    /// cbc's arguments: solve, within 2 minutes (a stop on time is then a failure, not a hung test), without cbc's
    /// integer preprocessing — Debian's cbc 2.10.8 with it declared "Optimal" an allocation 0.2% dearer than one CP-SAT
    /// and cbc itself (from the MPS, or from the LP without preprocessing) found, on the LP of a 48-package program.
    /// </summary>
    private static readonly string[] Cbc = ["-preprocess", "off", "-sec", "120", "-solve"];

    private static readonly WorkshareMode[] Modes = [WorkshareMode.Integrated, WorkshareMode.Compartmentalized, WorkshareMode.Blend];

    [CoinFact("cbc")]
    public async Task Generated_programs_have_cbcs_optimum_from_the_exported_LP_and_MPS()
    {
        var cbc = CoinSolver.Require("cbc");
        var compared = 0;
        var infeasible = 0;
        var splitOrBorder = 0;
        for (var seed = 1; seed <= 12; seed++)
        {
            var packages = 12 + (3 * seed);
            if (packages > 60)
            {
                throw new InvalidOperationException("the cross-check's programs stay at 60 packages or fewer");
            }
            var nations = seed % 4 == 0 ? 4 : 3;
            var policy = seed % 4 == 0 ? WorksharePolicy.Global : WorksharePolicy.Program;
            var problem = WorkshareGenerator.Make(seed, packages, 24 + (2 * seed), nations, policy: policy);
            // λ and κ at a tenth of the defaults (0.1% and 0.5% of the program per unit of weight / per split) and μ = 0.01:
            // with the defaults the interfaces and the deviations dominate and CP-SAT's proof of optimality is a long search
            // (docs/engines/workshare.md, "Limits"); the comparison needs proven optima.
            var total = problem.WorkPackages.Sum(w => w.Cost);
            var options = new WorkshareOptions(Modes[seed % 3], Lambda: 0.001 * total, Mu: 0.01, Kappa: 0.005 * total, TimeLimitSeconds: 10, Workers: 2);
            var ours = HighsTurn.Run(() => WorkshareAllocator.Allocate(problem, options));
            var label = $"seed {seed}: {packages} packages, {problem.Companies.Count} companies, {nations} nations, {options.Mode}, policy {policy}";
            output.WriteLine($"{label}: Musubi {ours.Status} {ours.Objective?.ToString("R", CultureInfo.InvariantCulture) ?? "-"} in {ours.Solve.SolveSeconds:0.00} s ({ours.Solve.Variables} variables, {ours.Solve.Constraints} constraints)");
            if (ours.Status == "infeasible" && ours.Conflicts.All(c => c.Kind != "no_candidate"))
            {
                // Generated limits may not hold together: then cbc must find no solution either.
                var lpNone = CoinSolver.Solve(cbc, WorkshareAllocator.ExportLp(problem, options), Cbc, "model.lp");
                var mpsNone = CoinSolver.Solve(cbc, WorkshareAllocator.ExportMps(problem, options), Cbc);
                output.WriteLine($"  cbc LP {lpNone.Status}, MPS {mpsNone.Status}; conflicts: {string.Join("; ", ours.Conflicts.Select(c => c.Message))}");
                Assert.True(lpNone.Status == "Infeasible" && mpsNone.Status == "Infeasible", $"{label}: CP-SAT infeasible, cbc LP '{lpNone.Status}', MPS '{mpsNone.Status}'");
                infeasible++;
                continue;
            }
            Assert.True(ours.Status is "optimal" or "feasible", $"{label}: CP-SAT says {ours.Status}; {string.Join("; ", ours.Conflicts.Select(c => c.Message))}");
            // cbc reads the two files side by side, as two processes. Most of this check's time is cbc's, out of HiGHS'
            // turn: the other HiGHS tests run meanwhile (HighsTurn).
            var lpModel = WorkshareAllocator.ExportLp(problem, options);
            var mpsModel = WorkshareAllocator.ExportMps(problem, options);
            var lpRun = Task.Run(() => Best(cbc, lpModel, "model.lp", ours.Objective!.Value));
            var mps = Best(cbc, mpsModel, null, ours.Objective!.Value);
            var lp = await lpRun;
            output.WriteLine($"  cbc LP {lp.Status} {lp.Objective.ToString("R", CultureInfo.InvariantCulture)}, MPS {mps.Status} {mps.Objective.ToString("R", CultureInfo.InvariantCulture)}; our bound {ours.Solve.BestBound?.ToString("R", CultureInfo.InvariantCulture)}");
            // The two files are one model: cbc reads the same optimum from both.
            Assert.True(Math.Abs(lp.Objective - mps.Objective) <= Tolerance * Math.Max(1, Math.Abs(mps.Objective)), $"{label}: cbc LP {lp.Objective:R}, MPS {mps.Objective:R}");
            foreach (var (format, theirs) in new[] { ("LP", lp), ("MPS", mps) })
            {
                Assert.True(theirs.Status == "Optimal", $"{label}: cbc ({format}) says '{theirs.Status}'\n{theirs.Log}");
                var slack = Tolerance * Math.Max(1, Math.Abs(theirs.Objective));
                if (ours.Status == "optimal")
                {
                    Assert.True(Math.Abs(ours.Objective!.Value - theirs.Objective) <= slack, $"{label}: CP-SAT {ours.Objective:R}, cbc ({format}) {theirs.Objective:R}");
                }
                else
                {
                    // Stopped at the time limit: cbc's optimum must lie between CP-SAT's proven bound and its allocation.
                    Assert.True(theirs.Objective >= ours.Solve.BestBound!.Value - slack && theirs.Objective <= ours.Objective!.Value + slack,
                        $"{label}: cbc ({format}) {theirs.Objective:R} outside CP-SAT's [{ours.Solve.BestBound:R}, {ours.Objective:R}]");
                }
            }
            // The objective is made of what the answer reports: cost, λ·borders, μ·deviation, κ·splits (each rounded to r/1000).
            Assert.True(ours.Objective!.Value >= ours.Cost!.Value * (1 - 1e-6) - 1, $"{label}: objective {ours.Objective} below the cost {ours.Cost}");
            compared += ours.Status == "optimal" ? 1 : 0;
            splitOrBorder += ours.CrossBorderInterfaceWeight > 0 || ours.SplitSubsystems.Count > 0 ? 1 : 0;
        }
        // Seeds 2, 3, 5 and 6 are proven within 4 s, also beside other suites; 11 and 12 take 5–10 s, and when they stop
        // at the limit they are checked against the bound above; 1, 4, 7, 8, 9 and 10 are infeasible for both.
        Assert.True(compared >= 4, $"{compared} of 12 programs compared at CP-SAT's proven optimum ({infeasible} infeasible for both)");
        Assert.True(infeasible >= 2, $"{infeasible} of 12 programs infeasible for both: the generator should produce some");
        Assert.True(splitOrBorder >= 2, $"{splitOrBorder} of {compared} allocations had a border or a split: the generator should exercise them");
    }

    /// <summary>
    /// cbc on one file: without preprocessing, and — when that answer differs from ours — again with cbc's default
    /// preprocessing, the lower of two "Optimal" answers kept. Debian's cbc 2.10.8 has declared a dearer allocation
    /// "Optimal" in each setting on one program or another: with preprocessing on a 48-package LP (see <see cref="Cbc"/>),
    /// and without it on the LP of generated seed 12 once borders were written in both directions (2,236,267,180 against
    /// the 2,235,819,430 that cbc with preprocessing, cbc on the MPS, and HiGHS on the same LP file all find). A true
    /// optimum below ours from either run still fails the check.
    /// </summary>
    private static CoinSolver.Answer Best(string cbc, string model, string? fileName, double ours)
    {
        var first = CoinSolver.Solve(cbc, model, Cbc, fileName ?? "model.mps");
        if (first.Status != "Optimal" || Math.Abs(first.Objective - ours) <= Tolerance * Math.Max(1, Math.Abs(ours)))
        {
            return first;
        }
        string[] preprocessed = ["-sec", "120", "-solve"];
        var second = CoinSolver.Solve(cbc, model, preprocessed, fileName ?? "model.mps");
        return second.Status == "Optimal" && second.Objective < first.Objective ? second : first;
    }

    /// <summary>
    /// Two 60-package programs with the default λ, μ and κ, on which HiGHS had declared "optimal" an allocation
    /// $136,810 (integrated, seed 3) and $133,050 (blend, seed 4) above the optimum cbc and CP-SAT found, before the
    /// deviation columns were scaled for the LP solvers (ADR 0041). Musubi must prove cbc's optimum.
    /// </summary>
    [CoinTheory("cbc")]
    [InlineData(3, WorkshareMode.Integrated)]
    [InlineData(4, WorkshareMode.Blend)]
    public void Sixty_package_programs_with_the_default_weights_have_cbcs_optimum(int seed, WorkshareMode mode)
    {
        var cbc = CoinSolver.Require("cbc");
        var problem = WorkshareGenerator.Make(seed, 60, 30, 3);
        var options = new WorkshareOptions(mode, TimeLimitSeconds: 60, Workers: 2);
        var ours = HighsTurn.Run(() => WorkshareAllocator.Allocate(problem, options));
        output.WriteLine($"seed {seed}, {mode}: Musubi {ours.Status} {ours.Objective?.ToString("R", CultureInfo.InvariantCulture)} in {ours.Solve.SolveSeconds:0.00} s; {ours.Solve.Solver}");
        var lp = CoinSolver.Solve(cbc, WorkshareAllocator.ExportLp(problem, options), Cbc, "model.lp");
        output.WriteLine($"cbc {lp.Status} {lp.Objective.ToString("R", CultureInfo.InvariantCulture)}");
        Assert.Equal("optimal", ours.Status);
        Assert.True(lp.Status == "Optimal", $"cbc says '{lp.Status}'\n{lp.Log}");
        Assert.True(Math.Abs(ours.Objective!.Value - lp.Objective) <= Tolerance * lp.Objective, $"Musubi {ours.Objective:R}, cbc {lp.Objective:R}");
    }

    [CoinFact("cbc")]
    public void A_program_whose_capacities_cannot_carry_its_work_is_infeasible_for_both()
    {
        var cbc = CoinSolver.Require("cbc");
        // Capacities at 0.3 of the plausible ones: together they carry well under the program's work.
        var problem = WorkshareGenerator.Make(42, 40, 16, 4, capacityFactor: 0.3);
        var options = new WorkshareOptions(WorkshareMode.Integrated, TimeLimitSeconds: 60, Workers: 2);
        var ours = HighsTurn.Run(() => WorkshareAllocator.Allocate(problem, options));
        Assert.Equal("infeasible", ours.Status);
        Assert.NotEmpty(ours.Conflicts);
        output.WriteLine(string.Join("\n", ours.Conflicts.Select(c => $"{c.Kind}:{c.Subject} — {c.Message}")));
        var lp = CoinSolver.Solve(cbc, WorkshareAllocator.ExportLp(problem, options), Cbc, "model.lp");
        var mps = CoinSolver.Solve(cbc, WorkshareAllocator.ExportMps(problem, options), Cbc);
        Assert.True(lp.Status == "Infeasible", $"cbc (LP) says '{lp.Status}'\n{lp.Log}");
        Assert.True(mps.Status == "Infeasible", $"cbc (MPS) says '{mps.Status}'\n{mps.Log}");
    }
}
