using Musubi.Core.Data;

namespace Musubi.Core.Features.Registry;

public sealed class Organization : MarkedEntity
{
    public OrganizationKind Kind { get; set; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string Country { get; set; }
    public string? ParentId { get; set; }
    public Organization? Parent { get; set; }
    /// <summary>The primary name, kept equal to the name flagged primary in <see cref="Names"/>.</summary>
    public required string Name { get; set; }
    /// <summary>The Japanese name, when there is one (kept from <see cref="Names"/>).</summary>
    public string? NameJa { get; set; }
    /// <summary>Every name and identifier folded to lower case, for search.</summary>
    public string SearchText { get; set; } = "";
    public List<OrganizationName> Names { get; set; } = [];
    public List<OrganizationIdentifier> Identifiers { get; set; } = [];
    public List<Certification> Certifications { get; set; } = [];
    /// <summary>
    /// Set on an incoming record (never stored) read from CSV or XLSX, whose columns carry only the primary and the
    /// Japanese name: an upsert then keeps the other names already stored instead of dropping them.
    /// </summary>
    public bool NamesPartial { get; set; }

    /// <summary>Share of revenue from defense, 0..1, when known.</summary>
    public decimal? DefenseRevenueShare { get; set; }

    /// <summary>Recomputes <see cref="Name"/>, <see cref="NameJa"/> and <see cref="SearchText"/> from the name list.</summary>
    public void SyncNames()
    {
        var primary = Names.FirstOrDefault(n => n.Primary) ?? Names.FirstOrDefault();
        if (primary is not null)
        {
            Name = primary.Value;
            foreach (var n in Names)
            {
                n.Primary = ReferenceEquals(n, primary);
            }
        }
        NameJa = Names.FirstOrDefault(n => n.Lang == "ja")?.Value;
        SearchText = string.Join(" | ", Names.Select(n => n.Value).Concat(Identifiers.Select(i => i.Value)).Append(Id))
            .ToLowerInvariant();
    }
}

/// <summary>One name of an organization in one language or script (<c>en</c>, <c>ja</c>, <c>ja-Latn</c>, <c>zh</c>, <c>ru</c>, <c>ko</c>…).</summary>
public sealed class OrganizationName
{
    public required string Lang { get; set; }
    public required string Value { get; set; }
    public bool Primary { get; set; }
}

public sealed class OrganizationIdentifier
{
    /// <summary><c>cage</c>, <c>ncage</c>, <c>uei</c>, <c>jcn</c> or <c>lei</c>; see <see cref="Identifiers"/>.</summary>
    public required string Scheme { get; set; }
    public required string Value { get; set; }
}

/// <summary>A quality or security certification (AS9100, JIS Q 9100, ISO 9001, CMMC, facility clearance) with its validity.</summary>
public sealed class Certification
{
    public required string Kind { get; set; }
    public string? Level { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
}
