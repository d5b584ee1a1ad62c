namespace Musubi.Engines.Network;

/// <summary>An organization of the network (a failure unit at organization level).</summary>
public sealed record NetworkOrganization(string Id, string Name, string Country);

/// <summary>A facility; its region is the facility's own subdivision (e.g. "AZ", "Aichi", "JP-13").</summary>
public sealed record NetworkFacility(string Id, string OrganizationId, string Name, string Country, string Region);

/// <summary>A part; end items are what the analyses ask about.</summary>
public sealed record NetworkPart(string Id, string Name, bool EndItem);

/// <summary>
/// An offer: a facility makes a part at up to <paramref name="CapacityPerMonth"/>. Only qualified offers supply
/// anything; unqualified ones are the alternatives a what-if may qualify, in <paramref name="QualificationMonths"/>
/// (null: unknown, so it is not counted on for recovery), at <paramref name="QualificationCostUsd"/> (null: unknown).
/// </summary>
public sealed record NetworkOffer(string Id, string PartId, string FacilityId, double CapacityPerMonth, int LeadTimeDays, bool Qualified, int? QualificationMonths = null, double? QualificationCostUsd = null);

/// <summary>Offer <paramref name="OfferId"/> consumes <paramref name="QuantityPerUnit"/> of part <paramref name="PartId"/> per unit it makes.</summary>
public sealed record NetworkInput(string OfferId, string PartId, double QuantityPerUnit);

/// <summary>
/// For offer <paramref name="OfferId"/>'s input <paramref name="InputPartId"/>, offer <paramref name="SourceOfferId"/>
/// is approved. An input without approved-source rows accepts any qualified offer of its part.
/// </summary>
public sealed record NetworkSource(string OfferId, string InputPartId, string SourceOfferId);

/// <summary>The level at which things fail together: losing a unit removes every offer it contains.</summary>
public enum UnitKind
{
    Offer,
    Facility,
    Organization,
    Country,
    Region,
}

/// <summary>A unit named as in the contract: <c>kind:id</c> (<c>organization:ORG123</c>, <c>country:CN</c>, <c>region:JP-Aichi</c>).</summary>
public readonly record struct UnitRef(UnitKind Kind, string Id)
{
    public override string ToString() => $"{KindName(Kind)}:{Id}";

    public static string KindName(UnitKind kind) => kind switch
    {
        UnitKind.Offer => "offer",
        UnitKind.Facility => "facility",
        UnitKind.Organization => "organization",
        UnitKind.Country => "country",
        UnitKind.Region => "region",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Reads <c>offer|facility|organization|country|region</c> (null when it is none of them).</summary>
    public static UnitKind? ParseKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "offer" => UnitKind.Offer,
        "facility" => UnitKind.Facility,
        "organization" or "organisation" or "org" => UnitKind.Organization,
        "country" => UnitKind.Country,
        "region" => UnitKind.Region,
        _ => null,
    };

    /// <summary>Reads <c>kind:id</c>; null with a reason when it is malformed.</summary>
    public static UnitRef? Parse(string text, out string? problem)
    {
        problem = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            problem = $"'{text}' is not kind:id (kinds: offer, facility, organization, country, region)";
            return null;
        }
        if (ParseKind(text[..colon]) is not { } kind)
        {
            problem = $"'{text[..colon]}' is not a unit kind (offer, facility, organization, country, region)";
            return null;
        }
        var id = text[(colon + 1)..].Trim();
        return new UnitRef(kind, kind == UnitKind.Country ? id.ToUpperInvariant() : id);
    }
}

/// <summary>One problem of a network's input: which record (kind and id or position) and which field.</summary>
public sealed record NetworkProblem(string Record, string Field, string Message);

/// <summary>The network's input refers to what is not there or holds impossible values; every problem is listed.</summary>
public sealed class NetworkInputException(IReadOnlyList<NetworkProblem> problems)
    : Exception(problems.Count == 0 ? "invalid network" : string.Join("; ", problems.Take(5).Select(p => $"{p.Record}: {p.Field}: {p.Message}")))
{
    public IReadOnlyList<NetworkProblem> Problems { get; } = problems;
}
