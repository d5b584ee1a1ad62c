using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Musubi.Web.Hosting;
using Musubi.Web.Tests.Security;

namespace Musubi.Web.Tests.PriorityRequests;

/// <summary>
/// The <c>/priority</c> pages on the demo dataset as signed-in browser sessions of the demo accounts see them: the list
/// and dashboard (the SVG ageing chart and its table, the medians, the CSV link) in English and Japanese; the new-request
/// form with each problem next to its field (400) and no form for a reader who is not a government official; a request
/// taken through the workflow on the pages — each actor shown the forms of exactly the actions they may take, the
/// request absent (404, not in the list) for everyone who may not see it; comments, the history, the impact panel and
/// the notification feed with its unread count in the navigation — under the strict CSP (no inline style or script).
/// </summary>
public sealed partial class PriorityRequestPagesTests(PriorityPagesFactory app) : IClassFixture<PriorityPagesFactory>
{
    // hokuriku-wiring (JP, demo account jp-bizdev) offers p-pwb-hdi from its Uozu line (data/demo/network/offers.csv).
    private const string Part = "p-pwb-hdi";
    private const string Supplier = "hokuriku-wiring";
    private const string Facility = "hpw-uozu";

    private static readonly string[] Transitions = ["submit", "review", "forward", "reject", "accept", "accept_partial", "decline", "fulfil", "close", "withdraw"];

    private static string InDays(int days) => TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

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
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {html[..Math.Min(html.Length, 4000)]}");
        return html;
    }

    private static FormUrlEncodedContent Form(string token, params (string Name, string Value)[] fields) =>
        new([new KeyValuePair<string, string>("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);

    /// <summary>The actions whose forms the request page shows.</summary>
    private static List<string> ActionForms(string html) =>
        [.. ActionForm().Matches(html).Select(m => m.Groups[1].Value).Where(a => Transitions.Contains(a, StringComparer.Ordinal))];

    /// <summary>A new draft created on the form by <paramref name="session"/> (U.S. acquisition to Japan): its id.</summary>
    private static async Task<string> CreateAsync(Session session, string quantity = "500")
    {
        using var response = await session.Client.PostAsync("/priority/new", Form(session.Token,
            ("PartId", Part), ("Quantity", quantity), ("SupplierOrganizationId", Supplier), ("FacilityId", Facility),
            ("NeededBy", InDays(90)), ("Justification", "Page test: HDI boards for a surge of interceptor guidance sections."),
            ("ProgramId", ""), ("Operation", "Page test"), ("Priority", "urgent"), ("Marking", "")));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 4000)]}");
        var location = response.Headers.Location!.OriginalString;
        var match = Regex.Match(location, "^/priority/([^?/]+)\\?done=create$");
        Assert.True(match.Success, location);
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    private static async Task TransitionAsync(Session session, string id, params (string Name, string Value)[] fields)
    {
        using var response = await session.Client.PostAsync($"/priority/{id}?handler=Transition", Form(session.Token, fields));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 4000)]}");
        Assert.StartsWith($"/priority/{id}?done=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/priority")]
    [InlineData("/priority/new")]
    [InlineData("/priority/notifications")]
    [InlineData("/priority/PR-2026-0001")]
    public async Task Pages_AreForSignedInUsers(string path)
    {
        using var response = await app.ClientAs(null).GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [InlineData("en", "Priority-delivery requests", "Priority requests", "Under review", "Download the requests as CSV", "Median time in each state")]
    [InlineData("ja", "優先供給要請", "優先供給要請", "審査中", "要請を CSV でダウンロード", "各状態の滞留期間の中央値")]
    public async Task Index_ShowsTheDashboardAndTheList_InEnglishAndJapanese(string culture, string title, string nav, string underReview, string export, string medians)
    {
        using var us = await SignedInAsync("us-acq");
        // One open request of the reader's own, so that the chart has at least one row whatever the demo holds.
        var id = await CreateAsync(us);
        await TransitionAsync(us, id, ("Act", "submit"));

        var html = await HtmlAsync(await us.Client.GetAsync($"/priority?culture={culture}"), HttpStatusCode.OK);

        Assert.Contains($"<html lang=\"{culture}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<li class=\"nav-priority\"><a href=\"/priority\" aria-current=\"page\">{nav}</a>", html, StringComparison.Ordinal);
        // The dashboard: counts, the stacked ageing chart (a row per open state with requests) and its table, medians, CSV.
        Assert.Contains("data-testid=\"count-open\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"ageing-chart\"", html, StringComparison.Ordinal);
        Assert.Matches("<g class=\"pr-row\" data-state=\"submitted\" data-total=\"[1-9][0-9]*\">", html);
        Assert.Matches("<rect [^>]*class=\"pr-age--0 pr-segment\" data-bucket=\"0\" data-count=\"[1-9][0-9]*\"><title>", html);
        Assert.Equal(4, Regex.Matches(html, "<li data-bucket=\"[0-3]\">").Count);
        Assert.Contains("data-testid=\"ageing-table\"", html, StringComparison.Ordinal);
        Assert.Contains(medians, html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/priority-requests/export.csv\" download data-testid=\"export\">{export}</a>", html, StringComparison.Ordinal);
        // The list: the request with its state in the reader's language, and the filters.
        Assert.Contains($"<tr data-request=\"{id}\" data-state=\"submitted\"", html, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"under_review\">{underReview}</option>", html, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(html);

        // The filters narrow the list: no request of the reader is in the state "fulfilled" with this id.
        var filtered = await HtmlAsync(await us.Client.GetAsync($"/priority?state=fulfilled&culture={culture}"), HttpStatusCode.OK);
        Assert.DoesNotContain($"data-request=\"{id}\"", filtered, StringComparison.Ordinal);
        Assert.Contains("<option value=\"fulfilled\" selected=\"selected\">", filtered, StringComparison.Ordinal);
        // A state that does not exist is said, not a 500.
        var bad = await HtmlAsync(await us.Client.GetAsync($"/priority?state=bogus&nation=GB&culture={culture}"), HttpStatusCode.OK);
        Assert.Contains("data-testid=\"errors\"", bad, StringComparison.Ordinal);
        Assert.Contains(culture == "ja" ? "「bogus」" : "“bogus”", bad, StringComparison.Ordinal);
        Assert.Contains(culture == "ja" ? "「GB」" : "“GB”", bad, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Enter a whole number greater than 0.", "Enter a date as YYYY-MM-DD.", "Say why the part is needed earlier.")]
    [InlineData("ja", "1 以上の整数を入力してください。", "日付を YYYY-MM-DD の形式で入力してください。", "優先供給が必要な理由を入力してください。")]
    public async Task New_BadInput_Is400_WithEachProblemNextToItsField(string culture, string quantity, string date, string justification)
    {
        using var us = await SignedInAsync("us-acq");
        var form = await HtmlAsync(await us.Client.GetAsync($"/priority/new?culture={culture}"), HttpStatusCode.OK);
        Assert.Contains("data-testid=\"new-form\"", form, StringComparison.Ordinal);
        // Suppliers are the receiving country's (Japan's) organizations; the reader's own government is not one.
        Assert.Contains($"<option value=\"{Supplier}\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"prairie-drone\"", form, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{Part}\"", form, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(form);

        using var response = await us.Client.PostAsync($"/priority/new?culture={culture}", Form(us.Token,
            ("PartId", Part), ("Quantity", "-3"), ("SupplierOrganizationId", Supplier), ("NeededBy", "31/12/2030"), ("Justification", " "), ("Priority", "urgent")));
        var html = await HtmlAsync(response, HttpStatusCode.BadRequest);

        Assert.Contains($"<li><a href=\"#Quantity\">{quantity}</a></li>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"error-Quantity\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"Quantity-hint Quantity-error\" aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains(date, html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"error-NeededBy\"", html, StringComparison.Ordinal);
        Assert.Contains(justification, html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"error-PartId\"", html, StringComparison.Ordinal);
        // What was typed is kept.
        Assert.Contains("name=\"Quantity\" value=\"-3\"", html, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{Part}\" lang=\"", html, StringComparison.Ordinal);

        // The service's own checks (a date in the past, a supplier of the wrong country) come back next to their fields.
        using var past = await us.Client.PostAsync("/priority/new", Form(us.Token,
            ("PartId", Part), ("Quantity", "5"), ("SupplierOrganizationId", "prairie-drone"), ("NeededBy", "2020-01-01"), ("Justification", "x"), ("Priority", "urgent")));
        var service = await HtmlAsync(past, HttpStatusCode.BadRequest);
        Assert.Contains("data-testid=\"error-NeededBy\"", service, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"error-SupplierOrganizationId\"", service, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jp-bizdev")]
    [InlineData("us-analyst")]
    [InlineData("gb-partner")]
    [InlineData("admin")]
    public async Task New_ForAReaderWhoIsNotAGovernmentOfficial_ShowsNoForm(string account)
    {
        using var session = await SignedInAsync(account);

        var html = await HtmlAsync(await session.Client.GetAsync("/priority/new"), HttpStatusCode.OK);

        Assert.Contains("data-testid=\"not-government\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"new-form\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflow_OnThePages_ShowsEachActorExactlyTheirActions_AndHidesTheRequestFromEveryoneElse()
    {
        using var us = await SignedInAsync("us-acq");
        using var jp = await SignedInAsync("jp-atla");
        using var supplier = await SignedInAsync("jp-bizdev");
        using var otherSupplier = await SignedInAsync("us-bizdev");
        using var analyst = await SignedInAsync("us-analyst");
        using var partner = await SignedInAsync("gb-partner");
        using var admin = await SignedInAsync("admin");

        var id = await CreateAsync(us);
        var path = $"/priority/{id}";

        // Draft: only the requesting government sees it, and may submit or withdraw it.
        var draft = await HtmlAsync(await us.Client.GetAsync(path + "?done=create"), HttpStatusCode.OK);
        Assert.Contains($"data-request=\"{id}\" data-state=\"draft\" data-party=\"requesting_government\"", draft, StringComparison.Ordinal);
        Assert.Equal(["submit", "withdraw"], ActionForms(draft));
        Assert.Contains("data-testid=\"done\"", draft, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/registry/organizations/hokuriku-wiring\"", draft, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(draft);
        foreach (var other in new[] { jp, supplier, otherSupplier, analyst, partner, admin })
        {
            await AssertHiddenAsync(other, id);
        }

        await TransitionAsync(us, id, ("Act", "submit"), ("Note", "Submitted by the page test."));

        // Submitted: the receiving government may start the review or reject; the requester may withdraw; the supplier
        // still sees nothing.
        var submittedJp = await HtmlAsync(await jp.Client.GetAsync(path), HttpStatusCode.OK);
        Assert.Contains("data-party=\"receiving_government\"", submittedJp, StringComparison.Ordinal);
        Assert.Equal(["review", "reject"], ActionForms(submittedJp));
        Assert.Contains("data-testid=\"due\"", submittedJp, StringComparison.Ordinal);
        Assert.Equal(["withdraw"], ActionForms(await HtmlAsync(await us.Client.GetAsync(path), HttpStatusCode.OK)));
        await AssertHiddenAsync(supplier, id);

        // Rejecting needs a reason: the form says so next to the field (400), in Japanese for a Japanese reader.
        using (var noReason = await jp.Client.PostAsync(path + "?handler=Transition&culture=ja", Form(jp.Token, ("Act", "reject"), ("Reason", ""))))
        {
            var html = await HtmlAsync(noReason, HttpStatusCode.BadRequest);
            Assert.Contains("data-testid=\"error-reject-Reason\"", html, StringComparison.Ordinal);
            Assert.Contains("理由を入力してください。", html, StringComparison.Ordinal);
        }
        // An action the reader may not take is refused by the service (the page never offered it).
        using (var notTheirs = await us.Client.PostAsync(path + "?handler=Transition", Form(us.Token, ("Act", "review"))))
        {
            Assert.True(notTheirs.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Conflict, notTheirs.StatusCode.ToString());
            Assert.Contains("data-testid=\"refused\"", await notTheirs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await TransitionAsync(jp, id, ("Act", "review"));
        Assert.Equal(["forward", "reject"], ActionForms(await HtmlAsync(await jp.Client.GetAsync(path), HttpStatusCode.OK)));
        await TransitionAsync(jp, id, ("Act", "forward"), ("Note", "Forwarded to Hokuriku."));

        // Forwarded: the supplier now sees it and may accept, accept in part or decline — in Japanese too.
        var forwarded = await HtmlAsync(await supplier.Client.GetAsync(path + "?culture=ja"), HttpStatusCode.OK);
        Assert.Contains("data-party=\"supplier\"", forwarded, StringComparison.Ordinal);
        Assert.Equal(["accept", "accept_partial", "decline"], ActionForms(forwarded));
        Assert.Contains(">受諾する</button>", forwarded, StringComparison.Ordinal);
        Assert.Contains(">一部受諾する</button>", forwarded, StringComparison.Ordinal);
        Assert.Contains("name=\"PromisedQuantity\"", forwarded, StringComparison.Ordinal);
        Assert.Contains("供給者へ回付済み", forwarded, StringComparison.Ordinal);
        Assert.Empty(ActionForms(await HtmlAsync(await jp.Client.GetAsync(path), HttpStatusCode.OK)));
        foreach (var other in new[] { otherSupplier, analyst, partner, admin })
        {
            await AssertHiddenAsync(other, id);
        }

        // A partial acceptance of the whole quantity is refused next to the quantity.
        using (var whole = await supplier.Client.PostAsync(path + "?handler=Transition", Form(supplier.Token, ("Act", "accept_partial"), ("PromisedDate", InDays(60)), ("PromisedQuantity", "500"))))
        {
            var html = await HtmlAsync(whole, HttpStatusCode.BadRequest);
            Assert.Contains("data-testid=\"error-accept_partial-PromisedQuantity\"", html, StringComparison.Ordinal);
        }

        // A comment from the supplier is shown to both governments, and notifies them.
        using (var comment = await supplier.Client.PostAsync(path + "?handler=Comment", Form(supplier.Token, ("Text", "We can ship 300 boards in 60 days."))))
        {
            Assert.Equal(HttpStatusCode.Redirect, comment.StatusCode);
        }
        var commented = await HtmlAsync(await us.Client.GetAsync(path), HttpStatusCode.OK);
        Assert.Contains("We can ship 300 boards in 60 days.", commented, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"comment-form\"", commented, StringComparison.Ordinal);

        await TransitionAsync(supplier, id, ("Act", "accept_partial"), ("PromisedDate", InDays(60)), ("PromisedQuantity", "300"));

        // Partially accepted: the requester confirms delivery, closes or withdraws; the response is shown; the history
        // holds every step.
        var accepted = await HtmlAsync(await us.Client.GetAsync(path), HttpStatusCode.OK);
        Assert.Contains("data-state=\"partially_accepted\"", accepted, StringComparison.Ordinal);
        Assert.Equal(["fulfil", "close", "withdraw"], ActionForms(accepted));
        Assert.Contains("data-testid=\"response\"", accepted, StringComparison.Ordinal);
        Assert.Contains(InDays(60), accepted, StringComparison.Ordinal);
        var history = Regex.Matches(accepted, "<li class=\"pr-event\" data-action=\"([a-z_]*)\" data-to=\"([a-z_]+)\">").Select(m => m.Groups[2].Value).ToList();
        Assert.Equal(["submitted", "under_review", "forwarded", "partially_accepted"], history.Where(s => s != "draft").ToList());
        Assert.Empty(ActionForms(await HtmlAsync(await supplier.Client.GetAsync(path), HttpStatusCode.OK)));

        // The list: the parties see the request, nobody else does.
        Assert.Contains($"data-request=\"{id}\"", await us.Client.GetStringAsync("/priority"), StringComparison.Ordinal);
        Assert.Contains($"data-request=\"{id}\"", await supplier.Client.GetStringAsync("/priority"), StringComparison.Ordinal);

        // The requester's notifications: the supplier's comment and answer, with the unread count in the navigation.
        var feed = await HtmlAsync(await us.Client.GetAsync("/priority/notifications"), HttpStatusCode.OK);
        Assert.Matches($"<li class=\"pr-notification pr-notification--unread\" data-notification=\"[^\"]+\" data-kind=\"(transition|comment)\" data-request=\"{id}\" data-read=\"false\">", feed);
        Assert.Matches("data-testid=\"nav-unread\"[^>]*>[1-9][0-9]*</a>", feed);
        var notification = Regex.Match(feed, $"data-notification=\"([^\"]+)\" data-kind=\"[a-z]+\" data-request=\"{id}\" data-read=\"false\"").Groups[1].Value;
        using (var read = await us.Client.PostAsync("/priority/notifications?handler=Read", Form(us.Token, ("notification", notification))))
        {
            Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        }
        var after = await us.Client.GetStringAsync("/priority/notifications");
        Assert.Contains($"data-notification=\"{notification}\" data-kind=\"", after, StringComparison.Ordinal);
        Assert.Matches($"data-notification=\"{Regex.Escape(notification)}\" data-kind=\"[a-z]+\" data-request=\"{id}\" data-read=\"true\"", after);
        // Others' feeds hold nothing of it.
        Assert.DoesNotContain(id, await analyst.Client.GetStringAsync("/priority/notifications"), StringComparison.Ordinal);
        Assert.DoesNotContain(id, await otherSupplier.Client.GetStringAsync("/priority/notifications"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Impact_OnRequest_ShowsWhetherTheRequestCanBeMet()
    {
        using var us = await SignedInAsync("us-acq");
        var id = await CreateAsync(us, "50");

        var before = await HtmlAsync(await us.Client.GetAsync($"/priority/{id}"), HttpStatusCode.OK);
        Assert.Contains("data-testid=\"compute-impact\"", before, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"impact-result\"", before, StringComparison.Ordinal);

        var html = await HtmlAsync(await us.Client.GetAsync($"/priority/{id}?impact=true&culture=ja"), HttpStatusCode.OK);

        // The part is in the demo network: a plan is made, with a verdict in the reader's language.
        Assert.Matches("data-testid=\"impact-result\" data-computed=\"true\" data-can-meet=\"(true|false)\" data-slips=\"[0-9]+\"", html);
        Assert.Contains("data-testid=\"impact-verdict\"", html, StringComparison.Ordinal);
        Assert.Matches("(までに要請を満たせます|までに要請を満たせません)", html);
        AssertNoInlineStyleOrScript(html);
    }

    [Theory]
    [InlineData("gb-partner", "en")]
    [InlineData("us-analyst", "ja")]
    public async Task Outsiders_SeeNoRequest_InTheList_TheCounts_TheChart_OrTheFeed(string account, string culture)
    {
        // Whatever the demo and the other tests hold, a third-country official and an analyst are party to none of it.
        using var us = await SignedInAsync("us-acq");
        var id = await CreateAsync(us);
        await TransitionAsync(us, id, ("Act", "submit"));
        using var outsider = await SignedInAsync(account);

        var html = await HtmlAsync(await outsider.Client.GetAsync($"/priority?culture={culture}"), HttpStatusCode.OK);

        Assert.Contains("data-testid=\"no-requests\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"no-open\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"ageing-chart\"", html, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"count-total\"><span class=\"count-value\">0</span>", html);
        Assert.Matches("data-testid=\"count-overdue\"><span class=\"count-value\">0</span>", html);
        Assert.DoesNotContain("data-testid=\"nav-unread\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"no-notifications\"", await outsider.Client.GetStringAsync("/priority/notifications"), StringComparison.Ordinal);
        await AssertHiddenAsync(outsider, id);
    }

    [Fact]
    public async Task Detail_UnknownRequest_Is404()
    {
        using var us = await SignedInAsync("us-acq");

        var html = await HtmlAsync(await us.Client.GetAsync("/priority/PR-1999-9999"), HttpStatusCode.NotFound);

        Assert.Contains("class=\"not-found\"", html, StringComparison.Ordinal);
    }

    /// <summary>The request is not there for <paramref name="session"/>: its page is a 404 and no list row or feed names it.</summary>
    private static async Task AssertHiddenAsync(Session session, string id)
    {
        using var page = await session.Client.GetAsync($"/priority/{id}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var list = await session.Client.GetStringAsync("/priority");
        Assert.DoesNotContain(id, list, StringComparison.Ordinal);
    }

    private static void AssertNoInlineStyleOrScript(string html)
    {
        Assert.DoesNotMatch(InlineStyle(), html);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("<form [^>]*class=\"pr-action\" data-testid=\"action-([a-z_]+)\"")]
    private static partial Regex ActionForm();

    [GeneratedRegex("\\sstyle\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}

/// <summary>The hardened app with a sign-in limit these tests do not reach (each test signs in several browser sessions).</summary>
public sealed class PriorityPagesFactory : HardenedFactory
{
    protected override void Tune(HardeningOptions options)
    {
        options.SignInPermitsPerMinute = 10_000;
        options.AddressPermitsPerMinute = 10_000;
    }
}
