using System.Text.Json;
using System.Text.Unicode;

namespace Musubi.Engines.Screening;

/// <summary>
/// FollowTheMoney entities, one JSON object per line (<c>{"id", "schema", "properties": {…}}</c>), as OpenSanctions
/// exports them. Party schemas become entities; other known FollowTheMoney schemas (Sanction, Address, Ownership…) are
/// skipped; an unknown schema is a problem. See docs/formats.md, "Screening lists".
/// </summary>
internal static class FtmReader
{
    /// <summary>The schemas screened: parties and the things sanctions name (vessels, aircraft).</summary>
    public static readonly string[] PartySchemas = ["Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Airplane"];

    /// <summary>
    /// FollowTheMoney schemas that are not parties (followthemoney/schema/*.yaml): an OpenSanctions export carries them
    /// beside the parties (the sanction, the address, the ownership link…). They are counted and skipped.
    /// </summary>
    public static readonly HashSet<string> OtherSchemas = new(StringComparer.Ordinal)
    {
        "Address", "Analyzable", "Article", "Assessment", "Asset", "Associate", "Audio", "BankAccount", "Call",
        "CallForTenders", "Concession", "Contract", "ContractAward", "ContractLot", "CourtCase", "CourtCaseParty",
        "CryptoWallet", "Debt", "Directorship", "Document", "Documentation", "EconomicActivity", "Email", "Employment",
        "Event", "Family", "Folder", "HyperText", "Identification", "Image", "Interest", "Interval", "License",
        "Membership", "Mention", "Message", "Note", "Occupancy", "Ownership", "Package", "Page", "Pages", "Passport",
        "Payment", "PlainText", "Position", "Post", "Project", "ProjectParticipant", "RealEstate", "Representation",
        "Sanction", "Security", "Similar", "Succession", "Table", "TaxRoll", "Thing", "Trip", "UnknownLink",
        "UserAccount", "Value", "Vehicle", "Video", "Workbook",
    };

    private static readonly (string Property, NameKind Kind)[] NameProperties =
    [
        ("name", NameKind.Name),
        ("alias", NameKind.Alias),
        ("previousName", NameKind.Alias),
        ("weakAlias", NameKind.WeakAlias),
        ("abbreviation", NameKind.WeakAlias),
    ];

    private static readonly string[] CountryProperties = ["country", "jurisdiction", "nationality", "citizenship", "mainCountry"];

    /// <summary>FollowTheMoney identifier properties and the scheme each becomes; others are not kept.</summary>
    private static readonly (string Property, string Scheme)[] IdentifierProperties =
    [
        ("leiCode", "lei"),
        ("cageCode", "cage"),
        ("uniqueEntityId", "uei"),
        ("imoNumber", "imo"),
        ("dunsCode", "duns"),
        ("registrationNumber", "registration"),
        ("ogrnCode", "registration"),
        ("innCode", "other"),
        ("taxNumber", "other"),
        ("vatCode", "other"),
        ("swiftBic", "other"),
        ("okpoCode", "other"),
        ("giiNumber", "other"),
        ("permId", "other"),
    ];

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static ListReadResult Read(Stream stream, string fileName)
    {
        var problems = new ProblemSink();
        var entities = new List<ScreeningEntity>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = 0;
        var skipped = 0;
        using var lines = new ByteLines(stream);
        while (!problems.Full && lines.Next(out var segment))
        {
            var line = lines.Line;
            if (line == 1)
            {
                segment = segment[ListInput.BomLength(segment)..];
            }
            if (Blank(segment))
            {
                continue;
            }
            if (!Utf8.IsValid(segment))
            {
                problems.Add(line, "(encoding)", ListInput.NotUtf8);
                continue;
            }
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(segment.AsMemory(), Options);
            }
            catch (JsonException ex)
            {
                problems.Add(line, "(json)", JsonValues.Message(ex));
                continue;
            }
            using (doc)
            {
                var draft = new EntityDraft(problems, line);
                var outcome = Entity(doc.RootElement, draft);
                if (outcome == Outcome.Skipped)
                {
                    skipped++;
                    continue;
                }
                if (draft.Id is { } id && !firstLine.TryAdd(id, line))
                {
                    draft.Problem("id", $"duplicate id {ListText.Quote(id)} (first on line {firstLine[id]})");
                }
                if (draft.Build("properties.name") is { } entity)
                {
                    entities.Add(entity);
                    names += entity.Names.Count;
                }
            }
        }
        if (entities.Count == 0 && problems.Count == 0)
        {
            problems.Add(0, "(file)", skipped > 0
                ? $"no parties: the file holds {skipped} entities, none of them of a schema screened ({string.Join(", ", PartySchemas)})"
                : "no entities (the file is empty)");
        }
        problems.ThrowIfAny(fileName);
        return new ListReadResult(ListFormat.FollowTheMoney, entities, names, lines.FinishHash()) { Skipped = skipped };
    }

    private static bool Blank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;

    private enum Outcome
    {
        Read,
        Skipped,
    }

    private static Outcome Entity(JsonElement root, EntityDraft draft)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            draft.ShapeProblem("(json)", $"expected a JSON object (one entity per line), not {JsonValues.Kind(root)}");
            return Outcome.Read;
        }
        try
        {
            return Fields(root, draft);
        }
        catch (InvalidOperationException)
        {
            // An object holding a key with an escaped unpaired surrogate: System.Text.Json throws on any lookup in it.
            draft.ShapeProblem("(json)", "a key " + JsonValues.UnpairedSurrogate);
            return Outcome.Read;
        }
    }

    private static Outcome Fields(JsonElement root, EntityDraft draft)
    {
        var schema = root.TryGetProperty("schema", out var s) ? JsonValues.Text(s, draft, "schema") : null;
        if (schema is null)
        {
            if (!draft.Failed)
            {
                draft.Problem("schema", "is required (e.g. \"Organization\")");
            }
        }
        else if (OtherSchemas.Contains(schema))
        {
            return Outcome.Skipped;
        }
        else if (!PartySchemas.Contains(schema, StringComparer.Ordinal))
        {
            draft.Problem("schema", $"unknown schema {ListText.Quote(schema)} (expected one of {string.Join(", ", PartySchemas)})");
        }
        else
        {
            draft.Schema = schema;
        }

        draft.SetId(root.TryGetProperty("id", out var id) ? JsonValues.Text(id, draft, "id") : null, "id");

        if (root.TryGetProperty("properties", out var props) && props.ValueKind != JsonValueKind.Null)
        {
            if (props.ValueKind != JsonValueKind.Object)
            {
                draft.ShapeProblem("properties", $"must be an object, not {JsonValues.Kind(props)}");
                return Outcome.Read;
            }
            Properties(props, draft);
        }
        if (!draft.HasPrograms && root.TryGetProperty("datasets", out var datasets))
        {
            foreach (var d in JsonValues.Texts(datasets, draft, "datasets"))
            {
                draft.AddProgram(d);
            }
        }
        return Outcome.Read;
    }

    private static void Properties(JsonElement props, EntityDraft draft)
    {
        foreach (var (property, kind) in NameProperties)
        {
            if (props.TryGetProperty(property, out var v))
            {
                foreach (var name in JsonValues.Texts(v, draft, "properties." + property))
                {
                    draft.AddName(name, kind, "properties." + property);
                }
            }
        }
        foreach (var property in CountryProperties)
        {
            if (props.TryGetProperty(property, out var v))
            {
                foreach (var country in JsonValues.Texts(v, draft, "properties." + property))
                {
                    draft.AddCountryIfCode(country);
                }
            }
        }
        foreach (var (property, scheme) in IdentifierProperties)
        {
            if (props.TryGetProperty(property, out var v))
            {
                foreach (var value in JsonValues.Texts(v, draft, "properties." + property))
                {
                    draft.AddIdentifier(scheme, value, "properties." + property);
                }
            }
        }
        foreach (var property in new[] { "program", "topics" })
        {
            if (props.TryGetProperty(property, out var v))
            {
                foreach (var value in JsonValues.Texts(v, draft, "properties." + property))
                {
                    draft.AddProgram(value);
                }
            }
        }
    }
}
