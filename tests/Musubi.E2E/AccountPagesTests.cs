using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Musubi.E2E;

/// <summary>The sign-in, account and account-administration pages in a real browser, both languages, under the strict CSP.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountPagesTests(MusubiAppFixture app)
{
    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task SignInPage_ShowsTheCuiNotice_TheDemoMarking_AndCreatesATokenOnTheAccountPage(string culture)
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
        await page.GotoAsync($"/login?culture={culture}");
        await Expect(page.Locator(".cui-notice")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("demo-banner")).ToBeVisibleAsync();
        await Expect(page.Locator("#UserName")).ToBeVisibleAsync();
        await MusubiAppFixture.ScreenshotAsync(page, $"sign-in-{culture}");

        await MusubiAppFixture.SignInAsync(page, "admin");
        await page.GotoAsync($"/account?culture={culture}");
        await Expect(page.Locator("#sessions-title")).ToBeVisibleAsync();
        // This browser's session is listed and marked (other tests' sessions of the account may be listed too).
        await Expect(page.Locator("#sessions-title + table tbody tr .tag")).ToHaveCountAsync(1);
        await MusubiAppFixture.ScreenshotAsync(page, $"account-{culture}");

        // Demo accounts may not mint tokens: the form says so instead of creating one.
        await page.Locator("#TokenName").FillAsync("ci");
        await page.Locator("input[name=TokenScopesWanted][value=read]").CheckAsync();
        await page.Locator("form[action*=CreateToken] button[type=submit]").ClickAsync();
        await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Expect(page.Locator(".token-secret")).ToHaveCountAsync(0);

        var admin = await page.GotoAsync($"/admin/accounts?culture={culture}");
        Assert.Equal(200, admin!.Status);
        await Expect(page.Locator("table.data tbody tr")).Not.ToHaveCountAsync(0);
        await MusubiAppFixture.ScreenshotAsync(page, $"admin-accounts-{culture}");
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task AccountAdministration_IsForAdministratorsAndSecurityOfficersOnly()
    {
        var page = await app.NewPageAsync();
        await MusubiAppFixture.SignInAsync(page, "us-analyst");
        var response = await page.GotoAsync("/admin/accounts");
        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not permitted");
    }
}
