using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;
using Musubi.Web.Pages.Registry;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages;

/// <summary>The dashboard: how much of each registry kind the reader may see, and where the demand is.</summary>
public sealed class IndexModel(AppDbContext db, IStringLocalizer<UiText> l) : PageModel
{
    public sealed record KindCount(RegistryKind Kind, int Count);

    public IReadOnlyList<KindCount> Counts { get; private set; } = [];
    public int IllustrativeCount { get; private set; }
    public BarChart OrganizationsByCountry { get; private set; } = null!;
    public BarChart RequirementsByFunding { get; private set; } = null!;
    public BarChart RequirementsByQuarter { get; private set; } = null!;
    public IReadOnlyList<Requirement> NextRequirements { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Counts =
        [
            new(RegistryKinds.Organizations, await db.Organizations.CountAsync(ct)),
            new(RegistryKinds.Facilities, await db.Facilities.CountAsync(ct)),
            new(RegistryKinds.Capabilities, await db.FacilityCapabilities.CountAsync(ct)),
            new(RegistryKinds.Parts, await db.Parts.CountAsync(ct)),
            new(RegistryKinds.Programs, await db.Programs.CountAsync(ct)),
            new(RegistryKinds.Requirements, await db.Requirements.CountAsync(ct)),
            new(RegistryKinds.Agreements, await db.Agreements.CountAsync(ct)),
        ];
        IllustrativeCount =
            await db.Organizations.CountAsync(e => e.Illustrative, ct) + await db.Facilities.CountAsync(e => e.Illustrative, ct)
            + await db.FacilityCapabilities.CountAsync(e => e.Illustrative, ct) + await db.Parts.CountAsync(e => e.Illustrative, ct)
            + await db.Offers.CountAsync(e => e.Illustrative, ct) + await db.Programs.CountAsync(e => e.Illustrative, ct)
            + await db.Requirements.CountAsync(e => e.Illustrative, ct) + await db.Agreements.CountAsync(e => e.Illustrative, ct);

        var byCountry = await db.Organizations.GroupBy(o => o.Country).Select(g => new { Country = g.Key, Count = g.Count() }).ToListAsync(ct);
        var countryBars = byCountry.OrderByDescending(c => c.Count).ThenBy(c => c.Country, StringComparer.Ordinal)
            .Select(c => new ChartBar(l.Country(c.Country), c.Count, Href: RegistryKinds.Organizations.ListPath + "?country=" + c.Country))
            .ToList();
        OrganizationsByCountry = new BarChart("chart-org-country", l["Dashboard.OrgsByCountry"],
            l["Dashboard.OrgsByCountrySummary", Describe(countryBars)], l["Field.Country"], l["Dashboard.Organizations"], countryBars);

        var byFunding = await db.Requirements.GroupBy(r => r.FundingStatus).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var fundingBars = Enum.GetValues<FundingStatus>()
            .Select(s => new ChartBar(l.EnumLabel(s), byFunding.FirstOrDefault(f => f.Status == s)?.Count ?? 0,
                Href: RegistryKinds.Requirements.ListPath + "?kind=" + EnumText.ToSnake(s)))
            .ToList();
        RequirementsByFunding = new BarChart("chart-req-funding", l["Dashboard.ReqByFunding"],
            l["Dashboard.ReqByFundingSummary", Describe(fundingBars)], l["Field.FundingStatus"], l["Dashboard.Requirements"], fundingBars);

        var needBy = await db.Requirements.Where(r => r.NeedBy != null).Select(r => r.NeedBy!.Value).ToListAsync(ct);
        var quarterBars = Quarters(needBy);
        RequirementsByQuarter = new BarChart("chart-req-quarter", l["Dashboard.ReqByQuarter"],
            l["Dashboard.ReqByQuarterSummary", Describe(quarterBars)], l["Dashboard.Quarter"], l["Dashboard.Requirements"], quarterBars);

        NextRequirements = await db.Requirements.AsNoTracking()
            .Where(r => r.Status == RequirementStatus.Open && r.NeedBy != null)
            .OrderBy(r => r.NeedBy).ThenBy(r => r.Id).Take(5).ToListAsync(ct);

        var markings = new List<Marking>();
        markings.AddRange(await MarkingsAsync(db.Organizations, ct));
        markings.AddRange(await MarkingsAsync(db.Facilities, ct));
        markings.AddRange(await MarkingsAsync(db.FacilityCapabilities, ct));
        markings.AddRange(await MarkingsAsync(db.Parts, ct));
        markings.AddRange(await MarkingsAsync(db.Programs, ct));
        markings.AddRange(await MarkingsAsync(db.Requirements, ct));
        markings.AddRange(await MarkingsAsync(db.Agreements, ct));
        ViewData[PageMarking.ViewDataKey] = PageMarking.Combine(markings);
    }

    /// <summary>Every calendar quarter from the first need-by date to the last, empty quarters included, so gaps show.</summary>
    private IReadOnlyList<ChartBar> Quarters(IReadOnlyList<DateOnly> dates)
    {
        if (dates.Count == 0)
        {
            return [];
        }
        static int Index(DateOnly d) => (d.Year * 4) + ((d.Month - 1) / 3);
        var counts = dates.GroupBy(Index).ToDictionary(g => g.Key, g => g.Count());
        var (first, last) = (counts.Keys.Min(), counts.Keys.Max());
        return
        [
            .. Enumerable.Range(first, last - first + 1).Select(i =>
            {
                var (year, quarter) = (i / 4, (i % 4) + 1);
                var showYear = quarter == 1 || i == first;
                return new ChartBar(l["Dashboard.QuarterShort", quarter], counts.GetValueOrDefault(i),
                    SubLabel: showYear ? year.ToString(CultureInfo.InvariantCulture) : null,
                    FullLabel: l["Dashboard.QuarterFull", quarter, year.ToString(CultureInfo.InvariantCulture)]);
            }),
        ];
    }

    /// <summary>The chart's data as one sentence, for its text alternative: "Japan 58, United States 31, …".</summary>
    private string Describe(IEnumerable<ChartBar> bars) =>
        string.Join(l["Common.ListSeparator"], bars.Select(b => b.TableLabel + " " + b.Value.ToString(CultureInfo.CurrentCulture)));

    /// <summary>The distinct markings among the records of one kind the reader may see.</summary>
    private static async Task<IEnumerable<Marking>> MarkingsAsync<T>(IQueryable<T> records, CancellationToken ct) where T : MarkedEntity
    {
        var rows = await records
            .Where(e => e.Marking.Cui || e.Marking.NoForn || e.Marking.FedOnly || e.Marking.RelTo != "" || e.Marking.DisplayOnly != "")
            .Select(e => new { e.Marking.Cui, e.Marking.Categories, e.Marking.NoForn, e.Marking.FedOnly, e.Marking.RelTo, e.Marking.DisplayOnly })
            .Distinct().ToListAsync(ct);
        return rows.Select(r => new Marking { Cui = r.Cui, Categories = r.Categories, NoForn = r.NoForn, FedOnly = r.FedOnly, RelTo = r.RelTo, DisplayOnly = r.DisplayOnly });
    }
}
