using System.Text;

namespace Musubi.Engines.Screening;

/// <summary>One CSV record: the line it starts on (1-based) and its fields, unquoted.</summary>
internal readonly record struct CsvRecord(int Line, string[] Fields);

/// <summary>
/// An RFC 4180 reader that knows the line every record starts on (a quoted value may hold line breaks): fields split by
/// commas, a value in double quotes may hold commas, line breaks and doubled quotes; a quote inside an unquoted value is
/// taken as it is. Records end at CRLF, LF or a lone CR. Blank lines are skipped. Text after a closing quote and a quote
/// never closed are problems (the record is dropped).
/// </summary>
internal static class CsvRecords
{
    public static IEnumerable<CsvRecord> Read(string text, ProblemSink problems)
    {
        var i = 0;
        var line = 1;
        var sb = new StringBuilder();
        while (i < text.Length && !problems.Full)
        {
            var recordLine = line;
            var fields = new List<string>();
            var bad = false;
            while (true)
            {
                sb.Clear();
                if (i < text.Length && text[i] == '"')
                {
                    var quoteLine = line;
                    i++;
                    var closed = false;
                    while (i < text.Length)
                    {
                        var c = text[i];
                        if (c == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                sb.Append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            closed = true;
                            break;
                        }
                        if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                        {
                            line++;
                        }
                        sb.Append(c);
                        i++;
                    }
                    if (!closed)
                    {
                        problems.Add(quoteLine, "(row)", "malformed CSV: a quoted value is never closed (a missing '\"'?)");
                        yield break;
                    }
                    if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    {
                        problems.Add(line, "(row)", "malformed CSV: text after a closing quote (a quote inside a quoted value must be doubled: \"\")");
                        bad = true;
                        while (i < text.Length && text[i] is not ('\r' or '\n'))
                        {
                            i++;
                        }
                    }
                }
                else
                {
                    while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    {
                        sb.Append(text[i]);
                        i++;
                    }
                }
                fields.Add(sb.ToString());
                if (i < text.Length && text[i] == ',')
                {
                    i++;
                    continue;
                }
                break;
            }
            if (i < text.Length)
            {
                // A line break ends the record.
                i += text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
            }
            if (bad || (fields.Count == 1 && string.IsNullOrWhiteSpace(fields[0])))
            {
                continue;
            }
            yield return new CsvRecord(recordLine, fields.ToArray());
        }
    }

    /// <summary>A value as it must be written in a CSV field (quoted when it holds a comma, a quote, a line break or edge spaces).</summary>
    public static string Field(string value)
    {
        var quote = value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
            || value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        return quote ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
