using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Musubi.E2E;

/// <summary>The transfer-check form, saving and reproducing a check, and the rules browser, in both languages, under the strict CSP.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TransferPagesTests(MusubiAppFixture app)
{
    [Fact]
    public async Task TransferForm_Patriot2023_ShowsTheVerdict_SavesAndReproduces_AndReadsInJapanese()
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
        await MusubiAppFixture.SignInAsync(page, "jp-compliance");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Transfers", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Transfer eligibility");

        await page.Locator("#date").FillAsync("2023-12-01");
        await page.Locator("#from").FillAsync("JP");
        await page.Locator("#to").FillAsync("US");
        await page.Locator("#name").FillAsync("PAC-3 interceptors");
        await page.Locator("#kind").SelectOptionAsync("finished_equipment");
        await page.Locator("#weapon").SelectOptionAsync("true");
        await page.Locator("#origin").FillAsync("US");
        await page.Locator("#licensor").FillAsync("US");
        await page.Locator("#madeIn").FillAsync("JP");
        await page.Locator("#recipient").SelectOptionAsync("government");
        await page.Locator("#channel").SelectOptionAsync("government");
        await page.GetByTestId("check").ClickAsync();

        // Before the 2023-12-22 revision Japan could not return licensed products to the licensor.
        await Expect(page.GetByTestId("verdict")).ToHaveAttributeAsync("data-verdict", "prohibited");
        await Expect(page.GetByTestId("gate-JP")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("2023-12-22");
        await MusubiAppFixture.ScreenshotAsync(page, "transfer-check-en");

        await page.Locator("#date").FillAsync("2023-12-22");
        await page.GetByTestId("check").ClickAsync();
        await Expect(page.GetByTestId("verdict")).Not.ToHaveAttributeAsync("data-verdict", "prohibited");

        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("saved-verdict")).ToBeVisibleAsync();
        await page.GetByTestId("reproduce").ClickAsync();
        await Expect(page.GetByTestId("reproduction")).ToHaveAttributeAsync("data-matches", "true");
        await MusubiAppFixture.ScreenshotAsync(page, "transfer-check-reproduced-en");

        await page.GetByRole(AriaRole.Button, new() { Name = "日本語", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await page.GotoAsync("/transfers?date=2023-12-01&from=JP&to=US&kind=finished_equipment&weapon=true&origin=US&licensor=US&madeIn=JP&recipient=government");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("移転可否の審査");
        await Expect(page.GetByTestId("verdict")).ToContainTextAsync("不可");
        await MusubiAppFixture.ScreenshotAsync(page, "transfer-check-ja");

        await page.GotoAsync("/transfers/rules?jurisdiction=JP");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("移転規則");
        await Expect(page.GetByTestId("rules")).ToBeVisibleAsync();
        await MusubiAppFixture.ScreenshotAsync(page, "transfer-rules-ja");

        Assert.Empty(violations);
    }
}
