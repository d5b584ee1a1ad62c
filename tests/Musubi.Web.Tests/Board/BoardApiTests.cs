using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Musubi.Web.Tests.Board;

/// <summary>
/// The <c>/api/board</c> routes on the demo: the shapes of search, requirement, timeline, iCalendar, subscriptions, feed
/// and Atom; bad input a 400 keyed by its field (the issue's three: an unknown capability code, a need-by date in the
/// past for a new requirement, empty descriptions; and the query's); 403 for a writer without the role, 404 for a
/// requirement the caller may not see, 409 for a stale version; and access: a supplier without CUI access
/// (<c>jp-bizdev</c>) never sees a marked requirement in a list, a search, a total, a facet, the timeline, a calendar,
/// its feed, its unread counts or its Atom feed — not even when a requirement it was told about becomes marked.
/// </summary>
public sealed class BoardApiTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    /// <summary>The demo's marked requirements (data/demo/requirements.json), with an English title word that only they carry.</summary>
    private static readonly string[] Marked = ["req-001", "req-002", "req-003", "req-004", "req-012", "req-024", "req-027", "req-029", "req-030"];

    private static readonly string[] MarkedTitles =
    [
        "Second-stage solid rocket motors", "Seeker detector modules", "Thermal protection tiles", "Divert thruster hot-fire",
        "Collaborative autonomy AI research", "Radar subsystem risk reduction", "EODAS component production", "Rocket motor co-production capacity",
        "Seeker co-production feasibility",
    ];

    private static async Task<JsonElement> StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
        return text.Length == 0 || response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) != true
            ? default
            : JsonDocument.Parse(text).RootElement;
    }

    private static async Task<IReadOnlyList<string>> BadRequestAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Day(int days) =>
        DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Requirement(string title, string code = "ELEC.CONN", string? marking = null, int needIn = 400,
        string description = "Illustrative board API test requirement.", string program = "cca", string extra = "") =>
        $$"""
        { "programId": "{{program}}", "capabilityCodes": ["{{code}}"], "title": "{{title}}", "titleJa": "試験用の要求",
          "description": "{{description}}", "descriptionJa": "", "quantity": 40, "needBy": "{{Day(needIn)}}",
          "fundingStatus": "funded", "contractingPath": "dcs", "status": "open", "pointOfContact": "Test office",
          "marking": {{(marking is null ? "null" : "\"" + marking + "\"")}}, "requiredCertifications": ["AS9100"],
          "milestones": [ { "kind": "industry_day", "date": "{{Day(30)}}", "note": "illustrative" }, { "kind": "proposals_due", "date": "{{Day(90)}}" } ]{{extra}} }
        """;

    private async Task<JsonElement> CreateAsync(string title, string code = "ELEC.CONN", string? marking = null)
    {
        var response = await factory.ClientAs("us-acq").PostAsync("/api/board/requirements", Json(Requirement(title, code, marking)));
        var view = await StatusAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/api/board/requirements/{view.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        return view;
    }

    private async Task<JsonElement> SearchAsync(string who, string query = "")
    {
        var separator = query.Length == 0 ? "?" : query + "&";
        return await StatusAsync(await factory.ClientAs(who).GetAsync("/api/board/requirements" + separator + "pageSize=100"), HttpStatusCode.OK);
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];

    private static void NoTraceOfMarked(string body, string where)
    {
        foreach (var id in Marked)
        {
            Assert.False(body.Contains('"' + id + '"', StringComparison.Ordinal) || body.Contains(id + "-", StringComparison.Ordinal) || body.Contains(id + "@", StringComparison.Ordinal),
                $"{where} names the marked requirement {id}");
        }
        foreach (var title in MarkedTitles)
        {
            Assert.False(body.Contains(title, StringComparison.OrdinalIgnoreCase), $"{where} carries the marked title '{title}'");
        }
    }

    [Fact]
    public async Task Search_ShapesFacetsAndBothLanguages()
    {
        var page = await SearchAsync("us-acq");
        Assert.True(page.GetProperty("total").GetInt32() >= 30);
        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(100, page.GetProperty("pageSize").GetInt32());
        var first = page.GetProperty("items")[0];
        foreach (var key in new[] { "id", "programId", "programName", "nations", "title", "titleJa", "description", "descriptionJa", "capabilityCodes", "requiredCertifications",
            "quantity", "needBy", "publishedOn", "fundingStatus", "contractingPath", "status", "marking", "milestones", "awardedOrganizationId", "score", "version", "updatedAt" })
        {
            Assert.True(first.TryGetProperty(key, out _), key);
        }
        var facets = page.GetProperty("facets");
        foreach (var facet in new[] { "program", "nation", "capability", "fundingStatus", "contractingPath", "status", "needByYear" })
        {
            Assert.True(facets.TryGetProperty(facet, out var values), facet);
            Assert.All(values.EnumerateArray(), v => Assert.True(v.GetProperty("count").GetInt32() > 0));
        }

        // English (stemmed: "motors" finds "motor") and Japanese (character bigrams) find the same requirement.
        Assert.Contains("req-001", Ids(await SearchAsync("us-acq", "?text=solid%20rocket%20motor")));
        Assert.Contains("req-001", Ids(await SearchAsync("us-acq", "?text=" + Uri.EscapeDataString("固体ロケットモータ"))));
        var scored = (await SearchAsync("us-acq", "?text=rocket")).GetProperty("items")[0];
        Assert.True(scored.GetProperty("score").GetDouble() > 0);

        // Filters: a program, a status, a need-by window — every item carries them.
        var gpi = await SearchAsync("us-acq", "?program=gpi&status=open&needFrom=2027-01-01&needTo=2028-12-31");
        Assert.NotEmpty(Ids(gpi));
        Assert.All(gpi.GetProperty("items").EnumerateArray(), i =>
        {
            Assert.Equal("gpi", i.GetProperty("programId").GetString());
            Assert.Equal("open", i.GetProperty("status").GetString());
            var needBy = DateOnly.Parse(i.GetProperty("needBy").GetString()!, CultureInfo.InvariantCulture);
            Assert.InRange(needBy, new DateOnly(2027, 1, 1), new DateOnly(2028, 12, 31));
        });
        // The program facet leaves its own filter out: other programs still show, to widen the choice.
        Assert.True(gpi.GetProperty("facets").GetProperty("program").GetArrayLength() > 1);
        // Repeated and comma-separated values are the same filter.
        Assert.Equal(Ids(await SearchAsync("us-acq", "?program=gpi&program=cca")), Ids(await SearchAsync("us-acq", "?program=gpi,cca")));
    }

    [Fact]
    public async Task Search_BadQuery_400NamingTheParameter()
    {
        var client = factory.ClientAs("us-acq");
        Assert.Equal(["pageSize"], await BadRequestAsync(await client.GetAsync("/api/board/requirements?pageSize=0")));
        Assert.Equal(["pageSize"], await BadRequestAsync(await client.GetAsync("/api/board/requirements?pageSize=101")));
        Assert.Equal(["page"], await BadRequestAsync(await client.GetAsync("/api/board/requirements?page=abc")));
        Assert.Equal(["needFrom"], await BadRequestAsync(await client.GetAsync("/api/board/requirements?needFrom=2027-13-01")));
        Assert.Equal(["needFrom"], await BadRequestAsync(await client.GetAsync("/api/board/requirements?needFrom=2028-01-01&needTo=2027-01-01")));
        Assert.Equal(["sort"], await BadRequestAsync(await client.GetAsync("/api/board/requirements?sort=bogus")));
        Assert.Equal(["status"], await BadRequestAsync(await client.GetAsync("/api/board/requirements?status=approved")));
        Assert.Equal(["funding"], await BadRequestAsync(await client.GetAsync("/api/board/requirements?funding=free")));
        Assert.Equal(["path"], await BadRequestAsync(await client.GetAsync("/api/board/requirements?path=barter")));
        Assert.Equal(["capability"], await BadRequestAsync(await client.GetAsync("/api/board/requirements?capability=NOPE.NOPE")));
        Assert.Equal(["nation"], await BadRequestAsync(await client.GetAsync("/api/board/requirements?nation=XX1")));
        Assert.Equal(["needTo"], await BadRequestAsync(await client.GetAsync("/api/board/timeline?needTo=soon")));
        Assert.Equal(["status"], await BadRequestAsync(await client.GetAsync("/api/board/milestones.ics?status=approved")));
        Assert.Equal(["pageSize"], await BadRequestAsync(await client.GetAsync("/api/board/feed?pageSize=many")));
        Assert.Equal(["unread"], await BadRequestAsync(await client.GetAsync("/api/board/feed?unread=perhaps")));
        await StatusAsync(await factory.ClientAs(null).GetAsync("/api/board/requirements"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Create_TheIssuesBadInputs_400NamingTheField_403ForReaders()
    {
        var client = factory.ClientAs("us-acq");
        // The issue's three: an unknown capability code, a need-by date in the past for a new requirement, empty descriptions.
        Assert.Equal(["capabilityCodes[0]"], await BadRequestAsync(await client.PostAsync("/api/board/requirements", Json(Requirement("Bad code", code: "NOT.A.CODE")))));
        Assert.Equal(["needBy"], await BadRequestAsync(await client.PostAsync("/api/board/requirements", Json(Requirement("Past need", needIn: -1)))));
        Assert.Equal(["description"], await BadRequestAsync(await client.PostAsync("/api/board/requirements", Json(Requirement("No text", description: "  ")))));
        // And the others: the body's types, the program, the milestones, an empty body.
        Assert.Equal(["quantity"], await BadRequestAsync(await client.PostAsync("/api/board/requirements",
            Json(Requirement("Typed").Replace("\"quantity\": 40", "\"quantity\": \"many\"", StringComparison.Ordinal)))));
        Assert.Equal(["programId"], await BadRequestAsync(await client.PostAsync("/api/board/requirements", Json(Requirement("No program", program: "no-such-program")))));
        Assert.Equal(["milestones[0].kind"], await BadRequestAsync(await client.PostAsync("/api/board/requirements",
            Json(Requirement("Bad milestone").Replace("industry_day", "party", StringComparison.Ordinal)))));
        Assert.Equal(["needBy"], await BadRequestAsync(await client.PostAsync("/api/board/requirements",
            Json(Requirement("Bad date").Replace("\"needBy\": \"" + Day(400) + "\"", "\"needBy\": \"2027-02-30\"", StringComparison.Ordinal)))));
        var empty = await BadRequestAsync(await client.PostAsync("/api/board/requirements", Json("{}")));
        Assert.Contains("title", empty);
        Assert.Contains("description", empty);
        Assert.Contains("capabilityCodes", empty);

        // A supplier's contributor, and an analyst, may read the board but not write it.
        foreach (var who in new[] { "jp-bizdev", "us-analyst" })
        {
            var forbidden = await StatusAsync(await factory.ClientAs(who).PostAsync("/api/board/requirements", Json(Requirement("Not mine"))), HttpStatusCode.Forbidden);
            Assert.Contains("may not publish", forbidden.GetProperty("detail").GetString(), StringComparison.Ordinal);
            await StatusAsync(await factory.ClientAs(who).PutAsync("/api/board/requirements/req-005", Json(Requirement("Not mine"))), HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Update_VersionConflict409_Hidden404_IdMismatch400()
    {
        var created = await CreateAsync("Connector qualification lot");
        var id = created.GetProperty("id").GetString()!;
        var version = created.GetProperty("version").GetUInt32();
        Assert.Equal("open", created.GetProperty("status").GetString());
        Assert.Equal(["industry_day", "proposals_due"], created.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("kind").GetString()));
        Assert.Equal(["AS9100"], created.GetProperty("requiredCertifications").EnumerateArray().Select(c => c.GetString()));

        var client = factory.ClientAs("us-acq");
        var changed = await StatusAsync(await client.PutAsync($"/api/board/requirements/{id}",
            Json(Requirement("Connector qualification lot, revised", extra: $", \"version\": {version}"))), HttpStatusCode.OK);
        Assert.Equal("Connector qualification lot, revised", changed.GetProperty("title").GetString());
        Assert.True(changed.GetProperty("version").GetUInt32() != version);
        // The version read before the change is stale now: 409, and nothing changes.
        var conflict = await StatusAsync(await client.PutAsync($"/api/board/requirements/{id}",
            Json(Requirement("Lost update", extra: $", \"version\": {version}"))), HttpStatusCode.Conflict);
        Assert.Contains("version", conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // If-Match works as the body's version.
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/board/requirements/{id}") { Content = Json(Requirement("Lost update")) };
        stale.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        await StatusAsync(await client.SendAsync(stale), HttpStatusCode.Conflict);
        var read = await StatusAsync(await client.GetAsync($"/api/board/requirements/{id}"), HttpStatusCode.OK);
        Assert.Equal("Connector qualification lot, revised", read.GetProperty("title").GetString());

        Assert.Equal(["id"], await BadRequestAsync(await client.PutAsync($"/api/board/requirements/{id}",
            Json(Requirement("Other id", extra: ", \"id\": \"req-005\"")))));
        // An update may keep a need-by date that has passed, but not move one into the past.
        Assert.Equal(["needBy"], await BadRequestAsync(await client.PutAsync($"/api/board/requirements/{id}", Json(Requirement("Past", needIn: -3)))));

        // A program manager who may not read a requirement cannot learn it exists: 404, as for one that does not.
        await StatusAsync(await factory.ClientAs("gb-partner").PutAsync("/api/board/requirements/req-001", Json(Requirement("Hidden"))), HttpStatusCode.NotFound);
        await StatusAsync(await factory.ClientAs("gb-partner").GetAsync("/api/board/requirements/req-001"), HttpStatusCode.NotFound);
        await StatusAsync(await client.GetAsync("/api/board/requirements/no-such-requirement"), HttpStatusCode.NotFound);
        await StatusAsync(await client.PutAsync("/api/board/requirements/no-such-requirement", Json(Requirement("Nothing"))), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TimelineAndCalendars_ShapesAndAccess()
    {
        var timeline = await StatusAsync(await factory.ClientAs("us-acq").GetAsync("/api/board/timeline?program=gpi"), HttpStatusCode.OK);
        var rows = timeline.GetProperty("rows").EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("requirement").GetProperty("id").GetString() == "req-001");
        Assert.All(rows, r =>
        {
            Assert.Equal("gpi", r.GetProperty("requirement").GetProperty("programId").GetString());
            Assert.True(r.TryGetProperty("start", out _));
            Assert.Equal(r.GetProperty("requirement").GetProperty("needBy").ToString(), r.GetProperty("end").ToString());
        });

        var ics = await factory.ClientAs("us-acq").GetAsync("/api/board/requirements/req-001/milestones.ics");
        await StatusAsync(ics, HttpStatusCode.OK);
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        var text = await ics.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR", text, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VEVENT", text, StringComparison.Ordinal);
        await StatusAsync(await factory.ClientAs("jp-bizdev").GetAsync("/api/board/requirements/req-001/milestones.ics"), HttpStatusCode.NotFound);

        var all = await factory.ClientAs("us-acq").GetAsync("/api/board/milestones.ics?program=gpi");
        await StatusAsync(all, HttpStatusCode.OK);
        Assert.Equal("text/calendar", all.Content.Headers.ContentType?.MediaType);
        Assert.Contains("BEGIN:VEVENT", await all.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Supplier_NeverSeesAMarkedRequirement_InListsSearchTotalsFacetsTimelineOrCalendars()
    {
        // The oracle: what the administrator reads, less every marked requirement (jp-bizdev has no CUI access).
        var everything = await SearchAsync("admin");
        var unmarked = everything.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("marking").GetString() == "UNCLASSIFIED")
            .Select(i => i.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.True(everything.GetProperty("total").GetInt32() > unmarked.Count, "the demo has marked requirements the administrator reads");

        var client = factory.ClientAs("jp-bizdev");
        foreach (var query in new[] { "", "?text=rocket", "?text=solid%20rocket%20motor", "?text=" + Uri.EscapeDataString("固体ロケット"), "?text=seeker",
            "?program=gpi", "?capability=PROP", "?capability=PROP.SRM", "?status=draft", "?nation=US", "?sort=title", "?needFrom=2027-01-01" })
        {
            var response = await client.GetAsync("/api/board/requirements" + (query.Length == 0 ? "?" : query + "&") + "pageSize=100");
            var body = await response.Content.ReadAsStringAsync();
            var page = await StatusAsync(response, HttpStatusCode.OK);
            NoTraceOfMarked(body, "search " + query);
            var ids = Ids(page);
            Assert.Equal(ids.Count, page.GetProperty("total").GetInt32());
            Assert.All(ids, id => Assert.DoesNotContain(id, Marked));
            if (query.Length == 0)
            {
                Assert.Equal(unmarked, ids.Order(StringComparer.Ordinal));
            }
            // Every single-valued facet counts exactly the visible hits (no filter given of that facet).
            var items = page.GetProperty("items").EnumerateArray().ToList();
            var facets = page.GetProperty("facets");
            foreach (var (facet, field) in new[] { ("fundingStatus", "fundingStatus"), ("contractingPath", "contractingPath"), ("status", "status") })
            {
                if (query.Contains("status=", StringComparison.Ordinal) && facet == "status")
                {
                    continue;
                }
                var expected = items.GroupBy(i => i.GetProperty(field).GetString()!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                var actual = facets.GetProperty(facet).EnumerateArray().ToDictionary(v => v.GetProperty("value").GetString()!, v => v.GetProperty("count").GetInt32(), StringComparer.Ordinal);
                Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
            }
            if (!query.Contains("program=", StringComparison.Ordinal))
            {
                var byProgram = items.Where(i => i.GetProperty("programId").ValueKind == JsonValueKind.String).GroupBy(i => i.GetProperty("programId").GetString()).Select(g => g.Count()).Order();
                Assert.Equal(byProgram, facets.GetProperty("program").EnumerateArray().Select(v => v.GetProperty("count").GetInt32()).Order());
            }
        }

        foreach (var path in new[] { "/api/board/timeline", "/api/board/timeline?program=gpi", "/api/board/milestones.ics", "/api/board/milestones.ics?text=rocket" })
        {
            var response = await client.GetAsync(path);
            await StatusAsync(response, HttpStatusCode.OK);
            NoTraceOfMarked(await response.Content.ReadAsStringAsync(), path);
        }
        var timeline = await StatusAsync(await client.GetAsync("/api/board/timeline"), HttpStatusCode.OK);
        Assert.Equal(unmarked, timeline.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("requirement").GetProperty("id").GetString()!).Order(StringComparer.Ordinal));

        foreach (var id in Marked)
        {
            var response = await client.GetAsync($"/api/board/requirements/{id}");
            await StatusAsync(response, HttpStatusCode.NotFound);
            var body = await response.Content.ReadAsStringAsync();
            Assert.All(MarkedTitles, t => Assert.DoesNotContain(t, body, StringComparison.OrdinalIgnoreCase));
        }
        // A reader with CUI access and U.S. nationality, not federal: reads REL TO USA, JPN and NOFORN, not FED ONLY.
        var usBizdev = Ids(await SearchAsync("us-bizdev"));
        Assert.Contains("req-001", usBizdev);
        Assert.DoesNotContain("req-029", usBizdev);
        await StatusAsync(await factory.ClientAs("us-bizdev").GetAsync("/api/board/requirements/req-029"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Subscriptions_FeedAndAtom_OnlyWhatTheOwnerMayStillSee()
    {
        var owner = factory.ClientAs("jp-bizdev");
        var subscription = await StatusAsync(await owner.PostAsync("/api/board/subscriptions",
            Json("""{ "name": "Passive components", "kind": "capability", "values": ["ELEC.PASSIVE"], "digest": "daily" }""")), HttpStatusCode.Created);
        var sid = subscription.GetProperty("id").GetString()!;
        foreach (var key in new[] { "id", "name", "kind", "values", "query", "digest", "organizationId", "createdAt", "unread" })
        {
            Assert.True(subscription.TryGetProperty(key, out _), key);
        }
        Assert.Equal("capability", subscription.GetProperty("kind").GetString());
        Assert.Equal("daily", subscription.GetProperty("digest").GetString());
        Assert.Equal(0, subscription.GetProperty("unread").GetInt32());
        var list = await StatusAsync(await owner.GetAsync("/api/board/subscriptions"), HttpStatusCode.OK);
        Assert.Contains(list.GetProperty("subscriptions").EnumerateArray(), s => s.GetProperty("id").GetString() == sid);
        Assert.DoesNotContain((await StatusAsync(await factory.ClientAs("us-acq").GetAsync("/api/board/subscriptions"), HttpStatusCode.OK))
            .GetProperty("subscriptions").EnumerateArray(), s => s.GetProperty("id").GetString() == sid);

        async Task<JsonElement> FeedAsync() => await StatusAsync(await owner.GetAsync($"/api/board/feed?subscription={sid}"), HttpStatusCode.OK);
        Assert.Equal(0, (await FeedAsync()).GetProperty("total").GetInt32());
        var unreadBefore = (await FeedAsync()).GetProperty("unread").GetInt32();

        // A new unmarked requirement with the code is news to the subscriber; a marked one is not, and leaves no trace.
        var open = await CreateAsync("Passive component kits", code: "ELEC.PASSIVE");
        var openId = open.GetProperty("id").GetString()!;
        var hidden = await CreateAsync("Hidden passive filter banks", code: "ELEC.PASSIVE", marking: "CUI//REL TO USA, JPN");
        var hiddenId = hidden.GetProperty("id").GetString()!;
        var feedResponse = await owner.GetAsync($"/api/board/feed?subscription={sid}");
        var feedBody = await feedResponse.Content.ReadAsStringAsync();
        var feed = await StatusAsync(feedResponse, HttpStatusCode.OK);
        Assert.DoesNotContain(hiddenId, feedBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden passive", feedBody, StringComparison.Ordinal);
        var item = Assert.Single(feed.GetProperty("items").EnumerateArray());
        Assert.Equal(openId, item.GetProperty("requirementId").GetString());
        Assert.Equal("created", item.GetProperty("change").GetString());
        Assert.Equal(sid, item.GetProperty("subscriptionId").GetString());
        Assert.False(item.GetProperty("read").GetBoolean());
        Assert.Equal(1, feed.GetProperty("total").GetInt32());
        Assert.Equal(unreadBefore + 1, feed.GetProperty("unread").GetInt32());

        // A change is news again.
        await StatusAsync(await factory.ClientAs("us-acq").PutAsync($"/api/board/requirements/{openId}",
            Json(Requirement("Passive component kits, second lot", code: "ELEC.PASSIVE", extra: $", \"version\": {open.GetProperty("version").GetUInt32()}"))), HttpStatusCode.OK);
        feed = await FeedAsync();
        Assert.Equal(["changed", "created"], feed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("change").GetString()));
        Assert.Equal(unreadBefore + 2, feed.GetProperty("unread").GetInt32());

        // Atom: the owner's, with the new requirement and not the hidden one; anyone else gets a 404.
        var atom = await owner.GetAsync($"/api/board/subscriptions/{sid}/atom");
        await StatusAsync(atom, HttpStatusCode.OK);
        Assert.Equal("application/atom+xml", atom.Content.Headers.ContentType?.MediaType);
        var xml = System.Xml.Linq.XDocument.Parse(await atom.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2005/Atom";
        Assert.Equal(ns + "feed", xml.Root!.Name);
        Assert.Equal(2, xml.Root.Elements(ns + "entry").Count());
        Assert.Contains(openId, xml.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(hiddenId, xml.ToString(), StringComparison.Ordinal);
        await StatusAsync(await factory.ClientAs("us-acq").GetAsync($"/api/board/subscriptions/{sid}/atom"), HttpStatusCode.NotFound);
        await StatusAsync(await factory.ClientAs("us-acq").DeleteAsync($"/api/board/subscriptions/{sid}"), HttpStatusCode.NotFound);

        // Reading one item lowers the unread count by one; reading an unknown one is a 404.
        var firstItem = feed.GetProperty("items")[0].GetProperty("id").GetString()!;
        await StatusAsync(await owner.PostAsync("/api/board/feed/read", Json($$"""{ "itemId": "{{firstItem}}" }""")), HttpStatusCode.NoContent);
        Assert.Equal(unreadBefore + 1, (await FeedAsync()).GetProperty("unread").GetInt32());
        Assert.Single((await StatusAsync(await owner.GetAsync($"/api/board/feed?subscription={sid}&unread=true"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        await StatusAsync(await factory.ClientAs("us-acq").PostAsync("/api/board/feed/read", Json($$"""{ "itemId": "{{firstItem}}" }""")), HttpStatusCode.NotFound);

        // The requirement becomes marked: the subscriber may no longer see it, so its items vanish from the feed, the
        // totals, the unread counts and the Atom feed.
        await StatusAsync(await factory.ClientAs("us-acq").PutAsync($"/api/board/requirements/{openId}",
            Json(Requirement("Passive component kits, now controlled", code: "ELEC.PASSIVE", marking: "CUI//REL TO USA, JPN"))), HttpStatusCode.OK);
        var after = await owner.GetAsync($"/api/board/feed?subscription={sid}");
        var afterBody = await after.Content.ReadAsStringAsync();
        feed = await StatusAsync(after, HttpStatusCode.OK);
        Assert.Equal(0, feed.GetProperty("total").GetInt32());
        Assert.Equal(unreadBefore, feed.GetProperty("unread").GetInt32());
        Assert.DoesNotContain(openId, afterBody, StringComparison.Ordinal);
        Assert.Equal(0, (await StatusAsync(await owner.GetAsync("/api/board/subscriptions"), HttpStatusCode.OK))
            .GetProperty("subscriptions").EnumerateArray().Single(s => s.GetProperty("id").GetString() == sid).GetProperty("unread").GetInt32());
        var atomAfter = await (await owner.GetAsync($"/api/board/subscriptions/{sid}/atom")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(openId, atomAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("now controlled", atomAfter, StringComparison.Ordinal);

        await StatusAsync(await owner.DeleteAsync($"/api/board/subscriptions/{sid}"), HttpStatusCode.NoContent);
        await StatusAsync(await owner.GetAsync($"/api/board/subscriptions/{sid}/atom"), HttpStatusCode.NotFound);
        await StatusAsync(await owner.DeleteAsync($"/api/board/subscriptions/{sid}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Subscribe_BadInput_400NamingTheField()
    {
        var client = factory.ClientAs("jp-bizdev");
        Assert.Equal(["values[0]"], await BadRequestAsync(await client.PostAsync("/api/board/subscriptions", Json("""{ "name": "x", "kind": "capability", "values": ["NOT.A.CODE"] }"""))));
        Assert.Equal(["kind"], await BadRequestAsync(await client.PostAsync("/api/board/subscriptions", Json("""{ "name": "x", "kind": "everything", "values": [] }"""))));
        Assert.Equal(["digest"], await BadRequestAsync(await client.PostAsync("/api/board/subscriptions", Json("""{ "name": "x", "kind": "nation", "values": ["JP"], "digest": "hourly" }"""))));
        Assert.Equal(["values[0]"], await BadRequestAsync(await client.PostAsync("/api/board/subscriptions", Json("""{ "name": "x", "kind": "program", "values": ["no-such-program"] }"""))));
        Assert.Equal(["values"], await BadRequestAsync(await client.PostAsync("/api/board/subscriptions", Json("""{ "name": "x", "kind": "capability", "values": "ELEC.PCB" }"""))));
        await StatusAsync(await client.DeleteAsync("/api/board/subscriptions/no-such-subscription"), HttpStatusCode.NotFound);
        await StatusAsync(await client.GetAsync("/api/board/subscriptions/no-such-subscription/atom"), HttpStatusCode.NotFound);
    }
}
