using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Musubi.Engines.Network;
using Musubi.Engines.Optimization.Surge;
using Xunit.Abstractions;

namespace Musubi.Engines.Tests.Surge;

/// <summary>
/// The independent-solver check of issue #6: generated supply networks (tiers of parts, several offers each, lead
/// times from 0 to 4 months, unqualified alternatives with qualification figures, approved-source rows on half the
/// inputs, initial stocks, expansion options and a demand schedule) are planned by <see cref="SurgePlanner.Plan"/>,
/// the same request is exported with <see cref="SurgePlanner.ExportMps"/> and solved by Debian's COIN-OR solvers —
/// <c>clp</c> for the LPs of objectives (a) and (b), <c>cbc</c> for the MIP of (c) — and the optimal values must agree
/// within 10⁻⁶ relative (an infeasible target must be infeasible for both).
/// </summary>
/// <remarks>
/// <c>./test</c> installs coinor-clp and coinor-cbc (scripts/ensure-deps.sh). Without them the tests are skipped on a
/// developer's machine and fail under CI (<c>CI=true</c>), so the check can never silently stop running there.
/// Debian's clp 1.17 ignores the MPS <c>OBJSENSE</c> section, so maximization is asked for with <c>-max</c>.
/// </remarks>
public sealed partial class ClpCrossCheckTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-6;

    [CoinFact("clp")]
    public void Max_and_shortfall_plans_of_generated_networks_have_clps_optimum()
    {
        var clp = CoinSolver.Require("clp");
        var compared = 0;
        var positive = 0;
        var withBottlenecks = 0;
        for (var seed = 1; seed <= 12; seed++)
        {
            var g = GeneratedCase.Make(seed, size: seed <= 8 ? 1 : 3);
            foreach (var request in g.LpRequests())
            {
                var plan = SurgePlanner.Plan(g.Network, request);
                var mps = SurgePlanner.ExportMps(g.Network, request);
                var theirs = CoinSolver.Solve(clp, mps, request.Objective == SurgeObjective.MaxDeliveries ? ["-max", "-dualsimplex"] : ["-dualsimplex"]);
                var label = $"seed {seed} {g.Describe()}, {Describe(request)}";
                output.WriteLine($"{label}: Musubi {plan.Status} {plan.Objective?.ToString("R", CultureInfo.InvariantCulture) ?? "-"}, clp {theirs.Status} {theirs.Objective.ToString("R", CultureInfo.InvariantCulture)} ({plan.Model.Variables} variables, {plan.Model.Constraints} constraints)");
                // An LP over a network with zero lower bounds is always feasible: clp must find its optimum.
                Assert.True(theirs.Status == "Optimal", $"{label}: clp says '{theirs.Status}'\n{theirs.Log}");
                var ours = Ours(plan, request, label);
                AssertClose(ours, theirs.Objective, label, mps);
                // The planner's default LP solver is OR-Tools' CLP; GLOP, a different simplex code, must agree too.
                var glop = SurgePlanner.Plan(g.Network, request, "GLOP");
                Assert.Equal(plan.Status, glop.Status);
                AssertClose(Ours(glop, request, label + " (GLOP)"), theirs.Objective, label + " (GLOP)", mps);
                compared++;
                positive += ours > 1e-9 ? 1 : 0;
                withBottlenecks += plan.Bottlenecks.Count > 0 ? 1 : 0;
            }
        }
        // The generator must give plans worth comparing: most deliver something, some are bound by a capacity.
        Assert.True(compared >= 60, $"{compared} plans compared");
        Assert.True(positive >= compared / 2, $"{positive} of {compared} plans had a positive objective");
        Assert.True(withBottlenecks >= compared / 4, $"{withBottlenecks} of {compared} plans reported a bottleneck");
    }

    [CoinFact("cbc")]
    public void Cost_plans_of_generated_networks_have_cbcs_optimum_or_are_infeasible_for_both()
    {
        var cbc = CoinSolver.Require("cbc");
        var optimal = 0;
        var infeasible = 0;
        var withChoices = 0;
        for (var seed = 101; seed <= 130; seed++)
        {
            var g = GeneratedCase.Make(seed, size: 1);
            foreach (var request in g.CostRequests())
            {
                var plan = SurgePlanner.Plan(g.Network, request);
                var mps = SurgePlanner.ExportMps(g.Network, request);
                var theirs = CoinSolver.Solve(cbc, mps, ["-solve"]);
                var label = $"seed {seed} {g.Describe()}, {Describe(request)}";
                output.WriteLine($"{label}: Musubi {plan.Status} {plan.Objective?.ToString("R", CultureInfo.InvariantCulture) ?? "-"} ({plan.Expansions.Count} chosen), cbc {theirs.Status} {theirs.Objective.ToString("R", CultureInfo.InvariantCulture)}");
                if (plan.Status == "infeasible")
                {
                    Assert.True(theirs.Status == "Infeasible", $"{label}: Musubi says infeasible, cbc '{theirs.Status}' {theirs.Objective}\n{theirs.Log}");
                    Assert.NotNull(plan.Explanation);
                    infeasible++;
                    continue;
                }
                Assert.True(theirs.Status == "Optimal", $"{label}: Musubi says {plan.Status} {plan.Objective}, cbc '{theirs.Status}'\n{theirs.Log}");
                AssertClose(Ours(plan, request, label), theirs.Objective, label, mps);
                // The objective is the cost of what was chosen.
                Assert.Equal(plan.Objective!.Value, plan.Expansions.Sum(c => c.CostUsd), 6);
                optimal++;
                withChoices += plan.Expansions.Count > 0 ? 1 : 0;
            }
        }
        Assert.True(optimal >= 8, $"{optimal} cost plans optimal");
        Assert.True(infeasible >= 8, $"{infeasible} cost plans infeasible");
        Assert.True(withChoices >= 6, $"{withChoices} cost plans chose an expansion or a qualification");
        output.WriteLine($"{optimal} optimal ({withChoices} with choices), {infeasible} infeasible for both");
    }

    [Fact]
    public void The_solution_file_reader_reads_clp_and_cbc_status_lines()
    {
        Assert.Equal(("Optimal", 5.0), CoinSolver.ReadStatus("Optimal - objective value               5"));
        Assert.Equal(("Optimal", 12.5), CoinSolver.ReadStatus("Optimal - objective value 12.50000000"));
        Assert.Equal(("Infeasible", 7.0), CoinSolver.ReadStatus("Infeasible - objective value 7.00000000"));
        Assert.Equal(("Optimal", -1.25e-3), CoinSolver.ReadStatus("Optimal - objective value  -0.00125"));
        Assert.Null(CoinSolver.ReadStatus("** Current model not valid"));
    }

    /// <summary>Musubi's objective: the plan's value; a plan that delivers nothing may carry none, which is an objective of 0 for (a).</summary>
    private static double Ours(SurgePlan plan, SurgeRequest request, string label)
    {
        if (plan.Objective is { } value)
        {
            return value;
        }
        Assert.True(plan.Status == "no_output" && request.Objective == SurgeObjective.MaxDeliveries, $"{label}: status {plan.Status} without an objective");
        return 0;
    }

    /// <summary>Within 10⁻⁶ relative; otherwise the model is kept in the temporary folder for a look.</summary>
    private static void AssertClose(double ours, double theirs, string label, string mps)
    {
        if (Math.Abs(ours - theirs) <= Tolerance * Math.Max(1, Math.Abs(theirs)))
        {
            return;
        }
        var kept = Path.Combine(Path.GetTempPath(), $"musubi-surge-mismatch-{Guid.NewGuid():N}.mps");
        File.WriteAllText(kept, mps);
        Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{label}: Musubi {ours:R}, COIN-OR {theirs:R}, difference {ours - theirs:R}; the model is in {kept}"));
    }

    private static string Describe(SurgeRequest r)
    {
        var s = r.Scenario;
        var parts = new List<string> { $"{r.Objective} {r.Months} months, items {string.Join('+', r.Items)}, scenario {s.Name}" };
        if (s.Remove.Count > 0)
        {
            parts.Add("remove " + string.Join(' ', s.Remove));
        }
        if (s.Qualify.Count > 0)
        {
            parts.Add("qualify " + string.Join(' ', s.Qualify));
        }
        if (s.WithExpansions)
        {
            parts.Add("with expansions");
        }
        if (Math.Abs(s.DemandFactor - 1) > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"demand ×{s.DemandFactor}"));
        }
        if (r.TargetRate is { } rate)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"target {rate:0.###} by month {r.ByMonth}"));
        }
        return string.Join(", ", parts);
    }
}

/// <summary>A fact that needs a COIN-OR solver on the PATH: skipped without it, unless under CI (<c>CI=true</c>), where the test runs and fails.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CoinFactAttribute : FactAttribute
{
    public CoinFactAttribute(string tool) => Skip = CoinSolver.SkipReason(tool);
}

/// <summary>A theory that needs a COIN-OR solver on the PATH, skipped or failing as <see cref="CoinFactAttribute"/> does.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CoinTheoryAttribute : TheoryAttribute
{
    public CoinTheoryAttribute(string tool) => Skip = CoinSolver.SkipReason(tool);
}

/// <summary>Runs Debian's clp or cbc on an MPS model and reads the status and objective from its solution file.</summary>
internal static partial class CoinSolver
{
    /// <summary>Why a test that needs <paramref name="tool"/> is skipped: it is missing and CI is not set; otherwise null (it runs).</summary>
    public static string? SkipReason(string tool) => Find(tool) is null && !UnderCi
        ? $"'{tool}' is not installed (Debian coinor-{tool}; ./test installs it): the independent-solver check did not run"
        : null;

    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Find(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, tool);
            if (File.Exists(path))
            {
                return path;
            }
        }
        return null;
    }

    public static string Require(string tool)
    {
        var path = Find(tool);
        Assert.True(path is not null, $"'{tool}' is required for this test (Debian coinor-{tool}; ./test installs it with scripts/ensure-deps.sh){(UnderCi ? " and CI=true, so it may not be skipped" : "")}");
        return path!;
    }

    public sealed record Answer(string Status, double Objective, string Log);

    /// <summary>Solves the model: <c>TOOL model.mps ARGS… -solution sol.txt</c> in a temporary folder (<paramref name="fileName"/>: model.lp for LP format).</summary>
    public static Answer Solve(string tool, string mps, IReadOnlyList<string> args, string fileName = "model.mps")
    {
        var dir = Directory.CreateTempSubdirectory("musubi-coin-");
        try
        {
            var model = Path.Combine(dir.FullName, fileName);
            var solution = Path.Combine(dir.FullName, "sol.txt");
            File.WriteAllText(model, mps);
            var start = new ProcessStartInfo(tool)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = dir.FullName,
            };
            start.ArgumentList.Add(model);
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }
            start.ArgumentList.Add("-solution");
            start.ArgumentList.Add(solution);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), $"{tool} did not finish within 2 minutes");
            var log = stdout + stderr.Result;
            Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}\n{log}");
            // A model clp cannot read is reported on stdout, with exit code 0.
            Assert.False(log.Contains("errors when importing", StringComparison.Ordinal) || log.Contains("Bad image", StringComparison.Ordinal) || log.Contains("not valid", StringComparison.Ordinal),
                $"{tool} could not read the exported model\n{log}");
            Assert.True(File.Exists(solution), $"{tool} wrote no solution file\n{log}");
            var first = File.ReadLines(solution).FirstOrDefault() ?? "";
            var status = ReadStatus(first);
            Assert.True(status is not null, $"{tool}'s solution file starts with '{first}'\n{log}");
            return new Answer(status!.Value.Status, status.Value.Objective, log);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The first line of a clp/cbc solution file: <c>Optimal - objective value 12.5</c>.</summary>
    public static (string Status, double Objective)? ReadStatus(string line)
    {
        var m = StatusLine().Match(line);
        return m.Success && double.TryParse(m.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? (m.Groups[1].Value.Trim(), value)
            : null;
    }

    [GeneratedRegex(@"^\s*(.+?) - objective value\s+(\S+)\s*$")]
    private static partial Regex StatusLine();
}

/// <summary>
/// A seeded random supply network with planning data. Parts sit in 3–5 tiers (end items at tier 0, leaves without
/// inputs at the bottom); each part has 1–3 offers at facilities in US, JP, DE and CN; about one offer in six is
/// unqualified, most of those with qualification months and cost; an assembly's offers need 1–3 parts of deeper tiers
/// (whole or half quantities); half of the inputs name approved sources (a subset of the input part's offers, the
/// unqualified included), the rest accept any qualified offer. Lead times 0–120 days (0–4 months), initial stocks at
/// producing and consuming facilities, expansion options on a few offers, and a ramping demand per end item.
/// </summary>
internal sealed class GeneratedCase
{
    private static readonly string[] CountryCodes = ["US", "JP", "DE", "CN"];

    public required SupplyNetwork Network { get; init; }

    public required string[] EndItems { get; init; }

    public required int Months { get; init; }

    public required List<SurgeStock> Stocks { get; init; }

    public required List<SurgeExpansion> Expansions { get; init; }

    public required List<SurgeDemand> Demand { get; init; }

    public required int Seed { get; init; }

    public string Describe() => $"({Network.OfferCount} offers, {Network.SlotCount} inputs, {Network.SourceEdgeCount} source edges, {Stocks.Count} stocks, {Expansions.Count} expansions)";

    /// <summary>Objective (a) under four scenarios and (b) under two, for the end items one at a time and together.</summary>
    public IEnumerable<SurgeRequest> LpRequests()
    {
        var rng = new Random(Seed * 31);
        var lose = new UnitRef(UnitKind.Country, CountryCodes[rng.Next(CountryCodes.Length)]);
        var gain = new UnitRef(UnitKind.Country, CountryCodes[rng.Next(CountryCodes.Length)]);
        var scenarios = new[]
        {
            SurgeScenario.Baseline,
            new SurgeScenario("disruption", [lose], []),
            new SurgeScenario("allied", [], [gain], WithExpansions: true),
            new SurgeScenario("everything", [lose], [gain, new UnitRef(UnitKind.Country, "US")], WithExpansions: true),
        };
        string[][] itemSets = [[EndItems[0]], EndItems];
        foreach (var items in itemSets.Distinct(new ArrayEquality()))
        {
            foreach (var s in scenarios)
            {
                yield return new SurgeRequest(items, Months, SurgeObjective.MaxDeliveries, s, Expansions: Expansions, Stocks: Stocks);
            }
            var demand = Demand.Where(d => items.Contains(d.PartId)).ToList();
            yield return new SurgeRequest(items, Months, SurgeObjective.MinShortfall, SurgeScenario.Baseline, Demand: demand, Expansions: Expansions, Stocks: Stocks);
            yield return new SurgeRequest(items, Months, SurgeObjective.MinShortfall, new SurgeScenario("surge", [], [gain], WithExpansions: true, DemandFactor: 1.5), Demand: demand, Expansions: Expansions, Stocks: Stocks);
        }
    }

    /// <summary>
    /// Objective (c): targets at 50%, 80% and 110% of the steady-state rate with every option taken (every country's
    /// offers qualified, every expansion built), at least 50% above the baseline's rate, from month 7 of 24 on.
    /// </summary>
    public IEnumerable<SurgeRequest> CostRequests()
    {
        var items = new[] { EndItems[0] };
        var all = new SurgeScenario("all options", [], [.. CountryCodes.Select(c => new UnitRef(UnitKind.Country, c))], WithExpansions: true);
        var ceiling = SurgePlanner.Rate(Network, items, all, Expansions).MaxMonthlyRate;
        var baseline = SurgePlanner.Rate(Network, items, SurgeScenario.Baseline).MaxMonthlyRate;
        // 24 months with the target from month 7: finished goods built up in the first six months cover at most a third
        // more than the base rate over the remaining eighteen, so a target half above it needs capacity.
        foreach (var share in new[] { 0.5, 0.8, 1.1 })
        {
            var target = Math.Round(Math.Max(1, Math.Max(baseline * 1.5, ceiling * share)), 3);
            yield return new SurgeRequest(items, 24, SurgeObjective.MinCost, SurgeScenario.Baseline, TargetRate: target, ByMonth: 7, Expansions: Expansions, Stocks: Stocks);
        }
    }

    /// <summary>A network of about 15·size parts in 3–5 tiers.</summary>
    public static GeneratedCase Make(int seed, int size)
    {
        var rng = new Random(seed);
        var organizations = new List<NetworkOrganization>();
        var facilities = new List<NetworkFacility>();
        for (var i = 0; i < 4 + rng.Next(3); i++)
        {
            var country = i < CountryCodes.Length ? CountryCodes[i] : CountryCodes[rng.Next(CountryCodes.Length)];
            organizations.Add(new($"org-{i}", $"Organization {i}", country));
            for (var k = 0; k <= rng.Next(2); k++)
            {
                facilities.Add(new($"fac-{i}-{k}", $"org-{i}", $"Plant {i}-{k}", country, $"R{k}"));
            }
        }

        var tiers = 3 + rng.Next(3);
        var tierParts = new List<List<string>>();
        var parts = new List<NetworkPart>();
        for (var t = 0; t < tiers; t++)
        {
            var count = t == 0 ? 1 + rng.Next(2) : size * (2 + rng.Next(2 + t));
            var ids = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var id = $"p{t}-{i}";
                ids.Add(id);
                parts.Add(new(id, $"Part {t}-{i}", t == 0));
            }
            tierParts.Add(ids);
        }

        var offers = new List<NetworkOffer>();
        var offersOfPart = new Dictionary<string, List<NetworkOffer>>();
        for (var t = tiers - 1; t >= 0; t--)
        {
            foreach (var part in tierParts[t])
            {
                var list = new List<NetworkOffer>();
                var n = 1 + rng.Next(3);
                for (var k = 0; k < n; k++)
                {
                    var qualified = k == 0 || rng.NextDouble() > 0.25;
                    var known = !qualified && rng.NextDouble() < 0.8;
                    var capacity = Math.Round((t + 1) * (4 + (rng.NextDouble() * 40)), rng.Next(3));
                    list.Add(new(
                        $"o-{part}-{k}", part, facilities[rng.Next(facilities.Count)].Id, capacity, rng.Next(0, 121), qualified,
                        known ? 1 + rng.Next(6) : null, known ? 1000 * (50 + rng.Next(5000)) : null));
                }
                offersOfPart[part] = list;
                offers.AddRange(list);
            }
        }

        var inputs = new List<NetworkInput>();
        var sources = new List<NetworkSource>();
        for (var t = 0; t < tiers - 1; t++)
        {
            foreach (var part in tierParts[t])
            {
                var deeper = tierParts.Skip(t + 1).SelectMany(x => x).ToList();
                var bom = new List<(string Part, double Quantity)>();
                // Always one part of the next tier, so every tier is reachable from an end item.
                bom.Add((tierParts[t + 1][rng.Next(tierParts[t + 1].Count)], Quantity(rng)));
                for (var i = rng.Next(3); i > 0; i--)
                {
                    var pick = deeper[rng.Next(deeper.Count)];
                    if (!bom.Any(b => b.Part == pick))
                    {
                        bom.Add((pick, Quantity(rng)));
                    }
                }
                foreach (var offer in offersOfPart[part])
                {
                    foreach (var (input, quantity) in bom)
                    {
                        inputs.Add(new(offer.Id, input, quantity));
                        if (rng.NextDouble() < 0.5)
                        {
                            var candidates = offersOfPart[input];
                            foreach (var source in candidates.Where(_ => rng.NextDouble() < 0.6).DefaultIfEmpty(candidates[rng.Next(candidates.Count)]))
                            {
                                sources.Add(new(offer.Id, input, source.Id));
                            }
                        }
                    }
                }
            }
        }

        var network = SupplyNetwork.Build(organizations, facilities, parts, offers, inputs, sources);
        var months = 6 + rng.Next(13);

        // Stocks: of a part where it is made (finished goods) or where it is consumed (inputs on hand).
        var stocks = new List<SurgeStock>();
        var stocked = new HashSet<(string, string)>();
        foreach (var input in inputs.Where(_ => rng.NextDouble() < 0.08))
        {
            var facility = offers.First(o => o.Id == input.OfferId).FacilityId;
            if (stocked.Add((input.PartId, facility)))
            {
                stocks.Add(new(input.PartId, facility, 1 + rng.Next(60)));
            }
        }
        foreach (var offer in offers.Where(o => o.Qualified && rng.NextDouble() < 0.05))
        {
            if (stocked.Add((offer.PartId, offer.FacilityId)))
            {
                stocks.Add(new(offer.PartId, offer.FacilityId, 1 + rng.Next(20)));
            }
        }

        var expansions = new List<SurgeExpansion>();
        foreach (var offer in offers.Where(_ => rng.NextDouble() < 0.15))
        {
            expansions.Add(new($"x-{expansions.Count}", offer.Id, 2 + rng.Next(40), 1000 * (100 + rng.Next(20000)), rng.Next(0, months / 2)));
        }

        var endItems = tierParts[0].ToArray();
        var demand = new List<SurgeDemand>();
        foreach (var item in endItems)
        {
            var priority = 1 + rng.Next(3);
            var level = 2 + rng.Next(30);
            for (var m = 1 + rng.Next(3); m <= months; m++)
            {
                demand.Add(new(item, m, Math.Round(level * (1 + (0.1 * m)), 1), priority));
            }
        }

        return new GeneratedCase
        {
            Network = network,
            EndItems = endItems,
            Months = months,
            Stocks = stocks,
            Expansions = expansions,
            Demand = demand,
            Seed = seed,
        };
    }

    private static double Quantity(Random rng) => rng.NextDouble() < 0.2 ? 0.5 : 1 + rng.Next(4);

    private sealed class ArrayEquality : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(string[] obj) => obj.Length == 0 ? 0 : obj[0].GetHashCode(StringComparison.Ordinal) ^ obj.Length;
    }
}
