using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Board;
using Musubi.Core.Features.Demo;
using Musubi.Core.Features.Matching;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Screening;
using Musubi.Core.Features.Transfers;
using Musubi.Engines.Matching;
using Musubi.Testing;

namespace Musubi.Core.Tests.Matching;

/// <summary>
/// Matchmaking over the demo registry on both providers: the demo's sense (req-001 finds a solid-rocket-motor maker
/// first), access (a reader never gets an organization, facility, capability or requirement they may not see — in
/// results, in the excluded list or in reverse), the screening rule with review decisions and the index's rebuild on a
/// change, the audit event, the inputs' checks and the evaluation.
/// </summary>
[RunsLong(26)]
public sealed class MatchingServiceTests
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    private static async Task<TestDatabase> DemoAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext(AccessScope.System);
        var report = await DemoData.LoadAsync(db, database.Clock);
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        return database;
    }

    /// <summary>A context and a service reading as <paramref name="who"/> (null: the local operator, who sees everything).</summary>
    private sealed class Reader(AppDbContext db, MatchingService service) : IAsyncDisposable
    {
        public AppDbContext Db { get; } = db;
        public MatchingService Service { get; } = service;

        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }

    private static async Task<Reader> AsAsync(TestDatabase database, string? who, SupplierIndexCache? cache = null)
    {
        var db = database.NewContext(AccessScope.System);
        if (who is not null)
        {
            var principal = await db.Principals.AsNoTracking().SingleAsync(p => p.Id == who);
            db.Scope = AccessScope.For(principal, database.Clock);
        }
        var service = new MatchingService(db, database.Clock, cache ?? new SupplierIndexCache(database.Clock), new BoardIndexCache(database.Clock),
            new TransferService(database.Clock));
        return new Reader(db, service);
    }

    private static IEnumerable<string> Facilities(MatchRequirementResult r) =>
        r.Ranking.Results.Select(m => m.FacilityId).Concat(r.Ranking.Excluded.Select(e => e.FacilityId));

    /// <summary>Sets req-001's required certifications (the demo's board data asks for AS9100, which no motor maker holds on its need date).</summary>
    private static async Task RequireAsync(TestDatabase database, params string[] certifications)
    {
        await using var db = database.NewContext(AccessScope.System);
        var requirement = await db.Requirements.SingleAsync(r => r.Id == "req-001");
        requirement.RequiredCertifications = [.. certifications];
        await db.SaveChangesAsync();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Requirement001_RanksASolidRocketMotorMakerFirst_WithContributionsSummingToTheScore(string provider)
    {
        await using var database = await DemoAsync(provider);
        await RequireAsync(database);
        await using var reader = await AsAsync(database, null);

        var result = await reader.Service.MatchRequirementAsync("req-001", 10, false, null, CancellationToken.None);

        Assert.NotNull(result);
        Assert.Equal("req-001", result.Requirement.Id);
        Assert.NotEmpty(result.Ranking.Results);
        var first = result.Ranking.Results[0];
        var codes = await reader.Db.FacilityCapabilities.AsNoTracking().Where(c => c.FacilityId == first.FacilityId).Select(c => c.CapabilityCode).ToListAsync();
        Assert.True(codes.Contains("PROP.SRM") || codes.Contains("PROP.SRM.CASE"), $"{first.FacilityId} holds {string.Join(", ", codes)}");
        // The demo's motor makers with the whole code (PROP.SRM) in a partner nation of GPI.
        Assert.Contains(first.FacilityId, new[] { "ng-promontory", "ihi-tomioka", "l3h-camden" });
        foreach (var m in result.Ranking.Results)
        {
            var contributions = m.Explanation.Where(x => x.Kind == ReasonKind.Score).Sum(x => x.Contribution ?? 0);
            Assert.Equal(m.Score, contributions, 9);
            Assert.Contains(m.Explanation, x => x is { Kind: ReasonKind.Filter, Code: "capability", Passed: true });
            Assert.Contains(m.Explanation, x => x is { Kind: ReasonKind.Filter, Code: "transfer", Passed: true });
        }
        for (var i = 1; i < result.Ranking.Results.Count; i++)
        {
            Assert.True(result.Ranking.Results[i - 1].Score >= result.Ranking.Results[i].Score);
        }
        Assert.Equal(DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime), result.AsOf);

        // Asking for AS9100 (valid on 2028-09-30) excludes every maker that does not hold it then, and says so; the
        // board index and the supplier index follow the change.
        await RequireAsync(database, "AS9100");
        await using var again = await AsAsync(database, null);
        var gated = await again.Service.MatchRequirementAsync("req-001", 10, true, null, CancellationToken.None);
        Assert.NotNull(gated);
        Assert.Equal(["AS9100"], gated.Requirement.RequiredCertifications);
        var promontory = Assert.Single(gated.Ranking.Excluded, e => e.FacilityId == "ng-promontory");
        Assert.Contains(promontory.Reasons, x => x is { Code: "certification", Passed: false });
        Assert.All(gated.Ranking.Results, m => Assert.Contains(m.Explanation, x => x is { Code: "certification", Passed: true }));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task HiddenSupplier_NeverInResultsOrExcluded_ButTheOperatorSeesIt(string provider)
    {
        await using var database = await DemoAsync(provider);
        // ozc-batesville (PROP.SRM.CASE) is NOFORN: the operator sees it; a Japanese official (CUI, REL TO JPN) does not.
        await RequireAsync(database);
        await using (var operatorReader = await AsAsync(database, null))
        {
            var all = await operatorReader.Service.MatchRequirementAsync("req-001", 1000, true, null, CancellationToken.None);
            Assert.Contains("ozc-batesville", Facilities(all!));
        }
        await using var japan = await AsAsync(database, "jp-atla");
        var seen = await japan.Service.MatchRequirementAsync("req-001", 1000, true, null, CancellationToken.None);
        Assert.NotNull(seen);
        Assert.DoesNotContain("ozc-batesville", Facilities(seen));
        Assert.DoesNotContain(seen.Ranking.Results, m => m.OrganizationId == "ozark-cases");

        // tir-mito (SENS.EOIR.UNCOOLED) is REL TO USA, JPN: the UK reader sees the unmarked req-018 but never the facility.
        await using var uk = await AsAsync(database, "gb-partner");
        var uncooled = await uk.Service.MatchRequirementAsync("req-018", 1000, true, null, CancellationToken.None);
        Assert.NotNull(uncooled);
        Assert.DoesNotContain("tir-mito", Facilities(uncooled));
        await using var us = await AsAsync(database, "us-bizdev");
        var usView = await us.Service.MatchRequirementAsync("req-018", 1000, true, null, CancellationToken.None);
        Assert.Contains("tir-mito", Facilities(usView!));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task HiddenRequirementOrOrganization_ReadsAsMissing(string provider)
    {
        await using var database = await DemoAsync(provider);
        // jp-bizdev has no CUI access: req-001 (CUI//REL TO USA, JPN) is not theirs to see.
        await using var supplier = await AsAsync(database, "jp-bizdev");
        Assert.Null(await supplier.Service.MatchRequirementAsync("req-001", 10, false, null, CancellationToken.None));
        Assert.Null(await supplier.Service.MatchRequirementAsync("req-nope", 10, false, null, CancellationToken.None));
        Assert.NotNull(await supplier.Service.MatchRequirementAsync("req-009", 10, false, null, CancellationToken.None));

        // tsukuba-ir is REL TO USA, JPN: the UK reader gets nothing for it, the U.S. reader gets its opportunities.
        await using var uk = await AsAsync(database, "gb-partner");
        Assert.Null(await uk.Service.MatchSupplierAsync("tsukuba-ir", 10, null, CancellationToken.None));
        Assert.Null(await uk.Service.MatchSupplierAsync("no-such-org", 10, null, CancellationToken.None));
        await using var us = await AsAsync(database, "us-bizdev");
        var opportunities = await us.Service.MatchSupplierAsync("tsukuba-ir", 10, null, CancellationToken.None);
        Assert.NotNull(opportunities);
        Assert.Equal("tsukuba-ir", opportunities.OrganizationId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Reverse_OffersOnlyOpenRequirementsTheReaderMaySee(string provider)
    {
        await using var database = await DemoAsync(provider);
        Dictionary<string, Requirement> all;
        await using (var db = database.NewContext(AccessScope.System))
        {
            all = await db.Requirements.AsNoTracking().ToDictionaryAsync(r => r.Id, StringComparer.Ordinal);
        }
        // Northrop holds PROP.SRM (req-001 CUI//REL TO USA, JPN; req-029 CUI//FED ONLY) and unmarked codes.
        await RequireAsync(database);
        await using var operatorReader = await AsAsync(database, null);
        var everything = await operatorReader.Service.MatchSupplierAsync("northrop", 1000, null, CancellationToken.None);
        Assert.NotNull(everything);
        Assert.Contains(everything.Ranking.Results, m => m.RequirementId == "req-001");
        Assert.All(everything.Ranking.Results, m => Assert.Equal(RequirementStatus.Open, all[m.RequirementId].Status));

        await using var supplier = await AsAsync(database, "jp-bizdev");
        var limited = await supplier.Service.MatchSupplierAsync("northrop", 1000, null, CancellationToken.None);
        Assert.NotNull(limited);
        Assert.NotEmpty(limited.Ranking.Results);
        Assert.All(limited.Ranking.Results, m => Assert.True(all[m.RequirementId].Marking.IsUnmarked, $"{m.RequirementId} is marked"));
        Assert.DoesNotContain(limited.Ranking.Results, m => m.RequirementId is "req-001" or "req-029");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ScreeningHit_ExcludesTheSupplier_UntilAReviewClearsIt_AndTheIndexRebuilds(string provider)
    {
        await using var database = await DemoAsync(provider);
        var cache = new SupplierIndexCache(database.Clock);
        await using (var before = await AsAsync(database, null, cache))
        {
            var r = await before.Service.MatchRequirementAsync("req-023", 100, true, null, CancellationToken.None);
            Assert.Contains(r!.Ranking.Results, m => m.FacilityId == "mhi-oye");
        }
        Assert.Equal(1, cache.Builds);

        await using (var db = database.NewContext(AccessScope.System))
        {
            db.OrganizationScreenings.Add(new OrganizationScreening
            {
                OrganizationId = "mhi",
                ListVersionIds = "[\"v1\"]",
                Hits = ScreeningJson.Serialize(new List<StoredHit> { new("test-list", "E-1", "v1", 0.95, "Mitsubishi Heavy Industries") }),
                ScreenedAt = database.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        await using (var hit = await AsAsync(database, null, cache))
        {
            var r = await hit.Service.MatchRequirementAsync("req-023", 100, true, null, CancellationToken.None);
            Assert.DoesNotContain(r!.Ranking.Results, m => m.OrganizationId == "mhi");
            var excluded = Assert.Single(r.Ranking.Excluded, e => e.FacilityId == "mhi-oye");
            Assert.Contains(excluded.Reasons, x => x is { Code: "screening", Passed: false });
        }
        Assert.Equal(2, cache.Builds);

        await using (var db = database.NewContext(AccessScope.System))
        {
            db.ScreeningRecords.Add(new ScreeningRecord
            {
                Id = "SR-TEST-1",
                QueryName = "Mitsubishi Heavy Industries",
                QueryCountry = "JP",
                QueryIdentifiers = "[]",
                OrganizationId = "mhi",
                ListVersionIds = "[\"v1\"]",
                Decision = "match",
                BestEntityId = "E-1",
                BestListVersionId = "v1",
                BestScore = 0.95,
                Result = "{}",
                Thresholds = "{}",
                ScreenedAt = database.Clock.GetUtcNow(),
                ScreenedBy = "test",
                ReviewStatus = "reviewed",
                ReviewDecision = ScreeningRecord.FalsePositive,
                ReviewedBy = "test",
                ReviewedAt = database.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        await using (var cleared = await AsAsync(database, null, cache))
        {
            var r = await cleared.Service.MatchRequirementAsync("req-023", 100, true, null, CancellationToken.None);
            Assert.Contains(r!.Ranking.Results, m => m.FacilityId == "mhi-oye");
        }
        Assert.Equal(3, cache.Builds);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ranking_IsAudited_AndBadInputNamesTheField(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var reader = await AsAsync(database, "us-acq");
        var trail = new AuditTrail(new AuditLog(database.Clock, new AuditOptions
        {
            SigningKeyPath = Path.Combine(Path.GetTempPath(), "musubi-key-" + Guid.NewGuid().ToString("N") + ".pem"),
            CheckpointEvery = 0,
        }), "us-acq", null);

        Assert.NotNull(await reader.Service.MatchRequirementAsync("req-013", 5, false, MatchingQuestions.Weights("text=1,capability=1"), trail, CancellationToken.None));
        Assert.NotNull(await reader.Service.MatchSupplierAsync("melco", 5, null, trail, CancellationToken.None));
        await using (var db = database.NewContext(AccessScope.System))
        {
            var events = await db.AuditEvents.AsNoTracking().Where(e => e.Type == MatchingAuditTypes.Ranked).Select(e => e.Object).ToListAsync();
            Assert.Equal(2, events.Count);
            Assert.Contains("match/requirement/req-013", events);
            Assert.Contains("match/organization/melco", events);
        }

        var top = await Assert.ThrowsAsync<MatchingQuestionException>(() => reader.Service.MatchRequirementAsync("req-013", 0, false, null, CancellationToken.None));
        Assert.Equal("top", top.Field);
        top = await Assert.ThrowsAsync<MatchingQuestionException>(() => reader.Service.MatchSupplierAsync("melco", 1001, null, CancellationToken.None));
        Assert.Equal("top", top.Field);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Evaluation_ScoresBothSets_OnTheDemo(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var reader = await AsAsync(database, null);
        var labels = MatchingEvaluation.ReadLabels(Path.Combine(DatabaseSetup.DataDirectory, "demo", "matching", "labels.json"));

        var report = await new MatchingEvaluation(reader.Db, reader.Service).RunAsync(labels);

        Assert.Equal(labels.Cases.Count, report.HandLabelled.Cases);
        Assert.True(report.RuleLabelled.Cases >= 20, $"{report.RuleLabelled.Cases} rule-labelled cases");
        foreach (var set in new[] { report.RuleLabelled, report.HandLabelled })
        {
            Assert.InRange(set.RecallAt5, 0.0, 1.0);
            Assert.InRange(set.NdcgAt10, 0.0, 1.0);
            Assert.Equal(Math.Round(set.Items.Average(i => i.NdcgAt10), 3), set.NdcgAt10);
        }
        // req-001's rule-labelled relevant facilities: exact PROP.SRM or PROP.SRM.CASE holders of suppliers or primes in the US or Japan.
        var srm = Assert.Single(report.RuleLabelled.Items, i => i.RequirementId == "req-001");
        Assert.Equal(5, srm.Relevant);
        Assert.True(report.HandLabelled.NdcgAt10 > 0.5, $"hand-labelled nDCG@10 {report.HandLabelled.NdcgAt10}");
    }
}
