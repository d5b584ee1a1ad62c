using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Import;
using Musubi.Engines.Optimization.Workshare;
using Musubi.Engines.Transfers;

namespace Musubi.Core.Features.Workshare;

public sealed partial class WorkshareService
{
    /// <summary>The demo's planning file of <paramref name="programId"/> (<c>data/demo/workshare/PROGRAM.json</c>), or null when there is none.</summary>
    public static string? DemoPlanPath(string programId)
    {
        if (!Values.IsId(programId))
        {
            return null;
        }
        var path = Path.Combine(Data.DatabaseSetup.DataDirectory, "demo", "workshare", programId + ".json");
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Builds the problem of a registry program the caller may see (docs/engines/workshare.md, "Registry (--db)"):
    /// nations and shares from its partners, packages from its work packages, companies from the visible organizations
    /// of partner nations whose visible facilities hold a capability covering one a package needs (the planning file
    /// may add capabilities an organization's team brings); the rest from the planning file.
    /// </summary>
    private async Task<Prepared> PrepareProgramAsync(WorkshareQuestion question, CancellationToken ct)
    {
        var programId = question.ProgramId!.Trim();
        var program = await db.Programs.AsNoTracking().Include(p => p.WorkPackages).FirstOrDefaultAsync(p => p.Id == programId, ct)
            ?? throw new WorkshareNotFoundException("program", programId);

        var planText = question.PlanJson;
        if (string.IsNullOrWhiteSpace(planText) && DemoPlanPath(program.Id) is { } demo)
        {
            planText = await File.ReadAllTextAsync(demo, ct);
        }
        var planJson = string.IsNullOrWhiteSpace(planText) ? null : WorkshareJson.Parse(planText, "plan");
        var plan = planJson is null ? WorksharePlan.Empty : WorkshareInputReader.ReadPlan(planJson);
        var errors = new List<WorkshareInputError>();
        WorkshareInputError PlanError(string path, string message) =>
            planJson?.Error(path, message) ?? new WorkshareInputError(path, message, "plan");

        if (plan.Program is { } named && !string.Equals(named, program.Id, StringComparison.Ordinal))
        {
            errors.Add(PlanError("program", $"the planning file is for program '{named}', not '{program.Id}'"));
        }

        var taxonomy = await WorkshareTaxonomy.FromRegistryAsync(db, ct);
        var nations = program.Partners.Select(p => new WorkshareNation(p.Country, (double)(p.CostShare ?? 0))).ToList();
        var partnerCodes = nations.Select(n => n.Code).ToList();
        var packages = program.WorkPackages.OrderBy(w => w.Id, StringComparer.Ordinal).ToList();

        var planPackages = new Dictionary<string, WorksharePlanPackage>(StringComparer.Ordinal);
        foreach (var p in plan.WorkPackages)
        {
            if (!packages.Any(w => w.Id == p.Id))
            {
                errors.Add(PlanError(At("workPackages", p.Index, "id"), $"unknown work package '{p.Id}' (not a work package of program '{program.Id}')"));
            }
            else if (!planPackages.TryAdd(p.Id, p))
            {
                errors.Add(PlanError(At("workPackages", p.Index, "id"), $"work package '{p.Id}' is planned twice"));
            }
        }

        // Organizations of partner nations, their facilities and capabilities, each as the caller may see them.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var orgs = await db.Organizations.AsNoTracking().Where(o => partnerCodes.Contains(o.Country))
            .Select(o => new { o.Id, o.Name, o.Country }).ToListAsync(ct);
        var orgIds = orgs.Select(o => o.Id).ToList();
        var facilities = await db.Facilities.AsNoTracking().Where(f => orgIds.Contains(f.OrganizationId))
            .Select(f => new { f.Id, f.OrganizationId }).ToListAsync(ct);
        var facilityIds = facilities.Select(f => f.Id).ToList();
        var held = await db.FacilityCapabilities.AsNoTracking().Where(c => facilityIds.Contains(c.FacilityId))
            .Select(c => new { c.FacilityId, c.CapabilityCode, c.ValidFrom, c.ValidTo }).ToListAsync(ct);
        var facilityOrg = facilities.ToDictionary(f => f.Id, f => f.OrganizationId, StringComparer.Ordinal);
        var capsByOrg = held.Where(c => (c.ValidFrom is null || c.ValidFrom <= today) && (c.ValidTo is null || c.ValidTo >= today))
            .GroupBy(c => facilityOrg[c.FacilityId], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.CapabilityCode).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

        var planCompanies = new Dictionary<string, WorksharePlanCompany>(StringComparer.Ordinal);
        var notes = new List<string>();
        foreach (var c in plan.Companies)
        {
            var org = orgs.FirstOrDefault(o => o.Id == c.Id);
            if (org is null)
            {
                var country = await db.Organizations.AsNoTracking().Where(o => o.Id == c.Id).Select(o => o.Country).FirstOrDefaultAsync(ct);
                if (country is null)
                {
                    // Not in the registry, or not visible to this reader: left out with the same words either way, so a
                    // shared planning file works for every reader and tells nobody what they may not see.
                    notes.Add($"the planning file's organization '{c.Id}' is not in the registry as you may see it; left out");
                }
                else
                {
                    errors.Add(PlanError(At("companies", c.Index, "id"), $"organization '{c.Id}' is in {country}, not a partner nation of '{program.Id}' ({string.Join(", ", partnerCodes)})"));
                }
                continue;
            }
            if (!planCompanies.TryAdd(c.Id, c))
            {
                errors.Add(PlanError(At("companies", c.Index, "id"), $"organization '{c.Id}' is planned twice"));
            }
            for (var j = 0; j < c.Capabilities.Count; j++)
            {
                if (taxonomy.Count > 0 && !taxonomy.ContainsKey(c.Capabilities[j]))
                {
                    errors.Add(PlanError(string.Create(CultureInfo.InvariantCulture, $"companies[{c.Index}].capabilities[{j}]"), $"unknown capability code '{c.Capabilities[j]}'"));
                }
            }
        }

        var problemPackages = new List<WorkshareWorkPackage>();
        var registryErrors = new List<WorkshareInputError>();
        for (var i = 0; i < packages.Count; i++)
        {
            var w = packages[i];
            if (w.CostEstimateUsd is null)
            {
                registryErrors.Add(new WorkshareInputError(At("workPackages", i, "cost"), $"work package '{w.Id}' has no cost estimate in the registry", "registry"));
            }
            planPackages.TryGetValue(w.Id, out var p);
            problemPackages.Add(new WorkshareWorkPackage(w.Id, w.Name, (double)(w.CostEstimateUsd ?? 0), [.. w.RequiredCapabilities],
                p?.Subsystem, p?.ReleasableTo, p?.FixedCompany));
        }

        var asked = problemPackages.SelectMany(w => w.Capabilities).Distinct(StringComparer.Ordinal).ToList();
        var companies = new List<WorkshareCompany>();
        var companyPlanIndex = new List<int?>();
        foreach (var org in orgs.OrderBy(o => o.Id, StringComparer.Ordinal))
        {
            planCompanies.TryGetValue(org.Id, out var p);
            var all = new HashSet<string>(capsByOrg.TryGetValue(org.Id, out var mine) ? mine : [], StringComparer.Ordinal);
            if (p is not null)
            {
                all.UnionWith(p.Capabilities.Where(c => taxonomy.Count == 0 || taxonomy.ContainsKey(c)));
            }
            var covering = all.Where(c => asked.Any(a => WorkshareTaxonomy.Covers(taxonomy, c, a))).Order(StringComparer.Ordinal).ToList();
            if (covering.Count == 0)
            {
                continue;
            }
            companies.Add(new WorkshareCompany(org.Id, org.Name, org.Country, covering, p?.Capacity, p?.CostFactor ?? 1, p?.PastPerformance));
            companyPlanIndex.Add(p?.Index);
        }

        var history = new List<WorkshareHistory>(plan.History ?? []);
        var policy = plan.Policy ?? WorksharePolicy.Program;
        var planHistoryCount = history.Count;
        if (policy == WorksharePolicy.Global)
        {
            history.AddRange(await LedgerHistoryAsync(program.Id, partnerCodes, ct));
        }

        errors.AddRange(registryErrors);
        var options = Options(planJson, plan.Options, question);
        if (errors.Count > 0)
        {
            throw new WorkshareInputException(errors);
        }

        var problem = new WorkshareProblem(program.Id, nations, plan.Tolerance ?? DefaultTolerance, problemPackages, companies, plan.Interfaces,
            policy, policy == WorksharePolicy.Global ? history : plan.History, taxonomy.Count > 0 ? taxonomy : null);

        WorkshareInputError Locate(string field, string message)
        {
            if (TryIndex(field, "workPackages", out var i, out var rest) && i < problemPackages.Count)
            {
                if (planPackages.TryGetValue(problemPackages[i].Id, out var p) && rest.Split('.', '[')[0] is "subsystem" or "releasableTo" or "fixedCompany")
                {
                    return PlanError(At("workPackages", p.Index, rest), message);
                }
                return new WorkshareInputError(field, message, "registry");
            }
            if (TryIndex(field, "companies", out var k, out var crest) && k < companies.Count)
            {
                if (companyPlanIndex[k] is { } pi && crest.Split('.', '[')[0] is "capacity" or "costFactor" or "pastPerformance")
                {
                    return PlanError(At("companies", pi, crest), message);
                }
                return new WorkshareInputError(field, message, "registry");
            }
            if (TryIndex(field, "history", out var h, out _) && h >= planHistoryCount)
            {
                return new WorkshareInputError(field, message, "registry");
            }
            if (field.StartsWith("nations", StringComparison.Ordinal) || field == "workPackages" || field == "companies")
            {
                return new WorkshareInputError(field, message, "registry");
            }
            return PlanError(field, message);
        }

        // Release limits derived from the planning file's transfer cases (issue #3's rules), where it gives them.
        var templates = new List<WorkshareTransferTemplate>();
        for (var i = 0; i < problemPackages.Count; i++)
        {
            if (planPackages.TryGetValue(problemPackages[i].Id, out var planned) && planned.Transfer is { } transfer)
            {
                templates.Add(new WorkshareTransferTemplate(i, At("workPackages", planned.Index, "transfer"), transfer));
            }
        }
        var (derived, releases) = WorkshareReleases.Apply(problem, templates, RuleSet.LoadDefault(), today, PlanError);

        return new Prepared(program.Id, derived, options, Locate) { Notes = notes, Releases = releases };
    }

    /// <summary>The tolerance when neither the planning file nor a saved run gives one: 5 points.</summary>
    public const double DefaultTolerance = 0.05;

    private static string At(string array, int index, string field) =>
        string.Create(CultureInfo.InvariantCulture, $"{array}[{index}].{field}");

    private static bool TryIndex(string field, string array, out int index, out string rest)
    {
        index = -1;
        rest = "";
        if (!field.StartsWith(array + "[", StringComparison.Ordinal))
        {
            return false;
        }
        var close = field.IndexOf(']', array.Length);
        if (close < 0 || !int.TryParse(field.AsSpan(array.Length + 1, close - array.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            return false;
        }
        rest = close + 2 <= field.Length ? field[Math.Min(close + 2, field.Length)..] : "";
        return true;
    }
}
