using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Features.Import;

/// <summary>The kinds of record a reference can point at.</summary>
internal enum RefKind { Organization, Facility, Capability, Program, Part, Offer }

/// <summary>A reference from one record to another, checked once every file has been read.</summary>
internal sealed record Reference(RecordSite Site, string Field, RefKind Kind, string Id);

/// <summary>
/// Turns records (from JSON, CSV or XLSX alike) into entities, reporting every field that breaks a rule and
/// collecting the references that must resolve. The entities are not attached to any context.
/// </summary>
internal sealed partial class RegistryValidation(ErrorSink errors)
{
    public List<Reference> References { get; } = [];

    private string? Id(RecordSite site, string? id)
    {
        if (!Values.IsId(id))
        {
            site.Error(errors, "id", $"'{id}' {Values.IdRule}");
            return null;
        }
        return id;
    }

    private void Ref(RecordSite site, string field, RefKind kind, string? id)
    {
        if (id is null)
        {
            return;
        }
        if (!Values.IsId(id))
        {
            site.Error(errors, field, $"'{id}' {Values.IdRule}");
            return;
        }
        References.Add(new Reference(site, field, kind, id));
    }

    private string Country(RecordSite site, string field, string? code)
    {
        var c = code?.Trim().ToUpperInvariant() ?? "";
        if (!Countries.IsAlpha2(c))
        {
            site.Error(errors, field, $"'{code}' is not an ISO 3166-1 alpha-2 country code");
        }
        return c;
    }

    private T Enum<T>(RecordSite site, string field, string? text, T fallback) where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (EnumText.TryParse<T>(text, out var value))
        {
            return value;
        }
        site.Error(errors, field, $"'{text}' is not one of {EnumText.Allowed<T>()}");
        return fallback;
    }

    private void NotNegative(RecordSite site, string field, decimal? value)
    {
        if (value < 0)
        {
            site.Error(errors, field, $"must be ≥ 0, got {Values.Format(value)}");
        }
    }

    private string Required(RecordSite site, string field, string? value, int maxLength = 300)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            site.Error(errors, field, "is required");
            return "";
        }
        if (value.Length > maxLength)
        {
            site.Error(errors, field, $"is longer than {maxLength} characters");
        }
        return value.Trim();
    }

    private void Marked(RecordSite site, MarkedRecord record, Data.MarkedEntity entity)
    {
        var marking = Marking.TryParse(record.Marking, record.NeedToKnow, out var error);
        if (marking is null)
        {
            site.Error(errors, "marking", error!);
        }
        else
        {
            entity.Marking = marking;
            Ref(site, "needToKnow", RefKind.Program, marking.NeedToKnow);
        }
        entity.MarkingUnspecified = record.Marking is null && record.NeedToKnow is null;
        entity.Sources = record.Sources?.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList() ?? [];
        entity.SourcesUnspecified = record.Sources is null;
        entity.Illustrative = record.Illustrative;
    }

    public Organization? Organization(RecordSite site, OrganizationRecord r)
    {
        var id = Id(site, r.Id);
        var names = new List<OrganizationName>();
        foreach (var n in r.Names ?? [])
        {
            if (n is null)
            {
                // A JSON null in the list (an API body can send one): an input error, not a crash.
                site.Error(errors, "names", "an entry is null");
                continue;
            }
            if (string.IsNullOrWhiteSpace(n.Value) || string.IsNullOrWhiteSpace(n.Lang))
            {
                site.Error(errors, "names", "every name needs a lang and a value");
                continue;
            }
            names.Add(new OrganizationName { Lang = n.Lang.Trim(), Value = n.Value.Trim(), Primary = n.Primary });
        }
        if (names.Count == 0)
        {
            site.Error(errors, site.SnakeCase ? "name" : "names", "an organization needs at least one name");
        }
        if (names.Count(n => n.Primary) > 1)
        {
            site.Error(errors, "names", "only one name can be primary");
        }
        var identifiers = new List<OrganizationIdentifier>();
        foreach (var i in r.Identifiers ?? [])
        {
            if (i is null)
            {
                // A JSON null in the list (an API body can send one): an input error, not a crash.
                site.Error(errors, "identifiers", "an entry is null");
                continue;
            }
            var scheme = i.Scheme?.Trim().ToLowerInvariant() ?? "";
            var value = i.Value?.Trim().ToUpperInvariant() ?? "";
            if (Registry.Identifiers.Validate(scheme, value) is { } problem)
            {
                site.Error(errors, site.SnakeCase ? scheme : "identifiers", problem);
                continue;
            }
            identifiers.Add(new OrganizationIdentifier { Scheme = scheme, Value = value });
        }
        var certifications = new List<Certification>();
        foreach (var c in r.Certifications ?? [])
        {
            if (c is null)
            {
                // A JSON null in the list (an API body can send one): an input error, not a crash.
                site.Error(errors, "certifications", "an entry is null");
                continue;
            }
            if (string.IsNullOrWhiteSpace(c.Kind))
            {
                site.Error(errors, "certifications", "every certification needs a kind");
                continue;
            }
            if (c.ValidFrom > c.ValidTo)
            {
                site.Error(errors, "certifications", $"{c.Kind}: validFrom is after validTo");
            }
            certifications.Add(new Certification { Kind = c.Kind.Trim(), Level = c.Level, ValidFrom = c.ValidFrom, ValidTo = c.ValidTo });
        }
        if (r.DefenseRevenueShare is < 0 or > 1)
        {
            site.Error(errors, "defenseRevenueShare", "must be between 0 and 1");
        }
        if (r.ParentId is not null && r.ParentId == r.Id)
        {
            site.Error(errors, "parentId", "an organization cannot be its own parent");
        }
        Ref(site, "parentId", RefKind.Organization, r.ParentId);
        var entity = new Organization
        {
            Id = id ?? "",
            Kind = Enum(site, "kind", r.Kind, OrganizationKind.Supplier),
            Country = Country(site, "country", r.Country),
            ParentId = r.ParentId,
            Name = names.FirstOrDefault()?.Value ?? "",
            Names = names,
            Identifiers = identifiers,
            Certifications = certifications,
            DefenseRevenueShare = r.DefenseRevenueShare,
            NamesPartial = site.SnakeCase,
        };
        if (string.IsNullOrWhiteSpace(r.Kind))
        {
            site.Error(errors, "kind", $"is required ({EnumText.Allowed<OrganizationKind>()})");
        }
        Marked(site, r, entity);
        entity.SyncNames();
        return id is null ? null : entity;
    }

    public Facility? Facility(RecordSite site, FacilityRecord r)
    {
        var id = Id(site, r.Id);
        Ref(site, "organizationId", RefKind.Organization, Required(site, "organizationId", r.OrganizationId, 64));
        if (r.Latitude is < -90 or > 90)
        {
            site.Error(errors, "latitude", "must be between -90 and 90");
        }
        if (r.Longitude is < -180 or > 180)
        {
            site.Error(errors, "longitude", "must be between -180 and 180");
        }
        var entity = new Facility
        {
            Id = id ?? "",
            OrganizationId = r.OrganizationId ?? "",
            Name = Required(site, "name", r.Name),
            NameJa = r.NameJa,
            Address = r.Address,
            Country = Country(site, "country", r.Country),
            Region = r.Region,
            Latitude = r.Latitude,
            Longitude = r.Longitude,
        };
        Marked(site, r, entity);
        return id is null ? null : entity;
    }

    public FacilityCapability? Capability(RecordSite site, CapabilityRecord r)
    {
        var id = Id(site, r.Id);
        Ref(site, "facilityId", RefKind.Facility, Required(site, "facilityId", r.FacilityId, 64));
        Ref(site, "capabilityCode", RefKind.Capability, Required(site, "capabilityCode", r.CapabilityCode, 64));
        NotNegative(site, "actualPerMonth", r.ActualPerMonth);
        NotNegative(site, "maxPerMonth", r.MaxPerMonth);
        if (r.ActualPerMonth > r.MaxPerMonth)
        {
            site.Error(errors, "actualPerMonth", "is more than maxPerMonth");
        }
        if (r.ValidFrom > r.ValidTo)
        {
            site.Error(errors, "validFrom", "is after validTo");
        }
        var entity = new FacilityCapability
        {
            Id = id ?? "",
            FacilityId = r.FacilityId ?? "",
            CapabilityCode = r.CapabilityCode ?? "",
            ActualPerMonth = r.ActualPerMonth,
            MaxPerMonth = r.MaxPerMonth,
            ValidFrom = r.ValidFrom,
            ValidTo = r.ValidTo,
            Evidence = r.Evidence,
        };
        Marked(site, r, entity);
        return id is null ? null : entity;
    }
}
