namespace Musubi.Engines.Network;

/// <summary>One holder's share of a part's or tier's qualified capacity (a country or an organization).</summary>
public sealed record CapacityShare(string Key, string Name, double CapacityPerMonth, double Share);

/// <summary>
/// Concentration of one part upstream of an item. Tier: the fewest bill-of-materials steps from the item (the item is
/// tier 0). Shares are of qualified capacity per month. HHI is the Herfindahl–Hirschman index on 0–10,000 (Σ share²,
/// shares in percent). Single-source: one organization holds all qualified capacity while others make the part
/// unqualified; sole-source: one organization makes the part at all.
/// </summary>
public sealed record PartConcentration(
    string PartId,
    string Name,
    int Tier,
    int QualifiedOffers,
    int Offers,
    int Organizations,
    double CapacityPerMonth,
    double HhiByOrganization,
    double HhiByCountry,
    bool SingleSource,
    bool SoleSource,
    double AdversaryShare,
    double FlaggedShare,
    IReadOnlyList<CapacityShare> ByCountry,
    IReadOnlyList<CapacityShare> ByOrganization);

/// <summary>Concentration of one tier: its parts' qualified capacity pooled.</summary>
public sealed record TierConcentration(
    int Tier,
    int Parts,
    double CapacityPerMonth,
    double HhiByOrganization,
    double HhiByCountry,
    int SingleSourceParts,
    int SoleSourceParts,
    double AdversaryShare,
    double FlaggedShare,
    IReadOnlyList<CapacityShare> ByCountry,
    IReadOnlyList<CapacityShare> ByOrganization);

/// <summary>
/// What concentration counts as exposure: capacity in these countries (ISO alpha-2) is the adversary share, and
/// capacity of these organizations (e.g. with screening hits) the flagged share.
/// </summary>
public sealed record ConcentrationOptions(IReadOnlyCollection<string> AdversaryCountries, IReadOnlyCollection<string> FlaggedOrganizations)
{
    /// <summary>The default adversary list: the countries under U.S. ITAR §126.1 arms embargo that also appear in the demo's supply data — China, Russia, North Korea, Iran.</summary>
    public static readonly ConcentrationOptions Default = new(["CN", "RU", "KP", "IR"], []);
}

/// <summary>The concentration of an item's whole network, per tier and per part.</summary>
public sealed record ConcentrationResult(
    string Item,
    IReadOnlyList<string> AdversaryCountries,
    IReadOnlyList<TierConcentration> Tiers,
    IReadOnlyList<PartConcentration> Parts,
    NetworkStats Stats);

/// <summary>A part's qualified capacity per month before and after a disruption (offers lost directly or left without inputs).</summary>
public sealed record PartImpact(string PartId, string Name, double CapacityBefore, double CapacityAfter, double LostShare, int OffersLost);

/// <summary>
/// An end item before and after a disruption. Maximum monthly output is the steady-state maximum (a linear program
/// over capacities and quantities per unit), filled in by the optimization engine; null when not computed. Recovery:
/// the fewest months until the item is producible again by qualifying unqualified offers that survive (each takes
/// its qualification lead time), with the offers to qualify; null when qualification cannot restore it.
/// </summary>
public sealed record ItemImpact(
    string PartId,
    string Name,
    bool ProducibleBefore,
    bool ProducibleAfter,
    double? MaxMonthlyBefore,
    double? MaxMonthlyAfter,
    int? RecoveryMonths,
    IReadOnlyList<string> Qualify);

/// <summary>The answer to "what if these units are lost".</summary>
public sealed record DisruptionResult(
    IReadOnlyList<string> Removed,
    int OffersRemoved,
    IReadOnlyList<ItemImpact> Items,
    IReadOnlyList<PartImpact> Parts,
    NetworkStats Stats);
