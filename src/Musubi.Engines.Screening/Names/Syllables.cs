using System.Collections.Frozen;
using System.Text;
using AnyAscii;

namespace Musubi.Engines.Screening;

/// <summary>
/// The syllables Han (pinyin) and Hangul transliterate to ("zhong", "guo", "hoe"…). Each stands for one written
/// character, so two different syllables are two different characters: they are never matched as typos of each other.
/// Derived once from AnyAscii's own tables (every CJK Unified Ideograph and every Hangul syllable).
/// </summary>
internal static class Syllables
{
    private static readonly FrozenSet<string> All = Build();

    public static bool Contains(string key) => key.Length <= 6 && All.Contains(key);

    /// <summary>
    /// A Latin word read as the syllables it was written from ("xianggang" → xiang·gang, "yanjiusuo" → yan·jiu·suo):
    /// the cut into the fewest syllables, the later syllable longer when two cuts tie; null when the word is not made
    /// of at least two syllables.
    /// </summary>
    public static string[]? Segment(string word)
    {
        if (word.Length < 2 || word.Length > 36)
        {
            return null;
        }
        var lookup = All.GetAlternateLookup<ReadOnlySpan<char>>();
        // fewest[i]: the fewest syllables that spell word[..i]; from[i]: where the last of them starts.
        var fewest = new int[word.Length + 1];
        var from = new int[word.Length + 1];
        Array.Fill(fewest, int.MaxValue);
        fewest[0] = 0;
        for (var end = 1; end <= word.Length; end++)
        {
            for (var start = Math.Max(0, end - 6); start < end; start++)
            {
                if (fewest[start] != int.MaxValue && fewest[start] + 1 < fewest[end] && lookup.Contains(word.AsSpan(start, end - start)))
                {
                    fewest[end] = fewest[start] + 1;
                    from[end] = start;
                }
            }
        }
        if (fewest[word.Length] is < 2 or int.MaxValue)
        {
            return null;
        }
        var parts = new string[fewest[word.Length]];
        for (int end = word.Length, k = parts.Length - 1; end > 0; end = from[end], k--)
        {
            parts[k] = word[from[end]..end];
        }
        return parts;
    }

    private static FrozenSet<string> Build()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var buffer = new StringBuilder();
        for (var c = 0x4E00; c <= 0x9FFF; c++)
        {
            Add(set, buffer, ((char)c).ToString().Transliterate());
        }
        for (var c = 0xAC00; c <= 0xD7A3; c++)
        {
            Add(set, buffer, ((char)c).ToString().Transliterate());
        }
        return set.ToFrozenSet(StringComparer.Ordinal);

        static void Add(HashSet<string> set, StringBuilder buffer, string ascii)
        {
            buffer.Clear();
            foreach (var ch in ascii)
            {
                if (char.IsAsciiLetter(ch))
                {
                    buffer.Append(char.ToLowerInvariant(ch));
                }
            }
            if (buffer.Length is > 0 and <= 6)
            {
                // Keys fold long vowels (Hepburn.FoldLatin: "zhou" is keyed "zho"), so the folded syllable is one too.
                var syllable = buffer.ToString();
                set.Add(syllable);
                set.Add(Hepburn.FoldLatin(syllable));
            }
        }
    }
}
