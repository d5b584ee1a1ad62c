using System.Globalization;
using Musubi.Engines.Network;

namespace Musubi.Core.Features.Network;

/// <summary>
/// Checks what a network question names against the network it is asked of (shared by the service, the web API and
/// the CLI): the item, the unit level, the units to remove, the adversary countries, the number of pairs. Each
/// failure is a <see cref="NetworkValidationException"/> naming the field; an id the reader may not see reads as unknown.
/// </summary>
public static class NetworkQuestions
{
    /// <summary>The unit level when none is given: organizations ("which single company can stop it").</summary>
    public const UnitKind DefaultUnit = UnitKind.Organization;

    public const int DefaultTop = 20;
    public const int MaxTop = 1000;

    /// <summary>The unit level from <c>offer|facility|organization|country|region</c>; empty → <see cref="DefaultUnit"/>.</summary>
    public static UnitKind Unit(string? text, string field = "unit")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultUnit;
        }
        return UnitRef.ParseKind(text) ?? throw new NetworkValidationException(field, $"'{text}' is not a unit level (offer, facility, organization, country, region)");
    }

    /// <summary>How many pairs: 1..<see cref="MaxTop"/>, default <see cref="DefaultTop"/>.</summary>
    public static int Top(int? top, string field = "top") =>
        top switch
        {
            null => DefaultTop,
            < 1 or > MaxTop => throw new NetworkValidationException(field, string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {MaxTop}, got {top}")),
            _ => top.Value,
        };

    /// <summary>Country codes from a comma-separated list (<c>CN,RU</c>); empty → the engine's default list.</summary>
    public static IReadOnlyList<string> Adversaries(IEnumerable<string>? texts, string field = "adversary")
    {
        var codes = (texts ?? [])
            .SelectMany(t => (t ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(c => c.ToUpperInvariant())
            .ToList();
        if (codes.Count == 0)
        {
            return [.. ConcentrationOptions.Default.AdversaryCountries];
        }
        var bad = codes.Where(c => c.Length != 2 || !c.All(char.IsAsciiLetterUpper)).ToList();
        if (bad.Count > 0)
        {
            throw new NetworkValidationException(field, $"'{bad[0]}' is not an ISO 3166-1 alpha-2 country code (e.g. CN,RU,KP,IR)");
        }
        return [.. codes.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The item, which must be a part of the network.</summary>
    public static NetworkPart Item(SupplyNetwork network, string? item, string field = "item")
    {
        if (string.IsNullOrWhiteSpace(item))
        {
            throw new NetworkValidationException(field, "is required: the id of a part (an end item, e.g. from /api/network/items)");
        }
        return network.FindPart(item.Trim()) ?? throw new NetworkValidationException(field, $"unknown part '{item.Trim()}' (not in the network, or not visible to you)");
    }

    /// <summary>The items, each a part of the network; null or empty → null (every end item).</summary>
    public static IReadOnlyList<string>? Items(SupplyNetwork network, IEnumerable<string>? items, string field = "items")
    {
        var list = (items ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0)
        {
            return null;
        }
        var unknown = list.Where(i => network.FindPart(i) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new NetworkValidationException(field, $"unknown part{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))} (not in the network, or not visible to you)");
        }
        return list;
    }

    /// <summary>Units named <c>kind:id</c>, each of which must be in the network.</summary>
    public static IReadOnlyList<UnitRef> Units(SupplyNetwork network, IEnumerable<string>? texts, string field = "remove")
    {
        var units = new List<UnitRef>();
        var problems = new List<string>();
        foreach (var text in texts ?? [])
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (UnitRef.Parse(text.Trim(), out var problem) is not { } unit)
            {
                problems.Add(problem!);
                continue;
            }
            if (Canonical(network, unit) is not { } id)
            {
                problems.Add($"unknown unit '{unit}' (not in the network, or not visible to you)");
                continue;
            }
            if (!units.Contains(unit with { Id = id }))
            {
                units.Add(unit with { Id = id });
            }
        }
        if (problems.Count > 0)
        {
            throw new NetworkValidationException(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [.. problems] });
        }
        return units;
    }

    /// <summary>
    /// The unit's id as the network spells it, or null when the network does not hold it (an offer, facility or
    /// organization by id; a country or region with at least one facility, matched ignoring case).
    /// </summary>
    public static string? Canonical(SupplyNetwork network, UnitRef unit) => unit.Kind switch
    {
        UnitKind.Offer => network.AllOffers.FirstOrDefault(o => string.Equals(o.Id, unit.Id, StringComparison.Ordinal))?.Id,
        UnitKind.Facility => network.AllFacilities.FirstOrDefault(f => string.Equals(f.Id, unit.Id, StringComparison.Ordinal))?.Id,
        UnitKind.Organization => network.AllOrganizations.FirstOrDefault(o => string.Equals(o.Id, unit.Id, StringComparison.Ordinal))?.Id,
        UnitKind.Country => network.AllFacilities.FirstOrDefault(f => string.Equals(f.Country, unit.Id, StringComparison.OrdinalIgnoreCase))?.Country,
        UnitKind.Region => network.AllFacilities.Select(SupplyNetwork.RegionKey).FirstOrDefault(r => string.Equals(r, unit.Id, StringComparison.OrdinalIgnoreCase)),
        _ => null,
    };
}
