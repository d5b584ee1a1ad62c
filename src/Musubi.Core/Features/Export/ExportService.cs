using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Features.Export;

public enum ExportFormat { Csv, Json, Xlsx }

/// <summary>What an export wrote: rows per file, each file's rolled-up marking, and the marking of the whole export.</summary>
public sealed record ExportReport(string Directory, IReadOnlyDictionary<string, long> Written,
    IReadOnlyDictionary<string, RolledUpMarking> Markings, RolledUpMarking Marking);

/// <summary>
/// Writes what the context's reader may see as files an import reads back: the supply-network package (CSV) plus the
/// registry kinds in the chosen format, programs and taxonomy as JSON. Reads go through the access filters, so an
/// export never holds a record its reader could not open, and through <see cref="CopyPolicy"/>, so it never hands a
/// DISPLAY ONLY record to a reader who may only view it. Every file carries the roll-up of its rows' markings as a
/// banner (a CSV first line, XLSX row 1 and print header, a JSON "marking" field), and MARKING.txt gives the roll-up
/// of the whole export (ADR 0007).
/// </summary>
public sealed class ExportService(AppDbContext db)
{
    private static readonly JsonSerializerOptions Json = new(JsonRecords.Options) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The file that names the marking of a whole export; the importer ignores it.</summary>
    public const string MarkingFile = "MARKING.txt";

    public async Task<ExportReport> ExportAsync(string directory, ExportFormat format, CancellationToken ct = default)
    {
        Directory.CreateDirectory(directory);
        var written = new Dictionary<string, long>(StringComparer.Ordinal);
        var markings = new Dictionary<string, RolledUpMarking>(StringComparer.Ordinal);
        var ext = format switch { ExportFormat.Json => ".json", ExportFormat.Xlsx => ".xlsx", _ => ".csv" };

        var organizations = await db.Organizations.AsNoTracking().Copyable(db).OrderBy(e => e.Id).ToListAsync(ct);
        var facilities = await db.Facilities.AsNoTracking().Copyable(db).OrderBy(e => e.Id).ToListAsync(ct);
        var capabilities = await db.FacilityCapabilities.AsNoTracking().Copyable(db).OrderBy(e => e.Id).ToListAsync(ct);
        var requirements = await db.Requirements.AsNoTracking().Copyable(db).OrderBy(e => e.Id).ToListAsync(ct);
        var agreements = await db.Agreements.AsNoTracking().Copyable(db).OrderBy(e => e.Id).ToListAsync(ct);
        var programs = await db.Programs.AsNoTracking().Copyable(db).Include(p => p.WorkPackages).OrderBy(e => e.Id).ToListAsync(ct);
        var taxonomy = (await db.CapabilityNodes.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct)).Select(e => e.ToRecord()).ToList();

        void WriteJson<T>(string file, List<T> records, RolledUpMarking marking)
        {
            var envelope = new ExportEnvelope<T>(marking.Banner, marking.NeedToKnow.Count == 0 ? null : marking.NeedToKnow, records);
            File.WriteAllBytes(Path.Combine(directory, file), JsonSerializer.SerializeToUtf8Bytes(envelope, Json)); // small: the registry, not the package
            written[file] = records.Count;
            markings[file] = marking;
        }

        void Registry<TEntity, TRecord>(ImportKind kind, List<TEntity> entities, Func<TEntity, TRecord> toRecord, Func<TRecord, Dictionary<string, string>> row)
            where TEntity : MarkedEntity
        {
            var file = ImportKinds.FileStem(kind) + ext;
            var marking = RolledUpMarking.RollUp(entities.Select(e => e.Marking));
            var records = entities.Select(toRecord).ToList();
            if (format == ExportFormat.Json)
            {
                WriteJson(file, records, marking);
                return;
            }
            TableWriter.Write(Path.Combine(directory, file), RegistryTables.Columns(kind), records.Select(row), marking.ToString());
            written[file] = records.Count;
            markings[file] = marking;
        }

        Registry(ImportKind.Organizations, organizations, RecordMapping.ToRecord, RegistryTables.Row);
        Registry(ImportKind.Facilities, facilities, RecordMapping.ToRecord, RegistryTables.Row);
        Registry(ImportKind.Capabilities, capabilities, RecordMapping.ToRecord, RegistryTables.Row);
        Registry(ImportKind.Requirements, requirements, RecordMapping.ToRecord, RegistryTables.Row);
        Registry(ImportKind.Agreements, agreements, RecordMapping.ToRecord, RegistryTables.Row);
        WriteJson("programs.json", programs.Select(RecordMapping.ToRecord).ToList(), RolledUpMarking.RollUp(programs.Select(p => p.Marking)));
        // Sorted by code; the importer writes parents before children whatever the order. Taxonomy nodes carry no marking.
        WriteJson("taxonomy.json", taxonomy, RolledUpMarking.Unmarked);

        await WritePackageAsync(directory, written, markings, ct);

        var whole = RolledUpMarking.RollUp(markings.Values);
        await File.WriteAllTextAsync(Path.Combine(directory, MarkingFile), MarkingText(whole, markings), new System.Text.UTF8Encoding(false), ct);
        return new ExportReport(directory, written, markings, whole);
    }

    /// <summary>MARKING.txt: the banner of the whole export first, then each file's.</summary>
    private string MarkingText(RolledUpMarking whole, Dictionary<string, RolledUpMarking> markings)
    {
        var text = new System.Text.StringBuilder();
        text.Append(whole).Append("\r\n\r\n");
        text.Append("The marking of this export as a whole: the roll-up of the markings of every record in it (docs/adr/0007-marking-rollup.md).\r\n");
        if (whole.NeedToKnow.Count > 0)
        {
            text.Append("Only members of every need-to-know program named above may read it.\r\n");
        }
        text.Append("Exported for: ").Append(db.Scope.PrincipalId).Append("\r\n\r\n");
        foreach (var (file, marking) in markings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(file).Append(": ").Append(marking).Append("\r\n");
        }
        return text.ToString();
    }

    /// <summary>Parts, offers, offer inputs and approved sources, streamed so that millions of rows fit in little memory.</summary>
    private async Task WritePackageAsync(string directory, Dictionary<string, long> written, Dictionary<string, RolledUpMarking> markings, CancellationToken ct)
    {
        // The banner goes above the rows, so each file's roll-up is worked out first from the distinct markings its rows
        // carry (a handful, whatever the row count).
        async Task Stream<T>(string file, IQueryable<Marking>[] rowMarkings, string[] columns, IAsyncEnumerable<T> rows, Func<T, Dictionary<string, string>> map)
        {
            var marking = await RollUpAsync(rowMarkings, ct);
            markings[file] = marking;
            written[file] = await TableWriter.WriteCsvAsync(Path.Combine(directory, file), columns, rows, map, marking.ToString(), ct);
        }

        var parts = db.Parts.AsNoTracking().Copyable(db);
        var offers = db.Offers.AsNoTracking().Copyable(db);
        await Stream("parts.csv", [parts.Select(p => p.Marking)], RegistryTables.Columns(ImportKind.Parts), parts.OrderBy(p => p.Id).AsAsyncEnumerable(), p => new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = p.Id,
            ["name"] = p.Name,
            ["end_item"] = Values.Format(p.EndItem),
            ["weapon"] = Values.Format(p.Weapon),
            ["usml"] = p.Usml ?? "",
            ["eccn"] = p.Eccn ?? "",
            ["name_ja"] = p.NameJa ?? "",
            ["jp_control"] = p.JpControl ?? "",
            ["five_category"] = p.FiveCategory is { } f ? EnumText.ToSnake(f) : "",
            ["illustrative"] = Values.Format(p.Illustrative),
            ["marking"] = p.Marking.FileBanner,
            ["need_to_know"] = p.Marking.NeedToKnow ?? "",
        });
        await Stream("offers.csv", [offers.Select(o => o.Marking)], RegistryTables.Columns(ImportKind.Offers), offers.OrderBy(o => o.Id).AsAsyncEnumerable(), o => new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = o.Id,
            ["part_id"] = o.PartId,
            ["facility_id"] = o.FacilityId,
            ["capacity_per_month"] = Values.Format(o.CapacityPerMonth),
            ["lead_time_days"] = Values.Format((int?)o.LeadTimeDays),
            ["unit_cost_usd"] = Values.Format(o.UnitCostUsd),
            ["qualified"] = Values.Format(o.Qualified),
            ["qualification_months"] = Values.Format(o.QualificationMonths),
            ["qualification_cost_usd"] = Values.Format(o.QualificationCostUsd),
            ["illustrative"] = Values.Format(o.Illustrative),
            ["marking"] = o.Marking.FileBanner,
            ["need_to_know"] = o.Marking.NeedToKnow ?? "",
        });
        // Inputs and approved sources carry no marking of their own: a row goes out when the offers and the part it names
        // do, and it is marked as they are together.
        var inputs = from i in db.OfferInputs.AsNoTracking()
                     join o in offers on i.OfferId equals o.Id
                     join p in parts on i.InputPartId equals p.Id
                     select new { Input = i, Offer = o.Marking, Part = p.Marking };
        await Stream("offer_inputs.csv", [inputs.Select(x => x.Offer), inputs.Select(x => x.Part)], RegistryTables.Columns(ImportKind.OfferInputs),
            inputs.OrderBy(x => x.Input.OfferId).ThenBy(x => x.Input.InputPartId).Select(x => x.Input).AsAsyncEnumerable(), i => new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["offer_id"] = i.OfferId,
                ["input_part_id"] = i.InputPartId,
                ["quantity_per_unit"] = Values.Format(i.QuantityPerUnit),
            });
        var approved = from a in db.ApprovedSources.AsNoTracking()
                       join o in offers on a.OfferId equals o.Id
                       join s in offers on a.SourceOfferId equals s.Id
                       join p in parts on a.InputPartId equals p.Id
                       select new { Approved = a, Offer = o.Marking, Source = s.Marking, Part = p.Marking };
        await Stream("approved_sources.csv", [approved.Select(x => x.Offer), approved.Select(x => x.Source), approved.Select(x => x.Part)],
            RegistryTables.Columns(ImportKind.ApprovedSources),
            approved.OrderBy(x => x.Approved.OfferId).ThenBy(x => x.Approved.InputPartId).ThenBy(x => x.Approved.SourceOfferId).Select(x => x.Approved).AsAsyncEnumerable(),
            a => new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["offer_id"] = a.OfferId,
                ["input_part_id"] = a.InputPartId,
                ["source_offer_id"] = a.SourceOfferId,
            });
    }

    /// <summary>The roll-up of the distinct markings some queries yield, worked out by the database.</summary>
    private static async Task<RolledUpMarking> RollUpAsync(IQueryable<Marking>[] queries, CancellationToken ct)
    {
        var parts = new List<Marking>();
        foreach (var query in queries)
        {
            var distinct = await query
                .Select(m => new { m.Cui, m.Categories, m.NoForn, m.RelTo, m.FedOnly, m.DisplayOnly, m.NeedToKnow })
                .Distinct()
                .ToListAsync(ct);
            parts.AddRange(distinct.Select(m => new Marking
            {
                Cui = m.Cui,
                Categories = m.Categories,
                NoForn = m.NoForn,
                RelTo = m.RelTo,
                FedOnly = m.FedOnly,
                DisplayOnly = m.DisplayOnly,
                NeedToKnow = m.NeedToKnow,
            }));
        }
        return RolledUpMarking.RollUp(parts);
    }

    /// <summary>A JSON export file: the file's banner and need-to-know programs, then its records (docs/formats.md).</summary>
    private sealed record ExportEnvelope<T>(string Marking, IReadOnlyList<string>? NeedToKnow, List<T> Records);

    /// <summary>An empty template for a kind: a header row (CSV, XLSX) or one example record (JSON).</summary>
    public static void WriteTemplate(ImportKind kind, ExportFormat format, string path)
    {
        if (format == ExportFormat.Json)
        {
            object example = kind switch
            {
                ImportKind.Organizations => new OrganizationRecord { Id = "example-org", Kind = "supplier", Country = "JP", Names = [new("en", "Example Precision KK", true), new("ja", "例精密株式会社")], Identifiers = [], Certifications = [], Sources = [] },
                ImportKind.Facilities => new FacilityRecord { Id = "example-fac", OrganizationId = "example-org", Name = "Example works", Country = "JP", Region = "Aichi", Sources = [] },
                ImportKind.Capabilities => new CapabilityRecord { Id = "example-cap", FacilityId = "example-fac", CapabilityCode = "ELEC.PCB", ActualPerMonth = 100, MaxPerMonth = 150, Sources = [], Illustrative = true },
                ImportKind.Requirements => new RequirementRecord { Id = "example-req", Title = new("Example requirement", "要求の例"), FundingStatus = "planned", ContractingPath = "dcs", Status = "draft", CapabilityCodes = [], Sources = [] },
                ImportKind.Agreements => new AgreementRecord { Id = "example-agr", Kind = "project_agreement", Title = new("Example agreement", "協定の例"), Parties = ["US", "JP"], Sources = [] },
                ImportKind.Programs => new ProgramRecord { Id = "example-prog", Kind = "co_development", Names = [new("en", "Example program", true)], Partners = [new("US", 0.5m), new("JP", 0.5m)], Phases = [], EndItemPartIds = [], WorkPackages = [], Sources = [] },
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no JSON template for this kind"),
            };
            File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(new[] { example }, example.GetType().MakeArrayType(), Json));
            return;
        }
        TableWriter.Write(path, RegistryTables.Columns(kind), []);
    }
}
