namespace Musubi.Core.Features.Import;

// The shapes of registry records in files (docs/formats.md §2). JSON maps onto them directly;
// CSV and XLSX rows are flattened views that RegistryRows maps onto them.

public sealed record LocalizedText(string? En, string? Ja);

public sealed record NameRecord(string Lang, string Value, bool Primary = false);

public sealed record IdentifierRecord(string Scheme, string Value);

public sealed record CertificationRecord(string Kind, string? Level, DateOnly? ValidFrom, DateOnly? ValidTo);

public abstract record MarkedRecord
{
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string? Id { get; init; }
    public string? Marking { get; init; }
    public string? NeedToKnow { get; init; }
    public List<string>? Sources { get; init; }
    public bool Illustrative { get; init; }
}

public sealed record OrganizationRecord : MarkedRecord
{
    public string? Kind { get; init; }
    public string? Country { get; init; }
    public string? ParentId { get; init; }
    public List<NameRecord>? Names { get; init; }
    public List<IdentifierRecord>? Identifiers { get; init; }
    public List<CertificationRecord>? Certifications { get; init; }
    public decimal? DefenseRevenueShare { get; init; }
}

public sealed record FacilityRecord : MarkedRecord
{
    public string? OrganizationId { get; init; }
    public string? Name { get; init; }
    public string? NameJa { get; init; }
    public string? Address { get; init; }
    public string? Country { get; init; }
    public string? Region { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
}

public sealed record CapabilityRecord : MarkedRecord
{
    public string? FacilityId { get; init; }
    public string? CapabilityCode { get; init; }
    public decimal? ActualPerMonth { get; init; }
    public decimal? MaxPerMonth { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    public string? Evidence { get; init; }
}

public sealed record PartnerRecord(string Country, decimal? CostShare);

public sealed record PhaseRecord(string Name, DateOnly? Start, DateOnly? End);

public sealed record WorkPackageRecord(string Id, string Name, decimal? CostEstimateUsd, List<string>? RequiredCapabilities, bool Illustrative = false);

public sealed record ProgramRecord : MarkedRecord
{
    public string? Kind { get; init; }
    public List<NameRecord>? Names { get; init; }
    public LocalizedText? Description { get; init; }
    public List<PartnerRecord>? Partners { get; init; }
    public List<PhaseRecord>? Phases { get; init; }
    public List<string>? EndItemPartIds { get; init; }
    public List<WorkPackageRecord>? WorkPackages { get; init; }
}

/// <summary>A requirement milestone in a file: kind (sources_sought, industry_day, solicitation, proposals_due, award, first_delivery), date, note.</summary>
public sealed record MilestoneRecord(string? Kind, DateOnly? Date, string? Note = null);

public sealed record RequirementRecord : MarkedRecord
{
    public string? ProgramId { get; init; }
    public List<string>? CapabilityCodes { get; init; }
    public LocalizedText? Title { get; init; }
    public LocalizedText? Description { get; init; }
    public int? Quantity { get; init; }
    public DateOnly? NeedBy { get; init; }
    public string? FundingStatus { get; init; }
    public string? ContractingPath { get; init; }
    public string? PointOfContact { get; init; }
    public string? Status { get; init; }
    public DateOnly? PublishedOn { get; init; }
    public List<string>? RequiredCertifications { get; init; }
    public List<MilestoneRecord>? Milestones { get; init; }
    public string? AwardedOrganizationId { get; init; }
}

public sealed record AgreementRecord : MarkedRecord
{
    public string? Kind { get; init; }
    public LocalizedText? Title { get; init; }
    public List<string>? Parties { get; init; }
    public DateOnly? SignedOn { get; init; }
    public DateOnly? InForceOn { get; init; }
    public string? ProgramId { get; init; }
}

public sealed record TaxonomyRecord(string? Code, string? Parent, LocalizedText? Label, LocalizedText? Description);

public sealed record PrincipalRecord(string? Id, string? Name, string? Nationality, string? OrganizationId,
    List<string>? Roles, List<MembershipRecord>? Memberships, bool CuiAccess, bool Federal, bool Disabled = false);

/// <summary>Membership of a program from <c>from</c> (inclusive) until <c>to</c> (exclusive; open when absent).</summary>
public sealed record MembershipRecord(string? Program, DateOnly? From, DateOnly? To);

public sealed record PartRecord : MarkedRecord
{
    public string? Name { get; init; }
    public string? NameJa { get; init; }
    public bool EndItem { get; init; }
    public bool Weapon { get; init; }
    public string? Usml { get; init; }
    public string? Eccn { get; init; }
    public string? JpControl { get; init; }
    public string? FiveCategory { get; init; }
}
