using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Musubi.E2E;

/// <summary>
/// Timeline alignment under the strict CSP: open it from the main navigation, read the demo SM-3 follow-on plan's Gantt
/// (the U.S. and Japanese fiscal-year bands side by side, a bar per step, the critical deposit), ask what happens when the
/// letter of request goes in November 2027 (the deposit slips to April 2029 and misses its deadline), then read it in
/// Japanese; and count Golden Week's business days on the holidays page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TimelinesPagesTests(MusubiAppFixture app)
{
    [Fact]
    public async Task AlignTheDemo_AskWhatIf_AndReadInJapanese()
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

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Timelines", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Acquisition timeline alignment");
        await page.Locator("#Example").SelectOptionAsync("sm3-follow-on");
        await page.GetByTestId("align").ClickAsync();

        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Feasible");
        var gantt = page.GetByTestId("gantt");
        await Expect(gantt.Locator("svg g.tl-band")).ToHaveCountAsync(2);
        await Expect(gantt.Locator("svg g.tl-band[data-calendar='JP'] text.tl-fy-label").First).ToContainTextAsync("JP FY");
        await Expect(gantt.Locator("svg g[data-testid='gantt-row']")).ToHaveCountAsync(10);
        await Expect(gantt.Locator("svg g.tl-row--critical[data-step='initial-deposit']")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("finish-initial-deposit")).ToHaveTextAsync("2028-04-01");
        await MusubiAppFixture.ScreenshotAsync(page, "timelines-en");

        await page.Locator("#WhatIfStep").SelectOptionAsync("lor");
        await page.Locator("#WhatIfMonth").FillAsync("2027-11");
        await page.GetByTestId("align").ClickAsync();
        await Expect(page.GetByTestId("status")).ToContainTextAsync("Late");
        await Expect(page.GetByTestId("finish-initial-deposit")).ToHaveTextAsync("2029-04-01");
        await Expect(page.GetByTestId("conflicts")).ToContainTextAsync("336 days late");

        await page.GetByRole(AriaRole.Button, new() { Name = "日本語", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("調達タイムラインの整合");
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("実行可能");
        await Expect(page.GetByTestId("gantt")).ToContainTextAsync("令和9年度");
        await MusubiAppFixture.ScreenshotAsync(page, "timelines-ja");

        await page.GetByTestId("holidays-link").ClickAsync();
        await page.Locator("#Country").SelectOptionAsync("JP");
        await page.Locator("#Year").FillAsync("2025");
        await page.Locator("#From").FillAsync("2025-04-28");
        await page.Locator("#To").FillAsync("2025-05-09");
        await page.GetByTestId("show").ClickAsync();
        await Expect(page.GetByTestId("business-days")).ToContainTextAsync("7 日");
        await Expect(page.GetByTestId("holidays").Locator("tbody tr")).ToHaveCountAsync(19);

        Assert.Empty(violations);
    }
}
