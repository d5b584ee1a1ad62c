using System.Globalization;

namespace Musubi.Engines.Screening;

/// <summary>The denied-party list formats Musubi reads (docs/formats.md, "Screening lists").</summary>
public enum ListFormat
{
    /// <summary>FollowTheMoney entities, one JSON object per line (OpenSanctions exports).</summary>
    FollowTheMoney,

    /// <summary>The U.S. Consolidated Screening List as its CSV download (trade.gov).</summary>
    CslCsv,

    /// <summary>The U.S. Consolidated Screening List as JSON: <c>{"results": [ … ]}</c> (its download and its search API).</summary>
    CslJson,

    /// <summary>Musubi's plain CSV: <c>id,name,aliases,country,identifiers</c>.</summary>
    PlainCsv,
}

/// <summary>
/// One thing wrong with a list file: the 1-based line (for a JSON document, the line where the entity starts; 0 for the
/// file as a whole), the field (a column, a JSON property such as <c>properties.name</c>, or <c>(json)</c>,
/// <c>(file)</c>, <c>(header)</c>, <c>(row)</c>, <c>(encoding)</c>) and what is wrong. Field and message are one line.
/// </summary>
public sealed record ListProblem(int Line, string Field, string Message)
{
    /// <summary><c>line:field: message</c>, for <c>file:line:field: message</c> on the CLI.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Line}:{Field}: {Message}");
}

/// <summary>
/// A list file that cannot be read. Nothing of it was kept: reading is all-or-nothing. <see cref="Problems"/> holds
/// every problem found (at most <see cref="ListReaders.MaxProblems"/>: reading stops there); the message summarizes
/// the first few as <c>file:line:field: message</c>.
/// </summary>
public sealed class ListFormatException : Exception
{
    public ListFormatException(string fileName, IReadOnlyList<ListProblem> problems)
        : base(Summarize(fileName, problems))
    {
        FileName = fileName;
        Problems = problems;
    }

    /// <summary>The file name the reader was given (for messages only).</summary>
    public string FileName { get; }

    public IReadOnlyList<ListProblem> Problems { get; }

    private const int Shown = 3;

    private static string Summarize(string fileName, IReadOnlyList<ListProblem> problems)
    {
        var name = ListText.OneLine(fileName, 200);
        var head = string.Join("; ", problems.Take(Shown).Select(p => $"{name}:{p}"));
        var count = problems.Count == 1 ? "1 problem" : string.Create(CultureInfo.InvariantCulture, $"{problems.Count} problems");
        var more = problems.Count > Shown ? string.Create(CultureInfo.InvariantCulture, $"; and {problems.Count - Shown} more") : "";
        var stopped = problems.Count >= ListReaders.MaxProblems ? " (reading stopped there)" : "";
        return $"{name} is not a usable list ({count}{stopped}): {head}{more}";
    }
}

/// <summary>
/// A list read whole: its format, its entities in file order, how many names they carry, and the SHA-256 of every byte
/// read (lower-case hex), which identifies the list version.
/// </summary>
public sealed record ListReadResult(ListFormat Format, IReadOnlyList<ScreeningEntity> Entities, int NameCount, string ContentHash)
{
    /// <summary>
    /// FollowTheMoney entities of a known schema that is not a party (Sanction, Address, Ownership…), skipped: an
    /// OpenSanctions export holds them beside the parties they describe.
    /// </summary>
    public int Skipped { get; init; }
}
