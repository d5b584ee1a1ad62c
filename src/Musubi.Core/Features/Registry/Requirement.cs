using Musubi.Core.Data;

namespace Musubi.Core.Features.Registry;

/// <summary>A demand signal: a requirement a program publishes, with funding and contracting path.</summary>
public sealed class Requirement : MarkedEntity
{
    public string? ProgramId { get; set; }
    public DefenseProgram? Program { get; set; }
    public List<string> CapabilityCodes { get; set; } = [];
    public required string TitleEn { get; set; }
    public string? TitleJa { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionJa { get; set; }
    public int? Quantity { get; set; }
    public DateOnly? NeedBy { get; set; }
    public FundingStatus FundingStatus { get; set; }
    public ContractingPath ContractingPath { get; set; }
    public string? PointOfContact { get; set; }
    public RequirementStatus Status { get; set; }
    public DateOnly? PublishedOn { get; set; }
}

public sealed class Agreement : MarkedEntity
{
    public AgreementKind Kind { get; set; }
    public required string TitleEn { get; set; }
    public string? TitleJa { get; set; }
    /// <summary>ISO 3166-1 alpha-2 codes of the parties.</summary>
    public List<string> Parties { get; set; } = [];
    public DateOnly? SignedOn { get; set; }
    public DateOnly? InForceOn { get; set; }
    public string? ProgramId { get; set; }
}
