using Musubi.Core.Data;

namespace Musubi.Core.Features.Registry;

public sealed class Facility : MarkedEntity
{
    public required string OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public required string Name { get; set; }
    public string? NameJa { get; set; }
    public string? Address { get; set; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string Country { get; set; }
    /// <summary>Prefecture, state or province.</summary>
    public string? Region { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
}

/// <summary>A node of the capability taxonomy (<c>data/taxonomy/capabilities.json</c>).</summary>
public sealed class CapabilityNode : TrackedEntity
{
    public string? ParentId { get; set; }
    public required string LabelEn { get; set; }
    public string? LabelJa { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionJa { get; set; }
}

/// <summary>A facility's capability, with the capacity it has and could reach in a validity window.</summary>
public sealed class FacilityCapability : MarkedEntity
{
    public required string FacilityId { get; set; }
    public Facility? Facility { get; set; }
    public required string CapabilityCode { get; set; }
    public CapabilityNode? Capability { get; set; }
    /// <summary>Units per month produced now.</summary>
    public decimal? ActualPerMonth { get; set; }
    /// <summary>Units per month the facility could reach.</summary>
    public decimal? MaxPerMonth { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public string? Evidence { get; set; }
}
