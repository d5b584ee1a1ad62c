using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Benchmarks;

/// <summary>
/// Trades across borders (an experiment of ADR 0033, not part of the allocator): a descent over pairs of nation changes
/// that each dissolve a border — package p to the nation of a package across one of its borders, and package q, across
/// a border from p's old nation, into that nation — so that a nation whose band binds gives work and takes it back in
/// the same step. Each package enters its new nation at the company that costs least there, or at a full one after one
/// of that company's packages moves to another company of the same nation with room (a capacity swap). A pair is taken
/// when the two moves together keep every limit and lower the objective. On the benchmark's allocations it lowered
/// nothing that mattered (ADR 0033).
/// </summary>
internal static class WorkshareTrades
{
    /// <summary>Whether <see cref="Pairs"/> ignores the companies' capacities (how much the pairs would give without them).</summary>
    internal static bool IgnoreCapacity { get; set; }

    /// <summary>Work over capacity rows (units), from scratch.</summary>
    public static long Over(WorkshareSetup s, WorkshareModel m, WorkshareState state) =>
        m.CapacityLimits.Sum(p => Math.Max(0, state.Load[p.Key] - p.Value));

    /// <summary>
    /// Lowers <paramref name="state"/> by trades until none helps or <paramref name="running"/> says stop; whether any
    /// was taken. Integrated and blend modes only (compartmentalized allocations keep each subsystem's nation).
    /// </summary>
    public static bool Improve(WorkshareSetup s, WorkshareModel m, WorkshareState state, Func<bool> running)
    {
        if (m.Mode == WorkshareMode.Compartmentalized || state.Excess > 0)
        {
            return false;
        }
        var nations = s.Nations.Length;
        var undo = new List<(int W, int K, int C)>();
        var improved = false;
        // Each nation's entries: packages across a border from it, not in it now.
        var entering = new List<int>[nations];
        for (var n = 0; n < nations; n++)
        {
            entering[n] = [];
        }
        var candidates = new List<(int W, int To)>();
        for (var again = true; again && running();)
        {
            again = false;
            Candidates(s, state, candidates, entering);
            for (var i = 0; i < candidates.Count && running(); i++)
            {
                var (p, to) = candidates[i];
                var from = state.Nation[p];
                if (from == to)
                {
                    continue;
                }
                var before = state.Objective;
                undo.Clear();
                if (!Enter(s, m, state, undo, p, to))
                {
                    continue;
                }
                if (state.Excess == 0 && state.Objective < before)
                {
                    improved = again = true;
                    continue;
                }
                var taken = false;
                foreach (var q in entering[from])
                {
                    if (q == p || state.Nation[q] == from)
                    {
                        continue;
                    }
                    var mark = undo.Count;
                    if (Enter(s, m, state, undo, q, from) && state.Excess == 0 && state.Objective < before)
                    {
                        taken = true;
                        break;
                    }
                    Undo(state, undo, mark);
                }
                if (taken)
                {
                    improved = again = true;
                    continue;
                }
                Undo(state, undo, 0);
            }
        }
        return improved;
    }

    /// <summary>Every pair trade that keeps the limits, with the objective's change (an experiment's view).</summary>
    public static List<(int P, int PTo, int Q, int QTo, long Delta)> Pairs(WorkshareSetup s, WorkshareModel m, WorkshareState state)
    {
        var found = new List<(int, int, int, int, long)>();
        var undo = new List<(int W, int K, int C)>();
        var nations = s.Nations.Length;
        var entering = new List<int>[nations];
        var candidates = new List<(int W, int To)>();
        for (var n = 0; n < nations; n++)
        {
            entering[n] = [];
        }
        Candidates(s, state, candidates, entering);
        foreach (var (p, to) in candidates)
        {
            var from = state.Nation[p];
            var before = state.Objective;
            undo.Clear();
            if (!Enter(s, m, state, undo, p, to))
            {
                continue;
            }
            if (state.Excess == (IgnoreCapacity ? Over(s, m, state) : 0))
            {
                found.Add((p, to, -1, -1, state.Objective - before));
            }
            foreach (var q in entering[from])
            {
                if (q == p)
                {
                    continue;
                }
                var mark = undo.Count;
                if (Enter(s, m, state, undo, q, from) && state.Excess == (IgnoreCapacity ? Over(s, m, state) : 0))
                {
                    found.Add((p, to, q, from, state.Objective - before));
                }
                Undo(state, undo, mark);
            }
            Undo(state, undo, 0);
        }
        return found;
    }

    /// <summary>Applies a pair from <see cref="Pairs"/> (the state as it was then); whether both halves could be placed.</summary>
    public static bool Take(WorkshareSetup s, WorkshareModel m, WorkshareState state, (int P, int PTo, int Q, int QTo, long Delta) pair)
    {
        var undo = new List<(int W, int K, int C)>();
        return Enter(s, m, state, undo, pair.P, pair.PTo) && (pair.Q < 0 || Enter(s, m, state, undo, pair.Q, pair.QTo));
    }

    /// <summary>
    /// Every move of a package to the nation of a package across one of its borders (each nation once per package),
    /// and per nation the packages that could enter it so.
    /// </summary>
    private static void Candidates(WorkshareSetup s, WorkshareState state, List<(int W, int To)> candidates, List<int>[] entering)
    {
        candidates.Clear();
        foreach (var list in entering)
        {
            list.Clear();
        }
        for (var w = 0; w < s.Packages.Length; w++)
        {
            var here = state.Nation[w];
            var seen = 0;
            foreach (var (other, _) in state.Borders(w))
            {
                var there = state.Nation[other];
                if (there != here && (seen & (1 << there)) == 0)
                {
                    seen |= 1 << there;
                    candidates.Add((w, there));
                    entering[there].Add(w);
                }
            }
        }
    }

    /// <summary>
    /// Package <paramref name="w"/> into nation <paramref name="to"/> at the least change of the objective: to a company
    /// with room, or to a full one after one of its packages moves to another company of that nation with room.
    /// </summary>
    private static bool Enter(WorkshareSetup s, WorkshareModel m, WorkshareState state, List<(int W, int K, int C)> undo, int w, int to)
    {
        var units = s.Units[w];
        var best = long.MaxValue;
        (int K, int C, int V, int K2, int C2) move = (-1, -1, -1, -1, -1);
        foreach (var (k, c) in m.X[w])
        {
            if (s.CompanyNation[k] != to)
            {
                continue;
            }
            var delta = state.Delta(w, k, c);
            if (IgnoreCapacity || state.Room(k, units))
            {
                if (delta < best)
                {
                    (best, move) = (delta, (k, c, -1, -1, -1));
                }
                continue;
            }
            foreach (var v in state.Held(k))
            {
                var vu = state.Units(v);
                if (!state.Room(k, units - vu))
                {
                    continue;
                }
                // v stays in the nation: its change is its cost alone, and w's delta does not depend on it.
                foreach (var (k2, c2) in m.X[v])
                {
                    if (k2 == k || s.CompanyNation[k2] != to || !state.Room(k2, vu))
                    {
                        continue;
                    }
                    var total = delta + state.Cost(c2) - state.Cost(state.Column[v]);
                    if (total < best)
                    {
                        (best, move) = (total, (k, c, v, k2, c2));
                    }
                }
            }
        }
        if (move.K < 0)
        {
            return false;
        }
        if (move.V >= 0)
        {
            Apply(state, undo, move.V, move.K2, move.C2);
        }
        Apply(state, undo, w, move.K, move.C);
        return true;
    }

    private static void Apply(WorkshareState state, List<(int W, int K, int C)> undo, int w, int k, int c)
    {
        undo.Add((w, state.Choice[w], state.Column[w]));
        state.Place(w, k, c);
    }

    private static void Undo(WorkshareState state, List<(int W, int K, int C)> undo, int mark)
    {
        for (var u = undo.Count - 1; u >= mark; u--)
        {
            state.Place(undo[u].W, undo[u].K, undo[u].C);
        }
        undo.RemoveRange(mark, undo.Count - mark);
    }
}
