using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Musubi.Core.Features.Import;
using Musubi.Engines.Screening;

namespace Musubi.Core.Features.Screening;

/// <summary>Queries read from a CSV, or every problem that stopped them (as <c>file:line:field</c>).</summary>
public sealed record ScreeningQueryCsvResult(IReadOnlyList<ScreeningQuery> Queries, IReadOnlyList<ImportError> Problems, int ProblemCount)
{
    public bool Ok => ProblemCount == 0;
}

/// <summary>
/// Reads a batch of names to screen: a CSV with a header naming at least <c>id</c> and <c>name</c> (and optionally
/// <c>country</c>, ISO 3166-1 alpha-2; other columns are ignored), RFC 4180 quoting, UTF-8 with or without a BOM.
/// All or nothing: every problem is reported with its line and field (invalid UTF-8, a missing header or column, an
/// empty id or one used twice, an empty name, a name of more than 1,000 characters or without letters, an unknown
/// country, an unterminated quote, more than <see cref="MaxRows"/> rows).
/// </summary>
public static class ScreeningQueryCsv
{
    public const int MaxRows = 100_000;
    public const int MaxIdLength = 200;

    public static ScreeningQueryCsvResult Read(Stream stream, string fileName = "queries.csv")
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), fileName);
    }

    public static ScreeningQueryCsvResult Read(ReadOnlySpan<byte> bytes, string fileName = "queries.csv")
    {
        var errors = new ErrorSink();
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }
        if (!Utf8.IsValid(bytes))
        {
            errors.Add(fileName, FirstInvalidLine(bytes), "file", "not valid UTF-8: save the file as UTF-8");
            return Done(errors, []);
        }
        var text = Encoding.UTF8.GetString(bytes);
        var rows = Rows(text, fileName, errors);
        if (errors.Any)
        {
            return Done(errors, []);
        }
        if (rows.Count == 0)
        {
            errors.Add(fileName, 1, "header", "the file is empty; the first line must be a header: id,name,country");
            return Done(errors, []);
        }
        var header = rows[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        var idColumn = header.IndexOf("id");
        var nameColumn = header.IndexOf("name");
        var countryColumn = header.IndexOf("country");
        if (idColumn < 0 || nameColumn < 0)
        {
            errors.Add(fileName, rows[0].Line, "header",
                $"the first line must be a header naming the columns id and name (and optionally country); found '{string.Join(",", rows[0].Fields)}'");
            return Done(errors, []);
        }
        var queries = new List<ScreeningQuery>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows.Skip(1))
        {
            if (row.Fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (queries.Count + 1 > MaxRows)
            {
                errors.Add(fileName, row.Line, "file", string.Create(CultureInfo.InvariantCulture, $"a batch may hold at most {MaxRows} names; split the file"));
                break;
            }
            var id = Field(row, idColumn).Trim();
            var name = Field(row, nameColumn);
            var country = countryColumn < 0 ? "" : Field(row, countryColumn).Trim();
            var ok = true;
            if (id.Length == 0)
            {
                errors.Add(fileName, row.Line, "id", "is empty: every row needs an id");
                ok = false;
            }
            else if (id.Length > MaxIdLength)
            {
                errors.Add(fileName, row.Line, "id", string.Create(CultureInfo.InvariantCulture, $"has {id.Length} characters; at most {MaxIdLength}"));
                ok = false;
            }
            else if (!ids.Add(id))
            {
                errors.Add(fileName, row.Line, "id", $"'{id}' is used by an earlier row; ids must be unique");
                ok = false;
            }
            string? alpha2 = null;
            if (country.Length > 0)
            {
                alpha2 = country.ToUpperInvariant();
                if (!Musubi.Core.Countries.IsAlpha2(alpha2))
                {
                    errors.Add(fileName, row.Line, "country", $"'{country}' is not an ISO 3166-1 alpha-2 country code");
                    ok = false;
                }
            }
            var query = new ScreeningQuery(id, name, alpha2);
            if (ScreeningQueries.Validate(query) is { } bad)
            {
                errors.Add(fileName, row.Line, bad.Field, bad.Message);
                ok = false;
            }
            if (ok)
            {
                queries.Add(query);
            }
        }
        if (!errors.Any && queries.Count == 0)
        {
            errors.Add(fileName, rows[0].Line + 1, "name", "the file has a header but no names to screen");
        }
        return Done(errors, errors.Any ? [] : queries);
    }

    private static ScreeningQueryCsvResult Done(ErrorSink errors, List<ScreeningQuery> queries) =>
        new(queries, [.. errors.Errors.OrderBy(e => e.Line)], errors.Count);

    private static string Field(Row row, int column) => column < row.Fields.Count ? row.Fields[column] : "";

    private sealed record Row(long Line, List<string> Fields);

    /// <summary>RFC 4180 records, each with the line it starts on (a quoted field may span lines).</summary>
    private static List<Row> Rows(string text, string fileName, ErrorSink errors)
    {
        var rows = new List<Row>();
        var fields = new List<string>();
        var field = new StringBuilder();
        long line = 1, start = 1;
        var quoted = false;
        var quoteLine = 0L;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    i++;
                    continue;
                }
                if (c == '\n')
                {
                    line++;
                }
                field.Append(c);
                i++;
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    quoteLine = line;
                    i++;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    rows.Add(new Row(start, fields));
                    fields = [];
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    line++;
                    start = line;
                    break;
                default:
                    field.Append(c);
                    i++;
                    break;
            }
        }
        if (quoted)
        {
            errors.Add(fileName, quoteLine, "file", "a quoted field is never closed (a '\"' is missing)");
            return rows;
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            rows.Add(new Row(start, fields));
        }
        return rows;
    }

    private static long FirstInvalidLine(ReadOnlySpan<byte> bytes)
    {
        long line = 1;
        while (true)
        {
            var end = bytes.IndexOf((byte)'\n');
            var current = end < 0 ? bytes : bytes[..end];
            if (!Utf8.IsValid(current) || end < 0)
            {
                return line;
            }
            bytes = bytes[(end + 1)..];
            line++;
        }
    }
}
