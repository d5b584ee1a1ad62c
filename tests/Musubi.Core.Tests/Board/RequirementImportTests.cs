using System.Text;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Registry;
using Musubi.Testing;

namespace Musubi.Core.Tests.Board;

/// <summary>A requirement's required certifications, milestones and award through CSV and JSON import, their checks and the copy on upsert.</summary>
public sealed class RequirementImportTests : IDisposable
{
    private readonly TempDirectory _temp = new("musubi-req-");

    public void Dispose() => _temp.Dispose();

    private static async Task<ImportReport> ImportAsync(TestDatabase database, string folder)
    {
        await using var db = database.NewContext(AccessScope.System);
        return await new ImportService(db, database.Clock).ImportAsync([folder], new ImportOptions());
    }

    private string Folder(params (string Name, string Text)[] files)
    {
        var folder = _temp.NewDirectory();
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), text, new UTF8Encoding(false));
        }
        return folder;
    }

    private const string Organizations = "id,name,country,kind\nacme-jp,Acme KK,JP,supplier\n";

    [Fact]
    public async Task Csv_MilestonesCertificationsAndAward_AreReadAndUpsertedInPlace()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var report = await ImportAsync(database, Folder(
            ("organizations.csv", Organizations),
            ("requirements.csv", "id,title_en,funding_status,contracting_path,status,required_certifications,milestones,awarded_organization_id\n"
                + "r-1,Boards,funded,dcs,awarded,AS9100; Facility clearance,sources_sought:2026-01-10; award:2026-06-01,acme-jp\n")));
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        await using (var db = database.NewContext(AccessScope.System))
        {
            var r = await db.Requirements.SingleAsync(x => x.Id == "r-1");
            Assert.Equal(["AS9100", "Facility clearance"], r.RequiredCertifications);
            Assert.Equal([MilestoneKinds.SourcesSought, MilestoneKinds.Award], r.Milestones.Select(m => m.Kind));
            Assert.Equal(new DateOnly(2026, 6, 1), r.Milestones[1].Date);
            Assert.Equal("acme-jp", r.AwardedOrganizationId);
            // The record and the export row carry them back.
            var record = r.ToRecord();
            Assert.Equal("acme-jp", record.AwardedOrganizationId);
            var row = Musubi.Core.Features.Export.RegistryTables.Row(record);
            Assert.Equal("sources_sought:2026-01-10; award:2026-06-01", row["milestones"]);
            Assert.Equal("AS9100; Facility clearance", row["required_certifications"]);
        }
        // A second import changes them (EntityCopy copies the three fields).
        report = await ImportAsync(database, Folder(
            ("requirements.csv", "id,title_en,funding_status,contracting_path,required_certifications,milestones,awarded_organization_id\n"
                + "r-1,Boards,funded,dcs,JIS Q 9100,solicitation:2026-02-01,\n")));
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        await using (var db = database.NewContext(AccessScope.System))
        {
            var r = await db.Requirements.SingleAsync(x => x.Id == "r-1");
            Assert.Equal(["JIS Q 9100"], r.RequiredCertifications);
            Assert.Equal([MilestoneKinds.Solicitation], r.Milestones.Select(m => m.Kind));
            Assert.Null(r.AwardedOrganizationId);
        }
    }

    [Fact]
    public async Task Csv_BadMilestonesAndUnknownAward_NameLineAndColumn()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var report = await ImportAsync(database, Folder(
            ("requirements.csv", "id,title_en,funding_status,contracting_path,milestones,awarded_organization_id\n"
                + "r-1,Boards,funded,dcs,kickoff:2026-01-10,\n"
                + "r-2,Boards,funded,dcs,award:June,\n"
                + "r-3,Boards,funded,dcs,,nobody\n")));
        Assert.False(report.Succeeded);
        Assert.Contains(report.Errors, e => e.StartsWith("requirements.csv:2:milestones:", StringComparison.Ordinal) && e.Contains("kickoff", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.StartsWith("requirements.csv:3:milestones:", StringComparison.Ordinal) && e.Contains("kind:YYYY-MM-DD", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.StartsWith("requirements.csv:4:awarded_organization_id:", StringComparison.Ordinal) && e.Contains("nobody", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_MilestonesWithNotes_AndMissingDates_AreChecked()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var good = """
            [{ "id": "r-1", "title": { "en": "Boards" }, "fundingStatus": "funded", "contractingPath": "dcs",
               "requiredCertifications": ["AS9100", "as9100"],
               "milestones": [ { "kind": "industry_day", "date": "2026-04-01", "note": "Tokyo" } ] }]
            """;
        var report = await ImportAsync(database, Folder(("requirements.json", good)));
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        await using (var db = database.NewContext(AccessScope.System))
        {
            var r = await db.Requirements.SingleAsync(x => x.Id == "r-1");
            Assert.Equal(["AS9100"], r.RequiredCertifications);
            Assert.Equal("Tokyo", Assert.Single(r.Milestones).Note);
        }
        var bad = """
            [{ "id": "r-2", "title": { "en": "Boards" }, "fundingStatus": "funded", "contractingPath": "dcs",
               "requiredCertifications": [" "], "milestones": [ { "kind": "award" } ] }]
            """;
        report = await ImportAsync(database, Folder(("requirements.json", bad)));
        Assert.Contains(report.Errors, e => e.Contains(":milestones:", StringComparison.Ordinal) && e.Contains("needs a date", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Contains(":requiredCertifications:", StringComparison.Ordinal));
    }
}
