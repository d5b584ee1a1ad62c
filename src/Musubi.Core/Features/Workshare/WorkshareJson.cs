using System.Globalization;
using System.Text;
using System.Text.Json;
using Musubi.Core.Features.Import;

namespace Musubi.Core.Features.Workshare;

/// <summary>
/// A JSON text read for the workshare allocator, with the line and column (1-based; the column counts characters) of
/// every value by its field path (<c>workPackages[2].cost</c>), so an error the engine names by path is reported where
/// the user wrote it. A syntax error is thrown as <see cref="WorkshareInputException"/> with its own position.
/// </summary>
public sealed class WorkshareJson
{
    private readonly Dictionary<string, (long Line, long Column)> _positions;

    private WorkshareJson(JsonElement root, string source, Dictionary<string, (long Line, long Column)> positions)
    {
        Root = root;
        Source = source;
        _positions = positions;
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
        // The walk that indexes every value's position also finds a syntax error, naming the field it was reading; the
        // document is then parsed with the same reader options, so it is valid JSON.
        var positions = Index(bytes, source);
        using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        return new WorkshareJson(document.RootElement.Clone(), source, positions);
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

    /// <summary>
    /// Every value's line and column by its field path. A syntax error throws <see cref="WorkshareInputException"/> at its
    /// line and column, naming the field being read there (<c>workPackages[0].cost</c> for <c>"cost": 200abc</c>; the
    /// enclosing value's when the error falls between values), or <c>$</c> at the top level and for text that ends too
    /// soon (nothing but white space from the error on).
    /// </summary>
    private static Dictionary<string, (long Line, long Column)> Index(byte[] bytes, string source)
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
        static string Element(string array, int index) =>
            string.Create(CultureInfo.InvariantCulture, $"{(array == "$" ? "" : array)}[{index}]");
        static string Member(string parent, string? property) => parent == "$" ? property ?? "" : parent + "." + property;

        var positions = new Dictionary<string, (long Line, long Column)>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false, MaxDepth = 64 });
        // Each open container: its path, whether it is an array and the next element index.
        var stack = new Stack<(string Path, bool Array, int Next)>();
        string? property = null;
        var afterProperty = false;
        long propertyOffset = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString();
                    propertyOffset = reader.TokenStartIndex;
                    afterProperty = true;
                    continue;
                }
                afterProperty = false;
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
                        path = Element(parent, next);
                        offset = reader.TokenStartIndex;
                        stack.Push((parent, true, next + 1));
                    }
                    else
                    {
                        path = Member(parent, property);
                        offset = propertyOffset;
                        stack.Push((parent, false, next));
                    }
                }
                positions.TryAdd(path, Position(offset));
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    stack.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                }
            }
        }
        catch (JsonException ex)
        {
            var lineIndex = (int)Math.Min(ex.LineNumber ?? 0, lineStarts.Count - 1);
            var at = Math.Min((long)lineStarts[lineIndex] + (ex.BytePositionInLine ?? 0), bytes.Length);
            var (line, column) = Position(at);
            var endsTooSoon = bytes.AsSpan((int)at).Trim(" \t\r\n"u8).IsEmpty;
            var field = endsTooSoon || stack.Count == 0 ? "$"
                : afterProperty ? Member(stack.Peek().Path, property)
                : stack.Peek() is { Array: true } array ? Element(array.Path, array.Next)
                : stack.Peek().Path;
            throw new WorkshareInputException([new WorkshareInputError(field, "is not valid JSON: " + JsonRecords.FirstSentence(ex.Message), source, line, column)]);
        }
        return positions;
    }
}
