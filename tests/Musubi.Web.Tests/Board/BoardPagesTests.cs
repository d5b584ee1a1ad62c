using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Musubi.Web.Hosting;
using Musubi.Web.Tests.Security;

namespace Musubi.Web.Tests.Board;

/// <summary>
/// The board pages on the demo dataset as signed-in browser sessions of the demo accounts see them, in English and
/// Japanese: the board (search in both languages, facets with counts, sort, paging, subscribe to this search), the
/// timeline (SVG Gantt and its table, ICS), a requirement with its milestones and suggested suppliers with explanations
/// (and the excluded ones on request), "opportunities for you", subscriptions and the feed with its unread count in the
/// navigation — each under the strict CSP (no inline style or script), and a supplier without CUI access never shown a
/// CUI requirement in a list, a count, a facet, the timeline, its ICS or its page (404).
/// </summary>
public sealed partial class BoardPagesTests(BoardPagesFactory app) : IClassFixture<BoardPagesFactory>
{
    // req-001 is CUI//REL TO USA, JPN (data/demo/requirements.json): us-acq (U.S., CUI access) sees it, jp-bizdev (no CUI access) does not.
    private const string CuiRequirement = "req-001";

    // req-016 is an unmarked open Replicator requirement (Group 2 small UAS).
    private const string OpenRequirement = "req-016";

    // req-023 (GCAP composite test specimens, unmarked) has several composite-structure suppliers that pass every filter;
    // req-009 (CCA composite wing skins) has candidates a filter excludes.
    private const string MatchedRequirement = "req-023";
    private const string PartlyExcludedRequirement = "req-009";

    private sealed record Session(HttpClient Client, string Token) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }

    private async Task<Session> SignedInAsync(string account)
    {
        var client = app.BrowserClient();
        var token = await HardenedFactory.SignInAsync(client, account);
        return new Session(client, token);
    }

    private static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {html[..Math.Min(html.Length, 4000)]}");
            return html;
        }
    }

    private static FormUrlEncodedContent Form(string token, params (string Name, string Value)[] fields) =>
        new([new KeyValuePair<string, string>("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);

    /// <summary>The requirements listed on a board page, in order.</summary>
    private static List<string> Listed(string html) => [.. ListedItem().Matches(html).Select(m => m.Groups[1].Value)];

    private static int Total(string html) =>
        TotalAttribute().Match(html) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    [Theory]
    [InlineData("/board")]
    [InlineData("/board/timeline")]
    [InlineData("/board/req-016")]
    [InlineData("/board/opportunities")]
    [InlineData("/board/subscriptions")]
    [InlineData("/board/feed")]
    public async Task Pages_AreForSignedInUsers(string path)
    {
        using var response = await app.ClientAs(null).GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [InlineData("en", "Demand-signal board", "Board", "Program", "Contracting path", "Funded")]
    [InlineData("ja", "需要掲示板", "需要掲示板", "プログラム", "調達経路", "予算措置済み")]
    public async Task Board_ListsWithFacetsSortAndPaging_InEnglishAndJapanese(string culture, string title, string nav, string programFacet, string pathFacet, string funded)
    {
        using var us = await SignedInAsync("us-acq");

        var html = await HtmlAsync(await us.Client.GetAsync($"/board?culture={culture}"), HttpStatusCode.OK);

        Assert.Contains($"<html lang=\"{culture}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<li class=\"nav-board\"><a href=\"/board\" aria-current=\"page\">{nav}</a>", html, StringComparison.Ordinal);
        // Facets: a checkbox per value with its count of visible requirements.
        Assert.Contains($"<legend>{programFacet}</legend>", html, StringComparison.Ordinal);
        Assert.Contains($"<legend>{pathFacet}</legend>", html, StringComparison.Ordinal);
        Assert.Matches("<input type=\"checkbox\" id=\"facet-program-replicator\" name=\"program\" value=\"replicator\" />", html);
        Assert.Matches("<span class=\"board-count\" data-count=\"[1-9][0-9]*\">", html);
        Assert.Contains(funded, html, StringComparison.Ordinal);
        // The list: a page of 25 of every requirement the reader may see, the CUI one included, and the next page.
        var total = Total(html);
        Assert.True(total > 25, $"total {total}");
        Assert.Equal(25, Listed(html).Count);
        Assert.Contains("data-testid=\"next-page\"", html, StringComparison.Ordinal);
        var second = await HtmlAsync(await us.Client.GetAsync("/board?page=2"), HttpStatusCode.OK);
        Assert.Equal(Math.Min(25, total - 25), Listed(second).Count);
        Assert.Empty(Listed(html).Intersect(Listed(second)));
        Assert.Contains(CuiRequirement, Listed(html).Concat(Listed(second)));
        // The timeline link keeps the search; the subscribe form posts it with the antiforgery token.
        Assert.Contains("href=\"/board/timeline\" data-testid=\"timeline-link\"", html, StringComparison.Ordinal);
        Assert.Matches("<form method=\"post\" action=\"/board\\?handler=Subscribe\" class=\"board-subscribe\" data-testid=\"subscribe-form\">", html);
        Assert.Matches("<form method=\"post\" action=\"/board\\?handler=Subscribe\"[^>]*>(?:(?!</form>).)*__RequestVerificationToken", html.Replace("\n", " ", StringComparison.Ordinal));
        AssertNoInlineStyleOrScript(html);
    }

    [Fact]
    public async Task Board_SortsByNeedByDate_BothWays()
    {
        using var us = await SignedInAsync("us-acq");

        var ascending = Listed(await HtmlAsync(await us.Client.GetAsync("/board?program=gpi&program=replicator&status=open&sort=needBy"), HttpStatusCode.OK));
        var descending = Listed(await HtmlAsync(await us.Client.GetAsync("/board?program=gpi&program=replicator&status=open&sort=-needBy"), HttpStatusCode.OK));

        // req-016 is needed by 2027-06-30, req-001 by 2028-09-30.
        Assert.Contains(OpenRequirement, ascending);
        Assert.Contains(CuiRequirement, ascending);
        Assert.True(ascending.IndexOf(OpenRequirement) < ascending.IndexOf(CuiRequirement), string.Join(",", ascending));
        Assert.True(descending.IndexOf(OpenRequirement) > descending.IndexOf(CuiRequirement), string.Join(",", descending));
        Assert.Equal(ascending.Order(StringComparer.Ordinal), descending.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("rocket motor")]
    [InlineData("固体ロケット")]
    public async Task Board_SearchesEnglishAndJapaneseText(string text)
    {
        using var us = await SignedInAsync("us-acq");

        var html = await HtmlAsync(await us.Client.GetAsync("/board?q=" + Uri.EscapeDataString(text)), HttpStatusCode.OK);

        Assert.Contains(CuiRequirement, Listed(html));
        Assert.DoesNotContain("req-032", Listed(html)); // operator training: nothing about rocket motors
        Assert.Contains($"value=\"{text}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Board_FacetChoiceNarrows_AndKeepsTheOtherChoicesCounted()
    {
        using var us = await SignedInAsync("us-acq");

        var html = await HtmlAsync(await us.Client.GetAsync("/board?program=replicator"), HttpStatusCode.OK);

        var listed = Listed(html);
        Assert.NotEmpty(listed);
        Assert.All(listed, id => Assert.Contains(id, (string[])["req-016", "req-017", "req-018", "req-019", "req-020", "req-021"]));
        Assert.Contains("id=\"facet-program-replicator\" name=\"program\" value=\"replicator\" checked=\"checked\"", html, StringComparison.Ordinal);
        // The program facet leaves its own choice out, so the other programs are still offered with their counts.
        Assert.Contains("id=\"facet-program-gpi\"", html, StringComparison.Ordinal);
        Assert.Equal(listed.Count, Total(html));
    }

    [Theory]
    [InlineData("en", "needFrom=2027-13-40", "needFrom", "Enter a date as YYYY-MM-DD.")]
    [InlineData("ja", "needTo=tomorrow", "needTo", "日付を YYYY-MM-DD の形式で入力してください。")]
    public async Task Board_BadDate_Is400_NextToItsField(string culture, string query, string field, string message)
    {
        using var us = await SignedInAsync("us-acq");

        var html = await HtmlAsync(await us.Client.GetAsync($"/board?{query}&culture={culture}"), HttpStatusCode.BadRequest);

        Assert.Contains("data-testid=\"errors\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"error-{field}\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains($"id=\"{field}\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Board_BadSort_Is400_WithTheServicesMessage()
    {
        using var us = await SignedInAsync("us-acq");

        var html = await HtmlAsync(await us.Client.GetAsync("/board?sort=bogus"), HttpStatusCode.BadRequest);

        Assert.Contains("data-testid=\"errors\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"error-sort\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_ASupplierWithoutCuiAccess_NeverSeesTheCuiRequirement()
    {
        using var us = await SignedInAsync("us-acq");
        using var jp = await SignedInAsync("jp-bizdev");

        var usBoard = await HtmlAsync(await us.Client.GetAsync("/board?program=gpi"), HttpStatusCode.OK);
        var jpBoard = await HtmlAsync(await jp.Client.GetAsync("/board?program=gpi"), HttpStatusCode.OK);
        Assert.Contains(CuiRequirement, Listed(usBoard));
        Assert.DoesNotContain(CuiRequirement, jpBoard, StringComparison.Ordinal);
        // Totals and facet counts are of visible requirements only.
        Assert.True(Total(jpBoard) < Total(usBoard), $"{Total(jpBoard)} vs {Total(usBoard)}");
        Assert.Equal(Listed(jpBoard).Count, Total(jpBoard));
        Assert.Equal(Total(jpBoard), FacetCount(jpBoard, "program", "gpi"));
        Assert.Equal(Total(usBoard), FacetCount(usBoard, "program", "gpi"));
        // The text search, the timeline and its ICS, and the page itself.
        var search = await HtmlAsync(await jp.Client.GetAsync("/board?q=" + Uri.EscapeDataString("固体ロケットモータ")), HttpStatusCode.OK);
        Assert.DoesNotContain(CuiRequirement, search, StringComparison.Ordinal);
        var timeline = await HtmlAsync(await jp.Client.GetAsync("/board/timeline?program=gpi"), HttpStatusCode.OK);
        Assert.DoesNotContain(CuiRequirement, timeline, StringComparison.Ordinal);
        using (var ics = await jp.Client.GetAsync("/board/timeline?program=gpi&handler=Ics"))
        {
            Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
            Assert.DoesNotContain(CuiRequirement, await ics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var page = await HtmlAsync(await jp.Client.GetAsync($"/board/{CuiRequirement}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain("Second-stage solid rocket motors", page, StringComparison.Ordinal);
        using (var ics = await jp.Client.GetAsync($"/board/{CuiRequirement}?handler=Ics"))
        {
            Assert.Equal(HttpStatusCode.NotFound, ics.StatusCode);
        }
        // The same answer as a requirement that does not exist.
        await HtmlAsync(await jp.Client.GetAsync("/board/req-does-not-exist"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("en", "Suggested suppliers", "Milestones", "en")]
    [InlineData("ja", "推奨供給者", "マイルストーン", "ja")]
    public async Task Requirement_ShowsMilestonesAndSuggestedSuppliersWithExplanations(string culture, string suppliers, string milestones, string lang)
    {
        using var us = await SignedInAsync("us-acq");

        var html = await HtmlAsync(await us.Client.GetAsync($"/board/{MatchedRequirement}?culture={culture}"), HttpStatusCode.OK);

        Assert.Contains($">{suppliers}</h2>", html, StringComparison.Ordinal);
        Assert.Contains($">{milestones}</h2>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"download-ics\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"match-counts\"", html, StringComparison.Ordinal);
        // Suggested suppliers, best first, each with its filters passed and its scores, written in the reader's language.
        var scores = SupplierScore().Matches(html).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(scores.Count >= 2, $"{scores.Count} suppliers");
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.Contains("data-testid=\"filters\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"scores\"", html, StringComparison.Ordinal);
        Assert.Matches($"<li class=\"board-reason board-reason--pass\" data-code=\"capability\" data-passed=\"true\">", html);
        Assert.Matches($"<span lang=\"{lang}\" data-testid=\"reason-text\">", html);
        Assert.Contains("<tr data-code=\"text\"", html, StringComparison.Ordinal);
        if (lang == "ja")
        {
            // Written from the reasons' codes and arguments, not the engine's English sentences.
            Assert.DoesNotContain("Holds ", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Text relevance", html, StringComparison.Ordinal);
            Assert.Contains("を保有", html, StringComparison.Ordinal);
            Assert.Contains("テキスト関連度", html, StringComparison.Ordinal);
        }
        Assert.Contains("data-testid=\"excluded-toggle\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"excluded\"", html, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(html);

        // The toggle shows the excluded candidates (each with a failed filter), or says there are none.
        var excluded = await HtmlAsync(await us.Client.GetAsync($"/board/{PartlyExcludedRequirement}?excluded=true&culture={culture}"), HttpStatusCode.OK);
        Assert.Contains("data-testid=\"excluded\"", excluded, StringComparison.Ordinal);
        Assert.Contains("<li class=\"board-match board-match--excluded\"", excluded, StringComparison.Ordinal);
        Assert.Matches("<li class=\"board-reason board-reason--fail\" data-code=\"[a-zA-Z]+\" data-passed=\"false\">", excluded);
        Assert.Matches($"<span lang=\"{lang}\" data-testid=\"reason-text\">", excluded);
        // The CUI requirement's page carries its marking in the banner.
        var cui = await HtmlAsync(await us.Client.GetAsync($"/board/{CuiRequirement}?culture={culture}"), HttpStatusCode.OK);
        Assert.Contains("data-testid=\"banner-top\">CUI//REL TO USA, JPN</div>", cui, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requirement_MilestonesDownloadAsIcs()
    {
        using var us = await SignedInAsync("us-acq");

        using var response = await us.Client.GetAsync($"/board/{OpenRequirement}?handler=Ics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var ics = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR", ics, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VEVENT", ics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Board timeline", "Requirements by need-by date")]
    [InlineData("ja", "掲示板タイムライン", "必要期日別の要求")]
    public async Task Timeline_DrawsTheGantt_WithTheTableAsItsAlternative(string culture, string title, string chart)
    {
        using var us = await SignedInAsync("us-acq");

        var html = await HtmlAsync(await us.Client.GetAsync($"/board/timeline?program=replicator&culture={culture}"), HttpStatusCode.OK);

        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<figcaption id=\"board-gantt-caption\">{chart}</figcaption>", html, StringComparison.Ordinal);
        var rows = Regex.Matches(html, "<g class=\"tl-row board-row[^\"]*\" data-requirement=\"(req-[0-9]+)\" data-testid=\"gantt-row\">").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(OpenRequirement, rows);
        Assert.All(rows, id => Assert.Contains(id, (string[])["req-016", "req-017", "req-018", "req-019", "req-020", "req-021"]));
        Assert.Contains("class=\"tl-bar board-bar--open\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"board-milestone\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"today\"", html, StringComparison.Ordinal);
        // The table lists the same requirements (and any without dates).
        Assert.Contains("data-testid=\"timeline-table\"", html, StringComparison.Ordinal);
        Assert.Contains($"<tr data-requirement=\"{OpenRequirement}\">", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/board/timeline?program=replicator&amp;handler=Ics\"", html, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(html);

        using var ics = await us.Client.GetAsync("/board/timeline?program=replicator&handler=Ics");
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        Assert.Contains("BEGIN:VEVENT", await ics.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var bad = await HtmlAsync(await us.Client.GetAsync("/board/timeline?needFrom=soon"), HttpStatusCode.BadRequest);
        Assert.Contains("data-testid=\"errors\"", bad, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Opportunities for you")]
    [InlineData("ja", "あなたへの案件")]
    public async Task Opportunities_ForTheReadersOrganization_ByDefault(string culture, string title)
    {
        using var jp = await SignedInAsync("jp-bizdev");

        var html = await HtmlAsync(await jp.Client.GetAsync($"/board/opportunities?culture={culture}"), HttpStatusCode.OK);

        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"opportunities\" data-organization=\"hokuriku-wiring\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"match-counts\"", html, StringComparison.Ordinal);
        // Only requirements the reader may see are offered (never the CUI one).
        Assert.DoesNotContain(CuiRequirement, html, StringComparison.Ordinal);
        foreach (Match m in Regex.Matches(html, "data-requirement=\"(req-[0-9]+)\""))
        {
            await HtmlAsync(await jp.Client.GetAsync($"/board/{m.Groups[1].Value}"), HttpStatusCode.OK);
        }
        AssertNoInlineStyleOrScript(html);
    }

    [Fact]
    public async Task Opportunities_OfAnotherOrganization_AndOfAnUnknownOne()
    {
        using var us = await SignedInAsync("us-acq");

        var other = await HtmlAsync(await us.Client.GetAsync("/board/opportunities?org=prairie-drone"), HttpStatusCode.OK);
        Assert.Contains("data-organization=\"prairie-drone\"", other, StringComparison.Ordinal);

        var unknown = await HtmlAsync(await us.Client.GetAsync("/board/opportunities?org=no-such-org"), HttpStatusCode.NotFound);
        Assert.Contains("data-testid=\"not-found\"", unknown, StringComparison.Ordinal);

        // The registry's organization page links to them.
        var registry = await HtmlAsync(await us.Client.GetAsync("/registry/organizations/prairie-drone"), HttpStatusCode.OK);
        Assert.Contains("<a href=\"/board/opportunities?org=prairie-drone\" data-testid=\"opportunities-link\">", registry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscriptions_CreateListAndDelete_WithBadInputNextToItsField()
    {
        using var us = await SignedInAsync("us-bizdev");

        // Nothing to follow: 400 with the message next to the field.
        var empty = await HtmlAsync(await us.Client.PostAsync("/board/subscriptions?handler=Create", Form(us.Token,
            ("Name", "Nothing"), ("Kind", "capability"), ("Values", ""), ("SearchText", ""), ("Digest", "none"))), HttpStatusCode.BadRequest);
        Assert.Contains("data-testid=\"error-Values\"", empty, StringComparison.Ordinal);
        // An unknown capability code: the service's 400, next to the field.
        var unknown = await HtmlAsync(await us.Client.PostAsync("/board/subscriptions?handler=Create", Form(us.Token,
            ("Name", "Bogus"), ("Kind", "capability"), ("Values", "NOT.A.CODE"), ("SearchText", ""), ("Digest", "none"))), HttpStatusCode.BadRequest);
        Assert.Contains("data-testid=\"errors\"", unknown, StringComparison.Ordinal);
        Assert.Contains("NOT.A.CODE", unknown, StringComparison.Ordinal);

        using (var created = await us.Client.PostAsync("/board/subscriptions?handler=Create", Form(us.Token,
            ("Name", "Page test: small UAS"), ("Kind", "capability"), ("Values", "UAS.SMALL"), ("SearchText", ""), ("Digest", "daily"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            Assert.Equal("/board/subscriptions?done=created", created.Headers.Location?.OriginalString);
        }
        var list = await HtmlAsync(await us.Client.GetAsync("/board/subscriptions"), HttpStatusCode.OK);
        var row = Regex.Match(list, "<tr data-subscription=\"([^\"]+)\" data-kind=\"capability\">\\s*<th scope=\"row\">Page test: small UAS</th>");
        Assert.True(row.Success, list[..Math.Min(list.Length, 4000)]);
        var id = row.Groups[1].Value;
        Assert.Contains($"href=\"/api/board/subscriptions/{id}/atom\"", list, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(list);

        // Another reader does not see it and may not delete it.
        using var other = await SignedInAsync("jp-bizdev");
        Assert.DoesNotContain(id, await HtmlAsync(await other.Client.GetAsync("/board/subscriptions"), HttpStatusCode.OK), StringComparison.Ordinal);
        await HtmlAsync(await other.Client.PostAsync("/board/subscriptions?handler=Delete", Form(other.Token, ("subscription", id))), HttpStatusCode.NotFound);

        using (var deleted = await us.Client.PostAsync("/board/subscriptions?handler=Delete", Form(us.Token, ("subscription", id))))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }
        Assert.DoesNotContain(id, await HtmlAsync(await us.Client.GetAsync("/board/subscriptions"), HttpStatusCode.OK), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribeToThisSearch_SavesTheBoardsSearch()
    {
        using var us = await SignedInAsync("us-bizdev");

        using (var response = await us.Client.PostAsync("/board?q=thermal&program=replicator&handler=Subscribe", Form(us.Token,
            ("SubscriptionName", "Page test: thermal cores"), ("Digest", "none"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/board?q=thermal&program=replicator&subscribed=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
        var list = await HtmlAsync(await us.Client.GetAsync("/board/subscriptions"), HttpStatusCode.OK);
        Assert.Matches("<tr data-subscription=\"[^\"]+\" data-kind=\"search\">\\s*<th scope=\"row\">Page test: thermal cores</th>", list);
        Assert.Contains("href=\"/board?q=thermal&amp;program=replicator\"", list, StringComparison.Ordinal);

        // Without the antiforgery token the post is refused.
        using var forged = await us.Client.PostAsync("/board?q=x&handler=Subscribe", new FormUrlEncodedContent([new("SubscriptionName", "forged")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Theory]
    [InlineData("en", "Board feed")]
    [InlineData("ja", "掲示板の通知")]
    public async Task Feed_ShowsTheUnreadCount_AsTheNavigationDoes_AndMarksRead(string culture, string title)
    {
        using var jp = await SignedInAsync("jp-bizdev");

        var html = await HtmlAsync(await jp.Client.GetAsync($"/board/feed?culture={culture}"), HttpStatusCode.OK);

        Assert.Contains($"<h1>{title} <span class=\"count\" data-testid=\"unread\">", html, StringComparison.Ordinal);
        var unread = Regex.Matches(html, "data-read=\"false\"").Count;
        var nav = Regex.Match(html, "data-testid=\"nav-board-unread\"[^>]*>([0-9]+)</a>");
        Assert.Equal(unread, nav.Success ? int.Parse(nav.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
        // Never an item of a requirement the reader may not see.
        Assert.DoesNotContain(CuiRequirement, html, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(html);

        using (var read = await jp.Client.PostAsync("/board/feed?handler=Read", Form(jp.Token)))
        {
            Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        }
        var after = await HtmlAsync(await jp.Client.GetAsync("/board/feed"), HttpStatusCode.OK);
        Assert.DoesNotContain("data-read=\"false\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"nav-board-unread\"", after, StringComparison.Ordinal);

        await HtmlAsync(await jp.Client.PostAsync("/board/feed?handler=Read", Form(jp.Token, ("item", "no-such-item"))), HttpStatusCode.NotFound);
        await HtmlAsync(await jp.Client.GetAsync("/board/feed?subscription=no-such-subscription"), HttpStatusCode.NotFound);
    }

    private static int FacetCount(string html, string parameter, string value)
    {
        var m = Regex.Match(html, $"id=\"facet-{parameter}-{Regex.Escape(value)}\"[^>]*>.*?data-count=\"([0-9]+)\"", RegexOptions.Singleline);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static void AssertNoInlineStyleOrScript(string html)
    {
        Assert.DoesNotMatch(InlineStyle(), html);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("<li class=\"board-item\" data-requirement=\"([^\"]+)\"")]
    private static partial Regex ListedItem();

    [GeneratedRegex("data-testid=\"total\" data-total=\"([0-9]+)\"")]
    private static partial Regex TotalAttribute();

    [GeneratedRegex("<li class=\"board-match\" data-organization=\"[^\"]+\" data-facility=\"[^\"]+\" data-score=\"([0-9.]+)\">")]
    private static partial Regex SupplierScore();

    [GeneratedRegex("\\sstyle\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}

/// <summary>The hardened app with a sign-in limit these tests do not reach (each test signs in several browser sessions).</summary>
public sealed class BoardPagesFactory : HardenedFactory
{
    protected override void Tune(HardeningOptions options)
    {
        options.SignInPermitsPerMinute = 10_000;
        options.AddressPermitsPerMinute = 10_000;
    }
}
