using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Network;
using Musubi.Core.Features.Surge;
using Musubi.Engines.Optimization.Surge;
using Musubi.Testing;

namespace Musubi.Core.Tests.Surge;

/// <summary>
/// The surge service over the registry on both providers: a plan sees only what its reader may see, scenarios side by
/// side, saved runs readable by their creator only (not administrators: a run holds results over records under markings), the briefing, the audit events; and the question's
/// problems named by their fields.
/// </summary>
public sealed class SurgeServiceTests : IDisposable
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    private readonly TempDirectory _temp = new("musubi-surge-");

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// A missile (20 a month at fac-us, 30 days' lead) needs one seeker, from any qualified offer: 5 a month at fac-jp
    /// (Japan, unmarked) and 7 a month at fac-secret (a U.S. facility marked NOFORN). With the pipeline full, the
    /// system sees min(20, 5 + 7) = 12 missiles a month; a Japanese reader, who may not see fac-secret, sees 5.
    /// </summary>
    private string Package()
    {
        var dir = _temp.NewDirectory();
        void Write(string file, params string[] lines) => File.WriteAllText(Path.Combine(dir, file), string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        Write("organizations.csv", "id,name,country,kind", "org-us,Example Missiles Inc,US,prime", "org-jp,Example Seeker KK,JP,supplier");
        Write("facilities.csv", "id,organization_id,name,country,region,marking",
            "fac-us,org-us,Tucson assembly,US,AZ,", "fac-jp,org-jp,Nagoya works,JP,Aichi,", "fac-secret,org-us,Second seeker line,US,AL,CUI//NOFORN");
        Write("parts.csv", "id,name,end_item,weapon,usml,eccn", "p-missile,Interceptor,true,true,IV,", "p-seeker,IR seeker,false,false,XII,");
        Write("offers.csv", "id,part_id,facility_id,capacity_per_month,lead_time_days,unit_cost_usd,qualified",
            "o-missile,p-missile,fac-us,20,30,9500000,true", "o-seeker,p-seeker,fac-jp,5,30,400000,true", "o-seeker-us,p-seeker,fac-secret,7,30,420000,true");
        Write("offer_inputs.csv", "offer_id,input_part_id,quantity_per_unit", "o-missile,p-seeker,1");
        return dir;
    }

    private static readonly AccessScope Japanese = new() { PrincipalId = "jp-planner", Nationality = "JPN", CuiAccess = true };
    private static readonly AccessScope American = new() { PrincipalId = "us-planner", Nationality = "USA", CuiAccess = true };
    private static readonly AccessScope Admin = new() { PrincipalId = "admin", Nationality = "USA", CuiAccess = true, Roles = [Roles.Administrator] };

    private async Task<TestDatabase> LoadedAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext(AccessScope.System);
        var report = await new ImportService(db, database.Clock).ImportAsync([Package()], new ImportOptions());
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        return database;
    }

    private static AuditTrail Trail(TestDatabase database, string who) =>
        new(new AuditLog(database.Clock, new AuditOptions { SigningKeyPath = Path.Combine(Path.GetTempPath(), "musubi-key-" + Guid.NewGuid().ToString("N") + ".pem") }), who, null);

    private static SurgeQuestion Question(int months = 6, params SurgeScenarioQuestion[] scenarios) => new(["p-missile"], months, "max", Scenarios: scenarios);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Plan_ReaderWhoCannotSeeAFacility_GetsAPlanWithoutItsOffer(string provider)
    {
        await using var database = await LoadedAsync(provider);

        await using var systemDb = database.NewContext(AccessScope.System);
        var full = await new SurgeService(systemDb, database.Clock).PlanAsync(Question(), Trail(database, "system"));
        await using var jpDb = database.NewContext(Japanese);
        var jp = await new SurgeService(jpDb, database.Clock).PlanAsync(Question(), Trail(database, "jp-planner"));

        var all = Assert.Single(full.Plans);
        var seen = Assert.Single(jp.Plans);
        Assert.Equal("optimal", all.Status);
        Assert.Equal("optimal", seen.Status);
        Assert.Equal(12, all.MaxMonthlyRate, 6);
        Assert.Equal(5, seen.MaxMonthlyRate, 6);
        Assert.Equal(0, full.HiddenOffers);
        Assert.Equal(1, jp.HiddenOffers);
        Assert.True(all.Delivered > seen.Delivered, $"{all.Delivered} vs {seen.Delivered}");
        var json = JsonSerializer.Serialize(jp, SurgeService.Json);
        Assert.DoesNotContain("o-seeker-us", json, StringComparison.Ordinal);
        Assert.DoesNotContain("fac-secret", json, StringComparison.Ordinal);
        Assert.Contains(all.BottleneckSummary, b => b.OfferId == "o-seeker-us");
        await using var audit = database.NewContext(AccessScope.System);
        Assert.True(await audit.AuditEvents.AnyAsync(e => e.Type == SurgeAuditTypes.Planned && e.PrincipalId == "jp-planner" && e.Object == "surge/p-missile"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Plan_Scenarios_SideBySideInTheOrderAsked(string provider)
    {
        await using var database = await LoadedAsync(provider);
        await using var db = database.NewContext(AccessScope.System);

        var answer = await new SurgeService(db, database.Clock).PlanAsync(
            Question(6, new SurgeScenarioQuestion(), new SurgeScenarioQuestion(Remove: ["country:jp"]), new SurgeScenarioQuestion("no seekers", Remove: ["organization:org-jp", "facility:fac-secret"])),
            Trail(database, "system"));

        Assert.Equal(["baseline", "without country:JP", "no seekers"], answer.Plans.Select(p => p.Scenario));
        Assert.Equal(["baseline", "without country:JP", "no seekers"], answer.Question.Scenarios!.Select(s => s.Name));
        Assert.Equal(["country:JP"], answer.Question.Scenarios![1].Remove);
        Assert.Equal(12, answer.Plans[0].MaxMonthlyRate, 6);
        Assert.Equal(7, answer.Plans[1].MaxMonthlyRate, 6);
        // Without any seeker only the missiles already in flight (one month's lead time at 12 a month) arrive.
        Assert.Equal(0, answer.Plans[2].MaxMonthlyRate, 6);
        Assert.InRange(answer.Plans[2].Delivered, 0, 12 + 1e-6);
        Assert.All(answer.Plans[2].Schedule.Where(d => d.Month > 1), d => Assert.Equal(0, d.Delivered, 6));

        // From an empty pipeline nothing arrives at all, and the plan says why in the field's words.
        var cold = await new SurgeService(db, database.Clock).PlanAsync(
            new SurgeQuestion(["p-missile"], 6, Scenarios: [new SurgeScenarioQuestion(Remove: ["organization:org-jp", "facility:fac-secret"])], EmptyPipeline: true),
            Trail(database, "system"));
        Assert.Equal(0, cold.Plans[0].Delivered, 6);
        Assert.True(cold.Question.EmptyPipeline);
        Assert.Contains("p-seeker", cold.Plans[0].Explanation?.Text ?? "(no explanation)", StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SaveListGet_OwnRunsOnly_EvenForAdministrators_BriefingAndAudit(string provider)
    {
        await using var database = await LoadedAsync(provider);
        SurgeRunSummary usRun;
        await using (var db = database.NewContext(American))
        {
            var service = new SurgeService(db, database.Clock);
            var trail = Trail(database, "us-planner");
            var answer = await service.PlanAsync(Question(6, new SurgeScenarioQuestion(), new SurgeScenarioQuestion(Remove: ["country:JP"])), trail);
            usRun = await service.SaveAsync("US seeker surge", answer, trail);
        }
        database.Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = database.NewContext(Japanese))
        {
            var service = new SurgeService(db, database.Clock);
            var trail = Trail(database, "jp-planner");
            await service.SaveAsync(null, await service.PlanAsync(Question(3), trail), trail);
        }

        await using var usDb = database.NewContext(American);
        var us = new SurgeService(usDb, database.Clock);
        var usList = await us.ListAsync();
        var got = await us.GetAsync(usRun.Id);
        var briefing = await us.BriefingAsync(usRun.Id);
        await using var jpDb = database.NewContext(Japanese);
        var jp = new SurgeService(jpDb, database.Clock);
        var jpList = await jp.ListAsync();
        await using var adminDb = database.NewContext(Admin);
        var adminList = await new SurgeService(adminDb, database.Clock).ListAsync();

        var mine = Assert.Single(usList);
        Assert.Equal((usRun.Id, "US seeker surge", "us-planner"), (mine.Id, mine.Name, mine.CreatedBy));
        Assert.Equal(["baseline", "without country:JP"], mine.Scenarios);
        Assert.Equal((6, "max"), (mine.Months, mine.Objective));
        Assert.StartsWith("SG-", usRun.Id, StringComparison.Ordinal);
        Assert.Equal("p-missile — max, 3 months", Assert.Single(jpList).Name);
        Assert.Null(await jp.GetAsync(usRun.Id));
        Assert.Null(await jp.BriefingAsync(usRun.Id));
        Assert.Empty(adminList);

        Assert.NotNull(got);
        Assert.Equal(2, got!.Plans.Count);
        Assert.Equal(12, got.Plans[0].MaxMonthlyRate, 6);
        Assert.Equal(got.Plans[0].Schedule.Count, got.Plans[0].Schedule.Count(d => d.Item == "p-missile"));
        Assert.Equal(["p-missile"], got.Question.Items);
        Assert.NotNull(briefing);
        Assert.Contains("# Surge-production briefing: US seeker surge", briefing, StringComparison.Ordinal);
        Assert.Contains("## Deliveries per month", briefing, StringComparison.Ordinal);
        Assert.Contains("| baseline | optimal |", briefing, StringComparison.Ordinal);
        Assert.Contains("## Bottlenecks", briefing, StringComparison.Ordinal);
        Assert.Contains($"run `{usRun.Id}`", briefing, StringComparison.Ordinal);

        await using var audit = database.NewContext(AccessScope.System);
        Assert.True(await audit.AuditEvents.AnyAsync(e => e.Type == SurgeAuditTypes.Saved && e.PrincipalId == "us-planner" && e.Object == "surge/runs/" + usRun.Id));
        Assert.Equal(2, await audit.AuditEvents.CountAsync(e => e.Type == SurgeAuditTypes.Saved));
    }

    [Fact]
    public void Plan_BadQuestion_EveryProblemNamesItsField()
    {
        var network = NetworkPackageReader.Read(Package());

        var ex = Assert.Throws<SurgeValidationException>(() => SurgeService.Plan(network, new SurgeQuestion(
            ["p-missile", "p-nothing"], 121, "fastest",
            Scenarios: [new SurgeScenarioQuestion(Remove: ["country:ZZ"], DemandFactor: 0)],
            Stocks: [new SurgeStock("p-seeker", "fac-jp", -4)],
            Expansions: [new SurgeExpansion("x-1", "o-seeker", 0, 10, 2)],
            Demand: [new SurgeDemand("p-missile", 130, 5, 7)])));

        Assert.Contains("unknown part 'p-nothing'", Assert.Single(ex.Errors["items"]), StringComparison.Ordinal);
        Assert.Contains("121", Assert.Single(ex.Errors["months"]), StringComparison.Ordinal);
        Assert.Contains("'fastest' is not an objective", Assert.Single(ex.Errors["objective"]), StringComparison.Ordinal);
        Assert.Contains("country:ZZ", Assert.Single(ex.Errors["scenarios[0].remove"]), StringComparison.Ordinal);
        Assert.True(ex.Errors.ContainsKey("scenarios[0].demandFactor"));
        Assert.True(ex.Errors.ContainsKey("stocks[0].quantity"));
        Assert.True(ex.Errors.ContainsKey("expansions[0].extraPerMonth"));
        Assert.True(ex.Errors.ContainsKey("demand[0].month"));
        Assert.True(ex.Errors.ContainsKey("demand[0].priority"));
    }

    [Fact]
    public void Plan_CostWithoutTarget_ShortfallWithoutDemand_UnknownExpansionOffer_NameTheirFields()
    {
        var network = NetworkPackageReader.Read(Package());

        var cost = Assert.Throws<SurgeValidationException>(() => SurgeService.Plan(network, new SurgeQuestion(["p-missile"], 12, "cost")));
        var shortfall = Assert.Throws<SurgeValidationException>(() => SurgeService.Plan(network, new SurgeQuestion(["p-missile"], 12, "shortfall")));
        var target = Assert.Throws<SurgeValidationException>(() => SurgeService.Plan(network, new SurgeQuestion(["p-missile"], 12, "max", Target: 5)));
        var offer = Assert.Throws<SurgeValidationException>(() => SurgeService.Plan(network, new SurgeQuestion(["p-missile"], 12,
            Expansions: [new SurgeExpansion("x-1", "o-seeker", 1, 1, 1), new SurgeExpansion("x-2", "o-ghost", 1, 1, 1)])));

        Assert.Equal(["by", "target"], cost.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["demand"], shortfall.Errors.Keys);
        Assert.Equal(["target"], target.Errors.Keys);
        Assert.Contains("o-ghost", Assert.Single(offer.Errors["expansions[1].offerId"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_CostWithTarget_ChoosesTheCheapestWayOrSaysItCannot()
    {
        // 12 a month at most with everything; a 20-a-month target by month 3 is out of reach, 10 a month is there already.
        var network = NetworkPackageReader.Read(Package());

        var reachable = SurgeService.Plan(network, new SurgeQuestion(["p-missile"], 6, "cost", Target: 10, By: 3)).Plans[0];
        var beyond = SurgeService.Plan(network, new SurgeQuestion(["p-missile"], 6, "cost", Target: 20, By: 3)).Plans[0];

        Assert.Equal("optimal", reachable.Status);
        Assert.Equal(0, reachable.CostUsd ?? 0, 6);
        Assert.Equal("infeasible", beyond.Status);
        Assert.Equal("target_unreachable", beyond.Explanation?.Kind);
    }

    [Fact]
    public void Rate_SteadyState_AndWithARemovedCountry()
    {
        var network = NetworkPackageReader.Read(Package());

        var baseline = SurgeService.Rate(network, ["p-missile"], null, null);
        var withoutJapan = SurgeService.Rate(network, ["p-missile"], new SurgeScenarioQuestion(Remove: ["country:JP"]), null);
        var bad = Assert.Throws<SurgeValidationException>(() => SurgeService.Rate(network, ["p-missile"], new SurgeScenarioQuestion(Qualify: ["planet:mars"]), null));

        Assert.Equal(12, baseline.MaxMonthlyRate, 6);
        Assert.Equal(7, withoutJapan.MaxMonthlyRate, 6);
        Assert.True(bad.Errors.ContainsKey("qualify"));
    }
}
