using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Import;

namespace Musubi.Core.Features.Registry;

// The ToLower() calls below run in SQL (lower()), not in .NET: culture rules do not apply to them.
#pragma warning disable CA1304, CA1311

/// <summary>The registry's resources, one per kind; the navigation key for API routes, UI pages and CLI commands.</summary>
public static class RegistryCatalog
{
    private static Dictionary<string, Expression<Func<T, object?>>> Sorts<T>(params (string Name, Expression<Func<T, object?>> Key)[] keys) =>
        keys.ToDictionary(k => k.Name, k => k.Key, StringComparer.Ordinal);

    private static Func<string, Expression<Func<T, bool>>?> EnumFilter<T, TEnum>(Func<TEnum, Expression<Func<T, bool>>> make) where TEnum : struct, Enum =>
        text => EnumText.TryParse<TEnum>(text, out var v) ? make(v) : null;

    public static readonly RegistryResource<Organization, OrganizationRecord> Organizations = new()
    {
        Name = "organizations",
        Query = db => db.Organizations,
        Search = q => e => e.SearchText.Contains(q),
        ByCountry = c => e => e.Country == c,
        ByKind = EnumFilter<Organization, OrganizationKind>(k => e => e.Kind == k),
        Sorts = Sorts<Organization>(("name", e => e.Name), ("country", e => e.Country), ("kind", e => e.Kind), ("updatedAt", e => e.UpdatedAt), ("id", e => e.Id)),
        DefaultSort = "name",
        ToRecord = e => e.ToRecord(),
        Validate = (v, s, r) => v.Organization(s, r),
        Copy = (_, from, to) => EntityCopy.Organization(from, to),
    };

    public static readonly RegistryResource<Facility, FacilityRecord> Facilities = new()
    {
        Name = "facilities",
        Query = db => db.Facilities,
        Search = q => e => e.Name.ToLower().Contains(q) || (e.NameJa != null && e.NameJa.Contains(q)) || e.Id.Contains(q) || (e.Region != null && e.Region.ToLower().Contains(q)),
        ByCountry = c => e => e.Country == c,
        Sorts = Sorts<Facility>(("name", e => e.Name), ("country", e => e.Country), ("region", e => e.Region), ("organizationId", e => e.OrganizationId), ("id", e => e.Id)),
        DefaultSort = "name",
        ToRecord = e => e.ToRecord(),
        Validate = (v, s, r) => v.Facility(s, r),
        Copy = (_, from, to) => EntityCopy.Facility(from, to),
    };

    public static readonly RegistryResource<FacilityCapability, CapabilityRecord> Capabilities = new()
    {
        Name = "capabilities",
        Query = db => db.FacilityCapabilities,
        Search = q => e => e.CapabilityCode.ToLower().Contains(q) || e.FacilityId.Contains(q) || (e.Evidence != null && e.Evidence.ToLower().Contains(q)),
        ByKind = code => e => e.CapabilityCode == code || e.CapabilityCode.StartsWith(code + "."),
        Sorts = Sorts<FacilityCapability>(("capabilityCode", e => e.CapabilityCode), ("facilityId", e => e.FacilityId), ("maxPerMonth", e => e.MaxPerMonth), ("id", e => e.Id)),
        DefaultSort = "capabilityCode",
        ToRecord = e => e.ToRecord(),
        Validate = (v, s, r) => v.Capability(s, r),
        Copy = (_, from, to) => EntityCopy.Capability(from, to),
    };

    public static readonly RegistryResource<Part, PartRecord> Parts = new()
    {
        Name = "parts",
        Query = db => db.Parts,
        Search = q => e => e.Name.ToLower().Contains(q) || (e.NameJa != null && e.NameJa.Contains(q)) || e.Id.Contains(q),
        ByKind = kind => kind switch
        {
            "end_item" => e => e.EndItem,
            "component" => e => !e.EndItem,
            "weapon" => e => e.Weapon,
            _ => null,
        },
        Sorts = Sorts<Part>(("name", e => e.Name), ("usml", e => e.Usml), ("eccn", e => e.Eccn), ("id", e => e.Id)),
        DefaultSort = "name",
        ToRecord = e => e.ToRecord(),
        Validate = (v, s, r) => v.Part(s, r),
        Copy = (_, from, to) => EntityCopy.Part(from, to),
    };

    public static readonly RegistryResource<DefenseProgram, ProgramRecord> Programs = new()
    {
        Name = "programs",
        Query = db => db.Programs.Include(p => p.WorkPackages),
        Search = q => e => e.Name.ToLower().Contains(q) || (e.NameJa != null && e.NameJa.Contains(q)) || e.Id.Contains(q),
        ByKind = EnumFilter<DefenseProgram, ProgramKind>(k => e => e.Kind == k),
        Sorts = Sorts<DefenseProgram>(("name", e => e.Name), ("kind", e => e.Kind), ("id", e => e.Id)),
        DefaultSort = "name",
        ToRecord = e => e.ToRecord(),
        Validate = (v, s, r) => v.Program(s, r),
        Copy = (db, from, to) => EntityCopy.Program(db, from, to),
    };

    public static readonly RegistryResource<Requirement, RequirementRecord> Requirements = new()
    {
        Name = "requirements",
        Query = db => db.Requirements,
        Search = q => e => e.TitleEn.ToLower().Contains(q) || (e.TitleJa != null && e.TitleJa.Contains(q)) || e.Id.Contains(q),
        ByKind = EnumFilter<Requirement, FundingStatus>(k => e => e.FundingStatus == k),
        ByProgram = p => e => e.ProgramId == p,
        Sorts = Sorts<Requirement>(("needBy", e => e.NeedBy), ("title", e => e.TitleEn), ("publishedOn", e => e.PublishedOn), ("quantity", e => e.Quantity), ("id", e => e.Id)),
        DefaultSort = "needBy",
        ToRecord = e => e.ToRecord(),
        Validate = (v, s, r) => v.Requirement(s, r),
        Copy = (_, from, to) => EntityCopy.Requirement(from, to),
    };

    public static readonly RegistryResource<Agreement, AgreementRecord> Agreements = new()
    {
        Name = "agreements",
        Query = db => db.Agreements,
        Search = q => e => e.TitleEn.ToLower().Contains(q) || (e.TitleJa != null && e.TitleJa.Contains(q)) || e.Id.Contains(q),
        ByKind = EnumFilter<Agreement, AgreementKind>(k => e => e.Kind == k),
        ByProgram = p => e => e.ProgramId == p,
        Sorts = Sorts<Agreement>(("signedOn", e => e.SignedOn), ("title", e => e.TitleEn), ("kind", e => e.Kind), ("id", e => e.Id)),
        DefaultSort = "signedOn",
        ToRecord = e => e.ToRecord(),
        Validate = (v, s, r) => v.Agreement(s, r),
        Copy = (_, from, to) => EntityCopy.Agreement(from, to),
    };
}
