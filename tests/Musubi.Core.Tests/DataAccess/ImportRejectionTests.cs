using System.Text;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Export;
using Musubi.Core.Features.Import;
using Musubi.Testing;

namespace Musubi.Core.Tests.DataAccess;

/// <summary>Input that must be refused with its place named, and text that must survive a spreadsheet.</summary>
public sealed class ImportRejectionTests : IDisposable
{
    private readonly TempDirectory _temp = new("musubi-reject-");

    public void Dispose() => _temp.Dispose();

    private static async Task<ImportReport> ImportAsync(TestDatabase database, string folder, long maxBytes = 2L << 30)
    {
        await using var db = database.NewContext(AccessScope.System);
        return await new ImportService(db, database.Clock).ImportAsync([folder], new ImportOptions { MaxFileBytes = maxBytes });
    }

    private string Folder(params (string Name, byte[] Bytes)[] files)
    {
        var folder = _temp.NewDirectory();
        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }
        return folder;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Import_ShiftJisFile_NamesTheLineAndWritesNothing()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var bytes = Utf8("id,name,country,kind\nok-1,Fine KK,JP,supplier\n").Concat(new byte[] { 0x6B, 0x2C, 0x8E, 0x4F, 0x95, 0x48, 0x2C, 0x4A, 0x50, 0x2C, 0x73, 0x0A }).ToArray();

        var report = await ImportAsync(database, Folder(("organizations.csv", bytes)));

        Assert.Equal("organizations.csv:3:file: not valid UTF-8 (save the file as UTF-8; Shift_JIS and Latin-1 are not accepted)", Assert.Single(report.Errors));
        await using var db = database.NewContext(AccessScope.System);
        Assert.Equal(0, await db.Organizations.CountAsync());
    }

    [Fact]
    public async Task Import_FileOverTheLimit_IsRefusedBeforeReading()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");

        var report = await ImportAsync(database, Folder(("organizations.csv", Utf8("id,name,country,kind\nok-1,Fine KK,JP,supplier\n"))), maxBytes: 10);

        Assert.Contains("over the limit of 10 bytes", Assert.Single(report.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UnknownColumnAndMissingColumn_AreNamed()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");

        var report = await ImportAsync(database, Folder(("offers.csv", Utf8("id,part_id,capacity,lead_time_days,unit_cost_usd,qualified\n"))));

        Assert.Contains(report.Errors, e => e.StartsWith("offers.csv:1:capacity: unknown column", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e == "offers.csv:1:facility_id: required column is missing");
    }

    [Fact]
    public async Task Import_JsonWithUnknownFieldAndBadType_NamesLineAndField()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        const string json = """
            [
              { "id": "a", "kind": "supplier", "country": "JP", "names": [{ "lang": "en", "value": "A" }] },
              { "id": "b", "kind": "supplier", "country": "JP",
                "names": [{ "lang": "en", "value": "B" }], "colour": "red" },
              { "id": "c", "kind": "supplier", "country": "JP", "names": [{ "lang": "en", "value": "C" }],
                "defenseRevenueShare": "lots" }
            ]
            """;

        var report = await ImportAsync(database, Folder(("organizations.json", Utf8(json))));

        Assert.Contains(report.Errors, e => e.StartsWith("organizations.json:4:colour: unknown field", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.StartsWith("organizations.json:6:defenseRevenueShare: expected a number", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_CheckDigitsAndIdentifiers_AreChecked()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");

        var report = await ImportAsync(database, Folder(("organizations.csv",
            Utf8("id,name,country,kind,jcn,lei,cage\nx-1,X KK,JP,supplier,3000012345678,,\nx-2,Y Inc,US,supplier,,5493001KJTIIGC8Y1R13,12\n"))));

        Assert.Contains(report.Errors, e => e.StartsWith("organizations.csv:2:jcn: corporate number '3000012345678' has check digit 3, expected 2", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.StartsWith("organizations.csv:3:lei:", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.StartsWith("organizations.csv:3:cage:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_FormulaLikeText_IsDefusedInCsvAndSurvivesReimport()
    {
        await using var source = await TestDatabase.CreateAsync("sqlite");
        await using var target = await TestDatabase.CreateAsync("sqlite");
        const string evil = "=HYPERLINK(\"http://example.invalid\",\"click\")";
        var report = await ImportAsync(source, Folder(("organizations.csv",
            Utf8($"id,name,country,kind\nevil-1,\"{evil.Replace("\"", "\"\"", StringComparison.Ordinal)}\",GB,supplier\n"))));
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        var folder = _temp.NewDirectory();
        await using (var db = source.NewContext(AccessScope.System))
        {
            await new ExportService(db).ExportAsync(folder, ExportFormat.Csv);
        }

        var csv = await File.ReadAllTextAsync(Path.Combine(folder, "organizations.csv"));
        Assert.Contains("'=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.True((await ImportAsync(target, folder)).Succeeded);
        await using var check = target.NewContext(AccessScope.System);
        Assert.Equal(evil, (await check.Organizations.SingleAsync(o => o.Id == "evil-1")).Name);
    }
}
