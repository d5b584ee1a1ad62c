using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Musubi.Engines.Transfers;

/// <summary>A problem with an input case: the field (e.g. <c>[2].item.kind</c>), what is wrong, and where in the JSON.</summary>
public sealed record CaseProblem(string Field, string Message, long? Line = null, long? Column = null)
{
    public override string ToString() =>
        Line is { } l ? $"{l}:{Column}:{Field}: {Message}" : $"{Field}: {Message}";
}

/// <summary>The cases read from a JSON document, or every problem found (no case is returned when any is wrong).</summary>
public sealed record CaseRead(IReadOnlyList<TransferCase> Cases, IReadOnlyList<CaseProblem> Problems, bool WasArray);

/// <summary>Reads the contract's JSON (one case or an array of cases) and checks every field against a rule set.</summary>
public static class TransferCaseReader
{
    /// <summary>The earliest date the engine answers for (the 1967 Three Principles on Arms Exports).</summary>
    public static readonly DateOnly EarliestDate = new(1967, 1, 1);

    private static readonly string[] CaseKeys = ["id", "date", "from", "to", "item", "channel", "recipient", "valueUsd", "purpose", "facts"];
    private static readonly string[] ItemKeys =
    [
        "name", "kind", "weapon", "category", "origin", "licensor", "madeIn", "coDevelopers", "program",
        "mde", "sme", "usml", "eccn", "mtcrCategory", "uas", "maxSpeedKmh",
    ];

    /// <summary>Reads <paramref name="json"/>. Dates must fall between 1967-01-01 and <paramref name="latest"/> (if given).</summary>
    public static CaseRead Read(string json, RuleSet rules, DateOnly? latest = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(rules);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            return new CaseRead([], [new CaseProblem("json", ProblemText.OneLine(Clean(e.Message)), (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1)], false);
        }
        using (doc)
        {
            var problems = new List<CaseProblem>();
            var cases = new List<TransferCase>();
            var root = doc.RootElement;
            var wasArray = root.ValueKind == JsonValueKind.Array;
            if (wasArray)
            {
                var i = 0;
                foreach (var el in root.EnumerateArray())
                {
                    if (ReadCase(el, $"[{i}].", rules, latest, problems) is { } c)
                    {
                        cases.Add(c);
                    }
                    i++;
                }
                if (i == 0)
                {
                    problems.Add(new CaseProblem("cases", "the array holds no case"));
                }
            }
            else if (ReadCase(root, "", rules, latest, problems) is { } c)
            {
                cases.Add(c);
            }
            return problems.Count > 0 ? new CaseRead([], Locate(json, problems), wasArray) : new CaseRead(cases, [], wasArray);
        }
    }

    /// <summary>Reads one case from an already parsed element; <paramref name="prefix"/> prefixes field names in problems.</summary>
    public static TransferCase? ReadCase(JsonElement el, string prefix, RuleSet rules, DateOnly? latest, List<CaseProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(problems);
        var r = new Reader(prefix, rules, problems);
        if (el.ValueKind != JsonValueKind.Object)
        {
            // Named as the case itself ("case", or "[2]" in an array): a problem always names a field.
            problems.Add(new CaseProblem(prefix.Length == 0 ? "case" : prefix.TrimEnd('.'), "expected a JSON object (a case)"));
            return null;
        }
        if (!r.UnknownKeys(el, CaseKeys, ""))
        {
            return null;
        }
        var date = r.Date(el, "date", latest);
        var from = r.Country(el, "from", "from", required: true);
        var to = r.Country(el, "to", "to", required: true);
        TransferItem? item = null;
        if (!el.TryGetProperty("item", out var itemEl) || itemEl.ValueKind == JsonValueKind.Null)
        {
            r.Fail("item", "required: what is transferred ({\"kind\": …})");
        }
        else if (itemEl.ValueKind != JsonValueKind.Object)
        {
            r.Fail("item", "expected an object");
        }
        else
        {
            item = ReadItem(itemEl, r);
        }
        var channel = r.Enum(el, "channel", "channel", TransferVocabulary.Channels);
        var recipient = r.Enum(el, "recipient", "recipient", TransferVocabulary.Recipients);
        var purpose = r.Enum(el, "purpose", "purpose", TransferVocabulary.Purposes);
        var value = r.Number(el, "valueUsd", "valueUsd", min: 0, max: 1e13m);
        var id = r.Text(el, "id", "id", 200);
        var facts = r.Facts(el);
        foreach (var (field, message) in Contradictions(from, to, purpose, item))
        {
            r.Fail(field, message);
        }
        if (r.Failed || date is null || from is null || to is null || item is null)
        {
            return null;
        }
        return new TransferCase
        {
            Id = id,
            Date = date.Value,
            From = from,
            To = to,
            Item = item,
            Channel = channel,
            Recipient = recipient,
            ValueUsd = value,
            Purpose = purpose,
            Facts = facts,
        };
    }

    private static TransferItem? ReadItem(JsonElement el, Reader r)
    {
        if (!r.UnknownKeys(el, ItemKeys, "item."))
        {
            return null;
        }
        var kind = r.Enum(el, "kind", "item.kind", TransferVocabulary.Kinds, required: true);
        var co = new List<string>();
        if (el.TryGetProperty("coDevelopers", out var coEl) && coEl.ValueKind != JsonValueKind.Null)
        {
            if (coEl.ValueKind != JsonValueKind.Array)
            {
                r.Fail("item.coDevelopers", "expected an array of country codes");
            }
            else
            {
                var i = 0;
                foreach (var x in coEl.EnumerateArray())
                {
                    if (r.CountryValue(x, $"item.coDevelopers[{i}]") is { } code && !co.Contains(code))
                    {
                        co.Add(code);
                    }
                    i++;
                }
            }
        }
        var mtcr = r.Number(el, "mtcrCategory", "item.mtcrCategory", min: 1, max: 2);
        if (mtcr is { } m && m != decimal.Truncate(m))
        {
            r.Fail("item.mtcrCategory", "1 or 2");
        }
        var item = new TransferItem
        {
            Name = r.Text(el, "name", "item.name", 500),
            Kind = kind ?? "",
            Weapon = r.Bool(el, "weapon", "item.weapon"),
            Category = r.Enum(el, "category", "item.category", TransferVocabulary.Categories),
            Origin = r.Country(el, "origin", "item.origin"),
            Licensor = r.Country(el, "licensor", "item.licensor"),
            MadeIn = r.Country(el, "madeIn", "item.madeIn"),
            CoDevelopers = co,
            Program = r.Text(el, "program", "item.program", 100),
            Mde = r.Bool(el, "mde", "item.mde"),
            Sme = r.Bool(el, "sme", "item.sme"),
            Usml = r.Usml(el),
            Eccn = r.Text(el, "eccn", "item.eccn", 20),
            MtcrCategory = mtcr is { } mc ? (int)mc : null,
            Uas = r.Bool(el, "uas", "item.uas"),
            MaxSpeedKmh = r.Number(el, "maxSpeedKmh", "item.maxSpeedKmh", min: 0, max: 100_000m),
        };
        return kind is null ? null : item;
    }

    /// <summary>
    /// Gives each problem the line and column of its field in <paramref name="json"/> (of the nearest enclosing value
    /// when the field is missing), so a file's problems read as <c>file:line:field</c>. Runs only when there are problems.
    /// </summary>
    private static List<CaseProblem> Locate(string json, List<CaseProblem> problems)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var places = new Dictionary<string, long>(StringComparer.Ordinal);
        var stack = new List<(string Path, bool IsArray, int Next)>();
        string? pending = null;
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var parent = stack.Count == 0 ? "" : stack[^1].Path;
                        pending = (parent.Length == 0 ? "" : parent + ".") + reader.GetString();
                        places.TryAdd(pending, reader.TokenStartIndex);
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        continue;
                }
                string path;
                if (stack.Count > 0 && stack[^1].IsArray)
                {
                    var top = stack[^1];
                    path = string.Create(CultureInfo.InvariantCulture, $"{top.Path}[{top.Next}]");
                    stack[^1] = top with { Next = top.Next + 1 };
                }
                else
                {
                    path = pending ?? "";
                }
                pending = null;
                places.TryAdd(path, reader.TokenStartIndex);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    stack.Add((path, reader.TokenType == JsonTokenType.StartArray, 0));
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // What was read so far still locates the problems in it.
        }
        var located = new List<CaseProblem>(problems.Count);
        foreach (var p in problems)
        {
            var path = p.Field;
            long offset = -1;
            while (p.Line is null && offset < 0)
            {
                if (places.TryGetValue(path, out var at))
                {
                    offset = at;
                    break;
                }
                if (path.Length == 0)
                {
                    break;
                }
                var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
                path = cut <= 0 ? "" : path[..cut];
            }
            if (offset < 0)
            {
                located.Add(p);
                continue;
            }
            var lineStart = bytes.AsSpan(0, (int)offset).LastIndexOf((byte)'\n') + 1;
            located.Add(p with { Line = bytes.AsSpan(0, (int)offset).Count((byte)'\n') + 1L, Column = offset - lineStart + 1 });
        }
        return located;
    }

    private static string Clean(string message)
    {
        // System.Text.Json appends "Path: $ | LineNumber: 0 | BytePositionInLine: 5." (or, past the depth limit, only
        // "LineNumber: … | BytePositionInLine: …"); the line and column go in their own fields, counted from 1.
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var i = message.IndexOf(marker, StringComparison.Ordinal);
            if (i > 0)
            {
                message = message[..i];
            }
        }
        return message;
    }

    /// <summary>
    /// Fields that contradict each other, as (field, message): the one list both readers check
    /// (<see cref="TransferCaseFastReader"/> hands any case that has one to this reader to report).
    /// </summary>
    internal static IEnumerable<(string Field, string Message)> Contradictions(string? from, string? to, string? purpose, TransferItem? item)
    {
        if (from is not null && to is not null && from == to)
        {
            yield return ("to", $"the same country as from ({from}): a transfer crosses a border");
        }
        if (item is null)
        {
            yield break;
        }
        if (purpose == "return_to_licensor" && item.Licensor != to)
        {
            yield return ("purpose", item.Licensor is null
                ? "return_to_licensor needs item.licensor"
                : $"return_to_licensor, but to ({to}) is not item.licensor ({item.Licensor})");
        }
        if (item.Kind is "service" or "technology" && (item.Mde == true || item.Uas == true))
        {
            yield return ("item.kind", $"a {item.Kind} cannot be major defense equipment or an unmanned aircraft (item.mde / item.uas)");
        }
        if (item.Category is not null && item.Kind != "finished_equipment")
        {
            yield return ("item.category", "the five categories apply to finished equipment (item.kind finished_equipment)");
        }
        if (item.Licensor is not null && item.MadeIn is not null && item.Licensor == item.MadeIn)
        {
            yield return ("item.licensor", $"made in its licensor's own country ({item.MadeIn}): a licence is for making it elsewhere");
        }
    }

    private sealed class Reader(string prefix, RuleSet rules, List<CaseProblem> problems)
    {
        public bool Failed { get; private set; }

        public void Fail(string field, string message)
        {
            Failed = true;
            // One line each: a key quoted from the input must not forge further lines in the CLI's output (ProblemText).
            problems.Add(new CaseProblem(ProblemText.OneLine(prefix + field, 300), ProblemText.OneLine(message)));
        }

        /// <summary>Fails every key not in <paramref name="keys"/>; false when a key is not text, and then the object
        /// cannot be read at all (System.Text.Json throws when looking up any name in it).</summary>
        public bool UnknownKeys(JsonElement el, string[] keys, string path)
        {
            var readable = true;
            foreach (var p in el.EnumerateObject())
            {
                var name = NameOf(p);
                readable &= name != UnreadableName;
                if (!keys.Contains(name))
                {
                    // An empty or blank key is quoted, so that the problem still names a field.
                    Fail(path + (string.IsNullOrWhiteSpace(name) ? $"\"{name}\"" : name), $"unknown field (valid: {string.Join(", ", keys)})");
                }
            }
            return readable;
        }

        /// <summary>
        /// The string's text, or null when it is not text: an escaped unpaired surrogate (<c>"\ud800"</c>) is valid JSON
        /// that System.Text.Json refuses to turn into a string (it throws).
        /// </summary>
        private static string? TryString(JsonElement v)
        {
            try
            {
                return v.GetString();
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        private const string UnreadableName = "(a name with an unpaired surrogate)";

        private static string NameOf(JsonProperty p)
        {
            try
            {
                return p.Name;
            }
            catch (InvalidOperationException)
            {
                return UnreadableName;
            }
        }

        private static bool TryGet(JsonElement el, string name, out JsonElement value) =>
            el.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

        public DateOnly? Date(JsonElement el, string name, DateOnly? latest)
        {
            if (!TryGet(el, name, out var v))
            {
                Fail(name, "required: the date of the transfer (YYYY-MM-DD)");
                return null;
            }
            if (v.ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact(TryString(v), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                Fail(name, $"'{Show(v)}' is not a date (YYYY-MM-DD)");
                return null;
            }
            if (d < EarliestDate)
            {
                Fail(name, $"{d:yyyy-MM-dd} is before {EarliestDate:yyyy-MM-dd}, the earliest date the rules cover");
                return null;
            }
            if (latest is { } l && d > l)
            {
                Fail(name, $"{d:yyyy-MM-dd} is after {l:yyyy-MM-dd}: rules that far ahead are unknown");
                return null;
            }
            return d;
        }

        public string? Country(JsonElement el, string name, string field, bool required = false)
        {
            if (!TryGet(el, name, out var v))
            {
                if (required)
                {
                    Fail(field, "required: an ISO 3166-1 alpha-2 country code (e.g. JP, US)");
                }
                return null;
            }
            return CountryValue(v, field);
        }

        public string? CountryValue(JsonElement v, string field)
        {
            var s = v.ValueKind == JsonValueKind.String ? TryString(v) : null;
            if (s is null || !rules.CountryIndex.ContainsKey(s))
            {
                var hint = s is not null && rules.CountryIndex.ContainsKey(s.ToUpperInvariant()) ? $" (did you mean {s.ToUpperInvariant()}?)" : "";
                Fail(field, $"unknown country code '{Show(v)}'{hint}; valid values are ISO 3166-1 alpha-2 codes: {string.Join(", ", rules.Countries)}");
                return null;
            }
            return s;
        }

        public string? Enum(JsonElement el, string name, string field, string[] values, bool required = false)
        {
            if (!TryGet(el, name, out var v))
            {
                if (required)
                {
                    Fail(field, $"required (valid: {string.Join(", ", values)})");
                }
                return null;
            }
            var s = v.ValueKind == JsonValueKind.String ? TryString(v) : null;
            if (s is null || !values.Contains(s))
            {
                Fail(field, $"'{Show(v)}' is not valid (valid: {string.Join(", ", values)})");
                return null;
            }
            return s;
        }

        public bool? Bool(JsonElement el, string name, string field)
        {
            if (!TryGet(el, name, out var v))
            {
                return null;
            }
            if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Fail(field, $"'{Show(v)}' is not true or false");
                return null;
            }
            return v.GetBoolean();
        }

        public decimal? Number(JsonElement el, string name, string field, decimal min, decimal max)
        {
            if (!TryGet(el, name, out var v))
            {
                return null;
            }
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var d))
            {
                Fail(field, $"'{Show(v)}' is not a number");
                return null;
            }
            if (d < min || d > max)
            {
                Fail(field, $"{d.ToString(CultureInfo.InvariantCulture)} is outside {min.ToString(CultureInfo.InvariantCulture)}–{max.ToString(CultureInfo.InvariantCulture)}");
                return null;
            }
            return d;
        }

        public string? Text(JsonElement el, string name, string field, int max)
        {
            if (!TryGet(el, name, out var v))
            {
                return null;
            }
            if (v.ValueKind != JsonValueKind.String)
            {
                Fail(field, "expected a string");
                return null;
            }
            var s = TryString(v);
            if (s is null)
            {
                Fail(field, "not valid Unicode (an unpaired surrogate escape such as \\ud800)");
                return null;
            }
            if (s.Length > max)
            {
                Fail(field, $"longer than {max} characters");
                return null;
            }
            if (s.Any(char.IsControl))
            {
                Fail(field, "contains control characters");
                return null;
            }
            return s.Length == 0 ? null : s;
        }

        public string? Usml(JsonElement el)
        {
            var s = Text(el, "usml", "item.usml", 10);
            if (s is not null && !TransferVocabulary.UsmlCategories.Contains(s))
            {
                Fail("item.usml", $"'{s}' is not a USML category (valid: {string.Join(", ", TransferVocabulary.UsmlCategories)})");
                return null;
            }
            return s;
        }

        public IReadOnlyDictionary<string, bool> Facts(JsonElement el)
        {
            if (!TryGet(el, "facts", out var v))
            {
                return TransferCase.EmptyFacts;
            }
            if (v.ValueKind != JsonValueKind.Object)
            {
                Fail("facts", "expected an object of fact names to true or false");
                return TransferCase.EmptyFacts;
            }
            var result = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var p in v.EnumerateObject())
            {
                var name = NameOf(p);
                if (!rules.FactIndex.ContainsKey(name))
                {
                    Fail("facts." + name, $"unknown fact (valid: {string.Join(", ", rules.FactIndex.Keys)})");
                    continue;
                }
                if (p.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    Fail("facts." + name, "expected true or false");
                    continue;
                }
                result[name] = p.Value.GetBoolean();
            }
            return result;
        }

        private static string Show(JsonElement v)
        {
            var s = v.ValueKind == JsonValueKind.String ? TryString(v) ?? v.GetRawText() : v.GetRawText();
            var sb = new StringBuilder();
            foreach (var ch in s.Take(40))
            {
                sb.Append(char.IsControl(ch) ? '?' : ch);
            }
            return sb.ToString();
        }
    }
}
