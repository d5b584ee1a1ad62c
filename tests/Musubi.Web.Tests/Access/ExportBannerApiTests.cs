using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Musubi.Core.Features.Access;

namespace Musubi.Web.Tests.Access;

/// <summary>
/// GET /api/export: the zip names its marking in MARKING.txt, every file carries its banner, and the whole is the
/// roll-up of every record the caller was given — different for each caller.
/// </summary>
public abstract class ExportBannerApiTests(MusubiFactory factory)
{
    [Fact]
    public async Task ExportZip_CarriesTheRollUpOfWhatTheCallerReceived()
    {
        var wholes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var principal in new[] { "us-acq", "jp-atla", "gb-partner" })
        {
            var zip = await factory.ClientAs(principal).GetByteArrayAsync("/api/export?format=json");
            using var archive = new ZipArchive(new MemoryStream(zip));
            var parts = new List<Marking>();
            var fileBanners = new List<string>();
            foreach (var entry in archive.Entries.Where(e => e.Name != "MARKING.txt"))
            {
                using var reader = new StreamReader(await entry.OpenAsync());
                var text = await reader.ReadToEndAsync();
                if (entry.Name.EndsWith(".json", StringComparison.Ordinal))
                {
                    using var document = JsonDocument.Parse(text);
                    var banner = document.RootElement.GetProperty("marking").GetString()!;
                    Assert.NotNull(Marking.TryParse(banner, null, out _));
                    fileBanners.Add(banner);
                    foreach (var record in document.RootElement.GetProperty("records").EnumerateArray())
                    {
                        var marking = record.TryGetProperty("marking", out var m) ? m.GetString() : null;
                        var needToKnow = record.TryGetProperty("needToKnow", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                        parts.Add(Marking.TryParse(marking, needToKnow, out _)!);
                    }
                }
                else
                {
                    Assert.StartsWith("# ", text, StringComparison.Ordinal);
                    fileBanners.Add(text[2..text.IndexOf('\r', StringComparison.Ordinal)]);
                }
            }
            using var markingFile = new StreamReader(await archive.GetEntry("MARKING.txt")!.OpenAsync());
            var whole = (await markingFile.ReadLineAsync())!;

            // The package tables are unmarked in the demo, so the registry records decide the whole.
            Assert.Equal(Marking.RollUp(parts).ToString(), whole);
            // …and the whole is also the roll-up of the files' own banners.
            var files = fileBanners.Select(b => Marking.TryParse(b.Split(" [need to know: ", 2)[0], null, out var error) ?? throw new InvalidOperationException(b + ": " + error));
            Assert.Equal(Marking.RollUp(files).Banner, whole.Split(" [need to know: ", 2)[0]);
            wholes[principal] = whole;
        }
        Assert.StartsWith("CUI//SP-EXPT//NOFORN/FED ONLY", wholes["us-acq"], StringComparison.Ordinal);
        Assert.StartsWith("CUI//SP-EXPT//REL TO USA, JPN", wholes["jp-atla"], StringComparison.Ordinal);
        Assert.StartsWith("CUI//REL TO USA, GBR, ITA, JPN", wholes["gb-partner"], StringComparison.Ordinal);
    }
}

/// <summary>A banner out of canonical order is refused over the API with the form to write, never silently reordered.</summary>
public sealed class MarkingApiTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    [Theory]
    [InlineData("CUI//REL TO JPN, USA", "write 'CUI//REL TO USA, JPN'")]
    [InlineData("CUI//REL TO USA", "at least one other country")]
    [InlineData("CUI//NOFORN/REL TO USA, JPN", "cannot be combined")]
    [InlineData("CUI//FEDCON", "contractor attribute")]
    public async Task Create_BadBanner_Returns400NamingMarking(string banner, string reason)
    {
        var body = $$"""{"id":"banner-1","kind":"supplier","country":"JP","names":[{"lang":"en","value":"X"}],"marking":"{{banner}}"}""";

        var response = await factory.ClientAs("us-acq").PostAsync("/api/organizations", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").GetProperty("marking");
        Assert.Contains(errors.EnumerateArray(), e => e.GetString()!.Contains(reason, StringComparison.Ordinal));
    }
}

public sealed class SqliteExportBannerApiTests(MusubiFactory factory) : ExportBannerApiTests(factory), IClassFixture<MusubiFactory>;

public sealed class PostgresExportBannerApiTests(PostgresMusubiFactory factory) : ExportBannerApiTests(factory), IClassFixture<PostgresMusubiFactory>;
