using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.Registry;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Registry;

/// <summary>The choices of a list page's filters, in the reader's language.</summary>
public sealed class RegistryFilters(AppDbContext db, IStringLocalizer<UiText> l)
{
    /// <summary>The countries that occur among the records the reader may see, by localized name.</summary>
    public async Task<IReadOnlyList<FilterOption>> CountriesAsync(IQueryable<string> countries, CancellationToken ct)
    {
        var codes = await countries.Distinct().ToListAsync(ct);
        return [.. codes.Select(c => new FilterOption(c, l.Country(c))).OrderBy(o => o.Label, StringComparer.CurrentCulture)];
    }

    public IReadOnlyList<FilterOption> Enum<T>() where T : struct, System.Enum =>
        [.. System.Enum.GetValues<T>().Select(v => new FilterOption(EnumText.ToSnake(v), l.EnumLabel(v)))];

    /// <summary>The part filter the parts resource understands.</summary>
    public IReadOnlyList<FilterOption> PartTypes() =>
        [.. new[] { "end_item", "component", "weapon" }.Select(v => new FilterOption(v, l.EnumLabel("PartType", v)))];

    /// <summary>The taxonomy's top-level areas: the capability filter matches a code and everything under it.</summary>
    public async Task<IReadOnlyList<FilterOption>> CapabilityAreasAsync(CancellationToken ct)
    {
        var roots = await db.CapabilityNodes.AsNoTracking().Where(n => n.ParentId == null).OrderBy(n => n.Id).ToListAsync(ct);
        return
        [
            .. roots.Select(n =>
            {
                var name = Localized.Name(n.LabelEn, n.LabelJa);
                return new FilterOption(n.Id, name.Text, name.Lang);
            }),
        ];
    }
}
