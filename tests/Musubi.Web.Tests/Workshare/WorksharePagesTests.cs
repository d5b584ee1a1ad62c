using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;
using Musubi.Web.Hosting;
using Musubi.Web.Tests.Security;

namespace Musubi.Web.Tests.Workshare;

/// <summary>
/// The <c>/workshare</c> and <c>/workshare/ledger</c> pages on the demo registry as a signed-in browser session sees
/// them: the form in English and Japanese, the demo GPI program allocated with its planning file (the allocation
/// table, the share-against-target bars and the interface map, each with its table), the modes side by side, an
/// uploaded input that cannot be allocated explained in both languages, bad input answered with the message next to its
/// field (400), a program marked need-to-know not offered to a reader outside it, saving and downloading a run, the
/// release limits the planning files' transfer cases derive from issue #3's rules (each nation's verdict and whether the
/// allocation may use it, in both languages, and as a reopened run saved them), and the ledger with a contract recorded
/// — under the strict CSP (no inline style or script).
/// </summary>
public sealed partial class WorksharePagesTests(WorksharePagesFactory app) : IClassFixture<WorksharePagesFactory>
{
    // Two partners at half each, ± 5 points: of the $200 million of work the United States may take at most
    // $110 million and Japan at least $90 million. The seeker ($120 million) may go only to a U.S. company, so either
    // limit breaks: no allocation exists, and every minimal conflicting set holds the seeker's release limit.
    public const string InfeasibleInput = """
        { "program": "ws-infeasible", "nations": [ { "code": "US", "share": 0.5 }, { "code": "JP", "share": 0.5 } ],
          "tolerance": 0.05,
          "workPackages": [
            { "id": "wp-seeker", "name": "Seeker", "cost": 120000000, "capabilities": ["SENS.SEEKER.IR"], "releasableTo": ["US"] },
            { "id": "wp-kv", "name": "Kill vehicle", "cost": 80000000, "capabilities": ["MSL.KV"] } ],
          "companies": [
            { "id": "rtx", "name": "RTX", "nation": "US", "capabilities": ["SENS.SEEKER.IR", "MSL.KV"] },
            { "id": "mhi", "name": "MHI", "nation": "JP", "capabilities": ["SENS.SEEKER.IR", "MSL.KV"] } ],
          "interfaces": [ { "a": "wp-seeker", "b": "wp-kv", "weight": 1 } ] }
        """;

    // Shares of 0.5 and 0.4: an input error (they must sum to 1 ± 1e-9), not a result.
    private const string BadSharesInput = """
        { "program": "ws-bad", "nations": [ { "code": "US", "share": 0.5 }, { "code": "JP", "share": 0.4 } ],
          "tolerance": 0.05,
          "workPackages": [ { "id": "wp-a", "name": "A", "cost": 100, "capabilities": ["MSL.KV"] } ],
          "companies": [ { "id": "rtx", "name": "RTX", "nation": "US", "capabilities": ["MSL.KV"] } ],
          "interfaces": [] }
        """;

    // Two packages of $100 and $60 and two companies, one per nation, both able to do both; US 60%, JP 40%, ± 5 points
    // (US may take $88–$104): only the $100 package to the U.S. and the $60 one to Japan fits. With RTX at factor 1 and
    // MHI at 1.5 the cost is 100 + 1.5 × 60 = $190; the interface (weight 1) crosses the border.
    private const string TwoPackageInput = """
        { "program": "ws-two", "nations": [ { "code": "US", "share": 0.6 }, { "code": "JP", "share": 0.4 } ],
          "tolerance": 0.05,
          "workPackages": [
            { "id": "wp-big", "name": "Big package", "cost": 100, "capabilities": ["MSL.KV"] },
            { "id": "wp-small", "name": "Small package", "cost": 60, "capabilities": ["MSL.KV"] } ],
          "companies": [
            { "id": "rtx", "name": "RTX", "nation": "US", "capabilities": ["MSL.KV"], "costFactor": 1 },
            { "id": "mhi", "name": "MHI", "nation": "JP", "capabilities": ["MSL.KV"], "costFactor": 1.5 } ],
          "interfaces": [ { "a": "wp-big", "b": "wp-small", "weight": 1 } ] }
        """;

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
    [InlineData("en", "Workshare allocator", "Workshare", "Glide Phase Interceptor", "Compartmentalized", "Compare modes")]
    [InlineData("ja", "ワークシェア配分", "ワークシェア", "滑空段階迎撃用誘導弾", "区分方式", "方式を比較")]
    public async Task Page_RendersTheForm_InEnglishAndJapanese(string culture, string title, string nav, string gpi, string mode, string compare)
    {
        using var client = await SignedInAsync();

        var html = await HtmlAsync(await client.GetAsync($"/workshare?culture={culture}"), HttpStatusCode.OK);

        Assert.Contains($"<html lang=\"{culture}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/workshare\" aria-current=\"page\">{nav}</a>", html, StringComparison.Ordinal);
        // The registry programs the reader may see, GPI chosen by default, named in the reader's language.
        Assert.Contains($"<option value=\"gpi\" lang=\"{culture}\" selected=\"selected\">{gpi} (gpi)</option>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"sm3-iia\"", html, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"compartmentalized\">{mode}</option>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"integrated\" selected=\"selected\">", html, StringComparison.Ordinal);
        Assert.Contains(compare, html, StringComparison.Ordinal);
        Assert.Contains("name=\"PlanFile\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"InputFile\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"TimeLimit\" value=\"30\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"results\"", html, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(html);
    }

    [Theory]
    [InlineData("/workshare")]
    [InlineData("/workshare/ledger")]
    public async Task Pages_AreForSignedInUsers(string path)
    {
        using var response = await app.ClientAs(null).GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task Allocate_TheDemoGpi_ShowsTheAllocationTable_TheShareBars_AndTheInterfaceMap()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/workshare");

        var html = await HtmlAsync(await client.PostAsync("/workshare", Form(token, ("Source", "program"), ("Program", "gpi"), ("Mode", "integrated"), ("TimeLimit", "30"))), HttpStatusCode.OK);

        Assert.Contains("data-testid=\"results\"", html, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"result\" data-mode=\"integrated\" data-status=\"(optimal|feasible)\"", html);
        // One row per GPI work package (data/demo/programs.json), each with a company of a partner nation.
        Assert.Contains("data-testid=\"allocation\"", html, StringComparison.Ordinal);
        var rows = AllocationRow().Matches(html);
        Assert.Equal(["gpi-wp-gnc", "gpi-wp-integ", "gpi-wp-kv", "gpi-wp-rm", "gpi-wp-seeker", "gpi-wp-tps"], rows.Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
        Assert.All(rows, m => Assert.Contains(m.Groups[3].Value, new[] { "US", "JP" }));
        // The shares: two stacked bars and a row per nation with its band and target, and the same as a table.
        Assert.Contains("data-testid=\"share-chart\"", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(html, "<g class=\"ws-row[^\"]*\" data-nation=\"(US|JP)\" data-within=\"true\">").Count);
        Assert.Equal(2, Regex.Matches(html, "<rect [^>]*class=\"ws-band\"><title>").Count);
        Assert.Contains(">Share of the program&#x27;s work</text>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"share-table\"", html, StringComparison.Ordinal);
        Assert.Contains("<li data-nation=\"US\">", html, StringComparison.Ordinal);
        // The interface map: the six packages as nodes in two nation columns, every interface of the planning file as a
        // line, and the interfaces listed in a table.
        Assert.Contains("data-testid=\"interface-map\"", html, StringComparison.Ordinal);
        Assert.Equal(6, Regex.Matches(html, "<g class=\"ws-node\" data-package=\"gpi-wp-[a-z]+\">").Count);
        Assert.Equal(2, Regex.Matches(html, "<g class=\"ws-column\" data-nation=\"(US|JP)\">").Count);
        var interfaces = Regex.Matches(html, "<g class=\"ws-interface\" data-a=\"[^\"]+\" data-b=\"[^\"]+\" data-cross=\"(true|false)\">");
        Assert.True(interfaces.Count >= 8, $"{interfaces.Count} interfaces drawn");
        Assert.Contains(interfaces, m => m.Groups[1].Value == "true");
        Assert.Contains("data-testid=\"interface-table\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"save-run\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"conflicts\"", html, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(html);
    }

    [Fact]
    public async Task Upload_TwoPackages_AllocatesTheOnlyBalancedSplit_AtItsHandWorkedCost()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/workshare");
        var form = Form(token, ("Source", "input"), ("Mode", "integrated"), ("Lambda", "0"), ("TimeLimit", "10"));
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(TwoPackageInput)), "InputFile", "two.json");

        var html = await HtmlAsync(await client.PostAsync("/workshare", form), HttpStatusCode.OK);

        Assert.Contains("data-testid=\"result\" data-mode=\"integrated\" data-status=\"optimal\"", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-package=\"wp-big\" data-company=\"rtx\" data-nation=\"US\">", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-package=\"wp-small\" data-company=\"mhi\" data-nation=\"JP\">", html, StringComparison.Ordinal);
        // Cost 100 + 1.5 × 60 = $190. Targets are round(0.6 × 160) = $96 and $64, so each nation is $4 off: with λ = 0
        // and μ = 1 the objective is 190 + 4 + 4 = $198.
        Assert.Contains("<td class=\"num\">US$190</td>", html, StringComparison.Ordinal);
        Assert.Contains("<dd data-testid=\"objective\">US$198</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<g class=\"ws-interface\" data-a=\"wp-big\" data-b=\"wp-small\" data-cross=\"true\">", html, StringComparison.Ordinal);
        // The uploaded input rides along in the form for "save this run" and the downloads.
        Assert.Contains("<textarea name=\"InputJson\" hidden", html, StringComparison.Ordinal);
        // No package has a transfer case: no release limits to show.
        Assert.DoesNotContain("data-testid=\"releases\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Release limits from the transfer rules", "Permitted with approval", "Exporting nation", "Yes", "Checked against the transfer rules")]
    [InlineData("ja", "移転規則による技術データの提供先制限", "承認等を条件に可", "輸出国", "使用可", "移転規則で判定")]
    public async Task Allocate_TheDemoGpi_ShowsTheReleaseLimitsFromTheTransferRules_InEnglishAndJapanese(
        string culture, string title, string withApproval, string origin, string yes, string fromRules)
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, $"/workshare?culture={culture}");

        var html = WebUtility.HtmlDecode(await HtmlAsync(await client.PostAsync($"/workshare?culture={culture}", Form(token, ("Source", "program"), ("Program", "gpi"), ("Mode", "integrated"), ("TimeLimit", "30"))), HttpStatusCode.OK));

        Assert.Contains("data-testid=\"releases\"", html, StringComparison.Ordinal);
        Assert.Contains($"<h3 id=\"releases-title\">{title}</h3>", html, StringComparison.Ordinal);
        // data/demo/workshare/gpi.json: the seeker's U.S.-origin missile technology may go to Japan with approvals (a
        // government-to-government joint development); the United States is the exporter.
        var seekerJp = ReleaseRow(html, "gpi-wp-seeker", "JP");
        Assert.Equal(("permitted_with_approval", "yes"), (seekerJp.Verdict, seekerJp.Use));
        Assert.Contains($"<span class=\"tag warning\">{withApproval}</span>", seekerJp.Html, StringComparison.Ordinal);
        Assert.Contains($"<td>{yes}</td>", seekerJp.Html, StringComparison.Ordinal);
        Assert.Matches("<a href=\"/transfers/rules\\?jurisdiction=(US|JP)&asOf=\\d{4}-\\d{2}-\\d{2}\"[^>]*data-rule=\"[A-Z0-9_]+\"><code>", seekerJp.Html);
        Assert.Contains("<summary>", seekerJp.Html, StringComparison.Ordinal);
        var seekerUs = ReleaseRow(html, "gpi-wp-seeker", "US");
        Assert.Equal(("origin", "yes"), (seekerUs.Verdict, seekerUs.Use));
        Assert.Contains($"<span class=\"tag\">{origin}</span>", seekerUs.Html, StringComparison.Ordinal);
        // The thermal protection goes the other way: Japanese-origin, to the United States with approvals.
        Assert.Equal(("permitted_with_approval", "yes"), (ReleaseRow(html, "gpi-wp-tps", "US").Verdict, ReleaseRow(html, "gpi-wp-tps", "US").Use));
        Assert.Equal("origin", ReleaseRow(html, "gpi-wp-tps", "JP").Verdict);
        // Only the two packages with a transfer case are listed, and the caption names the date and the rule set.
        Assert.Equal(["gpi-wp-seeker", "gpi-wp-tps"], ReleaseRows().Matches(html).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal));
        Assert.Matches("<caption>[^<]*\\d{4}-\\d{2}-\\d{2}[^<]*<br /><span class=\"muted\">[^<]+<code>sha256:[0-9a-f]{64}</code></span></caption>", html);
        // The allocation table marks those two packages, and only them.
        Assert.Equal(2, Regex.Matches(html, $"data-testid=\"release-from-rules\">{fromRules}</a>").Count);
        AssertNoInlineStyleOrScript(html);
    }

    [Fact]
    public async Task Allocate_TheDemoSm3_ShowsJapanAllowedByTheRules_ButExcludedByHand()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/workshare");

        var html = WebUtility.HtmlDecode(await HtmlAsync(await client.PostAsync("/workshare", Form(token, ("Source", "program"), ("Program", "sm3-iia"), ("Mode", "integrated"), ("TimeLimit", "30"))), HttpStatusCode.OK));

        // data/demo/workshare/sm3-iia.json: the rules would let Japan receive the kinetic warhead's data with approvals;
        // the planning file's releasableTo ["US"] keeps it U.S.-only.
        var jp = ReleaseRow(html, "sm3-wp-kv", "JP");
        Assert.Equal(("permitted_with_approval", "hand"), (jp.Verdict, jp.Use));
        Assert.Contains("<td>No — not in the hand-set list</td>", jp.Html, StringComparison.Ordinal);
        Assert.Equal(("origin", "yes"), (ReleaseRow(html, "sm3-wp-kv", "US").Verdict, ReleaseRow(html, "sm3-wp-kv", "US").Use));
        Assert.Contains("<span class=\"muted\" data-testid=\"release-by-hand\">Hand-set list: United States</span>", html, StringComparison.Ordinal);
        // And the allocation keeps the warhead in the United States.
        Assert.Contains(AllocationRow().Matches(html), m => m.Groups[1].Value == "sm3-wp-kv" && m.Groups[3].Value == "US");
    }

    [Fact]
    public async Task Allocate_AProgramWithoutTransferCases_ShowsNoReleaseLimits()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/workshare");

        // PAC-3 has no planning file, so no package has a transfer case.
        var html = await HtmlAsync(await client.PostAsync("/workshare", Form(token, ("Source", "program"), ("Program", "pac3"), ("Mode", "integrated"), ("TimeLimit", "30"))), HttpStatusCode.OK);

        Assert.Contains("data-testid=\"results\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"releases\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"release-from-rules\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_TheDemoGpi_ShowsTheThreeModesSideBySide()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/workshare");

        var html = await HtmlAsync(await client.PostAsync("/workshare", Form(token, ("Source", "program"), ("Program", "gpi"), ("Mode", "compartmentalized"), ("Compare", "true"))), HttpStatusCode.OK);

        Assert.Contains("data-testid=\"comparison\"", html, StringComparison.Ordinal);
        foreach (var mode in new[] { "compartmentalized", "integrated", "blend" })
        {
            Assert.Matches($"<tr data-mode=\"{mode}\" data-status=\"(optimal|feasible)\"", html);
        }
        // The details are the form's mode's; compartmentalized splits no subsystem.
        Assert.Contains("data-testid=\"result\" data-mode=\"compartmentalized\"", html, StringComparison.Ordinal);
        Assert.Matches("<tr data-mode=\"compartmentalized\" data-status=\"[a-z]+\" class=\"ws-current\">(?:(?!</tr>).)*<td>none</td>", Regex.Replace(html, "\\s+", " "));
        Assert.Contains("data-testid=\"share-chart\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Save\" value=\"compare\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_Infeasible_NamesTheConflictingLimits_InEnglishAndJapanese()
    {
        foreach (var (culture, release, explained) in new[]
        {
            ("en", "Work package “Seeker” (US$120,000,000) may go only to companies of United States", "The conflicts were found in "),
            ("ja", "作業パッケージ「Seeker」（US$120,000,000）は米国の企業にしか割り当てられず", "制約の衝突の特定"),
        })
        {
            using var client = await SignedInAsync();
            var token = await HardenedFactory.FormTokenAsync(client, $"/workshare?culture={culture}");
            var form = Form(token, ("Source", "input"), ("Mode", "integrated"), ("TimeLimit", "10"));
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(InfeasibleInput)), "InputFile", "infeasible.json");

            var html = WebUtility.HtmlDecode(await HtmlAsync(await client.PostAsync($"/workshare?culture={culture}", form), HttpStatusCode.OK));

            Assert.Contains("data-status=\"infeasible\"", html, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"conflicts\"", html, StringComparison.Ordinal);
            Assert.Contains("<li data-kind=\"release\" data-subject=\"wp-seeker\" data-testid=\"conflict\">", html, StringComparison.Ordinal);
            Assert.Contains(release, html, StringComparison.Ordinal);
            // How long the explanation took, in the page's language (not the engine's English).
            Assert.Contains(explained, html, StringComparison.Ordinal);
            Assert.DoesNotContain("explained in", html, StringComparison.Ordinal);
            // The other half of the set: the U.S. ceiling or the Japanese floor, whichever the solver's core names.
            Assert.Matches("<li data-kind=\"(share_ceiling\" data-subject=\"US|share_floor\" data-subject=\"JP)\"", html);
            // Rendered from the values, so no English words are shown in place of the Japanese.
            Assert.DoesNotContain("<span lang=\"en\">", html[html.IndexOf("data-testid=\"conflicts\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
            Assert.DoesNotContain("data-testid=\"allocation\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("data-testid=\"share-chart\"", html, StringComparison.Ordinal);
        }
    }

    // Three programs that cannot be allocated, each for one kind of limit, with tolerance ± 50 points so no share binds:
    // no company holds MSL.KV (no_candidate); the U.S.-only seeker ($100) is more than RTX's capacity of $50 (capacity);
    // subsystem "kv" has a U.S.-only and a Japan-only package but must sit in one nation (compartment).
    private const string Companies = """
        "companies": [ { "id": "rtx", "name": "RTX", "nation": "US", "capabilities": ["SENS.SEEKER.IR"], "capacity": CAP },
                       { "id": "mhi", "name": "MHI", "nation": "JP", "capabilities": ["SENS.SEEKER.IR"] } ], "interfaces": [] }
        """;

    private const string Head = """{ "program": "ws-kinds", "nations": [ { "code": "US", "share": 0.5 }, { "code": "JP", "share": 0.5 } ], "tolerance": 0.5, """;

    private static readonly Dictionary<string, string> KindPackages = new(StringComparer.Ordinal)
    {
        ["no_candidate"] = """ "workPackages": [ { "id": "wp-kv", "name": "Kill vehicle", "cost": 100, "capabilities": ["MSL.KV"] } ], """,
        ["capacity"] = """ "workPackages": [ { "id": "wp-seeker", "name": "Seeker", "cost": 100, "capabilities": ["SENS.SEEKER.IR"], "releasableTo": ["US"] } ], """,
        ["compartment"] = """
             "workPackages": [ { "id": "wp-a", "name": "Seeker", "cost": 100, "capabilities": ["SENS.SEEKER.IR"], "subsystem": "kv", "releasableTo": ["US"] },
                               { "id": "wp-b", "name": "Divert thrusters", "cost": 100, "capabilities": ["SENS.SEEKER.IR"], "subsystem": "kv", "releasableTo": ["JP"] } ],
            """,
    };

    [Theory]
    [InlineData("no_candidate", "integrated", "作業パッケージ「Kill vehicle」（US$100）にはMSL.KVが必要ですが、MSL.KVを持つ企業がありません。")]
    [InlineData("capacity", "integrated", "RTX（米国）が引き受けられる作業は最大US$50ですが、同社しか担えない作業パッケージの合計はUS$100です：「Seeker」。")]
    [InlineData("compartment", "compartmentalized", "サブシステム「kv」は1か国内に収める必要があります（区分方式）が、各作業パッケージの割当先は次のとおりです：「Seeker」は米国、「Divert thrusters」は日本。")]
    public async Task Upload_Infeasible_EachKindOfLimit_IsWrittenInJapanese(string kind, string mode, string japanese)
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/workshare?culture=ja");
        var form = Form(token, ("Source", "input"), ("Mode", mode), ("TimeLimit", "10"));
        var input = Head + KindPackages[kind] + Companies.Replace("CAP", kind == "capacity" ? "50" : "null", StringComparison.Ordinal);
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(input)), "InputFile", "kinds.json");

        var html = WebUtility.HtmlDecode(await HtmlAsync(await client.PostAsync("/workshare?culture=ja", form), HttpStatusCode.OK));

        Assert.Contains("data-status=\"infeasible\"", html, StringComparison.Ordinal);
        var item = Regex.Match(html, $"<li data-kind=\"{kind}\" data-subject=\"[^\"]+\" data-testid=\"conflict\">(.*?)</li>", RegexOptions.Singleline);
        Assert.True(item.Success, $"no {kind} conflict: {Regex.Match(html, "data-testid=\"result\".{0,3000}", RegexOptions.Singleline).Value}");
        Assert.Equal(japanese, item.Groups[1].Value.Trim());
        Assert.DoesNotContain("<span lang=\"en\">", html[html.IndexOf("data-testid=\"conflicts\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Lambda", "-1", "Enter a number of 0 or more, or leave it empty for the default.")]
    [InlineData("Mu", "lots", "Enter a number of 0 or more, or leave it empty for the default.")]
    [InlineData("TimeLimit", "0", "Enter a number of seconds more than 0 and at most 3600.")]
    [InlineData("TimeLimit", "3601", "Enter a number of seconds more than 0 and at most 3600.")]
    [InlineData("Mode", "balanced", "Choose compartmentalized, integrated or blend.")]
    public async Task Allocate_WithABadOption_Is400_WithTheErrorNextToTheField(string field, string value, string message)
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/workshare");
        var fields = new Dictionary<string, string> { ["Source"] = "program", ["Program"] = "gpi", ["Mode"] = "integrated", ["TimeLimit"] = "30" };
        fields[field] = value;

        var html = await HtmlAsync(await client.PostAsync("/workshare", Form(token, [.. fields.Select(f => (f.Key, f.Value))])), HttpStatusCode.BadRequest);

        Assert.Contains("data-testid=\"errors\"", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"#{field}\">{message}</a>", html, StringComparison.Ordinal);
        Assert.Matches(new Regex($"<span class=\"error-message\" id=\"{field}-error\" data-testid=\"error-{field}\">\\s*<span class=\"error-line\">{Regex.Escape(message)}</span>"), html);
        Assert.Contains($"aria-describedby=\"{field}-hint {field}-error\" aria-invalid=\"true\"", html, StringComparison.Ordinal);
        if (field != "Mode")
        {
            Assert.Contains($"name=\"{field}\" value=\"{WebUtility.HtmlEncode(value)}\"", html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("data-testid=\"results\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_SharesNotSummingToOne_Is400_NamingTheInputsField_InJapanese()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/workshare?culture=ja");
        var form = Form(token, ("Source", "input"), ("Mode", "integrated"));
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(BadSharesInput)), "InputFile", "bad.json");

        var html = await HtmlAsync(await client.PostAsync("/workshare?culture=ja", form), HttpStatusCode.BadRequest);

        Assert.Contains("data-testid=\"error-InputFile\"", html, StringComparison.Ordinal);
        Assert.Matches("<span class=\"error-line\">nations[^<]*: ", html);
        Assert.Contains("aria-describedby=\"InputFile-hint InputFile-error\" aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"results\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_Missing_Is400_AskingForTheFile()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/workshare");

        var html = await HtmlAsync(await client.PostAsync("/workshare", Form(token, ("Source", "input"), ("Mode", "blend"))), HttpStatusCode.BadRequest);

        Assert.Contains("data-testid=\"error-InputFile\"", html, StringComparison.Ordinal);
        Assert.Contains("Upload an input file (JSON).", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"blend\" selected=\"selected\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkedProgram_IsNotOffered_ToAReaderWithoutNeedToKnow_NorAllocated()
    {
        _ = app.Server;
        await using (var db = app.Database.NewContext(AccessScope.System))
        {
            db.Programs.Add(new DefenseProgram
            {
                Id = "ws-ntk",
                Kind = ProgramKind.CoDevelopment,
                Name = "Zqworkshare need-to-know program",
                Partners = [new ProgramPartner { Country = "US", CostShare = 0.5m }, new ProgramPartner { Country = "JP", CostShare = 0.5m }],
                WorkPackages = [new WorkPackage { Id = "ws-ntk-wp", ProgramId = "ws-ntk", Name = "Zqworkshare package", CostEstimateUsd = 100m, RequiredCapabilities = ["MSL.KV"] }],
                Marking = new Marking { NeedToKnow = "ws-ntk" },
            });
            await db.SaveChangesAsync();
        }
        using var client = await SignedInAsync();

        var page = await HtmlAsync(await client.GetAsync("/workshare"), HttpStatusCode.OK);
        Assert.DoesNotContain("ws-ntk", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Zqworkshare", page, StringComparison.Ordinal);
        var ledger = await HtmlAsync(await client.GetAsync("/workshare/ledger"), HttpStatusCode.OK);
        Assert.DoesNotContain("ws-ntk", ledger, StringComparison.Ordinal);

        var token = await HardenedFactory.FormTokenAsync(client, "/workshare");
        var html = await HtmlAsync(await client.PostAsync("/workshare", Form(token, ("Source", "program"), ("Program", "ws-ntk"), ("Mode", "integrated"))), HttpStatusCode.BadRequest);
        Assert.Contains("data-testid=\"error-Program\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Zqworkshare", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"results\"", html, StringComparison.Ordinal);

        // Nor can a contract be recorded on it.
        var ledgerToken = await HardenedFactory.FormTokenAsync(client, "/workshare/ledger");
        var contract = await HtmlAsync(await client.PostAsync("/workshare/ledger", Urlencoded(ledgerToken, ("ContractProgram", "ws-ntk"), ("Nation", "US"), ("Value", "1000"), ("Date", "2026-01-15"))), HttpStatusCode.BadRequest);
        Assert.Contains("data-testid=\"error-ContractProgram\"", contract, StringComparison.Ordinal);
        Assert.DoesNotContain("Zqworkshare", contract, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveThisRun_ListsIt_ReopensIt_DownloadsItsAllocation_AndNoOneElseReadsIt()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/workshare");

        var html = await HtmlAsync(await client.PostAsync("/workshare", Form(token, ("Source", "program"), ("Program", "gpi"), ("Mode", "integrated"), ("Save", "true"), ("Name", "GPI integrated"))), HttpStatusCode.OK);

        var id = SavedRun().Match(html).Groups[1].Value;
        Assert.StartsWith("WS-", id, StringComparison.Ordinal);
        Assert.Contains($"<tr data-run=\"{id}\"", html, StringComparison.Ordinal);
        Assert.Contains("GPI integrated", html, StringComparison.Ordinal);

        var reopened = await HtmlAsync(await client.GetAsync($"/workshare?run={id}"), HttpStatusCode.OK);
        Assert.Contains("data-testid=\"allocation\"", reopened, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"interface-map\"", reopened, StringComparison.Ordinal);
        Assert.Contains($"href=\"/workshare?handler=Download&amp;run={id}&amp;format=csv\"", reopened, StringComparison.Ordinal);
        // The release limits as the run saved them.
        Assert.Contains("data-testid=\"releases\"", reopened, StringComparison.Ordinal);
        Assert.Equal(("permitted_with_approval", "yes"), (ReleaseRow(reopened, "gpi-wp-seeker", "JP").Verdict, ReleaseRow(reopened, "gpi-wp-seeker", "JP").Use));

        using var csv = await client.GetAsync($"/workshare?handler=Download&run={id}&format=csv");
        var text = await HtmlAsync(csv, HttpStatusCode.OK);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("work_package,work_package_name,subsystem,company,company_name,nation,value_usd,cost_usd", lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("gpi-wp-seeker,", StringComparison.Ordinal));

        using var json = await client.GetAsync($"/workshare?handler=Download&run={id}&format=json");
        var body = await HtmlAsync(json, HttpStatusCode.OK);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"allocation\": [", body, StringComparison.Ordinal);
        Assert.Contains("\"crossBorderInterfaceWeight\":", body, StringComparison.Ordinal);

        using var other = await SignedInAsync("jp-atla");
        var hidden = await HtmlAsync(await other.GetAsync($"/workshare?run={id}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain("data-testid=\"results\"", hidden, StringComparison.Ordinal);
        using var download = await other.GetAsync($"/workshare?handler=Download&run={id}&format=csv");
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
    }

    [Fact]
    public async Task Ledger_RecordingContracts_ShowsThemOverTime_WithTheShareFlag()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/workshare/ledger");

        // SM-3 Block IIA is half each: $300 million to the U.S. in 2024 and $100 million to Japan in 2025 puts the U.S. at
        // 75% of the work, 25 points over its cost share — beyond any tolerance the planning file or default gives.
        using var first = await client.PostAsync("/workshare/ledger", Urlencoded(token, ("ContractProgram", "sm3-iia"), ("Nation", "US"), ("Value", "300000000"), ("Date", "2024-03-01"), ("Reference", "N00024-24-C-0001")));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/workshare/ledger?program=sm3-iia&added=WL-", first.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var second = await client.PostAsync("/workshare/ledger", Urlencoded(token, ("ContractProgram", "sm3-iia"), ("Nation", "JP"), ("Value", "100000000"), ("Date", "2025-06-30")));
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        var html = await HtmlAsync(await client.GetAsync(second.Headers.Location!.OriginalString), HttpStatusCode.OK);

        Assert.Contains("data-testid=\"contract-added\"", html, StringComparison.Ordinal);
        Assert.Contains("<section class=\"record-section ws-ledger-program\" aria-labelledby=\"program-0-title\" data-testid=\"ledger-program\" data-program=\"sm3-iia\" data-flagged=\"true\">", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-nation=\"US\" data-flagged=\"true\" class=\"ws-flagged\">", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-nation=\"JP\" data-flagged=\"true\" class=\"ws-flagged\">", html, StringComparison.Ordinal);
        Assert.Contains("75.0%", html, StringComparison.Ordinal);
        Assert.Contains("N00024-24-C-0001", html, StringComparison.Ordinal);
        // The contracts over time: a line per nation over 2024–2025, and its table.
        Assert.Contains("data-testid=\"ledger-chart\"", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(html, "<polyline points=\"[^\"]+\" class=\"ws-line").Count);
        Assert.Contains(">2024</text>", html, StringComparison.Ordinal);
        Assert.Contains(">2025</text>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"ledger-chart-table\"", html, StringComparison.Ordinal);
        AssertNoInlineStyleOrScript(html);

        // The global view (no program chosen) lists the program and each nation across programs.
        var all = await HtmlAsync(await client.GetAsync("/workshare/ledger?culture=ja"), HttpStatusCode.OK);
        Assert.Contains("data-testid=\"global-table\"", all, StringComparison.Ordinal);
        Assert.Contains("<h1>ワークシェア台帳</h1>", all, StringComparison.Ordinal);
        Assert.Contains("data-program=\"sm3-iia\"", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_BadContract_Is400_WithEachErrorNextToItsField()
    {
        using var client = await SignedInAsync();
        var token = await HardenedFactory.FormTokenAsync(client, "/workshare/ledger");

        var html = await HtmlAsync(await client.PostAsync("/workshare/ledger", Urlencoded(token, ("ContractProgram", "gpi"), ("Nation", ""), ("Value", "-5"), ("Date", "15/01/2026"))), HttpStatusCode.BadRequest);

        Assert.Contains("data-testid=\"error-Nation\"", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#Value\">Enter an amount in US$ greater than 0.</a>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"error-Date\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"Date-hint Date-error\" aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Value\" value=\"-5\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"error-ContractProgram\"", html, StringComparison.Ordinal);

        // A nation that is not a partner of the program is the service's to refuse, next to the nation.
        var partner = await HtmlAsync(await client.PostAsync("/workshare/ledger", Urlencoded(token, ("ContractProgram", "gpi"), ("Nation", "GB"), ("Value", "5"), ("Date", "2026-01-15"))), HttpStatusCode.BadRequest);
        Assert.Contains("data-testid=\"error-Nation\"", partner, StringComparison.Ordinal);
    }

    /// <summary>A row of the release limits table: its verdict, whether the allocation may use the nation, and its HTML.</summary>
    internal static (string Verdict, string Use, string Html) ReleaseRow(string html, string package, string nation)
    {
        var row = Regex.Match(html, $"<tr data-package=\"{Regex.Escape(package)}\" data-nation=\"{nation}\" data-verdict=\"([a-z_]+)\" data-use=\"([a-z]+)\" data-testid=\"release\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"no release row for {package} → {nation}");
        return (row.Groups[1].Value, row.Groups[2].Value, row.Groups[3].Value);
    }

    internal static MultipartFormDataContent Form(string token, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        return form;
    }

    private static FormUrlEncodedContent Urlencoded(string token, params (string Name, string Value)[] fields) =>
        new([new KeyValuePair<string, string>("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);

    private static void AssertNoInlineStyleOrScript(string html)
    {
        Assert.DoesNotMatch(InlineStyle(), html);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("<tr data-package=\"([^\"]+)\" data-company=\"([^\"]+)\" data-nation=\"([^\"]+)\">")]
    private static partial Regex AllocationRow();

    [GeneratedRegex("data-testid=\"saved-run\" data-run=\"([^\"]+)\"")]
    internal static partial Regex SavedRun();

    [GeneratedRegex("<tr data-package=\"([^\"]+)\" data-nation=\"([^\"]+)\" data-verdict=")]
    private static partial Regex ReleaseRows();

    [GeneratedRegex("\\sstyle\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}

/// <summary>The hardened app with a sign-in limit these tests do not reach (each test signs in its own browser session).</summary>
public sealed class WorksharePagesFactory : HardenedFactory
{
    protected override void Tune(HardeningOptions options)
    {
        options.SignInPermitsPerMinute = 10_000;
        options.AddressPermitsPerMinute = 10_000;
    }
}
