using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using Musubi.Core.Features.Import;

namespace Musubi.Core.Features.Export;

/// <summary>
/// Writes rows as CSV or XLSX. Text that a spreadsheet would run as a formula is defused (<see cref="Values.Escape"/>).
/// A banner, when given, goes above the header: a first CSV line <c># CUI//REL TO USA, JPN</c>, or XLSX row 1 plus the
/// printed page header and footer. The importer skips it (docs/formats.md, "Banner line").
/// </summary>
internal static class TableWriter
{
    /// <summary>The first line of a CSV file that carries a banner.</summary>
    public static string BannerLine(string banner) => TabularFile.BannerPrefix + banner;

    public static void Write(string path, string[] columns, IEnumerable<Dictionary<string, string>> rows, string? banner = null)
    {
        if (path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            WriteXlsx(path, columns, rows, banner);
        }
        else
        {
            WriteCsv(path, columns, rows, banner);
        }
    }

    public static void WriteCsv(string path, string[] columns, IEnumerable<Dictionary<string, string>> rows, string? banner = null)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        if (banner is not null)
        {
            writer.Write(BannerLine(banner) + "\r\n");
        }
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
    public static async Task<long> WriteCsvAsync<T>(string path, string[] columns, IAsyncEnumerable<T> rows, Func<T, Dictionary<string, string>> map, string? banner, CancellationToken ct)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        if (banner is not null)
        {
            await writer.WriteAsync((BannerLine(banner) + "\r\n").AsMemory(), ct);
        }
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

    private static void WriteXlsx(string path, string[] columns, IEnumerable<Dictionary<string, string>> rows, string? banner)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(Path.GetFileNameWithoutExtension(path));
        var header = 1;
        if (banner is not null)
        {
            var cell = sheet.Cell(1, 1);
            cell.DataType = XLDataType.Text;
            cell.SetValue(BannerLine(banner));
            cell.Style.Font.Bold = true;
            // Printed pages carry the banner at the top and bottom, as the CUI Marking Handbook asks.
            sheet.PageSetup.Header.Center.AddText(banner);
            sheet.PageSetup.Footer.Center.AddText(banner);
            header = 2;
        }
        for (var c = 0; c < columns.Length; c++)
        {
            sheet.Cell(header, c + 1).SetValue(columns[c]);
            sheet.Cell(header, c + 1).Style.Font.Bold = true;
        }
        var r = header + 1;
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
        sheet.SheetView.FreezeRows(header);
        workbook.SaveAs(path);
    }
}
