namespace Musubi.Core.Features.Generate;

/// <summary>
/// Shape of a synthetic supply-network package. Counts scale linearly with <see cref="Parts"/>; with the
/// defaults (5 tiers, 2 offers per part) a package holds about <c>2.0 × Parts</c> offers,
/// <c>4.7 × Parts</c> offer inputs and <c>3.0 × Parts</c> approved sources.
/// </summary>
public sealed record GeneratorOptions
{
    public int Organizations { get; init; } = 1000;

    public int Parts { get; init; } = 10000;

    /// <summary>Number of BOM levels, end items included (≥ 2). The deepest level holds the leaves.</summary>
    public int Tiers { get; init; } = 5;

    public int Seed { get; init; } = 1;

    /// <summary>Parts at tier 0; 0 = automatic: <c>max(1, Parts / 2000)</c>, at most 50.</summary>
    public int EndItems { get; init; }

    /// <summary>
    /// Mean offers per part (heavy-tailed, 1..62). Every part that is not single-source has at least two qualified
    /// offers, so the effective mean is at least <c>2 − SingleSourceShare</c>; about 10% of offers are unqualified
    /// once the mean is high enough to afford them.
    /// </summary>
    public double OffersPerPart { get; init; } = 2.0;

    /// <summary>Share of parts with exactly one qualified offer.</summary>
    public double SingleSourceShare { get; init; } = 0.15;

    /// <summary>
    /// Mean approved-source rows for an (offer, input) pair that has a restriction (half of the pairs do); each pair
    /// names at most as many sources as the input part has offers, so the realised mean falls short of this when
    /// it approaches <see cref="OffersPerPart"/>. 0 = no approved sources at all.
    /// </summary>
    public double ApprovedSourcesPerInput { get; init; } = 1.5;

    /// <summary>
    /// Share of non-end parts that get one extra input pointing back at a part that consumes them, which closes
    /// a BOM cycle (to exercise cycle detection). When positive, at least one cycle is made.
    /// </summary>
    public double CycleShare { get; init; }
}

public sealed record GeneratorSummary(int Organizations, int Facilities, int Parts, long Offers, long OfferInputs, long ApprovedSources);
