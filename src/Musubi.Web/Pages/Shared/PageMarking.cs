using Musubi.Core.Features.Access;

namespace Musubi.Web.Pages.Shared;

/// <summary>
/// The banner line of a page that shows several records: CUI categories are joined, NOFORN or FED ONLY on any
/// record applies to the page, and the page is releasable only to the countries every REL TO record names.
/// </summary>
public static class PageMarking
{
    public const string Unclassified = "UNCLASSIFIED";

    public const string ViewDataKey = "Banner";

    public static bool IsMarked(string? banner) =>
        !string.IsNullOrWhiteSpace(banner) && !string.Equals(banner.Trim(), Unclassified, StringComparison.OrdinalIgnoreCase);

    /// <summary>Combines records' banners as written in files (empty = unmarked).</summary>
    public static string Combine(IEnumerable<string?> banners) =>
        Combine(banners.Where(IsMarked).Select(b => Marking.TryParse(b, null, out _) ?? new Marking { Cui = true }));

    public static string Combine(IEnumerable<Marking> markings)
    {
        var marked = markings.Where(m => m.Banner != Unclassified).ToList();
        if (marked.Count == 0)
        {
            return Unclassified;
        }
        var page = new Marking
        {
            Cui = true,
            NoForn = marked.Any(m => m.NoForn),
            FedOnly = marked.Any(m => m.FedOnly),
        };
        var categories = marked.SelectMany(m => m.CategoryList).Distinct(StringComparer.Ordinal).ToList();
        page.Categories = categories.Count == 0 ? "" : "|" + string.Join('|', categories) + "|";
        var relToLists = marked.Where(m => m.RelTo.Length > 0).Select(m => m.RelToList).ToList();
        if (!page.NoForn && relToLists.Count > 0)
        {
            var common = relToLists.Skip(1).Aggregate((IEnumerable<string>)relToLists[0], (acc, next) => acc.Intersect(next, StringComparer.Ordinal)).ToList();
            // Records released to no common country leave the page releasable to no foreign reader.
            if (common.Count == 0)
            {
                page.NoForn = true;
            }
            else
            {
                page.RelTo = "|" + string.Join('|', common.Order(StringComparer.Ordinal)) + "|";
            }
        }
        return page.Banner;
    }
}
