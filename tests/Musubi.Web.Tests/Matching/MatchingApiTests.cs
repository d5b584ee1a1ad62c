using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Matching;

namespace Musubi.Web.Tests.Matching;

/// <summary>
/// The <c>/api/match</c> routes on the demo registry: the issue's shapes with explanations, the audit event, 400s naming
/// the field, 404s for what is missing or hidden, and access — a reader never gets a record they may not see in
/// results, the excluded list or the reverse ranking.
/// </summary>
public sealed class MatchingApiTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    private static async Task<(JsonElement Root, string Text)> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return (JsonDocument.Parse(text).RootElement, text);
    }

    private static async Task BadRequestAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(text).RootElement;
        Assert.True(root.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for {field}: {text}");
        Assert.NotEqual(0, messages.GetArrayLength());
    }

    private static async Task NotFoundAsync(HttpResponseMessage response, string hidden)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (hidden.Length > 0)
        {
            Assert.DoesNotContain(hidden, text, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> Facilities(JsonElement root) =>
        root.GetProperty("results").EnumerateArray().Concat(root.GetProperty("excluded").EnumerateArray()).Select(r => r.GetProperty("facilityId").GetString()!);

    [Fact]
    public async Task Requirement_HasTheIssuesShape_AndIsAudited()
    {
        var (root, _) = await OkAsync(await factory.ClientAs("us-acq").GetAsync("/api/match/requirements/req-005?top=3"));

        Assert.Equal("req-005", root.GetProperty("requirement").GetProperty("id").GetString());
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.InRange(results.Count, 1, 3);
        foreach (var r in results)
        {
            Assert.False(string.IsNullOrEmpty(r.GetProperty("organizationId").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("facilityId").GetString()));
            var explanation = r.GetProperty("explanation").EnumerateArray().ToList();
            Assert.All(explanation, e => Assert.Contains(e.GetProperty("kind").GetString(), new[] { "filter", "score" }));
            Assert.Equal(r.GetProperty("score").GetDouble(),
                explanation.Where(e => e.GetProperty("kind").GetString() == "score").Sum(e => e.GetProperty("contribution").GetDouble()), 9);
            Assert.Contains(explanation, e => e.GetProperty("code").GetString() == "capability" && e.GetProperty("passed").GetBoolean());
        }
        Assert.Equal(0, root.GetProperty("excluded").GetArrayLength());

        await using var db = factory.Database.NewContext(AccessScope.System);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Type == MatchingAuditTypes.Ranked && e.PrincipalId == "us-acq" && e.Object == "match/requirement/req-005"));
    }

    [Fact]
    public async Task Requirement_ExplainExcluded_GivesEveryCandidateWithWhy()
    {
        var (root, _) = await OkAsync(await factory.ClientAs("admin").GetAsync("/api/match/requirements/req-001?top=1000&explainExcluded=true"));

        var all = Facilities(root).ToList();
        Assert.Equal(root.GetProperty("candidates").GetInt32(), all.Count);
        Assert.Contains("ng-promontory", all);
        Assert.All(root.GetProperty("excluded").EnumerateArray(), e =>
            Assert.Contains(e.GetProperty("reasons").EnumerateArray(), x => !x.GetProperty("passed").GetBoolean()));
    }

    [Fact]
    public async Task Supplier_RanksOpenRequirements_AndIsAudited()
    {
        var (root, _) = await OkAsync(await factory.ClientAs("us-acq").GetAsync("/api/match/suppliers/melco?top=5"));

        Assert.Equal("melco", root.GetProperty("organization").GetProperty("id").GetString());
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.InRange(results.Count, 1, 5);
        Assert.All(results, r => Assert.NotEqual(0, r.GetProperty("explanation").GetArrayLength()));
        await using var db = factory.Database.NewContext(AccessScope.System);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Type == MatchingAuditTypes.Ranked && e.PrincipalId == "us-acq" && e.Object == "match/organization/melco"));
    }

    [Theory]
    [InlineData("/api/match/requirements/req-005?top=0", "top")]
    [InlineData("/api/match/requirements/req-005?top=1001", "top")]
    [InlineData("/api/match/requirements/req-005?top=ten", "top")]
    [InlineData("/api/match/requirements/req-005?explainExcluded=maybe", "explainExcluded")]
    [InlineData("/api/match/requirements/req-005?weights=speed=1", "weights")]
    [InlineData("/api/match/requirements/req-005?weights=text=-0.5", "weights")]
    [InlineData("/api/match/requirements/req-005?weights=text", "weights")]
    [InlineData("/api/match/suppliers/melco?top=-1", "top")]
    [InlineData("/api/match/suppliers/melco?weights=text=1,text=2", "weights")]
    public async Task BadInput_Is400NamingTheField(string url, string field) =>
        await BadRequestAsync(await factory.ClientAs("us-acq").GetAsync(url), field);

    [Fact]
    public async Task MissingOrHidden_Is404_TheSame()
    {
        // jp-bizdev has no CUI access: req-001 (CUI//REL TO USA, JPN) answers as a missing one does.
        await NotFoundAsync(await factory.ClientAs("jp-bizdev").GetAsync("/api/match/requirements/req-001"), "Second-stage");
        await NotFoundAsync(await factory.ClientAs("jp-bizdev").GetAsync("/api/match/requirements/req-none"), "");
        // tsukuba-ir is REL TO USA, JPN: the UK partner gets a 404, the U.S. reader its opportunities.
        await NotFoundAsync(await factory.ClientAs("gb-partner").GetAsync("/api/match/suppliers/tsukuba-ir"), "Tsukuba");
        await NotFoundAsync(await factory.ClientAs("gb-partner").GetAsync("/api/match/suppliers/no-such-org"), "");
        await OkAsync(await factory.ClientAs("us-bizdev").GetAsync("/api/match/suppliers/tsukuba-ir"));
    }

    [Fact]
    public async Task HiddenSuppliers_AreNeverInResultsOrExcluded()
    {
        // ozc-batesville is NOFORN with need-to-know GPI: a Japanese official sees req-001 but never the facility; the
        // U.S. acquisition officer (a GPI member) does.
        var (admin, _) = await OkAsync(await factory.ClientAs("us-acq").GetAsync("/api/match/requirements/req-001?top=1000&explainExcluded=true"));
        Assert.Contains("ozc-batesville", Facilities(admin));
        var (japan, japanText) = await OkAsync(await factory.ClientAs("jp-atla").GetAsync("/api/match/requirements/req-001?top=1000&explainExcluded=true"));
        Assert.DoesNotContain("ozc-batesville", Facilities(japan));
        Assert.DoesNotContain("Ozark", japanText, StringComparison.Ordinal);

        // tir-mito is REL TO USA, JPN: the UK partner sees the unmarked req-018 without it; a U.S. reader with it.
        var (uk, ukText) = await OkAsync(await factory.ClientAs("gb-partner").GetAsync("/api/match/requirements/req-018?top=1000&explainExcluded=true"));
        Assert.DoesNotContain("tir-mito", Facilities(uk));
        Assert.DoesNotContain("Tsukuba Infrared", ukText, StringComparison.Ordinal);
        var (us, _) = await OkAsync(await factory.ClientAs("us-bizdev").GetAsync("/api/match/requirements/req-018?top=1000&explainExcluded=true"));
        Assert.Contains("tir-mito", Facilities(us));
    }

    [Fact]
    public async Task Reverse_OffersOnlyRequirementsTheReaderMaySee()
    {
        HashSet<string> unmarked;
        await using (var db = factory.Database.NewContext(AccessScope.System))
        {
            unmarked = (await db.Requirements.AsNoTracking().ToListAsync()).Where(r => r.Marking.IsUnmarked).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        }
        // jp-bizdev has no CUI access: only unmarked requirements may reach them.
        var (root, _) = await OkAsync(await factory.ClientAs("jp-bizdev").GetAsync("/api/match/suppliers/northrop?top=1000"));
        var ids = root.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("requirementId").GetString()!).ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Contains(id, unmarked));
    }

    [Fact]
    public async Task Anonymous_IsRefused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ClientAs(null).GetAsync("/api/match/requirements/req-005")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ClientAs(null).GetAsync("/api/match/suppliers/melco")).StatusCode);
    }
}
