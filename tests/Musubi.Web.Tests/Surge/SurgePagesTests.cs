using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Musubi.Testing;
using Musubi.Web.Hosting;
using Musubi.Web.Tests.Security;

namespace Musubi.Web.Tests.Surge;

/// <summary>
/// The <c>/surge</c> page on the demo registry as a signed-in browser session sees it: the form in English and
/// Japanese, a plan of the demo interceptor with a second scenario (the chart with one line per scenario, its table,
/// the scenarios' summary and the bottleneck table linked to registry records), saving a run, reopening it and its
/// briefing, and bad input answered with the message next to its field (400), never a 500 — under the strict CSP.
/// </summary>
[RunsLong(20)]
public sealed partial class SurgePagesTests(SurgePagesFactory app) : IClassFixture<SurgePagesFactory>
{
    // The demo's interceptor (data/demo/network), the end item the issue asks about: over 24 months it is delivered
    // from the pipeline only (its chain of lead times is longer), so nothing started now binds.
    private const string Item = "p-int";

    // The demo's small drone: over 24 months two EO/IR payload offers bind.
    private const string Drone = "p-suas";

    private async Task<HttpClient> SignedInAsync(string account = "us-acq")
    {
        var client = app.BrowserClient();
        await HardenedFactory.SignInAsync(client, account);
        return client;
    }

    private static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {html[..Math.Min(html.Length, 3000)]}");
        return html;
    }

    [Theory]
    [InlineData("en", "Surge-production planner", "Surge", "Horizon (months)", "Lose a country&#x27;s suppliers", "Interceptor missile, all-up round (illustrative)")]
    [InlineData("ja", "増産計画", "増産計画", "計画期間（月）", "ある国の供給者を失う", "迎撃ミサイル（全弾、例示）")]
    public async Task Page_RendersTheForm_InEnglishAndJapanese(string culture, string title, string nav, string months, string lose, string item)
    {
        using var client = await SignedInAsync();

        var html = await HtmlAsync(await client.GetAsync($"/surge?culture={culture}"), HttpStatusCode.OK);

        Assert.Contains($"<html lang=\"{culture}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/surge\" aria-current=\"page\">{nav}</a>", html, StringComparison.Ordinal);
        Assert.Contains(months, html, StringComparison.Ordinal);
        Assert.Contains(lose, html, StringComparison.Ordinal);
        // The end items of the reader's network, names in the reader's language; the horizon defaults to 24 months.
        Assert.Matches(new Regex($"<option value=\"{Item}\" lang=\"{culture}\">{Regex.Escape(WebUtility.HtmlEncode(item))}"), html);
        Assert.Contains("name=\"Months\" value=\"24\"", html, StringComparison.Ordinal);
        // Country pickers hold the countries of the network's facilities; the three planning files can be uploaded.
        Assert.Contains("<option value=\"JP\">", html, StringComparison.Ordinal);
        Assert.Contains("enctype=\"multipart/form-data\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"ExpansionsFile\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"StocksFile\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"DemandFile\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"results\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"runs\"", html, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(html);
    }

    [Fact]
    public async Task Page_IsForSignedInUsers()
    {
        using var response = await app.ClientAs(null).GetAsync("/surge");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task Plan_OfTheDemoDrone_WithALostCountry_ShowsTheChartPerScenario_AndTheBottleneckTable()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/surge");

        var html = await HtmlAsync(await client.PostAsync("/surge", Form(token, ("Items", Drone), ("Months", "24"), ("Objective", "max"), ("Lose", "true"), ("LoseCountry", "CN"))), HttpStatusCode.OK);

        Assert.Contains("data-testid=\"results\"", html, StringComparison.Ordinal);
        // The scenarios side by side: the baseline and the lost country, each with its status.
        Assert.Matches(new Regex("<tr data-scenario=\"baseline\" data-status=\"optimal\">"), html);
        Assert.Matches(new Regex("<tr data-scenario=\"lose:CN\" data-status=\"[a-z_]+\">"), html);
        Assert.Contains("Lose China", html, StringComparison.Ordinal);
        // The chart: one line per scenario, a legend, both axes titled, and the same numbers as a table.
        Assert.Contains("data-testid=\"surge-chart\"", html, StringComparison.Ordinal);
        Assert.Equal(2, PolyLine().Matches(html).Count);
        Assert.Contains("<li data-series=\"baseline\">", html, StringComparison.Ordinal);
        Assert.Contains("<li data-series=\"lose:CN\">", html, StringComparison.Ordinal);
        Assert.Contains(">Month</text>", html, StringComparison.Ordinal);
        Assert.Contains(">End items delivered</text>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"surge-chart-table\"", html, StringComparison.Ordinal);
        Assert.Equal(24, Regex.Matches(html, "<tr>\\s*<th scope=\"row\">\\d+</th>").Count);
        // Capacities bind: each row links to the offer's part and its facility.
        Assert.Contains("data-testid=\"bottlenecks\"", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-offer=\"o-p-suas-eoir--sho-suwa\">", html, StringComparison.Ordinal);
        Assert.Matches(new Regex("<tr data-offer=\"[^\"]+\">\\s*<th scope=\"row\"><a href=\"/registry/parts/[^\"]+\"><code>"), html);
        Assert.Matches(new Regex("<a href=\"/registry/facilities/[^\"]+\" lang=\"en\">"), html);
        // The question stays in the form; the run can be saved.
        Assert.Contains($"<option value=\"{Drone}\" lang=\"en\" selected=\"selected\">", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"save-run\"", html, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(html);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("121")]
    [InlineData("two years")]
    [InlineData("")]
    public async Task Plan_WithABadHorizon_Is400_WithTheErrorNextToTheField(string months)
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/surge");

        var html = await HtmlAsync(await client.PostAsync("/surge", Form(token, ("Items", Item), ("Months", months), ("Objective", "max"))), HttpStatusCode.BadRequest);

        Assert.Contains("data-testid=\"errors\"", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#Months\">Enter a whole number of months from 1 to 120.</a>", html, StringComparison.Ordinal);
        Assert.Matches(new Regex("<span class=\"error-message\" id=\"Months-error\" data-testid=\"error-Months\">\\s*<span class=\"error-line\">Enter a whole number of months from 1 to 120.</span>"), html);
        Assert.Contains("aria-describedby=\"Months-hint Months-error\" aria-invalid=\"true\"", html, StringComparison.Ordinal);
        // What was typed stays in the field to be corrected.
        Assert.Contains(months.Length == 0 ? "name=\"Months\" min=" : $"name=\"Months\" value=\"{WebUtility.HtmlEncode(months)}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"results\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_BadFields_AreEachNamedNextToTheirField_InJapanese()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/surge?culture=ja");

        var html = await HtmlAsync(await client.PostAsync("/surge?culture=ja", Form(token, ("Months", "24"), ("Objective", "cost"), ("Target", "-1"), ("Lose", "true"), ("LoseCountry", ""), ("Surge", "true"), ("DemandFactor", "zero"))), HttpStatusCode.BadRequest);

        Assert.Contains("data-testid=\"error-Items\"", html, StringComparison.Ordinal);
        Assert.Contains("最終品目を1つ以上選択してください。", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"error-Target\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"error-By\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"error-LoseCountry\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"error-DemandFactor\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"error-Months\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WithABadPlanningFile_NamesFileLineAndField_NextToTheUpload()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/surge");
        var form = Form(token, ("Items", Item), ("Months", "12"), ("Objective", "max"));
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("id,offer_id,extra_per_month,cost_usd,months_until_available\nx1,nope,-5,100,2\n")), "ExpansionsFile", "expansions.csv");

        var html = await HtmlAsync(await client.PostAsync("/surge", form), HttpStatusCode.BadRequest);

        Assert.Contains("data-testid=\"error-ExpansionsFile\"", html, StringComparison.Ordinal);
        Assert.Contains("expansions.csv:2:extra_per_month", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"results\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CostObjective_WithTheDemoPlanningFiles_ShowsWhatItTakes_AndKeepsTheFilesForTheNextPost()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/surge");
        var form = Form(token, ("Items", Item), ("Months", "120"), ("Objective", "cost"), ("Target", "7"), ("By", "96"));
        var demo = Path.Combine(HardenedFactory.RepositoryRoot(), "data", "demo", "surge");
        form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(demo, "expansions.csv"))), "ExpansionsFile", "expansions.csv");
        form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(demo, "stocks.csv"))), "StocksFile", "stocks.csv");

        var html = await HtmlAsync(await client.PostAsync("/surge", form), HttpStatusCode.OK);

        // The interceptor reaches 7 a month by month 96 only with expansions: the cheapest set is listed with its cost.
        Assert.Matches(new Regex("<tr data-scenario=\"baseline\" data-status=\"optimal\">"), html);
        Assert.Contains("data-testid=\"what-it-takes\"", html, StringComparison.Ordinal);
        Assert.Matches(new Regex("<tr data-kind=\"expansion\" data-offer=\"o-p-int-stg3--ng-elkton\">"), html);
        Assert.Matches(new Regex("Total: US\\$[0-9,]+"), html);
        // The uploaded files ride along in the form for "save this run".
        Assert.Contains("<textarea name=\"ExpansionsCsv\" hidden", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"kept-stocks.csv\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"kept-demand.csv\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveThisRun_ListsIt_ReopensIt_AndItsBriefingDownloads()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/surge");

        var html = await HtmlAsync(await client.PostAsync("/surge", Form(token, ("Items", Item), ("Months", "12"), ("Objective", "max"), ("Save", "true"), ("Name", "Interceptor, one year"))), HttpStatusCode.OK);

        var id = SavedRun().Match(html).Groups[1].Value;
        Assert.Matches("^[A-Z]+-[0-9]{8}-[0-9a-f]+$", id);
        Assert.Contains($"<tr data-run=\"{id}\"", html, StringComparison.Ordinal);
        Assert.Contains("Interceptor, one year", html, StringComparison.Ordinal);

        var reopened = await HtmlAsync(await client.GetAsync($"/surge?run={id}"), HttpStatusCode.OK);
        Assert.Contains("data-testid=\"surge-chart\"", reopened, StringComparison.Ordinal);
        Assert.Contains("name=\"Months\" value=\"12\"", reopened, StringComparison.Ordinal);
        Assert.Contains($"href=\"/surge?handler=Briefing&amp;run={id}\"", reopened, StringComparison.Ordinal);

        using var briefing = await client.GetAsync($"/surge?handler=Briefing&run={id}");
        var text = await HtmlAsync(briefing, HttpStatusCode.OK);
        Assert.Equal("text/markdown", briefing.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("#", text, StringComparison.Ordinal);
        Assert.Contains(Item, text, StringComparison.Ordinal);

        // Another reader does not see the run.
        using var other = await SignedInAsync("jp-atla");
        var hidden = await HtmlAsync(await other.GetAsync($"/surge?run={id}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain("data-testid=\"results\"", hidden, StringComparison.Ordinal);
    }

    private static MultipartFormDataContent Form(string token, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        return form;
    }

    private static void AssertNoInlineStyleOrScript(string html)
    {
        Assert.DoesNotMatch(InlineStyle(), html);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("<polyline points=\"[^\"]+\" class=\"surge-line")]
    private static partial Regex PolyLine();

    [GeneratedRegex("data-testid=\"saved-run\" data-run=\"([^\"]+)\"")]
    private static partial Regex SavedRun();

    [GeneratedRegex("\\sstyle\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}

/// <summary>The hardened app with a sign-in limit these tests do not reach (each test signs in its own browser session).</summary>
public sealed class SurgePagesFactory : HardenedFactory
{
    protected override void Tune(HardeningOptions options)
    {
        options.SignInPermitsPerMinute = 10_000;
        options.AddressPermitsPerMinute = 10_000;
    }
}
