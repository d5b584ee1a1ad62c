using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Musubi.E2E;

/// <summary>
/// The supply-network page under the strict CSP: choose an end item and a unit level, read the tiered graph with a
/// critical unit and its why, run a what-if that stops the item (the unit field added by the external script), and
/// the same page in Japanese.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NetworkPagesTests(MusubiAppFixture app)
{
    [Fact]
    public async Task ChooseAnItem_SeeTheTieredGraphAndACriticalUnit_RunAWhatIf_AndReadInJapanese()
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

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Supply network", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Supply-network risk");
        await page.Locator("#item").SelectOptionAsync("p-suas");
        await page.Locator("#unit").SelectOptionAsync("organization");
        await page.GetByTestId("analyze").ClickAsync();

        await Expect(page.GetByTestId("graph")).ToBeVisibleAsync();
        await Expect(page.Locator(".network-tier[data-tier='0'] #part-p-suas")).ToBeVisibleAsync();
        await Expect(page.Locator(".network-tier[data-tier='1']")).ToBeVisibleAsync();
        var critical = page.Locator("[data-testid=critical-unit][data-unit='organization:enshu-motor']");
        await Expect(critical).ToBeVisibleAsync();
        await Expect(critical.Locator(".why-chain li").First).ToBeVisibleAsync();
        var marked = page.Locator(".network-offer--critical[data-unit='organization:enshu-motor']").First;
        await Expect(marked).ToBeVisibleAsync();
        await marked.GetByTestId("critical-link").ClickAsync();
        Assert.EndsWith("#" + await critical.GetAttributeAsync("id"), page.Url, StringComparison.Ordinal);
        await Expect(page.GetByTestId("tier-concentration").First.Locator("svg.share-bar-svg rect").First).ToBeVisibleAsync();
        await MusubiAppFixture.ScreenshotAsync(page, "network-en");

        // Two units: the second field comes from the external script's "Add another unit".
        await page.Locator("#Remove-0").FillAsync("organization:enshu-motor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add another unit" }).ClickAsync();
        await page.Locator("#Remove-1").FillAsync("country:CN");
        await page.GetByTestId("run-whatif").ClickAsync();

        var result = page.GetByTestId("whatif-result");
        await Expect(result).ToBeVisibleAsync();
        await Expect(result.Locator("tr[data-item='p-suas']")).ToHaveAttributeAsync("data-producible-after", "false");
        await Expect(result.GetByTestId("whatif-parts").Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(page.Locator("input[name=Remove]").Nth(1)).ToHaveValueAsync("country:CN");
        await result.ScrollIntoViewIfNeededAsync();
        await MusubiAppFixture.ScreenshotAsync(page, "network-whatif-en");

        await page.GetByRole(AriaRole.Button, new() { Name = "日本語", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await page.GotoAsync("/network?item=p-suas&unit=organization");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("サプライネットワークのリスク");
        await Expect(page.GetByTestId("critical")).ToContainTextAsync("単一障害点");
        await Expect(page.GetByTestId("concentration")).ToContainTextAsync("階層別の集中度");
        await MusubiAppFixture.ScreenshotAsync(page, "network-ja");

        Assert.Empty(violations);
    }
}
