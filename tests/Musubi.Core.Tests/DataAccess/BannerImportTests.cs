using System.Text;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Import;
using Musubi.Testing;

namespace Musubi.Core.Tests.DataAccess;

/// <summary>The banner lines exports write (docs/formats.md, "Banner line") read back: skipped, never taken for data.</summary>
public sealed class BannerImportTests : IDisposable
{
    private readonly TempDirectory _temp = new("musubi-banner-");

    public void Dispose() => _temp.Dispose();

    private static async Task<ImportReport> ImportAsync(TestDatabase database, string folder)
    {
        await using var db = database.NewContext(AccessScope.System);
        return await new ImportService(db, database.Clock).ImportAsync([folder], new ImportOptions());
    }

    private string Folder(string name, string text)
    {
        var folder = _temp.NewDirectory();
        File.WriteAllText(Path.Combine(folder, name), text, new UTF8Encoding(true));
        return folder;
    }

    [Fact]
    public async Task Csv_FirstLineBanner_IsSkipped_AndRowsKeepTheirOwnMarkings()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var folder = Folder("organizations.csv",
            "# CUI//REL TO USA, JPN [need to know: gpi]\r\nid,name,country,kind,marking\r\nb-1,One KK,JP,supplier,\"CUI//REL TO USA, JPN\"\r\nb-2,Two KK,JP,supplier,\r\n");

        var report = await ImportAsync(database, folder);

        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        await using var db = database.NewContext(AccessScope.System);
        var organizations = await db.Organizations.OrderBy(o => o.Id).ToListAsync();
        Assert.Equal(["b-1", "b-2"], organizations.Select(o => o.Id));
        Assert.Equal("CUI//REL TO USA, JPN", organizations[0].Marking.Banner);
        Assert.True(organizations[1].Marking.IsUnmarked, "the file's banner must not mark its rows");
    }

    [Fact]
    public async Task Csv_ErrorsCountTheBannerLine()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var folder = Folder("organizations.csv", "# CUI\nid,name,country,kind,marking\nb-1,One KK,JP,supplier,CUI//REL TO JPN\n");

        var report = await ImportAsync(database, folder);

        var error = Assert.Single(report.Errors);
        Assert.StartsWith("organizations.csv:3:marking:", error, StringComparison.Ordinal);
        Assert.Contains("REL TO begins with USA", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_HeaderErrorsUnderABanner_NameLineTwo()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");

        var report = await ImportAsync(database, Folder("organizations.csv", "# CUI\nid,name,country,kind,colour\n"));

        Assert.Equal("organizations.csv:2:colour: unknown column", Assert.Single(report.Errors).Split(" (", 2)[0]);
    }

    [Fact]
    public async Task Csv_HashOnALaterLine_IsData()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var folder = Folder("organizations.csv", "name,id,country,kind\n# Hash Works KK,b-1,JP,supplier\n");

        var report = await ImportAsync(database, folder);

        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        await using var db = database.NewContext(AccessScope.System);
        Assert.Equal("# Hash Works KK", (await db.Organizations.SingleAsync()).Names.Single().Value);
    }

    [Fact]
    public async Task Xlsx_BannerInA1_IsSkipped()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var folder = _temp.NewDirectory();
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.Worksheets.Add("organizations");
            sheet.Cell(1, 1).SetValue("# CUI//NOFORN");
            string[] header = ["id", "name", "country", "kind", "marking"];
            string[] row = ["b-1", "One Inc", "US", "supplier", "CUI//NOFORN"];
            for (var c = 0; c < header.Length; c++)
            {
                sheet.Cell(2, c + 1).SetValue(header[c]);
                sheet.Cell(3, c + 1).SetValue(row[c]);
            }
            workbook.SaveAs(Path.Combine(folder, "organizations.xlsx"));
        }

        var report = await ImportAsync(database, folder);

        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        await using var db = database.NewContext(AccessScope.System);
        Assert.True((await db.Organizations.SingleAsync()).Marking.NoForn);
    }

    [Fact]
    public async Task Json_ExportEnvelope_ImportsItsRecords()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var folder = Folder("organizations.json", """
            { "marking": "CUI//REL TO USA, JPN", "needToKnow": ["gpi"],
              "records": [
                { "id": "b-1", "kind": "supplier", "country": "JP", "names": [{ "lang": "en", "value": "One KK" }], "marking": "CUI//REL TO USA, JPN" },
                { "id": "b-2", "kind": "supplier", "country": "JP", "names": [{ "lang": "en", "value": "Two KK" }] }
              ] }
            """);

        var report = await ImportAsync(database, folder);

        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        await using var db = database.NewContext(AccessScope.System);
        Assert.Equal(2, await db.Organizations.CountAsync());
        Assert.True((await db.Organizations.SingleAsync(o => o.Id == "b-2")).Marking.IsUnmarked);
    }

    [Theory]
    [InlineData("""{ "marking": "CUI", "rows": [] }""", "organizations.json:1:rows: unknown field")]
    [InlineData("""{ "marking": "CUI" }""", "organizations.json:1:records: the file holds no \"records\" list")]
    [InlineData("""{ "marking": 3, "records": [] }""", "organizations.json:1:marking: expected text")]
    [InlineData("{\n  \"records\": [\n    { \"id\": \"b-1\", \"colour\": \"red\" }\n  ]\n}", "organizations.json:3:colour: unknown field")]
    public async Task Json_BadEnvelope_SaysWhereAndWhy(string json, string expected)
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");

        var report = await ImportAsync(database, Folder("organizations.json", json));

        Assert.False(report.Succeeded);
        Assert.Contains(report.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
