using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Musubi.E2E;

/// <summary>
/// The demand-signal board under the strict CSP: open it from the main navigation, search in English and narrow by a
/// facet, read it in Japanese (a Japanese search finds the solid-rocket-motor requirement), open a requirement with
/// its suggested suppliers and their explanations and show the excluded ones, see the same search as a timeline, and
/// read a Japanese supplier's "opportunities for you".
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BoardPagesTests(MusubiAppFixture app)
{
    [Fact]
    public async Task SearchTheBoard_ReadARequirementsSuppliers_AndTheTimeline()
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

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Board", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Demand-signal board");
        await page.Locator("#q").FillAsync("composite");
        await page.GetByTestId("search").ClickAsync();
        await Expect(page.GetByTestId("requirement-list").Locator("li[data-requirement='req-023']")).ToHaveCountAsync(1);
        await page.Locator("#facet-program-gcap").CheckAsync();
        await page.GetByTestId("apply").ClickAsync();
        await Expect(page.Locator("#facet-program-gcap")).ToBeCheckedAsync();
        await Expect(page.GetByTestId("requirement-list").Locator("li.board-item")).Not.ToHaveCountAsync(0);
        await Expect(page.GetByTestId("requirement-list").Locator("li[data-requirement='req-009']")).ToHaveCountAsync(0);
        await page.GotoAsync("/board");
        await Expect(page.GetByTestId("facets").Locator("fieldset[data-facet='program']")).ToBeVisibleAsync();
        await MusubiAppFixture.ScreenshotAsync(page, "board-en");

        await page.GetByRole(AriaRole.Button, new() { Name = "日本語", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("需要掲示板");
        await page.Locator("#q").FillAsync("固体ロケットモータ");
        await page.GetByTestId("search").ClickAsync();
        await Expect(page.GetByTestId("requirement-list").Locator("li[data-requirement='req-001']")).ToHaveCountAsync(1);
        await MusubiAppFixture.ScreenshotAsync(page, "board-ja");

        await page.GetByRole(AriaRole.Button, new() { Name = "English", Exact = true }).ClickAsync();
        await page.GotoAsync("/board/req-023");
        await Expect(page.GetByTestId("title")).ToContainTextAsync("Composite structures test specimens");
        var suppliers = page.GetByTestId("supplier-list").Locator("li.board-match");
        await Expect(suppliers).Not.ToHaveCountAsync(0);
        await Expect(suppliers.First.GetByTestId("scores").Locator("tr[data-code='capability']")).ToHaveCountAsync(1);
        await Expect(suppliers.First.GetByTestId("filters")).ToContainTextAsync("Holds");
        await MusubiAppFixture.ScreenshotAsync(page, "board-requirement-en");

        await page.GotoAsync("/board/req-009");
        await page.GetByTestId("excluded-toggle").ClickAsync();
        await Expect(page.GetByTestId("excluded").Locator("li.board-match--excluded")).Not.ToHaveCountAsync(0);
        await Expect(page.GetByTestId("excluded").Locator("li[data-passed='false']").First).ToBeVisibleAsync();

        await page.GotoAsync("/board?program=replicator&program=gcap");
        await page.GetByTestId("timeline-link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Board timeline");
        await Expect(page.GetByTestId("gantt").Locator("svg g[data-testid='gantt-row']")).Not.ToHaveCountAsync(0);
        await Expect(page.GetByTestId("gantt").Locator("svg path.board-milestone").First).ToBeAttachedAsync();
        await Expect(page.GetByTestId("timeline-table").Locator("tr[data-requirement='req-016']")).ToHaveCountAsync(1);
        await MusubiAppFixture.ScreenshotAsync(page, "board-timeline-en");

        Assert.Empty(violations);
    }

    [Fact]
    public async Task OpportunitiesForAJapaneseSupplier_InJapanese()
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
        await MusubiAppFixture.SignInAsync(page, "jp-bizdev");
        await page.GotoAsync("/board");
        await page.GetByRole(AriaRole.Button, new() { Name = "日本語", Exact = true }).ClickAsync();
        await page.GetByTestId("opportunities-link").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("あなたへの案件");
        await Expect(page.GetByTestId("opportunities")).ToHaveAttributeAsync("data-organization", "hokuriku-wiring");
        await Expect(page.GetByTestId("match-counts")).ToContainTextAsync("候補の要求");
        await Expect(page.GetByTestId("opportunities")).Not.ToContainTextAsync("req-001");
        await MusubiAppFixture.ScreenshotAsync(page, "board-opportunities-ja");

        Assert.Empty(violations);
    }
}
