using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Testing;

namespace Musubi.Web.Tests.Access;

/// <summary>Japanese accounts never see a NOFORN record through any HTTP route: list, detail, search, export, pages.</summary>
public abstract class NoFornApiTests(MusubiFactory factory)
{
    private async Task<(List<string> NoForn, List<string> Japanese)> SetupAsync()
    {
        _ = factory.Server; // start the host: migrates and loads the demo dataset
        await using var db = factory.Database.NewContext(AccessScope.System);
        var noForn = await db.Organizations.Where(o => o.Marking.NoForn).Select(o => o.Id).ToListAsync();
        noForn.AddRange(await db.Requirements.Where(o => o.Marking.NoForn).Select(o => o.Id).ToListAsync());
        noForn.AddRange(await db.Facilities.Where(o => o.Marking.NoForn).Select(o => o.Id).ToListAsync());
        var japanese = await db.Principals.Where(p => p.Nationality == "JP").Select(p => p.Id).ToListAsync();
        Assert.NotEmpty(noForn);
        Assert.NotEmpty(japanese);
        return (noForn, japanese);
    }

    [Fact]
    public async Task JapaneseAccounts_NeverSeeNoForn_ThroughAnyRoute()
    {
        var (noForn, japanese) = await SetupAsync();
        var usCount = (await factory.ClientAs("us-acq").GetFromJsonAsync<JsonElement>("/api/organizations?pageSize=500")).GetProperty("total").GetInt32();
        foreach (var principal in japanese)
        {
            var client = factory.ClientAs(principal);
            foreach (var kind in new[] { "organizations", "facilities", "requirements" })
            {
                var list = await client.GetStringAsync($"/api/{kind}?pageSize=500");
                Assert.DoesNotContain("NOFORN", list, StringComparison.Ordinal);
                foreach (var id in noForn)
                {
                    Assert.DoesNotContain($"\"{id}\"", list, StringComparison.Ordinal);
                    Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/{kind}/{id}")).StatusCode);
                    Assert.DoesNotContain($"\"{id}\"", await client.GetStringAsync($"/api/{kind}?q={id}"), StringComparison.Ordinal);
                }
            }
            var japaneseCount = (await client.GetFromJsonAsync<JsonElement>("/api/organizations?pageSize=500")).GetProperty("total").GetInt32();
            Assert.True(japaneseCount < usCount, $"{principal} sees {japaneseCount} organizations, as many as a U.S. officer");

            foreach (var format in new[] { "json", "csv", "xlsx" })
            {
                var zip = await client.GetByteArrayAsync($"/api/export?format={format}");
                using var archive = new ZipArchive(new MemoryStream(zip));
                foreach (var entry in archive.Entries.Where(e => !e.Name.EndsWith(".xlsx", StringComparison.Ordinal)))
                {
                    using var reader = new StreamReader(await entry.OpenAsync());
                    var text = await reader.ReadToEndAsync();
                    Assert.DoesNotContain("NOFORN", text, StringComparison.Ordinal);
                    Assert.All(noForn, id => Assert.DoesNotContain(id, text, StringComparison.Ordinal));
                }
            }
        }
    }
}

public sealed class SqliteNoFornApiTests(MusubiFactory factory) : NoFornApiTests(factory), IClassFixture<MusubiFactory>;

public sealed class PostgresNoFornApiTests(PostgresMusubiFactory factory) : NoFornApiTests(factory), IClassFixture<PostgresMusubiFactory>;
