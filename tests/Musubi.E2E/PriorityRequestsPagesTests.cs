using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Musubi.E2E;

/// <summary>
/// Priority-delivery requests under the strict CSP: open them from the main navigation, read the dashboard's ageing
/// chart, make a request on the form and submit it, see on its page only the actions the U.S. official may take, the
/// history and the impact on surge deliveries, and a demo request forwarded to the supplier with its history; then the
/// Japanese official reviews and forwards the new request, its page offering only theirs; the list in Japanese, and the
/// page at 390 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PriorityRequestsPagesTests(MusubiAppFixture app)
{
    [Fact]
    public async Task MakeAndSubmitARequest_ReadItsPageAndImpact_AndReviewItInJapanese()
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

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Priority requests", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Priority-delivery requests");

        // A new request to Japan: HDI boards from Hokuriku Precision Wiring's Uozu line (data/demo/network/offers.csv).
        await page.GetByTestId("new-link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("New priority-delivery request");
        await page.Locator("#PartId").SelectOptionAsync("p-pwb-hdi");
        await page.Locator("#Quantity").FillAsync("400");
        await page.Locator("#SupplierOrganizationId").SelectOptionAsync("hokuriku-wiring");
        await page.Locator("#FacilityId").SelectOptionAsync("hpw-uozu");
        var neededBy = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(75).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.Locator("#NeededBy").FillAsync(neededBy);
        await page.Locator("#Priority").SelectOptionAsync("critical");
        await page.Locator("#Justification").FillAsync("Guidance-section surge: HDI boards needed ahead of the current delivery schedule (illustrative).");
        await page.GetByTestId("create").ClickAsync();

        var request = page.GetByTestId("request");
        await Expect(request).ToHaveAttributeAsync("data-state", "draft");
        await Expect(page.GetByTestId("done")).ToBeVisibleAsync();
        var id = await request.GetAttributeAsync("data-request") ?? throw new InvalidOperationException("no request id");
        await Expect(page.Locator("form.pr-action")).ToHaveCountAsync(2);
        await page.GetByTestId("action-submit").Locator("textarea[name='Note']").FillAsync("Please treat as critical: the guidance sections are on the critical path.");
        await page.GetByTestId("do-submit").ClickAsync();

        // Submitted: the requester may only withdraw now; the history has both steps; the time limit is the receiving
        // government's, counted in Japanese business days.
        await Expect(request).ToHaveAttributeAsync("data-state", "submitted");
        await Expect(page.Locator("form.pr-action")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("action-withdraw")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("history").Locator("li.pr-event[data-to='submitted']")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("due")).ToContainTextAsync("Japan");
        await page.GetByTestId("compute-impact").ClickAsync();
        await Expect(page.GetByTestId("impact-result")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("impact-result")).ToHaveAttributeAsync("data-computed", "true");

        // The dashboard counts it: the ageing chart has a submitted row, and its table the same numbers.
        await page.GotoAsync("/priority");
        var chart = page.GetByTestId("ageing-chart");
        await Expect(chart.Locator("svg g.pr-row[data-state='submitted']")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("ageing-legend").Locator("li")).ToHaveTextAsync(["0–5 business days", "6–10 business days", "11–20 business days", "21 business days or more"]);
        await chart.Locator("details.chart-data summary").ClickAsync();
        await Expect(page.GetByTestId("ageing-table").Locator("tbody tr[data-state='submitted']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"tr[data-request='{id}']")).ToHaveCountAsync(1);
        await MusubiAppFixture.ScreenshotAsync(page, "priority-en");

        // A demo request forwarded to the supplier: its history and comments; the requester may only withdraw it.
        await page.Locator("tr[data-state='forwarded'] th a").First.ClickAsync();
        await Expect(request).ToHaveAttributeAsync("data-state", "forwarded");
        await Expect(request).ToHaveAttributeAsync("data-party", "requesting_government");
        await Expect(page.Locator("form.pr-action")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("history").Locator("li.pr-event[data-to='forwarded']")).ToHaveCountAsync(1);
        await MusubiAppFixture.ScreenshotAsync(page, "priority-detail-en");

        // The Japanese official: the request, their notification, and only the review and reject forms — in Japanese.
        var official = await app.NewPageAsync();
        await MusubiAppFixture.SignInAsync(official, "jp-atla");
        await official.GetByRole(AriaRole.Button, new() { Name = "日本語", Exact = true }).ClickAsync();
        await Expect(official.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Expect(official.GetByTestId("nav-unread")).ToBeVisibleAsync();
        await official.GotoAsync("/priority/notifications");
        await Expect(official.Locator($"li.pr-notification[data-request='{id}']").First).ToBeVisibleAsync();
        await official.Locator($"li.pr-notification[data-request='{id}'] a[href='/priority/{id}']").First.ClickAsync();
        await Expect(official.GetByTestId("request")).ToHaveAttributeAsync("data-party", "receiving_government");
        await Expect(official.Locator("form.pr-action")).ToHaveCountAsync(2);
        await Expect(official.GetByTestId("do-review")).ToHaveTextAsync("審査を開始する");
        await Expect(official.GetByTestId("do-reject")).ToHaveTextAsync("却下する");
        await official.GetByTestId("do-review").ClickAsync();
        await Expect(official.GetByTestId("request")).ToHaveAttributeAsync("data-state", "under_review");
        await official.GetByTestId("action-forward").Locator("textarea[name='Note']").FillAsync("北陸精密配線へ回付します。");
        await official.GetByTestId("do-forward").ClickAsync();
        await Expect(official.GetByTestId("request")).ToHaveAttributeAsync("data-state", "forwarded");
        await Expect(official.GetByTestId("no-actions")).ToBeVisibleAsync();

        await official.GotoAsync("/priority");
        await Expect(official.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("優先供給要請");
        await Expect(official.Locator($"tr[data-request='{id}'] .pr-state")).ToHaveTextAsync("供給者へ回付済み");
        await Expect(official.GetByTestId("ageing-chart")).ToContainTextAsync("状態別・滞留期間別の未完了要請");
        await MusubiAppFixture.ScreenshotAsync(official, "priority-ja");

        // Narrow screen: the page reflows without a horizontal scrollbar on the body.
        await official.SetViewportSizeAsync(390, 844);
        Assert.True(await official.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the priority list scrolls sideways at 390 px");
        await official.GotoAsync($"/priority/{id}");
        Assert.True(await official.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the request page scrolls sideways at 390 px");

        Assert.Empty(violations);
    }
}
