using System.Text.Json;
using System.Text.Json.Serialization;

namespace Musubi.Core.Features.Import;

/// <summary>
/// Reads a JSON array of records, one element at a time, so that every error carries the line where the
/// element (or the bad value) stands. Unknown properties are errors: a misspelt field must not vanish.
/// </summary>
public static class JsonRecords
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        PropertyNameCaseInsensitive = false,
    };

    internal static IEnumerable<Sited<T>> Read<T>(string path, ErrorSink errors)
    {
        var name = Path.GetFileName(path);
        var bytes = File.ReadAllBytes(path);
        var offset = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var elements = new List<(int Start, int End, long Line)>();
        try
        {
            var reader = new Utf8JsonReader(bytes.AsSpan(offset), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                errors.Add(name, 1, "json", "the file must hold a JSON array of records");
                return [];
            }
            long line = 1;
            var counted = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                line += bytes.AsSpan(offset + counted, start - counted).Count((byte)'\n');
                counted = start;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    errors.Add(name, line, "json", "every element of the array must be an object");
                    reader.Skip();
                    continue;
                }
                reader.Skip();
                elements.Add((start, (int)reader.BytesConsumed, line));
            }
        }
        catch (JsonException ex)
        {
            errors.Add(name, (ex.LineNumber ?? 0) + 1, "json", "not valid JSON: " + FirstSentence(ex.Message));
            return [];
        }
        var result = new List<Sited<T>>(elements.Count);
        foreach (var (start, end, line) in elements)
        {
            try
            {
                var record = JsonSerializer.Deserialize<T>(bytes.AsSpan(offset + start, end - start), Options);
                if (record is not null)
                {
                    result.Add(new Sited<T>(new RecordSite(name, line, SnakeCase: false), record));
                }
            }
            catch (JsonException ex)
            {
                var field = ex.Path is { Length: > 2 } p ? p[2..] : "json";
                errors.Add(name, line + (ex.LineNumber ?? 0), field, FirstSentence(ex.Message));
            }
        }
        return result;
    }

    public static string FirstSentence(string message)
    {
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return "unknown field (see docs/formats.md for the fields of this record)";
        }
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            // Name what was expected in the file's terms, not .NET's (System.Nullable`1[System.Decimal]…).
            var expected = message switch
            {
                _ when message.Contains("Decimal", StringComparison.Ordinal) || message.Contains("Int32", StringComparison.Ordinal)
                    || message.Contains("Double", StringComparison.Ordinal) => "a number",
                _ when message.Contains("Boolean", StringComparison.Ordinal) => "true or false",
                _ when message.Contains("DateOnly", StringComparison.Ordinal) => "a date (yyyy-MM-dd)",
                _ when message.Contains("List", StringComparison.Ordinal) => "a list",
                _ when message.Contains("String", StringComparison.Ordinal) => "text",
                _ => "a value of another type",
            };
            return "expected " + expected;
        }
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
