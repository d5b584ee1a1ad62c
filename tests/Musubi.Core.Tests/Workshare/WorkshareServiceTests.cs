using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Demo;
using Musubi.Core.Features.Workshare;
using Musubi.Engines.Optimization.Workshare;
using Musubi.Testing;

namespace Musubi.Core.Tests.Workshare;

/// <summary>
/// The workshare service over the demo registry on both providers: a program becomes a problem (partners, work
/// packages, the organizations whose facilities cover a needed capability, the planning file), the demo's GPI differs by
/// mode as worked out in data/demo/workshare/README.md, a reader without need-to-know for a program is told it is
/// unknown, saved runs are read by their creator only, and the ledger's figures and flags.
/// </summary>
[RunsLong(37)]
public sealed class WorkshareServiceTests
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    private static readonly AccessScope Planner = new() { PrincipalId = "planner", Nationality = "USA", CuiAccess = true };
    private static readonly AccessScope Other = new() { PrincipalId = "other", Nationality = "USA", CuiAccess = true };

    private static async Task<TestDatabase> DemoAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext(AccessScope.System);
        var report = await DemoData.LoadAsync(db, database.Clock);
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        return database;
    }

    private static AuditTrail Trail(TestDatabase database, string who) =>
        new(new AuditLog(database.Clock, new AuditOptions { SigningKeyPath = Path.Combine(Path.GetTempPath(), "musubi-key-" + Guid.NewGuid().ToString("N") + ".pem") }), who, null);

    private static WorkshareQuestion Gpi(WorkshareMode? mode = null) => new(ProgramId: "gpi", Mode: mode, TimeLimitSeconds: 20);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Prepare_DemoProgram_PartnersPackagesAndCoveringOrganizations(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var db = database.NewContext(AccessScope.System);

        var prepared = await new WorkshareService(db, database.Clock).PrepareAsync(Gpi());

        var p = prepared.Problem;
        Assert.Equal("gpi", p.Program);
        Assert.Equal([("US", 0.5), ("JP", 0.5)], p.Nations.Select(n => (n.Code, n.Share)));
        Assert.Equal(0.05, p.Tolerance);
        Assert.Equal(["gpi-wp-gnc", "gpi-wp-integ", "gpi-wp-kv", "gpi-wp-rm", "gpi-wp-seeker", "gpi-wp-tps"], p.WorkPackages.Select(w => w.Id));
        var rm = p.WorkPackages.Single(w => w.Id == "gpi-wp-rm");
        Assert.Equal(1_200_000_000, rm.Cost);
        Assert.Equal(["PROP.SRM"], rm.Capabilities);
        Assert.Equal("propulsion", rm.Subsystem);
        Assert.Equal(9, p.Interfaces.Count);
        var companies = p.Companies.ToDictionary(k => k.Id);
        // Taxonomy-aware: chita-composites holds only PROP.SRM.CASE, narrower than the PROP.SRM the motors need.
        Assert.Equal(["PROP.SRM.CASE"], companies["chita-composites"].Capabilities);
        // The planning file's teaming capabilities join the registry's; its capacity and factor are used.
        Assert.Contains("MSL.KV", companies["northrop"].Capabilities);
        Assert.Contains("PROP.DACS", companies["northrop"].Capabilities);
        Assert.Equal(3_500_000_000, companies["northrop"].Capacity);
        Assert.Equal(0.92, companies["ihi"].CostFactor);
        // A registry organization the plan does not name: unlimited, factor 1.
        Assert.Null(companies["seto-ceramics"].Capacity);
        Assert.Equal(1, companies["seto-ceramics"].CostFactor);
        // Only partner nations' organizations, and only those covering something asked.
        Assert.All(p.Companies, k => Assert.Contains(k.Nation, new[] { "US", "JP" }));
        Assert.DoesNotContain("kaga-circuits", companies.Keys);
        Assert.DoesNotContain("bae-systems", companies.Keys);
        Assert.NotNull(p.CapabilityParents);
        Assert.Equal(WorkshareMode.Integrated, prepared.Options.Mode);
        Assert.Equal(100_000_000, prepared.Options.Lambda);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Prepare_DemoPlanningFiles_ReleaseLimitsFromTheTransferRules(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var db = database.NewContext(AccessScope.System);
        var service = new WorkshareService(db, database.Clock);

        // GPI: both transfer cases are government-to-government joint development; each partner may receive the data
        // with approvals, dated the test clock's today.
        var gpi = await service.PrepareAsync(Gpi());
        Assert.Equal(["gpi-wp-seeker", "gpi-wp-tps"], gpi.Releases.Select(r => r.WorkPackage));
        Assert.All(gpi.Releases, r => Assert.Equal(new DateOnly(2026, 3, 15), r.Date));
        var seeker = gpi.Releases[0];
        Assert.Equal(("US", "origin"), (seeker.Nations[0].Nation, seeker.Nations[0].Verdict));
        Assert.Equal(("JP", "permitted_with_approval", true), (seeker.Nations[1].Nation, seeker.Nations[1].Verdict, seeker.Nations[1].Releasable));
        Assert.Equal(["US", "JP"], gpi.Problem.WorkPackages.Single(w => w.Id == "gpi-wp-seeker").ReleasableTo!);

        // SM-3 Block IIA: the rules would let Japan receive the kinetic warhead's data; the planning file's hand-set
        // releasableTo keeps it U.S.-only, and the answer shows both.
        var sm3 = await service.PrepareAsync(new WorkshareQuestion(ProgramId: "sm3-iia"));
        var kv = Assert.Single(sm3.Releases);
        Assert.Equal(["US"], kv.ByHand!);
        Assert.Equal(["US"], kv.ReleasableTo);
        Assert.True(kv.Nations.Single(n => n.Nation == "JP").Releasable);
        Assert.Equal(["US"], sm3.Problem.WorkPackages.Single(w => w.Id == "sm3-wp-kv").ReleasableTo!);

        // A saved run keeps the releases as they were derived.
        var answer = WorkshareService.Allocate(gpi);
        Assert.Equal(2, answer.Releases.Count);
        var run = await service.SaveAsync("with releases", answer, Trail(database, "planner"));
        var view = await service.GetRunAsync(run.Id);
        Assert.Equal(["gpi-wp-seeker", "gpi-wp-tps"], view!.Releases.Select(r => r.WorkPackage));
        Assert.Equal("permitted_with_approval", view.Releases[0].Nations[1].Verdict);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Compare_DemoGpi_TheModesDifferAsWorkedOut(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var db = database.NewContext(AccessScope.System);

        var answer = await new WorkshareService(db, database.Clock).CompareAsync(Gpi(), Trail(database, "system"));

        // Worked out by enumerating the 2,000-odd eligible assignments (data/demo/workshare/README.md): λ = $100M per
        // unit of interface weight, μ = 1, κ = 5% of $5.7B = $285M.
        // Compartmentalized: Japan gets propulsion (IHI) and fire control (MELCO, MHI) = $2.7B; cost $5,709M, deviation
        // 2 × $150M, no λ term: $6,009M. Integrated: the seeker to Tsukuba IR and the thermal protection to MHI, the
        // rest to Northrop: cost $5,589M, cross-border weight 5 ($500M), deviation 2 × $250M: $6,589M. Blend: the
        // compartments again (a split costs $285M): $5,709M + 8 × $100M + $300M = $6,809M.
        Assert.Equal([WorkshareMode.Compartmentalized, WorkshareMode.Integrated, WorkshareMode.Blend], answer.Results.Select(r => r.Mode));
        Assert.All(answer.Results, r => Assert.Equal("optimal", r.Status));
        var (c, i, b) = (answer.Results[0], answer.Results[1], answer.Results[2]);
        Assert.Equal(6_009e6, c.Objective!.Value, 0);
        Assert.Equal(6_589e6, i.Objective!.Value, 0);
        Assert.Equal(6_809e6, b.Objective!.Value, 0);
        Assert.Equal(5_709e6, c.Cost!.Value, 0);
        Assert.Equal(5_589e6, i.Cost!.Value, 0);
        Assert.Equal(8, c.CrossBorderInterfaceWeight!.Value, 6);
        Assert.Equal(5, i.CrossBorderInterfaceWeight!.Value, 6);
        Assert.Empty(c.SplitSubsystems);
        Assert.Equal("tsukuba-ir", i.Allocation.Single(a => a.WorkPackage == "gpi-wp-seeker").Company);
        Assert.Equal("mhi", i.Allocation.Single(a => a.WorkPackage == "gpi-wp-tps").Company);
        Assert.Equal("melco", c.Allocation.Single(a => a.WorkPackage == "gpi-wp-gnc").Company);
        Assert.Equal(c.Allocation.Select(a => a.Company), b.Allocation.Select(a => a.Company));
        Assert.Equal(0.5, c.Shares.Single(s => s.Nation == "JP").Target, 9);
        Assert.Equal(2.7 / 5.7, c.Shares.Single(s => s.Nation == "JP").Actual, 9);
        Assert.True(answer.Compared);
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Type == WorkshareAuditTypes.Allocated));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Allocate_DemoSm3_JapansCompartmentsWorkedOutByHand(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var db = database.NewContext(AccessScope.System);

        var answer = await new WorkshareService(db, database.Clock).AllocateAsync(new WorkshareQuestion(ProgramId: "sm3-iia", TimeLimitSeconds: 20), Trail(database, "system"));

        // The planning file: compartmentalized, the kinetic warhead ($1.1B) releasable to the U.S. only (RTX alone can
        // take it), integration ($600M) fixed to RTX; Japan needs at least 38% of $2.8B = $1,064M, which only the
        // nosecone ($300M) and the motors ($800M) together give: both to MHI (factor 0.97, capacity $1.5B).
        // Cost 0.97 × 1,100 + 1,100 + 600 = $2,767M; deviation |1,100 − 1,400| × 2 = $600M: objective $3,367M.
        var r = answer.Result;
        Assert.Equal(WorkshareMode.Compartmentalized, r.Mode);
        Assert.Equal("optimal", r.Status);
        Assert.Equal([("sm3-wp-integ", "rtx"), ("sm3-wp-kv", "rtx"), ("sm3-wp-motors", "mhi"), ("sm3-wp-nose", "mhi")],
            r.Allocation.Select(a => (a.WorkPackage, a.Company)).OrderBy(a => a.WorkPackage, StringComparer.Ordinal));
        Assert.Equal(2_767e6, r.Cost!.Value, 0);
        Assert.Equal(3_367e6, r.Objective!.Value, 0);
        Assert.Equal(1.1 / 2.8, r.Shares.Single(x => x.Nation == "JP").Actual, 9);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Allocate_DemoGcap_ExplainedInfeasibleNotAnError(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var db = database.NewContext(AccessScope.System);

        var answer = await new WorkshareService(db, database.Clock).AllocateAsync(new WorkshareQuestion(ProgramId: "gcap", TimeLimitSeconds: 20), Trail(database, "system"));

        Assert.Equal("infeasible", answer.Result.Status);
        Assert.NotEmpty(answer.Result.Conflicts);
        Assert.Empty(answer.Result.Allocation);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Access_ReaderWithoutNeedToKnow_ProgramIsUnknownEverywhere(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using (var system = database.NewContext(AccessScope.System))
        {
            var gpi = await system.Programs.FirstAsync(p => p.Id == "gpi");
            gpi.Marking = new Marking { NeedToKnow = "gpi" };
            await system.SaveChangesAsync();
            await new WorkshareService(system, database.Clock).AddContractAsync(new WorkshareContractInput("gpi", "US", 1e6, "2025-01-01"), Trail(database, "system"));
        }
        var insider = Planner with { Programs = ["gpi"] };
        await using var outsideDb = database.NewContext(Planner);
        var outside = new WorkshareService(outsideDb, database.Clock);
        await using var insideDb = database.NewContext(insider);
        var inside = new WorkshareService(insideDb, database.Clock);

        var allocate = await Assert.ThrowsAsync<WorkshareNotFoundException>(() => outside.AllocateAsync(Gpi(), Trail(database, "planner")));
        Assert.Equal("unknown program 'gpi'", allocate.Message);
        await Assert.ThrowsAsync<WorkshareNotFoundException>(() => outside.LedgerAsync("gpi"));
        await Assert.ThrowsAsync<WorkshareNotFoundException>(() => outside.AddContractAsync(new WorkshareContractInput("gpi", "US", 1e6, "2025-01-01"), Trail(database, "planner")));
        Assert.DoesNotContain((await outside.LedgerAsync()).Programs, p => p.ProgramId == "gpi");
        // The same reader with need-to-know sees the program, its contract and its ledger.
        var ledger = await inside.LedgerAsync("gpi");
        Assert.Equal(1e6, Assert.Single(ledger.Programs).Total);
        Assert.Contains((await inside.LedgerAsync()).Programs, p => p.ProgramId == "gpi");
        Assert.Equal(6, (await inside.PrepareAsync(Gpi())).Problem.WorkPackages.Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Prepare_MarkedOrganization_LeftOutForAReaderWhoMayNotSeeIt(string provider)
    {
        await using var database = await DemoAsync(provider);
        // tsukuba-ir is CUI//REL TO USA, JPN: a reader without CUI access does not see it, nor its capabilities.
        await using var db = database.NewContext(new AccessScope { PrincipalId = "uncleared", Nationality = "USA" });

        var prepared = await new WorkshareService(db, database.Clock).PrepareAsync(Gpi());
        var problem = prepared.Problem;

        // The demo planning file names it; it is left out with the words an organization that does not exist gets.
        Assert.DoesNotContain(problem.Companies, k => k.Id == "tsukuba-ir");
        Assert.Equal(["the planning file's organization 'tsukuba-ir' is not in the registry as you may see it; left out"], prepared.Notes);
        Assert.Contains(problem.Companies, k => k.Id == "rtx");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Plan_NamingAnOrganizationOutsideThePartnersOrAnUnknownPackage_IsAnErrorAtItsLine(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var db = database.NewContext(AccessScope.System);
        var plan = "{\n  \"workPackages\": [ { \"id\": \"gpi-wp-nope\" } ],\n  \"companies\": [\n    { \"id\": \"bae-systems\" },\n    { \"id\": \"no-such-org\" }\n  ]\n}";

        var ex = await Assert.ThrowsAsync<WorkshareInputException>(() => new WorkshareService(db, database.Clock).PrepareAsync(new WorkshareQuestion(ProgramId: "gpi", PlanJson: plan)));

        var byField = ex.Errors.ToDictionary(e => e.Field);
        Assert.Equal(2, byField.Count);
        Assert.Contains("not a work package of program 'gpi'", byField["workPackages[0].id"].Message, StringComparison.Ordinal);
        Assert.Equal(2L, byField["workPackages[0].id"].Line);
        Assert.Contains("is in GB, not a partner nation", byField["companies[0].id"].Message, StringComparison.Ordinal);
        Assert.Equal((4L, 7L), (byField["companies[0].id"].Line, byField["companies[0].id"].Column));
        Assert.All(ex.Errors, e => Assert.Equal("plan", e.Source));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Runs_SavedAllocation_ReadByItsCreatorOnly(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var plannerDb = database.NewContext(Planner);
        var planner = new WorkshareService(plannerDb, database.Clock);
        var answer = await planner.AllocateAsync(Gpi(WorkshareMode.Compartmentalized), Trail(database, "planner"));

        var saved = await planner.SaveAsync("GPI compartments", answer, Trail(database, "planner"));

        Assert.StartsWith("WS-20260315-", saved.Id, StringComparison.Ordinal);
        Assert.Equal(["compartmentalized"], saved.Modes);
        Assert.Equal("planner", saved.CreatedBy);
        var mine = Assert.Single(await planner.ListRunsAsync());
        Assert.Equal(saved.Id, mine.Id);
        var view = await planner.GetRunAsync(saved.Id);
        Assert.NotNull(view);
        Assert.Equal("gpi", view.Problem.Program);
        Assert.Equal(WorkshareMode.Compartmentalized, view.Options.Mode);
        Assert.Equal(answer.Result.Objective, Assert.Single(view.Results).Objective);
        Assert.Equal(answer.Result.Allocation, view.Results[0].Allocation);

        await using var otherDb = database.NewContext(Other);
        var other = new WorkshareService(otherDb, database.Clock);
        Assert.Empty(await other.ListRunsAsync());
        Assert.Null(await other.GetRunAsync(saved.Id));
        await using var systemDb = database.NewContext(AccessScope.System);
        Assert.Single(await new WorkshareService(systemDb, database.Clock).ListRunsAsync());
        Assert.Equal(1, await systemDb.AuditEvents.CountAsync(e => e.Type == WorkshareAuditTypes.Saved));

        // The ledger reads the creator's latest saved allocation when the program has no contracts.
        var ledger = Assert.Single((await planner.LedgerAsync("gpi")).Programs);
        Assert.Equal("allocation", ledger.Basis);
        Assert.Equal(saved.Id, ledger.RunId);
        Assert.Equal(5.7e9, ledger.Total, 0);
        Assert.Equal(2.7e9, ledger.Nations.Single(n => n.Nation == "JP").Work, 0);
        Assert.Equal("none", Assert.Single((await other.LedgerAsync("gpi")).Programs).Basis);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ledger_Contracts_WorkShareAgainstCostSharePerProgramAndGlobally(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var db = database.NewContext(Planner);
        var service = new WorkshareService(db, database.Clock);
        var trail = Trail(database, "planner");
        // GPI (50/50, tolerance 5 points): US 700, JP 300 → 70% / 30%, both 20 points off: flagged.
        await service.AddContractAsync(new WorkshareContractInput("gpi", "US", 400e6, "2025-01-10", "northrop", "GPI-0001"), trail);
        await service.AddContractAsync(new WorkshareContractInput("gpi", "JP", 300e6, "2025-03-01", "mhi"), trail);
        await service.AddContractAsync(new WorkshareContractInput("gpi", "us", 300e6, "2025-06-30"), trail);
        // SM-3 Block IIA (50/50, tolerance 12 points from its planning file): US 200, JP 300 → 40% / 60%: within.
        await service.AddContractAsync(new WorkshareContractInput("sm3-iia", "US", 200e6, "2024-05-01"), trail);
        await service.AddContractAsync(new WorkshareContractInput("sm3-iia", "JP", 300e6, "2024-05-01"), trail);

        var ledger = await service.LedgerAsync();

        Assert.Equal(["gpi", "sm3-iia"], ledger.Programs.Select(p => p.ProgramId));
        var gpi = ledger.Programs[0];
        Assert.Equal("contracts", gpi.Basis);
        Assert.Equal(1e9, gpi.Total, 0);
        Assert.Equal(0.05, gpi.Tolerance);
        var us = gpi.Nations.Single(n => n.Nation == "US");
        Assert.Equal((0.5, 700e6, 0.7, 0.2, true), (us.CostShare, us.Work, Math.Round(us.WorkShare, 9), Math.Round(us.Deviation, 9), us.Flagged));
        Assert.True(gpi.Nations.Single(n => n.Nation == "JP").Flagged);
        Assert.Equal(3, gpi.Contracts.Count);
        Assert.Equal("northrop", gpi.Contracts[0].CompanyId);
        // Over time: after 10 January the U.S. has all of it; after 1 March 400/700; after 30 June 700/1000.
        Assert.Equal([1.0, 400.0 / 700, 0.7], gpi.Timeline.Where(t => t.Nation == "US").Select(t => Math.Round(t.WorkShare, 9)), new RoundedComparer());
        var sm3 = ledger.Programs[1];
        Assert.Equal(0.12, sm3.Tolerance);
        Assert.All(sm3.Nations, n => Assert.False(n.Flagged));
        // Globally: US 900 of 1,500 work = 60% against funding 500 + 250 = 750 of 1,500 = 50%: 10 points, flagged.
        var globalUs = ledger.Global.Single(n => n.Nation == "US");
        Assert.Equal(0.6, globalUs.WorkShare, 9);
        Assert.Equal(0.5, globalUs.CostShare, 9);
        Assert.Equal(750e6, globalUs.Funding, 0);
        Assert.True(globalUs.Flagged);
        Assert.Equal(5, await db.AuditEvents.CountAsync(e => e.Type == WorkshareAuditTypes.ContractAdded));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ledger_SumsTheContractsAsTheDecimalsWritten(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var db = database.NewContext(Planner);
        var service = new WorkshareService(db, database.Clock);
        var trail = Trail(database, "planner");
        // In doubles 0.1 + 0.2 is 0.30000000000000004: the ledger shows the U.S. work as $0.3 and the total as $1.
        await service.AddContractAsync(new WorkshareContractInput("gpi", "US", 0.1, "2025-01-10"), trail);
        await service.AddContractAsync(new WorkshareContractInput("gpi", "US", 0.2, "2025-01-11"), trail);
        await service.AddContractAsync(new WorkshareContractInput("gpi", "JP", 0.7, "2025-01-12"), trail);

        var gpi = Assert.Single((await service.LedgerAsync("gpi")).Programs);

        Assert.Equal(0.3, gpi.Nations.Single(n => n.Nation == "US").Work);
        Assert.Equal(1.0, gpi.Total);
        Assert.Equal(0.3, gpi.Timeline.Last(t => t.Nation == "US").CumulativeWork);
        Assert.Equal(-0.2, gpi.Nations.Single(n => n.Nation == "US").Deviation);
        Assert.Equal(0.5, gpi.Nations.Single(n => n.Nation == "JP").Funding);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Prepare_GlobalPolicy_TheLedgersOtherProgramsAreTheHistory(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var db = database.NewContext(AccessScope.System);
        var service = new WorkshareService(db, database.Clock);
        var trail = Trail(database, "system");
        await service.AddContractAsync(new WorkshareContractInput("gpi", "US", 700e6, "2024-01-10"), trail);
        await service.AddContractAsync(new WorkshareContractInput("gpi", "JP", 300e6, "2024-02-10"), trail);
        // GCAP's partners are JP, GB, IT: only the other program's nations that are GCAP partners count (JP here).
        var plan = """{ "policy": "global", "tolerance": 0.2, "history": [ { "nation": "GB", "work": 5, "funding": 7 } ] }""";

        var problem = (await service.PrepareAsync(new WorkshareQuestion(ProgramId: "gcap", PlanJson: plan))).Problem;

        Assert.Equal(WorksharePolicy.Global, problem.Policy);
        // The planning file's own history first, then the ledger's: GPI's Japan did $300M against $500M funding (half of $1B).
        Assert.Equal([("GB", 5.0, 7.0, (string?)null), ("JP", 300e6, 500e6, "gpi")], problem.History!.Select(h => (h.Nation, h.Work, h.Funding, h.Program)));
        Assert.Equal(2024, problem.History![1].Year);
        // The GPI program itself with policy global reads no history of its own.
        var gpi = (await service.PrepareAsync(new WorkshareQuestion(ProgramId: "gpi", PlanJson: """{ "policy": "global" }"""))).Problem;
        Assert.Empty(gpi.History!);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Contract_BadFields_EachNamedAndNothingSaved(string provider)
    {
        await using var database = await DemoAsync(provider);
        await using var db = database.NewContext(AccessScope.System);
        var service = new WorkshareService(db, database.Clock);

        var ex = await Assert.ThrowsAsync<WorkshareInputException>(() => service.AddContractAsync(
            new WorkshareContractInput("gpi", "FR", 0, "2025-13-01", "mhi", "two\nlines"), Trail(database, "system")));
        var company = await Assert.ThrowsAsync<WorkshareInputException>(() => service.AddContractAsync(
            new WorkshareContractInput("gpi", "US", 5, "2025-01-01", "mhi"), Trail(database, "system")));
        var unknown = await Assert.ThrowsAsync<WorkshareInputException>(() => service.AddContractAsync(
            new WorkshareContractInput("gpi", "US", 5, "2025-01-01", "nobody"), Trail(database, "system")));
        var missing = await Assert.ThrowsAsync<WorkshareInputException>(() => service.AddContractAsync(
            new WorkshareContractInput("gpi", null, null, null), Trail(database, "system")));

        Assert.Equal(["companyId", "date", "nation", "reference", "valueUsd"], ex.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Equal("organization 'mhi' is in JP, not FR", ex.Errors.Single(e => e.Field == "companyId").Message);
        Assert.Equal("organization 'mhi' is in JP, not US", Assert.Single(company.Errors).Message);
        Assert.Equal("unknown organization 'nobody'", Assert.Single(unknown.Errors).Message);
        Assert.Equal(["date", "nation", "valueUsd"], missing.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Equal(0, await db.WorkshareContracts.CountAsync());
        await Assert.ThrowsAsync<WorkshareNotFoundException>(() => service.AddContractAsync(new WorkshareContractInput("no-such", "US", 5, "2025-01-01"), Trail(database, "system")));
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }
}
