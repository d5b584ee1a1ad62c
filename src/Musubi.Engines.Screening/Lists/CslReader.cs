using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Musubi.Engines.Screening;

/// <summary>
/// The U.S. Consolidated Screening List (trade.gov): its CSV download and its JSON (<c>{"results": [ … ]}</c>, the
/// download and the search API alike). Fields as the ITA documents them (docs/formats.md, "Screening lists"): a record's
/// <c>name</c> and <c>alt_names</c>, <c>type</c> (Individual, Entity, Vessel, Aircraft), <c>source</c> and
/// <c>programs</c>, countries from <c>addresses</c>, <c>citizenships</c> and <c>nationalities</c>, and <c>ids</c>.
/// </summary>
internal static class CslReader
{
    /// <summary>The columns of the CSV download, in its order.</summary>
    public static readonly string[] Columns =
    [
        "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses", "federal_register_notice",
        "start_date", "end_date", "standard_order", "license_requirement", "license_policy", "call_sign", "vessel_type",
        "gross_tonnage", "gross_registered_tonnage", "vessel_flag", "vessel_owner", "remarks", "source_list_url",
        "alt_names", "citizenships", "dates_of_birth", "nationalities", "places_of_birth", "source_information_url", "ids",
    ];

    /// <summary>Whether a CSV header is the CSL's: <c>name</c> and <c>source</c>, and one of <c>alt_names</c>, <c>entity_number</c>, <c>_id</c>.</summary>
    public static bool IsCslHeader(IReadOnlyCollection<string> columns) =>
        columns.Contains("name") && columns.Contains("source")
        && (columns.Contains("alt_names") || columns.Contains("entity_number") || columns.Contains("_id"));

    // ---- CSV ----

    public static ListReadResult ReadCsv(Stream stream, string fileName)
    {
        var (data, hash) = ListInput.ReadAll(stream);
        var problems = new ProblemSink();
        if (!ListInput.CheckUtf8(data, crIsBreak: true, problems))
        {
            problems.ThrowIfAny(fileName);
        }
        var text = ListInput.Decode(data.AsSpan(ListInput.BomLength(data)));
        var state = new IdState();
        var entities = new List<ScreeningEntity>();
        var names = 0;
        CsvHeader? header = null;
        var sawHeader = false;
        foreach (var record in CsvRecords.Read(text, problems))
        {
            if (!sawHeader)
            {
                sawHeader = true;
                header = Header(record, problems);
                if (header is null)
                {
                    break;
                }
                continue;
            }
            if (record.Fields.Length != header!.Count)
            {
                problems.Add(record.Line, "(row)", $"has {record.Fields.Length} fields; the header has {header.Count}");
                continue;
            }
            var draft = new EntityDraft(problems, record.Line);
            Fill(new CsvSource(record, header.Columns), draft, state);
            if (draft.Build("name") is { } entity)
            {
                entities.Add(entity);
                names += entity.Names.Count;
            }
            if (problems.Full)
            {
                break;
            }
        }
        if (entities.Count == 0 && problems.Count == 0)
        {
            problems.Add(0, "(file)", !sawHeader ? "no entities (the file is empty)" : "no entities (the file has a header and no rows)");
        }
        problems.ThrowIfAny(fileName);
        return new ListReadResult(ListFormat.CslCsv, entities, names, hash);
    }

    /// <summary>The columns by name (lower case, trimmed) and how many fields the header has.</summary>
    private sealed record CsvHeader(Dictionary<string, int> Columns, int Count);

    private static CsvHeader? Header(CsvRecord record, ProblemSink problems)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < record.Fields.Length; i++)
        {
            var column = record.Fields[i].Trim().ToLowerInvariant();
            if (column.Length > 0 && !columns.TryAdd(column, i))
            {
                problems.Add(record.Line, "(header)", $"column {ListText.Quote(column)} appears twice");
                return null;
            }
        }
        if (!columns.ContainsKey("name"))
        {
            problems.Add(record.Line, "(header)",
                "no 'name' column: the Consolidated Screening List CSV starts with the header " + string.Join(",", Columns.Take(6)) + ",…");
            return null;
        }
        return new CsvHeader(columns, record.Fields.Length);
    }

    private sealed class CsvSource(CsvRecord record, Dictionary<string, int> columns) : ICslSource
    {
        public string? Text(string field) =>
            columns.TryGetValue(field, out var i) && record.Fields[i].Trim() is { Length: > 0 } v ? v : null;

        public List<string> Values(string field, bool commas) =>
            Text(field) is { } v ? Split(v, commas) : [];

        public IEnumerable<string> AddressCountries() =>
            Values("addresses", commas: false).Select(a => a[(a.LastIndexOf(',') + 1)..].Trim());

        public IEnumerable<(string Type, string Number)> Ids() =>
            Values("ids", commas: false).Select(IdPair).Where(p => p.Number.Length > 0);
    }

    // ---- JSON ----

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    public static ListReadResult ReadJson(Stream stream, string fileName)
    {
        var (data, hash) = ListInput.ReadAll(stream);
        var problems = new ProblemSink();
        if (!ListInput.CheckUtf8(data, crIsBreak: false, problems))
        {
            problems.ThrowIfAny(fileName);
        }
        var json = data.AsMemory(ListInput.BomLength(data));
        var lines = new LineCounter(json);
        var state = new IdState();
        var entities = new List<ScreeningEntity>();
        var names = 0;
        var sawResults = false;
        var reader = new Utf8JsonReader(json.Span, ReaderOptions);
        try
        {
            if (json.Span.IndexOfAnyExcept(" \t\r\n"u8) < 0)
            {
                problems.Add(0, "(file)", "no entities (the file is empty)");
            }
            else if (!reader.Read())
            {
                problems.Add(0, "(file)", "no entities (the file is empty)");
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                sawResults = true;
                Results(ref reader, json, lines, problems, state, entities, ref names);
            }
            else if (reader.TokenType != JsonTokenType.StartObject)
            {
                problems.Add(1, "(json)", "expected an object with a \"results\" array (or an array of results)");
            }
            else
            {
                while (!problems.Full && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isResults = reader.ValueTextEquals("results"u8);
                    var at = lines.LineOf(reader.TokenStartIndex);
                    reader.Read();
                    if (!isResults)
                    {
                        reader.Skip();
                    }
                    else if (sawResults)
                    {
                        problems.Add(at, "results", "appears twice");
                        reader.Skip();
                    }
                    else if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        problems.Add(at, "results", "must be an array of records");
                        sawResults = true;
                        reader.Skip();
                    }
                    else
                    {
                        sawResults = true;
                        Results(ref reader, json, lines, problems, state, entities, ref names);
                    }
                }
                if (!sawResults && problems.Count == 0)
                {
                    problems.Add(1, "results", "is missing: a Consolidated Screening List JSON file is {\"total\": …, \"results\": [ … ]}");
                }
            }
            if (!problems.Full && reader.BytesConsumed > 0)
            {
                // The rest must be well-formed too (no trailing garbage).
                while (reader.Read())
                {
                }
            }
        }
        catch (JsonException ex)
        {
            problems.Add((int)Math.Min(int.MaxValue, (ex.LineNumber ?? 0) + 1), "(json)", JsonValues.Message(ex));
        }
        catch (InvalidOperationException)
        {
            problems.Add(lines.LineOf(reader.TokenStartIndex), "(json)", "a key " + JsonValues.UnpairedSurrogate);
        }
        if (entities.Count == 0 && problems.Count == 0)
        {
            problems.Add(0, "(file)", "no entities (the results array is empty)");
        }
        problems.ThrowIfAny(fileName);
        return new ListReadResult(ListFormat.CslJson, entities, names, hash);
    }

    private static void Results(ref Utf8JsonReader reader, ReadOnlyMemory<byte> json, LineCounter lines, ProblemSink problems,
        IdState state, List<ScreeningEntity> entities, ref int names)
    {
        while (!problems.Full && reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var line = lines.LineOf(reader.TokenStartIndex);
            using var doc = JsonDocument.ParseValue(ref reader);
            var draft = new EntityDraft(problems, line);
            var e = doc.RootElement;
            if (e.ValueKind != JsonValueKind.Object)
            {
                draft.ShapeProblem("(json)", $"a result must be an object, not {JsonValues.Kind(e)}");
                continue;
            }
            try
            {
                Fill(new JsonSource(e, draft), draft, state);
            }
            catch (InvalidOperationException)
            {
                draft.ShapeProblem("(json)", "a key " + JsonValues.UnpairedSurrogate);
                continue;
            }
            if (draft.Build("name") is { } entity)
            {
                entities.Add(entity);
                names += entity.Names.Count;
            }
        }
    }

    private sealed class JsonSource(JsonElement e, EntityDraft draft) : ICslSource
    {
        public string? Text(string field) =>
            e.TryGetProperty(field, out var v) && JsonValues.Text(v, draft, field, allowNumber: true)?.Trim() is { Length: > 0 } s ? s : null;

        public List<string> Values(string field, bool commas)
        {
            if (!e.TryGetProperty(field, out var v))
            {
                return [];
            }
            return v.ValueKind == JsonValueKind.String
                ? Text(field) is { } s ? Split(s, commas) : []
                : JsonValues.Texts(v, draft, field);
        }

        public IEnumerable<string> AddressCountries()
        {
            if (!e.TryGetProperty("addresses", out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return [];
            }
            if (v.ValueKind == JsonValueKind.String)
            {
                return Values("addresses", commas: false).Select(a => a[(a.LastIndexOf(',') + 1)..].Trim());
            }
            if (v.ValueKind != JsonValueKind.Array)
            {
                draft.Problem("addresses", $"must be an array of addresses, not {JsonValues.Kind(v)}");
                return [];
            }
            var countries = new List<string>();
            foreach (var a in v.EnumerateArray())
            {
                if (a.ValueKind == JsonValueKind.Object && a.TryGetProperty("country", out var c)
                    && JsonValues.Text(c, draft, "addresses.country") is { } country)
                {
                    countries.Add(country);
                }
                else if (a.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                {
                    draft.Problem("addresses", $"must be an array of addresses (objects), but holds {JsonValues.Kind(a)}");
                }
            }
            return countries;
        }

        public IEnumerable<(string Type, string Number)> Ids()
        {
            if (!e.TryGetProperty("ids", out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return [];
            }
            if (v.ValueKind == JsonValueKind.String)
            {
                return Values("ids", commas: false).Select(IdPair).Where(p => p.Number.Length > 0);
            }
            if (v.ValueKind != JsonValueKind.Array)
            {
                draft.Problem("ids", $"must be an array of identifications, not {JsonValues.Kind(v)}");
                return [];
            }
            var ids = new List<(string, string)>();
            foreach (var id in v.EnumerateArray())
            {
                if (id.ValueKind == JsonValueKind.Object)
                {
                    var type = id.TryGetProperty("type", out var t) ? JsonValues.Text(t, draft, "ids.type") : null;
                    var number = id.TryGetProperty("number", out var n) ? JsonValues.Text(n, draft, "ids.number", allowNumber: true) : null;
                    if (!string.IsNullOrWhiteSpace(number))
                    {
                        ids.Add((type ?? "", number));
                    }
                }
                else if (id.ValueKind != JsonValueKind.Null)
                {
                    draft.Problem("ids", $"must be an array of identifications (objects), but holds {JsonValues.Kind(id)}");
                }
            }
            return ids;
        }
    }

    /// <summary>Line numbers of byte offsets, for offsets met in increasing order.</summary>
    private sealed class LineCounter(ReadOnlyMemory<byte> json)
    {
        private long _offset;
        private int _line = 1;

        public int LineOf(long offset)
        {
            if (offset < _offset)
            {
                _offset = 0;
                _line = 1;
            }
            var span = json.Span;
            var end = (int)Math.Min(offset, span.Length);
            _line += span[(int)_offset..end].Count((byte)'\n');
            _offset = end;
            return _line;
        }
    }

    // ---- both ----

    private interface ICslSource
    {
        /// <summary>A field's value, trimmed; null when absent or blank.</summary>
        string? Text(string field);

        /// <summary>A list field's values: an array, or text split at <c>;</c> (and at <c>,</c> when <paramref name="commas"/>).</summary>
        List<string> Values(string field, bool commas);

        IEnumerable<string> AddressCountries();

        IEnumerable<(string Type, string Number)> Ids();
    }

    /// <summary>Ids seen so far in the file: explicit ones (duplicates are problems) and generated ones (made unique).</summary>
    private sealed class IdState
    {
        public Dictionary<string, int> FirstLine { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Generated { get; } = new(StringComparer.Ordinal);
    }

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Individual"] = "Person",
        ["Entity"] = "Organization",
        ["Vessel"] = "Vessel",
        ["Aircraft"] = "Airplane",
    };

    private static void Fill(ICslSource r, EntityDraft draft, IdState state)
    {
        var type = r.Text("type");
        if (type is null)
        {
            draft.Schema = "LegalEntity";
        }
        else if (Types.TryGetValue(type, out var schema))
        {
            draft.Schema = schema;
        }
        else
        {
            draft.Problem("type", $"unknown type {ListText.Quote(type)} (expected Individual, Entity, Vessel, Aircraft or empty)");
        }

        var name = r.Text("name");
        draft.AddName(name, NameKind.Name, "name");
        foreach (var alias in r.Values("alt_names", commas: false))
        {
            draft.AddName(alias, IsAcronym(alias) ? NameKind.WeakAlias : NameKind.Alias, "alt_names");
        }

        foreach (var country in r.AddressCountries())
        {
            draft.AddCountryIfCode(country);
        }
        draft.AddCountryIfCode(r.Text("country"));
        foreach (var field in new[] { "citizenships", "nationalities" })
        {
            foreach (var country in r.Values(field, commas: true))
            {
                draft.AddCountryIfCode(country);
            }
        }

        foreach (var (idType, number) in r.Ids())
        {
            if (Scheme(idType) is { } scheme)
            {
                draft.AddIdentifier(scheme, number, "ids");
            }
        }

        var source = r.Text("source");
        draft.AddProgram(source);
        foreach (var program in r.Values("programs", commas: false))
        {
            draft.AddProgram(program);
        }

        var (id, idField) = r.Text("_id") is { } underscored ? (underscored, "_id") : (r.Text("id"), "id");
        if (id is not null)
        {
            if (draft.SetId(id, idField) && !state.FirstLine.TryAdd(draft.Id!, draft.Line))
            {
                draft.Problem(idField, $"duplicate id {ListText.Quote(draft.Id!)} (first on line {state.FirstLine[draft.Id!]})");
            }
        }
        else if (r.Text("entity_number") is { } number)
        {
            var made = SourceCode(source) + "-" + number;
            if (draft.SetId(made, "entity_number") && !state.FirstLine.TryAdd(draft.Id!, draft.Line))
            {
                draft.Problem("entity_number", $"duplicate entity number {ListText.Quote(number)} in {ListText.Quote(source ?? "(no source)")} (first on line {state.FirstLine[draft.Id!]})");
            }
        }
        else if (name is not null)
        {
            // No id at all: one made from what the record is (source, type, name), stable when the file is reordered.
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{source}\n{type}\n{EntityDraft.Collapse(name)}"));
            var made = "csl-" + Convert.ToHexStringLower(digest.AsSpan(0, 8));
            var n = state.Generated.TryGetValue(made, out var seen) ? seen + 1 : 1;
            state.Generated[made] = n;
            draft.SetId(n == 1 ? made : made + "-" + n, "_id");
            if (!state.FirstLine.TryAdd(draft.Id!, draft.Line))
            {
                draft.Problem("_id", $"duplicate id {ListText.Quote(draft.Id!)} (first on line {state.FirstLine[draft.Id!]})");
            }
        }
    }

    /// <summary>The short code of a CSL source, e.g. <c>SDN</c> from "Specially Designated Nationals (SDN) - Treasury Department".</summary>
    private static string SourceCode(string? source)
    {
        if (source is null)
        {
            return "csl";
        }
        var close = source.LastIndexOf(')');
        var open = close > 0 ? source.LastIndexOf('(', close) : -1;
        return open >= 0 && close - open > 1 ? source[(open + 1)..close].Trim() : source;
    }

    /// <summary>
    /// A short alias written as an acronym (one token of 2–6 upper-case ASCII letters or digits, at least one letter,
    /// e.g. <c>CAEP</c>) is a weak alias: it matches only exactly (the CSL does not mark weak aliases itself).
    /// </summary>
    internal static bool IsAcronym(string alias)
    {
        var a = alias.Trim();
        return a.Length is >= 2 and <= 6 && a.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)) && a.Any(char.IsAsciiLetterUpper);
    }

    /// <summary>The scheme of a CSL identification type (OFAC's names), or null for one not kept (passports, websites…).</summary>
    internal static string? Scheme(string type)
    {
        var t = type.Trim().TrimEnd('.', ':').Trim().ToLowerInvariant();
        return t switch
        {
            "legal entity number" or "lei" => "lei",
            "d-u-n-s number" or "duns number" or "d-u-n-s" or "duns" => "duns",
            "vessel registration identification" or "imo number" or "imo" => "imo",
            "cage code" or "cage" => "cage",
            "unique entity identifier" or "uei" => "uei",
            "registration id" or "registration number" or "company number" or "business registration number"
                or "commercial registry number" or "registered charity no" => "registration",
            "tax id no" or "tax id number" or "tax identification number" or "swift/bic" or "swift" or "inn" => "other",
            _ => null,
        };
    }

    /// <summary>An id written in the CSV as <c>type, number, country…</c>.</summary>
    private static (string Type, string Number) IdPair(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length >= 2 ? (parts[0], parts[1]) : ("", "");
    }

    private static List<string> Split(string text, bool commas) =>
        text.Split(commas ? [';', ','] : [';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
}
