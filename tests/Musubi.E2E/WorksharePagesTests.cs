using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Musubi.E2E;

/// <summary>
/// The workshare allocator under the strict CSP: open it from the main navigation, allocate the demo GPI program with
/// its planning file (the allocation table, the share bars and the interface map), compare the modes, upload an input
/// that cannot be allocated and read the conflicting limits in English and Japanese, and reflow at 390 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorksharePagesTests(MusubiAppFixture app)
{
    // US and JP at half each, ± 5 points, $200 million of work: the $120 million seeker may go only to a U.S. company,
    // past the U.S. ceiling of $110 million (and leaving Japan under its floor) — no allocation exists.
    private const string InfeasibleInput = """
        { "program": "ws-infeasible", "nations": [ { "code": "US", "share": 0.5 }, { "code": "JP", "share": 0.5 } ],
          "tolerance": 0.05,
          "workPackages": [
            { "id": "wp-seeker", "name": "Seeker", "cost": 120000000, "capabilities": ["SENS.SEEKER.IR"], "releasableTo": ["US"] },
            { "id": "wp-kv", "name": "Kill vehicle", "cost": 80000000, "capabilities": ["MSL.KV"] } ],
          "companies": [
            { "id": "rtx", "name": "RTX", "nation": "US", "capabilities": ["SENS.SEEKER.IR", "MSL.KV"] },
            { "id": "mhi", "name": "MHI", "nation": "JP", "capabilities": ["SENS.SEEKER.IR", "MSL.KV"] } ],
          "interfaces": [ { "a": "wp-seeker", "b": "wp-kv", "weight": 1 } ] }
        """;

    [Fact]
    public async Task AllocateGpi_CompareModes_ExplainAnInfeasibleUpload_AndReadInJapanese()
    {
        var page = await app.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(page.Url + ": " + message.Text);
            }
        };
        await MusubiAppFixture.SignInAsync(page, "us-acq");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Workshare", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Workshare allocator");
        await Expect(page.Locator("#Program")).ToHaveValueAsync("gpi");
        await page.Locator("#Mode").SelectOptionAsync("integrated");
        await page.GetByTestId("allocate").ClickAsync();

        await Expect(page.GetByTestId("results")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Optimal");
        await Expect(page.GetByTestId("allocation").Locator("tbody tr")).ToHaveCountAsync(6);
        var bars = page.GetByTestId("share-chart");
        await Expect(bars.Locator("svg g.ws-row")).ToHaveCountAsync(2);
        await Expect(bars.Locator("svg g.ws-row rect.ws-band")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("share-legend").Locator("li")).ToHaveTextAsync(["United States", "Japan", "Allowed band (target ± tolerance)", "Target (cost share)"]);
        var map = page.GetByTestId("interface-map");
        await Expect(map.Locator("svg g.ws-node")).ToHaveCountAsync(6);
        // Cross-border interfaces are highlighted (a horizontal line has no height, so it is counted, not "visible").
        Assert.True(await map.Locator("svg g.ws-interface[data-cross='true'] path.ws-edge--cross").CountAsync() >= 1, "no cross-border interface drawn");
        // The accessible alternative: the shares as a table.
        await bars.Locator("details.chart-data summary").ClickAsync();
        await Expect(page.GetByTestId("share-table").Locator("tbody tr")).ToHaveCountAsync(2);
        await MusubiAppFixture.ScreenshotAsync(page, "workshare-en");

        await page.GetByTestId("compare").ClickAsync();
        var comparison = page.GetByTestId("comparison");
        await Expect(comparison.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(comparison.Locator("tbody tr th")).ToHaveTextAsync(["Compartmentalized", "Integrated", "Blend"]);
        await Expect(comparison.Locator("tr[data-mode='compartmentalized']")).ToHaveAttributeAsync("data-status", "optimal");
        await MusubiAppFixture.ScreenshotAsync(page, "workshare-compare-en");

        // Narrow screen: the page reflows without a horizontal scrollbar on the body.
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways at 390 px: " + await WiderThanTheWindowAsync(page));
        await MusubiAppFixture.ScreenshotAsync(page, "workshare-narrow-en");
        await page.SetViewportSizeAsync(1280, 900);

        var file = Path.Combine(Path.GetTempPath(), $"musubi-ws-infeasible-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, InfeasibleInput, new UTF8Encoding(false));
        try
        {
            await page.Locator("#Source-input").CheckAsync();
            await page.Locator("#InputFile").SetInputFilesAsync(file);
            await page.GetByTestId("allocate").ClickAsync();
            await Expect(page.GetByTestId("status")).ToHaveTextAsync("Infeasible");
            var conflict = page.GetByTestId("conflict").And(page.Locator("[data-kind='release']"));
            await Expect(conflict).ToContainTextAsync("Work package “Seeker” (US$120,000,000) may go only to companies of United States");
            await Expect(page.GetByTestId("allocation")).ToHaveCountAsync(0);
            await MusubiAppFixture.ScreenshotAsync(page, "workshare-infeasible-en");

            // Japanese: switching language reloads the page; the same upload is answered in Japanese words.
            await page.GetByRole(AriaRole.Button, new() { Name = "日本語", Exact = true }).ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("ワークシェア配分");
            await page.Locator("#Source-input").CheckAsync();
            await page.Locator("#InputFile").SetInputFilesAsync(file);
            await page.GetByTestId("allocate").ClickAsync();
            await Expect(page.GetByTestId("status")).ToHaveTextAsync("実行不可能");
            await Expect(page.GetByTestId("conflict").And(page.Locator("[data-kind='release']"))).ToContainTextAsync("作業パッケージ「Seeker」（US$120,000,000）は米国の企業にしか割り当てられず");
            await MusubiAppFixture.ScreenshotAsync(page, "workshare-infeasible-ja");
        }
        finally
        {
            File.Delete(file);
        }

        await page.Locator("#Source-program").CheckAsync();
        await page.GetByTestId("compare").ClickAsync();
        await Expect(page.GetByTestId("comparison").Locator("tbody tr th")).ToHaveTextAsync(["区分方式", "統合方式", "混合方式"]);
        await Expect(page.GetByTestId("share-chart")).ToContainTextAsync("各国の作業分担率と費用分担率");
        await MusubiAppFixture.ScreenshotAsync(page, "workshare-ja");

        await page.GetByTestId("ledger-link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("ワークシェア台帳");
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the ledger scrolls sideways at 390 px: " + await WiderThanTheWindowAsync(page));
        await MusubiAppFixture.ScreenshotAsync(page, "workshare-ledger-narrow-ja");

        Assert.Empty(violations);
    }

    /// <summary>The elements that reach past the window's right edge (for the failure message).</summary>
    private static Task<string> WiderThanTheWindowAsync(IPage page) => page.EvaluateAsync<string>("""
        () => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 8)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined ? '.' + String(e.className).replace(/ /g, '.') : '') + ' ' + Math.round(e.getBoundingClientRect().right))
            .join(', ')
        """);
}
