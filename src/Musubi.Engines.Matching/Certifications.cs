using System.Text;

namespace Musubi.Engines.Matching;

/// <summary>
/// Which certification kinds satisfy a required kind. The IAQG 9100 family is one standard published three times —
/// AS9100 (SAE, Americas), EN 9100 (ASD-STAN, Europe) and JIS Q 9100 (JSA, Japan) — so any of them satisfies any other;
/// a 9100 certificate also satisfies ISO 9001, whose requirements 9100 contains. Anything else must match by name.
/// Comparison ignores case, spaces, hyphens, a trailing revision letter of 9100 (AS9100D) and a ":year" suffix (ISO 9001:2015).
/// </summary>
public static class Certifications
{
    private static readonly string[] Family9100 = ["AS9100", "EN9100", "JISQ9100", "IAQG9100", "9100"];

    /// <summary>Whether a certificate of <paramref name="heldKind"/> satisfies a requirement for <paramref name="requiredKind"/>.</summary>
    public static bool Satisfies(string heldKind, string requiredKind)
    {
        if (string.IsNullOrWhiteSpace(heldKind) || string.IsNullOrWhiteSpace(requiredKind))
        {
            return false;
        }

        return SatisfiesNormalized(Normalize(heldKind), Normalize(requiredKind));
    }

    /// <summary><see cref="Satisfies"/> on kinds already in their <see cref="Normalize"/> form.</summary>
    internal static bool SatisfiesNormalized(string held, string required)
    {
        if (held.Length == 0 || required.Length == 0)
        {
            return false;
        }

        if (held == required)
        {
            return true;
        }

        var heldIs9100 = Is9100(held);
        if (Is9100(required))
        {
            return heldIs9100;
        }

        return required == "ISO9001" && heldIs9100;
    }

    /// <summary>The comparison form of a kind: upper case without spaces, hyphens, underscores, a ":year" suffix or a 9100 revision letter.</summary>
    public static string Normalize(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var text = kind.Normalize(NormalizationForm.FormKC);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            text = text[..colon];
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '-' && c != '_')
            {
                sb.Append(char.ToUpperInvariant(c));
            }
        }

        var s = sb.ToString();
        if (s.Length > 4 && char.IsAsciiLetter(s[^1]) && s[..^1].EndsWith("9100", StringComparison.Ordinal))
        {
            s = s[..^1];
        }

        return s;
    }

    private static bool Is9100(string normalized) => Array.IndexOf(Family9100, normalized) >= 0;
}
