using System.Globalization;

namespace Musubi.Core.Features.Import;

/// <summary>One problem in an input file, located as <c>file:line:field</c>.</summary>
public sealed record ImportError(string File, long Line, string Field, string Message)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Field}: {Message}");
}

/// <summary>Collects every error of an import. Past <see cref="Limit"/> it only counts.</summary>
public sealed class ErrorSink
{
    public const int Limit = 1000;
    private readonly List<ImportError> _errors = [];
    private readonly Lock _gate = new();
    private int _count;

    public int Count => _count;
    public bool Any => Count > 0;
    public IReadOnlyList<ImportError> Errors => _errors;

    /// <summary>Longest file name, field and message kept: messages quote the user's values, which may be megabytes long.</summary>
    public const int MaxFileLength = 200, MaxFieldLength = 200, MaxMessageLength = 500;

    /// <summary>
    /// Thread-safe: the package tables are parsed in parallel. File, field and message are made one line each (see
    /// <see cref="OneLine"/>), so that a value quoted from a file can neither forge further <c>file:line:field</c> lines
    /// in a report or a log nor make an error list of 1,000 quoted cells weigh gigabytes.
    /// </summary>
    public void Add(string file, long line, string field, string message)
    {
        lock (_gate)
        {
            _count++;
            if (_errors.Count < Limit)
            {
                // A field named by the input can be empty (a JSON key ""); "file:line::" would not say where to look.
                var where = string.IsNullOrEmpty(field) ? "(empty field name)" : field;
                _errors.Add(new ImportError(OneLine(file, MaxFileLength), line, OneLine(where, MaxFieldLength), OneLine(message, MaxMessageLength)));
            }
        }
    }

    /// <summary>
    /// Writes line breaks, other control characters and bidirectional overrides as visible escapes (<c>\n</c>,
    /// <c>\u202E</c>) and cuts the text to <paramref name="max"/> characters, marking the cut with an ellipsis.
    /// </summary>
    public static string OneLine(string text, int max)
    {
        if (text.Length <= max && !text.Any(NeedsEscape))
        {
            return text;
        }
        var sb = new System.Text.StringBuilder(Math.Min(text.Length, max) + 8);
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
            // Never leave half a surrogate pair before the ellipsis.
            if (sb.Length > 0 && char.IsHighSurrogate(sb[^1]))
            {
                sb.Length--;
            }
            sb.Append('…');
        }
        return sb.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>The errors as lines, with a closing line when some were only counted.</summary>
    public IEnumerable<string> Lines()
    {
        // Files are read in parallel: order by place so the report reads the same every time.
        foreach (var e in _errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line))
        {
            yield return e.ToString();
        }
        if (Count > _errors.Count)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"... and {Count - _errors.Count} more errors");
        }
    }
}
