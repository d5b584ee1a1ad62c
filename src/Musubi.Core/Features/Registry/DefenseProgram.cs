using Musubi.Core.Data;

namespace Musubi.Core.Features.Registry;

/// <summary>A cooperative program (co-development, licensed production, FMS case…).</summary>
public sealed class DefenseProgram : MarkedEntity
{
    public ProgramKind Kind { get; set; }
    public required string Name { get; set; }
    public string? NameJa { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionJa { get; set; }
    public List<ProgramPartner> Partners { get; set; } = [];
    public List<ProgramPhase> Phases { get; set; } = [];
    public List<string> EndItemPartIds { get; set; } = [];
    public List<WorkPackage> WorkPackages { get; set; } = [];
}

public sealed class ProgramPartner
{
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string Country { get; set; }
    /// <summary>Share of cost, 0..1.</summary>
    public decimal? CostShare { get; set; }
}

public sealed class ProgramPhase
{
    public required string Name { get; set; }
    public DateOnly? Start { get; set; }
    public DateOnly? End { get; set; }
}

public sealed class WorkPackage
{
    public required string Id { get; set; }
    public required string ProgramId { get; set; }
    public required string Name { get; set; }
    public decimal? CostEstimateUsd { get; set; }
    public List<string> RequiredCapabilities { get; set; } = [];
    public bool Illustrative { get; set; }
}
