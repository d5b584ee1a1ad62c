using System.Text;

namespace Musubi.Synthetic.Screening;

/// <summary>The romanizations of Russian Cyrillic the lists and passports use, so a query can use another one than the list.</summary>
internal enum CyrillicScheme
{
    /// <summary>The practical English spelling (BGN/PCGN without diacritics): Zh, Kh, Ts, Ch, Sh, Shch, Yu, Ya, Y; Ye at the start of a word.</summary>
    English,

    /// <summary>ICAO Doc 9303 (passports): Zh, Kh, Ts, Ch, Sh, Shch, Iu, Ia, I; ъ as Ie; е and ё always E.</summary>
    Icao,

    /// <summary>GOST 7.79-2000 system B: Zh, X, Cz/C, Ch, Sh, Shh, Yu, Ya, J; y' for ы and e' for э.</summary>
    Gost,

    /// <summary>ISO 9 (scholarly, with diacritics): ž, h, c, č, š, ŝ, û, â, j, è, ë.</summary>
    Iso9,

    /// <summary>The German Duden spelling: Sch, Ch, Z, Tsch, Schtsch, Ju, Ja, W for в, S for с and з.</summary>
    German,
}

/// <summary>Romanizes Russian Cyrillic under one of <see cref="CyrillicScheme"/>; keeps other characters.</summary>
internal static class Cyrillic
{
    private const string LowerLetters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя";

    private static readonly Dictionary<CyrillicScheme, string[]> Tables = new()
    {
        [CyrillicScheme.English] =
            ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
        [CyrillicScheme.Icao] =
            ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia"],
        [CyrillicScheme.Gost] =
            ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "j", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "x", "cz", "ch", "sh", "shh", "", "y'", "'", "e'", "yu", "ya"],
        [CyrillicScheme.Iso9] =
            ["a", "b", "v", "g", "d", "e", "ë", "ž", "z", "i", "j", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "h", "c", "č", "š", "ŝ", "ʺ", "y", "ʹ", "è", "û", "â"],
        [CyrillicScheme.German] =
            ["a", "b", "w", "g", "d", "e", "jo", "sch", "s", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "ch", "z", "tsch", "sch", "schtsch", "", "y", "", "e", "ju", "ja"],
    };

    private const string Vowels = "аеёиоуыэюяьъ";

    private static readonly string[][] ByScheme = Enum.GetValues<CyrillicScheme>().Select(k => Tables[k]).ToArray();

    private static bool IsVowel(char lower) => Vowels.Contains(lower, StringComparison.Ordinal);

    private static bool IsUpperCyrillic(char c) => c is (>= 'А' and <= 'Я') or 'Ё';

    private static char Lower(char c) => c is >= 'А' and <= 'Я' ? (char)(c + 0x20) : c == 'Ё' ? 'ё' : c;

    private static bool IsLetterFast(char c) => Index(Lower(c)) >= 0 || char.IsAsciiLetter(c) || (c > 0x7F && char.IsLetter(c));

    private static int Index(char lower) => lower == 'ё' ? 6 : lower is >= 'а' and <= 'я' ? (lower <= 'е' ? lower - 'а' : lower - 'а' + 1) : -1;

    public static string Romanize(string text, CyrillicScheme scheme)
    {
        var table = ByScheme[(int)scheme];
        var sb = new StringBuilder(text.Length + 8);
        var wordStart = 0;
        while (wordStart <= text.Length)
        {
            var end = text.IndexOf(' ', wordStart);
            if (end < 0)
            {
                end = text.Length;
            }
            if (wordStart > 0)
            {
                sb.Append(' ');
            }
            var word = text.AsSpan(wordStart, end - wordStart);
            var letters = 0;
            var upper = 0;
            foreach (var ch in word)
            {
                if (IsLetterFast(ch))
                {
                    letters++;
                    if (IsUpperCyrillic(ch) || char.IsAsciiLetterUpper(ch))
                    {
                        upper++;
                    }
                }
            }
            var allCaps = letters > 1 && upper == letters;
            var start = sb.Length;
            for (var i = 0; i < word.Length; i++)
            {
                var c = word[i];
                var lower = Lower(c);
                var k = Index(lower);
                if (k < 0)
                {
                    sb.Append(c);
                    continue;
                }
                var prev = i > 0 ? Lower(word[i - 1]) : ' ';
                var afterVowel = i == 0 || !IsLetterFast(word[i - 1]) || IsVowel(prev);
                var s = table[k];
                if (lower == 'е' && afterVowel)
                {
                    s = scheme switch
                    {
                        CyrillicScheme.English => "ye",
                        CyrillicScheme.German => "je",
                        _ => s,
                    };
                }
                else if (lower == 'с' && scheme == CyrillicScheme.German && i > 0 && i < word.Length - 1
                    && IsVowel(prev) && IsVowel(Lower(word[i + 1])))
                {
                    s = "ss";
                }
                else if (lower == 'ц' && scheme == CyrillicScheme.Gost && i < word.Length - 1 && "еиыйэ".Contains(Lower(word[i + 1]), StringComparison.Ordinal))
                {
                    s = "c";
                }
                if (s.Length > 0 && IsUpperCyrillic(c))
                {
                    sb.Append(char.ToUpperInvariant(s[0])).Append(s, 1, s.Length - 1);
                }
                else
                {
                    sb.Append(s);
                }
            }
            if (allCaps)
            {
                for (var j = start; j < sb.Length; j++)
                {
                    sb[j] = char.ToUpperInvariant(sb[j]);
                }
            }
            wordStart = end + 1;
        }
        return sb.ToString();
    }
}
