using System.Globalization;
using System.Text;

namespace Musubi.Engines.Screening;

/// <summary>How text from a list file is shown inside a problem: on one line, bounded.</summary>
internal static class ListText
{
    /// <summary>
    /// Writes line breaks, other control characters and bidirectional overrides as visible escapes and cuts the text to
    /// <paramref name="max"/> characters (an ellipsis marks the cut, never after half a surrogate pair), so a value
    /// quoted from a file cannot print as a second <c>file:line:field</c> entry (the same rule as the transfer engine's
    /// <c>ProblemText.OneLine</c>).
    /// </summary>
    public static string OneLine(string text, int max = 300)
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

    /// <summary>A value quoted in a message: <c>'…'</c>, one line, at most 80 characters.</summary>
    public static string Quote(string value) => "'" + OneLine(value, 80) + "'";

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}

/// <summary>Collects problems up to <see cref="ListReaders.MaxProblems"/>; the readers stop when it is full.</summary>
internal sealed class ProblemSink
{
    private readonly List<ListProblem> _problems = [];

    public int Count => _problems.Count;

    public bool Full => _problems.Count >= ListReaders.MaxProblems;

    public IReadOnlyList<ListProblem> Problems => _problems;

    public void Add(int line, string field, string message)
    {
        if (Full)
        {
            return;
        }
        var f = field.Length == 0 ? "(empty field name)" : ListText.OneLine(field, 120);
        _problems.Add(new ListProblem(Math.Max(0, line), f, ListText.OneLine(message, 500)));
    }

    /// <summary>Throws <see cref="ListFormatException"/> when anything was found.</summary>
    public void ThrowIfAny(string fileName)
    {
        if (_problems.Count > 0)
        {
            throw new ListFormatException(fileName, _problems.ToArray());
        }
    }
}
