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

    /// <summary>User text as one bounded line in an error (<see cref="Musubi.Engines.Transfers.ProblemText.OneLine"/>).</summary>
    public static string OneLine(string text, int max) => Musubi.Engines.Transfers.ProblemText.OneLine(text, max);

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
