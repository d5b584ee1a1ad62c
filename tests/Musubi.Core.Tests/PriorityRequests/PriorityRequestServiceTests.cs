using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Demo;
using Musubi.Core.Features.PriorityRequests;
using Musubi.Testing;

namespace Musubi.Core.Tests.PriorityRequests;

/// <summary>
/// The priority-request workflow over the demo registry and accounts, on both providers: the state machine (every action
/// from every state, by every kind of actor), creation's checks, the time limits in the acting country's business days
/// (Japanese Golden Week, U.S. Thanksgiving), the escalation sweep (idempotent, once per level), visibility (lists,
/// counts, dashboard, notifications, export) and the surge impact.
/// </summary>
[RunsLong(46)]
public sealed class PriorityRequestServiceTests
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    // The demo's actors (data/demo/principals.json) and one more supplier principal added by the tests.
    private const string UsOfficial = "us-acq";
    private const string JpOfficial = "jp-atla";
    private const string JpSupplier = "jp-bizdev";         // hokuriku-wiring, contributor
    private const string OtherSupplier = "jp-other-supplier"; // sagami-gan, contributor (added below)
    private const string Admin = "admin";
    private const string ThirdCountry = "gb-partner";      // program manager of the UK MOD
    private const string Analyst = "us-analyst";

    private static readonly string[] Actors = [UsOfficial, JpOfficial, JpSupplier, OtherSupplier, Admin, ThirdCountry, Analyst];

    private static async Task<TestDatabase> DemoAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext(AccessScope.System);
        var report = await DemoData.LoadAsync(db, database.Clock);
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        db.Principals.Add(new Principal { Id = OtherSupplier, Name = "Other JP supplier", Nationality = "JP", OrganizationId = "sagami-gan", Roles = [Roles.Contributor], CuiAccess = true });
        await db.SaveChangesAsync();
        return database;
    }

    private static AuditTrail Trail(TestDatabase database, string who) =>
        new(new AuditLog(database.Clock, new AuditOptions { SigningKeyPath = Path.Combine(Path.GetTempPath(), "musubi-key-" + Guid.NewGuid().ToString("N") + ".pem"), CheckpointEvery = 0 }), who, null);

    /// <summary>A service reading as <paramref name="who"/> (a fresh context each time).</summary>
    private sealed class Actor : IAsyncDisposable
    {
        public required AppDbContext Db { get; init; }
        public required PriorityRequestService Service { get; init; }
        public required AuditTrail Audit { get; init; }

        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }

    private static async Task<Actor> AsAsync(TestDatabase database, string who, TimeProvider? clock = null)
    {
        var db = database.NewContext(AccessScope.System);
        var principal = await db.Principals.AsNoTracking().SingleAsync(p => p.Id == who);
        db.Scope = AccessScope.For(principal, database.Clock);
        return new Actor { Db = db, Service = new PriorityRequestService(db, clock ?? database.Clock, new PriorityRequestOptions()), Audit = Trail(database, who) };
    }

    private static PriorityRequestInput Input(string? neededBy = "2026-09-01", int? quantity = 100, string? supplier = "hokuriku-wiring", string? part = "p-pwb-hdi") =>
        new(part, quantity, supplier, neededBy, "Illustrative test request", FacilityId: "hpw-uozu", Priority: PriorityLevels.Urgent);

    /// <summary>Puts a U.S.→JP request for Hokuriku straight into <paramref name="state"/>, with the history that state implies (submitted; forwarded when the supplier has had it).</summary>
    private static async Task<string> SeedAsync(TestDatabase database, string state, string id)
    {
        await using var db = database.NewContext(AccessScope.System);
        var now = database.Clock.GetUtcNow();
        var request = new PriorityRequest
        {
            Id = id,
            RequestingGovernment = "US",
            ReceivingGovernment = "JP",
            PartId = "p-pwb-hdi",
            Quantity = 100,
            SupplierOrganizationId = "hokuriku-wiring",
            NeededBy = new DateOnly(2026, 9, 1),
            Justification = "seeded",
            Priority = PriorityLevels.Routine,
            State = state,
            StateEnteredAt = now,
            CreatedBy = UsOfficial,
            PromisedDate = state is PriorityStates.Accepted or PriorityStates.PartiallyAccepted ? new DateOnly(2026, 8, 1) : null,
        };
        var history = new List<string> { PriorityStates.Draft };
        if (state != PriorityStates.Draft)
        {
            history.Add(PriorityStates.Submitted);
        }
        if (state is PriorityStates.Forwarded or PriorityStates.Accepted or PriorityStates.PartiallyAccepted or PriorityStates.Declined
            or PriorityStates.Fulfilled or PriorityStates.Closed or PriorityStates.Withdrawn)
        {
            history.Add(PriorityStates.Forwarded);
        }
        if (!history.Contains(state))
        {
            history.Add(state);
        }
        for (var i = 0; i < history.Count; i++)
        {
            request.Transitions.Add(new PriorityTransition
            {
                Id = $"{id}-T{i + 1:D3}",
                RequestId = id,
                From = i == 0 ? null : history[i - 1],
                To = history[i],
                Action = "seed",
                By = "test",
                At = now.AddMinutes(i - history.Count),
            });
        }
        db.PriorityRequests.Add(request);
        await db.SaveChangesAsync();
        return id;
    }

    private static PriorityTransitionInput InputFor(string action) => action switch
    {
        PriorityActions.Accept => new(action, PromisedDate: "2026-08-01"),
        PriorityActions.AcceptPartial => new(action, PromisedDate: "2026-08-01", Quantity: 60),
        PriorityActions.Reject or PriorityActions.Decline => new(action, Reason: "test reason"),
        _ => new(action),
    };

    private static bool Sees(string actor, string state) => actor switch
    {
        UsOfficial => true,
        JpOfficial => state != PriorityStates.Draft,
        JpSupplier => state is PriorityStates.Forwarded or PriorityStates.Accepted or PriorityStates.PartiallyAccepted or PriorityStates.Declined
            or PriorityStates.Fulfilled or PriorityStates.Closed or PriorityStates.Withdrawn,
        _ => false,
    };

    private static string PartyOf(string actor) => actor switch
    {
        UsOfficial => PriorityParties.RequestingGovernment,
        JpOfficial => PriorityParties.ReceivingGovernment,
        JpSupplier => PriorityParties.Supplier,
        _ => PriorityParties.None,
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Transition_EveryActionFromEveryState_AllowedExactlyByTheTable(string provider)
    {
        await using var database = await DemoAsync(provider);
        var n = 0;
        var failures = new List<string>();
        foreach (var action in PriorityActions.Transitions)
        {
            var rule = PriorityRequestService.Rules[action];
            foreach (var state in PriorityStates.All)
            {
                var id = await SeedAsync(database, state, $"PR-T-{++n:D4}");
                var actor = rule.Party switch
                {
                    PriorityParties.RequestingGovernment => UsOfficial,
                    PriorityParties.ReceivingGovernment => JpOfficial,
                    _ => JpSupplier,
                };
                await using var a = await AsAsync(database, actor);
                var allowed = rule.From.Contains(state);
                try
                {
                    var view = await a.Service.TransitionAsync(id, InputFor(action), a.Audit);
                    if (!allowed)
                    {
                        failures.Add($"{action} from {state}: allowed, expected 'transition not allowed'");
                    }
                    else if (view.State != rule.To)
                    {
                        failures.Add($"{action} from {state}: went to {view.State}, expected {rule.To}");
                    }
                }
                catch (PriorityConflictException ex)
                {
                    if (allowed)
                    {
                        failures.Add($"{action} from {state}: refused ({ex.Message})");
                    }
                    else
                    {
                        Assert.StartsWith($"transition not allowed from {state}", ex.Message, StringComparison.Ordinal);
                    }
                }
                catch (PriorityNotFoundException)
                {
                    // The supplier cannot see a request before it is forwarded: the state is then not one it may act in.
                    if (allowed || Sees(actor, state))
                    {
                        failures.Add($"{action} from {state}: not found for {actor}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        await using var system = database.NewContext(AccessScope.System);
        Assert.Equal(PriorityActions.Transitions.Sum(a => PriorityRequestService.Rules[a].From.Count),
            await system.AuditEvents.CountAsync(e => e.Type == PriorityAuditTypes.Transitioned && e.Object!.StartsWith("priority/PR-T-")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Transition_EveryActorKind_OnlyTheRulesPartyMayActOthersForbiddenOrBlind(string provider)
    {
        await using var database = await DemoAsync(provider);
        var n = 0;
        var failures = new List<string>();
        foreach (var action in PriorityActions.Transitions)
        {
            var rule = PriorityRequestService.Rules[action];
            var state = rule.From[0];
            foreach (var actor in Actors)
            {
                var id = await SeedAsync(database, state, $"PR-A-{++n:D4}");
                await using var a = await AsAsync(database, actor);
                string outcome;
                try
                {
                    await a.Service.TransitionAsync(id, InputFor(action), a.Audit);
                    outcome = "ok";
                }
                catch (PriorityForbiddenException ex)
                {
                    outcome = "forbidden";
                    Assert.Contains($"may not {action}", ex.Message, StringComparison.Ordinal);
                }
                catch (PriorityNotFoundException)
                {
                    outcome = "not found";
                }
                var expected = PartyOf(actor) == rule.Party ? "ok" : Sees(actor, state) ? "forbidden" : "not found";
                if (outcome != expected)
                {
                    failures.Add($"{actor} {action} from {state}: {outcome}, expected {expected}");
                }
            }
        }
        // Comments: every party that sees a non-draft request may comment; nobody else.
        foreach (var actor in Actors)
        {
            var id = await SeedAsync(database, PriorityStates.Forwarded, $"PR-C-{++n:D4}");
            await using var a = await AsAsync(database, actor);
            string outcome;
            try
            {
                await a.Service.CommentAsync(id, "a comment", a.Audit);
                outcome = "ok";
            }
            catch (PriorityNotFoundException)
            {
                outcome = "not found";
            }
            var expected = PartyOf(actor) != PriorityParties.None ? "ok" : "not found";
            if (outcome != expected)
            {
                failures.Add($"{actor} comment: {outcome}, expected {expected}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Transition_MissingWhatTheActionNeeds_NamesTheField(string provider)
    {
        await using var database = await DemoAsync(provider);
        var forwarded = await SeedAsync(database, PriorityStates.Forwarded, "PR-F-0001");
        var submitted = await SeedAsync(database, PriorityStates.Submitted, "PR-F-0002");
        await using var supplier = await AsAsync(database, JpSupplier);
        await using var jp = await AsAsync(database, JpOfficial);

        async Task<string> Field(Actor a, string id, PriorityTransitionInput input) =>
            Assert.Single((await Assert.ThrowsAsync<PriorityInputException>(() => a.Service.TransitionAsync(id, input, a.Audit))).Errors.Keys);

        Assert.Equal("promisedDate", await Field(supplier, forwarded, new(PriorityActions.Accept)));
        Assert.Equal("promisedDate", await Field(supplier, forwarded, new(PriorityActions.Accept, PromisedDate: "2026-02-30")));
        Assert.Equal("quantity", await Field(supplier, forwarded, new(PriorityActions.AcceptPartial, PromisedDate: "2026-08-01", Quantity: 100)));
        Assert.Equal("quantity", await Field(supplier, forwarded, new(PriorityActions.AcceptPartial, PromisedDate: "2026-08-01", Quantity: 0)));
        Assert.Equal("reason", await Field(supplier, forwarded, new(PriorityActions.Decline)));
        Assert.Equal("reason", await Field(jp, submitted, new(PriorityActions.Reject, Note: "a note is not a reason")));
        Assert.Equal("action", await Field(jp, submitted, new("approve")));

        // A promised date after the needed-by date is accepted, and flagged late.
        var late = await supplier.Service.TransitionAsync(forwarded, new(PriorityActions.Accept, PromisedDate: "2026-12-01"), supplier.Audit);
        Assert.Equal(PriorityStates.Accepted, late.State);
        Assert.True(late.PromisedLate);
        Assert.Equal(new DateOnly(2026, 12, 1), late.DueAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Create_BadInput_EveryProblemNamesItsField(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var us = await AsAsync(database, UsOfficial);

        async Task<IReadOnlyCollection<string>> Fields(PriorityRequestInput input) =>
            (await Assert.ThrowsAsync<PriorityInputException>(() => us.Service.CreateAsync(input, us.Audit))).Errors.Keys.ToList();

        Assert.Equal(["neededBy"], await Fields(Input(neededBy: "2026-03-14")));            // the test clock is 2026-03-15
        Assert.Equal(["quantity"], await Fields(Input(quantity: 0)));
        Assert.Equal(["quantity"], await Fields(Input(quantity: -5)));
        Assert.Equal(["supplierOrganizationId"], await Fields(Input(supplier: "no-such-org") with { FacilityId = null }));
        Assert.Equal(["supplierOrganizationId"], await Fields(Input(supplier: "prairie-drone") with { FacilityId = null })); // a U.S. supplier for a U.S. request
        Assert.Equal(["facilityId"], await Fields(Input() with { FacilityId = "pdw-wichita" }));
        Assert.Equal(["partId"], await Fields(Input(part: "no-such-part")));
        Assert.Equal(["justification"], await Fields(Input() with { Justification = "  " }));
        Assert.Equal(["receivingGovernment"], await Fields(Input() with { ReceivingGovernment = "US" }));
        Assert.Equal(["priority"], await Fields(Input() with { Priority = "extreme" }));
        Assert.Equal(["marking"], await Fields(Input() with { Marking = "CUI//NOFORN" }));   // not releasable to Japan
        var all = await Fields(new PriorityRequestInput(null, null, null, null, null));
        Assert.Equal(["justification", "neededBy", "partId", "quantity", "supplierOrganizationId"], all.Order(StringComparer.Ordinal));

        // Only a government official may create.
        await using var supplier = await AsAsync(database, JpSupplier);
        var ex = await Assert.ThrowsAsync<PriorityForbiddenException>(() => supplier.Service.CreateAsync(Input(), supplier.Audit));
        Assert.Equal("contributor of JP may not create a priority request (only a program manager of the U.S. or Japanese government may)", ex.Message);

        // A good one is a draft with the next number of the year, its creation in the history.
        var view = await us.Service.CreateAsync(Input(), us.Audit);
        // The demo's seventh request was written 90 days before the load (2025-12-15): PR-2025-0001; the other six are 2026's.
        Assert.Equal("PR-2026-0007", view.Id);
        Assert.Equal(PriorityStates.Draft, view.State);
        Assert.Equal(["submit", "withdraw"], view.AllowedActions);
        Assert.Equal("JP", view.ReceivingGovernment);
        Assert.Single(view.Transitions);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TimeLimits_JapaneseGoldenWeekAndUsThanksgiving_CountTheActingCountrysBusinessDays(string provider)
    {
        await using var database = await DemoAsync(provider);
        // The workflow's own clock, set back before the demo's (the database's clock only moves forward).
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 4, 28, 1, 0, 0, TimeSpan.Zero));

        // U.S. → Japan, submitted Monday 2025-04-28: Japan has 2 business days; 04-29 is Showa Day → 04-30, 05-01.
        await using (var us = await AsAsync(database, UsOfficial, clock))
        await using (var jp = await AsAsync(database, JpOfficial, clock))
        {
            var draft = await us.Service.CreateAsync(Input(neededBy: "2025-09-01"), us.Audit);
            var submitted = await us.Service.TransitionAsync(draft.Id, new(PriorityActions.Submit), us.Audit);
            Assert.Equal(new DateOnly(2025, 5, 1), submitted.DueAt);
            Assert.Equal("JP", submitted.ActingCountry);

            // Reviewed Friday 2025-05-02: 5 business days. 05-03 Constitution Memorial Day (Sat), 05-04 Greenery Day (Sun),
            // 05-05 Children's Day (Mon), 05-06 the substitute holiday for 05-04 → 05-07, 05-08, 05-09, 05-12, 05-13.
            clock.SetUtcNow(new DateTimeOffset(2025, 5, 2, 1, 0, 0, TimeSpan.Zero));
            var review = await jp.Service.TransitionAsync(draft.Id, new(PriorityActions.Review), jp.Audit);
            Assert.Equal(new DateOnly(2025, 5, 13), review.DueAt);
            Assert.False(review.Overdue);
        }

        // Japan → U.S., submitted Wednesday 2025-11-26: the U.S. has 2 business days; 11-27 is Thanksgiving → 11-28, 12-01.
        clock.SetUtcNow(new DateTimeOffset(2025, 11, 26, 15, 0, 0, TimeSpan.Zero));
        await using (var jp = await AsAsync(database, JpOfficial, clock))
        {
            var draft = await jp.Service.CreateAsync(new PriorityRequestInput("p-suas-fc", 10, "prairie-drone", "2026-03-01", "Illustrative"), jp.Audit);
            var submitted = await jp.Service.TransitionAsync(draft.Id, new(PriorityActions.Submit), jp.Audit);
            Assert.Equal(new DateOnly(2025, 12, 1), submitted.DueAt);
            Assert.Equal("US", submitted.ActingCountry);

            clock.SetUtcNow(new DateTimeOffset(2025, 12, 1, 23, 0, 0, TimeSpan.Zero));
            Assert.False((await jp.Service.GetAsync(draft.Id))!.Overdue);
        }
        clock.SetUtcNow(new DateTimeOffset(2025, 12, 2, 0, 30, 0, TimeSpan.Zero));
        await using (var jp = await AsAsync(database, JpOfficial, clock))
        {
            Assert.Contains((await jp.Service.ListAsync(new PriorityRequestFilter(Overdue: true))).Items, i => i.PartId == "p-suas-fc" && i.Overdue);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Escalate_OverdueRequest_OncePerLevelAndIdempotent(string provider)
    {
        await using var database = await DemoAsync(provider);
        long auditBefore;
        await using (var system = database.NewContext(AccessScope.System))
        {
            // Only this test's request: the demo's (with their notifications) go, and the outbox is emptied.
            await system.Notifications.ExecuteDeleteAsync();
            await system.PriorityTransitions.ExecuteDeleteAsync();
            await system.PriorityComments.ExecuteDeleteAsync();
            await system.PriorityRequests.IgnoreQueryFilters().ExecuteDeleteAsync();
            await system.MailOutbox.ExecuteDeleteAsync();
            // The audit log is append-only: the demo's escalations (of a request that had this test's id) stay before this point.
            auditBefore = await system.AuditEvents.MaxAsync(e => e.Seq);
        }
        // Submitted Monday 2026-03-16; Japan's 2 business days end Wednesday 03-18.
        database.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 16, 1, 0, 0, TimeSpan.Zero));
        string id;
        await using (var us = await AsAsync(database, UsOfficial))
        {
            id = (await us.Service.CreateAsync(Input(), us.Audit)).Id;
            Assert.Equal(new DateOnly(2026, 3, 18), (await us.Service.TransitionAsync(id, new(PriorityActions.Submit), us.Audit)).DueAt);
        }
        async Task<int> SweepAsync()
        {
            await using var system = database.NewContext(AccessScope.System);
            return await new PriorityRequestService(system, database.Clock, new PriorityRequestOptions()).EscalateAsync(Trail(database, "sweep"));
        }
        async Task<(int Level, int Escalations, int Mails)> StateAsync()
        {
            await using var system = database.NewContext(AccessScope.System);
            var level = await system.PriorityRequests.Where(p => p.Id == id).Select(p => p.EscalationLevel).SingleAsync();
            var escalations = await system.Notifications.CountAsync(x => x.RequestId == id && x.Kind == NotificationKinds.Escalation);
            var mails = await system.MailOutbox.CountAsync(m => m.Subject.Contains(id + ": escalation"));
            return (level, escalations, mails);
        }

        database.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 18, 23, 0, 0, TimeSpan.Zero)); // the due day: not late yet
        Assert.Equal(0, await SweepAsync());
        database.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 19, 1, 0, 0, TimeSpan.Zero)); // one business day late
        Assert.Equal(1, await SweepAsync());
        Assert.Equal((1, 1, 1), await StateAsync());                                         // jp-atla, the one JP official
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(0, await SweepAsync());
        Assert.Equal((1, 1, 1), await StateAsync());
        // Two more business days (03-20 is Japan's Vernal Equinox Day: 03-23, 03-24): a full limit further → level 2.
        database.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 23, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await SweepAsync());
        database.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 24, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await SweepAsync());
        Assert.Equal((2, 2, 2), await StateAsync());
        await using (var jp = await AsAsync(database, JpOfficial))
        {
            var feed = await jp.Service.NotificationsAsync();
            Assert.Contains("escalated to level 2", feed[0].Text, StringComparison.Ordinal);
            // Acting resets the clock and the level.
            var review = await jp.Service.TransitionAsync(id, new(PriorityActions.Review), jp.Audit);
            Assert.Equal(0, review.EscalationLevel);
            Assert.False(review.Overdue);
        }
        await using (var system = database.NewContext(AccessScope.System))
        {
            Assert.Equal(2, await system.AuditEvents.CountAsync(e => e.Seq > auditBefore && e.Type == PriorityAuditTypes.Escalated && e.Object == "priority/" + id));
            Assert.True(await system.MailOutbox.AllAsync(m => m.SentAt == null));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Visibility_DemoRequests_OnlyThePartiesSeeThemEverywhere(string provider)
    {
        await using var database = await DemoAsync(provider);
        // Demo (data/demo/priority/README.md): 1 US→JP forwarded, 2 JP→US under review, 3 JP→US accepted, 4 US→JP
        // submitted, 5 US→JP draft, 6 JP→US declined then closed, 7 US→JP partially accepted then fulfilled.
        var expected = new Dictionary<string, int>
        {
            [UsOfficial] = 7,
            [JpOfficial] = 6,  // not the U.S. draft
            [JpSupplier] = 2,  // 1 and 7: forwarded to Hokuriku
            ["us-bizdev"] = 2, // 3 and 6: forwarded to Prairie Drone
            [OtherSupplier] = 0,
            [Admin] = 0,
            [ThirdCountry] = 0,
            [Analyst] = 0,
            ["jp-compliance"] = 0,
        };
        List<string> ids;
        await using (var system = database.NewContext(AccessScope.System))
        {
            ids = await system.PriorityRequests.Select(p => p.Id).ToListAsync();
        }
        Assert.Equal(7, ids.Count);
        foreach (var (who, count) in expected)
        {
            await using var a = await AsAsync(database, who);
            var page = await a.Service.ListAsync(new PriorityRequestFilter());
            Assert.True(count == page.Total, $"{who}: {page.Total} listed, expected {count}");
            Assert.Equal(count, page.Items.Count);
            var dashboard = await a.Service.DashboardAsync();
            Assert.Equal(count, dashboard.Total);
            Assert.Equal(count, dashboard.ByState.Values.Sum());
            var csv = await a.Service.ExportCsvAsync();
            Assert.Equal(count, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("PR-", StringComparison.Ordinal)));
            var feed = await a.Service.NotificationsAsync();
            Assert.All(feed, n => Assert.Contains(page.Items, i => i.Id == n.RequestId));
            if (count == 0)
            {
                Assert.Empty(feed);
                Assert.Empty(dashboard.Medians);
                Assert.Equal(0, dashboard.Overdue);
            }
            foreach (var id in ids)
            {
                var seen = page.Items.Any(i => i.Id == id);
                Assert.Equal(seen, await a.Service.GetAsync(id) is not null);
            }
        }

        // The overdue demo requests (1: the supplier's 10 business days; 2: the U.S. government's 5) were escalated by
        // the load's sweep, and their acting officials told.
        await using (var us = await AsAsync(database, UsOfficial))
        {
            var overdue = await us.Service.ListAsync(new PriorityRequestFilter(Overdue: true));
            Assert.Equal(["PR-2026-0001", "PR-2026-0002"], overdue.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
            Assert.All(overdue.Items, i => Assert.True(i.EscalationLevel >= 1));
            Assert.Contains(await us.Service.NotificationsAsync(), n => n.RequestId == "PR-2026-0002" && n.Kind == NotificationKinds.Escalation);
            var dashboard = await us.Service.DashboardAsync();
            Assert.Equal(2, dashboard.Overdue);
            Assert.Contains(dashboard.Medians, m => m.State == PriorityStates.Forwarded && m.Nation == "US");
        }
        await using (var jp = await AsAsync(database, JpOfficial))
        {
            Assert.Contains(await jp.Service.NotificationsAsync(), n => n.RequestId == "PR-2026-0001" && n.Kind == NotificationKinds.Escalation);
            // Marking read: one of jp-atla's notifications.
            var first = (await jp.Service.NotificationsAsync()).First(n => n.ReadAt is null);
            await jp.Service.MarkReadAsync(first.Id);
            Assert.NotNull((await jp.Service.NotificationsAsync()).Single(n => n.Id == first.Id).ReadAt);
        }
        await using (var us = await AsAsync(database, UsOfficial))
        {
            var jpNotification = await us.Db.Notifications.Where(n => n.RecipientId == JpOfficial).Select(n => n.Id).FirstAsync();
            await Assert.ThrowsAsync<PriorityNotFoundException>(() => us.Service.MarkReadAsync(jpNotification));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Impact_DemoRequestUpstreamOfTheDemand_ReportsTheDeliveriesThatSlip(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var us = await AsAsync(database, UsOfficial);

        var impact = await us.Service.ImpactAsync("PR-2026-0001");

        Assert.True(impact.Computed, string.Join('\n', impact.Notes));
        Assert.True(impact.PartInNetwork);
        Assert.False(impact.BaselineDemandEmpty);
        Assert.Equal(new DateOnly(2026, 3, 1), impact.FirstMonth);
        Assert.Equal("2026-07", impact.NeededByMonthLabel);
        Assert.NotEmpty(impact.Slips);
        Assert.All(impact.Slips, s => Assert.True(s.Slip > 0 && s.WithRequestDelivered < s.BaselineDelivered));
        // Regression (#10): month 1 is delivered from what is already in flight, which a request due months later cannot
        // change. When the request's part became one more item of the pipeline's steady state, the lines turned over
        // to it and every end item's early months "slipped" to zero.
        Assert.DoesNotContain(impact.Slips, s => s.Month == 1);

        // A part the surge network does not hold is said so, not an error.
        await using (var system = database.NewContext(AccessScope.System))
        {
            await system.PriorityRequests.Where(p => p.Id == "PR-2026-0004").ExecuteUpdateAsync(s => s.SetProperty(p => p.PartId, "no-such-part"));
        }
        var missing = await us.Service.ImpactAsync("PR-2026-0004");
        Assert.False(missing.Computed);
        Assert.False(missing.PartInNetwork);
        Assert.Contains("not in the supply network", Assert.Single(missing.Notes), StringComparison.Ordinal);

        await using var gb = await AsAsync(database, ThirdCountry);
        await Assert.ThrowsAsync<PriorityNotFoundException>(() => gb.Service.ImpactAsync("PR-2026-0001"));
    }
}
