using System.Text.Json;

namespace Musubi.Engines.Screening;

/// <summary>
/// Reading JSON values without the exceptions System.Text.Json throws on valid JSON it cannot turn into a string (an
/// escaped unpaired surrogate such as <c>"\ud800"</c>: found by the transfer-case fuzz target, docs/fuzzing.md).
/// </summary>
internal static class JsonValues
{
    public const string UnpairedSurrogate = "is not valid text (an escaped unpaired surrogate such as \\ud800)";

    /// <summary>The string, or null with a problem on <paramref name="field"/> when it is not a readable string.</summary>
    public static string? Text(JsonElement e, EntityDraft draft, string field, bool allowNumber = false)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    return e.GetString();
                }
                catch (InvalidOperationException)
                {
                    draft.Problem(field, UnpairedSurrogate);
                    return null;
                }
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when allowNumber:
                return e.GetRawText();
            default:
                draft.Problem(field, $"must be a string, not {Kind(e)}");
                return null;
        }
    }

    /// <summary>The strings of an array (or of one string); null and absent give none; anything else is a problem.</summary>
    public static List<string> Texts(JsonElement e, EntityDraft draft, string field)
    {
        var values = new List<string>();
        switch (e.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        draft.Problem(field, $"must be an array of strings, but holds {Kind(item)}");
                        continue;
                    }
                    if (Text(item, draft, field) is { } s)
                    {
                        values.Add(s);
                    }
                }
                break;
            case JsonValueKind.String:
                if (Text(e, draft, field) is { } one)
                {
                    values.Add(one);
                }
                break;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                break;
            default:
                draft.Problem(field, $"must be an array of strings, not {Kind(e)}");
                break;
        }
        return values;
    }

    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>System.Text.Json's message without the position it appends (the problem has its own line).</summary>
    public static string Message(JsonException ex)
    {
        var m = ex.Message;
        foreach (var cut in new[] { " LineNumber:", " Path:", " | BytePositionInLine" })
        {
            var at = m.IndexOf(cut, StringComparison.Ordinal);
            if (at > 0)
            {
                m = m[..at];
            }
        }
        return "malformed JSON: " + m.TrimEnd(' ', '.', '|') + ".";
    }
}
