using Musubi.Core.Features.Import;

namespace Musubi.Core.Features.Export;

/// <summary>Flattens records into the CSV/XLSX columns of docs/formats.md — the inverse of the import's row mapping.</summary>
internal static class RegistryTables
{
    public static string[] Columns(ImportKind kind) => kind switch
    {
        ImportKind.Organizations => [.. RegistryRows.OrganizationRequired, .. RegistryRows.OrganizationOptional],
        ImportKind.Facilities => [.. RegistryRows.FacilityRequired, .. RegistryRows.FacilityOptional],
        ImportKind.Capabilities => [.. RegistryRows.CapabilityRequired, .. RegistryRows.CapabilityOptional],
        ImportKind.Requirements => [.. RegistryRows.RequirementRequired, .. RegistryRows.RequirementOptional],
        ImportKind.Agreements => [.. RegistryRows.AgreementRequired, .. RegistryRows.AgreementOptional],
        ImportKind.Parts => [.. PackageRows.PartRequired, .. PackageRows.PartOptional],
        ImportKind.Offers => [.. PackageRows.OfferRequired, .. PackageRows.OfferOptional],
        ImportKind.OfferInputs => PackageRows.OfferInputRequired,
        ImportKind.ApprovedSources => PackageRows.ApprovedSourceRequired,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a tabular kind"),
    };

    private static Dictionary<string, string> Marked(MarkedRecord r) => new(StringComparer.Ordinal)
    {
        ["id"] = r.Id ?? "",
        ["marking"] = r.Marking ?? "",
        ["need_to_know"] = r.NeedToKnow ?? "",
        ["sources"] = string.Join("; ", r.Sources ?? []),
        ["illustrative"] = Values.Format(r.Illustrative),
    };

    public static Dictionary<string, string> Row(OrganizationRecord r)
    {
        var row = Marked(r);
        row["kind"] = r.Kind ?? "";
        row["country"] = r.Country ?? "";
        row["parent_id"] = r.ParentId ?? "";
        row["name"] = r.Names?.FirstOrDefault(n => n.Primary)?.Value ?? r.Names?.FirstOrDefault()?.Value ?? "";
        row["name_ja"] = r.Names?.FirstOrDefault(n => n.Lang == "ja")?.Value ?? "";
        foreach (var scheme in Registry.Identifiers.Schemes)
        {
            row[scheme] = r.Identifiers?.FirstOrDefault(i => i.Scheme == scheme)?.Value ?? "";
        }
        row["defense_revenue_share"] = Values.Format(r.DefenseRevenueShare);
        return row;
    }

    public static Dictionary<string, string> Row(FacilityRecord r)
    {
        var row = Marked(r);
        row["organization_id"] = r.OrganizationId ?? "";
        row["name"] = r.Name ?? "";
        row["name_ja"] = r.NameJa ?? "";
        row["address"] = r.Address ?? "";
        row["country"] = r.Country ?? "";
        row["region"] = r.Region ?? "";
        row["latitude"] = Values.Format(r.Latitude);
        row["longitude"] = Values.Format(r.Longitude);
        return row;
    }

    public static Dictionary<string, string> Row(CapabilityRecord r)
    {
        var row = Marked(r);
        row["facility_id"] = r.FacilityId ?? "";
        row["capability_code"] = r.CapabilityCode ?? "";
        row["actual_per_month"] = Values.Format(r.ActualPerMonth);
        row["max_per_month"] = Values.Format(r.MaxPerMonth);
        row["valid_from"] = Values.Format(r.ValidFrom);
        row["valid_to"] = Values.Format(r.ValidTo);
        row["evidence"] = r.Evidence ?? "";
        return row;
    }

    public static Dictionary<string, string> Row(RequirementRecord r)
    {
        var row = Marked(r);
        row["program_id"] = r.ProgramId ?? "";
        row["capability_codes"] = string.Join("; ", r.CapabilityCodes ?? []);
        row["title_en"] = r.Title?.En ?? "";
        row["title_ja"] = r.Title?.Ja ?? "";
        row["description_en"] = r.Description?.En ?? "";
        row["description_ja"] = r.Description?.Ja ?? "";
        row["quantity"] = Values.Format(r.Quantity);
        row["need_by"] = Values.Format(r.NeedBy);
        row["funding_status"] = r.FundingStatus ?? "";
        row["contracting_path"] = r.ContractingPath ?? "";
        row["point_of_contact"] = r.PointOfContact ?? "";
        row["status"] = r.Status ?? "";
        row["published_on"] = Values.Format(r.PublishedOn);
        row["required_certifications"] = string.Join("; ", r.RequiredCertifications ?? []);
        row["milestones"] = string.Join("; ", (r.Milestones ?? []).Select(m => m.Kind + ":" + Values.Format(m.Date)));
        row["awarded_organization_id"] = r.AwardedOrganizationId ?? "";
        return row;
    }

    public static Dictionary<string, string> Row(AgreementRecord r)
    {
        var row = Marked(r);
        row["kind"] = r.Kind ?? "";
        row["title_en"] = r.Title?.En ?? "";
        row["title_ja"] = r.Title?.Ja ?? "";
        row["parties"] = string.Join("; ", r.Parties ?? []);
        row["signed_on"] = Values.Format(r.SignedOn);
        row["in_force_on"] = Values.Format(r.InForceOn);
        row["program_id"] = r.ProgramId ?? "";
        return row;
    }
}
