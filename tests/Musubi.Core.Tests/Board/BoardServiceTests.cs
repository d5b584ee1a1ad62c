using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Board;
using Musubi.Core.Features.Demo;
using Musubi.Core.Features.Registry;
using Musubi.Testing;

namespace Musubi.Core.Tests.Board;

/// <summary>
/// The board over the demo registry and accounts, on both providers: requirement writes and their checks, search with
/// facets and sorts, and what each reader may see — a requirement hidden from a reader never shows in a search, a
/// total, a facet, the timeline, a calendar, the feed, an unread count, an Atom feed or a digest — and the subscription
/// machinery (baseline, sweep idempotence, created versus changed, daily digests).
/// </summary>
[RunsLong(35)]
public sealed class BoardServiceTests
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    private const string JpOfficial = "jp-atla";        // program manager, JP, CUI, member of gpi…
    private const string UsOfficial = "us-acq";         // program manager, US, CUI, federal
    private const string JpSupplier = "jp-bizdev";      // contributor, JP, no CUI: unmarked records only
    private const string UsSupplier = "us-bizdev";      // contributor, US, CUI
    private const string GbPartner = "gb-partner";      // program manager, GB, CUI

    // req-001 is CUI//REL TO USA, JPN (hidden from jp-bizdev and gb-partner); req-003 is CUI//NOFORN (US only).
    private const string RelToUsaJpn = "req-001";
    private const string NoForn = "req-003";

    private static async Task<TestDatabase> DemoAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext(AccessScope.System);
        var report = await DemoData.LoadAsync(db, database.Clock);
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        return database;
    }

    private static AuditTrail Trail(TestDatabase database, string who) =>
        new(new AuditLog(database.Clock, new AuditOptions { SigningKeyPath = Path.Combine(Path.GetTempPath(), "musubi-key-" + Guid.NewGuid().ToString("N") + ".pem"), CheckpointEvery = 0 }), who, null);

    private sealed class Actor : IAsyncDisposable
    {
        public required AppDbContext Db { get; init; }
        public required BoardService Service { get; init; }
        public required AuditTrail Audit { get; init; }

        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }

    private static async Task<Actor> AsAsync(TestDatabase database, BoardIndexCache cache, string who)
    {
        var db = database.NewContext(AccessScope.System);
        if (who != "system")
        {
            var principal = await db.Principals.AsNoTracking().SingleAsync(p => p.Id == who);
            db.Scope = AccessScope.For(principal, database.Clock);
        }
        return new Actor { Db = db, Service = new BoardService(db, database.Clock, cache), Audit = Trail(database, who) };
    }

    private static BoardRequirementInput Input(
        string? id = null,
        IReadOnlyList<string>? codes = null,
        string? title = "Illustrative test requirement",
        string? description = "Illustrative: printed wiring boards for a test.",
        string? descriptionJa = null,
        DateOnly? needBy = null,
        string? programId = "cca",
        string? marking = null,
        IReadOnlyList<RequirementMilestoneView>? milestones = null,
        uint? version = null) =>
        new(id, programId, codes ?? ["ELEC.PCB.HDI"], title, "試験用の要求", description, descriptionJa, 10,
            needBy ?? new DateOnly(2027, 6, 30), "planned", "dcs", "open", null, marking, ["JIS Q 9100"],
            milestones ?? [new RequirementMilestoneView("solicitation", new DateOnly(2026, 5, 1), null)], version);

    // ----- demo ---------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Demo_SubscriptionsAndReplay_FillTheFeedAndTheOutbox(string provider)
    {
        await using var database = await DemoAsync(provider);
        var cache = new BoardIndexCache(database.Clock);
        await using var supplier = await AsAsync(database, cache, JpSupplier);
        var subscriptions = await supplier.Service.SubscriptionsAsync(default);
        var hokuriku = Assert.Single(subscriptions);
        Assert.Equal(BoardSubscriptionKinds.Capability, hokuriku.Kind);
        Assert.Equal("hokuriku-wiring", hokuriku.OrganizationId);
        var feed = await supplier.Service.FeedAsync(null, false, 1, 25, default);
        // The replay published req-040 (ELEC.PCB.HDI) after the baseline: one "created" item, unread.
        var item = Assert.Single(feed.Items);
        Assert.Equal("req-040", item.RequirementId);
        Assert.Equal(BoardChanges.Created, item.Change);
        Assert.False(item.Read);
        Assert.Equal(1, await supplier.Service.UnreadCountAsync(default));
        // Its subscription is daily: the demo's notification run wrote one digest for jp-bizdev naming req-040.
        await using var db = database.NewContext(AccessScope.System);
        var mail = Assert.Single(await db.MailOutbox.Where(m => m.ToPrincipalId == JpSupplier && m.Subject.StartsWith(BoardService.DigestSubject)).ToListAsync());
        Assert.Contains("req-040", mail.Body, StringComparison.Ordinal);
        // The demo requirements carry milestones, certifications and awards.
        var req011 = await db.Requirements.SingleAsync(r => r.Id == "req-011");
        Assert.Contains("JIS Q 9100", req011.RequiredCertifications);
        Assert.NotEmpty(req011.Milestones);
        Assert.Equal("mhi", (await db.Requirements.SingleAsync(r => r.Id == "req-028")).AwardedOrganizationId);
    }

    // ----- writes -------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Create_BadInput_NamesEveryField(string provider)
    {
        await using var database = await DemoAsync(provider);
        var cache = new BoardIndexCache(database.Clock);
        await using var pm = await AsAsync(database, cache, JpOfficial);
        var ex = await Assert.ThrowsAsync<BoardInputException>(() => pm.Service.CreateAsync(
            Input(codes: ["ELEC.PCB.HDI", "NOT.A.CODE"], description: " ", needBy: new DateOnly(2026, 3, 14), programId: "no-such-program",
                milestones: [new RequirementMilestoneView("kickoff", new DateOnly(2026, 5, 1), null), new RequirementMilestoneView("award", default, null)]),
            pm.Audit, default));
        Assert.Contains("capabilityCodes[1]", ex.Errors.Keys);
        Assert.DoesNotContain("capabilityCodes[0]", ex.Errors.Keys);
        Assert.Contains("needBy", ex.Errors.Keys);
        Assert.Contains("description", ex.Errors.Keys);
        Assert.Contains("programId", ex.Errors.Keys);
        Assert.Contains("milestones[0].kind", ex.Errors.Keys);
        Assert.Contains("milestones[1].date", ex.Errors.Keys);

        var title = await Assert.ThrowsAsync<BoardInputException>(() => pm.Service.CreateAsync(Input(title: ""), pm.Audit, default));
        Assert.Equal(["title"], title.Errors.Keys);
        var none = await Assert.ThrowsAsync<BoardInputException>(() => pm.Service.CreateAsync(Input(codes: []), pm.Audit, default));
        Assert.Equal(["capabilityCodes"], none.Errors.Keys);
        // Today is allowed; a Japanese description alone is enough.
        var made = await pm.Service.CreateAsync(Input(description: null, descriptionJa: "試験用。", needBy: new DateOnly(2026, 3, 15)), pm.Audit, default);
        Assert.Equal(new DateOnly(2026, 3, 15), made.NeedBy);
        Assert.Null(made.Description);
        // Nothing was written by the failed attempts.
        await using var db = database.NewContext(AccessScope.System);
        Assert.Equal(41, await db.Requirements.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Create_ByAContributor_IsForbidden_AndAHiddenMarkingIsRefused(string provider)
    {
        await using var database = await DemoAsync(provider);
        var cache = new BoardIndexCache(database.Clock);
        await using var supplier = await AsAsync(database, cache, JpSupplier);
        await Assert.ThrowsAsync<BoardForbiddenException>(() => supplier.Service.CreateAsync(Input(), supplier.Audit, default));
        await Assert.ThrowsAsync<BoardForbiddenException>(() => supplier.Service.UpdateAsync("req-011", Input(), supplier.Audit, default));
        await using var pm = await AsAsync(database, cache, JpOfficial);
        var ex = await Assert.ThrowsAsync<BoardInputException>(() => pm.Service.CreateAsync(Input(marking: "CUI//NOFORN"), pm.Audit, default));
        Assert.Equal(["marking"], ex.Errors.Keys);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Update_ChecksTheVersion_KeepsAPastNeedByThatDidNotChange_AndAudits(string provider)
    {
        await using var database = await DemoAsync(provider);
        var cache = new BoardIndexCache(database.Clock);
        await using var pm = await AsAsync(database, cache, JpOfficial);
        var created = await pm.Service.CreateAsync(Input(id: "req-test-1"), pm.Audit, default);
        Assert.Equal("req-test-1", created.Id);
        Assert.Equal(["JIS Q 9100"], created.RequiredCertifications);
        Assert.Equal(new DateOnly(2026, 3, 15), created.PublishedOn);

        database.Clock.Advance(TimeSpan.FromDays(500));
        // The need-by date (2027-06-30) is now in the past; unchanged, it may stay.
        var updated = await pm.Service.UpdateAsync("req-test-1", Input(title: "Changed title", version: created.Version), pm.Audit, default);
        Assert.Equal("Changed title", updated.Title);
        Assert.NotEqual(created.Version, updated.Version);
        // Moving it to another past date is refused.
        var past = await Assert.ThrowsAsync<BoardInputException>(() => pm.Service.UpdateAsync("req-test-1", Input(needBy: new DateOnly(2027, 7, 1)), pm.Audit, default));
        Assert.Equal(["needBy"], past.Errors.Keys);
        // The version the change was made from is stale now.
        var conflict = await Assert.ThrowsAsync<BoardConflictException>(() => pm.Service.UpdateAsync("req-test-1", Input(version: created.Version), pm.Audit, default));
        Assert.Equal(updated.Version, conflict.Current);
        // A requirement the writer cannot see is not found (gb-partner cannot read REL TO USA, JPN).
        await using var gb = await AsAsync(database, cache, GbPartner);
        await Assert.ThrowsAsync<BoardNotFoundException>(() => gb.Service.UpdateAsync(RelToUsaJpn, Input(), gb.Audit, default));

        await using var db = database.NewContext(AccessScope.System);
        var types = await db.AuditEvents.Where(e => e.Object == "board/requirements/req-test-1").Select(e => e.Type).ToListAsync();
        Assert.Equal([BoardAuditTypes.RequirementCreated, BoardAuditTypes.RequirementUpdated], types.Order(StringComparer.Ordinal));
    }

    // ----- search -------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Search_TextInBothLanguages_FiltersSortsAndBadInput(string provider)
    {
        await using var database = await DemoAsync(provider);
        var cache = new BoardIndexCache(database.Clock);
        await using var pm = await AsAsync(database, cache, JpOfficial);
        var english = await pm.Service.SearchAsync(new BoardSearchInput(Text: "solid rocket motor"), default);
        Assert.Equal(RelToUsaJpn, english.Items[0].Id);
        Assert.NotNull(english.Items[0].Score);
        var japanese = await pm.Service.SearchAsync(new BoardSearchInput(Text: "固体ロケット"), default);
        Assert.Contains(japanese.Items, i => i.Id == RelToUsaJpn);

        var replicator = await pm.Service.SearchAsync(new BoardSearchInput(Programs: ["replicator"], Statuses: ["open"], Sort: "needBy"), default);
        Assert.All(replicator.Items, i => Assert.Equal("replicator", i.ProgramId));
        Assert.All(replicator.Items, i => Assert.Equal("open", i.Status));
        Assert.Equal(replicator.Items.Select(i => i.NeedBy).Order().ToList(), replicator.Items.Select(i => i.NeedBy).ToList());
        Assert.Null(replicator.Items[0].Score);
        // The program facet leaves out its own filter: it still counts the other programs' open requirements.
        Assert.True(replicator.Facets["program"].Count > 1);
        Assert.Equal(replicator.Total, replicator.Facets["program"].Single(f => f.Value == "replicator").Count);

        var page2 = await pm.Service.SearchAsync(new BoardSearchInput(PageSize: 5, Page: 2, Sort: "needBy"), default);
        var all = await pm.Service.SearchAsync(new BoardSearchInput(PageSize: 100, Sort: "needBy"), default);
        Assert.Equal(all.Items.Skip(5).Take(5).Select(i => i.Id), page2.Items.Select(i => i.Id));

        var bad = await Assert.ThrowsAsync<BoardInputException>(() => pm.Service.SearchAsync(
            new BoardSearchInput(Sort: "price", PageSize: 101, Page: 0, Statuses: ["pending"], Capabilities: ["NOPE"], Nations: ["XX"],
                NeedFrom: new DateOnly(2028, 1, 1), NeedTo: new DateOnly(2027, 1, 1)), default));
        Assert.Equal(["capabilities[0]", "nations[0]", "needFrom", "page", "pageSize", "sort", "statuses[0]"], bad.Errors.Keys.Order(StringComparer.Ordinal));
    }

    // ----- access -------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Access_HiddenRequirements_NeverShowInSearchTotalsFacetsTimelineOrCalendars(string provider)
    {
        await using var database = await DemoAsync(provider);
        var cache = new BoardIndexCache(database.Clock);
        await using var system = await AsAsync(database, cache, "system");
        var everything = await system.Service.SearchAsync(new BoardSearchInput(PageSize: 100), default);
        Assert.Equal(40, everything.Total);
        foreach (var (who, hidden) in new[] { (JpSupplier, RelToUsaJpn), (GbPartner, RelToUsaJpn), (JpOfficial, NoForn), (UsSupplier, NoForn) })
        {
            await using var reader = await AsAsync(database, cache, who);
            var visible = await reader.Db.Requirements.CountAsync();
            Assert.True(visible < everything.Total, who);
            var result = await reader.Service.SearchAsync(new BoardSearchInput(PageSize: 100), default);
            Assert.Equal(visible, result.Total);
            Assert.DoesNotContain(result.Items, i => i.Id == hidden);
            Assert.Equal(visible, result.Facets["status"].Sum(f => f.Count));
            Assert.Equal(visible, result.Facets["fundingStatus"].Sum(f => f.Count));
            // Text that only the hidden requirement answers finds nothing, and counts nothing.
            var text = hidden == RelToUsaJpn ? "static-fire" : "radome";
            var probe = await reader.Service.SearchAsync(new BoardSearchInput(Text: text), default);
            Assert.DoesNotContain(probe.Items, i => i.Id == hidden);
            Assert.Null(await reader.Service.GetAsync(hidden, default));
            Assert.Null(await reader.Service.RequirementIcsAsync(hidden, default));
            var timeline = await reader.Service.TimelineAsync(new BoardSearchInput(), default);
            Assert.Equal(visible, timeline.Count);
            Assert.DoesNotContain(timeline, r => r.Requirement.Id == hidden);
            var ics = await reader.Service.MilestonesIcsAsync(new BoardSearchInput(), default);
            Assert.DoesNotContain(hidden + "-", ics, StringComparison.Ordinal);
            Assert.Contains("BEGIN:VCALENDAR", ics, StringComparison.Ordinal);
        }
        // The system sees both, with their calendars.
        Assert.NotNull(await system.Service.GetAsync(NoForn, default));
        Assert.Contains("req-001-award-", await system.Service.RequirementIcsAsync(RelToUsaJpn, default), StringComparison.Ordinal);
        var probeAll = await system.Service.SearchAsync(new BoardSearchInput(Text: "static-fire"), default);
        Assert.Contains(probeAll.Items, i => i.Id == RelToUsaJpn);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Access_ARequirementHiddenLater_LeavesTheFeedCountsAtomAndDigest(string provider)
    {
        await using var database = await DemoAsync(provider);
        var cache = new BoardIndexCache(database.Clock);
        await using (var pm = await AsAsync(database, cache, UsOfficial))
        {
            // us-acq publishes an unmarked requirement that jp-bizdev's capability subscription matches.
            await pm.Service.CreateAsync(Input(id: "req-test-2", codes: ["ELEC.PCB.RF"], programId: "replicator"), pm.Audit, default);
        }
        await using (var supplier = await AsAsync(database, cache, JpSupplier))
        {
            Assert.Equal(2, await supplier.Service.UnreadCountAsync(default));
            var feed = await supplier.Service.FeedAsync(null, true, 1, 25, default);
            Assert.Contains(feed.Items, i => i.RequirementId == "req-test-2");
        }
        // It is marked CUI afterwards (jp-bizdev has no CUI access): it leaves every view of the feed.
        await using (var db = database.NewContext(AccessScope.System))
        {
            await db.Requirements.Where(r => r.Id == "req-test-2").ExecuteUpdateAsync(s => s.SetProperty(r => r.Marking.Cui, true));
        }
        cache.Clear();
        await using (var supplier = await AsAsync(database, cache, JpSupplier))
        {
            Assert.Equal(1, await supplier.Service.UnreadCountAsync(default));
            var feed = await supplier.Service.FeedAsync(null, false, 1, 25, default);
            Assert.Equal(1, feed.Total);
            Assert.DoesNotContain(feed.Items, i => i.RequirementId == "req-test-2");
            var subscription = Assert.Single(await supplier.Service.SubscriptionsAsync(default));
            Assert.Equal(1, subscription.Unread);
            var atom = await supplier.Service.AtomAsync(subscription.Id, new Uri("https://musubi.example/"), default);
            Assert.NotNull(atom);
            var entries = XDocument.Parse(atom).Descendants(XName.Get("entry", "http://www.w3.org/2005/Atom")).ToList();
            Assert.Single(entries);
            Assert.DoesNotContain("req-test-2", atom, StringComparison.Ordinal);
            Assert.Contains("https://musubi.example/board/req-040", atom, StringComparison.Ordinal);
            // Marking all read marks only what the reader may see.
            await supplier.Service.MarkReadAsync(null, default);
            Assert.Equal(0, await supplier.Service.UnreadCountAsync(default));
            await Assert.ThrowsAsync<BoardNotFoundException>(() => supplier.Service.MarkReadAsync("no-such-item", default));
        }
        // Another principal gets no Atom feed of it, and no feed items.
        await using (var other = await AsAsync(database, cache, UsSupplier))
        {
            await using var db = database.NewContext(AccessScope.System);
            var id = await db.BoardSubscriptions.Where(s => s.PrincipalId == JpSupplier).Select(s => s.Id).SingleAsync();
            Assert.Null(await other.Service.AtomAsync(id, new Uri("https://musubi.example/"), default));
            await Assert.ThrowsAsync<BoardNotFoundException>(() => other.Service.FeedAsync(id, false, 1, 25, default));
        }
        // One more visible match, then the next day's digest re-checks what jp-bizdev may see: the hidden requirement is not mailed.
        await using (var pm = await AsAsync(database, cache, UsOfficial))
        {
            await pm.Service.CreateAsync(Input(id: "req-test-6", codes: ["ELEC.PCB"], programId: "replicator"), pm.Audit, default);
        }
        database.Clock.Advance(TimeSpan.FromDays(1));
        await using (var job = await AsAsync(database, cache, "system"))
        {
            Assert.Equal(1, await job.Service.DigestAsync(default));
            Assert.Equal(0, await job.Service.DigestAsync(default));
            var mails = await job.Db.MailOutbox.Where(m => m.ToPrincipalId == JpSupplier && m.Subject.StartsWith(BoardService.DigestSubject)).ToListAsync();
            Assert.Equal(2, mails.Count);
            Assert.All(mails, m => Assert.DoesNotContain("req-test-2", m.Body, StringComparison.Ordinal));
            Assert.Single(mails, m => m.Body.Contains("req-test-6", StringComparison.Ordinal));
            Assert.Equal(0, await job.Db.BoardFeedItems.CountAsync(i => i.PrincipalId == JpSupplier && i.DigestedAt == null));
        }
    }

    // ----- subscriptions ------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Subscribe_BaselinesExistingMatches_SweepIsIdempotent_AndTellsCreatedFromChanged(string provider)
    {
        await using var database = await DemoAsync(provider);
        var cache = new BoardIndexCache(database.Clock);
        string id;
        await using (var us = await AsAsync(database, cache, UsOfficial))
        {
            var sub = await us.Service.SubscribeAsync(new BoardSubscriptionInput("GPI", "program", ["gpi"], null), us.Audit, default);
            id = sub.Id;
            Assert.Equal(BoardDigests.None, sub.Digest);
            // Baseline: every visible gpi requirement (us-acq sees all six, NOFORN included) is seen, none is in the feed.
            Assert.Equal(6, await us.Db.BoardSubscriptionSeen.CountAsync(s => s.SubscriptionId == id));
            Assert.Equal(0, (await us.Service.FeedAsync(id, false, 1, 25, default)).Total);
            var first = await us.Service.SweepAsync(default);
            Assert.True(first.Subscriptions >= 5);
            Assert.Equal(0, (await us.Service.FeedAsync(id, false, 1, 25, default)).Total);
        }
        // jp-atla changes req-002 (gpi) a day later and publishes a new gpi requirement.
        database.Clock.Advance(TimeSpan.FromDays(1));
        await using (var jp = await AsAsync(database, cache, JpOfficial))
        {
            var view = (await jp.Service.GetAsync("req-002", default))!;
            await jp.Service.UpdateAsync("req-002", new BoardRequirementInput(null, view.ProgramId, view.CapabilityCodes, view.Title, view.TitleJa,
                view.Description, view.DescriptionJa, view.Quantity, view.NeedBy, view.FundingStatus, view.ContractingPath, view.Status,
                view.PointOfContact, view.Marking, view.RequiredCertifications, [.. view.Milestones, new RequirementMilestoneView("industry_day", new DateOnly(2026, 4, 20), null)], view.Version),
                jp.Audit, default);
            await jp.Service.CreateAsync(Input(id: "req-test-3", codes: ["SENS.SEEKER.IR"], programId: "gpi"), jp.Audit, default);
        }
        await using (var us = await AsAsync(database, cache, UsOfficial))
        {
            var feed = await us.Service.FeedAsync(id, false, 1, 25, default);
            Assert.Equal(2, feed.Total);
            Assert.Equal(BoardChanges.Changed, feed.Items.Single(i => i.RequirementId == "req-002").Change);
            Assert.Equal(BoardChanges.Created, feed.Items.Single(i => i.RequirementId == "req-test-3").Change);
            Assert.Equal("GPI", feed.Items[0].SubscriptionName);
            // Sweeping again finds nothing new.
            var again = await us.Service.SweepAsync(default);
            Assert.Equal(0, again.NewItems);
            Assert.Equal(2, (await us.Service.FeedAsync(id, false, 1, 25, default)).Total);
            // Unsubscribing removes it with its feed; a second time there is nothing to remove.
            Assert.True(await us.Service.UnsubscribeAsync(id, us.Audit, default));
            Assert.False(await us.Service.UnsubscribeAsync(id, us.Audit, default));
            Assert.Equal(0, await us.Db.BoardFeedItems.CountAsync(i => i.SubscriptionId == id));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ConcurrentSweeps_RecordEachChangeOnce_WithoutFailing(string provider)
    {
        await using var database = await DemoAsync(provider);
        var cache = new BoardIndexCache(database.Clock);
        string id;
        await using (var us = await AsAsync(database, cache, UsOfficial))
        {
            id = (await us.Service.SubscribeAsync(new BoardSubscriptionInput("GPI", "program", ["gpi"], null), us.Audit, default)).Id;
        }
        // A requirement published straight into the registry (an import): only a sweep will notice it.
        database.Clock.Advance(TimeSpan.FromDays(1));
        await using (var system = await AsAsync(database, cache, "system"))
        {
            var source = await system.Db.Requirements.AsNoTracking().SingleAsync(r => r.Id == "req-003");
            system.Db.Requirements.Add(new Requirement
            {
                Id = "req-imported",
                ProgramId = "gpi",
                CapabilityCodes = source.CapabilityCodes,
                TitleEn = "Imported requirement",
                DescriptionEn = "Published by an import, noticed by the sweep.",
                FundingStatus = source.FundingStatus,
                ContractingPath = source.ContractingPath,
                Status = RequirementStatus.Open,
                NeedBy = new DateOnly(2028, 6, 30),
            });
            await system.Db.SaveChangesAsync();
        }
        await using var a = await AsAsync(database, cache, "system");
        await using var b = await AsAsync(database, cache, "system");
        var reports = await Task.WhenAll(a.Service.SweepAsync(default), b.Service.SweepAsync(default));

        // Each subscription that matches it (this one, and the demo's "Requirements for Japan") gets one item, not two.
        var items = await a.Db.BoardFeedItems.Where(i => i.RequirementId == "req-imported").Select(i => i.SubscriptionId).ToListAsync();
        Assert.Equal(items.Count, reports.Sum(r => r.NewItems));
        Assert.Equal(items.Count, items.Distinct().Count());
        Assert.Contains(id, items);
        Assert.Equal(0, (await a.Service.SweepAsync(default)).NewItems);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Subscribe_BadInput_NamesTheField_AndNeedsAPrincipal(string provider)
    {
        await using var database = await DemoAsync(provider);
        var cache = new BoardIndexCache(database.Clock);
        await using var supplier = await AsAsync(database, cache, JpSupplier);
        async Task<IEnumerable<string>> Fields(BoardSubscriptionInput input) =>
            (await Assert.ThrowsAsync<BoardInputException>(() => supplier.Service.SubscribeAsync(input, supplier.Audit, default))).Errors.Keys;
        Assert.Equal(["values[1]"], await Fields(new("x", "capability", ["ELEC.PCB", "NOPE"], null)));
        Assert.Equal(["values[0]"], await Fields(new("x", "nation", ["XX"], null)));
        Assert.Equal(["values[0]"], await Fields(new("x", "program", ["no-such-program"], null)));
        Assert.Equal(["kind"], await Fields(new("x", "everything", ["ELEC.PCB"], null)));
        Assert.Equal(["digest"], await Fields(new("x", "nation", ["JP"], null, "hourly")));
        Assert.Equal(["name"], await Fields(new(" ", "nation", ["JP"], null)));
        Assert.Equal(["values"], await Fields(new("x", "capability", [], null)));
        Assert.Equal(["query"], await Fields(new("x", "search", null, null)));
        Assert.Equal(["query.capabilities[0]"], await Fields(new("x", "search", null, new BoardSearchInput(Text: "uas", Capabilities: ["NOPE"]))));
        var saved = await supplier.Service.SubscribeAsync(new("UAS", "search", null, new BoardSearchInput(Text: "UAS", Statuses: ["open"]), "daily"), supplier.Audit, default);
        Assert.Equal("UAS", saved.Query!.Text);
        Assert.Equal(["open"], saved.Query.Statuses);

        await using var system = await AsAsync(database, cache, "system");
        await Assert.ThrowsAsync<BoardForbiddenException>(() => system.Service.SubscribeAsync(new("x", "nation", ["JP"], null), system.Audit, default));
        await Assert.ThrowsAsync<BoardInputException>(() => supplier.Service.FeedAsync(null, false, 0, 25, default));
        await Assert.ThrowsAsync<BoardInputException>(() => supplier.Service.FeedAsync(null, false, 1, 101, default));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Sweep_DisabledOwnersGetNothing_AndHiddenRequirementsMakeNoItems(string provider)
    {
        await using var database = await DemoAsync(provider);
        var cache = new BoardIndexCache(database.Clock);
        await using (var gb = await AsAsync(database, cache, GbPartner))
        {
            await gb.Service.SubscribeAsync(new BoardSubscriptionInput("Seekers", "capability", ["SENS"], null), gb.Audit, default);
        }
        await using (var db = database.NewContext(AccessScope.System))
        {
            await db.Principals.Where(p => p.Id == JpSupplier).ExecuteUpdateAsync(s => s.SetProperty(p => p.Disabled, true));
        }
        database.Clock.Advance(TimeSpan.FromDays(1));
        await using (var us = await AsAsync(database, cache, UsOfficial))
        {
            // A REL TO USA, JPN seeker requirement (gb-partner may not see it) and an unmarked PCB one (jp-bizdev is disabled).
            await us.Service.CreateAsync(Input(id: "req-test-4", codes: ["SENS.SEEKER.IR"], programId: "gpi", marking: "CUI//REL TO USA, JPN"), us.Audit, default);
            await us.Service.CreateAsync(Input(id: "req-test-5", codes: ["ELEC.PCB.HDI"], programId: "cca"), us.Audit, default);
        }
        await using var check = database.NewContext(AccessScope.System);
        Assert.Equal(0, await check.BoardFeedItems.CountAsync(i => i.PrincipalId == GbPartner));
        Assert.Equal(0, await check.BoardFeedItems.CountAsync(i => i.PrincipalId == JpSupplier && i.RequirementId == "req-test-5"));
        // jp-atla's nation subscription (JP) sees both: gpi and cca include Japan.
        Assert.Equal(2, await check.BoardFeedItems.CountAsync(i => i.PrincipalId == JpOfficial && (i.RequirementId == "req-test-4" || i.RequirementId == "req-test-5")));
    }

    // ----- the index ----------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Index_IsSharedUntilTheRegistryChanges_AndTimelineRowsStartAtPublication(string provider)
    {
        await using var database = await DemoAsync(provider);
        var cache = new BoardIndexCache(database.Clock);
        await using var system = await AsAsync(database, cache, "system");
        var before = await system.Service.SearchAsync(new BoardSearchInput(), default);
        await system.Service.SearchAsync(new BoardSearchInput(Text: "radar"), default);
        Assert.Equal(1, cache.Builds);
        // A requirement written outside the service (an import, another host) moves the stamp: the next read rebuilds.
        database.Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = database.NewContext(AccessScope.System))
        {
            db.Requirements.Add(new Requirement
            {
                Id = "req-imported",
                TitleEn = "Imported radome panels",
                DescriptionEn = "Illustrative.",
                CapabilityCodes = ["MAT.CERAMIC"],
                FundingStatus = FundingStatus.Planned,
                ContractingPath = ContractingPath.Dcs,
                Status = RequirementStatus.Open,
                Milestones = [new RequirementMilestone { Kind = MilestoneKinds.Solicitation, Date = new DateOnly(2026, 6, 1) }],
                NeedBy = new DateOnly(2027, 1, 31),
            });
            await db.SaveChangesAsync();
        }
        var after = await system.Service.SearchAsync(new BoardSearchInput(), default);
        Assert.Equal(before.Total + 1, after.Total);
        Assert.Equal(2, cache.Builds);
        var rows = await system.Service.TimelineAsync(new BoardSearchInput(Text: "radome panels"), default);
        var row = rows.Single(r => r.Requirement.Id == "req-imported");
        // No publication date: the bar starts at the first milestone and ends at the need-by date.
        Assert.Equal(new DateOnly(2026, 6, 1), row.Start);
        Assert.Equal(new DateOnly(2027, 1, 31), row.End);
        var published = rows.Where(r => r.Requirement.PublishedOn is not null).ToList();
        Assert.All(published, r => Assert.Equal(r.Requirement.PublishedOn, r.Start));
    }
}
