using Musubi.Core.Features.Access;

namespace Musubi.Web.Pages.Shared;

/// <summary>
/// The banner line of a page that shows several records: the roll-up of their markings (<see cref="RolledUpMarking"/>,
/// ADR 0007) — the same banner an export of those records carries.
/// </summary>
public static class PageMarking
{
    public const string Unclassified = "UNCLASSIFIED";

    public const string ViewDataKey = "Banner";

    public static bool IsMarked(string? banner) =>
        !string.IsNullOrWhiteSpace(banner) && !string.Equals(banner.Trim(), Unclassified, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Combines records' banners as written in files (empty = unmarked). A banner that does not parse (stored banners
    /// always do) counts as CUI//NOFORN, so that a surprise fails closed.
    /// </summary>
    public static string Combine(IEnumerable<string?> banners) =>
        Combine(banners.Where(IsMarked).Select(b => Marking.TryParse(b, null, out _) ?? new Marking { Cui = true, NoForn = true }));

    public static string Combine(IEnumerable<Marking> markings) => RolledUpMarking.RollUp(markings).Banner;
}
