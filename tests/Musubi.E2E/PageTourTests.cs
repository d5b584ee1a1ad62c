using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Musubi.E2E;

/// <summary>Every page kind in both languages: renders, carries its banners, and leaves a screenshot for review.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageTourTests(MusubiAppFixture app)
{
    private static readonly string[] Kinds = ["organizations", "facilities", "capabilities", "parts", "programs", "requirements", "agreements"];

    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task RegistryPages_EveryKindAndFirstRecord_RenderInLanguageWithBanners(string culture)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync($"/login?culture={culture}");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
        await MusubiAppFixture.ScreenshotAsync(page, $"login-{culture}");
        await MusubiAppFixture.SignInAsync(page, "us-acq");

        await page.GotoAsync($"/?culture={culture}");
        await Expect(page.Locator("figure.chart svg")).ToHaveCountAsync(3);
        await MusubiAppFixture.ScreenshotAsync(page, $"dashboard-signed-in-{culture}");

        foreach (var kind in Kinds)
        {
            var list = await page.GotoAsync($"/registry/{kind}?culture={culture}");
            Assert.Equal(200, list!.Status);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
            await Expect(page.GetByTestId("banner-top")).Not.ToBeEmptyAsync();
            await MusubiAppFixture.ScreenshotAsync(page, $"list-{kind}-{culture}");

            var href = await page.Locator(".registry-table tbody th a").First.GetAttributeAsync("href");
            Assert.NotNull(href);
            var detail = await page.GotoAsync($"{href}?culture={culture}");
            Assert.Equal(200, detail!.Status);
            await Expect(page.Locator("article.record .record-banner")).ToHaveCountAsync(2);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).Not.ToBeEmptyAsync();
            await MusubiAppFixture.ScreenshotAsync(page, $"detail-{kind}-{culture}");
        }
    }

    [Fact]
    public async Task RegistryList_BadQueryString_ShowsMessagesAndStillLists()
    {
        var page = await app.NewPageAsync();
        var response = await page.GotoAsync("/registry/parts?sort=bogus&page=x&pageSize=9999&culture=ja");

        Assert.Equal(200, response!.Status);
        var errors = page.Locator(".error-summary li");
        await Expect(errors).ToHaveCountAsync(3);
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("「bogus」");
        await Expect(page.Locator(".registry-table tbody tr").First).ToBeVisibleAsync();
        await MusubiAppFixture.ScreenshotAsync(page, "list-bad-query-ja");
    }
}
