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
    /// <summary>What a search did: the region's size, its status and value, and the allocation it offered.</summary>
    public readonly record struct Outcome(int OpenPairs, int OneNation, int Status, double RegionUnits, long? OfferedUnits, bool Lowered, double Seconds, First? First = null);

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
    /// allocation offered, and the whole region solved from their solution. When the region's nations leave no allocation within the
    /// companies' capacities, they are cut off and the region solved again, at most <see cref="MaxAttempts"/> times. <paramref name="highs"/> is the allocator's instance, on this
    /// thread, between its runs; its column bounds are left changed.
    /// </summary>
    public static Outcome Search(WorkshareSetup s, WorkshareModel m, WorkshareHighsModel hm, HighsMip highs, double[] relaxation,
        IReadOnlyList<int[]> also, WorkshareIncumbent incumbent, double seconds, double companySeconds, CancellationToken stop)
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
        if (RelaxationFirst && extra.Count > 0)
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
            if (solved is { } firstSolution)
            {
                region.StartFrom(firstSolution);
            }
            else if (bestStart is not null)
            {
                region.StartFrom(bestStart);
            }
        }
        else if (bestStart is not null)
        {
            region.StartFrom(bestStart);
        }
        Solve(seconds - companySeconds);
        return new(openPairs, oneNation, status, regionUnits, offered.Units, offered.Lowered, clock.Elapsed.TotalSeconds, first);

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
                regionUnits = hm.Unscale(Enumerable.Range(0, columns).Sum(c => solution[c] * hm.ScaledCost[c]));
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
