using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Musubi.Core.Features.Access;
using Musubi.Testing;
using Musubi.Web.Hosting;
using Xunit.Abstractions;
using static Musubi.Web.Tests.Security.AccessMatrixData;

namespace Musubi.Web.Tests.Security;

/// <summary>
/// A fresh database holding only the matrix's records and principals (no demo), on the test database's fixed clock so
/// that membership dates fall exactly around "today".
/// </summary>
public class MatrixFactory : SecurityFactory
{
    public MatrixFactory() : base("sqlite")
    {
    }

    protected MatrixFactory(string provider) : base(provider)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new MusubiHostOptions { Database = Database.Target, LoadDemo = false, DemoLogin = true });
            services.AddSingleton<TimeProvider>(Database.Clock);
        });
    }
}

public sealed class PostgresMatrixFactory() : MatrixFactory(TestDatabase.PostgresConnectionString is null ? "sqlite" : "postgres");

/// <summary>
/// The generated access matrix (issue #9): principals × markings × every read path. For each principal it reads every
/// GET endpoint the OpenAPI document lists (each list with every filter, search and sort, and its total), every record
/// by id, the dashboard's numbers, the registry pages and every export format, and checks each answer against an
/// oracle written from the documented rules: exactly the records the principal may read are shown and counted, and no
/// response carries a trace (name, title, facet value, count) of one they may not.
/// </summary>
public abstract partial class AccessMatrixTests(MatrixFactory factory, ITestOutputHelper output)
{
    private const int MaxReported = 60;
    private const int Rotation = 4;

    private List<Rec> _records = [];
    private readonly ConcurrentQueue<string> _failures = new();
    private int _requests;

    protected async Task RunAsync()
    {
        _ = factory.Server;
        var (records, entities) = Build();
        var (checks, checkEntities) = BuildTransferChecks();
        records.AddRange(checks);
        entities.AddRange(checkEntities);
        entities.AddRange(BuildScreening());
        _records = records;
        var viewers = Viewers();
        await using (var db = factory.Database.NewContext(AccessScope.System))
        {
            db.AddRange(entities);
            db.AddRange(viewers.Where(v => v.Id is not null).Select(ToPrincipal));
            await db.SaveChangesAsync();
        }

        await CheckEveryGetEndpointHasARuleAsync();

        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(viewers.Select(async v =>
        {
            await gate.WaitAsync();
            try
            {
                await CheckViewerAsync(v);
            }
            finally
            {
                gate.Release();
            }
        }));
        clock.Stop();
        var split = string.Join(", ", _ticks.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {(double)t.Value / Stopwatch.Frequency:F1} s")));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{viewers.Count} principals × {Markings.Count} markings × {Kinds.Count} kinds: {_requests} requests in {clock.Elapsed.TotalSeconds:F1} s ({split})"));

        var failures = _failures.Order(StringComparer.Ordinal).ToList();
        if (failures.Count > 0)
        {
            var report = Path.Combine(Path.GetTempPath(), $"musubi-access-matrix-{factory.Database.Target.Provider}.txt");
            await File.WriteAllLinesAsync(report, failures);
            // One example of each kind of failure (the same check failing for many principals), then the full list's place.
            var examples = failures.GroupBy(f => Regex.Replace(f.Split(':')[0], "^\\S+ ", ""), StringComparer.Ordinal).Select(g => $"{g.Count()}× {g.First()}");
            Assert.Fail($"{failures.Count} access-matrix failures, all in {report}; one of each:\n" + string.Join('\n', examples.Take(MaxReported)));
        }
    }

    private void Fail(Viewer v, string path, string message) => _failures.Enqueue($"{v} GET {path}: {message}");

    private IEnumerable<Rec> Visible(Viewer v, string kind) => _records.Where(r => r.Kind == kind && MayRead(v, r.Spec));

    // ---------------------------------------------------------------- coverage of the API surface

    /// <summary>The GET endpoints this matrix covers, by OpenAPI path template; any other GET fails the test until it has a rule here.</summary>
    private static readonly IReadOnlyDictionary<string, string> Rules = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/api/{kind}"] = "list: every filter, search, sort and page; items and total equal the oracle's",
        ["/api/{kind}/{id}"] = "get: 200 for every record the principal may read, 404 (without a trace) for every other",
        ["/api/taxonomy"] = "unmarked reference data: the same for every principal",
        ["/api/export"] = "every format, every file, every row: exactly the records the principal may hold a copy of",
        ["/api/audit"] = "security officers only: every matrix principal (a viewer) is refused, anonymous 401, others 403, and no event leaks",
        ["/api/audit/verify"] = "security officers only: refused like /api/audit",
        ["/api/transfers/checks"] = "saved transfer checks (one per marking): items and total equal the oracle's (AccessMatrixTests.Transfers.cs)",
        ["/api/transfers/checks/{id}"] = "one saved check: 200 for every check the principal may read, 404 (without a trace) for every other",
        ["/api/rules"] = "the transfer rules: public reference data (legal texts and their citations), the same for every principal",
        ["/api/screening/lists"] = "denied-party list versions: public documents, the same for every signed-in principal (anonymous 401)",
        ["/api/screening/lists/{id}"] = "one list version and its entries: public documents, the same for every signed-in principal",
        ["/api/screening/records"] = "screeners only (compliance officers, program managers, administrators): every matrix principal (a viewer) is refused; records of organizations go through the access policy (AccessMatrixTests.Screening.cs, ScreeningApiTests)",
        ["/api/screening/records/{id}"] = "screeners only: refused like /api/screening/records; a record of an organization the reader may not see is a 404",
        ["/api/screening/certificates/{id}"] = "screeners only: refused like /api/screening/records",
        ["/api/screening/alerts"] = "screeners only: refused like /api/screening/records; alerts of organizations go through the access policy",
        ["/api/screening/jobs/{id}"] = "screeners only, and only the job's starter: refused like /api/screening/records",
        ["/api/screening/duplicates"] = "duplicate candidates: only pairs whose two organizations the principal may read, and no trace of others (AccessMatrixTests.Screening.cs)",
        ["/api/network/items"] = "supply-network end items: computed over the network the principal may see (NetworkRegistryLoader reads through the access policy; NetworkAccessTests)",
        ["/api/network/critical"] = "critical units: over the network the principal may see; a hidden item or unit is an unknown one (400), never named (NetworkAccessTests)",
        ["/api/network/programs/{program}/critical"] = "critical units of a program's end items: the program is read through the access policy (a hidden program is unknown, 400) and each item over the network the principal may see",
        ["/api/network/pairs"] = "critical pairs: over the network the principal may see, like /api/network/critical",
        ["/api/network/concentration"] = "concentration: over the network the principal may see; flagged organizations only from screening records the principal may read",
        ["/api/network/graph"] = "the item's tiered graph: only parts, offers, facilities and organizations the principal may see (NetworkAccessTests)",
        ["/api/network/briefing"] = "the Markdown briefing: built from the same visible network as the other /api/network routes (NetworkAccessTests)",
        ["/api/surge/runs"] = "saved surge runs: only the caller's own (administrators: all), whatever their clearances (SurgeApiTests)",
        ["/api/surge/runs/{id}"] = "one saved surge run: 200 for its creator and administrators, 404 (without a trace) for anyone else (SurgeApiTests)",
        ["/api/surge/runs/{id}/briefing"] = "a saved run's briefing: readable exactly as /api/surge/runs/{id} (SurgeApiTests)",
        ["/api/workshare/runs"] = "saved workshare runs: only the caller's own, whatever their clearances (WorkshareApiTests, WorkshareServiceTests)",
        ["/api/workshare/runs/{id}"] = "one saved workshare run: 200 for its creator, 404 (without a trace) for anyone else (WorkshareApiTests)",
        ["/api/workshare/ledger"] = "the ledger: only programs the principal may read (a hidden program is unknown, 404, never named), contracts on them, and their own saved allocations (WorkshareApiTests, WorkshareServiceTests)",
        ["/api/priority-requests"] = "priority requests: the marking policy, then only the parties' (officials of the two governments, the supplier from forwarded on); a matrix viewer is no party and sees none (PriorityRequestVisibilityTests, PriorityRequestsApiTests)",
        ["/api/priority-requests/{id}"] = "one priority request: 200 for a party that may read it, 404 (without a trace) for anyone else (PriorityRequestsApiTests)",
        ["/api/priority-requests/{id}/comments"] = "a request's comments: readable exactly as /api/priority-requests/{id}",
        ["/api/priority-requests/{id}/impact"] = "a request's surge impact: readable exactly as /api/priority-requests/{id}, planned over the network the principal may see",
        ["/api/priority-requests/dashboard"] = "the dashboard: counts over the requests the principal may see only (PriorityRequestVisibilityTests)",
        ["/api/priority-requests/export.csv"] = "the CSV export: the requests the principal may see and hold a copy of (PriorityRequestVisibilityTests)",
        ["/api/notifications"] = "the caller's own notifications, about requests they may still see",
        ["/api/calendar/holidays"] = "public holidays computed by rule: public reference data, the same for every signed-in principal (anonymous 401; TimelinesApiTests)",
        ["/api/calendar/business-days"] = "a business-day count computed by rule: the same for every signed-in principal (TimelinesApiTests)",
        ["/api/timelines/calendars"] = "the acquisition calendars (data/calendars): public, sourced reference data, the same for every signed-in principal",
        ["/api/timelines/examples"] = "the illustrative demo plans (data/demo/timelines): no records, the same for every signed-in principal",
        ["/api/timelines/examples/{id}"] = "one illustrative demo plan: the same for every signed-in principal; an unknown id is a 404",
        ["/api/board/requirements"] = "board search: requirements through the access policy inside the index's collector, so items, total and every facet count only what the principal may read (BoardApiTests, BoardServiceTests)",
        ["/api/board/requirements/{id}"] = "one board requirement: 200 for a requirement the principal may read, 404 (without a trace) for every other (BoardApiTests)",
        ["/api/board/requirements/{id}/milestones.ics"] = "one requirement's milestones as iCalendar: readable exactly as /api/board/requirements/{id}",
        ["/api/board/timeline"] = "the board's Gantt rows: the same visible hits as /api/board/requirements (BoardApiTests)",
        ["/api/board/milestones.ics"] = "milestones of the search's visible hits as iCalendar: the same hits as /api/board/requirements (BoardApiTests)",
        ["/api/board/subscriptions"] = "the caller's own subscriptions; unread counts only of items whose requirement they may still read (BoardApiTests)",
        ["/api/board/subscriptions/{id}/atom"] = "a subscription's Atom feed: its owner only (404 for anyone else), entries only of requirements the owner may still read (BoardApiTests)",
        ["/api/board/feed"] = "the caller's own feed: only items whose requirement they may still read, in the items, the total and the unread count (BoardApiTests)",
        ["/api/match/requirements/{id}"] = "suppliers for a requirement: 404 (without a trace) for a requirement or program the principal may not read; results and excluded only of organizations, facilities, capabilities and engagements they may read, through access keys checked inside the engine (MatchingApiTests, MatchingServiceTests)",
        ["/api/match/suppliers/{orgId}"] = "opportunities for an organization: 404 for an organization the principal may not read; only open requirements they may read, scored on capabilities and engagements they may read (MatchingApiTests, MatchingServiceTests)",
    };

    private async Task CheckEveryGetEndpointHasARuleAsync()
    {
        var document = JsonNode.Parse(await factory.ClientAs(null).GetStringAsync("/openapi/v1.json"))!;
        var uncovered = new List<string>();
        var covered = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (item?["get"] is null)
            {
                continue;
            }
            var template = RuleKey(path);
            if (!Rules.ContainsKey(template))
            {
                uncovered.Add(path);
            }
            covered++;
        }
        Assert.True(uncovered.Count == 0, "GET endpoints without an access-matrix rule (add one in AccessMatrixTests.Rules): " + string.Join(", ", uncovered));
        Assert.True(covered >= (2 * Kinds.Count) + 2, $"the OpenAPI document lists only {covered} GET endpoints");
    }

    private static string RuleKey(string path)
    {
        foreach (var kind in Kinds)
        {
            if (path == "/api/" + kind)
            {
                return "/api/{kind}";
            }
            if (path == "/api/" + kind + "/{id}")
            {
                return "/api/{kind}/{id}";
            }
        }
        return path;
    }

    // ---------------------------------------------------------------- one principal through every read path

    private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);

    private async Task TimedAsync(string path, Func<Task> check)
    {
        var started = Stopwatch.GetTimestamp();
        await check();
        var elapsed = Stopwatch.GetTimestamp() - started;
        _ticks.AddOrUpdate(path, elapsed, (_, total) => total + elapsed);
    }

    private async Task CheckViewerAsync(Viewer v)
    {
        var client = factory.ClientAs(v.Id);
        var forbidden = _records.Where(r => !MayRead(v, r.Spec)).Select(r => r.Token).ToList();
        foreach (var kind in Kinds)
        {
            await TimedAsync("api lists", () => CheckApiListsAsync(v, client, kind, forbidden));
            await TimedAsync("api get", () => CheckApiDetailsAsync(v, client, kind, forbidden));
            await TimedAsync("list pages", () => CheckPageListAsync(v, client, kind, forbidden));
            await TimedAsync("detail pages", () => CheckPageDetailsAsync(v, client, kind, forbidden));
        }
        await TimedAsync("dashboard", () => CheckDashboardAsync(v, client, forbidden));
        await TimedAsync("taxonomy", () => CheckTaxonomyAsync(v, client));
        foreach (var format in new[] { "csv", "json", "xlsx" })
        {
            await TimedAsync("export", () => CheckExportAsync(v, client, format));
        }
        await TimedAsync("audit", () => CheckAuditRefusedAsync(v, client));
        await TimedAsync("transfer checks", () => CheckTransferChecksAsync(v, client, forbidden));
        await TimedAsync("screening", () => CheckScreeningAsync(v, client, forbidden));
    }

    /// <summary>The audit log is for security officers; matrix principals are viewers and must be refused, without content.</summary>
    private static async Task CheckAuditRefusedAsync(Viewer v, HttpClient client)
    {
        foreach (var path in new[] { "/api/audit", "/api/audit/verify" })
        {
            using var response = await client.GetAsync(path);
            var expected = v.Id is null || v.Disabled ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
            Assert.True(response.StatusCode == expected, $"{v.Id ?? "anonymous"} GET {path}: {(int)response.StatusCode}, expected {(int)expected}");
            Assert.DoesNotContain("\"seq\"", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// Reads <paramref name="path"/>; a disabled principal may be refused (401) outright, which shows nothing. Every
    /// answer is checked for the tokens of records the principal may not read and for 5xx.
    /// </summary>
    private async Task<(HttpStatusCode Status, string Body)?> GetAsync(Viewer v, HttpClient client, string path, IReadOnlyList<string> forbidden)
    {
        Interlocked.Increment(ref _requests);
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 500)
        {
            Fail(v, path, $"{(int)response.StatusCode}");
            return null;
        }
        foreach (var token in forbidden.Where(t => body.Contains(t, StringComparison.Ordinal)))
        {
            Fail(v, path, $"shows {Describe(token)}, which it may not read");
        }
        if (v.Disabled && response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return null;
        }
        return (response.StatusCode, body);
    }

    private string Describe(string token)
    {
        var r = _records.First(r => r.Token == token);
        return $"{r.Kind} {r.Id} ({r.Spec})";
    }

    private static string Ids(IEnumerable<string> ids) => "[" + string.Join(", ", ids.Order(StringComparer.Ordinal)) + "]";

    // ---------------------------------------------------------------- the REST API

    private sealed record ListCase(string Query, Func<Rec, bool> Matches);

    private List<ListCase> ListCases(string kind)
    {
        var mine = _records.Where(r => r.Kind == kind).ToList();
        var cases = new List<ListCase> { new("", _ => true), new("q=zq", _ => true) };
        cases.AddRange(mine.Select(r => new ListCase("q=" + r.Token, x => x.Token == r.Token)));
        foreach (var country in mine.Select(r => r.Country).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            cases.Add(new("country=" + country, r => r.Country == country));
        }
        foreach (var tag in mine.SelectMany(r => r.Tags).Distinct(StringComparer.Ordinal))
        {
            cases.Add(new("kind=" + tag, r => r.Tags.Contains(tag)));
        }
        if (kind is "requirements" or "agreements")
        {
            foreach (var program in mine.Select(r => r.ProgramId).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                cases.Add(new("program=" + program, r => r.ProgramId == program));
            }
        }
        foreach (var sort in SortFields[kind])
        {
            cases.Add(new("sort=" + sort, _ => true));
            cases.Add(new("sort=-" + sort, _ => true));
        }
        return cases;
    }

    private static readonly IReadOnlyDictionary<string, string[]> SortFields = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["organizations"] = ["name", "country", "kind", "updatedAt", "id"],
        ["facilities"] = ["name", "country", "region", "organizationId", "id"],
        ["capabilities"] = ["capabilityCode", "facilityId", "maxPerMonth", "id"],
        ["parts"] = ["name", "usml", "eccn", "id"],
        ["programs"] = ["name", "kind", "id"],
        ["requirements"] = ["needBy", "title", "publishedOn", "quantity", "id"],
        ["agreements"] = ["signedOn", "title", "kind", "id"],
    };

    private async Task CheckApiListsAsync(Viewer v, HttpClient client, string kind, IReadOnlyList<string> forbidden)
    {
        // Every viewer lists everything, searches for every record and pages; the other filters and sorts (over a
        // hundred per viewer) rotate over the viewers, so each is run by a quarter of them, across every attribute.
        var cases = ListCases(kind);
        foreach (var c in cases.Where((c, i) => c.Query.Length == 0 || c.Query.StartsWith("q=", StringComparison.Ordinal) || i % Rotation == v.Index % Rotation))
        {
            var path = $"/api/{kind}?pageSize=500" + (c.Query.Length > 0 ? "&" + c.Query : "");
            if (await GetAsync(v, client, path, forbidden) is not { } answer)
            {
                continue;
            }
            if (answer.Status != HttpStatusCode.OK)
            {
                Fail(v, path, $"{(int)answer.Status}");
                continue;
            }
            var page = JsonNode.Parse(answer.Body)!;
            var expected = Visible(v, kind).Where(c.Matches).Select(r => r.Id).ToList();
            var actual = page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
            if (!expected.Order(StringComparer.Ordinal).SequenceEqual(actual.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                Fail(v, path, $"items {Ids(actual)}, expected {Ids(expected)}");
            }
            if (page["total"]!.GetValue<int>() != expected.Count)
            {
                Fail(v, path, $"total {page["total"]}, expected {expected.Count}");
            }
        }
        // A page past the first still counts only what the principal may read.
        var visible = Visible(v, kind).Count();
        var second = $"/api/{kind}?pageSize=2&page=2";
        if (await GetAsync(v, client, second, forbidden) is { Status: HttpStatusCode.OK } paged)
        {
            var node = JsonNode.Parse(paged.Body)!;
            if (node["total"]!.GetValue<int>() != visible || node["items"]!.AsArray().Count != Math.Clamp(visible - 2, 0, 2))
            {
                Fail(v, second, $"total {node["total"]} and {node["items"]!.AsArray().Count} items, expected {visible} and {Math.Clamp(visible - 2, 0, 2)}");
            }
        }
    }

    private async Task CheckApiDetailsAsync(Viewer v, HttpClient client, string kind, IReadOnlyList<string> forbidden)
    {
        foreach (var r in _records.Where(r => r.Kind == kind))
        {
            var path = $"/api/{kind}/{r.Id}";
            if (await GetAsync(v, client, path, forbidden) is not { } answer)
            {
                continue;
            }
            var expected = MayRead(v, r.Spec) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            if (answer.Status != expected)
            {
                Fail(v, path, $"{(int)answer.Status}, expected {(int)expected} ({r.Spec})");
            }
            else if (expected == HttpStatusCode.OK && JsonNode.Parse(answer.Body)!["id"]!.GetValue<string>() != r.Id)
            {
                Fail(v, path, "answered with another record");
            }
        }
    }

    private async Task CheckTaxonomyAsync(Viewer v, HttpClient client)
    {
        if (await GetAsync(v, client, "/api/taxonomy", []) is { } answer)
        {
            var ids = answer.Status == HttpStatusCode.OK ? JsonNode.Parse(answer.Body)!.AsArray().Select(n => n!["code"]!.GetValue<string>()).ToList() : [];
            if (!ids.SequenceEqual(["MX", "MX.OTHER", "MX.SUB"], StringComparer.Ordinal))
            {
                Fail(v, "/api/taxonomy", $"{(int)answer.Status} {Ids(ids)}, expected every node");
            }
        }
    }

    // ---------------------------------------------------------------- pages

    [GeneratedRegex("<p class=\"result-count\" role=\"status\">[^<]*?(\\d+)</p>")]
    private static partial Regex ResultCount();

    [GeneratedRegex("<select id=\"country\" name=\"country\">(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex CountrySelect();

    [GeneratedRegex("<option value=\"([A-Z]{2})\"")]
    private static partial Regex CountryOption();

    private async Task CheckPageListAsync(Viewer v, HttpClient client, string kind, IReadOnlyList<string> forbidden)
    {
        var path = $"/registry/{kind}?pageSize=100";
        if (await GetAsync(v, client, path, forbidden) is not { } answer)
        {
            return;
        }
        var visible = Visible(v, kind).ToList();
        var missing = visible.Where(r => !answer.Body.Contains($"href=\"/registry/{kind}/{r.Id}\"", StringComparison.Ordinal)).Select(r => r.Id).ToList();
        if (answer.Status != HttpStatusCode.OK || missing.Count > 0)
        {
            Fail(v, path, $"{(int)answer.Status}, missing {Ids(missing)}");
        }
        var count = ResultCount().Match(answer.Body);
        if (!count.Success || int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) != visible.Count)
        {
            Fail(v, path, $"result count '{count.Value}', expected {visible.Count}");
        }
        // The country filter offers the countries of the records one may read, and no others.
        if (kind is "organizations" or "facilities")
        {
            var select = CountrySelect().Match(answer.Body);
            var offered = CountryOption().Matches(select.Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
            var expected = visible.Select(r => r.Country!).Distinct(StringComparer.Ordinal).ToList();
            if (!offered.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                Fail(v, path, $"country filter offers {Ids(offered)}, expected {Ids(expected)}");
            }
        }
    }

    private async Task CheckPageDetailsAsync(Viewer v, HttpClient client, string kind, IReadOnlyList<string> forbidden)
    {
        foreach (var r in _records.Where(r => r.Kind == kind))
        {
            var path = $"/registry/{kind}/{r.Id}";
            if (await GetAsync(v, client, path, forbidden) is not { } answer)
            {
                continue;
            }
            var readable = MayRead(v, r.Spec);
            if (readable && (answer.Status != HttpStatusCode.OK || !answer.Body.Contains(r.Token, StringComparison.Ordinal)))
            {
                Fail(v, path, $"{(int)answer.Status}, expected the page of a record it may read ({r.Spec})");
            }
            if (!readable && answer.Status != HttpStatusCode.NotFound)
            {
                Fail(v, path, $"{(int)answer.Status}, expected 404 ({r.Spec})");
            }
        }
    }

    [GeneratedRegex("<a class=\"count-card\" href=\"/registry/(\\w+)\">\\s*<span class=\"count-value\">([\\d,]+)</span>")]
    private static partial Regex CountCard();

    [GeneratedRegex("notice--illustrative\".*?</span>\\s*(\\d+)", RegexOptions.Singleline)]
    private static partial Regex IllustrativeNote();

    [GeneratedRegex("\\?(?:country|kind)=(\\w+)\"[^>]*>[^<]*</a>\\s*</th>\\s*<td class=\"num\">([\\d,]+)</td>")]
    private static partial Regex ChartRow();

    [GeneratedRegex("<td class=\"num\">([\\d,]+)</td>")]
    private static partial Regex ChartValue();

    private async Task CheckDashboardAsync(Viewer v, HttpClient client, IReadOnlyList<string> forbidden)
    {
        if (await GetAsync(v, client, "/", forbidden) is not { } answer)
        {
            return;
        }
        var html = answer.Body;
        var cards = CountCard().Matches(html).ToDictionary(m => m.Groups[1].Value, m => Number(m.Groups[2].Value), StringComparer.Ordinal);
        foreach (var kind in Kinds)
        {
            var expected = Visible(v, kind).Count();
            if (cards.GetValueOrDefault(kind, -1) != expected)
            {
                Fail(v, "/", $"counts {cards.GetValueOrDefault(kind, -1)} {kind}, expected {expected}");
            }
        }
        var illustrative = _records.Count(r => r.Illustrative && MayRead(v, r.Spec));
        var note = IllustrativeNote().Match(html);
        if (!note.Success || Number(note.Groups[1].Value) != illustrative)
        {
            Fail(v, "/", $"illustrative count '{note.Groups[1].Value}', expected {illustrative}");
        }

        var byCountry = Chart(html, "chart-org-country");
        var countries = Visible(v, "organizations").GroupBy(r => r.Country!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        if (!Same(byCountry, countries))
        {
            Fail(v, "/", $"organizations by country {Show(byCountry)}, expected {Show(countries)}");
        }
        var byFunding = Chart(html, "chart-req-funding").Where(p => p.Value > 0).ToDictionary(StringComparer.Ordinal);
        var funding = Visible(v, "requirements").GroupBy(r => r.Tags.Single()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        if (!Same(byFunding, funding))
        {
            Fail(v, "/", $"requirements by funding {Show(byFunding)}, expected {Show(funding)}");
        }
        var quarters = Section(html, "chart-req-quarter");
        var dated = ChartValue().Matches(quarters).Sum(m => Number(m.Groups[1].Value));
        if (dated != Visible(v, "requirements").Count())
        {
            Fail(v, "/", $"requirements by quarter add up to {dated}, expected {Visible(v, "requirements").Count()}");
        }
    }

    private static int Number(string text) => int.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static string Section(string html, string chartId)
    {
        var start = html.IndexOf($"id=\"{chartId}-caption\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }
        var end = html.IndexOf("</figure>", start, StringComparison.Ordinal);
        return html[start..(end < 0 ? html.Length : end)];
    }

    private static Dictionary<string, int> Chart(string html, string chartId) =>
        ChartRow().Matches(Section(html, chartId)).ToDictionary(m => m.Groups[1].Value, m => Number(m.Groups[2].Value), StringComparer.Ordinal);

    private static bool Same(Dictionary<string, int> a, Dictionary<string, int> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var n) && n == p.Value);

    private static string Show(Dictionary<string, int> d) => "{" + string.Join(", ", d.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}")) + "}";

    // ---------------------------------------------------------------- exports

    private static readonly IReadOnlyDictionary<string, string> ExportFiles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["organizations"] = "organizations",
        ["facilities"] = "facilities",
        ["capabilities"] = "capabilities",
        ["parts"] = "parts",
        ["offers"] = "offers",
        ["programs"] = "programs",
        ["workpackages"] = "programs",
        ["requirements"] = "requirements",
        ["agreements"] = "agreements",
    };

    private async Task CheckExportAsync(Viewer v, HttpClient client, string format)
    {
        var path = "/api/export?format=" + format;
        Interlocked.Increment(ref _requests);
        using var response = await client.GetAsync(path);
        if (v.Disabled && response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return;
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Fail(v, path, $"{(int)response.StatusCode}");
            return;
        }
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var archive = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync())))
        {
            foreach (var entry in archive.Entries)
            {
                using var stream = new MemoryStream();
                await using (var source = await entry.OpenAsync())
                {
                    await source.CopyToAsync(stream);
                }
                stream.Position = 0;
                files[entry.FullName] = entry.FullName.EndsWith(".xlsx", StringComparison.Ordinal) ? Cells(stream) : Encoding.UTF8.GetString(stream.ToArray());
            }
        }
        foreach (var r in _records)
        {
            if (!ExportFiles.TryGetValue(r.Kind, out var prefix))
            {
                // Not exported at all (saved transfer checks): no file may carry it.
                if (files.Any(f => f.Value.Contains(r.Token, StringComparison.Ordinal)))
                {
                    Fail(v, path, $"exports {r.Kind} {r.Id}, which no export holds");
                }
                continue;
            }
            var holder = files.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(f => f.Key).ToList();
            var containing = files.Where(f => f.Value.Contains(r.Token, StringComparison.Ordinal)).Select(f => f.Key).ToList();
            if (MayHold(v, r.Spec))
            {
                if (!containing.Intersect(holder, StringComparer.Ordinal).Any())
                {
                    Fail(v, path, $"lacks {r.Kind} {r.Id} ({r.Spec}), which it may hold (files {Ids(files.Keys)})");
                }
            }
            else if (containing.Count > 0)
            {
                Fail(v, path, $"{Ids(containing)} carry {r.Kind} {r.Id} ({r.Spec}), which it may {(MayRead(v, r.Spec) ? "read but not hold" : "not read")}");
            }
        }
        // The banners roll up only what is in the files: a control on no record the principal holds appears in none.
        foreach (var control in new[] { "NOFORN", "FED ONLY", "DISPLAY ONLY" })
        {
            var held = _records.Any(r => MayHold(v, r.Spec) && r.Spec.Banner.Contains(control, StringComparison.Ordinal));
            var shown = files.Where(f => f.Value.Contains(control, StringComparison.Ordinal)).Select(f => f.Key).ToList();
            if (!held && shown.Count > 0)
            {
                Fail(v, path, $"{Ids(shown)} mention {control}, but the principal holds no such record");
            }
        }
    }

    /// <summary>Every cell of every sheet of a workbook, one per line.</summary>
    private static string Cells(Stream xlsx)
    {
        using var workbook = new XLWorkbook(xlsx);
        var text = new StringBuilder();
        foreach (var sheet in workbook.Worksheets)
        {
            text.AppendLine(sheet.Name);
            foreach (var cell in sheet.CellsUsed())
            {
                text.AppendLine(cell.GetString());
            }
        }
        return text.ToString();
    }
}

[RunsLong(60)]
public sealed class SqliteAccessMatrixTests(MatrixFactory factory, ITestOutputHelper output)
    : AccessMatrixTests(factory, output), IClassFixture<MatrixFactory>
{
    [Fact]
    public Task NoRecordCountOrAggregate_ReachesAPrincipalNotEntitledToIt() => RunAsync();
}

[RunsLong(100)]
public sealed class PostgresAccessMatrixTests(PostgresMatrixFactory factory, ITestOutputHelper output)
    : AccessMatrixTests(factory, output), IClassFixture<PostgresMatrixFactory>
{
    [PostgresFact]
    public Task NoRecordCountOrAggregate_ReachesAPrincipalNotEntitledToIt() => RunAsync();
}
