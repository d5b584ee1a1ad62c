namespace Musubi.Core.Features.Import;

/// <summary>
/// The CSV/XLSX view of registry records (docs/formats.md §2): which columns each kind requires and allows,
/// and how a row becomes a record. Parse failures of single cells are reported here; everything else is
/// checked by <see cref="RegistryValidation"/>, the same for every file format.
/// </summary>
internal static class RegistryRows
{
    private static readonly string[] MarkedColumns = ["marking", "need_to_know", "sources", "illustrative"];

    public static readonly string[] OrganizationRequired = ["id", "name", "country", "kind"];
    public static readonly string[] OrganizationOptional = ["parent_id", "name_ja", "cage", "ncage", "uei", "jcn", "lei", "defense_revenue_share", .. MarkedColumns];
    public static readonly string[] FacilityRequired = ["id", "organization_id", "name", "country", "region"];
    public static readonly string[] FacilityOptional = ["name_ja", "address", "latitude", "longitude", .. MarkedColumns];
    public static readonly string[] CapabilityRequired = ["id", "facility_id", "capability_code"];
    public static readonly string[] CapabilityOptional = ["actual_per_month", "max_per_month", "valid_from", "valid_to", "evidence", .. MarkedColumns];
    public static readonly string[] RequirementRequired = ["id", "title_en", "funding_status", "contracting_path"];
    public static readonly string[] RequirementOptional = ["program_id", "capability_codes", "title_ja", "description_en", "description_ja", "quantity", "need_by", "point_of_contact", "status", "published_on", "required_certifications", "milestones", "awarded_organization_id", .. MarkedColumns];
    public static readonly string[] AgreementRequired = ["id", "kind", "title_en"];
    public static readonly string[] AgreementOptional = ["title_ja", "parties", "signed_on", "in_force_on", "program_id", .. MarkedColumns];

    private sealed class Cells(TabularFile file, TabularRow row, RecordSite site, ErrorSink errors)
    {
        public string S(string column) => TabularFile.Get(row, file.Index(column)).Trim();

        public string? N(string column)
        {
            var v = S(column);
            return v.Length == 0 ? null : v;
        }

        /// <summary>The cell, "" when empty; null only when the file has no such column (so the stored value is kept).</summary>
        public string? Present(string column) => file.Has(column) ? S(column) : null;

        public List<string>? L(string column)
        {
            if (!file.Has(column))
            {
                return null;
            }
            var v = S(column);
            return [.. v.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        }

        public decimal? Dec(string column)
        {
            var v = S(column);
            if (v.Length == 0)
            {
                return null;
            }
            if (Values.TryDecimal(v, out var d))
            {
                return d;
            }
            errors.Add(site.File, site.Line, column, $"{Values.Quote(v)} is not a number");
            return null;
        }

        public double? Dbl(string column) => (double?)Dec(column);

        public int? Int(string column)
        {
            var v = S(column);
            if (v.Length == 0)
            {
                return null;
            }
            if (Values.TryInt(v, out var i))
            {
                return i;
            }
            errors.Add(site.File, site.Line, column, $"{Values.Quote(v)} is not a whole number");
            return null;
        }

        public DateOnly? Date(string column)
        {
            var v = S(column);
            if (v.Length == 0)
            {
                return null;
            }
            if (Values.TryDate(v, out var d))
            {
                return d;
            }
            errors.Add(site.File, site.Line, column, $"{Values.Quote(v)} is not a date (yyyy-MM-dd)");
            return null;
        }

        /// <summary>Milestones written <c>kind:YYYY-MM-DD; kind:YYYY-MM-DD</c> (no notes in a cell); null without the column.</summary>
        public List<MilestoneRecord>? Milestones(string column)
        {
            if (L(column) is not { } items)
            {
                return null;
            }
            var result = new List<MilestoneRecord>();
            foreach (var item in items)
            {
                var colon = item.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || !Values.TryDate(item[(colon + 1)..].Trim(), out var date))
                {
                    errors.Add(site.File, site.Line, column, $"'{item}' is not kind:YYYY-MM-DD");
                    continue;
                }
                result.Add(new MilestoneRecord(item[..colon].Trim(), date));
            }
            return result;
        }

        public bool Bool(string column)
        {
            var v = S(column);
            if (Values.TryBool(v, out var b))
            {
                return b;
            }
            errors.Add(site.File, site.Line, column, $"{Values.Quote(v)} is not true or false");
            return false;
        }
    }

    public static OrganizationRecord Organization(TabularFile file, TabularRow row, RecordSite site, ErrorSink errors)
    {
        var c = new Cells(file, row, site, errors);
        var names = new List<NameRecord> { new("en", c.S("name"), true) };
        if (c.N("name_ja") is { } ja)
        {
            names.Add(new NameRecord("ja", ja));
        }
        var identifiers = new List<IdentifierRecord>();
        foreach (var scheme in Registry.Identifiers.Schemes)
        {
            if (c.N(scheme) is { } value)
            {
                identifiers.Add(new IdentifierRecord(scheme, value));
            }
        }
        return new OrganizationRecord
        {
            Id = c.S("id"),
            Kind = c.S("kind"),
            Country = c.S("country"),
            ParentId = c.N("parent_id"),
            Names = names,
            Identifiers = identifiers,
            DefenseRevenueShare = c.Dec("defense_revenue_share"),
            Marking = c.Present("marking"),
            NeedToKnow = c.N("need_to_know"),
            Sources = c.L("sources"),
            Illustrative = c.Bool("illustrative"),
        };
    }

    public static FacilityRecord Facility(TabularFile file, TabularRow row, RecordSite site, ErrorSink errors)
    {
        var c = new Cells(file, row, site, errors);
        return new FacilityRecord
        {
            Id = c.S("id"),
            OrganizationId = c.S("organization_id"),
            Name = c.S("name"),
            NameJa = c.N("name_ja"),
            Address = c.N("address"),
            Country = c.S("country"),
            Region = c.N("region"),
            Latitude = c.Dbl("latitude"),
            Longitude = c.Dbl("longitude"),
            Marking = c.Present("marking"),
            NeedToKnow = c.N("need_to_know"),
            Sources = c.L("sources"),
            Illustrative = c.Bool("illustrative"),
        };
    }

    public static CapabilityRecord Capability(TabularFile file, TabularRow row, RecordSite site, ErrorSink errors)
    {
        var c = new Cells(file, row, site, errors);
        return new CapabilityRecord
        {
            Id = c.S("id"),
            FacilityId = c.S("facility_id"),
            CapabilityCode = c.S("capability_code"),
            ActualPerMonth = c.Dec("actual_per_month"),
            MaxPerMonth = c.Dec("max_per_month"),
            ValidFrom = c.Date("valid_from"),
            ValidTo = c.Date("valid_to"),
            Evidence = c.N("evidence"),
            Marking = c.Present("marking"),
            NeedToKnow = c.N("need_to_know"),
            Sources = c.L("sources"),
            Illustrative = c.Bool("illustrative"),
        };
    }

    public static RequirementRecord Requirement(TabularFile file, TabularRow row, RecordSite site, ErrorSink errors)
    {
        var c = new Cells(file, row, site, errors);
        return new RequirementRecord
        {
            Id = c.S("id"),
            ProgramId = c.N("program_id"),
            CapabilityCodes = c.L("capability_codes"),
            Title = new LocalizedText(c.N("title_en"), c.N("title_ja")),
            Description = new LocalizedText(c.N("description_en"), c.N("description_ja")),
            Quantity = c.Int("quantity"),
            NeedBy = c.Date("need_by"),
            FundingStatus = c.S("funding_status"),
            ContractingPath = c.S("contracting_path"),
            PointOfContact = c.N("point_of_contact"),
            Status = c.N("status"),
            PublishedOn = c.Date("published_on"),
            RequiredCertifications = c.L("required_certifications"),
            Milestones = c.Milestones("milestones"),
            AwardedOrganizationId = c.N("awarded_organization_id"),
            Marking = c.Present("marking"),
            NeedToKnow = c.N("need_to_know"),
            Sources = c.L("sources"),
            Illustrative = c.Bool("illustrative"),
        };
    }

    public static AgreementRecord Agreement(TabularFile file, TabularRow row, RecordSite site, ErrorSink errors)
    {
        var c = new Cells(file, row, site, errors);
        return new AgreementRecord
        {
            Id = c.S("id"),
            Kind = c.S("kind"),
            Title = new LocalizedText(c.N("title_en"), c.N("title_ja")),
            Parties = c.L("parties"),
            SignedOn = c.Date("signed_on"),
            InForceOn = c.Date("in_force_on"),
            ProgramId = c.N("program_id"),
            Marking = c.Present("marking"),
            NeedToKnow = c.N("need_to_know"),
            Sources = c.L("sources"),
            Illustrative = c.Bool("illustrative"),
        };
    }
}
