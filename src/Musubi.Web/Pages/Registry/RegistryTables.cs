using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.Import;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Registry;

/// <summary>
/// Turns one page of a registry list into the table the list page shows: localized names, the related records' names
/// (looked up through the same access filters, so a name the reader may not see stays an id) and the marking.
/// </summary>
public sealed class RegistryTables(AppDbContext db, IStringLocalizer<UiText> l)
{
    public RegistryTable Organizations(IReadOnlyList<OrganizationRecord> items) => new(
        [new(l["Field.Name"], "name"), new(l["Field.Kind"], "kind", Compact: true), new(l["Field.Country"], "country", Compact: true), new(l["Field.OtherNames"])],
        [
            .. items.Select(o =>
            {
                var name = OrganizationName(o);
                var others = (o.Names ?? []).Select(n => n.Value).Where(v => v != name.Text).Distinct(StringComparer.Ordinal);
                return Row(o, RegistryKinds.Organizations, name,
                    new RegistryCell(l.EnumLabel("OrganizationKind", o.Kind)),
                    new RegistryCell(l.Country(o.Country), Note: o.Country),
                    new RegistryCell(string.Join(" · ", others)));
            }),
        ]);

    public async Task<RegistryTable> FacilitiesAsync(IReadOnlyList<FacilityRecord> items, CancellationToken ct)
    {
        var organizations = await OrganizationNamesAsync(items.Select(f => f.OrganizationId), ct);
        return new(
            [new(l["Field.Name"], "name"), new(l["Field.Organization"], "organizationId"), new(l["Field.Country"], "country", Compact: true), new(l["Field.Region"], "region")],
            [
                .. items.Select(f => Row(f, RegistryKinds.Facilities, Localized.Name(f.Name ?? f.Id!, f.NameJa),
                    Related(RegistryKinds.Organizations, f.OrganizationId, organizations),
                    new RegistryCell(l.Country(f.Country), Note: f.Country),
                    new RegistryCell(f.Region ?? "—"))),
            ]);
    }

    public async Task<RegistryTable> CapabilitiesAsync(IReadOnlyList<CapabilityRecord> items, CancellationToken ct)
    {
        var codes = items.Select(c => c.CapabilityCode).OfType<string>().Distinct().ToList();
        var labels = await db.CapabilityNodes.AsNoTracking().Where(n => codes.Contains(n.Id))
            .ToDictionaryAsync(n => n.Id, n => Localized.Name(n.LabelEn, n.LabelJa), ct);
        var facilityIds = items.Select(c => c.FacilityId).OfType<string>().Distinct().ToList();
        var facilities = await db.Facilities.AsNoTracking().Where(f => facilityIds.Contains(f.Id))
            .ToDictionaryAsync(f => f.Id, f => Localized.Name(f.Name, f.NameJa), ct);
        return new(
            [
                new(l["Field.Capability"], "capabilityCode"), new(l["Field.Facility"], "facilityId"),
                new(l["Field.ActualPerMonth"], Numeric: true, Compact: true), new(l["Field.MaxPerMonth"], "maxPerMonth", Numeric: true, Compact: true), new(l["Field.Valid"], Compact: true),
            ],
            [
                .. items.Select(c =>
                {
                    var code = c.CapabilityCode ?? "";
                    var label = labels.GetValueOrDefault(code, new LocalName(code, "en"));
                    return Row(c, RegistryKinds.Capabilities, label, code,
                        Related(RegistryKinds.Facilities, c.FacilityId, facilities),
                        new RegistryCell(Localized.Number(c.ActualPerMonth)),
                        new RegistryCell(Localized.Number(c.MaxPerMonth)),
                        new RegistryCell(Localized.Date(c.ValidFrom) + " – " + (c.ValidTo is null ? "" : Localized.Date(c.ValidTo))));
                }),
            ]);
    }

    public RegistryTable Parts(IReadOnlyList<PartRecord> items) => new(
        [new(l["Field.Name"], "name"), new(l["Field.EndItem"], Compact: true), new(l["Field.Weapon"], Compact: true), new(l["Field.Usml"], "usml"), new(l["Field.Eccn"], "eccn")],
        [
            .. items.Select(p => Row(p, RegistryKinds.Parts, Localized.Name(p.Name ?? p.Id!, p.NameJa),
                new RegistryCell(l.YesNo(p.EndItem)),
                new RegistryCell(l.YesNo(p.Weapon)),
                new RegistryCell(p.Usml ?? "—"),
                new RegistryCell(p.Eccn ?? "—"))),
        ]);

    public RegistryTable Programs(IReadOnlyList<ProgramRecord> items) => new(
        [new(l["Field.Name"], "name"), new(l["Field.Kind"], "kind", Compact: true), new(l["Field.Partners"])],
        [
            .. items.Select(p => Row(p, RegistryKinds.Programs, ProgramName(p),
                new RegistryCell(l.EnumLabel("ProgramKind", p.Kind)),
                new RegistryCell(string.Join(", ", (p.Partners ?? []).Select(x => l.Country(x.Country)))))),
        ]);

    public async Task<RegistryTable> RequirementsAsync(IReadOnlyList<RequirementRecord> items, CancellationToken ct)
    {
        var programs = await ProgramNamesAsync(items.Select(r => r.ProgramId), ct);
        return new(
            [
                new(l["Field.Title"], "title"), new(l["Field.Program"]), new(l["Field.FundingStatus"], Compact: true), new(l["Field.NeedBy"], "needBy", Compact: true),
                new(l["Field.Quantity"], "quantity", Numeric: true, Compact: true), new(l["Field.Status"], Compact: true),
            ],
            [
                .. items.Select(r => Row(r, RegistryKinds.Requirements, Localized.Name(r.Title?.En ?? r.Id!, r.Title?.Ja),
                    Related(RegistryKinds.Programs, r.ProgramId, programs),
                    new RegistryCell(l.EnumLabel("FundingStatus", r.FundingStatus)),
                    new RegistryCell(Localized.Date(r.NeedBy)),
                    new RegistryCell(Localized.Number(r.Quantity)),
                    new RegistryCell(l.EnumLabel("RequirementStatus", r.Status)))),
            ]);
    }

    public async Task<RegistryTable> AgreementsAsync(IReadOnlyList<AgreementRecord> items, CancellationToken ct)
    {
        var programs = await ProgramNamesAsync(items.Select(a => a.ProgramId), ct);
        return new(
            [new(l["Field.Title"], "title"), new(l["Field.Kind"], "kind"), new(l["Field.Parties"]), new(l["Field.SignedOn"], "signedOn", Compact: true), new(l["Field.Program"])],
            [
                .. items.Select(a => Row(a, RegistryKinds.Agreements, Localized.Name(a.Title?.En ?? a.Id!, a.Title?.Ja),
                    new RegistryCell(l.EnumLabel("AgreementKind", a.Kind)),
                    new RegistryCell(string.Join(", ", (a.Parties ?? []).Select(l.Country))),
                    new RegistryCell(Localized.Date(a.SignedOn)),
                    Related(RegistryKinds.Programs, a.ProgramId, programs))),
            ]);
    }

    public static LocalName OrganizationName(OrganizationRecord o)
    {
        var names = o.Names ?? [];
        var primary = names.FirstOrDefault(n => n.Primary) ?? names.FirstOrDefault();
        return Localized.Name(primary?.Value ?? o.Id!, names.FirstOrDefault(n => n.Lang == "ja")?.Value);
    }

    public static LocalName ProgramName(ProgramRecord p)
    {
        var names = p.Names ?? [];
        var primary = names.FirstOrDefault(n => n.Primary) ?? names.FirstOrDefault();
        return Localized.Name(primary?.Value ?? p.Id!, names.FirstOrDefault(n => n.Lang == "ja")?.Value);
    }

    private static RegistryRow Row(MarkedRecord record, RegistryKind kind, LocalName name, params RegistryCell[] rest) =>
        Row(record, kind, name, null, rest);

    private static RegistryRow Row(MarkedRecord record, RegistryKind kind, LocalName name, string? note, params RegistryCell[] rest) =>
        new(record.Id!, [new RegistryCell(name.Text, kind.DetailPath(record.Id!), name.Lang, note), .. rest],
            record.Marking, record.NeedToKnow, record.Illustrative);

    /// <summary>A link to a related record the reader may read; its bare id when they may not (or it is gone).</summary>
    private static RegistryCell Related(RegistryKind kind, string? id, IReadOnlyDictionary<string, LocalName> names) =>
        id is null ? new RegistryCell("—")
        : names.TryGetValue(id, out var name) ? new RegistryCell(name.Text, kind.DetailPath(id), name.Lang)
        : new RegistryCell(id);

    private async Task<Dictionary<string, LocalName>> OrganizationNamesAsync(IEnumerable<string?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<string>().Distinct().ToList();
        return await db.Organizations.AsNoTracking().Where(o => wanted.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => Localized.Name(o.Name, o.NameJa), ct);
    }

    private async Task<Dictionary<string, LocalName>> ProgramNamesAsync(IEnumerable<string?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<string>().Distinct().ToList();
        return await db.Programs.AsNoTracking().Where(p => wanted.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => Localized.Name(p.Name, p.NameJa), ct);
    }
}
