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
                set.Add(buffer.ToString());
            }
        }
    }
}
