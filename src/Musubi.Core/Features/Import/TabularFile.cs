using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;

namespace Musubi.Core.Features.Import;

/// <summary>One data row of a CSV file or worksheet, with its 1-based line number in the file.</summary>
internal readonly record struct TabularRow(long Line, string[] Cells);

/// <summary>
/// Reads a CSV file or the first worksheet of an XLSX file as a header plus rows, checking the header
/// against the columns a kind requires and allows. Cells are unescaped (see <see cref="Values.Unescape"/>).
/// A banner line above the header (a first line or first cell starting with <c>#</c>, as exports write it) is skipped:
/// it tells a person the marking of the whole file, while each row carries its own.
/// </summary>
internal sealed class TabularFile
{
    /// <summary>How an export's banner line starts: <c># CUI//REL TO USA, JPN</c>.</summary>
    public const string BannerPrefix = "# ";

    private readonly Dictionary<string, int> _columns;

    private TabularFile(string name, Dictionary<string, int> columns)
    {
        Name = name;
        _columns = columns;
    }

    public string Name { get; }

    public int Index(string column) => _columns.TryGetValue(column, out var i) ? i : -1;

    public bool Has(string column) => _columns.ContainsKey(column);

    public static string Get(TabularRow row, int index) =>
        index < 0 || index >= row.Cells.Length ? "" : row.Cells[index];

    /// <summary>Opens the file and validates its header. Returns null when the header is unusable (errors say why).</summary>
    public static TabularFile? ReadHeader(string name, string[] header, IReadOnlyCollection<string> required, IReadOnlyCollection<string> optional, ErrorSink errors, long line = 1)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var ok = true;
        for (var i = 0; i < header.Length; i++)
        {
            var column = header[i].Trim().TrimStart('\uFEFF').ToLowerInvariant();
            if (column.Length == 0)
            {
                continue;
            }
            if (!required.Contains(column) && !optional.Contains(column))
            {
                errors.Add(name, line, column, $"unknown column (expected {string.Join(",", required.Concat(optional))})");
                ok = false;
            }
            else if (!columns.TryAdd(column, i))
            {
                errors.Add(name, line, column, "column appears twice");
                ok = false;
            }
        }
        foreach (var column in required.Where(c => !columns.ContainsKey(c)))
        {
            errors.Add(name, line, column, "required column is missing");
            ok = false;
        }
        return ok ? new TabularFile(name, columns) : null;
    }

    /// <summary>
    /// Reads a CSV/XLSX table: the header checked against the required and optional columns, then every non-blank row
    /// handed to <paramref name="onRow"/> with its site (file name and line). Problems go to <paramref name="errors"/>.
    /// </summary>
    public static void ReadTable(string path, IReadOnlyCollection<string> required, IReadOnlyCollection<string> optional, ErrorSink errors,
        Action<TabularFile, TabularRow, RecordSite> onRow)
    {
        var name = Path.GetFileName(path);
        TabularFile? file = null;
        var any = false;
        foreach (var row in Rows(path, errors))
        {
            if (!any)
            {
                any = true;
                file = ReadHeader(name, row.Cells, required, optional, errors, row.Line);
                if (file is null)
                {
                    return;
                }
                continue;
            }
            if (row.Cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            onRow(file!, row, new RecordSite(name, row.Line, SnakeCase: true));
        }
        if (!any)
        {
            errors.Add(name, 1, "file", "the file is empty: it needs a header row");
        }
    }

    /// <summary>Reads every row of a CSV or XLSX file; the first row is the header.</summary>
    public static IEnumerable<TabularRow> Rows(string path, ErrorSink errors)
    {
        return path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? XlsxRows(path, errors) : CsvRows(path, errors);
    }

    private static IEnumerable<TabularRow> CsvRows(string path, ErrorSink errors)
    {
        var name = Path.GetFileName(path);
        using var reader = InputFile.OpenText(path);
        // Only the very first line may be a banner; a '#' further down is data.
        var banner = 0;
        if (reader.Peek() == '#')
        {
            reader.ReadLine();
            banner = 1;
        }
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            BadDataFound = args => errors.Add(name, (args.Context.Parser?.RawRow ?? 0) + banner, "row", "malformed CSV (a stray quote?)"),
            IgnoreBlankLines = true,
        };
        using var parser = new CsvParser(reader, config);
        while (parser.Read())
        {
            var record = parser.Record ?? [];
            var line = parser.RawRow + banner;
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = Values.Unescape(record[i]);
            }
            yield return new TabularRow(line, record);
        }
    }

    private static IEnumerable<TabularRow> XlsxRows(string path, ErrorSink errors)
    {
        var name = Path.GetFileName(path);
        XLWorkbook? workbook = null;
        try
        {
            workbook = new XLWorkbook(path);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException or ArgumentException or InvalidOperationException or System.Xml.XmlException)
        {
            errors.Add(name, 0, "file", "not a readable XLSX workbook: " + ex.Message);
        }
        if (workbook is null)
        {
            yield break;
        }
        using (workbook)
        {
            var sheet = workbook.Worksheets.First();
            var used = sheet.RangeUsed();
            if (used is null)
            {
                yield break;
            }
            var width = used.LastColumn().ColumnNumber();
            var first = true;
            foreach (var row in sheet.RowsUsed())
            {
                if (first && row.Cell(1).GetString().StartsWith('#'))
                {
                    first = false;
                    continue;
                }
                first = false;
                var cells = new string[width];
                for (var c = 1; c <= width; c++)
                {
                    var cell = row.Cell(c);
                    cells[c - 1] = Values.Unescape(cell.DataType switch
                    {
                        XLDataType.DateTime => cell.GetDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        XLDataType.Number => cell.GetDouble().ToString("R", CultureInfo.InvariantCulture),
                        XLDataType.Boolean => cell.GetBoolean() ? "true" : "false",
                        _ => cell.GetString(),
                    });
                }
                yield return new TabularRow(row.RowNumber(), cells);
            }
        }
    }
}
