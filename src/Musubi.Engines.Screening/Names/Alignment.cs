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
    /// <param name="sim">Similarity of query token i and entity token j at [i * ne + j] (0 when they do not match).</param>
    /// <param name="edits">Edits between them, same layout.</param>
    /// <param name="wq">Query token weights.</param>
    /// <param name="we">Entity token weights.</param>
    /// <param name="qKeys">Query keys (for joined comparisons).</param>
    /// <param name="eKeys">Entity keys (for joined comparisons).</param>
    /// <param name="pairs">Receives the aligned pairs when not null.</param>
    /// <returns>
    /// Matched weight M = Σ similarity × mean weight over aligned tokens, and the aligned mass A = Σ mean weight over
    /// them; the name score is M / (Wq + We − A).
    /// </returns>
    public static (double Matched, double Mass) Align(
        int nq, int ne, double[] sim, int[] edits, double[] wq, double[] we, string[] qKeys, string[] eKeys, List<Pair>? pairs)
    {
        Span<bool> qUsed = stackalloc bool[nq];
        Span<bool> eUsed = stackalloc bool[ne];
        Span<int> rowNonZero = stackalloc int[nq];
        Span<int> colNonZero = stackalloc int[ne];
        var any = false;
        var conflict = false;
        for (var i = 0; i < nq; i++)
        {
            for (var j = 0; j < ne; j++)
            {
                if (sim[(i * ne) + j] > 0)
                {
                    conflict |= ++rowNonZero[i] > 1 | ++colNonZero[j] > 1;
                    any = true;
                }
            }
        }
        var matched = 0.0;
        if (any)
        {
            if (!conflict)
            {
                for (var i = 0; i < nq; i++)
                {
                    for (var j = 0; j < ne; j++)
                    {
                        if (sim[(i * ne) + j] > 0)
                        {
                            matched += Take(i, j, qUsed, eUsed);
                        }
                    }
                }
            }
            else
            {
                var values = new double[nq * ne];
                for (var i = 0; i < nq; i++)
                {
                    for (var j = 0; j < ne; j++)
                    {
                        values[(i * ne) + j] = sim[(i * ne) + j] * (wq[i] + we[j]) / 2;
                    }
                }
                foreach (var (i, j) in Hungarian(nq, ne, values))
                {
                    if (sim[(i * ne) + j] > 0)
                    {
                        matched += Take(i, j, qUsed, eUsed);
                    }
                }
            }
        }
        var qFree = 0;
        var eFree = 0;
        foreach (var u in qUsed)
        {
            qFree += u ? 0 : 1;
        }
        foreach (var u in eUsed)
        {
            eFree += u ? 0 : 1;
        }
        if (qFree > 0 && eFree > 1)
        {
            matched += Joined(nq, ne, qKeys, eKeys, qUsed, eUsed, wq, we, pairs, queryJoins: false);
        }
        if (eFree > 0 && qFree > 1)
        {
            matched += Joined(nq, ne, qKeys, eKeys, qUsed, eUsed, wq, we, pairs, queryJoins: true);
        }
        var mass = 0.0;
        for (var i = 0; i < nq; i++)
        {
            mass += qUsed[i] ? wq[i] : 0;
        }
        for (var j = 0; j < ne; j++)
        {
            mass += eUsed[j] ? we[j] : 0;
        }
        return (matched, mass / 2);

        double Take(int i, int j, Span<bool> qUsed, Span<bool> eUsed)
        {
            qUsed[i] = true;
            eUsed[j] = true;
            var at = (i * ne) + j;
            pairs?.Add(new Pair(i, i, j, j, sim[at], edits[at]));
            return sim[at] * (wq[i] + we[j]) / 2;
        }
    }

    /// <summary>One unmatched token of one side against 2–3 adjacent unmatched tokens of the other written together.</summary>
    private static double Joined(
        int nq, int ne, string[] qKeys, string[] eKeys, Span<bool> qUsed, Span<bool> eUsed, double[] wq, double[] we,
        List<Pair>? pairs, bool queryJoins)
    {
        var singles = queryJoins ? ne : nq;
        var singleUsed = queryJoins ? eUsed : qUsed;
        var singleKeys = queryJoins ? eKeys : qKeys;
        var singleW = queryJoins ? we : wq;
        var groups = queryJoins ? nq : ne;
        var groupUsed = queryJoins ? qUsed : eUsed;
        var groupKeys = queryJoins ? qKeys : eKeys;
        var groupW = queryJoins ? wq : we;
        Span<char> buffer = stackalloc char[64];
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
                    if (total > 64)
                    {
                        continue;
                    }
                    var joined = buffer[..total];
                    var at = 0;
                    for (var k = start; k < start + len; k++)
                    {
                        groupKeys[k].AsSpan().CopyTo(joined[at..]);
                        at += groupKeys[k].Length;
                    }
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
    public static List<(int Row, int Col)> Hungarian(int rows, int cols, double[] values)
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
                    var cost = -(transpose ? values[((j - 1) * cols) + i0 - 1] : values[((i0 - 1) * cols) + j - 1]);
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
