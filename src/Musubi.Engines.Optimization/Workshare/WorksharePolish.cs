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
        var choice = new int[packages];
        var column = new int[packages];
        for (var w = 0; w < packages; w++)
        {
            var (k, c) = m.X[w].First(p => values[p.Column] == 1);
            choice[w] = k;
            column[w] = c;
        }
        var nation = choice.Select(k => s.CompanyNation[k]).ToArray();
        var load = new long[s.Companies.Length];
        var work = new long[nations];
        for (var w = 0; w < packages; w++)
        {
            load[choice[w]] += s.Units[w];
            work[nation[w]] += s.Units[w];
        }
        long Cost(int c) => m.Objective.GetValueOrDefault(c);

        // Borders by package: the other package and the y coefficient.
        var borders = new List<(int Other, long Coefficient)>[packages];
        foreach (var (c, a, b) in m.Borders)
        {
            (borders[a] ??= []).Add((b, Cost(c)));
            (borders[b] ??= []).Add((a, Cost(c)));
        }
        // Subsystems with a split penalty (blend): members per nation and κ̂.
        var splitOf = new List<int>[packages];
        var members = new Dictionary<int, int[]>();
        foreach (var (i, e) in m.Splits)
        {
            var count = new int[nations];
            foreach (var w in s.Subsystems[i].Packages)
            {
                count[nation[w]]++;
                (splitOf[w] ??= []).Add(i);
            }
            members[i] = count;
        }
        var mu = Enumerable.Range(0, nations).Select(n => m.Deviation[n] >= 0 ? Cost(m.Deviation[n]) : 0).ToArray();
        long Deviation(int n, long units) => mu[n] * Math.Abs(units - s.Target[n]);
        static long Split(int[] count) => Math.Max(0, count.Count(c => c > 0) - 1);

        // The objective of the current allocation in units, from scratch (for moves of many packages at once).
        long Total()
        {
            long total = 0;
            for (var w = 0; w < packages; w++)
            {
                total += Cost(column[w]);
            }
            foreach (var (c, a, b) in m.Borders)
            {
                total += nation[a] != nation[b] ? Cost(c) : 0;
            }
            for (var n = 0; n < nations; n++)
            {
                total += Deviation(n, work[n]);
            }
            foreach (var (i, count) in members)
            {
                total += Cost(m.Splits[i]) * Split(count);
            }
            return total;
        }
        void Place(int w, int k, int c)
        {
            var units = s.Units[w];
            var (from, to) = (nation[w], s.CompanyNation[k]);
            load[choice[w]] -= units;
            load[k] += units;
            work[from] -= units;
            work[to] += units;
            foreach (var i in splitOf[w] ?? [])
            {
                members[i][from]--;
                members[i][to]++;
            }
            choice[w] = k;
            column[w] = c;
            nation[w] = to;
        }
        bool Feasible(IEnumerable<int> companies)
        {
            foreach (var k in companies)
            {
                if (m.CapacityLimits.TryGetValue(k, out var limit) && load[k] > limit)
                {
                    return false;
                }
            }
            for (var n = 0; n < nations; n++)
            {
                if (work[n] < s.Lower[n] || work[n] > s.Upper[n])
                {
                    return false;
                }
            }
            return true;
        }

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
                    if (group.All(w => nation[w] == to))
                    {
                        continue;
                    }
                    var before = Total();
                    var undo = new List<(int W, int K, int C)>();
                    var possible = true;
                    foreach (var w in group)
                    {
                        if (nation[w] == to)
                        {
                            continue;
                        }
                        var target = m.X[w].Where(p => s.CompanyNation[p.Company] == to
                                && (!m.CapacityLimits.TryGetValue(p.Company, out var limit) || load[p.Company] + s.Units[w] <= limit))
                            .OrderBy(p => Cost(p.Column)).Select(p => ((int Company, int Column)?)p).FirstOrDefault();
                        if (target is not { } t)
                        {
                            possible = false;
                            break;
                        }
                        undo.Add((w, choice[w], column[w]));
                        Place(w, t.Company, t.Column);
                    }
                    if (possible && Feasible(undo.Select(u => choice[u.W])) && Total() < before)
                    {
                        moved = improved = true;
                        continue;
                    }
                    for (var u = undo.Count - 1; u >= 0; u--)
                    {
                        Place(undo[u].W, undo[u].K, undo[u].C);
                    }
                }
            }
            for (var w = 0; w < packages && clock.Elapsed < budget; w++)
            {
                var n = nation[w];
                var units = s.Units[w];
                var best = 0L;
                var bestMove = (-1, -1);
                foreach (var (k, c) in m.X[w])
                {
                    if (k == choice[w])
                    {
                        continue;
                    }
                    var to = s.CompanyNation[k];
                    if (to != n && m.Mode == WorkshareMode.Compartmentalized)
                    {
                        continue;
                    }
                    if (m.CapacityLimits.TryGetValue(k, out var limit) && load[k] + units > limit)
                    {
                        continue;
                    }
                    var delta = Cost(c) - Cost(column[w]);
                    if (to != n)
                    {
                        if (work[n] - units < s.Lower[n] || work[to] + units > s.Upper[to])
                        {
                            continue;
                        }
                        foreach (var (other, coefficient) in borders[w] ?? [])
                        {
                            delta += coefficient * ((nation[other] != to ? 1 : 0) - (nation[other] != n ? 1 : 0));
                        }
                        delta += Deviation(n, work[n] - units) - Deviation(n, work[n]) + Deviation(to, work[to] + units) - Deviation(to, work[to]);
                        foreach (var i in splitOf[w] ?? [])
                        {
                            var count = members[i];
                            var before = Split(count);
                            count[n]--;
                            count[to]++;
                            delta += Cost(m.Splits[i]) * (Split(count) - before);
                            count[n]++;
                            count[to]--;
                        }
                    }
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
                Place(w, bestMove.Item1, bestMove.Item2);
                moved = improved = true;
            }
        }
        if (!improved)
        {
            return null;
        }

        var result = Complete(s, m, choice);
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
