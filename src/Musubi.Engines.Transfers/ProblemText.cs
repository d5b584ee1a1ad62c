using System.Globalization;
using System.Text;

namespace Musubi.Engines.Transfers;

/// <summary>
/// Keeps a problem's file, field and message on one bounded line: a key or value quoted from a rule file or a case
/// (a YAML key <c>"a\nb"</c>, a JSON key <c>"x\u2028y"</c>) must not print as a second <c>file:line:field</c> entry in the
/// CLI's output or in logs (the transfer-rules and transfer-case fuzz targets, docs/fuzzing.md). The importer's errors
/// use it too (<c>ErrorSink.OneLine</c>): one definition of how user text is shown in a problem line.
/// </summary>
public static class ProblemText
{
    /// <summary>
    /// Writes line breaks, other control characters and bidirectional overrides as visible escapes (<c>\n</c>,
    /// <c>\u202E</c>) and cuts the text to <paramref name="max"/> characters, marking the cut with an ellipsis (never
    /// after half a surrogate pair).
    /// </summary>
    public static string OneLine(string text, int max = 4000)
    {
        if (text.Length <= max && !text.Any(NeedsEscape))
        {
            return text;
        }
        var sb = new StringBuilder(Math.Min(text.Length, max) + 8);
        foreach (var c in text)
        {
            if (sb.Length > max)
            {
                break;
            }
            _ = c switch
            {
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                _ when NeedsEscape(c) => sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => sb.Append(c),
            };
        }
        if (sb.Length > max)
        {
            sb.Length = max - 1;
            if (sb.Length > 0 && char.IsHighSurrogate(sb[^1]))
            {
                sb.Length--;
            }
            sb.Append('…');
        }
        return sb.ToString();
    }

    // Control characters, line and paragraph separators, and bidi overrides and isolates (which reorder what a terminal shows).
    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
