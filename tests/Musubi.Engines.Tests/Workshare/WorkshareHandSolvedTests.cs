using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Engines.Tests.Workshare;

/// <summary>
/// Small programs whose optimal allocations are worked out by hand from docs/engines/workshare.md ("Model"), each
/// derivation above its test. Costs are small (the program total ≤ $10⁹, so r = 1 USD and every bound is exact) unless a
/// test says otherwise. The objective is Σ cost·factor + λ·(cross-border interface weight) + μ·Σ_n |W_n − T_n|
/// (+ κ·extra nations per subsystem in blend), in USD; single-worker solves so the tests are quick on a shared machine.
/// </summary>
[Collection(HighsCollection.Name), HighsTurn]
public sealed class WorkshareHandSolvedTests
{
    private const double Tolerance = 1e-6;

    internal static WorkshareOptions Options(WorkshareMode mode = WorkshareMode.Integrated, double? lambda = null, double? mu = null, double? kappa = null) =>
        new(mode, lambda, mu, kappa, TimeLimitSeconds: 20, Workers: 1);

    internal static WorkshareProblem Program(
        (string Code, double Share)[] nations,
        double tolerance,
        WorkshareWorkPackage[] packages,
        WorkshareCompany[] companies,
        WorkshareInterface[]? interfaces = null,
        WorksharePolicy policy = WorksharePolicy.Program,
        WorkshareHistory[]? history = null) =>
        new("test", [.. nations.Select(n => new WorkshareNation(n.Code, n.Share))], tolerance, packages, companies, interfaces ?? [], policy, history);

    internal static WorkshareWorkPackage Wp(string id, double cost, string capability = "C", string? subsystem = null, string[]? releasableTo = null, string? fixedCompany = null) =>
        new(id, id, cost, [capability], subsystem, releasableTo, fixedCompany);

    internal static WorkshareCompany Co(string id, string nation, double factor = 1, double? capacity = null, params string[] capabilities) =>
        new(id, id, nation, capabilities.Length == 0 ? ["C"] : capabilities, capacity, factor);

    private static string CompanyOf(WorkshareResult r, string package) => r.Allocation.Single(a => a.WorkPackage == package).Company;

    private static void AssertOptimal(WorkshareResult r, double objective, double cost)
    {
        Assert.Equal("optimal", r.Status);
        Assert.True(Math.Abs(r.Objective!.Value - objective) <= Tolerance * Math.Max(1, objective), $"objective {r.Objective} ≠ {objective}");
        Assert.True(Math.Abs(r.Cost!.Value - cost) <= Tolerance * Math.Max(1, cost), $"cost {r.Cost} ≠ {cost}");
        Assert.Equal(0, r.Solve.Gap!.Value, 9);
        Assert.Empty(r.Conflicts);
    }

    // 1. Per-program balance forces a dearer company.
    // US 0.5, JP 0.5, tolerance 0.2. A $100, B $60 (C = 160). us1 (US, factor 1), jp1 (JP, factor 1.2); μ = 1.
    // Band per nation: [⌈0.3·160⌉, ⌊0.7·160⌋] = [48, 112]; target T = 80 each. Both to us1 (160) breaks the band, so
    // one package goes to JP:
    //   A→us1, B→jp1: cost 100 + 72 = 172, deviation |100−80| + |60−80| = 40 → 212;
    //   B→us1, A→jp1: cost 60 + 120 = 180, deviation 40 → 220.
    // Optimum 212, cost 172; shares US 100/160 = 0.625, JP 0.375.
    [Fact]
    public void Per_program_balance_sends_a_package_to_the_dearer_partner()
    {
        var p = Program([("US", 0.5), ("JP", 0.5)], 0.2, [Wp("A", 100), Wp("B", 60)], [Co("us1", "US"), Co("jp1", "JP", 1.2)]);
        var r = WorkshareAllocator.Allocate(p, Options());
        AssertOptimal(r, 212, 172);
        Assert.Equal("us1", CompanyOf(r, "A"));
        Assert.Equal("jp1", CompanyOf(r, "B"));
        var us = r.Shares.Single(s => s.Nation == "US");
        Assert.Equal(0.625, us.Actual, 12);
        Assert.Equal(0.5, us.Target, 12);
        Assert.Equal(0.3, us.Lower, 12);
        Assert.Equal(0.7, us.Upper, 12);
        Assert.Equal(100, us.Work, 12);
        Assert.Equal(1, r.Shares.Sum(s => s.Actual), 12);
        Assert.Equal(1.6, r.Lambda, 12); // default λ = 1% of C
        Assert.Equal(1, r.Mu, 12);
        Assert.Equal(8, r.Kappa, 12); // default κ = 5% of C
    }

    // Costs and work in the answer are the decimals the user wrote, multiplied and summed: $200 at factor 1.1 is $220 and
    // $0.1 + $0.2 of US work is $0.3 (in doubles, 220.00000000000003 and 0.30000000000000004). Both to us1 (factor 1.1),
    // with a tolerance that allows it: cost 220 + 0.11 + 0.22 = 220.33.
    [Fact]
    public void Costs_and_work_are_the_decimals_written_not_their_binary_products()
    {
        var p = Program([("US", 0.5), ("JP", 0.5)], 0.5, [Wp("A", 200), Wp("B", 0.1), Wp("C", 0.2)], [Co("us1", "US", 1.1), Co("jp1", "JP", 3)]);
        var r = WorkshareAllocator.Allocate(p, Options());
        Assert.All(r.Allocation, a => Assert.Equal("us1", a.Company));
        Assert.Equal(220.0, r.Allocation.Single(a => a.WorkPackage == "A").Cost);
        Assert.Equal(0.11, r.Allocation.Single(a => a.WorkPackage == "B").Cost);
        Assert.Equal(0.22, r.Allocation.Single(a => a.WorkPackage == "C").Cost);
        Assert.Equal(220.33, r.Cost);
        Assert.Equal(200.3, r.Shares.Single(s => s.Nation == "US").Work);
        Assert.Equal(0.1, r.Allocation.Single(a => a.WorkPackage == "B").Value);
    }

    // The band in the answer is exact in decimal terms: 0.4 − 0.1 is 0.3, not 0.30000000000000004, so an actual share
    // of exactly 0.3 does not read as outside it.
    [Fact]
    public void Share_band_reads_as_the_decimal_the_user_wrote()
    {
        var p = Program([("US", 0.6), ("JP", 0.4)], 0.1, [Wp("A", 700), Wp("B", 300)], [Co("us1", "US"), Co("jp1", "JP", 2)]);
        var r = WorkshareAllocator.Allocate(p, Options());
        var jp = r.Shares.Single(s => s.Nation == "JP");
        Assert.Equal(0.3, jp.Lower);
        Assert.Equal(0.5, jp.Upper);
        Assert.Equal(0.3, jp.Actual, 12);
        var us = r.Shares.Single(s => s.Nation == "US");
        Assert.Equal(0.5, us.Lower);
        Assert.Equal(0.7, us.Upper);
    }

    // 2. Release limit. US 0.5, JP 0.5, tolerance 0.5 (band [0, C]: no balance limit); μ = 0.
    // A $100 releasable to US only; us1 (US, factor 1.5), jp1 (JP, factor 1). Without the limit jp1 (100); with it
    // only us1 is eligible: objective = cost = 150.
    [Fact]
    public void A_release_limit_keeps_a_package_in_its_releasable_nation()
    {
        var p = Program([("US", 0.5), ("JP", 0.5)], 0.5, [Wp("A", 100, releasableTo: ["US"])], [Co("us1", "US", 1.5), Co("jp1", "JP")]);
        var r = WorkshareAllocator.Allocate(p, Options(mu: 0));
        AssertOptimal(r, 150, 150);
        Assert.Equal("us1", CompanyOf(r, "A"));
        var free = WorkshareAllocator.Allocate(p with { WorkPackages = [Wp("A", 100)] }, Options(mu: 0));
        AssertOptimal(free, 100, 100);
        Assert.Equal("jp1", CompanyOf(free, "A"));
    }

    // 3. Capacity. One nation (US 1.0, tolerance 0: W = C = 180 = T, no deviation). A $100, B $80.
    // cheap (factor 1, capacity $150) can take one of them; dear (factor 1.1, unlimited) the other:
    //   A→cheap, B→dear: 100 + 88 = 188;  B→cheap, A→dear: 80 + 110 = 190.  Optimum 188.
    [Fact]
    public void Capacity_limits_the_cheap_company_to_the_larger_package()
    {
        var p = Program([("US", 1)], 0, [Wp("A", 100), Wp("B", 80)], [Co("cheap", "US", 1, 150), Co("dear", "US", 1.1)]);
        var r = WorkshareAllocator.Allocate(p, Options());
        AssertOptimal(r, 188, 188);
        Assert.Equal("cheap", CompanyOf(r, "A"));
        Assert.Equal("dear", CompanyOf(r, "B"));
    }

    // 4. and 5. Compartmentalized, integrated and blend. US 0.5, JP 0.5, tolerance 0.5 (no balance limit); μ = 0;
    // λ = $10 per unit of weight. Subsystem "kv": A $100 (capability CA), B $100 (capability CB); interface A–B weight 1.
    // us-a (US, CA, 1.0), us-b (US, CB, 1.3), jp-b (JP, CB, 1.0), jp-a (JP, CA, 1.4).
    //   integrated: A→us-a, B→jp-b: 200 + λ·1 = 210 (split, one border); both in US 230; both in JP 240. Optimum 210.
    //   compartmentalized: one nation for kv, λ term absent: US 100 + 130 = 230 < JP 140 + 100 = 240. Optimum 230.
    //   blend, κ = 50: split 200 + 10 + 50 = 260 > 230 → both in US, 230.  κ = 5: 200 + 10 + 5 = 215 < 230 → split, 215.
    private static WorkshareProblem KillVehicle() => Program(
        [("US", 0.5), ("JP", 0.5)], 0.5,
        [Wp("A", 100, "CA", "kv"), Wp("B", 100, "CB", "kv")],
        [Co("us-a", "US", 1.0, null, "CA"), Co("us-b", "US", 1.3, null, "CB"), Co("jp-b", "JP", 1.0, null, "CB"), Co("jp-a", "JP", 1.4, null, "CA")],
        [new WorkshareInterface("A", "B", 1)]);

    [Fact]
    public void Compartmentalized_and_integrated_modes_allocate_differently()
    {
        var integrated = WorkshareAllocator.Allocate(KillVehicle(), Options(WorkshareMode.Integrated, lambda: 10, mu: 0));
        AssertOptimal(integrated, 210, 200);
        Assert.Equal("us-a", CompanyOf(integrated, "A"));
        Assert.Equal("jp-b", CompanyOf(integrated, "B"));
        Assert.Equal(1, integrated.CrossBorderInterfaceWeight!.Value, 12);
        Assert.Equal(["kv"], integrated.SplitSubsystems);

        var compartmentalized = WorkshareAllocator.Allocate(KillVehicle(), Options(WorkshareMode.Compartmentalized, lambda: 10, mu: 0));
        AssertOptimal(compartmentalized, 230, 230);
        Assert.Equal("us-a", CompanyOf(compartmentalized, "A"));
        Assert.Equal("us-b", CompanyOf(compartmentalized, "B"));
        Assert.Equal(0, compartmentalized.CrossBorderInterfaceWeight!.Value, 12);
        Assert.Empty(compartmentalized.SplitSubsystems);

        var all = WorkshareAllocator.Compare(KillVehicle(), Options(lambda: 10, mu: 0, kappa: 50));
        Assert.Equal([WorkshareMode.Compartmentalized, WorkshareMode.Integrated, WorkshareMode.Blend], all.Select(r => r.Mode));
        Assert.Equal([230.0, 210.0, 230.0], all.Select(r => Math.Round(r.Objective!.Value, 6)));
    }

    [Fact]
    public void Blends_kappa_decides_whether_a_subsystem_is_split()
    {
        var dear = WorkshareAllocator.Allocate(KillVehicle(), Options(WorkshareMode.Blend, lambda: 10, mu: 0, kappa: 50));
        AssertOptimal(dear, 230, 230);
        Assert.Empty(dear.SplitSubsystems);
        Assert.Equal(50, dear.Kappa, 12);

        var cheap = WorkshareAllocator.Allocate(KillVehicle(), Options(WorkshareMode.Blend, lambda: 10, mu: 0, kappa: 5));
        AssertOptimal(cheap, 215, 200);
        Assert.Equal(["kv"], cheap.SplitSubsystems);
        Assert.Equal("jp-b", CompanyOf(cheap, "B"));
    }

    // 6. Global balance with history. US 0.5, JP 0.5, tolerance 0.05; μ = 1. History: US did $1,000 of work and paid
    // $500; JP did none and paid $500. This program: A $500, B $500 (C = 1000); us1 (US, 1.0), jp1 (JP, 1.2).
    //   σ_US = (500 + 0.5·1000) / (1000 + 1000) = 0.5 = σ_JP; all work Ĥ + Ĉ = 2000.
    //   US: ⌈0.45·2000⌉ − 1000 = −100 ≤ W_US ≤ ⌊0.55·2000⌋ − 1000 = 100 → W_US = 0 (each package is 500).
    //   JP: 900 − 0 ≤ W_JP ≤ 1100 → both packages to jp1: cost 1200; targets T_US = 1000 − 1000 = 0, T_JP = 1000 − 0 =
    //   1000, deviation 0 → objective 1200. Actual shares of all work: US (1000 + 0)/2000 = 0.5, JP 0.5.
    // Under policy program the band is [450, 550] each: one package each, cost 500 + 600 = 1100, deviation 0 → 1100.
    [Fact]
    public void Global_balance_with_history_gives_this_programs_work_to_the_partner_behind()
    {
        var packages = new[] { Wp("A", 500), Wp("B", 500) };
        var companies = new[] { Co("us1", "US"), Co("jp1", "JP", 1.2) };
        var global = Program([("US", 0.5), ("JP", 0.5)], 0.05, packages, companies, policy: WorksharePolicy.Global,
            history: [new WorkshareHistory("US", 1000, 500, "sm3", 2017), new WorkshareHistory("JP", 0, 500, "sm3", 2017)]);
        var r = WorkshareAllocator.Allocate(global, Options());
        AssertOptimal(r, 1200, 1200);
        Assert.All(r.Allocation, a => Assert.Equal("jp1", a.Company));
        Assert.All(r.Shares, s => Assert.Equal(0.5, s.Actual, 12));
        Assert.Equal(1000, r.Shares.Single(s => s.Nation == "JP").Work, 12);

        var program = WorkshareAllocator.Allocate(Program([("US", 0.5), ("JP", 0.5)], 0.05, packages, companies), Options());
        AssertOptimal(program, 1100, 1100);
        Assert.Equal(2, program.Allocation.Select(a => a.Company).Distinct().Count());
    }

    // 7. The issue's example: no allocation, and why. US 0.5, JP 0.25, AU 0.25, tolerance 0.05; C = $1,200,000,000
    // (so r = 10 USD). Seeker $120M, Divert $300M and Booster $300M are releasable to US only; four $120M packages go
    // anywhere; rtx (US), mhi (JP) and asc (AU) can do everything.
    //   US ceiling 55% = $660M, but the US-only packages come to $720M: infeasible.
    //   Without the US ceiling: US 720, JP 240 (two small ones), AU 240 — inside JP's and AU's bands [20%, 30%] =
    //   [$240M, $360M]. Without Seeker's release limit: US 600 (Divert, Booster), JP 240, AU 360. Without Divert's (or
    //   Booster's): US 420 + 120 = 540, JP 360, AU 300. So every infeasible set of limits holds these four, and they
    //   alone are infeasible: the unique minimal conflict is {release:Seeker, release:Divert, release:Booster,
    //   share_ceiling:US}.
    internal static WorkshareProblem SeekerProgram() => Program(
        [("US", 0.5), ("JP", 0.25), ("AU", 0.25)], 0.05,
        [
            new("wp-seeker", "Seeker", 120e6, ["C"], "kv", ["US"]),
            new("wp-divert", "Divert", 300e6, ["C"], "kv", ["US"]),
            new("wp-booster", "Booster", 300e6, ["C"], "booster", ["US"]),
            Wp("wp-1", 120e6), Wp("wp-2", 120e6), Wp("wp-3", 120e6), Wp("wp-4", 120e6),
        ],
        [Co("rtx", "US"), Co("mhi", "JP"), Co("asc", "AU")]);

    [Fact]
    public void The_issues_seeker_case_is_explained_by_exactly_its_release_limits_and_the_US_ceiling()
    {
        var r = WorkshareAllocator.Allocate(SeekerProgram(), Options());
        Assert.Equal("infeasible", r.Status);
        Assert.Null(r.Objective);
        Assert.Empty(r.Allocation);
        Assert.True(r.ConflictsMinimal);
        Assert.Equal(
            ["release:wp-booster", "release:wp-divert", "release:wp-seeker", "share_ceiling:US"],
            r.Conflicts.Select(c => $"{c.Kind}:{c.Subject}").Order(StringComparer.Ordinal));
        var seeker = r.Conflicts.Single(c => c.Subject == "wp-seeker");
        Assert.StartsWith("work package 'Seeker' ($120,000,000) may go only to companies of US", seeker.Message, StringComparison.Ordinal);
        Assert.Equal("120000000", seeker.Values["cost"]);
        Assert.Equal("US", seeker.Values["nations"]);
        var ceiling = r.Conflicts.Single(c => c.Kind == "share_ceiling");
        Assert.Equal("US's share of the work may be at most 55% ($660,000,000), but the packages only US companies can take come to $720,000,000: 'Divert' ($300,000,000), 'Booster' ($300,000,000), 'Seeker' ($120,000,000)", ceiling.Message);
        Assert.Equal("55", ceiling.Values["ceilingPercent"]);
        Assert.Equal("660000000", ceiling.Values["ceilingUsd"]);
        Assert.Equal("720000000", ceiling.Values["forcedUsd"]);
    }

    // 8. A package no company can take is answered without a solve: X needs capability Z (nobody has it); Y is
    // releasable to JP only but only a US company can do it; W is fixed to jp1, which lacks its capability D.
    [Fact]
    public void Packages_without_a_candidate_are_reported_as_no_candidate_conflicts()
    {
        var p = Program([("US", 0.5), ("JP", 0.5)], 0.5,
            [Wp("X", 10, "Z"), Wp("Y", 10, "D", releasableTo: ["JP"]), Wp("W", 10, "D", fixedCompany: "jp1"), Wp("V", 10)],
            [Co("us1", "US", 1, null, "C", "D"), Co("jp1", "JP", 1, null, "C")]);
        var r = WorkshareAllocator.Allocate(p, Options());
        Assert.Equal("infeasible", r.Status);
        Assert.Equal(0, r.Solve.Variables);
        Assert.Equal(["W", "X", "Y"], r.Conflicts.Select(c => c.Subject).Order(StringComparer.Ordinal));
        Assert.All(r.Conflicts, c => Assert.Equal("no_candidate", c.Kind));
        var x = r.Conflicts.Single(c => c.Subject == "X");
        Assert.Equal("capability", x.Values["reason"]);
        Assert.Equal("Z", x.Values["missing"]);
        Assert.Equal("work package 'X' ($10) needs Z, but no company covers Z", x.Message);
        var y = r.Conflicts.Single(c => c.Subject == "Y");
        Assert.Equal("release", y.Values["reason"]);
        Assert.Contains("are all in US", y.Message, StringComparison.Ordinal);
        Assert.Equal("fixed", r.Conflicts.Single(c => c.Subject == "W").Values["reason"]);
        Assert.Throws<InvalidOperationException>(() => WorkshareAllocator.ExportLp(p, Options()));
    }

    // 9. Capacity in a conflict: one nation, A $100 and B $100 both only for small (capacity $150; big cannot do them).
    // Unique minimal conflict: {capacity:small}.
    [Fact]
    public void A_capacity_too_small_for_the_packages_only_it_can_do_is_the_conflict()
    {
        var p = Program([("US", 1)], 0, [Wp("A", 100), Wp("B", 100)], [Co("small", "US", 1, 150), Co("big", "US", 1, null, "Other")]);
        var r = WorkshareAllocator.Allocate(p, Options());
        Assert.Equal("infeasible", r.Status);
        var c = Assert.Single(r.Conflicts);
        Assert.Equal("capacity", c.Kind);
        Assert.Equal("small", c.Subject);
        Assert.Equal("small (US) can take at most $150 of work, but the packages only it can take come to $200: 'A' ($100), 'B' ($100)", c.Message);
    }

    // 10. Compartments in a conflict: subsystem kv has A (only a US company can do it) and B (only a JP company can):
    // compartmentalized is infeasible by {compartment:kv} alone; integrated allocates (A→US, B→JP).
    [Fact]
    public void A_subsystem_that_cannot_sit_in_one_nation_is_the_conflict_in_compartmentalized_mode()
    {
        var p = Program([("US", 0.5), ("JP", 0.5)], 0.5, [Wp("A", 100, "CA", "kv"), Wp("B", 100, "CB", "kv")],
            [Co("us-a", "US", 1, null, "CA"), Co("jp-b", "JP", 1, null, "CB")]);
        var r = WorkshareAllocator.Allocate(p, Options(WorkshareMode.Compartmentalized));
        Assert.Equal("infeasible", r.Status);
        var c = Assert.Single(r.Conflicts);
        Assert.Equal("compartment:kv", $"{c.Kind}:{c.Subject}");
        Assert.Equal("subsystem 'kv' must sit in one nation (compartmentalized), but its packages can go: 'A' to US; 'B' to JP", c.Message);
        Assert.Equal("optimal", WorkshareAllocator.Allocate(p, Options(WorkshareMode.Integrated)).Status);
    }

    // 11. The taxonomy: a company holding SENS.SEEKER.IR covers a package asking for SENS.SEEKER, never the reverse.
    [Fact]
    public void A_narrower_capability_covers_a_broader_one_and_not_the_reverse()
    {
        var taxonomy = new Dictionary<string, string?> { ["SENS"] = null, ["SENS.SEEKER"] = "SENS", ["SENS.SEEKER.IR"] = "SENS.SEEKER" };
        var p = Program([("US", 1)], 0, [Wp("A", 100, "SENS.SEEKER")], [Co("ir", "US", 2, null, "SENS.SEEKER.IR"), Co("broad", "US", 1, null, "SENS")]) with { CapabilityParents = taxonomy };
        var r = WorkshareAllocator.Allocate(p, Options());
        AssertOptimal(r, 200, 200);
        Assert.Equal("ir", CompanyOf(r, "A"));
    }

    // 12. Money in integers: C = $2,500,000,000 → r = 10; a factor 1.0000001 on $2.5e9 costs $2,500,000,250. The
    // exported objective coefficient is round(1000 · 2.5e9 · 1.0000001 / 10) × 10 / 1000 = 2500000250 exactly.
    [Fact]
    public void Large_programs_are_counted_in_units_and_the_export_carries_the_same_objective()
    {
        var p = Program([("US", 1)], 0, [Wp("A", 2.5e9)], [Co("k", "US", 1.0000001)]);
        var r = WorkshareAllocator.Allocate(p, Options(mu: 0));
        AssertOptimal(r, 2500000250, 2500000250);
        var lp = WorkshareAllocator.ExportLp(p, Options(mu: 0));
        Assert.Contains("obj: + 2500000250 x_0_0", lp, StringComparison.Ordinal);
        Assert.Contains("Generals", lp, StringComparison.Ordinal);
        Assert.Contains(" 0 <= x_0_0 <= 1", lp, StringComparison.Ordinal);
        var mps = WorkshareAllocator.ExportMps(p, Options(mu: 0));
        Assert.Contains("MARKER  'MARKER'  'INTORG'", mps, StringComparison.Ordinal);
        Assert.Contains("NAME workshare", mps, StringComparison.Ordinal);
    }
}
