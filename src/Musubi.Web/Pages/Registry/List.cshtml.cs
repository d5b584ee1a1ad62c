using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Registry;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Registry;

/// <summary>
/// <c>/registry/{kind}</c>: search, filter, sort and page one registry kind through its <see cref="RegistryCatalog"/>
/// resource. A bad query-string value is reported on the page and left out; the list still shows.
/// </summary>
public sealed class ListModel(AppDbContext db, IStringLocalizer<UiText> l) : PageModel
{
    public static readonly int[] PageSizes = [10, 25, 50, 100];
    private const int DefaultPageSize = 25;

    [BindProperty(SupportsGet = true)]
    public string? Collection { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "country")]
    public string? Country { get; set; }

    [BindProperty(SupportsGet = true, Name = "kind")]
    public string? KindFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public string? Sort { get; set; }

    // "page" is also the route value that names the Razor page: read the paging parameters from the query string only.
    private string? PageText => Request.Query["page"].FirstOrDefault();

    private string? PageSizeText => Request.Query["pageSize"].FirstOrDefault();

    public RegistryKind? Registry { get; private set; }
    public RegistryTable Table { get; private set; } = new([], []);
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageSize { get; private set; } = DefaultPageSize;
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The sort in force ("" = the resource's default), after a bad one was dropped.</summary>
    public string EffectiveSort { get; private set; } = "";
    public string DefaultSort { get; private set; } = "";

    /// <summary>Problems with the query string, by parameter, already in the reader's language.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<FilterOption> CountryOptions { get; private set; } = [];
    public IReadOnlyList<FilterOption> KindOptions { get; private set; } = [];
    public string KindFilterLabel { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Registry = RegistryKinds.Find(Collection);
        if (Registry is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var tables = new RegistryTables(db, l);
        var filters = new RegistryFilters(db, l);
        switch (Registry.Slug)
        {
            case "organizations":
                (KindFilterLabel, KindOptions) = (l["Field.Kind"], filters.Enum<OrganizationKind>());
                CountryOptions = await filters.CountriesAsync(db.Organizations.Select(o => o.Country), ct);
                await ShowAsync(RegistryCatalog.Organizations, (items, _) => Task.FromResult(tables.Organizations(items)), ct);
                break;
            case "facilities":
                CountryOptions = await filters.CountriesAsync(db.Facilities.Select(f => f.Country), ct);
                await ShowAsync(RegistryCatalog.Facilities, tables.FacilitiesAsync, ct);
                break;
            case "capabilities":
                (KindFilterLabel, KindOptions) = (l["Field.CapabilityArea"], await filters.CapabilityAreasAsync(ct));
                await ShowAsync(RegistryCatalog.Capabilities, tables.CapabilitiesAsync, ct);
                break;
            case "parts":
                (KindFilterLabel, KindOptions) = (l["Field.PartType"], filters.PartTypes());
                await ShowAsync(RegistryCatalog.Parts, (items, _) => Task.FromResult(tables.Parts(items)), ct);
                break;
            case "programs":
                (KindFilterLabel, KindOptions) = (l["Field.Kind"], filters.Enum<ProgramKind>());
                await ShowAsync(RegistryCatalog.Programs, (items, _) => Task.FromResult(tables.Programs(items)), ct);
                break;
            case "requirements":
                (KindFilterLabel, KindOptions) = (l["Field.FundingStatus"], filters.Enum<FundingStatus>());
                await ShowAsync(RegistryCatalog.Requirements, tables.RequirementsAsync, ct);
                break;
            default:
                (KindFilterLabel, KindOptions) = (l["Field.Kind"], filters.Enum<AgreementKind>());
                await ShowAsync(RegistryCatalog.Agreements, tables.AgreementsAsync, ct);
                break;
        }
    }

    private async Task ShowAsync<TEntity, TRecord>(RegistryResource<TEntity, TRecord> resource,
        Func<IReadOnlyList<TRecord>, CancellationToken, Task<RegistryTable>> toTable, CancellationToken ct)
        where TEntity : MarkedEntity where TRecord : MarkedRecord
    {
        DefaultSort = resource.DefaultSort;
        var query = new ListQuery
        {
            Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
            Country = resource.ByCountry is null || string.IsNullOrWhiteSpace(Country) ? null : Country.Trim(),
            Kind = resource.ByKind is null || string.IsNullOrWhiteSpace(KindFilter) ? null : KindFilter.Trim(),
            Sort = string.IsNullOrWhiteSpace(Sort) ? null : Sort.Trim(),
            Page = ParsePositive("page", PageText, 1),
            PageSize = ParsePositive("pageSize", PageSizeText, DefaultPageSize),
        };
        foreach (var (field, _) in resource.Check(query))
        {
            (query, var value) = field switch
            {
                "sort" => (query with { Sort = null }, query.Sort),
                "page" => (query with { Page = 1 }, PageText),
                "pageSize" => (query with { PageSize = DefaultPageSize }, PageSizeText),
                "country" => (query with { Country = null }, query.Country),
                "kind" => (query with { Kind = null }, query.Kind),
                _ => (query, null),
            };
            Errors[field] = l["Error." + field, value ?? ""];
        }
        var list = await resource.ListAsync(db, query, ct);
        if (list.Items.Count == 0 && list.PageNumber > 1 && list.Total > 0)
        {
            Errors["page"] = l["Error.pageBeyond", list.PageNumber];
            query = query with { Page = 1 };
            list = await resource.ListAsync(db, query, ct);
        }
        (Search, Country, KindFilter, EffectiveSort) = (query.Search, query.Country, query.Kind, query.Sort ?? "");
        (Total, PageNumber, PageSize) = (list.Total, list.PageNumber, list.PageSize);
        Table = await toTable(list.Items, ct);
        ViewData[PageMarking.ViewDataKey] = PageMarking.Combine(Table.Rows.Select(r => r.Marking));
    }

    private int ParsePositive(string field, string? text, int fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Errors[field] = l["Error." + field, text];
        return fallback;
    }

    /// <summary>This list's address with some parameters changed; blank values drop out of the query string.</summary>
    public string Link(string? sort = null, int? page = null, int? pageSize = null)
    {
        var size = pageSize ?? PageSize;
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["q"] = Search,
            ["country"] = Country,
            ["kind"] = KindFilter,
            ["sort"] = sort ?? EffectiveSort,
            ["page"] = (page ?? PageNumber) > 1 ? (page ?? PageNumber).ToString(CultureInfo.InvariantCulture) : null,
            ["pageSize"] = size != DefaultPageSize ? size.ToString(CultureInfo.InvariantCulture) : null,
        };
        return Registry!.ListPath + QueryString.Create(parameters.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    /// <summary>The link a column header points at: ascending first, then descending when already ascending.</summary>
    public string SortLink(string key) => Link(sort: SortedBy(key) == "ascending" ? "-" + key : key, page: 1);

    /// <summary><c>ascending</c>, <c>descending</c> or null, for <c>aria-sort</c>.</summary>
    public string? SortedBy(string key)
    {
        var current = EffectiveSort.Length == 0 ? DefaultSort : EffectiveSort;
        return current == key ? "ascending" : current == "-" + key ? "descending" : null;
    }
}
