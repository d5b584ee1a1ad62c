using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Musubi.Web.Hosting;
using Musubi.Web.Tests.Security;

namespace Musubi.Web.Tests.Timelines;

/// <summary>
/// The <c>/timelines</c> and <c>/timelines/holidays</c> pages as a signed-in browser session sees them, in English and
/// Japanese: the demo plan aligned with the Gantt (both fiscal-year bands with their labels and budget events, a bar per
/// step, critical steps marked, slack tails), the schedule table and sources; a what-if month; a pasted input with an
/// error next to its field (400); the downloads; holidays and the business-day counter — under the strict CSP.
/// </summary>
public sealed partial class TimelinesPagesTests(TimelinesPagesFactory app) : IClassFixture<TimelinesPagesFactory>
{
    private async Task<HttpClient> SignedInAsync(string account = "us-acq")
    {
        var client = app.BrowserClient();
        await HardenedFactory.SignInAsync(client, account);
        return client;
    }

    private static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {html[..Math.Min(html.Length, 4000)]}");
        return html;
    }

    [Theory]
    [InlineData("en", "Acquisition timeline alignment", "Timelines", "US FY2028", "JP FY2027 (令和9年度)", "Feasible", "Japan", "Initial deposit paid from the new fiscal year")]
    [InlineData("ja", "調達タイムラインの整合", "タイムライン", "US FY2028", "JP FY2027 (令和9年度)", "実行可能", "日本国政府", "新年度予算による初度納付")]
    public async Task Page_AlignsTheDemo_WithBothFiscalCalendarsSideBySide(string culture, string title, string nav, string usFy, string jpFy, string status, string band, string step)
    {
        using var client = await SignedInAsync();

        var html = await HtmlAsync(await client.GetAsync($"/timelines?culture={culture}&example=sm3-follow-on"), HttpStatusCode.OK);

        Assert.Contains($"<html lang=\"{culture}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/timelines\" aria-current=\"page\">{nav}</a>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"results\" data-status=\"feasible\"", html, StringComparison.Ordinal);
        Assert.Contains($"<dd data-testid=\"status\" class=\"tl-status tl-status--feasible\">{status}</dd>", html, StringComparison.Ordinal);
        // Two bands, U.S. and Japan, each with its fiscal years labelled and its budget events as ticks.
        Assert.Contains("data-testid=\"band-US\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"band-JP\"", html, StringComparison.Ordinal);
        Assert.Contains(band, html, StringComparison.Ordinal);
        Assert.Contains($">{usFy}</text>", html, StringComparison.Ordinal);
        Assert.Contains($">{jpFy}</text>", html, StringComparison.Ordinal);
        Assert.Contains("data-event=\"budget-request\"", html, StringComparison.Ordinal);
        Assert.Contains("data-event=\"pb-request\"", html, StringComparison.Ordinal);
        // One row per step; the deposit is critical; slack drawn as a tail.
        Assert.Equal(10, Regex.Matches(html, "data-testid=\"gantt-row\"").Count);
        Assert.Contains("<g class=\"tl-row tl-row--critical\" data-step=\"initial-deposit\" data-critical=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"tl-slack\"", html, StringComparison.Ordinal);
        Assert.Contains(step, html, StringComparison.Ordinal);
        // The table, the sources (the review period from the transfer rules) and the downloads.
        Assert.Contains("<td data-testid=\"finish-initial-deposit\">2028-04-01</td>", html, StringComparison.Ordinal);
        Assert.Contains("US_AECA36B_NATO_PLUS_5", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/timelines?handler=Download&amp;format=ics&amp;example=sm3-follow-on\"", html, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(html);
    }

    [Theory]
    [InlineData("/timelines")]
    [InlineData("/timelines/holidays")]
    public async Task Pages_AreForSignedInUsers(string path)
    {
        using var response = await app.ClientAs(null).GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task WhatIf_TheLetterOfRequestInNovember_ShowsTheMissedDeadline()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/timelines");

        var html = await HtmlAsync(await client.PostAsync("/timelines", Form(token, ("Source", "example"), ("Example", "sm3-follow-on"), ("WhatIfStep", "lor"), ("WhatIfMonth", "2027-11"))), HttpStatusCode.OK);

        Assert.Contains("data-testid=\"results\" data-status=\"late\"", html, StringComparison.Ordinal);
        Assert.Contains("<td data-testid=\"finish-initial-deposit\">2029-04-01</td>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"conflicts\"", html, StringComparison.Ordinal);
        Assert.Contains("initial-deposit: deadline 2028-04-30, earliest finish 2029-04-01 (336 days late)", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"lor\" lang=\"en\" selected=\"selected\">", html, StringComparison.Ordinal);
        Assert.Contains("class=\"tl-deadline tl-deadline--missed\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "steps[0].unit (1:")]
    [InlineData("ja", "steps[0].unit (1:")]
    public async Task PastedInput_WithABadUnit_Is400_WithTheErrorNextToTheField(string culture, string where)
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/timelines");
        const string input = "{ \"start\": \"2027-01-04\", \"calendars\": [\"US\"], \"steps\": [ { \"id\": \"a\", \"name\": \"A\", \"calendar\": \"US\", \"duration\": 3, \"unit\": \"weeks\" } ] }";

        var html = await HtmlAsync(await client.PostAsync($"/timelines?culture={culture}", Form(token, ("Source", "input"), ("InputJson", input))), HttpStatusCode.BadRequest);

        Assert.Contains("data-testid=\"error-InputJson\"", html, StringComparison.Ordinal);
        Assert.Contains(where, html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"results\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PastedInput_Aligns_AndDownloadsIcs()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/timelines");
        const string input = "{ \"start\": \"2027-01-04\", \"calendars\": [\"US\", \"JP\"], \"steps\": [ { \"id\": \"a\", \"name\": \"A\", \"calendar\": \"JP\", \"duration\": 5, \"unit\": \"businessDays\" } ] }";

        var html = await HtmlAsync(await client.PostAsync("/timelines", Form(token, ("Source", "input"), ("InputJson", input))), HttpStatusCode.OK);
        // Five Japanese business days after Monday 2027-01-04: Jan 5, 6, 7, 8 and (Jan 11 is Coming of Age Day) Jan 12.
        Assert.Contains("<td data-testid=\"finish-a\">2027-01-12</td>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"download-form\"", html, StringComparison.Ordinal);

        using var ics = await client.PostAsync("/timelines?handler=Download&format=ics", Form(token, ("Source", "input"), ("InputJson", input)));
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        Assert.Contains("DTSTART;VALUE=DATE:20270112", await ics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadJson_OfTheDemo()
    {
        using var client = await SignedInAsync();

        using var response = await client.GetAsync("/timelines?handler=Download&format=json&example=gpi-phase");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"finish\": \"2031-04-01\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Public holidays and business days", "Coming of Age Day", "Substitute holiday", "7 business days in Japan from 2025-04-28 to 2025-05-09 (both included)")]
    [InlineData("ja", "祝日と営業日", "成人の日", "振替休日", "日本の 2025-04-28 から 2025-05-09 までの営業日は 7 日（両端を含む）")]
    public async Task Holidays_ListsTheYear_AndCountsBusinessDays(string culture, string title, string holiday, string kind, string count)
    {
        using var client = await SignedInAsync();

        var html = await HtmlAsync(await client.GetAsync($"/timelines/holidays?culture={culture}&Country=JP&Year=2025&From=2025-04-28&To=2025-05-09"), HttpStatusCode.OK);

        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
        Assert.Equal(19, Regex.Matches(html, "<tr data-date=\"2025-").Count);
        Assert.Contains(holiday, html, StringComparison.Ordinal);
        Assert.Contains(kind, html, StringComparison.Ordinal);
        Assert.Contains(count, html, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(html);
    }

    [Theory]
    [InlineData("Country=FR&Year=2025", "error-Country")]
    [InlineData("Country=JP&Year=1800", "error-Year")]
    [InlineData("Country=JP&Year=2025&From=2025-05-09&To=2025-04-28", "error-To")]
    public async Task Holidays_BadInput_Is400_NextToTheField(string query, string testId)
    {
        using var client = await SignedInAsync();

        var html = await HtmlAsync(await client.GetAsync("/timelines/holidays?" + query), HttpStatusCode.BadRequest);

        Assert.Contains($"data-testid=\"{testId}\"", html, StringComparison.Ordinal);
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

    [GeneratedRegex("\\sstyle=\"", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();

    [GeneratedRegex("<script(?![^>]*\\ssrc=)", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}

public sealed class TimelinesPagesFactory : HardenedFactory
{
    protected override void Tune(HardeningOptions options)
    {
        options.SignInPermitsPerMinute = 10_000;
        options.AddressPermitsPerMinute = 10_000;
    }
}
