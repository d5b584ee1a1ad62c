using System.Net;
using System.Text.RegularExpressions;
using Musubi.Web.Hosting;
using Musubi.Web.Tests.Security;

namespace Musubi.Web.Tests.Network;

/// <summary>
/// The <c>/network</c> page on the demo registry, as a signed-in browser session sees it: the tiered graph with its
/// critical units, concentration per tier, the what-if form, the briefing download, and bad input answered with a
/// named message (400), never a 500 — in English and Japanese, under the strict CSP (no inline style or script).
/// </summary>
public sealed partial class NetworkPagesTests(NetworkPagesFactory app) : IClassFixture<NetworkPagesFactory>
{
    // The small drone's network: Enshu Motor Works is its one qualified source of the brushless motors (docs/engines/network.md, data/demo/network).
    private const string Item = "p-suas";
    private const string CriticalOrganization = "organization:enshu-motor";

    private async Task<HttpClient> SignedInAsync(string account = "us-acq")
    {
        var client = app.BrowserClient();
        await HardenedFactory.SignInAsync(client, account);
        return client;
    }

    private static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {html[..Math.Min(html.Length, 2000)]}");
        return html;
    }

    [Theory]
    [InlineData("en", "Supply-network risk", "Critical units", "Concentration by tier", "Enshu Motor Works Co., Ltd.", "Brushless outrunner motor")]
    [InlineData("ja", "サプライネットワークのリスク", "単一障害点", "階層別の集中度", "遠州モーター工業株式会社", "ブラシレスアウトランナモータ")]
    public async Task Page_ShowsTheTieredGraph_CriticalUnitsHighlighted_AndConcentration(string culture, string title, string critical, string concentration, string organization, string part)
    {
        using var client = await SignedInAsync();

        var html = await HtmlAsync(await client.GetAsync($"/network?item={Item}&unit=organization&culture={culture}"), HttpStatusCode.OK);

        Assert.Contains($"<html lang=\"{culture}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains(critical, html, StringComparison.Ordinal);
        Assert.Contains(concentration, html, StringComparison.Ordinal);
        // Names in the reader's language where the registry has them.
        Assert.Contains($"lang=\"{culture}\">{WebUtility.HtmlEncode(organization)}</a>", html, StringComparison.Ordinal);
        Assert.Contains($"lang=\"{culture}\">{part}</a>", html, StringComparison.Ordinal);
        // The item is tier 0; its inputs are further tiers.
        Assert.Contains("data-tier=\"0\"", html, StringComparison.Ordinal);
        Assert.Contains("data-tier=\"1\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"part-{Item}\"", html, StringComparison.Ordinal);
        // The critical organization is listed with its why, and each of its offers in the graph is marked and links to it.
        Assert.Matches(new Regex($"data-unit=\"{CriticalOrganization}\" data-testid=\"critical-unit\""), html);
        Assert.Matches(new Regex($"class=\"network-offer network-offer--critical[^\"]*\" data-offer=\"[^\"]+\" data-unit=\"{CriticalOrganization}\" data-critical=\"true\""), html);
        Assert.Contains("data-testid=\"critical-link\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/registry/organizations/enshu-motor\"", html, StringComparison.Ordinal);
        // An organization that is not critical is not marked.
        Assert.DoesNotMatch(new Regex("data-unit=\"organization:dji\" data-critical=\"true\""), html);
        // Concentration: one box per tier with HHI and the stacked bars drawn as SVG.
        Assert.Contains("data-testid=\"tier-concentration\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"hhi-country\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"share-bar-svg\"", html, StringComparison.Ordinal);
        // The accessible table of the same network.
        Assert.Contains("data-testid=\"graph-table\"", html, StringComparison.Ordinal);
        Assert.Contains("/js/network-whatif.js", html, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(html);
    }

    [Fact]
    public async Task Page_WithoutAnItem_ListsTheEndItems()
    {
        using var client = await SignedInAsync();

        var html = await HtmlAsync(await client.GetAsync("/network"), HttpStatusCode.OK);

        Assert.Contains($"<option value=\"{Item}\"", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"p-int\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"graph\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/network\" aria-current=\"page\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_IsForSignedInUsers()
    {
        using var response = await app.ClientAs(null).GetAsync($"/network?item={Item}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [InlineData("item=p-nope", "item", "unknown part")]
    [InlineData("item=p-suas&unit=planet", "unit", "not a unit level")]
    public async Task Page_BadQuestion_Is400NamingTheField(string query, string field, string message)
    {
        using var client = await SignedInAsync();

        var html = await HtmlAsync(await client.GetAsync("/network?" + query), HttpStatusCode.BadRequest);

        Assert.Contains("data-testid=\"errors\"", html, StringComparison.Ordinal);
        Assert.Contains($"<code>{field}</code>", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_Posts_AndShowsBeforeAndAfter_ForEveryEndItem()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, $"/network?item={Item}&unit=organization");

        var html = await HtmlAsync(await client.PostAsync($"/network?item={Item}&unit=organization", Form(token, CriticalOrganization)), HttpStatusCode.OK);

        Assert.Contains("data-testid=\"whatif-result\"", html, StringComparison.Ordinal);
        // Losing the critical organization stops the item; the other end items are listed too.
        Assert.Contains($"data-item=\"{Item}\" data-producible-after=\"false\"", html, StringComparison.Ordinal);
        Assert.Contains("data-item=\"p-int\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"whatif-parts\"", html, StringComparison.Ordinal);
        Assert.Matches(new Regex("<tr data-part=\"[^\"]+\">"), html);
        // The unit stays in its field, one empty field follows, and the briefing link carries the what-if.
        Assert.Contains($"name=\"Remove\" value=\"{CriticalOrganization}\"", html, StringComparison.Ordinal);
        Assert.Contains("remove=organization%3Aenshu-motor", html, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(html);
    }

    [Theory]
    [InlineData("country", "is not kind:id")]
    [InlineData("planet:Mars", "is not a unit kind")]
    [InlineData("organization:no-such-company", "unknown unit")]
    [InlineData("", "Name at least one unit")]
    public async Task WhatIf_BadUnit_Is400WithAMessage_NotA500(string unit, string message)
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, $"/network?item={Item}");

        var html = await HtmlAsync(await client.PostAsync($"/network?item={Item}", Form(token, unit)), HttpStatusCode.BadRequest);

        Assert.Contains("data-testid=\"errors\"", html, StringComparison.Ordinal);
        Assert.Contains("<code>remove</code>", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(message), html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"whatif-result\"", html, StringComparison.Ordinal);
        // The graph is still there to correct the question against.
        Assert.Contains("data-testid=\"graph\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var client = await SignedInAsync();

        using var response = await client.PostAsync($"/network?item={Item}", new FormUrlEncodedContent(new Dictionary<string, string> { ["Remove"] = CriticalOrganization }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("data-testid=\"whatif-result\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Briefing_IsAMarkdownDownload_OfTheFindings()
    {
        using var client = await SignedInAsync();

        using var response = await client.GetAsync($"/network?handler=Briefing&item={Item}&unit=organization&remove={Uri.EscapeDataString(CriticalOrganization)}");

        var text = await HtmlAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"network-briefing-{Item}.md", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.StartsWith("#", text, StringComparison.Ordinal);
        Assert.Contains("enshu-motor", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Briefing_OfAnUnknownItem_Is400()
    {
        using var client = await SignedInAsync();

        var html = await HtmlAsync(await client.GetAsync("/network?handler=Briefing&item=p-nope"), HttpStatusCode.BadRequest);

        Assert.Contains("<code>item</code>", html, StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(string token, params string[] remove) =>
        new([
            new("__RequestVerificationToken", token),
            new("Item", Item),
            new("Unit", "organization"),
            .. remove.Select(r => new KeyValuePair<string, string>("Remove", r)),
        ]);

    private static void AssertNoInlineStyleOrScript(string html)
    {
        Assert.DoesNotMatch(InlineStyle(), html);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("\\sstyle\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}

/// <summary>The hardened app with a sign-in limit these tests do not reach (each test signs in its own browser session).</summary>
public sealed class NetworkPagesFactory : HardenedFactory
{
    protected override void Tune(HardeningOptions options)
    {
        options.SignInPermitsPerMinute = 10_000;
        options.AddressPermitsPerMinute = 10_000;
    }
}
