using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Musubi.E2E;

/// <summary>
/// The surge planner under the strict CSP: open it from the main navigation, plan the demo drone with two
/// scenarios beside the baseline (lose a country, qualify a country's offers), read the chart with one line per
/// scenario and the bottleneck table, and the same results in Japanese.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SurgePagesTests(MusubiAppFixture app)
{
    [Fact]
    public async Task PlanTheDrone_WithTwoScenarios_SeeTheChartAndTheBottlenecks_AndReadInJapanese()
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

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Surge", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Surge-production planner");
        await page.Locator("#Items").SelectOptionAsync("p-suas");
        await Expect(page.Locator("#Months")).ToHaveValueAsync("24");
        await page.GetByLabel("Lose a country's suppliers").CheckAsync();
        await page.Locator("#LoseCountry").SelectOptionAsync("CN");
        await page.GetByLabel("Qualify a country's offers").CheckAsync();
        await page.Locator("#QualifyCountry").SelectOptionAsync("JP");
        await page.GetByTestId("plan").ClickAsync();

        var results = page.GetByTestId("results");
        await Expect(results).ToBeVisibleAsync();
        await Expect(page.GetByTestId("surge-summary").Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("surge-summary").Locator("tr[data-scenario='baseline']")).ToHaveAttributeAsync("data-status", "optimal");
        var chart = page.GetByTestId("surge-chart");
        await Expect(chart.Locator("svg polyline.surge-line")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("surge-legend").Locator("li")).ToHaveTextAsync(["Baseline", "Lose China", "Qualify Japan"]);
        var bottlenecks = page.GetByTestId("bottlenecks").First;
        await Expect(bottlenecks.Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(bottlenecks.Locator("tbody tr").First.Locator("a[href^='/registry/parts/']").First).ToBeVisibleAsync();
        // The accessible alternative: the chart's numbers as a table.
        await chart.Locator("details.chart-data summary").ClickAsync();
        await Expect(page.GetByTestId("surge-chart-table").Locator("tbody tr")).ToHaveCountAsync(24);
        await MusubiAppFixture.ScreenshotAsync(page, "surge-en");

        // Narrow screen: the page reflows without a horizontal scrollbar on the body.
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways at 390 px");
        await MusubiAppFixture.ScreenshotAsync(page, "surge-narrow-en");
        await page.SetViewportSizeAsync(1280, 900);

        await page.GetByRole(AriaRole.Button, new() { Name = "日本語", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("増産計画");
        await page.Locator("#Items").SelectOptionAsync("p-suas");
        await page.Locator("#Lose").CheckAsync();
        await page.Locator("#LoseCountry").SelectOptionAsync("CN");
        await page.Locator("#Qualify").CheckAsync();
        await page.Locator("#QualifyCountry").SelectOptionAsync("JP");
        await page.GetByTestId("plan").ClickAsync();
        await Expect(page.GetByTestId("surge-chart")).ToContainTextAsync("シナリオ別の月間納入数");
        await Expect(page.GetByTestId("surge-legend").Locator("li")).ToHaveTextAsync(["ベースライン", "中国を失う", "日本を認定"]);
        await Expect(page.GetByTestId("results")).ToContainTextAsync("ボトルネック");
        await MusubiAppFixture.ScreenshotAsync(page, "surge-ja");

        Assert.Empty(violations);
    }
}
