using Musubi.Core.Data;

namespace Musubi.Core.Features.Registry;

public sealed class Part : MarkedEntity
{
    public required string Name { get; set; }
    public string? NameJa { get; set; }
    public bool EndItem { get; set; }
    /// <summary>Has lethal or destructive capability.</summary>
    public bool Weapon { get; set; }
    /// <summary>USML category, e.g. <c>IV</c> or <c>XI(a)(3)</c>.</summary>
    public string? Usml { get; set; }
    /// <summary>Export Control Classification Number, e.g. <c>9A610.x</c> or <c>EAR99</c>.</summary>
    public string? Eccn { get; set; }
    /// <summary>Row of Japan's Export Trade Control Order, Annexed Table 1.</summary>
    public string? JpControl { get; set; }
    public FiveCategory? FiveCategory { get; set; }
}

/// <summary>A facility makes a part: capacity, lead time, cost and whether the source is qualified.</summary>
public sealed class SourcingOffer : MarkedEntity
{
    public required string PartId { get; set; }
    public Part? Part { get; set; }
    public required string FacilityId { get; set; }
    public Facility? Facility { get; set; }
    public decimal CapacityPerMonth { get; set; }
    public int LeadTimeDays { get; set; }
    public decimal UnitCostUsd { get; set; }
    public bool Qualified { get; set; }

    /// <summary>Months it would take to qualify this offer as a source; null when unknown. Kept on qualified offers.</summary>
    public int? QualificationMonths { get; set; }

    /// <summary>What qualifying this offer as a source would cost, in US dollars; null when unknown.</summary>
    public decimal? QualificationCostUsd { get; set; }
}

/// <summary>An offer consumes <see cref="QuantityPerUnit"/> of an input part for each unit it makes.</summary>
public sealed class OfferInput
{
    public required string OfferId { get; set; }
    public required string InputPartId { get; set; }
    public decimal QuantityPerUnit { get; set; }
}

/// <summary>
/// The offers qualified to feed an offer's input. When an (offer, input) pair has none, any qualified
/// offer of the input part is acceptable.
/// </summary>
public sealed class ApprovedSource
{
    public required string OfferId { get; set; }
    public required string InputPartId { get; set; }
    public required string SourceOfferId { get; set; }
}
