namespace Musubi.Engines.Screening;

/// <summary>
/// The best one-to-one alignment of two token lists: the assignment that maximizes Σ similarity × mean weight
/// (Hungarian method; its value does not depend on which side is the query), then unmatched tokens that equal two or
/// three adjacent unmatched tokens of the other side written together ("ryonbong" ~ "ryon bong").
/// </summary>
internal static class Alignment
{
    /// <summary>A pair (or joined group) of aligned tokens: indexes into the two lists (a joined side spans First..Last).</summary>
    public readonly record struct Pair(int QueryFirst, int QueryLast, int EntityFirst, int EntityLast, double Similarity, int Edits);

    /// <param name="nq">Query tokens.</param>
    /// <param name="ne">Entity tokens.</param>
    /// <param name="sim">Similarity of query token i and entity token j (0 when they do not match).</param>
    /// <param name="wq">Query token weights.</param>
    /// <param name="we">Entity token weights.</param>
    /// <param name="qKeys">Query keys (for joined comparisons).</param>
    /// <param name="eKeys">Entity keys (for joined comparisons).</param>
    /// <param name="pairs">Receives the aligned pairs when not null.</param>
    /// <returns>Matched weight M; the score is M / (Wq + We − M).</returns>
    public static double Align(
        int nq, int ne, Func<int, int, (double Sim, int Edits)> sim, double[] wq, double[] we,
        string[] qKeys, string[] eKeys, List<Pair>? pairs)
    {
        var s = new double[nq, ne];
        var edits = new int[nq, ne];
        var rowNonZero = new int[nq];
        var colNonZero = new int[ne];
        var any = false;
        for (var i = 0; i < nq; i++)
        {
            for (var j = 0; j < ne; j++)
            {
                var (v, d) = sim(i, j);
                if (v > 0)
                {
                    s[i, j] = v;
                    edits[i, j] = d;
                    rowNonZero[i]++;
                    colNonZero[j]++;
                    any = true;
                }
            }
        }
        var qUsed = new bool[nq];
        var eUsed = new bool[ne];
        var matched = 0.0;
        if (any)
        {
            var conflict = rowNonZero.Any(c => c > 1) || colNonZero.Any(c => c > 1);
            if (!conflict)
            {
                for (var i = 0; i < nq; i++)
                {
                    for (var j = 0; j < ne; j++)
                    {
                        if (s[i, j] > 0)
                        {
                            Take(i, j);
                        }
                    }
                }
            }
            else
            {
                foreach (var (i, j) in Hungarian(nq, ne, (i, j) => s[i, j] * (wq[i] + we[j]) / 2))
                {
                    if (s[i, j] > 0)
                    {
                        Take(i, j);
                    }
                }
            }
        }
        matched += Joined(nq, ne, qKeys, eKeys, qUsed, eUsed, wq, we, pairs, queryJoins: false);
        matched += Joined(nq, ne, qKeys, eKeys, qUsed, eUsed, wq, we, pairs, queryJoins: true);
        return matched;

        void Take(int i, int j)
        {
            qUsed[i] = true;
            eUsed[j] = true;
            matched += s[i, j] * (wq[i] + we[j]) / 2;
            pairs?.Add(new Pair(i, i, j, j, s[i, j], edits[i, j]));
        }
    }

    /// <summary>One unmatched token of one side against 2–3 adjacent unmatched tokens of the other written together.</summary>
    private static double Joined(
        int nq, int ne, string[] qKeys, string[] eKeys, bool[] qUsed, bool[] eUsed, double[] wq, double[] we,
        List<Pair>? pairs, bool queryJoins)
    {
        var (singles, singleUsed, singleKeys, singleW, groups, groupUsed, groupKeys, groupW) = queryJoins
            ? (ne, eUsed, eKeys, we, nq, qUsed, qKeys, wq)
            : (nq, qUsed, qKeys, wq, ne, eUsed, eKeys, we);
        var matched = 0.0;
        for (var a = 0; a < singles; a++)
        {
            if (singleUsed[a] || singleKeys[a].Length < 4 || NameAnalyzer.IsCjkKey(singleKeys[a]))
            {
                continue;
            }
            for (var len = 2; len <= 3; len++)
            {
                var found = false;
                for (var start = 0; start + len <= groups; start++)
                {
                    var free = true;
                    var total = 0;
                    for (var k = start; k < start + len && free; k++)
                    {
                        free = !groupUsed[k];
                        total += groupKeys[k].Length;
                    }
                    if (!free || Math.Abs(total - singleKeys[a].Length) > 2)
                    {
                        continue;
                    }
                    var joined = string.Concat(groupKeys.AsSpan(start, len).ToArray());
                    var sim = Similarity.Of(singleKeys[a], joined, out var d);
                    if (sim <= 0)
                    {
                        continue;
                    }
                    var w = singleW[a];
                    for (var k = start; k < start + len; k++)
                    {
                        groupUsed[k] = true;
                        w += groupW[k];
                    }
                    singleUsed[a] = true;
                    matched += sim * w / 2;
                    pairs?.Add(queryJoins
                        ? new Pair(start, start + len - 1, a, a, sim, d)
                        : new Pair(a, a, start, start + len - 1, sim, d));
                    found = true;
                    break;
                }
                if (found)
                {
                    break;
                }
            }
        }
        return matched;
    }

    /// <summary>Maximum-value assignment of rows to columns (Hungarian method, O(n²m)); pairs of value 0 may be returned.</summary>
    public static List<(int Row, int Col)> Hungarian(int rows, int cols, Func<int, int, double> value)
    {
        var transpose = rows > cols;
        var n = transpose ? cols : rows;
        var m = transpose ? rows : cols;
        var u = new double[n + 1];
        var v = new double[m + 1];
        var p = new int[m + 1];
        var way = new int[m + 1];
        for (var i = 1; i <= n; i++)
        {
            p[0] = i;
            var j0 = 0;
            var minv = new double[m + 1];
            Array.Fill(minv, double.PositiveInfinity);
            var used = new bool[m + 1];
            do
            {
                used[j0] = true;
                var i0 = p[j0];
                var delta = double.PositiveInfinity;
                var j1 = 0;
                for (var j = 1; j <= m; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }
                    var cost = -(transpose ? value(j - 1, i0 - 1) : value(i0 - 1, j - 1));
                    var cur = cost - u[i0] - v[j];
                    if (cur < minv[j])
                    {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if (minv[j] < delta)
                    {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                for (var j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            }
            while (p[j0] != 0);
            do
            {
                var j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }
        var result = new List<(int, int)>(n);
        for (var j = 1; j <= m; j++)
        {
            if (p[j] != 0)
            {
                result.Add(transpose ? (j - 1, p[j] - 1) : (p[j] - 1, j - 1));
            }
        }
        return result;
    }
}
