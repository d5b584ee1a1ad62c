using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using Musubi.Core.Features.Import;

namespace Musubi.Core.Features.Export;

/// <summary>Writes rows as CSV or XLSX. Text that a spreadsheet would run as a formula is defused (<see cref="Values.Escape"/>).</summary>
internal static class TableWriter
{
    public static void Write(string path, string[] columns, IEnumerable<Dictionary<string, string>> rows)
    {
        if (path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            WriteXlsx(path, columns, rows);
        }
        else
        {
            WriteCsv(path, columns, rows);
        }
    }

    public static void WriteCsv(string path, string[] columns, IEnumerable<Dictionary<string, string>> rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in columns)
        {
            csv.WriteField(column);
        }
        csv.NextRecord();
        foreach (var row in rows)
        {
            foreach (var column in columns)
            {
                csv.WriteField(Values.Escape(row.GetValueOrDefault(column)));
            }
            csv.NextRecord();
        }
    }

    /// <summary>Streams rows from the database into a CSV file; returns how many were written.</summary>
    public static async Task<long> WriteCsvAsync<T>(string path, string[] columns, IAsyncEnumerable<T> rows, Func<T, Dictionary<string, string>> map, CancellationToken ct)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in columns)
        {
            csv.WriteField(column);
        }
        await csv.NextRecordAsync();
        long n = 0;
        await foreach (var item in rows.WithCancellation(ct))
        {
            var row = map(item);
            foreach (var column in columns)
            {
                csv.WriteField(Values.Escape(row.GetValueOrDefault(column)));
            }
            await csv.NextRecordAsync();
            n++;
        }
        return n;
    }

    private static void WriteXlsx(string path, string[] columns, IEnumerable<Dictionary<string, string>> rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(Path.GetFileNameWithoutExtension(path));
        for (var c = 0; c < columns.Length; c++)
        {
            sheet.Cell(1, c + 1).SetValue(columns[c]);
            sheet.Cell(1, c + 1).Style.Font.Bold = true;
        }
        var r = 2;
        foreach (var row in rows)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                var cell = sheet.Cell(r, c + 1);
                cell.DataType = XLDataType.Text;
                cell.SetValue(Values.Escape(row.GetValueOrDefault(columns[c])));
            }
            r++;
        }
        sheet.SheetView.FreezeRows(1);
        workbook.SaveAs(path);
    }
}
