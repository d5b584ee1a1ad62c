using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Features.Export;

public enum ExportFormat { Csv, Json, Xlsx }

public sealed record ExportReport(string Directory, IReadOnlyDictionary<string, long> Written);

/// <summary>
/// Writes what the context's reader may see as files an import reads back: the supply-network package (CSV) plus the
/// registry kinds in the chosen format, programs and taxonomy as JSON. Reads go through the access filters, so an
/// export never holds a record its reader could not open.
/// </summary>
public sealed class ExportService(AppDbContext db)
{
    private static readonly JsonSerializerOptions Json = new(JsonRecords.Options) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public async Task<ExportReport> ExportAsync(string directory, ExportFormat format, CancellationToken ct = default)
    {
        Directory.CreateDirectory(directory);
        var written = new Dictionary<string, long>(StringComparer.Ordinal);
        var ext = format switch { ExportFormat.Json => ".json", ExportFormat.Xlsx => ".xlsx", _ => ".csv" };

        var organizations = (await db.Organizations.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct)).Select(e => e.ToRecord()).ToList();
        var facilities = (await db.Facilities.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct)).Select(e => e.ToRecord()).ToList();
        var capabilities = (await db.FacilityCapabilities.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct)).Select(e => e.ToRecord()).ToList();
        var requirements = (await db.Requirements.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct)).Select(e => e.ToRecord()).ToList();
        var agreements = (await db.Agreements.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct)).Select(e => e.ToRecord()).ToList();
        var programs = (await db.Programs.AsNoTracking().Include(p => p.WorkPackages).OrderBy(e => e.Id).ToListAsync(ct)).Select(e => e.ToRecord()).ToList();
        var taxonomy = (await db.CapabilityNodes.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct)).Select(e => e.ToRecord()).ToList();

        void Registry<T>(ImportKind kind, List<T> records, Func<T, Dictionary<string, string>> row)
        {
            var path = Path.Combine(directory, ImportKinds.FileStem(kind) + ext);
            if (format == ExportFormat.Json)
            {
                File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(records, Json)); // small: the registry, not the package
            }
            else
            {
                TableWriter.Write(path, RegistryTables.Columns(kind), records.Select(row));
            }
            written[Path.GetFileName(path)] = records.Count;
        }

        Registry(ImportKind.Organizations, organizations, RegistryTables.Row);
        Registry(ImportKind.Facilities, facilities, RegistryTables.Row);
        Registry(ImportKind.Capabilities, capabilities, RegistryTables.Row);
        Registry(ImportKind.Requirements, requirements, RegistryTables.Row);
        Registry(ImportKind.Agreements, agreements, RegistryTables.Row);
        await File.WriteAllBytesAsync(Path.Combine(directory, "programs.json"), JsonSerializer.SerializeToUtf8Bytes(programs, Json), ct);
        written["programs.json"] = programs.Count;
        // Sorted by code; the importer writes parents before children whatever the order.
        await File.WriteAllBytesAsync(Path.Combine(directory, "taxonomy.json"), JsonSerializer.SerializeToUtf8Bytes(taxonomy, Json), ct);
        written["taxonomy.json"] = taxonomy.Count;

        await WritePackageAsync(directory, written, ct);
        return new ExportReport(directory, written);
    }

    /// <summary>Parts, offers, offer inputs and approved sources, streamed so that millions of rows fit in little memory.</summary>
    private async Task WritePackageAsync(string directory, Dictionary<string, long> written, CancellationToken ct)
    {
        async Task Stream<T>(string file, string[] columns, IAsyncEnumerable<T> rows, Func<T, Dictionary<string, string>> map) =>
            written[file] = await TableWriter.WriteCsvAsync(Path.Combine(directory, file), columns, rows, map, ct);

        await Stream("parts.csv", RegistryTables.Columns(ImportKind.Parts), db.Parts.AsNoTracking().OrderBy(p => p.Id).AsAsyncEnumerable(), p => new Dictionary<string, string>(StringComparer.Ordinal)
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
        await Stream("offers.csv", RegistryTables.Columns(ImportKind.Offers), db.Offers.AsNoTracking().OrderBy(o => o.Id).AsAsyncEnumerable(), o => new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = o.Id,
            ["part_id"] = o.PartId,
            ["facility_id"] = o.FacilityId,
            ["capacity_per_month"] = Values.Format(o.CapacityPerMonth),
            ["lead_time_days"] = Values.Format((int?)o.LeadTimeDays),
            ["unit_cost_usd"] = Values.Format(o.UnitCostUsd),
            ["qualified"] = Values.Format(o.Qualified),
            ["illustrative"] = Values.Format(o.Illustrative),
            ["marking"] = o.Marking.FileBanner,
            ["need_to_know"] = o.Marking.NeedToKnow ?? "",
        });
        // Inputs and approved sources carry no marking of their own: they are visible when their offers are.
        var inputs = from i in db.OfferInputs.AsNoTracking()
                     join o in db.Offers on i.OfferId equals o.Id
                     orderby i.OfferId, i.InputPartId
                     select i;
        await Stream("offer_inputs.csv", RegistryTables.Columns(ImportKind.OfferInputs), inputs.AsAsyncEnumerable(), i => new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["offer_id"] = i.OfferId,
            ["input_part_id"] = i.InputPartId,
            ["quantity_per_unit"] = Values.Format(i.QuantityPerUnit),
        });
        var approved = from a in db.ApprovedSources.AsNoTracking()
                       join o in db.Offers on a.OfferId equals o.Id
                       join s in db.Offers on a.SourceOfferId equals s.Id
                       orderby a.OfferId, a.InputPartId, a.SourceOfferId
                       select a;
        await Stream("approved_sources.csv", RegistryTables.Columns(ImportKind.ApprovedSources), approved.AsAsyncEnumerable(), a => new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["offer_id"] = a.OfferId,
            ["input_part_id"] = a.InputPartId,
            ["source_offer_id"] = a.SourceOfferId,
        });
    }

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
