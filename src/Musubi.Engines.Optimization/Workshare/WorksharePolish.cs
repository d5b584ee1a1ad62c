using System.Diagnostics;

namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// A local search on an allocation the solver found but did not prove (docs/engines/workshare.md, "Solve"): move one
/// work package to another company it may go to when that lowers the model's objective — cost, borders crossed,
/// deviation from the targets, subsystem splits — keeping capacities and every nation's band (and, compartmentalized,
/// the package's nation), until no move helps or the time is up. The result is written back as values of every column
/// of the model and checked against every row before it is used, so it is a solution of the exported model or nothing.
/// </summary>
internal static class WorksharePolish
{
    /// <summary>Improved column values, or null when no move helped (or, defensively, when the result breaks a row).</summary>
    public static long[]? Improve(WorkshareSetup s, WorkshareModel m, long[] values, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        var packages = s.Packages.Length;
        var nations = s.Nations.Length;
        var state = new WorkshareState(s, m, Choice(m, values));

        var improved = false;
        for (var moved = true; moved && clock.Elapsed < budget;)
        {
            moved = false;
            // A whole subsystem to another nation (integrated and blend): each of its packages not there already to the
            // cheapest company of that nation it may go to with room for it. Borders mostly run inside subsystems, so
            // one package at a time rarely pays for crossing; the subsystem together may.
            for (var i = 0; i < s.Subsystems.Length && m.Mode != WorkshareMode.Compartmentalized && clock.Elapsed < budget; i++)
            {
                var group = s.Subsystems[i].Packages;
                for (var to = 0; to < nations && clock.Elapsed < budget; to++)
                {
                    if (group.All(w => state.Nation[w] == to))
                    {
                        continue;
                    }
                    var before = state.Objective;
                    var undo = new List<(int W, int K, int C)>();
                    var possible = true;
                    foreach (var w in group)
                    {
                        if (state.Nation[w] == to)
                        {
                            continue;
                        }
                        var target = m.X[w].Where(p => s.CompanyNation[p.Company] == to && state.Room(p.Company, s.Units[w]))
                            .OrderBy(p => state.Cost(p.Column)).Select(p => ((int Company, int Column)?)p).FirstOrDefault();
                        if (target is not { } t)
                        {
                            possible = false;
                            break;
                        }
                        undo.Add((w, state.Choice[w], state.Column[w]));
                        state.Place(w, t.Company, t.Column);
                    }
                    if (possible && state.Excess == 0 && state.Objective < before)
                    {
                        moved = improved = true;
                        continue;
                    }
                    for (var u = undo.Count - 1; u >= 0; u--)
                    {
                        state.Place(undo[u].W, undo[u].K, undo[u].C);
                    }
                }
            }
            for (var w = 0; w < packages && clock.Elapsed < budget; w++)
            {
                var best = 0L;
                var bestMove = (-1, -1);
                foreach (var (k, c) in m.X[w])
                {
                    if (k == state.Choice[w] || (m.Mode == WorkshareMode.Compartmentalized && s.CompanyNation[k] != state.Nation[w]) || !state.Keeps(w, k))
                    {
                        continue;
                    }
                    var delta = state.Delta(w, k, c);
                    if (delta < best)
                    {
                        best = delta;
                        bestMove = (k, c);
                    }
                }
                if (bestMove.Item1 < 0)
                {
                    continue;
                }
                state.Place(w, bestMove.Item1, bestMove.Item2);
                moved = improved = true;
            }
        }
        if (!improved)
        {
            return null;
        }

        var result = Complete(s, m, state.Choice);
        return Satisfies(m, result) ? result : null;
    }

    /// <summary>
    /// Every column of the model for an allocation (<paramref name="choice"/>: each package's company): x from it, y = 1
    /// where an interface crosses a border, D_n the distance of a nation's work from its target, u_{S,n} where a
    /// subsystem has work, e_S its extra nations — the least values the rows allow, which the objective wants.
    /// </summary>
    public static long[] Complete(WorkshareSetup s, WorkshareModel m, int[] choice)
    {
        var packages = s.Packages.Length;
        var nation = choice.Select(k => s.CompanyNation[k]).ToArray();
        var work = new long[s.Nations.Length];
        var result = new long[m.Columns.Count];
        for (var w = 0; w < packages; w++)
        {
            result[m.X[w].First(p => p.Company == choice[w]).Column] = 1;
            work[nation[w]] += s.Units[w];
        }
        foreach (var (c, a, b) in m.Borders)
        {
            result[c] = nation[a] != nation[b] ? 1 : 0;
        }
        foreach (var (c, p, q, n) in m.BorderLeaves)
        {
            result[c] = nation[p] == n && nation[q] != n ? 1 : 0;
        }
        for (var n = 0; n < s.Nations.Length; n++)
        {
            if (m.Deviation[n] >= 0)
            {
                result[m.Deviation[n]] = Math.Abs(work[n] - s.Target[n]);
            }
        }
        foreach (var ((i, n), c) in m.SubsystemNations)
        {
            result[c] = s.Subsystems[i].Packages.Any(w => nation[w] == n) ? 1 : 0;
        }
        foreach (var (i, c) in m.Splits)
        {
            result[c] = Math.Max(0, m.SubsystemNations.Where(p => p.Key.Subsystem == i).Sum(p => result[p.Value]) - 1);
        }
        return result;
    }

    /// <summary>Each package's company in column values of the model (the x column at 1).</summary>
    public static int[] Choice(WorkshareModel m, long[] values) => [.. m.X.Select(options => options.First(p => values[p.Column] == 1).Company)];

    /// <summary>The model's objective of column values, in its integer units.</summary>
    public static long Units(WorkshareModel m, long[] values) => m.Objective.Sum(p => p.Value * values[p.Key]);

    /// <summary>Whether <paramref name="values"/> keep every column's bounds and every row of the model.</summary>
    public static bool Satisfies(WorkshareModel m, long[] values)
    {
        for (var c = 0; c < m.Columns.Count; c++)
        {
            if (values[c] < m.Columns[c].Lower || values[c] > m.Columns[c].Upper)
            {
                return false;
            }
        }
        foreach (var row in m.Rows)
        {
            long sum = 0;
            foreach (var (c, v) in row.Terms)
            {
                sum += v * values[c];
            }
            if ((row.Lower != -WorkshareModel.Infinity && sum < row.Lower) || (row.Upper != WorkshareModel.Infinity && sum > row.Upper))
            {
                return false;
            }
        }
        return true;
    }
}
