using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Musubi.E2E;

[Collection(BrowserCollection.Name)]
public sealed class RegistryPagesTests(MusubiAppFixture app)
{
    [Fact]
    public async Task SearchOrganizations_JapaneseUi_ShowsJapaneseLabelAndName()
    {
        var page = await app.NewPageAsync();
        await MusubiAppFixture.SignInAsync(page, "jp-atla");
        await Expect(page.GetByTestId("user")).ToContainTextAsync("Sato Misaki");

        await page.GetByRole(AriaRole.Button, new() { Name = "日本語", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "メイン" });
        await nav.GetByRole(AriaRole.Link, new() { Name = "組織", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("組織");

        await page.GetByLabel("検索", new() { Exact = true }).FillAsync("三菱");
        await page.GetByRole(AriaRole.Button, new() { Name = "検索", Exact = true }).ClickAsync();
        await Expect(page.Locator(".result-count")).ToContainTextAsync("件を表示");
        await MusubiAppFixture.ScreenshotAsync(page, "organizations-search-ja");

        await page.GetByRole(AriaRole.Link, new() { Name = "三菱重工業", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("三菱重工業");
        await Expect(page.Locator(".record-kind")).ToHaveTextAsync("組織");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "名称（全表記）" })).ToBeVisibleAsync();
        await Expect(page.Locator(".record-subtitle")).ToHaveTextAsync("Mitsubishi Heavy Industries");
        await MusubiAppFixture.ScreenshotAsync(page, "organization-detail-ja");
    }

    [Fact]
    public async Task OrganizationList_JapaneseReader_NeverShowsNofornRecords()
    {
        // Positive control first: a U.S. reader sees the NOFORN supplier, so its absence below means something.
        var us = await app.NewPageAsync();
        await MusubiAppFixture.SignInAsync(us, "us-acq");
        await us.GotoAsync("/registry/organizations?q=allegheny");
        await Expect(us.GetByRole(AriaRole.Link, new() { Name = "Allegheny Hypersonic Materials Inc." })).ToBeVisibleAsync();
        await Expect(us.GetByTestId("banner-top")).ToHaveTextAsync("CUI//NOFORN");

        var jp = await app.NewPageAsync();
        await MusubiAppFixture.SignInAsync(jp, "jp-atla");
        await jp.GotoAsync("/registry/organizations?pageSize=500");
        await Expect(jp.Locator(".registry-table")).ToBeVisibleAsync();
        await Expect(jp.Locator("main")).Not.ToContainTextAsync("NOFORN");
        await Expect(jp.Locator("main")).Not.ToContainTextAsync("Allegheny Hypersonic Materials");
        await MusubiAppFixture.ScreenshotAsync(jp, "organizations-jp-reader");

        var direct = await jp.GotoAsync("/registry/organizations/allegheny-htm");
        Assert.Equal(404, direct!.Status);
        await Expect(jp.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");
    }

    [Fact]
    public async Task SkipLink_KeyboardOnly_FocusesMainAndTabReachesNav()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
        await Expect(skip).ToBeFocusedAsync();
        await MusubiAppFixture.ScreenshotAsync(page, "skip-link-focused");

        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("#main$"));
        await Expect(page.Locator("main#main")).ToBeFocusedAsync();

        // From the top again, the tab order reaches the main navigation within a few steps, with a visible focus ring.
        await page.GotoAsync("/");
        var reached = false;
        for (var i = 0; i < 12 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<bool>("() => !!document.activeElement?.closest('nav.site-nav')");
        }
        Assert.True(reached, "keyboard focus never reached the main navigation");
        var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.NotEqual("none", outline);
        await MusubiAppFixture.ScreenshotAsync(page, "nav-focused");
    }

    [Fact]
    public async Task Dashboard_Anonymous_DrawsChartsWithTextAlternatives()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");

        var charts = page.Locator("figure.chart");
        await Expect(charts).ToHaveCountAsync(3);
        for (var i = 0; i < 3; i++)
        {
            var chart = charts.Nth(i);
            await Expect(chart.Locator("svg[role=img] desc")).Not.ToBeEmptyAsync();
            await Expect(chart.Locator("table tbody tr").First).ToBeAttachedAsync();
        }
        await Expect(page.Locator("#chart-org-country desc, figure:has(#chart-org-country-caption) desc")).ToContainTextAsync("Japan");
        await Expect(page.GetByTestId("banner-top")).ToHaveTextAsync("UNCLASSIFIED");
        await MusubiAppFixture.ScreenshotAsync(page, "dashboard-en");
    }
}
