using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Demo;
using Musubi.Core.Features.Export;
using Musubi.Core.Features.Import;
using Musubi.Testing;

namespace Musubi.Core.Tests.DataAccess;

/// <summary>
/// Every exported file carries the roll-up of the markings of the rows it holds, worked out here independently from
/// the rows themselves, for readers of different nationalities, programs and clearances, in every format.
/// </summary>
[RunsLong(26)]
public sealed class ExportMarkingTests
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    /// <summary>Marked package rows on top of the demo (whose package is unmarked), so package banners differ by reader.</summary>
    private static readonly (string Name, string Text)[] MarkedPackage =
    [
        ("parts.csv", """
            id,name,end_item,weapon,usml,eccn,marking,need_to_know
            px-1,Marked seeker,false,false,XII,,"CUI//REL TO USA, GBR, JPN",
            px-2,Marked motor,false,false,IV,,"CUI//SP-EXPT//REL TO USA, JPN",gpi
            px-3,Marked fuze,false,false,IV,,CUI//NOFORN,
            """),
        ("offers.csv", """
            id,part_id,facility_id,capacity_per_month,lead_time_days,unit_cost_usd,qualified,marking,need_to_know
            ox-1,px-1,rtx-tucson,10,90,1000,true,"CUI//REL TO USA, GBR, JPN",
            ox-2,px-2,rtx-tucson,10,90,1000,true,CUI//DISPLAY ONLY JPN,
            ox-3,px-3,rtx-tucson,10,90,1000,true,CUI//NOFORN,
            ox-4,px-2,rtx-tucson,10,90,1000,true,"CUI//REL TO USA, JPN",gpi
            """),
        ("offer_inputs.csv", """
            offer_id,input_part_id,quantity_per_unit
            ox-1,px-2,1
            ox-1,px-3,2
            """),
        ("approved_sources.csv", """
            offer_id,input_part_id,source_offer_id
            ox-1,px-2,ox-2
            ox-1,px-2,ox-4
            """),
    ];

    private static async Task<TestDatabase> DemoAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext(AccessScope.System);
        var demo = await DemoData.LoadAsync(db, database.Clock);
        Assert.True(demo.Succeeded, string.Join('\n', demo.Errors));
        using var marked = new TempDirectory("musubi-marked-");
        var folder = marked.Path;
        foreach (var (name, text) in MarkedPackage)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, name), text);
        }
        var extra = await new ImportService(db, database.Clock).ImportAsync([folder], new ImportOptions());
        Assert.True(extra.Succeeded, string.Join('\n', extra.Errors));
        return database;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EveryFile_CarriesTheRollUpOfItsRows_ForEveryReaderAndFormat(string provider)
    {
        await using var database = await DemoAsync(provider);
        List<AccessScope> readers = [AccessScope.System];
        await using (var db = database.NewContext(AccessScope.System))
        {
            foreach (var id in new[] { "us-acq", "jp-atla", "us-analyst", "gb-partner", "jp-bizdev" })
            {
                readers.Add(AccessScope.For(await db.Principals.SingleAsync(p => p.Id == id), database.Clock));
            }
        }
        var banners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reader in readers)
        {
            foreach (var format in new[] { ExportFormat.Csv, ExportFormat.Json, ExportFormat.Xlsx })
            {
                using var export = new TempDirectory("musubi-export-");
                var folder = export.Path;
                await using var db = database.NewContext(reader);
                var report = await new ExportService(db).ExportAsync(folder, format);

                var files = Files.Read(folder);
                foreach (var (file, content) in files.All)
                {
                    var expected = RolledUpMarking.RollUp(files.RowMarkings(file));
                    Assert.True(expected.Equals(content.Banner), $"{reader.PrincipalId} {file}: banner {content.Banner}, rows roll up to {expected}");
                    Assert.Equal(expected, report.Markings[file]);
                }
                var whole = RolledUpMarking.RollUp(files.All.Keys.SelectMany(files.RowMarkings));
                Assert.Equal(whole.ToString(), (await File.ReadAllLinesAsync(Path.Combine(folder, ExportService.MarkingFile)))[0]);
                Assert.Equal(whole, report.Marking);
                // The exporter may read — and keep — everything they were given, so the whole's banner admits them.
                Assert.True(whole.ReadableBy(reader) && whole.CopyableBy(reader), $"{reader.PrincipalId} cannot read their own export marked {whole}");
                banners[reader.PrincipalId + " " + format] = whole.ToString();
            }
        }
        // The roll-ups differ by reader, so the checks above compared something.
        Assert.Equal("CUI//SP-EXPT//NOFORN/FED ONLY [need to know: cca, gpi]", banners["system Csv"]);
        Assert.Equal("CUI//SP-EXPT//REL TO USA, JPN [need to know: cca, gpi]", banners["jp-atla Json"]);
        Assert.Equal("UNCLASSIFIED", banners["jp-bizdev Xlsx"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DisplayOnlyRecords_AreShownToTheirForeignReaders_ButNeverExportedToThem(string provider)
    {
        await using var database = await DemoAsync(provider);
        AccessScope japanese, american;
        await using (var db = database.NewContext(AccessScope.System))
        {
            japanese = AccessScope.For(await db.Principals.SingleAsync(p => p.Id == "jp-atla"), database.Clock);
            american = AccessScope.For(await db.Principals.SingleAsync(p => p.Id == "us-acq"), database.Clock);
        }
        foreach (var (reader, exported) in new[] { (japanese, false), (american, true) })
        {
            await using var db = database.NewContext(reader);
            Assert.NotNull(await db.Offers.SingleOrDefaultAsync(o => o.Id == "ox-2"));
            using var export = new TempDirectory("musubi-export-");
            var folder = export.Path;
            await new ExportService(db).ExportAsync(folder, ExportFormat.Csv);

            var offers = await File.ReadAllTextAsync(Path.Combine(folder, "offers.csv"));
            var approved = await File.ReadAllTextAsync(Path.Combine(folder, "approved_sources.csv"));
            Assert.Equal(exported, offers.Contains("ox-2,", StringComparison.Ordinal));
            Assert.Equal(exported, approved.Contains(",ox-2", StringComparison.Ordinal));
            Assert.Equal(exported, offers.Contains("DISPLAY ONLY", StringComparison.Ordinal));
        }
    }

    /// <summary>An export folder read back: each file's banner and the markings of its rows.</summary>
    private sealed class Files
    {
        public Dictionary<string, (RolledUpMarking Banner, List<Dictionary<string, string>> Rows)> All { get; } = new(StringComparer.Ordinal);

        public static Files Read(string folder)
        {
            var files = new Files();
            foreach (var path in Directory.EnumerateFiles(folder).Where(p => !p.EndsWith(ExportService.MarkingFile, StringComparison.Ordinal)))
            {
                var name = Path.GetFileName(path);
                files.All[name] = path.EndsWith(".json", StringComparison.Ordinal) ? Json(path) : Table(path);
            }
            return files;
        }

        private static (RolledUpMarking, List<Dictionary<string, string>>) Table(string path)
        {
            string bannerLine;
            if (path.EndsWith(".xlsx", StringComparison.Ordinal))
            {
                using var workbook = new ClosedXML.Excel.XLWorkbook(path);
                bannerLine = workbook.Worksheets.First().Cell(1, 1).GetString();
            }
            else
            {
                bannerLine = File.ReadLines(path).First();
            }
            Assert.StartsWith("# ", bannerLine, StringComparison.Ordinal);
            var rows = TabularFile.Rows(path, new ErrorSink()).ToList();
            var header = rows[0].Cells;
            var table = rows.Skip(1).Select(r => header.Select((h, i) => (h, v: r.Cells[i])).ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal)).ToList();
            return (FromBannerLine(bannerLine[2..]), table);
        }

        private static (RolledUpMarking, List<Dictionary<string, string>>) Json(string path)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var marking = Marking.TryParse(root.GetProperty("marking").GetString(), null, out var error);
            Assert.True(marking is not null, error);
            var programs = root.TryGetProperty("needToKnow", out var ntk) ? ntk.EnumerateArray().Select(p => p.GetString()!).ToList() : [];
            var banner = RolledUpMarking.RollUp([RolledUpMarking.Of(marking!), .. programs.Select(p => RolledUpMarking.Of(new Marking { NeedToKnow = p }))]);
            var rows = root.GetProperty("records").EnumerateArray().Select(r => new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["marking"] = r.TryGetProperty("marking", out var m) ? m.GetString() ?? "" : "",
                ["need_to_know"] = r.TryGetProperty("needToKnow", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "",
            }).ToList();
            return (banner, rows);
        }

        /// <summary>"CUI//NOFORN [need to know: cca, gpi]" → the roll-up it names.</summary>
        private static RolledUpMarking FromBannerLine(string line)
        {
            var cut = line.IndexOf(" [need to know: ", StringComparison.Ordinal);
            var programs = cut < 0 ? [] : line[(cut + " [need to know: ".Length)..^1].Split(", ");
            var marking = Marking.TryParse(cut < 0 ? line : line[..cut], null, out var error);
            Assert.True(marking is not null, error);
            return RolledUpMarking.RollUp([RolledUpMarking.Of(marking!), .. programs.Select(p => RolledUpMarking.Of(new Marking { NeedToKnow = p }))]);
        }

        /// <summary>The markings of a file's rows; inputs and approved sources are marked as the offers and parts they name.</summary>
        public IEnumerable<Marking> RowMarkings(string file)
        {
            Marking Of(string stem, string id) =>
                Parse(All[stem].Rows.Single(r => r["id"] == id));
            return file switch
            {
                "offer_inputs.csv" => All[file].Rows.SelectMany(r => new[] { Of("offers.csv", r["offer_id"]), Of("parts.csv", r["input_part_id"]) }),
                "approved_sources.csv" => All[file].Rows.SelectMany(r => new[]
                {
                    Of("offers.csv", r["offer_id"]), Of("offers.csv", r["source_offer_id"]), Of("parts.csv", r["input_part_id"]),
                }),
                _ => All[file].Rows.Select(Parse),
            };
        }

        private static Marking Parse(Dictionary<string, string> row)
        {
            var marking = Marking.TryParse(row.GetValueOrDefault("marking"), row.GetValueOrDefault("need_to_know"), out var error);
            Assert.True(marking is not null, error);
            return marking!;
        }
    }
}
