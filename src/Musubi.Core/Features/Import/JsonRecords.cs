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
        var reading = new Reading();
        try
        {
            var lines = new LineCounter(bytes, offset);
            var reader = new Utf8JsonReader(bytes.AsSpan(offset), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!reader.Read() || reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.StartObject))
            {
                errors.Add(name, 1, "json", "the file must hold a JSON array of records (or an export's {\"marking\": …, \"records\": […]})");
                return [];
            }
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                ReadElements(ref reader, lines, name, errors, elements, reading);
            }
            else if (!ReadEnvelope(ref reader, lines, name, errors, elements, reading))
            {
                return [];
            }
        }
        catch (JsonException ex)
        {
            // The field being read when the text stopped making sense (a record's own field, or the envelope's).
            errors.Add(name, (ex.LineNumber ?? 0) + 1, reading.Field, "not valid JSON: " + FirstSentence(ex.Message));
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
                errors.Add(name, line + (ex.LineNumber ?? 0), field, FirstSentence(ex, typeof(T)));
            }
        }
        return result;
    }

    /// <summary>
    /// An export's envelope: <c>{"marking": "CUI//REL TO USA, JPN", "needToKnow": ["gpi"], "records": [ … ]}</c>. The marking
    /// and need-to-know describe the whole file for people (each record carries its own) and are not imported.
    /// </summary>
    private static bool ReadEnvelope(ref Utf8JsonReader reader, LineCounter lines, string name, ErrorSink errors, List<(int Start, int End, long Line)> elements, Reading reading)
    {
        var records = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            reading.Field = string.IsNullOrEmpty(property) ? "json" : property;
            var line = lines.At((int)reader.TokenStartIndex);
            reader.Read();
            switch (property)
            {
                case "marking" when reader.TokenType is JsonTokenType.String or JsonTokenType.Null:
                    break;
                case "needToKnow" when reader.TokenType is JsonTokenType.StartArray or JsonTokenType.Null:
                    reader.Skip();
                    break;
                case "records" when reader.TokenType == JsonTokenType.StartArray:
                    records = true;
                    ReadElements(ref reader, lines, name, errors, elements, reading);
                    break;
                case "marking" or "needToKnow" or "records":
                    errors.Add(name, line, property, property == "marking" ? "expected text" : "expected a list");
                    return false;
                default:
                    errors.Add(name, line, property ?? "json", "unknown field (an export file holds marking, needToKnow and records)");
                    return false;
            }
            reading.Field = "json";
        }
        if (!records)
        {
            errors.Add(name, 1, "records", "the file holds no \"records\" list");
        }
        return records;
    }

    private static void ReadElements(ref Utf8JsonReader reader, LineCounter lines, string name, ErrorSink errors, List<(int Start, int End, long Line)> elements, Reading reading)
    {
        var outer = reading.Field;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            var line = lines.At(start);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                errors.Add(name, line, "json", "every element of the array must be an object");
                reader.Skip();
                continue;
            }
            // Through the record token by token (what Skip does), keeping the name of its field being read, so that
            // a syntax error names it as every other error in a record does.
            var depth = reader.CurrentDepth;
            while (reader.Read() && reader.CurrentDepth > depth)
            {
                if (reader.CurrentDepth != depth + 1)
                {
                    continue;
                }
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    var property = reader.GetString();
                    reading.Field = string.IsNullOrEmpty(property) ? "json" : property;
                }
                else if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                {
                    // The field's value is read whole: between fields, the error is the record's.
                    reading.Field = "json";
                }
            }
            reading.Field = outer;
            elements.Add((start, (int)reader.BytesConsumed, line));
        }
    }

    /// <summary>The field being read, for an error in the JSON's syntax.</summary>
    private sealed class Reading
    {
        public string Field { get; set; } = "json";
    }

    /// <summary>Line numbers of positions met in increasing order, counting each byte once.</summary>
    private sealed class LineCounter(byte[] bytes, int offset)
    {
        private int _counted;
        private long _line = 1;

        public long At(int position)
        {
            _line += bytes.AsSpan(offset + _counted, position - _counted).Count((byte)'\n');
            _counted = position;
            return _line;
        }
    }

    /// <summary>
    /// <see cref="FirstSentence(string)"/> for an error reading a <paramref name="target"/>. A record read through its
    /// constructor makes System.Text.Json name the record, not the value's type ("could not be converted to
    /// PriorityRequestInput"), so what was expected is found from the error's path on <paramref name="target"/>.
    /// </summary>
    public static string FirstSentence(JsonException error, Type target)
    {
        var message = error.Message;
        if (message.Contains("could not be converted to", StringComparison.Ordinal) && ValueType(target, error.Path) is { } type
            && Expected(type) is { } expected)
        {
            return "expected " + expected;
        }
        return FirstSentence(message);
    }

    /// <summary>The type of the value at a System.Text.Json path (<c>$.milestones[0].date</c>) on <paramref name="root"/>, or null.</summary>
    private static Type? ValueType(Type root, string? path)
    {
        if (path == "$")
        {
            return root; // the whole value: a list where the record was expected, or text, or a number
        }
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return null;
        }
        var type = root;
        foreach (var part in path[2..].Split('.'))
        {
            var name = part;
            var bracket = name.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                name = name[..bracket];
            }
            var property = type.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null)
            {
                return null;
            }
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (bracket >= 0)
            {
                type = Element(type) is { } element ? Nullable.GetUnderlyingType(element) ?? element : null;
                if (type is null)
                {
                    return null;
                }
            }
        }
        return type;
    }

    private static Type? Element(Type collection) =>
        collection.IsArray ? collection.GetElementType()
        : collection.GetInterfaces().Append(collection).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>What a value of <paramref name="type"/> is called in a file, or null when the message says it better (an enumeration's names).</summary>
    private static string? Expected(Type type) => type.IsEnum ? null : Type.GetTypeCode(type) switch
    {
        TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64
            or TypeCode.UInt64 or TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
        TypeCode.Boolean => "true or false",
        TypeCode.String => "text",
        _ when type == typeof(DateOnly) => "a date (yyyy-MM-dd)",
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date and time (ISO 8601)",
        _ when type.GetInterfaces().Append(type).Any(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))) => "an object",
        _ when Element(type) is not null => "a list",
        _ => "an object",
    };

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
        if (message.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "expected a JSON value, found none"; // System.Text.Json goes on about isFinalBlock
        }
        // The error names its own 1-based line (and the workshare input its column, WorkshareJson); System.Text.Json's
        // 0-based "LineNumber: 1 | BytePositionInLine: 47." (and its path) would contradict it.
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }
        return (cut > 0 ? message[..cut] : message).TrimEnd();
    }
}
