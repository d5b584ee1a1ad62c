using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Demo;
using Musubi.Core.Features.Export;
using Musubi.Core.Features.Import;
using Musubi.Testing;

namespace Musubi.Core.Tests.DataAccess;

/// <summary>Import, export and idempotency on a real database: each test body runs on SQLite and on PostgreSQL.</summary>
[RunsLong(36)]
public sealed class ImportDataAccessTests : IDisposable
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    private readonly TempDirectory _temp = new("musubi-import-");

    public void Dispose() => _temp.Dispose();

    private static async Task<ImportReport> ImportAsync(TestDatabase database, params string[] paths)
    {
        await using var db = database.NewContext(AccessScope.System);
        return await new ImportService(db, database.Clock).ImportAsync(paths, new ImportOptions());
    }

    private static async Task<(int Orgs, int Parts, int Offers, int Inputs, int Approved)> CountsAsync(TestDatabase database)
    {
        await using var db = database.NewContext(AccessScope.System);
        return (await db.Organizations.CountAsync(), await db.Parts.CountAsync(), await db.Offers.CountAsync(),
            await db.OfferInputs.CountAsync(), await db.ApprovedSources.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_MinimalPackage_WritesEveryTable(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var report = await ImportAsync(database, PackageBuilder.Minimal().Write(_temp.NewDirectory()));

        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        Assert.Equal((2, 2, 2, 1, 1), await CountsAsync(database));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_SamePackageTwice_IsIdempotent(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var folder = PackageBuilder.Minimal().Write(_temp.NewDirectory());

        await ImportAsync(database, folder);
        var second = await ImportAsync(database, folder);

        Assert.True(second.Succeeded, string.Join('\n', second.Errors));
        Assert.Equal((2, 2, 2, 1, 1), await CountsAsync(database));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_ChangedRecord_MovesItsVersionAndUpdatedAt(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ImportAsync(database, PackageBuilder.Minimal().Write(_temp.NewDirectory()));
        uint before;
        await using (var db = database.NewContext(AccessScope.System))
        {
            before = (await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == "org-jp")).Version;
        }
        database.Clock.Advance(TimeSpan.FromDays(1));
        var renamed = new PackageBuilder().Organization("org-jp", "Example Seeker Co., Ltd.", "JP", "supplier").Write(_temp.NewDirectory());

        var report = await ImportAsync(database, renamed);
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));

        await using var check = database.NewContext(AccessScope.System);
        var after = await check.Organizations.AsNoTracking().SingleAsync(o => o.Id == "org-jp");
        Assert.Equal("Example Seeker Co., Ltd.", after.Name);
        Assert.NotEqual(before, after.Version);
        Assert.Equal(database.Clock.GetUtcNow(), after.UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_PackageWithOneBadRow_ChangesNothingAndListsEveryError(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ImportAsync(database, PackageBuilder.Minimal().Write(_temp.NewDirectory()));
        var bad = PackageBuilder.Minimal()
            .Offer("o-more", "p-seeker", "fac-us", 99, 10, 1)             // a good row that must not land either
            .Raw("offers.csv", "o-neg,p-seeker,fac-jp,-5,10,1,true")        // negative capacity
            .Raw("offers.csv", "o-nan,p-seeker,fac-jp,lots,10,1,true")      // not a number
            .Raw("offers.csv", "o-dangling,p-nowhere,fac-jp,5,10,1,true")   // dangling part
            .Raw("offers.csv", "o-seeker,p-seeker,fac-jp,30,120,400000,true") // duplicate key
            .Organization("org-xx", "Nowhere Ltd", "XX", "supplier")         // unknown country
            .Write(_temp.NewDirectory());

        var report = await ImportAsync(database, bad);

        Assert.False(report.Succeeded);
        Assert.Contains(report.Errors, e => e.StartsWith("offers.csv:5:capacity_per_month:", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.StartsWith("offers.csv:6:capacity_per_month:", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.StartsWith("offers.csv:7:part_id:", StringComparison.Ordinal) && e.Contains("p-nowhere", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.StartsWith("offers.csv:8:id: duplicate", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.StartsWith("organizations.csv:4:country:", StringComparison.Ordinal));
        Assert.Equal((2, 2, 2, 1, 1), await CountsAsync(database));
        await using var db = database.NewContext(AccessScope.System);
        Assert.False(await db.Offers.AnyAsync(o => o.Id == "o-more"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_BomCycle_ReportsTheCycleAndWritesNothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var cyclic = PackageBuilder.Minimal()
            .Part("p-wafer", "Wafer")
            .Offer("o-wafer", "p-wafer", "fac-jp", 100, 30, 10)
            .Input("o-seeker", "p-wafer", 2)
            .Input("o-wafer", "p-missile", 1) // a wafer made from missiles closes the loop
            .Write(_temp.NewDirectory());

        var report = await ImportAsync(database, cyclic);

        var cycle = Assert.Single(report.Errors, e => e.Contains("BOM cycle", StringComparison.Ordinal));
        Assert.StartsWith("offer_inputs.csv:", cycle, StringComparison.Ordinal);
        Assert.Contains("p-missile -> p-seeker -> p-wafer -> p-missile", cycle, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0, 0), await CountsAsync(database));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_ApprovedSourceMakingAnotherPart_IsRejected(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var wrong = PackageBuilder.Minimal().Approved("o-missile", "p-seeker", "o-missile").Write(_temp.NewDirectory());

        var report = await ImportAsync(database, wrong);

        Assert.Contains(report.Errors, e => e.Contains("approved_sources.csv:3:source_offer_id: offer 'o-missile' makes 'p-missile'", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_OffersReferencingStoredParts_Resolve(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ImportAsync(database, PackageBuilder.Minimal().Write(_temp.NewDirectory()));
        var offersOnly = _temp.NewDirectory();
        await File.WriteAllTextAsync(Path.Combine(offersOnly, "offers.csv"),
            "id,part_id,facility_id,capacity_per_month,lead_time_days,unit_cost_usd,qualified\no-seeker-2,p-seeker,fac-us,12,90,410000,true\n");

        var report = await ImportAsync(database, offersOnly);

        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        Assert.Equal(3, (await CountsAsync(database)).Offers);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DemoDataset_LoadsCleanlyAndTwice(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext(AccessScope.System);

        var first = await DemoData.LoadAsync(db, database.Clock);
        var second = await DemoData.LoadAsync(db, database.Clock);

        Assert.True(first.Succeeded, string.Join('\n', first.Errors));
        Assert.True(second.Succeeded, string.Join('\n', second.Errors));
        Assert.True(await db.Programs.CountAsync() >= 10);
        Assert.True(await db.Organizations.CountAsync() >= 60);
        Assert.True(await db.Facilities.CountAsync() >= 100);
        Assert.True(await db.CapabilityNodes.CountAsync() >= 80);
        Assert.True(await db.Parts.CountAsync() >= 150);
        Assert.True(await db.Requirements.CountAsync() >= 30);
        Assert.True(await db.Agreements.CountAsync() >= 15);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Export_ThenImportIntoAFreshDatabase_ReproducesTheRegistry(string provider)
    {
        await using var source = await TestDatabase.CreateAsync(provider);
        await using var target = await TestDatabase.CreateAsync(provider);
        await using (var db = source.NewContext(AccessScope.System))
        {
            await DemoData.LoadAsync(db, source.Clock);
        }
        foreach (var format in new[] { ExportFormat.Csv, ExportFormat.Json, ExportFormat.Xlsx })
        {
            var folder = _temp.NewDirectory();
            await using (var db = source.NewContext(AccessScope.System))
            {
                await new ExportService(db).ExportAsync(folder, format);
            }

            var report = await ImportAsync(target, folder);

            Assert.True(report.Succeeded, format + ": " + string.Join('\n', report.Errors));
            Assert.Equal(await CountsAsync(source), await CountsAsync(target));
        }
        await using var a = source.NewContext(AccessScope.System);
        await using var b = target.NewContext(AccessScope.System);
        var mhiA = await a.Organizations.SingleAsync(o => o.Id == "mhi");
        var mhiB = await b.Organizations.SingleAsync(o => o.Id == "mhi");
        Assert.Equal(mhiA.Names.Select(n => n.Value), mhiB.Names.Select(n => n.Value));
        Assert.Equal(mhiA.Sources, mhiB.Sources);
        Assert.Equal(await a.Requirements.CountAsync(r => r.Marking.NoForn), await b.Requirements.CountAsync(r => r.Marking.NoForn));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_LargeGeneratedPackage_TakesTheBulkPathAndKeepsEveryIndexAndKey(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var folder = _temp.NewDirectory();
        var summary = Musubi.Core.Features.Generate.SyntheticPackageGenerator.Write(
            new Musubi.Core.Features.Generate.GeneratorOptions { Organizations = 200, Parts = 20_000, OffersPerPart = 3, ApprovedSourcesPerInput = 2, Seed = 3 }, folder);
        Assert.True(summary.Offers > 50_000, "the package must pass the bulk threshold for this test to mean anything");
        var schemaBefore = await SchemaAsync(database);

        var report = await ImportAsync(database, folder);

        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        var counts = await CountsAsync(database);
        Assert.Equal((summary.Parts, summary.Offers, summary.OfferInputs, summary.ApprovedSources),
            ((long)counts.Parts, (long)counts.Offers, (long)counts.Inputs, (long)counts.Approved));
        Assert.Equal(schemaBefore, await SchemaAsync(database));

        // A second import of the same package goes through the staging merge and changes nothing.
        var again = await ImportAsync(database, folder);
        Assert.True(again.Succeeded, string.Join('\n', again.Errors));
        Assert.Equal(counts, await CountsAsync(database));
    }

    /// <summary>Every index and foreign key of the package tables, by name: the bulk path must put back all it drops.</summary>
    private static async Task<List<string>> SchemaAsync(TestDatabase database)
    {
        await using var db = database.NewContext(AccessScope.System);
        var sql = db.IsPostgres
            ? "SELECT indexname AS \"Value\" FROM pg_indexes WHERE schemaname = current_schema() UNION ALL SELECT conname FROM pg_constraint WHERE contype IN ('f', 'p')"
            : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index'";
        return [.. (await db.Database.SqlQueryRaw<string>(sql).ToListAsync()).Order(StringComparer.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_PackageWithoutMarkingColumns_KeepsStoredMarkings(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var marked = _temp.NewDirectory();
        await File.WriteAllTextAsync(Path.Combine(marked, "organizations.csv"), "id,name,country,kind,marking\norg-us,Example Missiles Inc,US,prime,CUI//NOFORN\n");
        Assert.True((await ImportAsync(database, marked)).Succeeded);

        var report = await ImportAsync(database, PackageBuilder.Minimal().Write(_temp.NewDirectory()));

        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        await using var db = database.NewContext(AccessScope.System);
        Assert.True((await db.Organizations.SingleAsync(o => o.Id == "org-us")).Marking.NoForn);
    }
}
