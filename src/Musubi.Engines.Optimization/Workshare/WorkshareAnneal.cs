using System.Diagnostics;

namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// Simulated annealing over whole allocations (docs/engines/workshare.md, "Solve"), run beside HiGHS on a core its
/// branch and bound leaves idle: HiGHS proves the bound, the annealing looks for the allocation. From the cheapest
/// company for each package it first removes the excess over capacities and bands, then anneals among allocations
/// that keep every limit, with three kinds of move — one package to another company it may go to; one package pulled
/// across a border to the nation of a package it interfaces with; a connected group of packages of one nation (along
/// their interfaces) to another nation — each followed, when it leaves a nation outside its band, by one package moved
/// back the other way. A move that raises the objective by δ is taken with probability e^(−δ/T), T falling
/// geometrically over each round; every round starts from the best allocation found. Deterministic for a seed up to
/// where the time runs out.
/// </summary>
internal static class WorkshareAnneal
{
    /// <summary>Rounds per budget: each cools from its starting temperature to a thousandth of it.</summary>
    private const int Rounds = 5;

    /// <summary>
    /// The starting temperature, as a fraction of the calibrated one, of the annealing that resumes from the search's
    /// allocation once the cutoff proof's first cutoff is proven (ADR 0034). From the benchmark's end allocations (361–364
    /// units of crossed weight), 15 s at 0.1 lowered two of four by one or two units; at 0.02 none, at 0.3 or more the
    /// same or less, and in paired runs of the allocator 0.25 did worse than 0.1.
    /// </summary>
    public const double ResumedHeat = 0.1;

    /// <summary>
    /// The starting temperature, as a fraction of the calibrated one, of the annealing that starts from the LP relaxation
    /// rounded (ADR 0037): hotter, it soon forgets where the relaxation put the program's parts. On the benchmark's
    /// program, 15 s of annealing alone from there ended at 360 units of crossed weight in 9 runs of 18 at 0.1, in 1 of
    /// 6 at 0.05 and none of 6 at 0.3, and at 365 or more in all 6 at full heat; from the cheapest companies at full
    /// heat, 361 at best in 24 runs (median 367).
    /// </summary>
    public const double RelaxationHeat = 0.1;

    /// <summary>
    /// Told at the end of each round: the seed, the round, the chain's best allocation and its objective (the benchmark's
    /// BENCH_WORKSHARE_POOL records them, ADR 0048). Null in the product.
    /// </summary>
    internal static Action<int, int, int[], long>? RoundEnded { get; set; }

    /// <summary>
    /// The best allocation found that keeps every limit (each package's company), or null when none was reached. With
    /// <paramref name="steps"/>, the schedule runs on that many moves instead of the clock (the time still caps it): the
    /// same seed then gives the same allocation on any machine, which the tests use. <paramref name="from"/> (any
    /// allocation: the repair first removes what it puts over capacities and bands) replaces the cheapest companies as
    /// the start, <paramref name="heat"/> scales the starting temperature, and with <paramref name="follow"/> each round
    /// after the first starts from <paramref name="shared"/>'s best when it is lower than the annealing's own.
    /// </summary>
    public static int[]? Search(WorkshareSetup s, WorkshareModel m, int seed, TimeSpan budget, CancellationToken stop, long? steps = null,
        WorkshareIncumbent? shared = null, int[]? from = null, double heat = 1, bool follow = false)
    {
        var clock = Stopwatch.StartNew();
        var rng = new Random(seed);
        var packages = s.Packages.Length;
        if (packages == 0)
        {
            return null;
        }
        bool Running() => clock.Elapsed < budget && !stop.IsCancellationRequested;
        // The fraction of the whole search done: by the clock, or by the moves tried.
        long tried = 0;
        double Done() => steps is { } n ? (double)tried / n : clock.Elapsed.TotalSeconds / budget.TotalSeconds;

        var state = new WorkshareState(s, m, from is not null ? (int[])from.Clone() : [.. Enumerable.Range(0, packages).Select(w => m.X[w].MinBy(p => m.Objective.GetValueOrDefault(p.Column)).Company)]);
        if (!Repair(s, m, state, rng, Running))
        {
            return null;
        }
        var best = (int[])state.Choice.Clone();
        var bestObjective = state.Objective;
        shared?.Offer(best, bestObjective);
        // A best found since the last offer to the shared incumbent (offered every 256 moves, not at every new best).
        var unshared = false;

        var group = new List<int>();
        var undo = new List<(int W, int K, int C)>();
        var t0 = Calibrate(s, m, state, rng) * heat;
        if (t0 <= 0)
        {
            return best;
        }
        // A unit of excess at first costs what a mean package's worth of it costs at the starting temperature.
        var basePenalty = t0 / Math.Max(1.0, s.Units.Average());

        for (var round = 0; Running() && Done() < 1; round++)
        {
            if (round > 0)
            {
                if (follow && shared?.Best() is { } global && global.Objective < bestObjective)
                {
                    Array.Copy(global.Choice, best, packages);
                    bestObjective = global.Objective;
                }
                // From the best allocation, a little cooler each round.
                for (var w = 0; w < packages; w++)
                {
                    if (state.Choice[w] != best[w])
                    {
                        state.Place(w, best[w], m.X[w].First(p => p.Company == best[w]).Column);
                    }
                }
            }
            var start = Done();
            var length = Math.Max(1e-3, Math.Min(1.0 / Rounds, 1 - start));
            var hot = t0 / (1 + round);
            var cold = hot * 1e-3;
            var temperature = hot;
            var penalty = basePenalty;
            for (long step = 0; ; step++)
            {
                if ((step & 255) == 0)
                {
                    if (unshared)
                    {
                        shared?.Offer(best, bestObjective);
                        unshared = false;
                    }
                    if (!Running())
                    {
                        break;
                    }
                    var f = (Done() - start) / length;
                    if (f >= 1)
                    {
                        break;
                    }
                    temperature = hot * Math.Pow(cold / hot, f);
                    penalty = basePenalty * Math.Sqrt(hot / temperature);
                }
                tried++;
                var before = state.Objective;
                var excessBefore = state.Excess;
                undo.Clear();
                var kind = rng.Next(10);
                var moved = kind < 4 ? MoveOne(s, m, state, rng, undo)
                    : kind < 7 ? PullAcross(s, m, state, rng, undo)
                    : kind < 9 ? MoveGroup(s, m, state, rng, undo, group)
                    : Swap(s, m, state, rng, undo);
                if (!moved)
                {
                    Undo(state, undo);
                    continue;
                }
                if (state.Excess > excessBefore)
                {
                    Rebalance(s, m, state, rng, undo);
                }
                // Excess is allowed at a price that rises as the temperature falls, so that a large package can
                // change nations through allocations outside a band and come back within it.
                var delta = state.Objective - before + (penalty * (state.Excess - excessBefore));
                if (delta <= 0 || rng.NextDouble() < Math.Exp(-delta / temperature))
                {
                    if (state.Excess == 0 && state.Objective < bestObjective)
                    {
                        bestObjective = state.Objective;
                        Array.Copy(state.Choice, best, packages);
                        unshared = true;
                    }
                    continue;
                }
                Undo(state, undo);
            }
            RoundEnded?.Invoke(seed, round, best, bestObjective);
        }
        if (unshared)
        {
            shared?.Offer(best, bestObjective);
        }
        return best;
    }

    /// <summary>Takes back the moves recorded from <paramref name="mark"/> on, last first, and forgets them.</summary>
    private static void Undo(WorkshareState state, List<(int W, int K, int C)> undo, int mark = 0)
    {
        for (var u = undo.Count - 1; u >= mark; u--)
        {
            state.Place(undo[u].W, undo[u].K, undo[u].C);
        }
        undo.RemoveRange(mark, undo.Count - mark);
    }

    private static void Apply(WorkshareState state, List<(int W, int K, int C)> undo, int w, int k, int c)
    {
        undo.Add((w, state.Choice[w], state.Column[w]));
        state.Place(w, k, c);
    }

    /// <summary>One package to another company it may go to; when that company has no room, one of its packages moves on (<see cref="Eject"/>).</summary>
    private static bool MoveOne(WorkshareSetup s, WorkshareModel m, WorkshareState state, Random rng, List<(int W, int K, int C)> undo)
    {
        var w = rng.Next(s.Packages.Length);
        var options = m.X[w];
        if (options.Count < 2)
        {
            return false;
        }
        var (k, c) = options[rng.Next(options.Count)];
        if (k == state.Choice[w])
        {
            return false;
        }
        Apply(state, undo, w, k, c);
        return state.Within(k) || Eject(m, state, rng, undo, k, w);
    }

    /// <summary>One package to a company (with room) in the nation of a package across one of its borders.</summary>
    private static bool PullAcross(WorkshareSetup s, WorkshareModel m, WorkshareState state, Random rng, List<(int W, int K, int C)> undo)
    {
        var w = rng.Next(s.Packages.Length);
        var borders = state.Borders(w);
        if (borders.Length == 0)
        {
            return false;
        }
        var to = state.Nation[borders[rng.Next(borders.Length)].Other];
        if (to == state.Nation[w])
        {
            return false;
        }
        return MoveTo(s, m, state, rng, undo, w, to);
    }

    /// <summary>
    /// Package <paramref name="w"/> to a random company of nation <paramref name="to"/> it may go to with room for it;
    /// when none has room, to one that does not, and one of that company's packages moves on (<see cref="Eject"/>).
    /// </summary>
    private static bool MoveTo(WorkshareSetup s, WorkshareModel m, WorkshareState state, Random rng, List<(int W, int K, int C)> undo, int w, int to)
    {
        var picked = -1;
        var full = -1;
        var (seen, seenFull) = (0, 0);
        var options = m.X[w];
        var units = s.Units[w];
        for (var i = 0; i < options.Count; i++)
        {
            var k = options[i].Company;
            if (s.CompanyNation[k] != to || k == state.Choice[w])
            {
                continue;
            }
            if (state.Room(k, units))
            {
                if (rng.Next(++seen) == 0)
                {
                    picked = i;
                }
            }
            else if (rng.Next(++seenFull) == 0)
            {
                full = i;
            }
        }
        if (picked < 0 && full >= 0)
        {
            Apply(state, undo, w, options[full].Company, options[full].Column);
            return Eject(m, state, rng, undo, options[full].Company, w);
        }
        if (picked < 0)
        {
            return false;
        }
        Apply(state, undo, w, options[picked].Company, options[picked].Column);
        return true;
    }

    /// <summary>
    /// Brings company <paramref name="k"/>, over its capacity after <paramref name="arrived"/> came, back within it by
    /// moving one of its other packages to a company with room that it may go to — the one <paramref name="arrived"/>
    /// left among them, so two packages can trade places.
    /// </summary>
    private static bool Eject(WorkshareModel m, WorkshareState state, Random rng, List<(int W, int K, int C)> undo, int k, int arrived)
    {
        var held = state.Held(k);
        for (var tries = 0; tries < 4 && held.Count > 1; tries++)
        {
            var v = held[rng.Next(held.Count)];
            if (v == arrived)
            {
                continue;
            }
            var options = m.X[v];
            var first = rng.Next(options.Count);
            for (var i = 0; i < options.Count; i++)
            {
                var (k2, c2) = options[(first + i) % options.Count];
                if (k2 != k && state.Room(k2, state.Units(v)))
                {
                    Apply(state, undo, v, k2, c2);
                    if (state.Within(k))
                    {
                        return true;
                    }
                    break;
                }
            }
        }
        return false;
    }

    /// <summary>Two packages of different nations each to the other's nation (a large package changes nations with the bands kept).</summary>
    private static bool Swap(WorkshareSetup s, WorkshareModel m, WorkshareState state, Random rng, List<(int W, int K, int C)> undo)
    {
        var w = rng.Next(s.Packages.Length);
        var v = rng.Next(s.Packages.Length);
        var (a, b) = (state.Nation[w], state.Nation[v]);
        return a != b && MoveTo(s, m, state, rng, undo, w, b) && MoveTo(s, m, state, rng, undo, v, a);
    }

    /// <summary>A connected group (along interfaces, within one nation) of 2–10 packages to another nation.</summary>
    private static bool MoveGroup(WorkshareSetup s, WorkshareModel m, WorkshareState state, Random rng, List<(int W, int K, int C)> undo, List<int> group)
    {
        var seed = rng.Next(s.Packages.Length);
        var from = state.Nation[seed];
        var size = 2 + rng.Next(9);
        group.Clear();
        group.Add(seed);
        for (var i = 0; i < group.Count && group.Count < size; i++)
        {
            foreach (var (other, _) in state.Borders(group[i]))
            {
                if (group.Count < size && state.Nation[other] == from && !group.Contains(other) && rng.Next(3) > 0)
                {
                    group.Add(other);
                }
            }
        }
        // Toward the nation across one of the group's borders, when it has one.
        var to = -1;
        var across = 0;
        foreach (var w in group)
        {
            foreach (var (other, _) in state.Borders(w))
            {
                if (state.Nation[other] != from && rng.Next(++across) == 0)
                {
                    to = state.Nation[other];
                }
            }
        }
        if (to < 0)
        {
            to = rng.Next(s.Nations.Length - 1);
            to += to >= from ? 1 : 0;
        }
        foreach (var w in group)
        {
            if (!MoveTo(s, m, state, rng, undo, w, to))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>After a move that left a nation outside its band: one package moved back to bring both within, if one can.</summary>
    private static void Rebalance(WorkshareSetup s, WorkshareModel m, WorkshareState state, Random rng, List<(int W, int K, int C)> undo)
    {
        var nations = s.Nations.Length;
        // The nation over its ceiling (or the one with work to spare) gives, the one under its floor takes (the first
        // of each; loops, not LINQ, as this runs after most moves).
        var (over, under) = (-1, -1);
        for (var n = nations - 1; n >= 0; n--)
        {
            over = state.Work[n] > s.Upper[n] ? n : over;
            under = state.Work[n] < s.Lower[n] ? n : under;
        }
        if (over < 0 && under < 0)
        {
            return;
        }
        for (var tries = 0; tries < 24 && state.Excess > 0; tries++)
        {
            var w = rng.Next(s.Packages.Length);
            var from = state.Nation[w];
            if ((over >= 0 && from != over) || (over < 0 && from == under))
            {
                continue;
            }
            var to = under >= 0 ? under : rng.Next(nations);
            if (to == from)
            {
                continue;
            }
            var excess = state.Excess;
            var mark = undo.Count;
            if (!MoveTo(s, m, state, rng, undo, w, to) || state.Excess >= excess)
            {
                // Back out everything this try did (the package, and any package it ejected).
                Undo(state, undo, mark);
            }
        }
    }

    /// <summary>Removes the excess over capacities and bands greedily: each package, in random order, to the company that lowers the excess most (then the objective).</summary>
    private static bool Repair(WorkshareSetup s, WorkshareModel m, WorkshareState state, Random rng, Func<bool> running)
    {
        var order = Enumerable.Range(0, s.Packages.Length).ToArray();
        for (var pass = 0; pass < 50 && state.Excess > 0 && running(); pass++)
        {
            rng.Shuffle(order);
            var progress = false;
            for (var i = 0; i < order.Length; i++)
            {
                var w = order[i];
                if (state.Excess == 0 || ((i & 31) == 31 && !running()))
                {
                    break;
                }
                var (k0, c0) = (state.Choice[w], state.Column[w]);
                var (bestExcess, bestObjective, bestK, bestC) = (state.Excess, state.Objective, k0, c0);
                foreach (var (k, c) in m.X[w])
                {
                    if (k == k0)
                    {
                        continue;
                    }
                    state.Place(w, k, c);
                    if (state.Excess < bestExcess || (state.Excess == bestExcess && state.Objective < bestObjective))
                    {
                        (bestExcess, bestObjective, bestK, bestC) = (state.Excess, state.Objective, k, c);
                    }
                    state.Place(w, k0, c0);
                }
                if (bestK != k0)
                {
                    progress |= bestExcess < state.Excess;
                    state.Place(w, bestK, bestC);
                }
            }
            if (!progress && state.Excess > 0)
            {
                // Stuck: shake a few packages and go on.
                for (var i = 0; i < 5; i++)
                {
                    var w = rng.Next(s.Packages.Length);
                    var (k, c) = m.X[w][rng.Next(m.X[w].Count)];
                    state.Place(w, k, c);
                }
            }
        }
        return state.Excess == 0;
    }

    /// <summary>The starting temperature: the mean rise of random single moves that keep the limits (of any, when none does); 0 when no move rises.</summary>
    private static double Calibrate(WorkshareSetup s, WorkshareModel m, WorkshareState state, Random rng)
    {
        // No move that keeps the limits sampled (tight bands, full companies): the mean rise of any move, so the group
        // and rebalancing moves still get their chance.
        var rise = MeanRise(keepingLimits: true);
        return rise > 0 ? rise : MeanRise(keepingLimits: false);

        double MeanRise(bool keepingLimits)
        {
            double sum = 0;
            var count = 0;
            for (var i = 0; i < 2000; i++)
            {
                var w = rng.Next(s.Packages.Length);
                var (k, c) = m.X[w][rng.Next(m.X[w].Count)];
                if (k == state.Choice[w] || (keepingLimits && !state.Keeps(w, k)))
                {
                    continue;
                }
                var delta = state.Delta(w, k, c);
                if (delta > 0)
                {
                    sum += delta;
                    count++;
                }
            }
            return count == 0 ? 0 : sum / count;
        }
    }
}
