using System.Text;

namespace Musubi.Synthetic.Screening;

/// <summary>Identifiers with valid check digits, made from a random source.</summary>
internal static class SyntheticIdentifiers
{
    private const string Alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>The LEI issuers' prefixes (local operating units) seen most in GLEIF data.</summary>
    private static readonly string[] LeiPrefixes = ["5493", "2138", "3003", "9845", "7245", "3157", "8156", "2549", "6354", "9695", "3358", "4469"];

    /// <summary>An LEI (ISO 17442): 4-character issuer prefix, "00", 12 characters, 2 check digits (ISO 7064 mod 97-10).</summary>
    public static string Lei(Rng rng)
    {
        var sb = new StringBuilder(20);
        sb.Append(LeiPrefixes[rng.Next(LeiPrefixes.Length)]).Append("00");
        for (var i = 0; i < 12; i++)
        {
            sb.Append(Alnum[rng.Next(Alnum.Length)]);
        }
        var remainder = Mod97(sb.ToString() + "00");
        var check = 98 - remainder;
        sb.Append(check.ToString("00", System.Globalization.CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>The ISO 7064 mod 97-10 remainder of a string of digits and upper-case letters (A = 10 … Z = 35).</summary>
    public static int Mod97(string value)
    {
        var remainder = 0;
        foreach (var c in value)
        {
            var n = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = n >= 10 ? ((remainder * 100) + n) % 97 : ((remainder * 10) + n) % 97;
        }
        return remainder;
    }

    /// <summary>Japan's corporate number (法人番号): check digit first, 9 − (Σ Pn·Qn mod 9) over the 12-digit base.</summary>
    public static string CorporateNumber(Rng rng)
    {
        var digits = new char[13];
        var sum = 0;
        for (var i = 1; i <= 12; i++)
        {
            var d = rng.Next(10);
            digits[i] = (char)('0' + d);
        }
        for (var n = 1; n <= 12; n++)
        {
            sum += (digits[13 - n] - '0') * (n % 2 == 1 ? 1 : 2);
        }
        digits[0] = (char)('0' + (9 - (sum % 9)));
        return new string(digits);
    }

    /// <summary>A Russian OGRN: 13 digits, the last (the first 12 as a number mod 11) mod 10.</summary>
    public static string Ogrn(Rng rng)
    {
        var sb = new StringBuilder(13);
        sb.Append(rng.Next(2) == 0 ? '1' : '5');
        sb.Append(rng.Next(2, 24).ToString("00", System.Globalization.CultureInfo.InvariantCulture)); // year
        sb.Append(rng.Next(1, 90).ToString("00", System.Globalization.CultureInfo.InvariantCulture)); // region
        for (var i = 0; i < 7; i++)
        {
            sb.Append((char)('0' + rng.Next(10)));
        }
        var number = long.Parse(sb.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        sb.Append((char)('0' + (int)(number % 11 % 10)));
        return sb.ToString();
    }

    private const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] UsccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>China's unified social credit code (GB 32100-2015): 18 characters, the last a mod-31 check character.</summary>
    public static string Uscc(Rng rng)
    {
        var chars = new char[18];
        chars[0] = '9';
        chars[1] = '1';
        for (var i = 2; i < 8; i++)
        {
            chars[i] = (char)('0' + rng.Next(10)); // administrative division
        }
        for (var i = 8; i < 17; i++)
        {
            chars[i] = UsccAlphabet[rng.Next(UsccAlphabet.Length)];
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += UsccAlphabet.IndexOf(chars[i], StringComparison.Ordinal) * UsccWeights[i];
        }
        var check = 31 - (sum % 31);
        chars[17] = UsccAlphabet[check == 31 ? 0 : check];
        return new string(chars);
    }

    /// <summary>A CAGE code: five characters, letters and digits without I and O.</summary>
    public static string Cage(Rng rng)
    {
        const string chars = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        var sb = new StringBuilder(5);
        sb.Append((char)('0' + rng.Next(10)));
        for (var i = 0; i < 3; i++)
        {
            sb.Append(chars[rng.Next(chars.Length)]);
        }
        sb.Append((char)('0' + rng.Next(10)));
        return sb.ToString();
    }
}
