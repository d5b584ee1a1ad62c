using System.Globalization;
using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Engines.Tests.Workshare;

/// <summary>
/// The cutoff proof (ADR 0030). The child's side, run in this process: every cutoff it says it proved is at most the
/// optimum HiGHS proves, and once the cutoff passes the optimum it reports the optimum itself; input that is not a model
/// is refused with exit code 2. The parent's side, with a stand-in child: it reads the lines as they come, keeps the
/// highest bound, and unscales it.
/// </summary>
[Collection(HighsCollection.Name), HighsTurn]
public sealed class WorkshareCutoffProofTests
{
    private static (WorkshareModel Model, WorkshareHighsModel Highs, WorkshareOptions Options) Program(WorkshareProblem problem,
        WorkshareMode mode = WorkshareMode.Integrated)
    {
        var total = problem.WorkPackages.Sum(w => w.Cost);
        var options = new WorkshareOptions(mode, Lambda: 0.002 * total, Mu: 0.01, Kappa: 0.005 * total, TimeLimitSeconds: 60, Workers: 1);
        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, mode, explain: false, leafBorders: true);
        return (model, new WorkshareHighsModel(model), options);
    }

    /// <summary>The child's lines, each outcome after the <c>trying</c> line of its cutoff (checked here).</summary>
    private static List<(string Outcome, double Value, double Lp)> RunChild(WorkshareHighsModel model, double seconds, double margin, bool fit = false)
    {
        var lines = RunChildLines(model, seconds, margin, fit);
        for (var i = 0; i < lines.Count; i++)
        {
            // Every proof is announced with its cutoff; a proven cutoff is the one announced.
            var announced = i > 0 && lines[i - 1].Outcome == "trying";
            Assert.True(lines[i].Outcome == "trying" ? !announced : announced, $"line {i}: {lines[i]}");
            if (lines[i].Outcome == "proven")
            {
                Assert.Equal(lines[i - 1].Value, lines[i].Value);
            }
        }
        return [.. lines.Where(l => l.Outcome != "trying")];
    }

    private static List<(string Outcome, double Value, double Lp)> RunChildLines(WorkshareHighsModel model, double seconds, double margin, bool fit)
    {
        using var input = new MemoryStream();
        using (var writer = new BinaryWriter(input, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            WorkshareProofProcess.Write(writer, model, seconds, margin, fit);
        }
        input.Position = 0;
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        Assert.Equal(0, WorkshareProofProcess.Run(input, output, error, exitWhenInputCloses: false));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("done", lines[^1]);
        return [.. lines[..^1].Select(l => l.Split(' ')).Select(w =>
        {
            Assert.Equal(4, w.Length);
            Assert.Equal("lp", w[2]);
            return (w[0], double.Parse(w[1], CultureInfo.InvariantCulture), double.Parse(w[3], CultureInfo.InvariantCulture));
        })];
    }

    [Theory]
    [InlineData(1, WorkshareMode.Integrated)]
    [InlineData(2, WorkshareMode.Integrated)]
    [InlineData(3, WorkshareMode.Integrated)]
    [InlineData(1, WorkshareMode.Blend)]
    [InlineData(2, WorkshareMode.Blend)]
    public void Child_ProvesCutoffsUpToTheOptimum_ThenReportsIt(int seed, WorkshareMode mode)
    {
        // The child tells HiGHS each cutoff as its objective bound as well as the row (ADR 0039): what it proves must
        // still be at most the optimum, and the optimum itself still found once a cutoff passes it.
        var problem = WorkshareGenerator.Make(seed, 30, 30, 3);
        var (model, highs, options) = Program(problem, mode);
        var optimum = WorkshareAllocator.Allocate(problem, options);
        if (optimum.Status == "infeasible")
        {
            return;
        }
        Assert.Equal("optimal", optimum.Status);
        // The optimum in HiGHS' scaled units.
        var optimumScaled = Math.ScaleB((double)((decimal)optimum.Objective!.Value / model.ObjectiveUnitUsd), -highs.ScaleExponent);

        // Cutoffs 1% above the LP, then higher each time (these proofs are quick: a quarter more), until one passes the optimum.
        var lines = RunChild(highs, 60, 0.01);

        Assert.NotEmpty(lines);
        var tolerance = 1e-6 * Math.Abs(optimumScaled) + Math.ScaleB(1, -highs.ScaleExponent);
        foreach (var (outcome, value, lp) in lines)
        {
            Assert.True(lp <= optimumScaled + tolerance, $"the LP ({lp}) is a bound on the optimum ({optimumScaled})");
            if (outcome == "proven")
            {
                Assert.True(value <= optimumScaled + tolerance, $"a proven cutoff ({value}) is at most the optimum ({optimumScaled})");
            }
        }
        var proven = lines.Where(l => l.Outcome == "proven").Select(l => l.Value).ToList();
        Assert.Equal(proven.OrderBy(v => v), proven);
        // The last cutoff passed the optimum: the child found and proved it.
        var (lastOutcome, lastValue, _) = lines[^1];
        Assert.Equal("optimal", lastOutcome);
        Assert.InRange(lastValue, optimumScaled - tolerance, optimumScaled + tolerance);
    }

    [Theory]
    [InlineData(WorkshareMode.Integrated)]
    [InlineData(WorkshareMode.Blend)]
    public void Child_CutoffAQuarterUnitAboveTheOptimum_ReportsTheOptimum_NotAProof(WorkshareMode mode)
    {
        // The objective bound HiGHS is told sits a little above the row (ADR 0039). Were it at or below the optimum's
        // value, HiGHS could prune the optimum and the child claim that nothing costs less than a cutoff above it.
        var problem = WorkshareGenerator.Make(1, 30, 30, 3);
        var (model, highs, options) = Program(problem, mode);
        var optimum = WorkshareAllocator.Allocate(problem, options);
        Assert.Equal("optimal", optimum.Status);
        var unit = Math.ScaleB(1, -highs.ScaleExponent);
        var optimumScaled = Math.ScaleB((double)((decimal)optimum.Objective!.Value / model.ObjectiveUnitUsd), -highs.ScaleExponent);
        var lp = RunChild(highs, 60, 0.01)[0].Lp;
        Assert.True(optimumScaled - lp > unit, "the optimum lies above the LP on this program");

        var lines = RunChild(highs, 60, (optimumScaled + (unit / 4) - lp) / Math.Abs(lp));

        var (outcome, value, _) = lines[0];
        Assert.Equal("optimal", outcome);
        Assert.InRange(value, optimumScaled - (unit / 2), optimumScaled + (unit / 2));
    }

    [Theory]
    [InlineData(0.005, 1.0, 28.0, 0.00625)] // plenty of time: a quarter more, no further
    [InlineData(0.005, 10.0, 19.0, 0.0058736741)] // 0.5% × (0.8 × 19 / 10)^(1/2.6): between the limits
    [InlineData(0.005, 13.5, 13.5, 0.0055)] // the rule would stop: a tenth more all the same
    [InlineData(0.005, 20.0, 0.0, 0.0055)]
    [InlineData(0.01, 0.0, 5.0, 0.0125)] // a proof that took no measurable time still steps by at most a quarter
    public void NextMargin_FitsTheNextProofIntoTheTimeLeft_WithinATenthAndAQuarter(double margin, double took, double left, double expected)
    {
        var next = WorkshareProofProcess.NextMargin(margin, took, left);

        Assert.Equal(expected, next, 1e-10);
        Assert.InRange(next, margin * 1.1, margin * 1.25);
    }

    [Theory]
    [InlineData(0.009, 2.7, 57.375, 0.008)] // the calibration: 40% of the time left is FitRatio relaxations, so FitMargin
    [InlineData(0.009, 2.7, 25.3, 0.006331)] // the slower machine's run: 0.8% × (0.4 × 25.3 / (8.5 × 2.7))^(1/3.5)
    [InlineData(0.009, 0.05, 28.0, 0.009)] // a quick relaxation (a small program, a fast machine): the most
    [InlineData(0.009, 60.0, 5.0, 0.002)] // a slow one and little time: the least
    [InlineData(0.001, 60.0, 5.0, 0.001)] // never above the most, even below the least
    [InlineData(0.009, 0.0, 0.0, 0.002)] // no time left
    public void FittedMargin_TheMarginWhoseProofTakesItsShareOfTheTimeLeft_WithinTheLeastAndTheMost(double most, double lpSeconds, double left, double expected)
    {
        Assert.Equal(expected, WorkshareProofProcess.FittedMargin(most, lpSeconds, left), 1e-6);
    }

    [Fact]
    public void FittedMargin_FallsWithTheRelaxationsTime_RisesWithTheTimeLeft()
    {
        var byLp = new[] { 1.0, 2.0, 3.0, 5.0, 8.0 }.Select(lp => WorkshareProofProcess.FittedMargin(0.02, lp, 30)).ToList();
        var byLeft = new[] { 5.0, 10.0, 20.0, 40.0 }.Select(left => WorkshareProofProcess.FittedMargin(0.02, 3, left)).ToList();

        Assert.Equal(byLp.OrderByDescending(m => m), byLp);
        Assert.Equal(byLp.Count, byLp.Distinct().Count());
        Assert.Equal(byLeft.OrderBy(m => m), byLeft);
        Assert.Equal(byLeft.Count, byLeft.Distinct().Count());
    }

    [Theory]
    [InlineData(WorkshareMode.Integrated)]
    [InlineData(WorkshareMode.Blend)]
    public void Child_Fitted_SmallProgramsQuickRelaxation_FirstCutoffAtTheMost(WorkshareMode mode)
    {
        // A 30-package program's relaxation takes milliseconds: the fitted margin is the most the input allows, as
        // the first "trying" line shows.
        var (_, highs, _) = Program(WorkshareGenerator.Make(1, 30, 30, 3), mode);

        var lines = RunChildLines(highs, 60, 0.01, fit: true);

        var (outcome, cutoff, lp) = lines[0];
        Assert.Equal("trying", outcome);
        Assert.Equal(0.01, (cutoff - lp) / Math.Abs(lp), 1e-9);
    }

    [Fact]
    public void NextMargin_RisesWithTheTimeLeft()
    {
        var margins = new[] { 14.0, 17.0, 19.0, 21.0, 24.0, 40.0 }.Select(left => WorkshareProofProcess.NextMargin(0.005, 12, left)).ToList();

        Assert.Equal(margins.OrderBy(m => m), margins);
        Assert.Equal(0.0055, margins[0], 1e-12);
        Assert.Equal(0.00625, margins[^1], 1e-12);
    }

    [Fact]
    public void Child_RefusesInputThatIsNotAModel()
    {
        using var input = new MemoryStream("musubi\n"u8.ToArray());
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);

        Assert.Equal(2, WorkshareProofProcess.Run(input, output, error, exitWhenInputCloses: false));
        Assert.Equal("done", output.ToString().Trim());
        Assert.Contains("not a command", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="body"/> with <paramref name="launch"/> as the child's command, then puts the host's back.</summary>
    private static void WithChild(string[]? launch, Action body)
    {
        var saved = WorkshareProofProcess.Launch;
        try
        {
            WorkshareProofProcess.Launch = launch;
            body();
        }
        finally
        {
            WorkshareProofProcess.Launch = saved;
        }
    }

    [Fact]
    public void Parent_KeepsTheHighestBound_Unscaled()
    {
        var (_, highs, _) = Program(WorkshareGenerator.Make(1, 12, 10, 2));
        // A stand-in child: takes the model, answers two proofs and a bound below them, then waits for its input to close.
        WithChild(["/bin/sh", "-c", "head -c 16 >/dev/null; echo 'proven 1000 lp 900'; echo 'proven 1250.5 lp 900'; echo 'bound 1100 lp 900'; echo done; cat >/dev/null"], () =>
        {
            using var proof = WorkshareCutoffProof.Start(highs, 10);
            Assert.NotNull(proof);

            var bound = proof.Finish(TimeSpan.FromSeconds(20));

            Assert.Equal(highs.Unscale(1250.5), bound);
            Assert.Equal<(string, double, double)?>(("proven", highs.Unscale(1250.5), highs.Unscale(900)), proof.Result);
        });
    }

    [Fact]
    public void Parent_TryingLines_AreNotBounds_TheFirstGivesTheFirstMargin_TheFirstProofItsTime()
    {
        var (_, highs, _) = Program(WorkshareGenerator.Make(1, 12, 10, 2));
        // A stand-in child: sets out to prove 1008 over an LP of 1000 (0.8%), proves it, sets out to prove 2000 (far above
        // any bound it reports), and ends with a bound below that.
        WithChild(["/bin/sh", "-c", "head -c 16 >/dev/null; echo 'trying 1008 lp 1000'; echo 'proven 1008 lp 1000'; echo 'trying 2000 lp 1000'; echo 'bound 1004 lp 1000'; echo done; cat >/dev/null"], () =>
        {
            using var proof = WorkshareCutoffProof.Start(highs, 10);
            Assert.NotNull(proof);

            var bound = proof.Finish(TimeSpan.FromSeconds(20));

            Assert.Equal(highs.Unscale(1008), bound);
            Assert.Equal("proven", proof.Result!.Value.Outcome);
            Assert.Equal(0.008, proof.FirstMargin!.Value, 1e-12);
            Assert.InRange(proof.FirstProvenSeconds!.Value, 0, 20);
        });
    }

    [Theory]
    [InlineData(WorkshareMode.Integrated)]
    [InlineData(WorkshareMode.Blend)]
    public void Start_GivesTheChildTheModesFirstMargin(WorkshareMode mode)
    {
        // Blend mode's first cutoff is higher (ADR 0038).
        Assert.Equal(mode == WorkshareMode.Blend ? WorkshareCutoffProof.BlendMargin : WorkshareCutoffProof.Margin, WorkshareCutoffProof.MarginFor(mode));
        Assert.True(WorkshareCutoffProof.BlendMargin > WorkshareCutoffProof.Margin);
        var (_, highs, _) = Program(WorkshareGenerator.Make(1, 12, 10, 2));
        var file = Path.Combine(Path.GetTempPath(), $"musubi-proof-margin-{Guid.NewGuid():N}");
        try
        {
            // A stand-in child that keeps the model's first 21 bytes (mark, seconds, margin, fit) and reports nothing.
            WithChild(["/bin/sh", "-c", $"head -c 21 > '{file}'; echo done; cat >/dev/null"], () =>
            {
                using var proof = WorkshareCutoffProof.Start(highs, 10, WorkshareCutoffProof.MarginFor(mode), WorkshareCutoffProof.FitsFor(mode));
                Assert.NotNull(proof);
                Assert.Equal(double.NegativeInfinity, proof.Finish(TimeSpan.FromSeconds(20)));
            });
            var bytes = File.ReadAllBytes(file);
            Assert.Equal(21, bytes.Length);
            Assert.Equal(10, BitConverter.ToDouble(bytes, 4));
            Assert.Equal(WorkshareCutoffProof.MarginFor(mode), BitConverter.ToDouble(bytes, 12));
            // Blend mode's first cutoff is fitted to the machine, at most its margin (ADR 0042).
            Assert.Equal(mode == WorkshareMode.Blend ? 1 : 0, bytes[20]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void GivesWayEarly_OnlyInBlendMode_PastTheRootSeconds_WithTheChildRunning()
    {
        var (_, highs, _) = Program(WorkshareGenerator.Make(1, 12, 10, 2));
        WithChild(["/bin/sh", "-c", "cat >/dev/null"], () =>
        {
            using var proof = WorkshareCutoffProof.Start(highs, 10);
            Assert.NotNull(proof);
            var running = Task.FromResult<WorkshareCutoffProof?>(proof);
            var past = WorkshareAllocator.BlendRootSeconds;

            Assert.True(WorkshareAllocator.GivesWayEarly(WorkshareMode.Blend, past, running));
            Assert.False(WorkshareAllocator.GivesWayEarly(WorkshareMode.Blend, past - 0.1, running));
            Assert.False(WorkshareAllocator.GivesWayEarly(WorkshareMode.Integrated, past + 5, running));
            Assert.False(WorkshareAllocator.GivesWayEarly(WorkshareMode.Blend, past + 5, Task.FromResult<WorkshareCutoffProof?>(null)));
            Assert.False(WorkshareAllocator.GivesWayEarly(WorkshareMode.Blend, past + 5, new TaskCompletionSource<WorkshareCutoffProof?>().Task));
            Assert.False(WorkshareAllocator.GivesWayEarly(WorkshareMode.Blend, past + 5, null));
            proof.Stop();
        });
    }

    [Fact]
    public void Parent_FirstProven_CompletesOnTheChildsFirstProof_AndStopKeepsIt()
    {
        var (_, highs, _) = Program(WorkshareGenerator.Make(1, 12, 10, 2));
        // A stand-in child that proves one cutoff and then would go on (it waits for its input to close).
        WithChild(["/bin/sh", "-c", "head -c 16 >/dev/null; echo 'proven 1000 lp 900'; cat >/dev/null"], () =>
        {
            using var proof = WorkshareCutoffProof.Start(highs, 10);
            Assert.NotNull(proof);

            Assert.True(proof.FirstProven.Wait(TimeSpan.FromSeconds(30)), "the first proof is seen");
            proof.Stop();

            Assert.Equal(highs.Unscale(1000), proof.Finish(TimeSpan.FromSeconds(5)));
            Assert.Equal<(string, double, double)?>(("proven", highs.Unscale(1000), highs.Unscale(900)), proof.Result);
        });
    }

    [Fact]
    public void Resume_AfterTheFirstProof_StopsTheChildAndAnnealsFromTheBestAllocation()
    {
        var problem = WorkshareGenerator.Make(1, 24, 30, 3);
        var (model, highs, options) = Program(problem);
        var setup = new WorkshareSetup(problem, options);
        // A start that keeps every row (a short annealing's), held as the shared best.
        var start = WorkshareAnneal.Search(setup, model, 7, TimeSpan.FromMinutes(1), CancellationToken.None, steps: 2_000);
        Assert.NotNull(start);
        var startUnits = new WorkshareState(setup, model, start).Objective;
        var incumbent = new WorkshareIncumbent();
        incumbent.Offer(start, startUnits);
        WithChild(["/bin/sh", "-c", "head -c 16 >/dev/null; echo 'proven 1000 lp 900'; cat >/dev/null"], () =>
        {
            using var proof = WorkshareCutoffProof.Start(highs, 10);
            Assert.NotNull(proof);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var stop = new CancellationTokenSource();

            // Five seconds from now: the child's line comes at once, then the annealing runs to the deadline. The
            // allocator's search stops when it starts (the second chain, ADR 0035): the callback runs once, before it.
            var calls = 0;
            var calledAt = double.NaN;
            var resumed = WorkshareAllocator.Resume(setup, model, proof, incumbent, clock, deadline: 5, stopChild: true, stop.Token,
                () => { Interlocked.Increment(ref calls); calledAt = clock.Elapsed.TotalSeconds; });

            Assert.True(resumed.Wait(TimeSpan.FromSeconds(60)), "the resumed annealing ends at its deadline");
            var r = Assert.IsType<WorkshareAllocator.Resumed>(resumed.Result);
            Assert.Equal(1, calls);
            Assert.InRange(calledAt, r.AtSeconds, 4.5);
            Assert.True(r.StoppedChild);
            Assert.Equal(startUnits, r.FromUnits);
            Assert.True(r.AtSeconds < 5);
            var best = incumbent.Best()!.Value;
            Assert.True(best.Objective <= startUnits, $"{best.Objective} above the start {startUnits}");
            Assert.True(WorksharePolish.Satisfies(model, WorksharePolish.Complete(setup, model, best.Choice)));
            // The child was stopped; what it proved stands.
            Assert.Equal(highs.Unscale(1000), proof.Finish(TimeSpan.Zero));
        });
    }

    [Fact]
    public void Resume_CancelledBeforeAnyProof_DoesNothing()
    {
        var problem = WorkshareGenerator.Make(1, 24, 30, 3);
        var (model, highs, options) = Program(problem);
        var setup = new WorkshareSetup(problem, options);
        var incumbent = new WorkshareIncumbent();
        WithChild(["/bin/sh", "-c", "cat >/dev/null"], () =>
        {
            using var proof = WorkshareCutoffProof.Start(highs, 10);
            Assert.NotNull(proof);
            using var stop = new CancellationTokenSource();
            var called = false;
            var resumed = WorkshareAllocator.Resume(setup, model, proof, incumbent, System.Diagnostics.Stopwatch.StartNew(), deadline: 30, stopChild: true, stop.Token,
                () => called = true);

            stop.Cancel();

            Assert.True(resumed.Wait(TimeSpan.FromSeconds(30)));
            Assert.Null(resumed.Result);
            Assert.False(called, "the search is not stopped for an annealing that never resumed");
            Assert.Null(incumbent.Best());
        });
    }

    [Fact]
    public void Parent_FirstProven_CompletesWhenTheChildGoesWithoutAProof()
    {
        var (_, highs, _) = Program(WorkshareGenerator.Make(1, 12, 10, 2));
        WithChild(["/bin/sh", "-c", "head -c 16 >/dev/null; echo 'bound 950 lp 900'; echo done"], () =>
        {
            using var proof = WorkshareCutoffProof.Start(highs, 10);
            Assert.NotNull(proof);

            Assert.True(proof.FirstProven.Wait(TimeSpan.FromSeconds(30)), "waiting for a proof ends when the child has gone");
            Assert.Equal(highs.Unscale(950), proof.Finish(TimeSpan.FromSeconds(5)));
            Assert.Equal("bound", proof.Result!.Value.Outcome);
        });
    }

    [Fact]
    public void Parent_WithoutAChildOrTime_StartsNothing()
    {
        var (_, highs, _) = Program(WorkshareGenerator.Make(1, 12, 10, 2));
        WithChild(null, () => Assert.Null(WorkshareCutoffProof.Start(highs, 30)));
        WithChild(["/bin/sh", "-c", "cat >/dev/null"], () => Assert.Null(WorkshareCutoffProof.Start(highs, 1)));
    }

    [Fact]
    public void Parent_ChildThatSaysNothing_LeavesNoBound()
    {
        var (_, highs, _) = Program(WorkshareGenerator.Make(1, 12, 10, 2));
        WithChild(["/bin/sh", "-c", "cat >/dev/null"], () =>
        {
            using var proof = WorkshareCutoffProof.Start(highs, 10);
            Assert.NotNull(proof);

            Assert.Equal(double.NegativeInfinity, proof.Finish(TimeSpan.FromMilliseconds(200)));
            Assert.Null(proof.Result);
        });
    }
}
