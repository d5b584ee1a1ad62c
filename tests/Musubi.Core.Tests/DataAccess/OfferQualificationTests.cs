using System.Text;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Demo;
using Musubi.Core.Features.Export;
using Musubi.Core.Features.Import;
using Musubi.Testing;

namespace Musubi.Core.Tests.DataAccess;

/// <summary>
/// The optional qualification columns of offers.csv (time and cost to qualify an offer as a source): import on both
/// providers, cell errors with file, line and column, export, and what a re-import without the columns keeps.
/// </summary>
public sealed class OfferQualificationTests : IDisposable
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    private readonly TempDirectory _temp = new("musubi-offers-");

    public void Dispose() => _temp.Dispose();

    private const string Header = "id,part_id,facility_id,capacity_per_month,lead_time_days,unit_cost_usd,qualified,qualification_months,qualification_cost_usd";

    private static async Task<ImportReport> ImportAsync(TestDatabase database, params string[] paths)
    {
        await using var db = database.NewContext(AccessScope.System);
        return await new ImportService(db, database.Clock).ImportAsync(paths, new ImportOptions());
    }

    /// <summary>The minimal package with its offers.csv replaced by <paramref name="offers"/> (header first).</summary>
    private string Package(params string[] offers)
    {
        var folder = PackageBuilder.Minimal()
            .Part("p-seeker-alt", "IR seeker (second design)")
            .Write(_temp.NewDirectory());
        File.WriteAllText(Path.Combine(folder, "offers.csv"), string.Join('\n', offers) + "\n", new UTF8Encoding(false));
        return folder;
    }

    private static readonly string[] Qualifying =
    [
        Header,
        "o-missile,p-missile,fac-us,20,180,9500000,true,14,3000000",     // qualified: the figures are kept
        "o-seeker,p-seeker,fac-jp,30,120,400000,false,18,2500000.5",
        "o-seeker-alt,p-seeker-alt,fac-us,10,200,450000,false,,",         // unknown
        "o-seeker-zero,p-seeker-alt,fac-jp,10,200,450000,false,0,0",      // zero is a value, not unknown
    ];

    private static async Task<Dictionary<string, (bool Qualified, int? Months, decimal? Cost)>> OffersAsync(TestDatabase database)
    {
        await using var db = database.NewContext(AccessScope.System);
        return await db.Offers.AsNoTracking().ToDictionaryAsync(o => o.Id, o => (o.Qualified, o.QualificationMonths, o.QualificationCostUsd), StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_QualificationColumns_StoresMonthsAndCostAndUnknownAsNull(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var report = await ImportAsync(database, Package(Qualifying));

        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        var offers = await OffersAsync(database);
        Assert.Equal((true, 14, 3000000m), offers["o-missile"]);
        Assert.Equal((false, 18, 2500000.5m), offers["o-seeker"]);
        Assert.Equal((false, (int?)null, (decimal?)null), offers["o-seeker-alt"]);
        Assert.Equal((false, 0, 0m), offers["o-seeker-zero"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Reimport_WithoutQualificationColumns_KeepsStoredValues_WithEmptyCellClearsThem(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        Assert.True((await ImportAsync(database, Package(Qualifying))).Succeeded);

        // An older package without the columns: the other figures change, the qualification figures stay.
        var older = await ImportAsync(database, Package(
            "id,part_id,facility_id,capacity_per_month,lead_time_days,unit_cost_usd,qualified",
            "o-seeker,p-seeker,fac-jp,35,120,400000,false"));
        Assert.True(older.Succeeded, string.Join('\n', older.Errors));
        var kept = await OffersAsync(database);
        Assert.Equal((false, 18, 2500000.5m), kept["o-seeker"]);
        Assert.Equal((true, 14, 3000000m), kept["o-missile"]);

        // Only the months column, with an empty cell: months are cleared, the cost stays.
        var cleared = await ImportAsync(database, Package(
            "id,part_id,facility_id,capacity_per_month,lead_time_days,unit_cost_usd,qualified,qualification_months",
            "o-seeker,p-seeker,fac-jp,35,120,400000,false,"));
        Assert.True(cleared.Succeeded, string.Join('\n', cleared.Errors));
        Assert.Equal((false, (int?)null, 2500000.5m), (await OffersAsync(database))["o-seeker"]);

        // Both columns with new values overwrite.
        var changed = await ImportAsync(database, Package(Header, "o-seeker,p-seeker,fac-jp,35,120,400000,false,9,125000"));
        Assert.True(changed.Succeeded, string.Join('\n', changed.Errors));
        Assert.Equal((false, 9, 125000m), (await OffersAsync(database))["o-seeker"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_BadQualificationValues_NameFileLineAndColumn_AndChangeNothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var report = await ImportAsync(database, Package(
            Header,
            "o-missile,p-missile,fac-us,20,180,9500000,true,,",
            "o-a,p-seeker,fac-jp,30,120,400000,false,-3,100",
            "o-b,p-seeker,fac-jp,30,120,400000,false,1.5,100",
            "o-c,p-seeker,fac-jp,30,120,400000,false,six,100",
            "o-d,p-seeker,fac-jp,30,120,400000,false,6,-1",
            "o-e,p-seeker,fac-jp,30,120,400000,false,6,lots"));

        Assert.False(report.Succeeded);
        Assert.Contains("offers.csv:3:qualification_months: must be an integer ≥ 0, got '-3'", report.Errors);
        Assert.Contains("offers.csv:4:qualification_months: must be an integer ≥ 0, got '1.5'", report.Errors);
        Assert.Contains("offers.csv:5:qualification_months: must be an integer ≥ 0, got 'six'", report.Errors);
        Assert.Contains("offers.csv:6:qualification_cost_usd: must be a number ≥ 0, got '-1'", report.Errors);
        Assert.Contains("offers.csv:7:qualification_cost_usd: must be a number ≥ 0, got 'lots'", report.Errors);
        Assert.DoesNotContain(report.Errors, e => e.StartsWith("offers.csv:2:", StringComparison.Ordinal));
        await using var db = database.NewContext(AccessScope.System);
        Assert.Equal(0, await db.Offers.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Export_WritesQualificationColumns_AndTheyImportBackUnchanged(string provider)
    {
        await using var source = await TestDatabase.CreateAsync(provider);
        await using var target = await TestDatabase.CreateAsync(provider);
        Assert.True((await ImportAsync(source, Package(Qualifying))).Succeeded);

        foreach (var format in new[] { ExportFormat.Csv, ExportFormat.Xlsx })
        {
            var folder = _temp.NewDirectory();
            await using (var db = source.NewContext(AccessScope.System))
            {
                await new ExportService(db).ExportAsync(folder, format);
            }
            if (format == ExportFormat.Csv)
            {
                var lines = await File.ReadAllLinesAsync(Path.Combine(folder, "offers.csv"));
                var header = lines.First(l => l.StartsWith("id,", StringComparison.Ordinal)).Split(',');
                int months = Array.IndexOf(header, "qualification_months");
                int cost = Array.IndexOf(header, "qualification_cost_usd");
                Assert.True(months >= 0 && cost >= 0, string.Join(',', header));
                var seeker = lines.Single(l => l.StartsWith("o-seeker,", StringComparison.Ordinal)).Split(',');
                Assert.Equal("18", seeker[months]);
                Assert.Equal("2500000.5", seeker[cost]);
                var unknown = lines.Single(l => l.StartsWith("o-seeker-alt,", StringComparison.Ordinal)).Split(',');
                Assert.Equal("", unknown[months]);
                Assert.Equal("", unknown[cost]);
            }

            var report = await ImportAsync(target, folder);

            Assert.True(report.Succeeded, format + ": " + string.Join('\n', report.Errors));
            Assert.Equal(await OffersAsync(source), await OffersAsync(target));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DemoData_UnqualifiedOffersCarryIllustrativeQualificationFigures(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.NewContext(AccessScope.System))
        {
            await DemoData.LoadAsync(db, database.Clock);
        }

        await using var check = database.NewContext(AccessScope.System);
        var unqualified = await check.Offers.AsNoTracking().Where(o => !o.Qualified).ToListAsync();
        Assert.NotEmpty(unqualified);
        Assert.All(unqualified, o => Assert.True(o.Illustrative, o.Id));
        var known = unqualified.Where(o => o.QualificationMonths is not null).ToList();
        Assert.True(known.Count >= unqualified.Count - 1, "every unqualified demo offer but one has qualification figures");
        Assert.All(known, o =>
        {
            Assert.InRange(o.QualificationMonths!.Value, 6, 36);
            Assert.True(o.QualificationCostUsd > 0, o.Id);
        });
        var cca = await check.Offers.AsNoTracking().SingleAsync(o => o.Id == "o-p-cca--subaru-utsunomiya");
        Assert.Equal((36, 400000000m), (cca.QualificationMonths, cca.QualificationCostUsd));
        Assert.False(await check.Offers.AnyAsync(o => o.Qualified && o.QualificationMonths != null));
    }
}
