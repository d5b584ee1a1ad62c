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

    /// <summary>Thread-safe: the package tables are parsed in parallel.</summary>
    public void Add(string file, long line, string field, string message)
    {
        lock (_gate)
        {
            _count++;
            if (_errors.Count < Limit)
            {
                _errors.Add(new ImportError(file, line, field, message));
            }
        }
    }

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
