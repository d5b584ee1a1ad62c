using System.Globalization;
using Musubi.Core.Features.Network;
using Musubi.Engines.Network;
using Musubi.Web.Pages.Registry;

namespace Musubi.Web.Pages.Network;

/// <summary>One segment of a stacked share bar: where it starts and how wide it is, in percent of the bar.</summary>
public sealed record ShareSegment(string Key, string Label, double Share, double Start, int Color, bool Adversary, bool Flagged);

/// <summary>A unit the what-if may remove, for the suggestions list: <c>kind:id</c> and a readable label.</summary>
public sealed record UnitOption(string Value, string Label);

/// <summary>What the network pages share: unit levels, links from units to registry records, numbers, the share bars.</summary>
public static class NetworkPages
{
    /// <summary>The unit levels in the order the form offers them.</summary>
    public static readonly IReadOnlyList<UnitKind> Kinds = [UnitKind.Offer, UnitKind.Facility, UnitKind.Organization, UnitKind.Country, UnitKind.Region];

    /// <summary>How many holders a share bar shows by name; the rest are one "others" segment.</summary>
    public const int SegmentsShown = 5;

    public static string KindName(UnitKind kind) => UnitRef.KindName(kind);

    /// <summary>The kind of a unit name <c>kind:id</c> (the part before the colon).</summary>
    public static string KindOf(string unit)
    {
        var colon = unit.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? "" : unit[..colon];
    }

    /// <summary>The id of a unit name <c>kind:id</c> (the part after the colon).</summary>
    public static string IdOf(string unit)
    {
        var colon = unit.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? unit : unit[(colon + 1)..];
    }

    /// <summary>
    /// The registry page of a unit: an organization's or facility's record, the part record for an offer (offers are
    /// listed on their part), the facilities of the country for a country or region. Null when there is none.
    /// </summary>
    public static string? RegistryPath(string unit, NetworkGraph? graph)
    {
        var id = IdOf(unit);
        return KindOf(unit) switch
        {
            "organization" => RegistryKinds.Organizations.DetailPath(id),
            "facility" => RegistryKinds.Facilities.DetailPath(id),
            "offer" => graph?.Tiers.SelectMany(t => t.Parts).FirstOrDefault(p => p.Offers.Any(o => o.OfferId == id)) is { } part
                ? RegistryKinds.Parts.DetailPath(part.PartId)
                : null,
            "country" => RegistryKinds.Facilities.ListPath + "?country=" + Uri.EscapeDataString(id),
            "region" => RegistryKinds.Facilities.ListPath + "?country=" + Uri.EscapeDataString(id.Split('-')[0]),
            _ => null,
        };
    }

    /// <summary>The anchor of a critical unit's "why" on the page (its position in the list).</summary>
    public static string WhyAnchor(int index) => "why-" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The anchors of the critical units by unit name.</summary>
    public static Dictionary<string, string> WhyAnchors(NetworkGraph graph) =>
        graph.Critical.Select((c, i) => (c.Unit, Anchor: WhyAnchor(i))).ToDictionary(x => x.Unit, x => x.Anchor, StringComparer.Ordinal);

    public static string Capacity(double value) => value.ToString("#,0.##", CultureInfo.CurrentCulture);

    public static string Percent(double share) => share.ToString("P0", CultureInfo.CurrentCulture);

    public static string Hhi(double hhi) => hhi.ToString("#,0", CultureInfo.CurrentCulture);

    /// <summary>A number for an SVG attribute (invariant, one decimal).</summary>
    public static string Svg(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// The segments of a stacked bar: the largest <see cref="SegmentsShown"/> holders by name, then the rest as one
    /// "others" segment (<paramref name="othersLabel"/>). Adversary countries and flagged organizations are marked.
    /// </summary>
    public static IReadOnlyList<ShareSegment> Segments(
        IReadOnlyList<CapacityShare> shares, string othersLabel, Func<CapacityShare, string> label,
        ISet<string>? adversaries = null, ISet<string>? flagged = null)
    {
        var ordered = shares.Where(s => s.Share > 0).OrderByDescending(s => s.Share).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        var segments = new List<ShareSegment>();
        var start = 0.0;
        foreach (var (s, i) in ordered.Take(SegmentsShown).Select((s, i) => (s, i)))
        {
            segments.Add(new ShareSegment(s.Key, label(s), s.Share, start, i, adversaries?.Contains(s.Key) == true, flagged?.Contains(s.Key) == true));
            start += s.Share * 100;
        }
        var rest = ordered.Skip(SegmentsShown).Sum(s => s.Share);
        if (rest > 0)
        {
            segments.Add(new ShareSegment("", othersLabel, rest, start, SegmentsShown, false, false));
        }
        return segments;
    }

    /// <summary>Every unit of the graph's offers at every level, for the what-if's suggestions, in kind then id order.</summary>
    public static IReadOnlyList<UnitOption> UnitOptions(NetworkGraph graph)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in graph.Tiers.SelectMany(t => t.Parts))
        {
            foreach (var o in part.Offers)
            {
                options.TryAdd("country:" + o.Country, o.Country);
                options.TryAdd("region:" + o.Region, o.Region);
                options.TryAdd("organization:" + o.OrganizationId, o.OrganizationName);
                options.TryAdd("facility:" + o.FacilityId, o.FacilityName);
                options.TryAdd("offer:" + o.OfferId, part.Name + " — " + o.FacilityName);
            }
        }
        return [.. options
            .OrderBy(kv => Kinds.ToList().FindIndex(k => KindName(k) == KindOf(kv.Key)))
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new UnitOption(kv.Key, kv.Value))];
    }
}

/// <summary>A stacked share bar: its kind (country or organization), caption, text alternative and segments.</summary>
public sealed record ShareBar(string Kind, string Title, string Summary, IReadOnlyList<ShareSegment> Segments);
