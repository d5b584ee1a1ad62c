using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Musubi.Testing;
using static Microsoft.Playwright.Assertions;

namespace Musubi.E2E;

/// <summary>
/// The screening pages under the strict CSP: import a list version, screen a name and read its explanation, review it
/// and download a certificate, bulk-screen a CSV with the progress bar fed by the external script, and the same pages
/// in Japanese.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreeningPagesTests(MusubiAppFixture app)
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "Screening", "examples");

    private static List<string> WatchCsp(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(page.Url + ": " + message.Text);
            }
        };
        return violations;
    }

    /// <summary>Imports the shared example list through the lists page (a later call finds it unchanged).</summary>
    private static async Task ImportExamplesAsync(IPage page)
    {
        await page.GotoAsync("/screening/lists");
        await page.Locator("#File").SetInputFilesAsync(Path.Combine(Examples, "list.ftm.jsonl"));
        await page.Locator("#Source").FillAsync("examples");
        await page.Locator("#PublishedOn").FillAsync("2025-06-01");
        await page.GetByTestId("import-list").ClickAsync();
        await Expect(page.GetByTestId("imported")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-source=examples][data-status=active]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task ScreenAName_ShowsTheDecisionAndExplanation_ReviewsIt_DownloadsACertificate_AndReadsInJapanese()
    {
        var page = await app.NewPageAsync();
        var violations = WatchCsp(page);
        await MusubiAppFixture.SignInAsync(page, "jp-compliance");
        await ImportExamplesAsync(page);
        await MusubiAppFixture.ScreenshotAsync(page, "screening-lists-en");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Screening", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Denied-party screening");
        await page.Locator("#Name").FillAsync("China Academy of Launch Vehicle Tech.");
        await page.Locator("#Country").FillAsync("CN");
        await page.GetByTestId("screen").ClickAsync();

        await Expect(page.GetByTestId("decision")).ToHaveAttributeAsync("data-decision", "match");
        await Expect(page.GetByTestId("best")).ToContainTextAsync("x-calt");
        await Expect(page.GetByTestId("explanation-summary").First).Not.ToBeEmptyAsync();
        await Expect(page.GetByTestId("features").Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("tokens")).ToContainTextAsync("launch");
        await MusubiAppFixture.ScreenshotAsync(page, "screening-name-en");

        await page.GetByTestId("record-link").ClickAsync();
        await Expect(page.GetByTestId("review-status")).ToHaveAttributeAsync("data-status", "pending");
        await page.GetByTestId("decision-confirmed_match").CheckAsync();
        await page.Locator("#Note").FillAsync("The listed academy, abbreviated.");
        await page.GetByTestId("submit-review").ClickAsync();
        await Expect(page.GetByTestId("review-status")).ToHaveAttributeAsync("data-status", "reviewed");
        await page.GetByTestId("issue-certificate").ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("certificate-download").First.ClickAsync());
        var path = await download.PathAsync();
        var certificate = await File.ReadAllTextAsync(path!);
        Assert.Contains("\"format\":\"musubi-screening-certificate/1\"", certificate, StringComparison.Ordinal);
        Assert.Contains("\"decision\":\"confirmed_match\"", certificate, StringComparison.Ordinal);
        await MusubiAppFixture.ScreenshotAsync(page, "screening-record-en");

        await page.GetByRole(AriaRole.Button, new() { Name = "日本語", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await page.GotoAsync("/screening");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("取引禁止先スクリーニング");
        await Expect(page.Locator("label[for=Name]")).ToHaveTextAsync("名称");
        await page.Locator("#Name").FillAsync("中国运载火箭技术研究院");
        await page.GetByTestId("screen").ClickAsync();
        await Expect(page.GetByTestId("decision")).ToContainTextAsync("該当");
        await Expect(page.GetByTestId("features")).ToContainTextAsync("スコアの内訳");
        await MusubiAppFixture.ScreenshotAsync(page, "screening-name-ja");
        await page.GotoAsync("/screening/review?status=reviewed");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("確認待ち一覧");
        await Expect(page.GetByTestId("queue")).ToContainTextAsync("該当確定");

        Assert.Empty(violations);
    }

    [Fact]
    public async Task BulkScreening_ShowsProgress_ThenTheResultsInOrderAPageAtATime_AndByDecision()
    {
        var page = await app.NewPageAsync();
        var violations = WatchCsp(page);
        await MusubiAppFixture.SignInAsync(page, "jp-compliance");
        await ImportExamplesAsync(page);
        // The examples, then enough generated names that the batch takes a moment.
        var csv = new StringBuilder(await File.ReadAllTextAsync(Path.Combine(Examples, "queries.csv")));
        const int Extra = 3000;
        for (var i = 0; i < Extra; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"g{i:D4},Generated Trading Company {i},,,\n");
        }
        using var temp = new TempDirectory("musubi-bulk-");
        var file = temp.NewPath(".csv");
        await File.WriteAllTextAsync(file, csv.ToString());

        await page.GotoAsync("/screening/bulk");
        await page.Locator("#Queries").SetInputFilesAsync(file);
        await page.GetByTestId("start-bulk").ClickAsync();

        await Expect(page.GetByTestId("job")).ToBeVisibleAsync();
        Assert.Contains("job=SJ-", page.Url, StringComparison.Ordinal);
        if (await page.GetByTestId("progress").CountAsync() > 0)
        {
            await Expect(page.GetByTestId("progress")).ToHaveAttributeAsync("max", (Extra + 15).ToString(CultureInfo.InvariantCulture));
            await MusubiAppFixture.ScreenshotAsync(page, "screening-bulk-progress-en");
        }
        // The script polls the job and reloads the page when it is done; nobody clicks.
        await Expect(page.GetByTestId("bulk-results")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        // A hundred rows a page, in the file's order (ADR 0054); every result is counted.
        await Expect(page.GetByTestId("bulk-results").Locator("tbody tr")).ToHaveCountAsync(100);
        await Expect(page.GetByTestId("bulk-showing")).ToContainTextAsync($"Showing 1–100 of {Extra + 15}");
        await Expect(page.Locator("tr[data-query=e02] .decision-chip")).ToHaveAttributeAsync("data-decision", "match");
        await Expect(page.Locator("tr[data-query=e14] .decision-chip")).ToHaveAttributeAsync("data-decision", "none");
        await Expect(page.GetByTestId("bulk-results").Locator("tbody tr").First).ToHaveAttributeAsync("data-query", "e01");
        await page.GetByTestId("bulk-pages").GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
        await Expect(page.GetByTestId("bulk-results").Locator("tbody tr").First).ToHaveAttributeAsync("data-query", "g0085");
        // The matches alone, from the filters.
        await page.GetByTestId("bulk-filters").Locator("a[data-decision=match]").ClickAsync();
        await Expect(page.Locator("tr[data-query=e02] .decision-chip")).ToHaveAttributeAsync("data-decision", "match");
        await Expect(page.GetByTestId("bulk-results").Locator("tbody .decision-chip:not([data-decision=match])")).ToHaveCountAsync(0);

        Assert.Empty(violations);
    }

    [Fact]
    public async Task BulkScreening_ABadFile_NamesEveryLineAndField()
    {
        var page = await app.NewPageAsync();
        await MusubiAppFixture.SignInAsync(page, "jp-compliance");
        using var temp = new TempDirectory("musubi-bulk-bad-");
        var file = temp.NewPath(".csv");
        await File.WriteAllTextAsync(file, "id,name,country\nq1,,JP\nq2,Acme,ZZ\n");

        await page.GotoAsync("/screening/bulk");
        await page.Locator("#Queries").SetInputFilesAsync(file);
        await page.GetByTestId("start-bulk").ClickAsync();

        await Expect(page.GetByTestId("file-problems")).ToContainTextAsync(":2:name:");
        await Expect(page.GetByTestId("file-problems")).ToContainTextAsync(":3:country:");
    }
}
