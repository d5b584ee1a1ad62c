using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Network;
using Musubi.Core.Features.Registry;

namespace Musubi.Web.Tests.Network;

/// <summary>The <c>/api/network</c> routes on the demo registry: every analysis, the audit event, and bad input as a 400 naming the field.</summary>
public sealed class NetworkApiTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    internal static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> BadRequestAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(text).RootElement;
        Assert.True(root.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for {field}: {text}");
        Assert.NotEqual(0, messages.GetArrayLength());
        return root;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Items_ListTheDemoEndItems()
    {
        var root = await OkAsync(await factory.ClientAs("us-acq").GetAsync("/api/network/items"));

        var items = root.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("partId").GetString()!, i => i);
        Assert.Contains("p-int", items.Keys);
        Assert.Contains("p-suas", items.Keys);
        Assert.True(items["p-int"].GetProperty("producible").GetBoolean());
        Assert.True(root.GetProperty("offers").GetInt32() > 100);
    }

    [Fact]
    public async Task Critical_ByCountry_NamesTheUnitsAndIsAudited()
    {
        var root = await OkAsync(await factory.ClientAs("us-acq").GetAsync("/api/network/critical?item=p-int&unit=country"));

        Assert.Equal("country", root.GetProperty("unit").GetString());
        var units = root.GetProperty("critical").EnumerateArray().Select(c => c.GetProperty("unit").GetString()).ToList();
        Assert.Contains("country:US", units);
        Assert.All(root.GetProperty("critical").EnumerateArray(), c => Assert.NotEqual(0, c.GetProperty("why").GetArrayLength()));
        await using var db = factory.Database.NewContext(AccessScope.System);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Type == NetworkAuditTypes.Analyzed && e.PrincipalId == "us-acq" && e.Object == "network/p-int"));
    }

    [Fact]
    public async Task Pairs_Concentration_Graph_AnswerForTheDrone()
    {
        var client = factory.ClientAs("us-acq");

        var pairs = await OkAsync(await client.GetAsync("/api/network/pairs?item=p-suas&unit=organization&top=5"));
        var concentration = await OkAsync(await client.GetAsync("/api/network/concentration?item=p-suas&adversary=CN,RU"));
        var graph = await OkAsync(await client.GetAsync("/api/network/graph?item=p-suas&unit=organization"));

        Assert.True(pairs.GetProperty("pairs").GetArrayLength() <= 5);
        Assert.Equal(["CN", "RU"], concentration.GetProperty("adversaryCountries").EnumerateArray().Select(c => c.GetString()).Order(StringComparer.Ordinal).ToList());
        Assert.NotEqual(0, concentration.GetProperty("tiers").GetArrayLength());
        var tiers = graph.GetProperty("tiers").EnumerateArray().ToList();
        Assert.Equal("p-suas", Assert.Single(tiers[0].GetProperty("parts").EnumerateArray().ToList()).GetProperty("partId").GetString());
        Assert.True(tiers.Count > 2);
        var critical = graph.GetProperty("critical").EnumerateArray().Select(c => c.GetProperty("unit").GetString()).ToHashSet();
        Assert.Contains("organization:enshu-motor", critical);
        var flagged = tiers.SelectMany(t => t.GetProperty("parts").EnumerateArray()).SelectMany(p => p.GetProperty("offers").EnumerateArray())
            .Where(o => o.GetProperty("critical").GetBoolean()).Select(o => o.GetProperty("unit").GetString()).ToHashSet();
        Assert.Contains("organization:enshu-motor", flagged);
        Assert.True(flagged.IsSubsetOf(critical));
    }

    [Fact]
    public async Task Disrupt_LosingJapan_StopsTheInterceptor_WithOutputBeforeAndAfter()
    {
        var root = await OkAsync(await factory.ClientAs("us-acq").PostAsync("/api/network/disrupt", Json("""{ "remove": ["country:JP"], "items": ["p-int"] }""")));

        var item = Assert.Single(root.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal("p-int", item.GetProperty("partId").GetString());
        Assert.True(item.GetProperty("producibleBefore").GetBoolean());
        Assert.False(item.GetProperty("producibleAfter").GetBoolean());
        Assert.True(item.GetProperty("maxMonthlyBefore").GetDouble() > 0);
        Assert.Equal(0, item.GetProperty("maxMonthlyAfter").GetDouble(), 6);
    }

    [Fact]
    public async Task Briefing_IsAMarkdownDownloadWithTheFindings()
    {
        var response = await factory.ClientAs("us-acq").GetAsync("/api/network/briefing?item=p-int&unit=organization&remove=country:JP");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("network-briefing-p-int.md", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("# Supply-network briefing: ", text, StringComparison.Ordinal);
        Assert.Contains("## Single points of failure (organization)", text, StringComparison.Ordinal);
        Assert.Contains("## Concentration by tier", text, StringComparison.Ordinal);
        Assert.Contains("## What if `country:JP` is lost", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProgramCritical_AnalyzesEveryEndItemOfTheProgram()
    {
        var root = await OkAsync(await factory.ClientAs("us-acq").GetAsync("/api/network/programs/sm3-iia/critical?unit=country"));

        Assert.Equal("sm3-iia", root.GetProperty("program").GetString());
        var item = Assert.Single(root.GetProperty("items").EnumerateArray());
        Assert.Equal("p-int", item.GetProperty("item").GetString());
        Assert.Contains(item.GetProperty("critical").EnumerateArray(), c => c.GetProperty("unit").GetString() == "country:US");
        Assert.Empty(root.GetProperty("endItemsNotInNetwork").EnumerateArray());
        await BadRequestAsync(await factory.ClientAs("us-acq").GetAsync("/api/network/programs/no-such-program/critical"), "program");
        await BadRequestAsync(await factory.ClientAs("us-acq").GetAsync("/api/network/programs/sm3-iia/critical?unit=planet"), "unit");
    }

    [Fact]
    public async Task BadInput_Is400NamingTheField()
    {
        var client = factory.ClientAs("us-acq");

        await BadRequestAsync(await client.GetAsync("/api/network/critical"), "item");
        await BadRequestAsync(await client.GetAsync("/api/network/critical?item=p-nothing"), "item");
        await BadRequestAsync(await client.GetAsync("/api/network/critical?item=p-int&unit=planet"), "unit");
        await BadRequestAsync(await client.GetAsync("/api/network/pairs?item=p-int&top=abc"), "top");
        await BadRequestAsync(await client.GetAsync("/api/network/pairs?item=p-int&top=0"), "top");
        await BadRequestAsync(await client.GetAsync("/api/network/concentration?item=p-int&adversary=CHN"), "adversary");
        await BadRequestAsync(await client.GetAsync("/api/network/graph?item=p-int&unit=x"), "unit");
        await BadRequestAsync(await client.GetAsync("/api/network/briefing?item=p-int&remove=country"), "remove");
        await BadRequestAsync(await client.PostAsync("/api/network/disrupt", Json("""{ "remove": [] }""")), "remove");
        await BadRequestAsync(await client.PostAsync("/api/network/disrupt", Json("""{ "remove": ["galaxy:x"] }""")), "remove");
        await BadRequestAsync(await client.PostAsync("/api/network/disrupt", Json("""{ "remove": ["organization:no-such-org"] }""")), "remove");
        await BadRequestAsync(await client.PostAsync("/api/network/disrupt", Json("""{ "remove": ["country:JP"], "items": ["p-nothing"] }""")), "items");
    }

    [Fact]
    public async Task Anonymous_IsRefused()
    {
        var response = await factory.ClientAs(null).GetAsync("/api/network/items");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

/// <summary>
/// A NOFORN organization's offers stay out of a Japanese reader's network: a second, NOFORN source of the lethality
/// enhancer (which MHI alone makes in the demo) makes MHI's offer no longer critical for the U.S. reader, while the Japanese
/// reader's analyses neither name the NOFORN organization, facility or offer nor count on it.
/// </summary>
public abstract class NetworkAccessTests(MusubiFactory factory)
{
    private const string Organization = "nf-test-org";
    private const string Facility = "nf-test-fac";
    private const string Offer = "o-nf-test-le";
    private const string HiddenEsc = "o-nf-test-esc";
    private const string Starved = "o-nf-test-prop";

    /// <summary>MHI's offer of the lethality enhancer: its only source in the demo, so critical until the NOFORN second source is seen.</summary>
    private const string MhiEnhancer = "offer:o-p-int-le--mhi-nagoya-guidance";

    private async Task SeedAsync()
    {
        _ = factory.Server;
        await using var db = factory.Database.NewContext(AccessScope.System);
        if (await db.Offers.AnyAsync(o => o.Id == Offer))
        {
            return;
        }
        var noForn = Marking.TryParse("CUI//NOFORN", null, out var error) ?? throw new InvalidOperationException(error);
        var organization = new Organization
        {
            Id = Organization,
            Kind = OrganizationKind.Supplier,
            Country = "US",
            Name = "Hidden Lethality Works",
            Names = [new OrganizationName { Lang = "en", Value = "Hidden Lethality Works", Primary = true }],
            Marking = noForn,
        };
        organization.SyncNames();
        db.Organizations.Add(organization);
        db.Facilities.Add(new Facility
        {
            Id = Facility,
            OrganizationId = Organization,
            Name = "Hidden plant",
            Country = "US",
            Region = "AL",
            Marking = Marking.TryParse("CUI//NOFORN", null, out _)!,
        });
        // The offer itself is unmarked: it is its facility that hides it.
        db.Offers.Add(new SourcingOffer
        {
            Id = Offer,
            PartId = "p-int-le",
            FacilityId = Facility,
            CapacityPerMonth = 10,
            LeadTimeDays = 200,
            UnitCostUsd = 100_000,
            Qualified = true,
        });
        // A visible propulsion offer whose ESC input is restricted to one approved source, a NOFORN one: a reader who
        // cannot see that source must not see the offer either (its input must not fall back to "any qualified ESC").
        db.Offers.Add(new SourcingOffer
        {
            Id = HiddenEsc,
            PartId = "p-esc",
            FacilityId = Facility,
            CapacityPerMonth = 50,
            LeadTimeDays = 60,
            UnitCostUsd = 300,
            Qualified = true,
        });
        db.Offers.Add(new SourcingOffer
        {
            Id = Starved,
            PartId = "p-suas-prop",
            FacilityId = "pdw-wichita",
            CapacityPerMonth = 40,
            LeadTimeDays = 60,
            UnitCostUsd = 900,
            Qualified = true,
        });
        db.OfferInputs.Add(new OfferInput { OfferId = Starved, InputPartId = "p-esc", QuantityPerUnit = 1 });
        db.ApprovedSources.Add(new ApprovedSource { OfferId = Starved, InputPartId = "p-esc", SourceOfferId = HiddenEsc });
        await db.SaveChangesAsync();
    }

    private static List<string?> Critical(JsonElement root) =>
        [.. root.GetProperty("critical").EnumerateArray().Select(c => c.GetProperty("unit").GetString())];

    [Fact]
    public async Task JapaneseReader_NeverSeesTheNoFornSource_AndTheUsReaderDoes()
    {
        await SeedAsync();
        var us = factory.ClientAs("us-acq");
        var jp = factory.ClientAs("jp-atla");

        var usGraph = await NetworkApiTests.OkAsync(await us.GetAsync("/api/network/graph?item=p-int&unit=organization"));
        var usCritical = await NetworkApiTests.OkAsync(await us.GetAsync("/api/network/critical?item=p-int&unit=offer"));
        Assert.Contains(Offer, usGraph.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(MhiEnhancer, Critical(usCritical));

        var jpTexts = new List<string>();
        var jpItems = await NetworkApiTests.OkAsync(await jp.GetAsync("/api/network/items"));
        var jpCritical = await NetworkApiTests.OkAsync(await jp.GetAsync("/api/network/critical?item=p-int&unit=offer"));
        jpTexts.Add(jpItems.GetRawText());
        jpTexts.Add(jpCritical.GetRawText());
        jpTexts.Add((await NetworkApiTests.OkAsync(await jp.GetAsync("/api/network/graph?item=p-int&unit=facility"))).GetRawText());
        jpTexts.Add((await NetworkApiTests.OkAsync(await jp.GetAsync("/api/network/pairs?item=p-int&unit=organization"))).GetRawText());
        jpTexts.Add((await NetworkApiTests.OkAsync(await jp.GetAsync("/api/network/concentration?item=p-int"))).GetRawText());
        jpTexts.Add((await NetworkApiTests.OkAsync(await jp.PostAsync("/api/network/disrupt",
            new StringContent("""{ "remove": ["organization:mhi"] }""", Encoding.UTF8, "application/json")))).GetRawText());
        jpTexts.Add(await jp.GetStringAsync("/api/network/briefing?item=p-int&unit=organization&remove=country:US"));

        Assert.True(jpItems.GetProperty("hiddenOffers").GetInt32() >= 3);
        var usDrone = await NetworkApiTests.OkAsync(await us.GetAsync("/api/network/graph?item=p-suas&unit=offer"));
        var jpDrone = await NetworkApiTests.OkAsync(await jp.GetAsync("/api/network/graph?item=p-suas&unit=offer"));
        Assert.Contains(Starved, usDrone.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Starved, jpDrone.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(HiddenEsc, jpDrone.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(MhiEnhancer, Critical(jpCritical));
        foreach (var text in jpTexts)
        {
            Assert.DoesNotContain(Offer, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Facility, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Organization, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Hidden Lethality Works", text, StringComparison.Ordinal);
        }
        var removeHidden = await jp.PostAsync("/api/network/disrupt", new StringContent($$"""{ "remove": ["organization:{{Organization}}"] }""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, removeHidden.StatusCode);
    }
}

public sealed class SqliteNetworkAccessTests(MusubiFactory factory) : NetworkAccessTests(factory), IClassFixture<MusubiFactory>;

public sealed class PostgresNetworkAccessTests(PostgresMusubiFactory factory) : NetworkAccessTests(factory), IClassFixture<PostgresMusubiFactory>;
