using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;

namespace Musubi.Web.Tests.Audit;

/// <summary>Only security officers read and verify the audit; denials, marked reads and writes over HTTP land in it.</summary>
public sealed class AuditApiTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    private async Task<List<AuditEvent>> EventsAsync()
    {
        await using var db = factory.Database.NewContext(AccessScope.System);
        return await db.AuditEvents.AsNoTracking().OrderBy(e => e.Seq).ToListAsync();
    }

    [Theory]
    [InlineData("us-acq")]
    [InlineData("admin")]
    [InlineData("us-analyst")]
    [InlineData(null)]
    public async Task OnlySecurityOfficers_ReadTheAudit_AndEachRefusalIsAudited(string? principal)
    {
        using var response = await factory.ClientAs(principal).GetAsync("/api/audit");
        using var verify = await factory.ClientAs(principal).GetAsync("/api/audit/verify");

        var expected = principal is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected, verify.StatusCode);
        if (principal is not null)
        {
            Assert.Contains(await EventsAsync(), e => e is { Type: AuditTypes.AccessDenied, Outcome: AuditOutcomes.Denied, Object: "GET /api/audit/verify" } && e.PrincipalId == principal);
        }
    }

    [Fact]
    public async Task SecurityOfficer_ListsFilteredEvents_AndTheReadIsAudited()
    {
        using var denied = await factory.ClientAs("us-analyst").GetAsync("/api/audit");
        var client = factory.ClientAs("us-security");

        var page = await client.GetFromJsonAsync<JsonElement>("/api/audit?type=access.*&principal=us-analyst&pageSize=5");

        Assert.True(page.GetProperty("total").GetInt32() >= 1);
        Assert.All(page.GetProperty("items").EnumerateArray(), e =>
        {
            Assert.StartsWith("access.", e.GetProperty("type").GetString(), StringComparison.Ordinal);
            Assert.Equal("us-analyst", e.GetProperty("principalId").GetString());
        });
        Assert.Contains(await EventsAsync(), e => e is { Type: AuditTypes.AuditRead, PrincipalId: "us-security" });
    }

    [Fact]
    public async Task BadQuery_Is400NamingTheField()
    {
        using var response = await factory.ClientAs("us-security").GetAsync("/api/audit?since=yesterday&pageSize=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("since", out _));
        Assert.True(errors.TryGetProperty("pageSize", out _));
    }

    [Fact]
    public async Task ReadOfAMarkedRecord_IsAudited_AndOfAnUnmarkedOneIsNot()
    {
        _ = factory.Server;
        string marked, unmarked;
        await using (var db = factory.Database.NewContext(AccessScope.System))
        {
            marked = await db.Organizations.Where(o => o.Marking.NoForn).Select(o => o.Id).FirstAsync();
            var all = await db.Organizations.AsNoTracking().ToListAsync();
            unmarked = all.First(o => o.Marking.IsUnmarked).Id;
        }
        var client = factory.ClientAs("us-acq");

        (await client.GetAsync($"/api/organizations/{marked}")).EnsureSuccessStatusCode();
        (await client.GetAsync($"/api/organizations/{unmarked}")).EnsureSuccessStatusCode();
        (await client.GetAsync($"/registry/organizations/{marked}")).EnsureSuccessStatusCode();

        var reads = (await EventsAsync()).Where(e => e.Type == AuditTypes.RecordRead && e.PrincipalId == "us-acq").ToList();
        Assert.Equal(2, reads.Count(e => e.Object == $"organizations/{marked}"));
        Assert.DoesNotContain(reads, e => e.Object == $"organizations/{unmarked}");
        Assert.Contains("NOFORN", reads[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ReportsAnIntactLog_AndTheLogCannotBeChangedOverHttp()
    {
        var client = factory.ClientAs("us-security");
        (await client.GetAsync("/api/audit")).EnsureSuccessStatusCode();

        var result = await client.GetFromJsonAsync<JsonElement>("/api/audit/verify");

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.True(result.GetProperty("events").GetInt64() >= 1);
        foreach (var method in new[] { HttpMethod.Delete, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Post })
        {
            using var request = new HttpRequestMessage(method, "/api/audit/1") { Content = JsonContent.Create(new { detail = "x" }) };
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest, $"{method}: {response.StatusCode}");
        }
        Assert.True((await client.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task AuditPage_OpensForSecurityOfficers_InEnglishAndJapanese_AndIsRefusedToOthers()
    {
        var officer = factory.ClientAs("us-security");

        var english = await officer.GetStringAsync("/audit?culture=en");
        var japanese = await officer.GetStringAsync("/audit?culture=ja");
        using var other = await factory.ClientAs("admin").GetAsync("/audit");

        Assert.Contains("Audit log", english, StringComparison.Ordinal);
        Assert.Contains("監査ログ", japanese, StringComparison.Ordinal);
        Assert.Contains("Verify the log", english, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }
}
