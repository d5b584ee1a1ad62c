using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;

namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// The workshare allocator of docs/engines/workshare.md: each work package to exactly one capable company whose nation
/// may receive its data, capacities respected, each nation's share of the work within its funding share ± tolerance,
/// at least cost × factors + λ·cross-border interfaces + μ·share deviation (+ κ·subsystem splits in blend mode), solved
/// with HiGHS (the MIP solver in OR-Tools' runtime package); an infeasible program comes back with a small set of conflicting
/// limits in words, found with OR-Tools' CP-SAT.
/// </summary>
public static class WorkshareAllocator
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Checks what a caller can fix; throws <see cref="WorkshareValidationException"/> naming every bad field.</summary>
    public static void Validate(WorkshareProblem problem) => Validate(problem, null);

    /// <summary>
    /// Checks the problem and the options (λ, μ, κ ≥ 0, a time limit in (0, 3600] seconds); throws
    /// <see cref="WorkshareValidationException"/> naming every bad field (<c>workPackages[2].cost</c>, <c>lambda</c>).
    /// </summary>
    public static void Validate(WorkshareProblem problem, WorkshareOptions? options)
    {
        var errors = WorkshareValidation.Problems(problem, options);
        if (errors.Count > 0)
        {
            throw new WorkshareValidationException(errors);
        }
    }

    /// <summary>Allocates under <paramref name="options"/>.</summary>
    public static WorkshareResult Allocate(WorkshareProblem problem, WorkshareOptions options) => Allocate(problem, options, null, Engine.Highs);

    /// <summary>Whether the annealing runs beside HiGHS (on by default; the benchmark switches it off to measure HiGHS alone).</summary>
    internal static bool Annealing { get; set; } = true;

    /// <summary>Whether HiGHS gives way to the neighbourhood search once its bound stalls beside the annealing (on by default; the benchmark can switch it off).</summary>
    internal static bool Neighbourhoods { get; set; } = true;

    /// <summary>Whether SCIP runs for the bound beside the neighbourhood search (on by default; the benchmark can switch it off).</summary>
    internal static bool ScipBound { get; set; } = true;

    /// <summary>Whether the cutoff proof runs in a child process when the host allows it (on by default; the benchmark can switch it off).</summary>
    internal static bool CutoffProof { get; set; } = true;

    /// <summary>
    /// Whether the annealing resumes once the cutoff proof's first cutoff is proven (ADR 0034; on by default, the benchmark
    /// can switch it off).
    /// </summary>
    internal static bool ResumeAnnealing { get; set; } = true;

    /// <summary>
    /// Whether, once the annealing resumes on the stopped child's core (two workers), the neighbourhood search stops too
    /// and its thread runs a second annealing chain (ADR 0035). Off only to measure without it.
    /// </summary>
    internal static bool SecondChain { get; set; } = true;

    /// <summary>Whether the annealing starts from the LP relaxation rounded (ADR 0037). Off only to measure without it.</summary>
    internal static bool RelaxationStart { get; set; } = true;

    /// <summary>
    /// Whether the neighbourhood search's sub-problems short of the whole program run on a model with the deviations in
    /// whole units (ADR 0042; on by default, the benchmark can switch it off).
    /// </summary>
    internal static bool UnitRegions { get; set; } = true;

    /// <summary>
    /// Whether, in blend mode, the neighbourhood search's regions between the relaxation's are whole subsystems (ADR 0038;
    /// on by default, the benchmark can switch it off).
    /// </summary>
    internal static bool SubsystemRegions { get; set; } = true;

    /// <summary>
    /// Whether, in blend mode, HiGHS gives way to the neighbourhood search <see cref="BlendRootSeconds"/> into its run
    /// once the cutoff proof's child is running (ADR 0038; on by default, the benchmark can switch it off).
    /// </summary>
    internal static bool BlendEarlySearch { get; set; } = true;

    /// <summary>
    /// How long HiGHS runs in blend mode before it gives way, when the cutoff proof's child runs (ADR 0038). The bound
    /// there is the child's: on the benchmark's program HiGHS' own ended below the child's first cutoff in every run. Until
    /// the stall rule stopped HiGHS (about 13 s in), three threads shared the two cores, and the child proved its first
    /// cutoff at 21.5 s rather than 16.6–17.6 s.
    /// </summary>
    internal static double BlendRootSeconds { get; set; } = 3;

    /// <summary>Whether blend mode runs the region by nation before the search (ADR 0051; on by default; the benchmark can switch it off).</summary>
    internal static bool NationRegion { get; set; } = true;

    /// <summary>
    /// Of the region by nation's time, what is kept for choosing the companies in its nations, and the most that choice
    /// takes (ADR 0051): HiGHS has it within a few million dollars in about a second, and rarely proves it.
    /// </summary>
    internal static double NationCompanySeconds { get; set; } = 1.5;

    /// <summary>
    /// The most the second annealing chain runs in HiGHS' place before the region by nation, and at most a tenth of the
    /// limit (ADR 0052): at 30 s the region then starts about when it did after HiGHS' short run (2.7–3.9 s in, ADR 0051).
    /// </summary>
    internal static double NationChainSeconds { get; set; } = 2.5;

    /// <summary>What the region by nation leaves of the limit to the search after it (ADR 0051).</summary>
    internal const double NationReserveSeconds = 0.5;

    /// <summary>Whether HiGHS gives way early (<see cref="BlendEarlySearch"/>): blend mode, its run past <see cref="BlendRootSeconds"/>, the child running.</summary>
    internal static bool GivesWayEarly(WorkshareMode mode, double elapsed, Task<WorkshareCutoffProof?>? proofStart) =>
        BlendEarlySearch && mode == WorkshareMode.Blend && elapsed >= BlendRootSeconds && proofStart is { IsCompletedSuccessfully: true, Result: not null };

    /// <summary>The time the cutoff proof's child is given to report before the search ends.</summary>
    private const double ProofReportSeconds = 0.5;

    /// <summary>How long HiGHS runs before the cutoff proof's child is started (a program solved sooner needs none).</summary>
    private const double ProofDelaySeconds = 0.5;

    /// <summary>Whether the neighbourhood search lets the local-branching relaxation pick regions (ADR 0028; on by default; the benchmark can switch it off).</summary>
    internal static bool RelaxedRegions { get; set; } = true;

    /// <summary>The solver of an allocation: HiGHS (the default) or CP-SAT (kept for the benchmark's comparison).</summary>
    internal enum Engine
    {
        Highs,
        CpSat,
    }

    /// <summary>
    /// Allocates with <paramref name="engine"/> and more solver options after the usual ones (HiGHS: <c>name=value</c>
    /// pairs separated by commas, e.g. <c>random_seed=2</c>; CP-SAT: its text format, e.g. <c>linearization_level:2</c>):
    /// for the benchmark's experiments.
    /// </summary>
    internal static WorkshareResult Allocate(WorkshareProblem problem, WorkshareOptions options, string? extraParameters, Engine engine = Engine.Highs)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(problem, options);
        var clock = Stopwatch.StartNew();
        var setup = new WorkshareSetup(problem, options);
        var workers = Workers(options);

        var noCandidate = WorkshareExplain.NoCandidates(setup);
        if (noCandidate.Count > 0)
        {
            var info = new WorkshareSolveInfo(0, 0, clock.Elapsed.TotalSeconds, 0, null, null, "none (no company can take some work packages)");
            return Empty(setup, "infeasible", noCandidate, info, minimal: true);
        }

        var beside = AnnealsBeside(options, engine, workers);
        var model = new WorkshareModel(setup, options.Mode, explain: false, leafBorders: beside);
        var build = clock.Elapsed.TotalSeconds;
        // HiGHS leaves the last 5% of the limit (at most a second) to the local search on an allocation it did not prove.
        var polish = engine == Engine.Highs ? Math.Min(1.0, 0.05 * options.TimeLimitSeconds) : 0;
        // With two threads or more, simulated annealing looks for allocations beside HiGHS' branch and bound, which
        // keeps one core busy; the better of the two allocations is the answer (ADR 0022). A long-running task (its own
        // thread, not one of the pool's that serve requests), stopped when HiGHS returns or throws; an annealing that
        // failed contributes nothing.
        using var stopAnnealing = new CancellationTokenSource();
        // The annealing alone can be stopped early, when the cutoff proof needs its core (below).
        using var stopAnnealingOnly = CancellationTokenSource.CreateLinkedTokenSource(stopAnnealing.Token);
        using var stopSearch = CancellationTokenSource.CreateLinkedTokenSource(stopAnnealing.Token);
        var incumbent = beside ? new WorkshareIncumbent() : null;
        var highsModel = new WorkshareHighsModel(model);
        // The limit counts from here: the relaxation's time below is the solve's.
        var started = clock.Elapsed.TotalSeconds;
        // The annealing starts from the LP relaxation rounded, cool (ADR 0037), when HiGHS solves the relaxation within a
        // tenth of the limit and no other allocation holds the process' HiGHS (HighsMip): waiting for it would leave
        // the annealing idle. Otherwise from the cheapest companies, hot.
        // Blend mode's region by nation (when the search and the cutoff proof will run) needs the relaxation too, and
        // its annealing starts hot from the cheapest companies instead: the region opens the nations of the best
        // allocation at its start, and a hot annealing's are further from the relaxation's (ADR 0051).
        var byNationFirst = NationRegion && options.Mode == WorkshareMode.Blend && beside && Neighbourhoods && CutoffProof
            && WorkshareNeighbourhoods.Searches(setup.Packages.Length) && WorkshareProofProcess.Launch is not null;
        var relaxation = beside && (RelaxationStart || byNationFirst) && HighsMip.Idle
            ? WorkshareRelaxationStart.Relaxation(highsModel, 0.1 * options.TimeLimitSeconds)
            : null;
        byNationFirst &= relaxation is not null;
        var relaxationStart = RelaxationStart && !byNationFirst && relaxation is not null ? WorkshareRelaxationStart.Round(setup, model, relaxation) : null;
        var annealFor = options.TimeLimitSeconds - polish - (clock.Elapsed.TotalSeconds - started);
        var anneal = beside
            ? Task.Factory.StartNew(() => WorkshareAnneal.Search(setup, model, 1, TimeSpan.FromSeconds(Math.Max(0.1, annealFor)), stopAnnealingOnly.Token, shared: incumbent,
                    from: relaxationStart, heat: relaxationStart is null ? 1 : WorkshareAnneal.RelaxationHeat),
                stopAnnealing.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : null;
        (string Status, long[]? Values, double BoundUnits, string Solver) solved;
        WorkshareNeighbourhoods.Outcome? searched = null;
        var boundBeside = double.NegativeInfinity;
        var proofBound = double.NegativeInfinity;
        WorkshareCutoffProof? proof = null;
        Task<WorkshareCutoffProof?>? proofStart = null;
        using var stopProofStart = new CancellationTokenSource();
        Task<Resumed?>? resumed = null;
        double? secondChainAt = null;
        (WorkshareNationRegion.Outcome Outcome, double At)? byNation = null;
        // The two annealing chains' allocations before the region by nation (ADR 0052).
        int[][] chains = [];
        try
        {
            if (engine == Engine.CpSat)
            {
                solved = SolveCpSat(model, workers, options.TimeLimitSeconds, extraParameters);
            }
            else
            {
                // Beside the annealing, HiGHS is there for the bound: once it stops rising, HiGHS stops and its core
                // runs the neighbourhood search until the limit (ADR 0025).
                // The search's sub-problems run on the same HiGHS instance; the relaxation that picks regions on a second,
                // LP-only one (WorkshareNeighbourhoods).
                // When the search will run, a second HiGHS in a process of its own proves a cutoff for the bound (ADR 0030),
                // started only if HiGHS has not finished within half a second (small programs do, and need no second process).
                // A small program gets neither: HiGHS alone proves it sooner than the search and the proof would
                // (WorkshareNeighbourhoods.Searches, ADR 0040); it keeps every worker and runs to the limit.
                var search = beside && Neighbourhoods && WorkshareNeighbourhoods.Searches(setup.Packages.Length);
                proofStart = search && CutoffProof
                    ? WorkshareCutoffProof.StartAfter(highsModel, TimeSpan.FromSeconds(ProofDelaySeconds),
                        () => options.TimeLimitSeconds - polish - clock.Elapsed.TotalSeconds - ProofReportSeconds, WorkshareCutoffProof.MarginFor(options.Mode),
                        WorkshareCutoffProof.FitsFor(options.Mode), stopProofStart.Token)
                    : null;
                var stall = new BoundStall();
                var stalled = false;
                // When the proof may start, it and the annealing take a worker each and HiGHS has the rest, at least one:
                // on two cores HiGHS' second thread slowed the child's proof (ADR 0031).
                var highsThreads = proofStart is not null && WorkshareProofProcess.Launch is not null ? Math.Max(1, workers - 2) : workers;
                using var highs = highsModel.Create(highsThreads, options.TimeLimitSeconds - polish);
                // Another allocation's HiGHS may have held the process' one instance (HighsMip): the limit counts from
                // the start, and the annealing has used the wait.
                var seconds = Math.Max(0.1, options.TimeLimitSeconds - polish - (clock.Elapsed.TotalSeconds - started));
                // Before the region by nation, a second annealing chain runs in HiGHS' place (ADR 0052).
                var chainFirst = byNationFirst && search;
                Func<double, long, double, bool>? giveWay = search ? (elapsed, _, bound) => stalled = stall.Stalled(elapsed, bound) || GivesWayEarly(options.Mode, elapsed, proofStart) : null;
                if (chainFirst)
                {
                    // Blend mode's region by nation opens the nations the annealing's allocations give packages outside the
                    // relaxation's; HiGHS' run before it added nothing there (its bound is below the child's, its
                    // allocation far above the annealing's). A second chain, from another seed, on HiGHS' thread gives the
                    // region a second set of such nations. Its allocation is offered once it ends, so that the first
                    // chain's own best is still known (ADR 0052).
                    var chain = WorkshareAnneal.Search(setup, model, 2, TimeSpan.FromSeconds(Math.Min(Math.Min(seconds, NationChainSeconds), 0.1 * options.TimeLimitSeconds)), stopAnnealing.Token);
                    var first = incumbent!.Best()?.Choice;
                    chains = [.. new[] { first, chain }.OfType<int[]>()];
                    if (chain is not null && WorksharePolish.Complete(setup, model, chain) is var chainValues && WorksharePolish.Satisfies(model, chainValues))
                    {
                        incumbent.Offer(chain, WorksharePolish.Units(model, chainValues));
                    }
                    // HiGHS' own bound is the relaxation's until it runs (a unit below its value, for its tolerances).
                    var relaxationUnits = highsModel.Unscale(relaxation!.Select((v, c) => v * highsModel.ScaledCost[c]).Sum());
                    solved = ("unknown", null, relaxationUnits - 1, Prepare(highsModel, highs, highsThreads, seconds, extraParameters, giveWay));
                }
                else
                {
                    solved = SolveHighs(highsModel, highs, highsThreads, seconds, extraParameters, giveWay);
                }
                if (chainFirst && incumbent!.Best() is null)
                {
                    // Neither chain has an allocation: HiGHS runs as without the region, to its stall or its give-way,
                    // rather than leave the region and the search nothing to start from; its allocation, when it keeps
                    // every row, is theirs too.
                    seconds = Math.Max(0.1, options.TimeLimitSeconds - polish - (clock.Elapsed.TotalSeconds - started));
                    solved = SolveHighs(highsModel, highs, highsThreads, seconds, extraParameters, giveWay);
                    if (solved.Values is { } early && WorksharePolish.Choice(model, early) is var earlyChoice
                        && WorksharePolish.Complete(setup, model, earlyChoice) is var earlyValues && WorksharePolish.Satisfies(model, earlyValues))
                    {
                        incumbent.Offer(earlyChoice, WorksharePolish.Units(model, earlyValues));
                    }
                }
                else
                {
                    stalled |= chainFirst;
                }
                if (chainFirst && proofStart is { IsCompleted: false })
                {
                    // The child is started on the thread pool half a second in, which a busy pool can delay past the second
                    // chain (seen in the engine tests): the region waits for it, to run beside the child's bound.
                    try
                    {
                        proofStart.Wait(TimeSpan.FromSeconds(ProofDelaySeconds + 2));
                    }
                    catch (AggregateException)
                    {
                        // Started(proofStart) below says what came of it.
                    }
                }
                var left = options.TimeLimitSeconds - polish - (clock.Elapsed.TotalSeconds - started);
                stopProofStart.Cancel();
                proof = WorkshareCutoffProof.Started(proofStart);
                if (stalled && solved.Status is "feasible" or "unknown" && left > 0.5)
                {
                    highs.StopInterrupts();
                    if (proof is not null)
                    {
                        // The proof's child takes the annealing's core; the search goes on from the best allocation so far.
                        stopAnnealingOnly.Cancel();
                        // In both modes: blend mode's first cutoff is fitted to the time left (ADR 0042), so its later
                        // cutoffs rarely land, and eight paired rounds showed lower allocations (ADR 0044; ADR 0034 had
                        // found none there while the later cutoffs still raised the bound).
                        if (ResumeAnnealing)
                        {
                            resumed = Resume(setup, model, proof, incumbent!, clock, started + options.TimeLimitSeconds - polish,
                                stopChild: workers < 3, stopAnnealing.Token, SecondChain && workers < 3 ? stopSearch.Cancel : null);
                        }
                    }
                    if (byNationFirst && proof is not null && left > 2 * NationCompanySeconds)
                    {
                        // Blend mode: first the region by nation, from the relaxation and the chains' allocations (the
                        // relaxation's nations alone, then the whole region), nearly to the limit; then the search for
                        // what is left (ADRs 0051 and 0052).
                        var at = clock.Elapsed.TotalSeconds;
                        byNation = (WorkshareNationRegion.Search(setup, model, highsModel, highs, relaxation!, chains, incumbent!, left - NationReserveSeconds,
                            NationCompanySeconds, stopAnnealing.Token), at);
                        left = options.TimeLimitSeconds - polish - (clock.Elapsed.TotalSeconds - started);
                    }
                    // Without the proof, SCIP carries on with the bound on the core HiGHS leaves, beside the search (ADR 0027).
                    using var scip = ScipBound && proof is null ? new WorkshareScipBeside(setup, model, highsModel, incumbent!, left) : null;
                    searched = WorkshareNeighbourhoods.Search(setup, model, highsModel, highs, incumbent!, TimeSpan.FromSeconds(left), stopSearch.Token, 1, relaxed: RelaxedRegions,
                        subsystems: SubsystemRegions, unitRegions: UnitRegions);
                    // Stopped for the resumed annealing (two workers, ADR 0035): the search had reached its basin by the
                    // first cutoff, so its thread anneals too, a second chain from the best so far that follows the shared
                    // best, until the limit.
                    var chainBudget = started + options.TimeLimitSeconds - polish - clock.Elapsed.TotalSeconds;
                    if (stopSearch.IsCancellationRequested && !stopAnnealing.IsCancellationRequested && chainBudget > 1 && incumbent!.Best() is { } chainFrom)
                    {
                        secondChainAt = clock.Elapsed.TotalSeconds;
                        WorkshareAnneal.Search(setup, model, 3, TimeSpan.FromSeconds(chainBudget), stopAnnealing.Token, shared: incumbent, from: chainFrom.Choice,
                            heat: WorkshareAnneal.ResumedHeat, follow: true);
                    }
                    boundBeside = scip?.Finish() ?? double.NegativeInfinity;
                    proofBound = proof?.Finish(TimeSpan.FromSeconds(ProofReportSeconds)) ?? double.NegativeInfinity;
                }
            }
        }
        finally
        {
            stopAnnealing.Cancel();
            stopProofStart.Cancel();
            (proof ?? WorkshareCutoffProof.Started(proofStart))?.Dispose();
        }
        Resumed? resumedFrom = null;
        try
        {
            resumedFrom = resumed is not null && resumed.Wait(TimeSpan.FromSeconds(1)) ? resumed.Result : null;
        }
        catch (AggregateException)
        {
            // A resumed annealing that failed contributes nothing; what it offered the shared best before stands.
        }
        var (status, values, boundUnits, solverName) = solved;
        if (values is not null && WorksharePolish.Complete(setup, model, WorksharePolish.Choice(model, values)) is var least
            && WorksharePolish.Satisfies(model, least))
        {
            // A solver stopped at the limit may leave a border or deviation column above what its allocation needs: the
            // answer's objective is the allocation's own (its least column values), the measure the other searches use.
            values = least;
        }
        if (status == "optimal" && WorksharePolish.Units(model, values!) > Math.Ceiling(boundUnits - 1e-6))
        {
            // HiGHS' optimum is its own incumbent's value, within its tolerances; the answer's is the allocation's
            // exact objective. Optimal only when that is within a unit of HiGHS' bound (ADR 0041).
            status = "feasible";
        }
        if (proof?.Result is { } child && proofBound > Math.Max(boundUnits, boundBeside))
        {
            var usd = (double)model.ObjectiveUnitUsd;
            solverName += child.Outcome switch
            {
                "proven" => string.Create(Invariant, $"; a second HiGHS, in a process of its own, proved that no allocation costs less than ${proofBound * usd:N0} (its LP bound, ${child.LpUnits * usd:N0}, plus {(proofBound - child.LpUnits) / Math.Max(1, Math.Abs(child.LpUnits)):0.###%}; its first cutoff proven {proof.FirstProvenSeconds:0.0} s after it started)"),
                "optimal" => string.Create(Invariant, $"; a second HiGHS, in a process of its own, found and proved the optimum, ${proofBound * usd:N0}"),
                _ => string.Create(Invariant, $"; a second HiGHS, in a process of its own, raised the bound to ${proofBound * usd:N0} (its cutoff, {proof.FirstMargin:0.###%} above its LP bound, not proven in time)"),
            };
            boundUnits = proofBound;
        }
        if (resumedFrom is { } r)
        {
            solverName += string.Create(Invariant, $"; once the first cutoff was proven, at {r.AtSeconds:0.0} s, {(r.StoppedChild ? "the child stopped and " : "")}the annealing resumed on its core from the best allocation then, ${r.FromUnits * (double)model.ObjectiveUnitUsd:N0}, its rounds from the best so far");
            if (secondChainAt is { } chain)
            {
                solverName += string.Create(Invariant, $"; the search stopped at {chain:0.0} s and its thread annealed too, a second chain from the best so far");
            }
        }
        if (byNation is ({ } region, var regionAt))
        {
            var usd = (double)model.ObjectiveUnitUsd;
            solverName += string.Create(Invariant, $"; at {regionAt:0.0} s a region by nation ({region.OpenPairs} package–nation pairs open, {region.OneNation} packages in one nation, the nations of the relaxation and of {chains.Length} annealing {(chains.Length == 1 ? "chain" : "chains")}; companies continuous), ")
                + (region.First is { } first
                    ? string.Create(Invariant, $"first the relaxation's nations alone ({first.OpenPairs} pairs): ")
                        + (double.IsNaN(first.RegionUnits) ? "no allocation"
                            : string.Create(Invariant, $"{(first.Status == HighsMip.StatusOptimal ? "solved" : "stopped")} at ${first.RegionUnits * usd:N0}")
                                + (first.OfferedUnits is { } firstOffered ? string.Create(Invariant, $", its companies chosen: ${firstOffered * usd:N0}") : ""))
                        + string.Create(Invariant, $", by {regionAt + first.EndSeconds:0.0} s; then ")
                    : "")
                + (region.Search is { } search
                    ? string.Create(Invariant, $"{search.Solved} neighbourhoods of the region (whole subsystems free to every nation, the last {search.LastSize} packages), {search.Lowered} lower")
                        + (search.Lowered > 0 ? string.Create(Invariant, $", from ${search.StartUnits * usd:N0} to ${search.RegionUnits * usd:N0}") : "")
                        + (search.OfferedUnits is { } searchOffered ? string.Create(Invariant, $", their companies chosen: ${searchOffered * usd:N0}") : "")
                        + string.Create(Invariant, $", by {regionAt + search.EndSeconds:0.0} s")
                        + (region.Whole ? "; then " : "")
                    : "")
                + (!region.Whole ? ""
                    : (region.First is not null || region.Search is not null ? "the whole region from " + (region.Search is not null ? "theirs, " : "it, ") : "")
                    + (double.IsNaN(region.RegionUnits) ? string.Create(Invariant, $"no allocation in {region.Seconds:0.0} s")
                    : string.Create(Invariant, $"{(region.Status == HighsMip.StatusOptimal ? "solved" : "stopped")} at ${region.RegionUnits * usd:N0}")
                        + (region.OfferedUnits is { } offered ? string.Create(Invariant, $", its companies chosen: ${offered * usd:N0}{(region.Lowered ? ", the lowest then" : ", not lower than the best then")}") : ", no allocation found in its nations")
                        + string.Create(Invariant, $", {region.Seconds:0.0} s")));
        }
        if (boundBeside > boundUnits)
        {
            solverName += string.Create(Invariant, $"; SCIP beside the search raised the bound by ${(boundBeside - boundUnits) * (double)model.ObjectiveUnitUsd:N0}");
            boundUnits = boundBeside;
        }
        if (searched is { Proven: true } && incumbent!.Best() is { } proven)
        {
            // A sub-problem that freed every package was solved to optimality: its allocation is the bound.
            boundUnits = Math.Max(boundUnits, proven.Objective);
        }
        if (anneal is not null)
        {
            int[]? annealed = null;
            try
            {
                annealed = anneal.GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // HiGHS' answer stands alone (with the neighbourhood search's, when it ran).
            }
            // The lower of the annealing's and the neighbourhood search's allocations (the search offers only lower ones).
            annealed = incumbent!.Best()?.Choice ?? annealed;
            var annealing = relaxationStart is null ? "simulated annealing beside it" : "simulated annealing beside it from the LP relaxation rounded";
            var by = searched is { Solved: > 0 } n
                ? string.Create(Invariant, $"{annealing}, then a neighbourhood search in its place once its bound stalled ({n.Solved} sub-problems, {n.Relaxed} of them over regions a local-branching relaxation picked, {n.Improved} lower allocations)")
                : annealing;
            if (annealed is not null && status is "feasible" or "unknown")
            {
                var found = WorksharePolish.Complete(setup, model, annealed);
                long Units(long[] v) => WorksharePolish.Units(model, v);
                if (WorksharePolish.Satisfies(model, found) && (values is null || Units(found) < Units(values)))
                {
                    solverName += string.Create(Invariant, $"; {by}: {(values is null ? "the only allocation found" : $"an allocation ${(Units(values) - Units(found)) * model.ObjectiveUnitUsd:N0} lower")}");
                    values = found;
                    status = double.IsFinite(boundUnits) && Units(found) <= Math.Ceiling(boundUnits - 1e-6) ? "optimal" : "feasible";
                }
            }
        }
        if (status == "feasible" && polish > 0 && WorksharePolish.Improve(setup, model, values!, TimeSpan.FromSeconds(polish)) is { } better)
        {
            long Units(long[] v) => WorksharePolish.Units(model, v);
            var (before, after) = (Units(values!), Units(better));
            solverName += string.Create(Invariant, $"; local search: ${(before - after) * model.ObjectiveUnitUsd:N0} lower");
            values = better;
            if (after <= Math.Ceiling(boundUnits - 1e-6))
            {
                status = "optimal";
            }
        }
        var solve = clock.Elapsed.TotalSeconds - build;

        switch (status)
        {
            case "optimal":
            case "feasible":
                break;
            case "infeasible":
                {
                    var explainStart = clock.Elapsed.TotalSeconds;
                    var (conflicts, minimal) = WorkshareExplain.Conflicts(setup, options.Mode, options.TimeLimitSeconds);
                    var info = new WorkshareSolveInfo(model.Columns.Count, model.Rows.Count, build, solve, null, null, solverName,
                        clock.Elapsed.TotalSeconds - explainStart);
                    return Empty(setup, "infeasible", conflicts, info, minimal);
                }
            default:
                return Empty(setup, "unknown", [], new WorkshareSolveInfo(model.Columns.Count, model.Rows.Count, build, solve, null, null, solverName), minimal: null);
        }

        // The objective from the solution's integers (units of r/1000 USD), so it is the exported model's value.
        var objectiveUnits = model.Objective.Sum(p => (decimal)p.Value * values![p.Key]);
        var objective = (double)(objectiveUnits * model.ObjectiveUnitUsd);
        // Every objective coefficient is a whole unit, so the optimum is a whole number of units: a bound rounds up.
        // No bound when HiGHS stopped before it had one (the annealing's allocation without HiGHS': −∞).
        double? bound = status == "optimal" ? objective
            : double.IsFinite(boundUnits) && Math.Abs(boundUnits) < 1e25 ? Math.Min(objective, (double)((decimal)Math.Ceiling(boundUnits - 1e-6) * model.ObjectiveUnitUsd))
            : null;
        double? gap = bound is { } b ? (objective - b) / Math.Max(1, Math.Abs(objective)) : null;

        return Describe(setup, status, WorksharePolish.Choice(model, values!), objective, new WorkshareSolveInfo(model.Columns.Count, model.Rows.Count, build, solve, bound, gap, solverName));
    }

    /// <summary>
    /// HiGHS' branch and bound (the library in OR-Tools' runtime package) on the model's rows: each objective
    /// coefficient a whole unit, so a solution whose value is within 0.999 of a unit of the bound is proven optimal
    /// (<c>mip_rel_gap</c> 0, <c>mip_abs_gap</c> 0.999). Solution values are rounded to the integers they are (within
    /// HiGHS' feasibility tolerance); the objective is then recomputed from them.
    /// </summary>
    private static (string Status, long[]? Values, double BoundUnits, string Solver) SolveHighs(WorkshareHighsModel model, HighsMip highs, int workers, double seconds,
        string? extra, Func<double, long, double, bool>? interrupt = null)
    {
        var solver = Prepare(model, highs, workers, seconds, extra, interrupt);
        var status = highs.Run();
        if (status == HighsMip.StatusInfeasible)
        {
            return ("infeasible", null, 0, solver);
        }
        if (!highs.HasSolution)
        {
            return ("unknown", null, model.Unscale(highs.DualBound), solver);
        }
        var values = model.ModelValues(highs.Solution(model.Cost.Length));
        return (status == HighsMip.StatusOptimal ? "optimal" : "feasible", values, model.Unscale(highs.DualBound), solver);
    }

    /// <summary>
    /// Sets HiGHS' limit, <paramref name="interrupt"/> and the <paramref name="extra"/> options for its next run; the
    /// solver's name with its options, for the answer.
    /// </summary>
    private static string Prepare(WorkshareHighsModel model, HighsMip highs, int workers, double seconds, string? extra, Func<double, long, double, bool>? interrupt)
    {
        highs.Set("time_limit", seconds);
        if (interrupt is not null)
        {
            highs.InterruptWhen(interrupt);
        }
        var options = model.Options(workers, seconds);
        foreach (var pair in highs.SetPairs(extra))
        {
            options += ", " + pair;
        }
        return $"HiGHS {HighsMip.Version} (from Google OR-Tools {Google.OrTools.Init.OrToolsVersion.VersionString()}; {options})";
    }

    /// <summary>CP-SAT on the same model (the allocator's solver until HiGHS proved far tighter bounds on large programs; docs/engines/workshare.md).</summary>
    private static (string Status, long[]? Values, double BoundUnits, string Solver) SolveCpSat(WorkshareModel model, int workers, double seconds, string? extra)
    {
        var parameters = string.Create(Invariant, $"num_workers:{workers}, max_time_in_seconds:{seconds}");
        if (!string.IsNullOrWhiteSpace(extra))
        {
            parameters += ", " + extra;
        }
        var (cp, variables, _) = model.ToCpModel();
        var solver = new CpSolver { StringParameters = parameters };
        var status = solver.Solve(cp);
        var name = $"CP-SAT {Google.OrTools.Init.OrToolsVersion.VersionString()} ({parameters})";
        return status switch
        {
            CpSolverStatus.Optimal or CpSolverStatus.Feasible => (status == CpSolverStatus.Optimal ? "optimal" : "feasible",
                [.. variables.Select(v => solver.Value(v))], solver.BestObjectiveBound, name),
            CpSolverStatus.Infeasible => ("infeasible", null, 0, name),
            CpSolverStatus.Unknown => ("unknown", null, 0, name),
            _ => throw new InvalidOperationException($"CP-SAT rejected the workshare model ({status}): {solver.SolutionInfo()}"),
        };
    }

    /// <summary>The three modes side by side (compartmentalized, integrated, blend), the rest of <paramref name="options"/> as given.</summary>
    public static IReadOnlyList<WorkshareResult> Compare(WorkshareProblem problem, WorkshareOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(problem, options);
        return [.. new[] { WorkshareMode.Compartmentalized, WorkshareMode.Integrated, WorkshareMode.Blend }.Select(m => Allocate(problem, options with { Mode = m }))];
    }

    /// <summary>The exact model <see cref="Allocate(WorkshareProblem, WorkshareOptions)"/> solves, in CPLEX LP format (objective in USD, as reported).</summary>
    public static string ExportLp(WorkshareProblem problem, WorkshareOptions options) => Model(problem, options).ExportLp();

    /// <summary>The exact model <see cref="Allocate(WorkshareProblem, WorkshareOptions)"/> solves, in free MPS.</summary>
    public static string ExportMps(WorkshareProblem problem, WorkshareOptions options) => Model(problem, options).ExportMps();

    /// <summary>
    /// The model Allocate would solve. A program where some package has no eligible company has no model (Allocate
    /// answers it without a solve): that is an <see cref="InvalidOperationException"/> naming the packages.
    /// </summary>
    private static WorkshareModel Model(WorkshareProblem problem, WorkshareOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(problem, options);
        var setup = new WorkshareSetup(problem, options);
        var none = WorkshareExplain.NoCandidates(setup);
        if (none.Count > 0)
        {
            throw new InvalidOperationException("no model to export: " + string.Join("; ", none.Select(c => c.Message)));
        }
        return new WorkshareModel(setup, options.Mode, explain: false,
            leafBorders: AnnealsBeside(options, Engine.Highs, Workers(options)));
    }

    /// <summary>The solver's threads: the options' workers, or the processors.</summary>
    private static int Workers(WorkshareOptions options) => options.Workers ?? Math.Max(1, Environment.ProcessorCount);

    /// <summary>When the resumed annealing began, from which allocation's objective (units), and whether it stopped the child.</summary>
    internal sealed record Resumed(double AtSeconds, long FromUnits, bool StoppedChild);

    /// <summary>
    /// Once the cutoff proof's first cutoff is proven (ADR 0034), the annealing resumes on the proof's core, cool
    /// (<see cref="WorkshareAnneal.ResumedHeat"/>), from the best allocation so far and each round from the best then,
    /// offering what it finds to the search, until <paramref name="deadline"/> on <paramref name="clock"/>. With
    /// <paramref name="stopChild"/> (no core to spare) the child stops first: on the benchmark's program a cutoff after
    /// the first raises the bound by about $0.07 billion, less than the allocations the annealing finds lower it by.
    /// </summary>
    internal static Task<Resumed?> Resume(WorkshareSetup setup, WorkshareModel model, WorkshareCutoffProof proof, WorkshareIncumbent incumbent,
        Stopwatch clock, double deadline, bool stopChild, CancellationToken stop, Action? onResume = null) =>
        Task.Factory.StartNew<Resumed?>(() =>
        {
            try
            {
                proof.FirstProven.Wait(stop);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            var budget = deadline - clock.Elapsed.TotalSeconds;
            if (budget < 1 || stop.IsCancellationRequested || incumbent.Best() is not { } from)
            {
                return null;
            }
            if (stopChild)
            {
                proof.Stop();
            }
            var at = clock.Elapsed.TotalSeconds;
            onResume?.Invoke();
            WorkshareAnneal.Search(setup, model, 2, TimeSpan.FromSeconds(budget), stop, shared: incumbent, from: from.Choice,
                heat: WorkshareAnneal.ResumedHeat, follow: true);
            return new Resumed(at, from.Objective, stopChild);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Whether simulated annealing runs beside HiGHS (ADR 0022), and so whether the model's borders take the leaf form
    /// (ADR 0024): its bound is much tighter, but HiGHS then spends its time on the root's cuts and finds poor
    /// allocations of its own, so the leaf form goes with the annealing that supplies them. The exported model follows
    /// the same rule, so it is the model an allocation with the same options solves.
    /// </summary>
    private static bool AnnealsBeside(WorkshareOptions options, Engine engine, int workers) =>
        engine == Engine.Highs && workers >= 2 && options.Mode != WorkshareMode.Compartmentalized && Annealing;

    private static WorkshareResult Describe(WorkshareSetup s, string status, int[] chosen, double objective, WorkshareSolveInfo info)
    {
        var nationOf = new int[s.Packages.Length];
        for (var w = 0; w < s.Packages.Length; w++)
        {
            nationOf[w] = s.CompanyNation[chosen[w]];
        }
        var (allocation, work, cost) = Money(s, chosen);
        var crossBorder = s.Interfaces.Where(f => nationOf[f.A] != nationOf[f.B]).Sum(f => f.Weight);
        var split = s.Subsystems.Where(x => x.Packages.Select(w => nationOf[w]).Distinct().Count() > 1).Select(x => x.Name).ToList();
        return new WorkshareResult(status, s.Problem.Program, s.Options.Mode, s.Problem.Policy, objective, allocation, Shares(s, work), cost,
            crossBorder, split, [], s.Lambda, s.Mu, s.Kappa, info);
    }

    /// <summary>
    /// Each assignment's value and cost, each nation's work and the total cost. In decimal arithmetic, on the figures
    /// as written (a double's 15 significant digits), so a $200 package at factor 1.1 costs $220 and $0.1 + $0.2 of
    /// work is $0.3, not 220.00000000000003 and 0.30000000000000004; in doubles when a figure is beyond decimal's range
    /// (about 7.9·10²⁸), where those digits no longer show.
    /// </summary>
    private static (List<WorkshareAssignment> Allocation, double[] Work, double Cost) Money(WorkshareSetup s, int[] chosen)
    {
        var allocation = new List<WorkshareAssignment>(s.Packages.Length);
        try
        {
            var work = new decimal[s.Nations.Length];
            var cost = 0m;
            for (var w = 0; w < s.Packages.Length; w++)
            {
                var k = s.Companies[chosen[w]];
                var value = (decimal)s.Packages[w].Cost;
                var costOf = value * (decimal)k.CostFactor;
                work[s.CompanyNation[chosen[w]]] += value;
                cost += costOf;
                allocation.Add(new(s.Packages[w].Id, k.Id, k.Nation, s.Packages[w].Cost, (double)costOf));
            }
            return (allocation, work.Select(x => (double)x).ToArray(), (double)cost);
        }
        catch (OverflowException)
        {
            allocation.Clear();
            var work = new double[s.Nations.Length];
            var cost = 0.0;
            for (var w = 0; w < s.Packages.Length; w++)
            {
                var k = s.Companies[chosen[w]];
                var value = s.Packages[w].Cost;
                work[s.CompanyNation[chosen[w]]] += value;
                cost += value * k.CostFactor;
                allocation.Add(new(s.Packages[w].Id, k.Id, k.Nation, value, value * k.CostFactor));
            }
            return (allocation, work, cost);
        }
    }

    private static List<WorkshareShare> Shares(WorkshareSetup s, double[]? work)
    {
        var history = s.HistoryWork.Sum();
        var all = history + s.Total;
        var shares = new List<WorkshareShare>();
        for (var n = 0; n < s.Nations.Length; n++)
        {
            var target = s.TargetShare[n];
            var actual = work is null ? 0 : all > 0 ? (s.HistoryWork[n] + work[n]) / all : 0;
            var (lower, upper) = s.ShareBand(n);
            shares.Add(new(s.Nations[n], target, actual, lower, upper, work?[n] ?? 0));
        }
        return shares;
    }

    private static WorkshareResult Empty(WorkshareSetup s, string status, List<WorkshareConflict> conflicts, WorkshareSolveInfo info, bool? minimal) =>
        new(status, s.Problem.Program, s.Options.Mode, s.Problem.Policy, null, [], Shares(s, null), null, null, [], conflicts, s.Lambda, s.Mu, s.Kappa, info,
            conflicts.Count > 0 ? minimal : null);
}
