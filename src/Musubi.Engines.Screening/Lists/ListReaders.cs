namespace Musubi.Engines.Screening;

/// <summary>
/// Reads denied-party lists into <see cref="ScreeningEntity"/> lists: FollowTheMoney JSON lines, the U.S. Consolidated
/// Screening List (CSV and JSON) and Musubi's plain CSV (docs/formats.md, "Screening lists"). Reading is all-or-nothing:
/// a file with any problem throws <see cref="ListFormatException"/> carrying every problem (up to
/// <see cref="MaxProblems"/>) with its line and field, and no entity of it is returned.
/// </summary>
public static class ListReaders
{
    /// <summary>Reading stops after this many problems.</summary>
    public const int MaxProblems = 100;

    /// <summary>The names <see cref="ParseFormat"/> accepts, for messages: <c>ftm, csl-csv, csl-json, csv</c>.</summary>
    public const string FormatNames = "ftm, csl-csv, csl-json, csv";

    /// <summary>
    /// Reads a whole list. <paramref name="fileName"/> only names the file in messages. Throws
    /// <see cref="ListFormatException"/> for anything wrong with the content (never another exception for bad bytes);
    /// I/O errors of the stream itself pass through.
    /// </summary>
    public static ListReadResult Read(Stream stream, ListFormat format, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return format switch
        {
            ListFormat.FollowTheMoney => FtmReader.Read(stream, fileName),
            ListFormat.CslCsv => CslReader.ReadCsv(stream, fileName),
            ListFormat.CslJson => CslReader.ReadJson(stream, fileName),
            ListFormat.PlainCsv => PlainCsv.Read(stream, fileName),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown list format"),
        };
    }

    /// <summary>
    /// Guesses the format from the file name and the first bytes: <c>.jsonl</c>/<c>.ndjson</c> are FollowTheMoney;
    /// <c>.json</c> is CSL JSON when it is an object with a <c>"results"</c> array (or an array), else FollowTheMoney;
    /// <c>.csv</c> is the plain CSV when its header is <c>id,name,aliases,country,identifiers</c>, the CSL CSV when the
    /// header has the CSL's columns (<c>name</c>, <c>source</c> and <c>alt_names</c>, <c>entity_number</c> or
    /// <c>_id</c>). Any other name is guessed from the content alone. Null when it cannot tell.
    /// </summary>
    public static ListFormat? Detect(string fileName, ReadOnlySpan<byte> head)
    {
        var name = fileName.Trim().ToLowerInvariant();
        if (name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".ndjson", StringComparison.Ordinal))
        {
            return ListFormat.FollowTheMoney;
        }
        var body = head[ListInput.BomLength(head)..];
        var first = FirstNonSpace(body);
        if (name.EndsWith(".json", StringComparison.Ordinal))
        {
            return LooksLikeCslJson(body, first) ? ListFormat.CslJson : ListFormat.FollowTheMoney;
        }
        if (name.EndsWith(".csv", StringComparison.Ordinal))
        {
            return CsvFormat(body);
        }
        if (first == (byte)'{' || first == (byte)'[')
        {
            return LooksLikeCslJson(body, first) ? ListFormat.CslJson
                : body.IndexOf("\"schema\""u8) >= 0 ? ListFormat.FollowTheMoney : null;
        }
        return CsvFormat(body);
    }

    /// <summary>The format for a name given on the CLI or the API (<see cref="FormatNames"/>, any case); null when unknown.</summary>
    public static ListFormat? ParseFormat(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "ftm" or "followthemoney" or "jsonl" => ListFormat.FollowTheMoney,
        "csl-csv" => ListFormat.CslCsv,
        "csl-json" => ListFormat.CslJson,
        "csv" or "plain" or "plain-csv" => ListFormat.PlainCsv,
        _ => null,
    };

    /// <summary>The short name of a format (<c>ftm</c>, <c>csl-csv</c>, <c>csl-json</c>, <c>csv</c>), as stored and shown.</summary>
    public static string FormatName(ListFormat format) => format switch
    {
        ListFormat.FollowTheMoney => "ftm",
        ListFormat.CslCsv => "csl-csv",
        ListFormat.CslJson => "csl-json",
        ListFormat.PlainCsv => "csv",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown list format"),
    };

    private static int FirstNonSpace(ReadOnlySpan<byte> body)
    {
        var i = body.IndexOfAnyExcept(" \t\r\n"u8);
        return i < 0 ? -1 : body[i];
    }

    private static bool LooksLikeCslJson(ReadOnlySpan<byte> body, int first)
    {
        if (first == (byte)'[')
        {
            return true;
        }
        if (first != (byte)'{')
        {
            return false;
        }
        var at = body.IndexOf("\"results\""u8);
        if (at < 0)
        {
            return false;
        }
        var rest = body[(at + 9)..];
        var colon = rest.IndexOfAnyExcept(" \t\r\n"u8);
        if (colon < 0 || rest[colon] != (byte)':')
        {
            return false;
        }
        var after = rest[(colon + 1)..];
        var open = after.IndexOfAnyExcept(" \t\r\n"u8);
        return open < 0 || after[open] == (byte)'[';
    }

    private static ListFormat? CsvFormat(ReadOnlySpan<byte> body)
    {
        var end = body.IndexOfAny("\r\n"u8);
        var line = end < 0 ? body : body[..end];
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            return null;
        }
        var problems = new ProblemSink();
        var text = ListInput.Decode(line);
        var header = CsvRecords.Read(text, problems).FirstOrDefault();
        if (header.Fields is null)
        {
            return null;
        }
        var columns = header.Fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
        if (PlainCsv.IsPlainHeader(columns))
        {
            return ListFormat.PlainCsv;
        }
        return CslReader.IsCslHeader(columns) ? ListFormat.CslCsv : null;
    }
}
