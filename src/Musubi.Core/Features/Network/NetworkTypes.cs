using Musubi.Engines.Network;

namespace Musubi.Core.Features.Network;

/// <summary>The audit event types of the network analyses.</summary>
public static class NetworkAuditTypes
{
    /// <summary>One analysis of the registry's supply network (critical, pairs, concentration, disrupt, graph, briefing).</summary>
    public const string Analyzed = "network.analyzed";
}

/// <summary>A network question cannot be answered as asked: the errors name each field (a 400 on the web, exit 2 in the CLI).</summary>
public sealed class NetworkValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join("; ", errors.Select(e => e.Key + ": " + string.Join(", ", e.Value))))
{
    public NetworkValidationException(string field, string message)
        : this(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>A unit critical to two or more of a program's end items.</summary>
public sealed record SharedCriticalUnit(string Unit, string Name, IReadOnlyList<string> Items);

/// <summary>
/// The critical units of every end item of a program: one result per end item in the reader's network, the end items
/// the reader's network lacks, and the units that stop more than one of them.
/// </summary>
public sealed record ProgramCritical(
    string Program,
    string Name,
    string Unit,
    IReadOnlyList<CriticalResult> Items,
    IReadOnlyList<string> EndItemsNotInNetwork,
    IReadOnlyList<SharedCriticalUnit> Shared);

/// <summary>An end item of the network the reader may see.</summary>
public sealed record NetworkItem(string PartId, string Name, bool Producible, int Offers, int QualifiedOffers);

/// <summary>The end items a reader may see, and how many visible offers were left out because their part or facility is hidden from them.</summary>
public sealed record NetworkItems(IReadOnlyList<NetworkItem> Items, int HiddenOffers, int Offers, int Parts);

/// <summary>
/// One offer of a part in the graph: where it is made, by whom, how much; whether it is qualified and producing now;
/// its failure unit at the asked level and whether that unit is critical for the item.
/// </summary>
public sealed record GraphOffer(
    string OfferId,
    string FacilityId,
    string FacilityName,
    string OrganizationId,
    string OrganizationName,
    string Country,
    string Region,
    double CapacityPerMonth,
    bool Qualified,
    bool Producing,
    string Unit,
    bool Critical);

/// <summary>A part upstream of the item: its tier (fewest bill-of-materials steps from the item; the item is 0), its inputs (part ids) and offers.</summary>
public sealed record GraphPart(string PartId, string Name, int Tier, bool Producing, IReadOnlyList<string> Inputs, IReadOnlyList<GraphOffer> Offers);

/// <summary>A tier of the graph: its parts, in id order.</summary>
public sealed record GraphTier(int Tier, IReadOnlyList<GraphPart> Parts);

/// <summary>
/// The network of one item for the UI: tiers of parts with their offers, the critical units at the asked level (with
/// why, as <see cref="CriticalUnits.Find"/> gives them), cycles, and how many visible offers were left out because
/// their part or facility is hidden.
/// </summary>
public sealed record NetworkGraph(
    string Item,
    string ItemName,
    string Unit,
    bool Producible,
    IReadOnlyList<GraphTier> Tiers,
    IReadOnlyList<CriticalUnit> Critical,
    IReadOnlyList<IReadOnlyList<string>> Cycles,
    int HiddenOffers);
