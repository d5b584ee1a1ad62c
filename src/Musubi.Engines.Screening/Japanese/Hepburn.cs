using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Musubi.Engines.Screening;

/// <summary>
/// Kana → modified Hepburn romaji, and the folding that lets every common spelling of a romanized Japanese word meet.
/// <para>
/// The output of both methods is a <b>matching key, never shown to users</b>: long vowels are folded away (おう, おお,
/// オー → o; うう, ウー → u; ああ → a; the long mark ー disappears), so 重工業 reads "jukogyo", which is also what
/// "Jūkōgyō", "Juukougyou", "Jukogyo" and "Juukoogyoo" fold to. いい keeps "ii" and えい keeps "ei", as passports and
/// company names write them (Niigata, Seiki). Kunrei-shiki spellings (zyu, si, tu) are not folded.
/// </para>
/// </summary>
public static class Hepburn
{
    // Katakana U+30A0..U+30FF → romaji; null where the code point is not a syllable on its own.
    private static readonly string?[] Single = BuildSingle();

    // Two-kana syllables (yōon and the small vowels of loanwords), keyed by the two katakana.
    private static readonly FrozenDictionary<int, string> Pairs = BuildPairs();

    /// <summary>
    /// Romanizes hiragana or katakana (modified Hepburn, lower case, long vowels folded as <see cref="FoldLatin"/>
    /// folds them). Yōon (きゃ kya, しゃ sha, ちゃ cha, じゃ ja), sokuon (っか kka, っち tchi; dropped before a vowel or
    /// at the end), ん n, ヴ vu, loanword syllables (ファ fa, ティ ti, ディ di, ウィ wi, ウェ we, チェ che, シェ she,
    /// ジェ je…), ゐ ゑ を → i e o, ぢ ji, づ zu, the iteration marks ゝゞヽヾ. Characters that are not kana pass
    /// through (ASCII letters lower-cased).
    /// </summary>
    public static string Romanize(string kana)
    {
        ArgumentNullException.ThrowIfNull(kana);
        if (kana.Length == 0)
        {
            return "";
        }
        // At most four letters per kana (っち → tchi).
        var size = kana.Length * 4;
        var raw = size <= 512 ? stackalloc char[size] : new char[size];
        var length = 0;
        var sokuon = false;
        var previous = '\0';
        for (var i = 0; i < kana.Length;)
        {
            var c = ToKatakana(kana[i]);
            if (c == 'ッ')
            {
                sokuon = true;
                i++;
                continue;
            }
            if (c == 'ー')
            {
                // The long mark lengthens the previous vowel, which folding would take away again.
                sokuon = false;
                i++;
                continue;
            }
            if (c is 'ヽ' or 'ヾ')
            {
                c = c == 'ヽ' ? previous : Voiced(previous);
                if (c == '\0')
                {
                    i++;
                    continue;
                }
            }
            string? syllable = null;
            var used = 1;
            if (i + 1 < kana.Length && IsSmall(ToKatakana(kana[i + 1])) && Pairs.TryGetValue(Key(c, ToKatakana(kana[i + 1])), out var pair))
            {
                syllable = pair;
                used = 2;
            }
            syllable ??= c is >= '\u30A0' and <= '\u30FF' ? Single[c - '\u30A0'] : null;
            if (syllable is null)
            {
                sokuon = false;
                raw[length++] = char.ToLowerInvariant(kana[i]);
                i++;
                continue;
            }
            if (sokuon && c != 'ン' && syllable.Length > 1 && !IsVowel(syllable[0]))
            {
                raw[length++] = syllable.StartsWith("ch", StringComparison.Ordinal) ? 't' : syllable[0];
            }
            sokuon = false;
            syllable.CopyTo(raw[length..]);
            length += syllable.Length;
            previous = c;
            i += used;
        }
        return new string(raw[..Fold(raw[..length])]);
    }

    /// <summary>
    /// Folds a romanized (Latin-script) token to the same key <see cref="Romanize"/> gives: lower case; macrons,
    /// circumflexes and other diacritics dropped (ō ô → o, ū → u, ā → a); apostrophes dropped (Shin'etsu); the long
    /// vowels "ou", "oo" → o, "uu" → u, "aa" → a, "oh" before a consonant or at the end → o (Ohno, Itoh, Ohya); and
    /// the traditional-Hepburn "m" before b, p, m → n (Shimbun → shinbun, Homma → honma). Jūkōgyō, Juukougyou,
    /// Jukogyo and Juukoogyoo all fold to "jukogyo". A matching key only: never shown. Returns the same instance when
    /// nothing changes.
    /// </summary>
    public static string FoldLatin(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var text = token.AsSpan();
        string? decomposed = null;
        if (text.ContainsAnyExceptInRange('\0', '\u007F'))
        {
            decomposed = WellFormed(token).Normalize(NormalizationForm.FormD);
            text = decomposed;
        }
        var buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            if (c is '\'' or '\u2019' or '\u02BC'
                || (decomposed is not null && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark))
            {
                continue;
            }
            buffer[length++] = char.ToLowerInvariant(c);
        }
        var folded = buffer[..Fold(buffer[..length])];
        if (folded.SequenceEqual(token))
        {
            return token;
        }
        return decomposed is null ? new string(folded) : new string(folded).Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// The long-vowel and m-before-labial folding shared by both directions, in place; returns the folded length.
    /// Idempotent.
    /// </summary>
    private static int Fold(Span<char> s)
    {
        var o = 0;
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            if (c == 'm' && i + 1 < s.Length && s[i + 1] is 'b' or 'p' or 'm')
            {
                s[o++] = 'n';
                i++;
                continue;
            }
            s[o++] = c;
            i++;
            switch (c)
            {
                case 'o':
                    while (i < s.Length && s[i] is 'o' or 'u')
                    {
                        i++;
                    }
                    var h = i;
                    while (h < s.Length && s[h] == 'h')
                    {
                        h++;
                    }
                    if (h > i && (h == s.Length || !IsVowel(s[h])))
                    {
                        i = h;
                    }
                    break;
                case 'u':
                    while (i < s.Length && s[i] == 'u')
                    {
                        i++;
                    }
                    break;
                case 'a':
                    while (i < s.Length && s[i] == 'a')
                    {
                        i++;
                    }
                    break;
                default:
                    break;
            }
        }
        return o;
    }

    /// <summary>The text with lone surrogates replaced by U+FFFD, so normalization cannot refuse it.</summary>
    internal static string WellFormed(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return text;
        }
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }
        return new string(chars);
    }

    private static bool IsSmall(char c) => c is 'ァ' or 'ィ' or 'ゥ' or 'ェ' or 'ォ' or 'ャ' or 'ュ' or 'ョ' or 'ヮ';

    private static bool IsVowel(char c) => c is 'a' or 'i' or 'u' or 'e' or 'o';

    /// <summary>Hiragana → katakana (the other characters unchanged).</summary>
    internal static char ToKatakana(char c) => c is >= '\u3041' and <= '\u3096' or '\u309D' or '\u309E' ? (char)(c + 0x60) : c;

    /// <summary>The whole string with hiragana as katakana.</summary>
    internal static string ToKatakana(string text)
    {
        var needed = false;
        foreach (var c in text)
        {
            if (ToKatakana(c) != c)
            {
                needed = true;
                break;
            }
        }
        return needed ? string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = ToKatakana(source[i]);
            }
        }) : text;
    }

    /// <summary>Hiragana, katakana (with ー and the iteration marks; not the middle dot ・).</summary>
    internal static bool IsKana(char c) => c is >= '\u3041' and <= '\u3096' or '\u309D' or '\u309E' or (>= '\u30A1' and <= '\u30FA') or '\u30FC' or '\u30FD' or '\u30FE';

    private static int Key(char first, char second) => (first << 16) | second;

    private const string VoicingPairs = "カガキギクグケゲコゴサザシジスズセゼソゾタダチヂツヅテデトドハバヒビフブヘベホボウヴ";

    private static char Voiced(char c)
    {
        var at = VoicingPairs.IndexOf(c, StringComparison.Ordinal);
        return at >= 0 && at % 2 == 0 ? VoicingPairs[at + 1] : c;
    }

    private static string?[] BuildSingle()
    {
        var table = new string?[0x60];
        void Row(string kana, params string[] romaji)
        {
            for (var i = 0; i < kana.Length; i++)
            {
                table[kana[i] - '\u30A0'] = romaji[i];
            }
        }
        Row("アイウエオ", "a", "i", "u", "e", "o");
        Row("ァィゥェォ", "a", "i", "u", "e", "o");
        Row("カキクケコ", "ka", "ki", "ku", "ke", "ko");
        Row("ガギグゲゴ", "ga", "gi", "gu", "ge", "go");
        Row("サシスセソ", "sa", "shi", "su", "se", "so");
        Row("ザジズゼゾ", "za", "ji", "zu", "ze", "zo");
        Row("タチツテト", "ta", "chi", "tsu", "te", "to");
        Row("ダヂヅデド", "da", "ji", "zu", "de", "do");
        Row("ナニヌネノ", "na", "ni", "nu", "ne", "no");
        Row("ハヒフヘホ", "ha", "hi", "fu", "he", "ho");
        Row("バビブベボ", "ba", "bi", "bu", "be", "bo");
        Row("パピプペポ", "pa", "pi", "pu", "pe", "po");
        Row("マミムメモ", "ma", "mi", "mu", "me", "mo");
        Row("ヤユヨャュョ", "ya", "yu", "yo", "ya", "yu", "yo");
        Row("ラリルレロ", "ra", "ri", "ru", "re", "ro");
        Row("ワヮヰヱヲン", "wa", "wa", "i", "e", "o", "n");
        Row("ヴヵヶ", "vu", "ka", "ke");
        Row("ヷヸヹヺ", "va", "vi", "ve", "vo");
        return table;
    }

    private static FrozenDictionary<int, string> BuildPairs()
    {
        var pairs = new Dictionary<int, string>();
        // Yōon: a consonant kana of the i column + small ya/yu/yo.
        foreach (var (kana, consonant) in new[]
        {
            ('キ', "ky"), ('ギ', "gy"), ('シ', "sh"), ('ジ', "j"), ('チ', "ch"), ('ヂ', "j"), ('ニ', "ny"),
            ('ヒ', "hy"), ('ビ', "by"), ('ピ', "py"), ('ミ', "my"), ('リ', "ry"),
        })
        {
            pairs[Key(kana, 'ャ')] = consonant + "a";
            pairs[Key(kana, 'ュ')] = consonant + "u";
            pairs[Key(kana, 'ョ')] = consonant + "o";
        }
        // Loanword syllables with small vowels (and ye, kwa, tsa…).
        foreach (var (kana, romaji) in new[]
        {
            ("ファ", "fa"), ("フィ", "fi"), ("フェ", "fe"), ("フォ", "fo"), ("フュ", "fyu"),
            ("ティ", "ti"), ("ディ", "di"), ("テュ", "tyu"), ("デュ", "dyu"), ("トゥ", "tu"), ("ドゥ", "du"),
            ("ウィ", "wi"), ("ウェ", "we"), ("ウォ", "wo"), ("ウァ", "wa"),
            ("ヴァ", "va"), ("ヴィ", "vi"), ("ヴェ", "ve"), ("ヴォ", "vo"), ("ヴュ", "vyu"),
            ("ツァ", "tsa"), ("ツィ", "tsi"), ("ツェ", "tse"), ("ツォ", "tso"),
            ("チェ", "che"), ("シェ", "she"), ("ジェ", "je"), ("ヂェ", "je"), ("イェ", "ye"),
            ("キェ", "kye"), ("ギェ", "gye"), ("ニェ", "nye"), ("ヒェ", "hye"),
            ("クァ", "kwa"), ("クィ", "kwi"), ("クェ", "kwe"), ("クォ", "kwo"), ("グァ", "gwa"),
            ("スィ", "si"), ("ズィ", "zi"),
        })
        {
            pairs[Key(kana[0], kana[1])] = romaji;
        }
        return pairs.ToFrozenDictionary();
    }
}
