namespace Musubi.Engines.Screening;

/// <summary>Token similarity: exact, or within a few edits (Damerau–Levenshtein, optimal string alignment).</summary>
internal static class Similarity
{
    /// <summary>What one edit costs, relative to the longer token's length.</summary>
    public const double TypoCost = 1.5;

    /// <summary>The edits a token pair may differ by: none below 4 characters, one up to 7, two from 8.</summary>
    public static int MaxEdits(int shorterLength) => shorterLength < 4 ? 0 : shorterLength < 8 ? 1 : 2;

    /// <summary>
    /// The characters of a token as a 64-bit set (hashed). One edit changes at most two members of a token's character
    /// set, so two tokens whose masks differ in more than 2 × max-edits bits cannot be within max-edits edits.
    /// </summary>
    public static ulong Mask(string token)
    {
        var mask = 0UL;
        foreach (var c in token)
        {
            mask |= 1UL << (int)((uint)c * 2654435761u >> 26);
        }
        return mask;
    }

    /// <summary>Cheap rejection: true when the two tokens certainly differ by more than the allowed edits.</summary>
    public static bool CannotMatch(string a, string b, ulong maskA, ulong maskB)
    {
        var max = MaxEdits(Math.Min(a.Length, b.Length));
        return max == 0 || Math.Abs(a.Length - b.Length) > max || ulong.PopCount(maskA ^ maskB) > (ulong)(2 * max);
    }

    /// <summary>1 for equal tokens, 1 − 1.5·d/longer (× 0.8 when the first letters differ) for d ≤ <see cref="MaxEdits"/> edits, else 0.</summary>
    public static double Of(string a, string b, out int edits) => Of(a.AsSpan(), b.AsSpan(), out edits);

    /// <summary>As <see cref="Of(string, string, out int)"/>, on spans.</summary>
    public static double Of(ReadOnlySpan<char> a, ReadOnlySpan<char> b, out int edits)
    {
        edits = 0;
        if (a.SequenceEqual(b))
        {
            return 1;
        }
        var shorter = Math.Min(a.Length, b.Length);
        var max = MaxEdits(shorter);
        if (max == 0 || Math.Abs(a.Length - b.Length) > max)
        {
            return 0;
        }
        edits = Distance(a, b, max);
        if (edits > max)
        {
            return 0;
        }
        // An edit costs 1.5 / length, and one at the first letter a further fifth: names that differ in their first
        // letter (Daito / Saito, Müller / Möller's neighbours) are more often different names than misspellings.
        var sim = 1 - (TypoCost * edits / Math.Max(a.Length, b.Length));
        return a[0] == b[0] ? sim : sim * 0.8;
    }

    /// <summary>Optimal-string-alignment distance, or <paramref name="max"/> + 1 as soon as it must exceed it.</summary>
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        var n = a.Length;
        var m = b.Length;
        if (n > 64 || m > 64)
        {
            return max + 1;
        }
        Span<int> prev2 = stackalloc int[m + 1];
        Span<int> prev = stackalloc int[m + 1];
        Span<int> cur = stackalloc int[m + 1];
        for (var j = 0; j <= m; j++)
        {
            prev[j] = j;
        }
        for (var i = 1; i <= n; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= m; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
                rowMin = Math.Min(rowMin, v);
            }
            if (rowMin > max)
            {
                return max + 1;
            }
            var t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[m];
    }
}
