using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Musubi.Core.Features.Workshare;

/// <summary>
/// A JSON text read for the workshare allocator, with the line and column (1-based; the column counts characters) of
/// every value by its field path (<c>workPackages[2].cost</c>), so an error the engine names by path is reported where
/// the user wrote it. A syntax error is thrown as <see cref="WorkshareInputException"/> with its own position.
/// </summary>
public sealed class WorkshareJson
{
    private readonly Dictionary<string, (long Line, long Column)> _positions = new(StringComparer.Ordinal);

    private WorkshareJson(JsonElement root, string source)
    {
        Root = root;
        Source = source;
    }

    /// <summary>The parsed document's root (a clone: independent of the text).</summary>
    public JsonElement Root { get; }

    /// <summary><c>input</c> or <c>plan</c>: which source errors name.</summary>
    public string Source { get; }

    /// <summary>Largest text read (characters).</summary>
    public const int MaxLength = 64 << 20;

    /// <summary>Parses <paramref name="text"/>; a syntax error throws <see cref="WorkshareInputException"/> at its line and column.</summary>
    public static WorkshareJson Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new WorkshareInputException([new WorkshareInputError("$", string.Create(CultureInfo.InvariantCulture, $"is longer than {MaxLength} characters"), source, 1, 1)]);
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        var options = new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(bytes, options);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = ColumnOf(bytes, line, ex.BytePositionInLine ?? 0);
            // Text that ends too soon (nothing but white space from the error on) is the whole text's error, not the
            // field it stopped in.
            var field = EndsAt(bytes, line, ex.BytePositionInLine ?? 0) ? "$" : PathAtSyntaxError(bytes);
            throw new WorkshareInputException([new WorkshareInputError(field, "is not valid JSON: " + FirstSentence(ex.Message), source, line, column)]);
        }
        var json = new WorkshareJson(root, source);
        json.Index(bytes);
        return json;
    }

    /// <summary>The line and column of the value at <paramref name="path"/>, or of its nearest enclosing value that has one; (0, 0) when none.</summary>
    public (long Line, long Column) At(string path)
    {
        var p = path;
        while (p.Length > 0)
        {
            if (_positions.TryGetValue(p, out var at))
            {
                return at;
            }
            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            if (cut <= 0)
            {
                break;
            }
            p = p[..cut];
        }
        return _positions.TryGetValue("$", out var root) ? root : (0, 0);
    }

    /// <summary>True when the text holds a value at exactly <paramref name="path"/>.</summary>
    public bool Has(string path) => _positions.ContainsKey(path);

    /// <summary>An error at <paramref name="path"/> in this source.</summary>
    public WorkshareInputError Error(string path, string message)
    {
        var (line, column) = At(path);
        return new WorkshareInputError(path, message, Source, line, column);
    }

    private void Index(byte[] bytes)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }
        (long, long) Position(long offset)
        {
            var index = lineStarts.BinarySearch((int)offset);
            var line = index >= 0 ? index : ~index - 1;
            var start = lineStarts[line];
            long column = 1;
            for (var i = start; i < offset && i < bytes.Length; i++)
            {
                if ((bytes[i] & 0xC0) != 0x80)
                {
                    column++;
                }
            }
            return (line + 1, column);
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false, MaxDepth = 64 });
        // Each open container: its path, whether it is an array and the next element index.
        var stack = new Stack<(string Path, bool Array, int Next)>();
        string? property = null;
        long propertyOffset = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                property = reader.GetString();
                propertyOffset = reader.TokenStartIndex;
                continue;
            }
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                stack.Pop();
                continue;
            }
            string path;
            long offset;
            if (stack.Count == 0)
            {
                path = "$";
                offset = reader.TokenStartIndex;
            }
            else
            {
                var (parent, isArray, next) = stack.Pop();
                if (isArray)
                {
                    path = string.Create(CultureInfo.InvariantCulture, $"{(parent == "$" ? "" : parent)}[{next}]");
                    offset = reader.TokenStartIndex;
                    stack.Push((parent, true, next + 1));
                }
                else
                {
                    path = parent == "$" ? property ?? "" : parent + "." + property;
                    offset = propertyOffset;
                    stack.Push((parent, false, next));
                }
            }
            _positions.TryAdd(path, Position(offset));
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                stack.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
            }
        }
    }

    /// <summary>
    /// The field path of the value being read where <paramref name="bytes"/> stops being valid JSON
    /// (<c>workPackages[0].cost</c> for <c>"cost": 200abc</c>), the enclosing one's when the error falls between
    /// values, or <c>$</c> at the top level.
    /// </summary>
    private static string PathAtSyntaxError(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false, MaxDepth = 64 });
        // Each open container: its path, whether it is an array and the next element index.
        var stack = new Stack<(string Path, bool Array, int Next)>();
        string? pending = null;
        try
        {
            while (reader.Read())
            {
                (string Path, bool Array, int Next)? parent = stack.Count == 0 ? null : stack.Peek();
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString();
                    pending = parent is { Path: "$" } ? name : parent?.Path + "." + name;
                    continue;
                }
                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    stack.Pop();
                    pending = null;
                    continue;
                }
                string path;
                if (parent is not { } open)
                {
                    path = "$";
                }
                else if (open.Array)
                {
                    path = string.Create(CultureInfo.InvariantCulture, $"{(open.Path == "$" ? "" : open.Path)}[{open.Next}]");
                    stack.Pop();
                    stack.Push((open.Path, true, open.Next + 1));
                }
                else
                {
                    path = pending ?? open.Path;
                }
                pending = null;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    stack.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                }
            }
        }
        catch (JsonException)
        {
            if (pending is not null)
            {
                return pending;
            }
            if (stack.Count > 0 && stack.Peek() is { Array: true } array)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{(array.Path == "$" ? "" : array.Path)}[{array.Next}]");
            }
            return stack.Count > 0 ? stack.Peek().Path : "$";
        }
        return "$";
    }

    /// <summary>True when nothing but white space follows the byte <paramref name="bytePosition"/> of line <paramref name="line"/> (1-based).</summary>
    private static bool EndsAt(byte[] bytes, long line, long bytePosition)
    {
        long current = 1;
        var i = 0;
        while (current < line && i < bytes.Length)
        {
            if (bytes[i++] == (byte)'\n')
            {
                current++;
            }
        }
        for (var j = i + bytePosition; j < bytes.Length; j++)
        {
            if (bytes[j] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }
        return true;
    }

    private static long ColumnOf(byte[] bytes, long line, long bytePosition)
    {
        long current = 1;
        var i = 0;
        while (current < line && i < bytes.Length)
        {
            if (bytes[i++] == (byte)'\n')
            {
                current++;
            }
        }
        long column = 1;
        for (var j = i; j < i + bytePosition && j < bytes.Length; j++)
        {
            if ((bytes[j] & 0xC0) != 0x80)
            {
                column++;
            }
        }
        return column;
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends its own 0-based position ("LineNumber: 1 | BytePositionInLine: 59."); the error
        // carries the 1-based line and column already.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }
        return (cut > 0 ? message[..cut] : message).Trim();
    }
}
