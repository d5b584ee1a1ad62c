using System.Globalization;
using System.Text.Json;
using Musubi.Core.Features.Workshare;

namespace Musubi.Core.Features.Timelines;

/// <summary>
/// Reads the fields of a timelines JSON text (a calendar file or an align input) and collects every problem — a wrong
/// type, a missing or unknown field, a bad date or enum value — with the line and column it was written at
/// (<see cref="WorkshareJson"/> indexes every value's position by its field path).
/// </summary>
internal sealed class TimelinesJsonFields(WorkshareJson json, string source)
{
    public const int MaxText = 300;

    public List<TimelinesInputError> Errors { get; } = [];

    public static WorkshareJson Parse(string text, string source)
    {
        try
        {
            return WorkshareJson.Parse(text, source);
        }
        catch (WorkshareInputException ex)
        {
            throw new TimelinesInputException([.. ex.Errors.Select(e => new TimelinesInputError(e.Field == "$" ? "body" : e.Field, e.Message, source, e.Line, e.Column))]);
        }
    }

    public void Add(string path, string message)
    {
        var (line, column) = json.At(path.Length == 0 ? "$" : path);
        Errors.Add(new TimelinesInputError(path.Length == 0 ? "body" : path, message, source, line, column));
    }

    public void ThrowIfAny()
    {
        if (Errors.Count > 0)
        {
            throw new TimelinesInputException(Errors);
        }
    }

    public static string Path(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    public void Only(JsonElement obj, string parent, IReadOnlyCollection<string> names)
    {
        foreach (var p in obj.EnumerateObject())
        {
            if (!names.Contains(p.Name))
            {
                Add(Path(parent, p.Name), "unknown field (expected one of: " + string.Join(", ", names) + ")");
            }
        }
    }

    public bool Has(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    private bool Get(JsonElement obj, string parent, string name, bool required, out JsonElement value)
    {
        value = default;
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        if (!obj.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Add(Path(parent, name), "is required");
            }
            return false;
        }
        return true;
    }

    public string? Str(JsonElement obj, string parent, string name, bool required = false, int max = MaxText)
    {
        if (!Get(obj, parent, name, required, out var v))
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            Add(Path(parent, name), "must be a string");
            return null;
        }
        var s = v.GetString()!.Trim();
        if (required && s.Length == 0)
        {
            Add(Path(parent, name), "must not be empty");
            return null;
        }
        if (s.Length > max || s.Any(c => char.IsControl(c) && c is not '\n' || c == '\0'))
        {
            Add(Path(parent, name), string.Create(CultureInfo.InvariantCulture, $"must be text of at most {max} characters without control characters"));
            return null;
        }
        return s;
    }

    public int? Int(JsonElement obj, string parent, string name, bool required = false, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!Get(obj, parent, name, required, out var v))
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i))
        {
            Add(Path(parent, name), "must be a whole number");
            return null;
        }
        if (i < min || i > max)
        {
            Add(Path(parent, name), string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"));
            return null;
        }
        return i;
    }

    public bool? Bool(JsonElement obj, string parent, string name)
    {
        if (!Get(obj, parent, name, required: false, out var v))
        {
            return null;
        }
        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Add(Path(parent, name), "must be true or false");
            return null;
        }
        return v.GetBoolean();
    }

    public DateOnly? Date(JsonElement obj, string parent, string name, bool required = false)
    {
        var s = Str(obj, parent, name, required);
        if (s is null)
        {
            return null;
        }
        if (!TimelinesService.TryDate(s, out var d, out var problem))
        {
            Add(Path(parent, name), problem);
            return null;
        }
        return d;
    }

    public int? Enum(JsonElement obj, string parent, string name, IReadOnlyList<string> names, bool required = false)
    {
        if (!Get(obj, parent, name, required, out var v))
        {
            return null;
        }
        var s = v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : null;
        var i = -1;
        for (var k = 0; k < names.Count; k++)
        {
            if (string.Equals(names[k], s, StringComparison.OrdinalIgnoreCase))
            {
                i = k;
            }
        }
        if (i < 0)
        {
            Add(Path(parent, name), (s is null ? "must be a string" : $"unknown value '{Shorten(s)}'") + " (expected one of: " + string.Join(", ", names) + ")");
            return null;
        }
        return i;
    }

    public List<string>? Strings(JsonElement obj, string parent, string name, bool required = false)
    {
        if (!Get(obj, parent, name, required, out var v))
        {
            return null;
        }
        var path = Path(parent, name);
        if (v.ValueKind != JsonValueKind.Array)
        {
            Add(path, "must be an array of strings");
            return null;
        }
        var list = new List<string>();
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            var s = item.ValueKind == JsonValueKind.String ? item.GetString()!.Trim() : "";
            if (s.Length == 0 || s.Length > MaxText || s.Any(char.IsControl))
            {
                Add(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), "must be a non-empty one-line string");
            }
            else
            {
                list.Add(s);
            }
            i++;
        }
        return list;
    }

    public List<T> Array<T>(JsonElement obj, string parent, string name, bool required, int max, Func<JsonElement, string, T> read)
    {
        if (!Get(obj, parent, name, required, out var v))
        {
            return [];
        }
        var path = Path(parent, name);
        if (v.ValueKind != JsonValueKind.Array)
        {
            Add(path, "must be an array");
            return [];
        }
        if (v.GetArrayLength() > max)
        {
            Add(path, string.Create(CultureInfo.InvariantCulture, $"may have at most {max} entries"));
            return [];
        }
        var list = new List<T>();
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            var p = string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]");
            if (item.ValueKind != JsonValueKind.Object)
            {
                Add(p, "must be an object");
                continue;
            }
            list.Add(read(item, p));
        }
        return list;
    }

    public static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
