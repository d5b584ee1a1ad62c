using System.Diagnostics;

namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// A large-neighbourhood search with HiGHS (docs/engines/workshare.md, "Solve"), run on HiGHS' core once its bound has
/// stopped rising (<see cref="BoundStall"/>): from the best allocation found so far, free a connected region of work
/// packages — along their interfaces, from a package with a border — keep every other package where it is, and let
/// HiGHS solve that sub-problem exactly (the same model, the kept packages' columns fixed by their bounds, the
/// allocation given as its starting solution, so it looks only for lower ones). A lower allocation becomes the
/// shared incumbent, to which the annealing offers its own. The region grows while HiGHS proves its sub-problems quickly and
/// shrinks when it runs out of time on them. The sub-problems run on one HiGHS instance made for them, with new column
/// bounds each time: its model has the deviations in whole units, integers (ADR 0042), beside the allocator's, whose
/// deviations are scaled and continuous (ADR 0041) and which takes a region of the whole program, a proof. Instances are
/// made once per search, never per sub-problem, and run one at a time on one thread: HiGHS 1.12 cannot run instances
/// side by side safely (ERGO-Code/HiGHS#3141), and while an instance was created and destroyed per sub-problem (dozens a
/// second), one benchmark run in about 25 died in native code with a corrupted heap (cause not found; ADR 0025).
/// </summary>
internal static class WorkshareNeighbourhoods
{
    /// <summary>The longest one sub-problem may take, seconds, unless the caller says otherwise.</summary>
    private const double PerSolve = 2.0;

    /// <summary>The first region's size, packages.</summary>
    private const double FirstSize = 40;

    /// <summary>
    /// The fewest packages a whole-subsystem region frees (blend mode, ADR 0039), whatever the connected regions' size:
    /// HiGHS proved those of 43–105 packages in about a tenth of a second each on the benchmark's program, and the
    /// allocations were lower with regions of at least 120.
    /// </summary>
    internal const double SubsystemFloor = 120;

    /// <summary>The most packages a program may have for HiGHS to solve it alone, without the search (ADR 0040).</summary>
    internal const int HighsAloneUpTo = 60;

    /// <summary>
    /// Whether a program of <paramref name="packages"/> gets the search, and the cutoff proof beside it: only when it has
    /// more than <see cref="HighsAloneUpTo"/>. On smaller ones HiGHS' bound stalls in the root's cut rounds and then its
    /// tree closes the gap within seconds; giving way there left programs of 24 and 60 packages "feasible", up to 4% short,
    /// that HiGHS alone proved optimal in 3–17 s (ADR 0040).
    /// </summary>
    internal static bool Searches(int packages) => packages > HighsAloneUpTo;

    /// <summary>The packages a whole-subsystem region frees when the connected regions' size is <paramref name="size"/>.</summary>
    internal static int SubsystemRegionSize(double size, int packages) => (int)Math.Min(packages, Math.Max(size, SubsystemFloor));

    /// <summary>The first ball's radius (packages that may change company) for the relaxation that picks a region.</summary>
    private const int FirstRadius = 15;

    /// <summary>The widest ball tried before connected regions take over until the allocation changes.</summary>
    private const int MaxRadius = 60;

    /// <summary>
    /// What the search did: sub-problems solved, how many gave a lower allocation, and whether one freed every package
    /// and was solved to optimality — the incumbent is then the program's optimum, proven.
    /// </summary>
    public readonly record struct Outcome(int Solved, int Improved, bool Proven, int Relaxed = 0);

    /// <summary>
    /// Searches from the incumbent until <paramref name="budget"/> or <paramref name="stop"/>. With
    /// <paramref name="unitRegions"/>, the sub-problems short of the whole program run on a second instance whose model
    /// has the deviations in whole units, integers (<see cref="WorkshareHighsModel.UnitDeviations"/>, ADR 0042). A
    /// sub-problem only offers allocations, each checked in integers against the exact model, so the ill-conditioning
    /// that made HiGHS call a dearer allocation optimal there (ADR 0041) can cost a sub-problem an allocation but never
    /// make an answer wrong. A region of the whole program is a proof and runs on <paramref name="highs"/>, the
    /// allocator's instance (its model scaled).
    /// </summary>
    public static Outcome Search(WorkshareSetup s, WorkshareModel m, WorkshareHighsModel highsModel, HighsMip highs, WorkshareIncumbent incumbent,
        TimeSpan budget, CancellationToken stop, int seed, double perSolve = PerSolve, bool relaxed = true, bool subsystems = true, bool unitRegions = true)
    {
        var clock = Stopwatch.StartNew();
        var rng = new Random(seed);
        var packages = s.Packages.Length;
        var adjacent = new List<int>[packages];
        for (var w = 0; w < packages; w++)
        {
            adjacent[w] = [];
        }
        foreach (var (a, b, _) in s.Interfaces)
        {
            adjacent[a].Add(b);
            adjacent[b].Add(a);
        }
        // Blend mode: the regions between the relaxation's are whole subsystems (ADR 0038).
        var subsystemOf = subsystems ? SubsystemOf(s, m) : null;
        var lower = new double[highsModel.ColLower.Length];
        var upper = new double[highsModel.ColUpper.Length];
        using var inUnits = unitRegions ? new UnitInstance(m, highs.GetInt("threads")) : null;
        var free = new bool[packages];
        var region = new List<int>();
        var size = Math.Min(packages, FirstSize);
        var (solved, improved) = (0, 0);
        // The ball's relaxation picks a region (ADR 0028): at most `radius` packages may change company; the packages
        // its LP solution moves or splits are freed. A program no larger than the first region is solved whole at once,
        // so it gets no relaxation instance.
        using var ball = relaxed && packages > FirstSize ? new BallRelaxation(m, highsModel, highs.GetInt("threads")) : null;
        var radius = (double)FirstRadius;
        var relaxNext = relaxed;
        var relaxedRegions = 0;
        while (!stop.IsCancellationRequested)
        {
            var left = (budget - clock.Elapsed).TotalSeconds;
            if (left < 0.2)
            {
                break;
            }
            if (incumbent.Best() is not { } best)
            {
                // The annealing has not reached an allocation that keeps every limit yet.
                Thread.Sleep(20);
                continue;
            }
            var (choice, objective) = best;
            var fromRelaxation = ball is not null && relaxNext && size < packages && ball.Region(choice, (int)radius, Math.Min(left / 2, perSolve), region);
            if (!fromRelaxation)
            {
                // A region as large as the program is the whole program, packages in no subsystem too.
                if (subsystemOf is not null && size < packages)
                {
                    SubsystemRegion(s, choice, adjacent, subsystemOf, SubsystemRegionSize(size, packages), rng, region);
                }
                else
                {
                    Region(s, choice, adjacent, (int)size, rng, region);
                }
            }
            Array.Clear(free);
            foreach (var w in region)
            {
                free[w] = true;
            }
            // A region of the whole program is a proof: on the allocator's instance. Others on the one in units.
            var (hm, h) = region.Count == packages || inUnits is null ? (highsModel, highs) : inUnits.Get();
            Array.Copy(hm.ColLower, lower, lower.Length);
            Array.Copy(hm.ColUpper, upper, upper.Length);
            for (var w = 0; w < packages; w++)
            {
                if (!free[w])
                {
                    foreach (var (k, c) in m.X[w])
                    {
                        (lower[c], upper[c]) = k == choice[w] ? (1, 1) : (0, 0);
                    }
                }
            }
            var limit = Math.Min(left, perSolve);
            var start = WorksharePolish.Complete(s, m, choice);
            var watch = Stopwatch.StartNew();
            h.ChangeColumnBounds(lower, upper);
            h.Set("time_limit", limit);
            h.StartFrom(hm.HighsValues(start));
            var status = h.Run();
            solved++;
            relaxedRegions += fromRelaxation ? 1 : 0;
            var lowered = false;
            if (h.HasSolution)
            {
                var values = hm.ModelValues(h.Solution(hm.Cost.Length));
                if (WorksharePolish.Satisfies(m, values))
                {
                    var found = WorksharePolish.Choice(m, values);
                    // A sub-problem stopped at its limit may leave a border or deviation column above what the allocation
                    // needs: the allocation's own objective (its least column values, as the answer has them) is offered,
                    // so that the annealing's allocations are weighed against the same measure.
                    var units = WorksharePolish.Units(m, WorksharePolish.Complete(s, m, found));
                    if (units < objective)
                    {
                        lowered = incumbent.Offer(found, units);
                        improved += lowered ? 1 : 0;
                    }
                }
            }
            if (region.Count == packages && status == HighsMip.StatusOptimal)
            {
                // The whole program, solved: nothing lower exists.
                return new(solved, improved, true, relaxedRegions);
            }
            if (fromRelaxation)
            {
                // Proven and lower: the next relaxation is around the new allocation. Proven, nothing lower: a wider
                // ball next, after one connected region; past the widest, connected regions only until the allocation
                // changes. Out of time: a narrower ball (a smaller region), after one connected region.
                if (status != HighsMip.StatusOptimal)
                {
                    radius = Math.Max(FirstRadius / 3.0, radius / 1.25);
                    relaxNext = false;
                }
                else if (!lowered)
                {
                    radius *= 1.5;
                    relaxNext = false;
                }
                continue;
            }
            relaxNext = relaxed && (radius <= MaxRadius || incumbent.Best()!.Value.Objective < objective);
            if (radius > MaxRadius && incumbent.Best()!.Value.Objective < objective)
            {
                radius = FirstRadius;
            }
            // Proven in under half the time: a larger region next; out of time: a smaller one.
            size = status == HighsMip.StatusOptimal && watch.Elapsed.TotalSeconds < limit / 2 ? Math.Min(packages, (size * 1.15) + 1)
                : status == HighsMip.StatusOptimal ? size
                : Math.Max(8, size * 0.85);
        }
        return new(solved, improved, false, relaxedRegions);
    }

    /// <summary>
    /// The sub-problems' HiGHS instance with the deviations in whole units (ADR 0042), made when first needed — a
    /// program solved whole at once needs none — on the caller's thread, beside the allocator's, with its threads.
    /// </summary>
    private sealed class UnitInstance(WorkshareModel m, int threads) : IDisposable
    {
        private (WorkshareHighsModel Model, HighsMip Highs)? made;

        public (WorkshareHighsModel Model, HighsMip Highs) Get()
        {
            if (made is null)
            {
                var model = new WorkshareHighsModel(m, unitDeviations: true);
                made = (model, model.Create(threads, PerSolve));
            }
            return made.Value;
        }

        public void Dispose() => made?.Highs.Dispose();
    }

    /// <summary>
    /// The local-branching relaxation that picks regions (ADR 0028): the LP relaxation of the whole model with one more
    /// row, Σ_w x[w, c_w] ≥ packages − radius for an allocation c (at most radius packages on another company), on an
    /// instance of its own — the ball's row moves with the allocation, and each solve starts from the last one's basis.
    /// </summary>
    internal sealed class BallRelaxation : IDisposable
    {
        private readonly WorkshareModel m;
        private readonly HighsMip lp;
        private readonly int[] at;
        private readonly int packages;
        private readonly int columns;
        private int row = -1;

        /// <param name="m">The model.</param>
        /// <param name="highsModel">Its HiGHS form; the relaxation's instance is created from it.</param>
        /// <param name="threads">The threads of the process' other HiGHS instance: HiGHS 1.12 has one scheduler per process.</param>
        public BallRelaxation(WorkshareModel m, WorkshareHighsModel highsModel, int threads)
        {
            this.m = m;
            packages = m.X.Length;
            at = new int[packages];
            columns = highsModel.Cost.Length;
            lp = highsModel.Create(threads, PerSolve);
            lp.Set("solve_relaxation", true);
        }

        private int Column(int w, int company) => m.X[w].First(p => p.Company == company).Column;

        /// <summary>
        /// The relaxation's solution around <paramref name="choice"/> with <paramref name="radius"/> (column values), or
        /// null when it was not solved to optimality within <paramref name="seconds"/>.
        /// </summary>
        public double[]? Solve(int[] choice, int radius, double seconds)
        {
            if (row < 0)
            {
                row = lp.AddRow(packages - radius, double.PositiveInfinity, [.. Enumerable.Range(0, packages).Select(w => Column(w, choice[w]))],
                    [.. Enumerable.Repeat(1.0, packages)]);
                Array.Copy(choice, at, packages);
            }
            else
            {
                for (var w = 0; w < packages; w++)
                {
                    if (at[w] != choice[w])
                    {
                        lp.ChangeCoefficient(row, Column(w, at[w]), 0);
                        lp.ChangeCoefficient(row, Column(w, choice[w]), 1);
                        at[w] = choice[w];
                    }
                }
                lp.ChangeRowBounds(row, packages - radius, double.PositiveInfinity);
            }
            lp.Set("time_limit", Math.Max(0.1, seconds));
            return lp.Run() == HighsMip.StatusOptimal ? lp.Solution(columns) : null;
        }

        /// <summary>
        /// The region the relaxation picks around <paramref name="choice"/>: the packages its solution puts on another
        /// company or splits between companies. False when it was not solved or moves nothing.
        /// </summary>
        public bool Region(int[] choice, int radius, double seconds, List<int> region)
        {
            region.Clear();
            if (Solve(choice, radius, seconds) is not { } values)
            {
                return false;
            }
            for (var w = 0; w < packages; w++)
            {
                var (top, company) = (0.0, -1);
                foreach (var (k, c) in m.X[w])
                {
                    if (values[c] > top)
                    {
                        (top, company) = (values[c], k);
                    }
                }
                if (top < 1 - 1e-6 || company != choice[w])
                {
                    region.Add(w);
                }
            }
            return region.Count > 0;
        }

        public void Dispose() => lp.Dispose();
    }

    /// <summary>
    /// Each package's subsystem among those whose splits the objective counts (blend mode), −1 for a package in none;
    /// null when the objective counts none.
    /// </summary>
    internal static int[]? SubsystemOf(WorkshareSetup s, WorkshareModel m)
    {
        if (m.Splits.Count == 0)
        {
            return null;
        }
        var of = new int[s.Packages.Length];
        Array.Fill(of, -1);
        foreach (var i in m.Splits.Keys)
        {
            foreach (var w in s.Subsystems[i].Packages)
            {
                of[w] = i;
            }
        }
        return of;
    }

    /// <summary>
    /// Blend mode (ADR 0038): whole subsystems, <paramref name="size"/> packages or a subsystem's worth more, in one to
    /// three parts — the first from a subsystem split between nations in <paramref name="choice"/> (any when none is),
    /// the others from any subsystem — each grown breadth-first, in random order, to the subsystems its packages
    /// interface with, and further parts when a part runs out of subsystems to reach.
    /// A split subsystem can then come together in one nation, and the work it brings there leave it elsewhere, with
    /// the bands kept; a region of single packages rarely frees every package a split needs moved.
    /// </summary>
    internal static void SubsystemRegion(WorkshareSetup s, int[] choice, List<int>[] adjacent, int[] subsystemOf, int size, Random rng, List<int> region)
    {
        region.Clear();
        var split = new List<int>();
        var any = new List<int>();
        for (var i = 0; i < s.Subsystems.Length; i++)
        {
            var members = s.Subsystems[i].Packages;
            if (subsystemOf[members[0]] != i)
            {
                continue;
            }
            any.Add(i);
            var nation = s.CompanyNation[choice[members[0]]];
            if (members.Any(w => s.CompanyNation[choice[w]] != nation))
            {
                split.Add(i);
            }
        }
        if (any.Count == 0)
        {
            return;
        }
        var seen = new HashSet<int>();
        var taken = new HashSet<int>();
        var next = new List<int>();
        var parts = 1 + rng.Next(3);
        for (var part = 1; region.Count < size; part++)
        {
            var until = part >= parts ? size : size * part / parts;
            var pool = part == 1 && split.Count > 0 ? split : any;
            var first = -1;
            for (var tries = 0; tries < 50 && first < 0; tries++)
            {
                var i = pool[rng.Next(pool.Count)];
                first = seen.Contains(i) ? -1 : i;
            }
            for (int from = rng.Next(any.Count), k = 0; k < any.Count && first < 0; k++)
            {
                // Any subsystem not yet in the region, from a random place on.
                var i = any[(from + k) % any.Count];
                first = seen.Contains(i) ? -1 : i;
            }
            if (first < 0)
            {
                return;
            }
            seen.Add(first);
            var queue = new Queue<int>();
            queue.Enqueue(first);
            while (queue.Count > 0 && region.Count < until)
            {
                var i = queue.Dequeue();
                next.Clear();
                foreach (var w in s.Subsystems[i].Packages)
                {
                    if (taken.Add(w))
                    {
                        region.Add(w);
                    }
                    foreach (var v in adjacent[w])
                    {
                        if (subsystemOf[v] is var j and >= 0 && !seen.Contains(j) && !next.Contains(j))
                        {
                            next.Add(j);
                        }
                    }
                }
                rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(next));
                foreach (var j in next)
                {
                    seen.Add(j);
                    queue.Enqueue(j);
                }
            }
            foreach (var j in queue)
            {
                // Reached but not taken: free for a later part.
                seen.Remove(j);
            }
        }
    }

    /// <summary>
    /// About <paramref name="size"/> packages connected along interfaces, grown breadth-first (neighbours in random order)
    /// from a package with a border in <paramref name="choice"/> (any package when none is found), with further starts
    /// when the component runs out.
    /// </summary>
    private static void Region(WorkshareSetup s, int[] choice, List<int>[] adjacent, int size, Random rng, List<int> region)
    {
        var packages = s.Packages.Length;
        region.Clear();
        var seen = new HashSet<int>();
        // One to three regions, so that work can trade nations between them with the bands kept.
        var parts = 1 + rng.Next(3);
        for (var part = 1; region.Count < size; part++)
        {
            var until = part >= parts ? size : size * part / parts;
            var seed = -1;
            for (var tries = 0; tries < 50 && seed < 0; tries++)
            {
                var w = rng.Next(packages);
                if (!seen.Contains(w) && adjacent[w].Any(v => s.CompanyNation[choice[v]] != s.CompanyNation[choice[w]]))
                {
                    seed = w;
                }
            }
            for (int from = rng.Next(packages), i = 0; i < packages && seed < 0; i++)
            {
                // Any package not yet in the region, from a random place on.
                var w = (from + i) % packages;
                seed = seen.Contains(w) ? -1 : w;
            }
            if (seed < 0)
            {
                return;
            }
            var queue = new Queue<int>();
            queue.Enqueue(seed);
            seen.Add(seed);
            while (queue.Count > 0 && region.Count < until)
            {
                var w = queue.Dequeue();
                region.Add(w);
                var next = adjacent[w].Where(v => !seen.Contains(v)).ToArray();
                rng.Shuffle(next);
                foreach (var v in next)
                {
                    if (seen.Add(v))
                    {
                        queue.Enqueue(v);
                    }
                }
            }
            foreach (var v in queue)
            {
                // Reached but not taken: free for a later part.
                seen.Remove(v);
            }
        }
    }
}

/// <summary>
/// Whether HiGHS' dual bound has stopped rising: no rise of more than 0.01% (of the bound's size) for the last two
/// seconds or a quarter of the time run, whichever is longer. Beside the annealing, HiGHS' own allocations are poor
/// (ADR 0024) and its use is the bound; once that stalls, its core serves the neighbourhood search better (ADR 0025).
/// </summary>
internal sealed class BoundStall
{
    private double risenAt;
    private double level = double.NegativeInfinity;

    public bool Stalled(double seconds, double bound)
    {
        if (!double.IsFinite(bound))
        {
            return false;
        }
        if (!double.IsFinite(level) || bound - level > 1e-4 * Math.Max(1, Math.Abs(bound)))
        {
            (level, risenAt) = (bound, seconds);
            return false;
        }
        return seconds - risenAt >= Math.Max(2.0, seconds / 4);
    }
}
