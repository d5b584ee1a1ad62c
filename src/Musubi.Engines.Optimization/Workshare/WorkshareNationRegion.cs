using System.Diagnostics;

namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// Blend mode's region by nation (ADR 0051): which nation takes each package, decided among the nations the LP
/// relaxation gives part of it and the nations the best allocation so far and the annealing chains' allocations give it
/// (ADR 0052), the companies left continuous.
/// <para>
/// The model is the allocator's with one binary z_wn per package and open nation (z_wn = Σ x_wk over the nation's
/// companies), every x continuous, and z_wn held at 0 for the other nations. HiGHS branches on nations alone: in blend
/// mode the bound's gap is where whole groups of subsystems sit between two nations (ADR 0048), and the companies'
/// symmetry inside a nation is gone. The companies' capacities stay rows of their own, so the region's optimum is
/// within a few million dollars of an allocation that keeps them; the allocator's own HiGHS then chooses the companies
/// within those nations (<see cref="Companies"/>).
/// </para>
/// </summary>
internal static class WorkshareNationRegion
{
    /// <summary>
    /// What a search did: the region's size, the whole region's status and value (when <c>Whole</c>: it ran), the allocation
    /// offered (the lowest of the phases'), the first phase and the neighbourhoods.
    /// </summary>
    public readonly record struct Outcome(int OpenPairs, int OneNation, int Status, double RegionUnits, long? OfferedUnits, bool Lowered, double Seconds, First? First = null,
        Neighbourhoods? Search = null, bool Whole = true);

    /// <summary>
    /// The neighbourhoods of the region (ADR 0055): how many were solved and how many lowered its value, the value
    /// they reached, the allocation its companies gave, when they ended and how many packages the last one freed.
    /// </summary>
    public readonly record struct Neighbourhoods(int Solved, int Lowered, double StartUnits, double RegionUnits, long? OfferedUnits, double EndSeconds, int LastSize);

    /// <summary>The first phase, the relaxation's nations alone (ADR 0052): its pairs, status, value, the allocation it offered and when it ended.</summary>
    public readonly record struct First(int OpenPairs, int Status, double RegionUnits, long? OfferedUnits, double EndSeconds);

    /// <summary>Whether the region first solves the relaxation's nations alone (ADR 0052; the benchmark can switch it off with BENCH_WORKSHARE_RELAXATION_FIRST=0).</summary>
    internal static bool RelaxationFirst { get; set; } = true;

    /// <summary>Of the region's time less twice the companies', the most the first phase has (ADR 0052).</summary>
    internal const double RelaxationFirstShare = 0.5;

    /// <summary>Whether HiGHS logs the region's solve (the benchmark's BENCH_WORKSHARE_REGION_LOG; off in the product).</summary>
    internal static bool Log { get; set; }

    /// <summary>
    /// HiGHS' cut pool for the region (<c>mip_pool_soft_limit</c>; HiGHS' default is 10,000, the benchmark can set it with
    /// BENCH_WORKSHARE_REGION_POOL, 0 for HiGHS' default). ADR 0052.
    /// </summary>
    internal static int CutPool { get; set; } = 1000;

    /// <summary>Whether the whole region is searched by neighbourhoods first (ADR 0055; the benchmark can switch it off with BENCH_WORKSHARE_REGION_LNS=0).</summary>
    internal static bool SearchNeighbourhoods { get; set; } = true;

    /// <summary>Whether each neighbourhood is written to standard error (the benchmark's BENCH_WORKSHARE_REGION_TRACE; off in the product).</summary>
    internal static bool Trace { get; set; }

    /// <summary>The packages a neighbourhood frees at first: whole subsystems, drawn until they hold this many (ADR 0055).</summary>
    internal const int NeighbourhoodPackages = 120;

    /// <summary>Of a neighbourhood's packages, the share drawn first from the subsystems split between nations.</summary>
    internal const double SplitShare = 0.625;

    /// <summary>A neighbourhood's time limit, in seconds (HiGHS proves most in a few tenths on the benchmark's program).</summary>
    internal const double NeighbourhoodSeconds = 1.0;

    /// <summary>After this many neighbourhoods in a row proven with nothing lower, they grow by half.</summary>
    internal const int Stall = 10;

    /// <summary>
    /// The neighbourhoods' draws' seed: a constant, so that a run's draws do not depend on the clock (the benchmark can set
    /// it with BENCH_WORKSHARE_REGION_SEED, to measure the search over several).
    /// </summary>
    internal static int DrawSeed { get; set; } = 4;

    /// <summary>How many times the region is solved when its nations leave no allocation (each time with those nations cut off).</summary>
    private const int MaxAttempts = 5;

    /// <summary>A share of a package below this in the relaxation does not open its nation.</summary>
    private const double Open = 1e-6;

    /// <summary>
    /// Solves the region for at most <paramref name="seconds"/> (less <paramref name="companySeconds"/> for the
    /// companies) from the LP relaxation's values <paramref name="relaxation"/> (HiGHS' columns) and the best allocation
    /// of <paramref name="incumbent"/> (when there is one: its nations open, and it is HiGHS' start), the nations of the
    /// allocations <paramref name="also"/> open too; offers the
    /// allocation found to <paramref name="incumbent"/>. With <see cref="RelaxationFirst"/>, the relaxation's nations are
    /// solved alone first (for at most <see cref="RelaxationFirstShare"/> of the time less twice the companies'), their
    /// allocation offered, and the whole region solved from their solution. With <see cref="SearchNeighbourhoods"/> and more
    /// than twice <see cref="NeighbourhoodPackages"/> packages, the whole region is first searched by neighbourhoods of
    /// whole subsystems open to every nation (ADR 0055), until they grow to half the program (then the whole region, from
    /// theirs) or the companies' time. When the region's nations leave no allocation within the
    /// companies' capacities, they are cut off and the region solved again, at most <see cref="MaxAttempts"/> times. <paramref name="highs"/> is the allocator's instance, on this
    /// thread, between its runs; its column bounds are left changed. <paramref name="relaxationFirst"/> overrides
    /// <see cref="RelaxationFirst"/> for this search.
    /// </summary>
    public static Outcome Search(WorkshareSetup s, WorkshareModel m, WorkshareHighsModel hm, HighsMip highs, double[] relaxation,
        IReadOnlyList<int[]> also, WorkshareIncumbent incumbent, double seconds, double companySeconds, CancellationToken stop, bool? relaxationFirst = null)
    {
        var clock = Stopwatch.StartNew();
        var packages = s.Packages.Length;
        var nations = s.Nations.Length;
        var best = incumbent.Best();
        var bestNation = best is { } b ? new WorkshareState(s, m, b.Choice).Nation : null;
        var alsoNation = also.Select(a => new WorkshareState(s, m, a).Nation).ToList();
        var columns = hm.Cost.Length;
        var cost = new List<double>(hm.ScaledCost);
        var lower = new List<double>(hm.ColLower);
        var upper = new List<double>(hm.ColUpper);
        var integrality = new List<int>(hm.Integrality);
        var start = new List<int>(hm.Start);
        var index = new List<int>(hm.Index);
        var value = new List<double>(hm.Elements);
        var rowLower = new List<double>(hm.RowLower);
        var rowUpper = new List<double>(hm.RowUpper);
        var z = new int[packages, nations];
        var share = new double[nations];
        var (openPairs, oneNation) = (0, 0);
        // The pairs only the allocations open (not the relaxation): closed in the first phase.
        var extra = new List<int>();
        for (var w = 0; w < packages; w++)
        {
            Array.Clear(share);
            var has = new bool[nations];
            foreach (var (k, c) in m.X[w])
            {
                integrality[c] = 0;
                share[s.CompanyNation[k]] += relaxation[c];
                has[s.CompanyNation[k]] = true;
            }
            var opened = 0;
            for (var n = 0; n < nations; n++)
            {
                z[w, n] = -1;
                if (!has[n])
                {
                    continue;
                }
                var open = share[n] >= Open || bestNation?[w] == n || alsoNation.Exists(a => a[w] == n);
                opened += open ? 1 : 0;
                if (open && share[n] < Open)
                {
                    extra.Add(cost.Count);
                }
                // z_wn − Σ x_wk (k in n) = 0; a closed nation's z is held at 0, so are its x.
                z[w, n] = cost.Count;
                cost.Add(0);
                lower.Add(0);
                upper.Add(open ? 1 : 0);
                integrality.Add(1);
                start.Add(index.Count);
                foreach (var (k, c) in m.X[w])
                {
                    if (s.CompanyNation[k] == n)
                    {
                        index.Add(c);
                        value.Add(1);
                    }
                }
                index.Add(z[w, n]);
                value.Add(-1);
                rowLower.Add(0);
                rowUpper.Add(0);
            }
            openPairs += opened;
            oneNation += opened == 1 ? 1 : 0;
        }

        var regionUnits = double.NaN;
        var status = HighsMip.StatusTimeLimit;
        (long? Units, bool Lowered) offered = (null, false);
        using var region = new HighsMip();
        region.PassMinimize([.. cost], [.. lower], [.. upper], [.. rowLower], [.. rowUpper], [.. start], [.. index], [.. value], [.. integrality]);
        region.Set("threads", 1);
        region.Set("output_flag", Log);
        region.Set("mip_rel_gap", 0.0);
        region.Set("mip_abs_gap", hm.AbsoluteGap);
        if (CutPool > 0)
        {
            region.Set("mip_pool_soft_limit", CutPool);
        }
        region.InterruptWhen((_, _, _) => stop.IsCancellationRequested);
        double[]? bestStart = null;
        if (best is { } from)
        {
            var values = new List<double>(hm.HighsValues(WorksharePolish.Complete(s, m, from.Choice)));
            values.AddRange(Enumerable.Repeat(0.0, cost.Count - columns));
            for (var w = 0; w < packages; w++)
            {
                values[z[w, bestNation![w]]] = 1;
            }
            bestStart = [.. values];
        }
        First? first = null;
        // The whole region's start: the first phase's solution, else the best allocation's.
        var wholeFrom = bestStart;
        if ((relaxationFirst ?? RelaxationFirst) && extra.Count > 0)
        {
            // First the relaxation's nations alone (ADR 0052): a smaller region, solved sooner, whose allocation stands
            // when the whole region is stopped at the limit with a poorer one. Its solution is the whole region's start.
            var closed = upper.ToArray();
            foreach (var c in extra)
            {
                closed[c] = 0;
            }
            region.ChangeColumnBounds([.. lower], closed);
            var solved = Solve(RelaxationFirstShare * (seconds - 2 * companySeconds));
            first = new(openPairs - extra.Count, status, regionUnits, offered.Units, clock.Elapsed.TotalSeconds);
            region.ChangeColumnBounds([.. lower], [.. upper]);
            wholeFrom = solved ?? bestStart;
        }
        Neighbourhoods? searched = null;
        var whole = true;
        if (SearchNeighbourhoods && wholeFrom is not null && packages > 2 * NeighbourhoodPackages)
        {
            // The whole region by neighbourhoods first (ADR 0055), until they grow to half the program; then the whole
            // region from theirs, with the nations they gave packages open too.
            (searched, wholeFrom, whole) = Search(wholeFrom);
        }
        if (wholeFrom is not null)
        {
            region.StartFrom(wholeFrom);
        }
        if (whole)
        {
            status = HighsMip.StatusTimeLimit;
            regionUnits = double.NaN;
            Solve(seconds - companySeconds);
        }
        return new(openPairs, oneNation, status, regionUnits, offered.Units, offered.Lowered, clock.Elapsed.TotalSeconds, first, searched, whole);

        // The region's value of a solution (the model's columns; the z cost nothing), in the model's units.
        double Value(double[] solution) => hm.Unscale(Enumerable.Range(0, columns).Sum(c => solution[c] * hm.ScaledCost[c]));

        // Each package's nation in a solution (the z at 1).
        int[] NationOf(double[] solution)
        {
            var nationOf = new int[packages];
            for (var w = 0; w < packages; w++)
            {
                for (var n = 0; n < nations; n++)
                {
                    if (z[w, n] >= 0 && solution[z[w, n]] > 0.5)
                    {
                        nationOf[w] = n;
                    }
                }
            }
            return nationOf;
        }

        // The region's neighbourhoods (ADR 0055): whole subsystems free to every nation their companies and release
        // limits allow, each other package held to its nation (its companies free there), solved by HiGHS from the best
        // solution so far for at most NeighbourhoodSeconds; the lower kept. A neighbourhood draws subsystems split
        // between nations first, for SplitShare of its packages, then any. It grows by half after Stall in a row proven
        // with nothing lower, and shrinks by a fifth (to 40 packages at least) after one stopped at its limit. Once it
        // would free half the program, the whole region takes over (Whole true); else the neighbourhoods run until the
        // companies' time. Either way, when they lowered the value, their allocation's companies are chosen and it is offered.
        (Neighbourhoods Outcome, double[] Best, bool Whole) Search(double[] from)
        {
            var units = new List<int[]>();
            var inUnit = new bool[packages];
            foreach (var (_, members) in s.Subsystems)
            {
                units.Add(members);
                foreach (var w in members)
                {
                    inUnit[w] = true;
                }
            }
            for (var w = 0; w < packages; w++)
            {
                if (!inUnit[w] && Enumerable.Range(0, nations).Count(n => z[w, n] >= 0) > 1)
                {
                    units.Add([w]);
                }
            }
            var draws = new Random(DrawSeed);
            var (best, bestUnits, nationOf) = (from, Value(from), NationOf(from));
            var startUnits = bestUnits;
            var size = (double)NeighbourhoodPackages;
            var (solved, lowered, stalled, lastSize) = (0, 0, 0, 0);
            var free = new bool[packages];
            var bounds = upper.ToArray();
            var toWhole = false;
            while (!stop.IsCancellationRequested)
            {
                var left = seconds - companySeconds - clock.Elapsed.TotalSeconds;
                if (size >= packages / 2.0)
                {
                    toWhole = true;
                    break;
                }
                if (left < 0.1)
                {
                    break;
                }
                Array.Clear(free);
                var count = 0;
                var order = units.Select((members, u) => (u, split: members.Any(w => nationOf[w] != nationOf[members[0]]), draw: draws.Next()))
                    .OrderBy(d => d.split ? 0 : 1).ThenBy(d => d.draw).ToList();
                var taken = new bool[units.Count];
                foreach (var (u, split, _) in order)
                {
                    if (split && count < SplitShare * size)
                    {
                        Take(u);
                    }
                }
                foreach (var (u, _, _) in order.OrderBy(d => d.draw))
                {
                    if (count >= size)
                    {
                        break;
                    }
                    if (!taken[u])
                    {
                        Take(u);
                    }
                }
                lastSize = count;
                for (var w = 0; w < packages; w++)
                {
                    for (var n = 0; n < nations; n++)
                    {
                        if (z[w, n] >= 0)
                        {
                            bounds[z[w, n]] = free[w] || n == nationOf[w] ? 1 : 0;
                        }
                    }
                }
                region.ChangeColumnBounds([.. lower], bounds);
                region.StartFrom(best);
                region.Set("time_limit", Math.Min(NeighbourhoodSeconds, left));
                var result = region.Run();
                solved++;
                if (Trace)
                {
                    Console.Error.WriteLine(FormattableString.Invariant($"region neighbourhood {solved}: at {clock.Elapsed.TotalSeconds:0.00} s, {count} packages free (size {size:0}), HiGHS status {result}"));
                }
                var solution = region.HasSolution ? region.Solution(cost.Count) : null;
                if (solution is not null && Value(solution) is var lowerValue && lowerValue < bestUnits - 0.5)
                {
                    (best, bestUnits, nationOf) = (solution, lowerValue, NationOf(solution));
                    lowered++;
                    stalled = 0;
                    continue;
                }
                if (result == HighsMip.StatusOptimal && ++stalled >= Stall)
                {
                    (size, stalled) = (size * 1.5, 0);
                }
                else if (result != HighsMip.StatusOptimal)
                {
                    (size, stalled) = (Math.Max(40, size * 0.8), 0);
                }

                void Take(int u)
                {
                    taken[u] = true;
                    foreach (var w in units[u])
                    {
                        free[w] = true;
                        count++;
                    }
                }
            }
            // The whole region holds the neighbourhoods' nations too.
            for (var w = 0; w < packages; w++)
            {
                upper[z[w, nationOf[w]]] = 1;
            }
            region.ChangeColumnBounds([.. lower], [.. upper]);
            long? offeredUnits = null;
            var companiesLeft = seconds - clock.Elapsed.TotalSeconds;
            if (lowered > 0 && !stop.IsCancellationRequested && companiesLeft >= 0.2)
            {
                var companies = Companies(s, m, hm, highs, nationOf, incumbent, Math.Min(companiesLeft, companySeconds));
                if (companies.Status != HighsMip.StatusInfeasible && companies.Units is { } chosen)
                {
                    offeredUnits = chosen;
                    offered = (offered.Units is { } before ? Math.Min(before, chosen) : chosen, offered.Lowered || companies.Lowered);
                }
            }
            return (new(solved, lowered, startUnits, bestUnits, offeredUnits, clock.Elapsed.TotalSeconds, lastSize), best, toWhole);
        }

        // Solves the region until `until` on the clock (then its companies); the region's solution when its companies
        // were chosen. The companies' capacities are rows of whole packages only in the model: the region's nations may
        // leave no allocation. Those nations are then cut off (at least one package elsewhere) and the region solved again.
        double[]? Solve(double until)
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var regionLeft = until - clock.Elapsed.TotalSeconds;
                if (regionLeft < 0.1 || stop.IsCancellationRequested)
                {
                    return null;
                }
                region.Set("time_limit", regionLeft);
                status = region.Run();
                if (!region.HasSolution)
                {
                    return null;
                }
                var solution = region.Solution(cost.Count);
                regionUnits = Value(solution);
                var nationOf = NationOf(solution);
                var left = seconds - clock.Elapsed.TotalSeconds;
                if (stop.IsCancellationRequested || left < 0.2)
                {
                    return null;
                }
                // HiGHS rarely proves the companies' choice, but has it within a few million dollars in a second or two:
                // at most the time kept for it, the rest left to the search; all of it while no allocation is known.
                var companies = Companies(s, m, hm, highs, nationOf, incumbent, incumbent.Best() is null ? left : Math.Min(left, companySeconds));
                if (companies.Status != HighsMip.StatusInfeasible)
                {
                    // The lower of the phases' allocations.
                    offered = (offered.Units is { } before && companies.Units is { } units ? Math.Min(before, units) : offered.Units ?? companies.Units,
                        offered.Lowered || companies.Lowered);
                    return solution;
                }
                var chosen = Enumerable.Range(0, packages).Select(w => z[w, nationOf[w]]).ToArray();
                region.AddRow(double.NegativeInfinity, packages - 1, chosen, [.. chosen.Select(_ => 1.0)]);
            }
            return null;
        }
    }

    /// <summary>
    /// The companies for the nations <paramref name="nationOf"/>: the allocator's model with every package held to its
    /// nation's companies, on <paramref name="highs"/> for at most <paramref name="seconds"/>; the allocation found is
    /// offered to <paramref name="incumbent"/>. Its objective and whether it was the lowest so far.
    /// </summary>
    internal static (long? Units, bool Lowered, int Status) Companies(WorkshareSetup s, WorkshareModel m, WorkshareHighsModel hm, HighsMip highs, int[] nationOf,
        WorkshareIncumbent incumbent, double seconds)
    {
        var lower = (double[])hm.ColLower.Clone();
        var upper = (double[])hm.ColUpper.Clone();
        for (var w = 0; w < nationOf.Length; w++)
        {
            foreach (var (k, c) in m.X[w])
            {
                if (s.CompanyNation[k] != nationOf[w])
                {
                    (lower[c], upper[c]) = (0, 0);
                }
            }
        }
        highs.ChangeColumnBounds(lower, upper);
        highs.Set("time_limit", Math.Max(0.1, seconds));
        var status = highs.Run();
        if (!highs.HasSolution)
        {
            return (null, false, status);
        }
        var values = hm.ModelValues(highs.Solution(hm.Cost.Length));
        if (!WorksharePolish.Satisfies(m, values))
        {
            return (null, false, status);
        }
        var found = WorksharePolish.Choice(m, values);
        var units = WorksharePolish.Units(m, WorksharePolish.Complete(s, m, found));
        return (units, incumbent.Offer(found, units), status);
    }
}
