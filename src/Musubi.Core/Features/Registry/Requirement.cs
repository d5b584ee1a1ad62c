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
    /// <summary>Certification kinds a supplier must hold, valid on the need date (e.g. <c>AS9100</c>, <c>JIS Q 9100</c>).</summary>
    public List<string> RequiredCertifications { get; set; } = [];
    /// <summary>The contracting milestones (sources sought, solicitation, award, first delivery…), stored as JSON.</summary>
    public List<RequirementMilestone> Milestones { get; set; } = [];
    /// <summary>The organization the requirement was awarded to, when it was.</summary>
    public string? AwardedOrganizationId { get; set; }
}

/// <summary>One contracting milestone of a requirement: its kind (<see cref="MilestoneKinds"/>), date and an optional note.</summary>
public sealed class RequirementMilestone
{
    public required string Kind { get; set; }
    public DateOnly Date { get; set; }
    public string? Note { get; set; }
}

/// <summary>The kinds of requirement milestone, in the order a contracting action passes them.</summary>
public static class MilestoneKinds
{
    public const string SourcesSought = "sources_sought";
    public const string IndustryDay = "industry_day";
    public const string Solicitation = "solicitation";
    public const string ProposalsDue = "proposals_due";
    public const string Award = "award";
    public const string FirstDelivery = "first_delivery";

    /// <summary>Every kind, in contracting order.</summary>
    public static readonly IReadOnlyList<string> All = [SourcesSought, IndustryDay, Solicitation, ProposalsDue, Award, FirstDelivery];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
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
