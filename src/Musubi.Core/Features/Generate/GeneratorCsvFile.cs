using System.Buffers;
using System.Globalization;
using System.Text;

namespace Musubi.Core.Features.Generate;

/// <summary>
/// One CSV file written row by row. Values come from fixed vocabularies and number formats; a comma, quote or line
/// break in a text value is a generator bug and throws rather than write a file that would not parse.
/// </summary>
internal sealed class CsvFile : IDisposable
{
    private static readonly SearchValues<char> Forbidden = SearchValues.Create(",\"\r\n");
    private readonly StreamWriter writer;
    private readonly char[] scratch = new char[32];
    private bool inRow;

    public CsvFile(string path, string header)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        writer.Write(header);
        writer.Write('\n');
    }

    public long Rows { get; private set; }

    public CsvFile Text(string value)
    {
        if (value.AsSpan().IndexOfAny(Forbidden) >= 0)
        {
            throw new InvalidOperationException($"Generated value '{value}' would need CSV quoting.");
        }

        Separate();
        writer.Write(value);
        return this;
    }

    public CsvFile Id(string prefix, long number, string digits)
    {
        Separate();
        writer.Write(prefix);
        return Format(number, digits);
    }

    public CsvFile Number(long value)
    {
        Separate();
        return Format(value, null);
    }

    public CsvFile Money(long cents)
    {
        Separate();
        decimal value = cents / 100m;
        value.TryFormat(scratch, out int written, "0.##", CultureInfo.InvariantCulture);
        writer.Write(scratch.AsSpan(0, written));
        return this;
    }

    public CsvFile Bool(bool value)
    {
        Separate();
        writer.Write(value ? "true" : "false");
        return this;
    }

    public void End()
    {
        writer.Write('\n');
        inRow = false;
        Rows++;
    }

    public void Dispose() => writer.Dispose();

    private CsvFile Format(long value, string? format)
    {
        value.TryFormat(scratch, out int written, format, CultureInfo.InvariantCulture);
        writer.Write(scratch.AsSpan(0, written));
        return this;
    }

    private void Separate()
    {
        if (inRow)
        {
            writer.Write(',');
        }

        inRow = true;
    }
}
