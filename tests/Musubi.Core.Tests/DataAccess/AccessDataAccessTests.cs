using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Demo;
using Musubi.Core.Features.Export;
using Musubi.Core.Features.Registry;
using Musubi.Testing;

namespace Musubi.Core.Tests.DataAccess;

/// <summary>The access policy as the database enforces it, through every read path: list, get, search, export.</summary>
public sealed class AccessDataAccessTests
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    private static async Task<(TestDatabase Database, Principal[] Japanese)> DemoAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext(AccessScope.System);
        var report = await DemoData.LoadAsync(db, database.Clock);
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        var japanese = await db.Principals.Where(p => p.Nationality == "JP").ToArrayAsync();
        Assert.NotEmpty(japanese);
        Assert.True(await db.Organizations.CountAsync(o => o.Marking.NoForn) > 0, "the demo needs NOFORN organizations for this test to mean anything");
        return (database, japanese);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task JapaneseAccounts_NeverSeeNoFornRecords_ThroughListGetSearchOrExport(string provider)
    {
        var (database, japanese) = await DemoAsync(provider);
        await using var _ = database;
        List<string> noForn;
        await using (var system = database.NewContext(AccessScope.System))
        {
            noForn = [
                .. await system.Organizations.Where(o => o.Marking.NoForn).Select(o => o.Id).ToListAsync(),
                .. await system.Facilities.Where(o => o.Marking.NoForn).Select(o => o.Id).ToListAsync(),
                .. await system.Requirements.Where(o => o.Marking.NoForn).Select(o => o.Id).ToListAsync(),
            ];
        }
        foreach (var principal in japanese)
        {
            await using var db = database.NewContext(AccessScope.For(principal, new DateOnly(2026, 11, 1)));

            var organizations = await RegistryCatalog.Organizations.ListAsync(db, new ListQuery { PageSize = 500 }, default);
            var facilities = await RegistryCatalog.Facilities.ListAsync(db, new ListQuery { PageSize = 500 }, default);
            var requirements = await RegistryCatalog.Requirements.ListAsync(db, new ListQuery { PageSize = 500 }, default);
            var listed = organizations.Items.Select(r => r.Id).Concat(facilities.Items.Select(r => r.Id)).Concat(requirements.Items.Select(r => r.Id));
            Assert.Empty(listed.Intersect(noForn));

            foreach (var id in noForn)
            {
                Assert.Null(await RegistryCatalog.Organizations.FindAsync(db, id, default));
                Assert.Null(await RegistryCatalog.Facilities.FindAsync(db, id, default));
                Assert.Null(await RegistryCatalog.Requirements.FindAsync(db, id, default));
                var search = await RegistryCatalog.Organizations.ListAsync(db, new ListQuery { Search = id }, default);
                Assert.DoesNotContain(search.Items, r => r.Id == id);
            }

            using var export = new TempDirectory("musubi-export-");
            var folder = export.Path;
            await new ExportService(db).ExportAsync(folder, ExportFormat.Json);
            var exported = string.Concat(await Task.WhenAll(Directory.GetFiles(folder).Select(f => File.ReadAllTextAsync(f))));
            foreach (var id in noForn)
            {
                Assert.DoesNotContain($"\"{id}\"", exported, StringComparison.Ordinal);
            }
            Assert.DoesNotContain("NOFORN", exported, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Anonymous_SeesOnlyUnmarkedRecords(string provider)
    {
        var (database, _) = await DemoAsync(provider);
        await using var __ = database;
        await using var db = database.NewContext(AccessScope.Anonymous);

        var organizations = await db.Organizations.ToListAsync();

        Assert.NotEmpty(organizations);
        Assert.All(organizations, o => Assert.True(o.Marking.IsUnmarked, o.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Update_WithStaleVersion_IsRejectedAndKeepsTheOtherWrite(string provider)
    {
        var (database, _) = await DemoAsync(provider);
        await using var __ = database;
        uint version;
        await using (var db = database.NewContext(AccessScope.System))
        {
            version = (await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == "mhi")).Version;
        }
        var edit = (await Read(database)).ToRecord() with { DefenseRevenueShare = 0.2m };
        await using (var db = database.NewContext(AccessScope.System))
        {
            var first = await RegistryCatalog.Organizations.UpdateAsync(db, "mhi", edit, version, Trail(database), default);
            Assert.IsType<WriteOutcome<Musubi.Core.Features.Import.OrganizationRecord>.Saved>(first);
        }
        await using (var db = database.NewContext(AccessScope.System))
        {
            var stale = await RegistryCatalog.Organizations.UpdateAsync(db, "mhi", edit with { DefenseRevenueShare = 0.9m }, version, Trail(database), default);
            Assert.IsType<WriteOutcome<Musubi.Core.Features.Import.OrganizationRecord>.VersionMismatch>(stale);
        }
        Assert.Equal(0.2m, (await Read(database)).DefenseRevenueShare);
        Assert.NotEqual(version, (await Read(database)).Version);
        Assert.Equal(database.Clock.GetUtcNow(), (await Read(database)).UpdatedAt);

        static Musubi.Core.Features.Audit.AuditTrail Trail(TestDatabase database) =>
            new(new Musubi.Core.Features.Audit.AuditLog(database.Clock, Musubi.Core.Features.Audit.AuditOptions.For(database.Target)), "test", null);

        static async Task<Organization> Read(TestDatabase database)
        {
            await using var db = database.NewContext(AccessScope.System);
            return await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == "mhi");
        }
    }
}
