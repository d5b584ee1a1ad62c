using System.Text;

namespace Musubi.Engines.Screening;

/// <summary>
/// Musubi's plain list CSV: the header <c>id,name,aliases,country,identifiers</c> (that order), then one entity per
/// record. Aliases are separated by <c>|</c>, a weak alias (an acronym) written with a leading <c>~</c>; countries are
/// alpha-2 codes separated by <c>|</c>; identifiers <c>scheme:value|scheme:value</c>. See docs/formats.md.
/// </summary>
internal static class PlainCsv
{
    public static readonly string[] Header = ["id", "name", "aliases", "country", "identifiers"];

    public static string HeaderLine => string.Join(",", Header);

    public static bool IsPlainHeader(IReadOnlyList<string> columns) =>
        columns.Count == Header.Length && columns.Select((c, i) => c == Header[i]).All(x => x);

    public static ListReadResult Read(Stream stream, string fileName)
    {
        var (data, hash) = ListInput.ReadAll(stream);
        var problems = new ProblemSink();
        if (!ListInput.CheckUtf8(data, crIsBreak: true, problems))
        {
            problems.ThrowIfAny(fileName);
        }
        var text = ListInput.Decode(data.AsSpan(ListInput.BomLength(data)));
        var entities = new List<ScreeningEntity>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = 0;
        var sawHeader = false;
        foreach (var record in CsvRecords.Read(text, problems))
        {
            if (!sawHeader)
            {
                sawHeader = true;
                var columns = record.Fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
                if (!IsPlainHeader(columns))
                {
                    problems.Add(record.Line, "(header)",
                        $"expected the header {HeaderLine}, found {ListText.Quote(string.Join(",", record.Fields))}");
                    break;
                }
                continue;
            }
            if (record.Fields.Length != Header.Length)
            {
                problems.Add(record.Line, "(row)", $"has {record.Fields.Length} fields; expected {Header.Length} ({HeaderLine})");
                continue;
            }
            var draft = new EntityDraft(problems, record.Line);
            Row(record.Fields, draft);
            if (draft.Id is { } id && !firstLine.TryAdd(id, record.Line))
            {
                draft.Problem("id", $"duplicate id {ListText.Quote(id)} (first on line {firstLine[id]})");
            }
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
            problems.Add(0, "(file)", sawHeader ? "no entities (the file has a header and no rows)" : "no entities (the file is empty)");
        }
        problems.ThrowIfAny(fileName);
        return new ListReadResult(ListFormat.PlainCsv, entities, names, hash);
    }

    private static void Row(string[] f, EntityDraft draft)
    {
        draft.SetId(f[0], "id");
        draft.AddName(f[1], NameKind.Name, "name");
        foreach (var raw in f[2].Split('|'))
        {
            var alias = raw.Trim();
            if (alias.Length == 0)
            {
                continue;
            }
            if (alias[0] == '~')
            {
                var weak = alias[1..].Trim();
                if (weak.Length == 0)
                {
                    draft.Problem("aliases", "'~' marks a weak alias but none follows");
                    continue;
                }
                draft.AddName(weak, NameKind.WeakAlias, "aliases");
            }
            else
            {
                draft.AddName(alias, NameKind.Alias, "aliases");
            }
        }
        foreach (var country in f[3].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            draft.AddCountryStrict(country, "country");
        }
        foreach (var raw in f[4].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || raw[(colon + 1)..].Trim().Length == 0)
            {
                draft.Problem("identifiers", $"{ListText.Quote(raw)} is not scheme:value (e.g. lei:5493001KJTIIGC8Y1R12)");
                continue;
            }
            var scheme = raw[..colon].Trim().ToLowerInvariant();
            if (!EntityDraft.Schemes.Contains(scheme, StringComparer.Ordinal))
            {
                draft.Problem("identifiers", $"unknown identifier scheme {ListText.Quote(raw[..colon].Trim())} (expected one of {string.Join(", ", EntityDraft.Schemes)})");
                continue;
            }
            draft.AddIdentifier(scheme, raw[(colon + 1)..], "identifiers");
        }
    }

    /// <summary>
    /// Writes entities as a plain list CSV that <see cref="Read"/> reads back to the same ids, names, countries and
    /// identifiers (schema and programs have no column). The first name of kind <see cref="NameKind.Name"/> fills
    /// <c>name</c>; further names are aliases. Throws <see cref="ArgumentException"/> for what the format cannot hold
    /// (an alias with <c>|</c> or starting with <c>~</c>, an identifier value with <c>|</c>).
    /// </summary>
    public static string Write(IEnumerable<ScreeningEntity> entities)
    {
        var sb = new StringBuilder(HeaderLine).Append('\n');
        foreach (var e in entities)
        {
            var name = e.Names.FirstOrDefault(n => n.Kind == NameKind.Name)
                ?? throw new ArgumentException($"entity {e.Id} has no name", nameof(entities));
            var aliases = e.Names.Where(n => !ReferenceEquals(n, name)).Select(n =>
            {
                if (n.Value.Contains('|', StringComparison.Ordinal) || (n.Kind != NameKind.WeakAlias && n.Value.StartsWith('~')))
                {
                    throw new ArgumentException($"alias {n.Value} cannot be written in the plain CSV", nameof(entities));
                }
                return n.Kind == NameKind.WeakAlias ? "~" + n.Value : n.Value;
            });
            var ids = e.Identifiers.Select(i => i.Value.Contains('|', StringComparison.Ordinal)
                ? throw new ArgumentException($"identifier {i.Value} cannot be written in the plain CSV", nameof(entities))
                : i.Scheme + ":" + i.Value);
            sb.Append(CsvRecords.Field(e.Id)).Append(',')
                .Append(CsvRecords.Field(name.Value)).Append(',')
                .Append(CsvRecords.Field(string.Join("|", aliases))).Append(',')
                .Append(CsvRecords.Field(string.Join("|", e.Countries))).Append(',')
                .Append(CsvRecords.Field(string.Join("|", ids))).Append('\n');
        }
        return sb.ToString();
    }
}
