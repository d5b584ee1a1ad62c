using System.Globalization;
using Google.OrTools.Sat;

namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// Why no allocation exists (docs/engines/workshare.md, "Explanations"): packages no company can take, found without
/// a solve; otherwise a set of limits that cannot hold together, from CP-SAT's assumptions
/// (<see cref="CpSolver.SufficientAssumptionsForInfeasibility"/>) shrunk by deletion, each rendered in words.
/// </summary>
internal static class WorkshareExplain
{
    /// <summary>Deletion runs on sets of at most this many limits.</summary>
    public const int MaxShrink = 30;

    /// <summary>Seconds each deletion check may take.</summary>
    public const double CheckSeconds = 2;

    private const int ListedPackages = 6;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Packages with no eligible company, each with why.</summary>
    public static List<WorkshareConflict> NoCandidates(WorkshareSetup s)
    {
        var conflicts = new List<WorkshareConflict>();
        var parents = s.Problem.CapabilityParents;
        for (var w = 0; w < s.Packages.Length; w++)
        {
            if (s.Eligible[w].Length > 0)
            {
                continue;
            }
            var wp = s.Packages[w];
            var values = PackageValues(s, w);
            var head = $"work package {Quote(wp)} ({Money(wp.Cost)})";
            string message;
            var asked = wp.Capabilities ?? [];
            if (s.Capable[w].Length == 0)
            {
                var missing = asked.Where(a => !s.Companies.Any(k => (k.Capabilities ?? []).Any(h => WorkshareSetup.Covers(h, a, parents)))).ToList();
                values["reason"] = "capability";
                values["capabilities"] = string.Join(",", asked);
                values["missing"] = string.Join(",", missing);
                message = missing.Count > 0
                    ? $"{head} needs {string.Join(", ", asked)}, but no company covers {string.Join(", ", missing)}"
                    : $"{head} needs {string.Join(", ", asked)}, but no single company covers all of them";
            }
            else if (wp.FixedCompany is { } f && !s.Capable[w].Contains(s.CompanyIndex[f]))
            {
                var k = s.Companies[s.CompanyIndex[f]];
                var missing = asked.Where(a => !(k.Capabilities ?? []).Any(h => WorkshareSetup.Covers(h, a, parents))).ToList();
                values["reason"] = "fixed";
                values["company"] = k.Id;
                values["companyName"] = k.Name;
                values["nation"] = k.Nation;
                values["missing"] = string.Join(",", missing);
                message = $"{head} is fixed to {k.Name} ({k.Nation}), which does not cover {string.Join(", ", missing)}";
            }
            else if (wp.FixedCompany is { } g && !s.Releasable[w][s.CompanyNation[s.CompanyIndex[g]]])
            {
                var k = s.Companies[s.CompanyIndex[g]];
                values["reason"] = "fixed";
                values["company"] = k.Id;
                values["companyName"] = k.Name;
                values["nation"] = k.Nation;
                values["nations"] = string.Join(",", Releasable(s, w));
                message = $"{head} is fixed to {k.Name} of {k.Nation}, but its technical data may be released only to {Or(Releasable(s, w))}";
            }
            else
            {
                var capable = s.Capable[w].Select(k => s.Companies[k]).ToList();
                var elsewhere = capable.Select(k => k.Nation).Distinct(StringComparer.Ordinal).ToList();
                values["reason"] = "release";
                values["nations"] = string.Join(",", Releasable(s, w));
                values["capableNations"] = string.Join(",", elsewhere);
                values["companies"] = string.Join(",", capable.Select(k => k.Name));
                message = $"{head} may go only to companies of {Or(Releasable(s, w))} (releasable to {string.Join(", ", Releasable(s, w))}), but the companies that can do it are all in {string.Join(", ", elsewhere)}: {Names(capable.Select(k => k.Name).ToList())}";
            }
            conflicts.Add(new("no_candidate", wp.Id, values, message));
        }
        return conflicts;
    }

    /// <summary>A set of limits that cannot hold together, and whether it was shrunk to a minimal one.</summary>
    public static (List<WorkshareConflict> Conflicts, bool Minimal) Conflicts(WorkshareSetup s, WorkshareMode mode, double timeLimitSeconds)
    {
        var model = new WorkshareModel(s, mode, explain: true);
        var (cp, _, literals) = model.ToCpModel();
        var byIndex = literals.ToDictionary(p => p.Value.GetIndex(), p => p.Key);
        var groups = model.Groups;

        CpSolverStatus Check(IReadOnlyList<string> assumed, double seconds, out List<string> core)
        {
            cp.ClearAssumptions();
            cp.AddAssumptions(assumed.Select(g => (ILiteral)literals[g]));
            var solver = new CpSolver
            {
                StringParameters = string.Create(Invariant, $"num_workers:1, max_time_in_seconds:{seconds}"),
            };
            var status = solver.Solve(cp);
            core = status == CpSolverStatus.Infeasible
                ? [.. solver.SufficientAssumptionsForInfeasibility().Select(i => byIndex.GetValueOrDefault(i)).OfType<string>()]
                : [];
            return status;
        }

        var first = Check(groups, timeLimitSeconds, out var sufficient);
        if (first != CpSolverStatus.Infeasible)
        {
            return ([], false);
        }
        var inCore = sufficient.ToHashSet(StringComparer.Ordinal);
        var current = sufficient.Count > 0 ? groups.Where(inCore.Contains).ToList() : [.. groups];
        var minimal = current.Count <= MaxShrink;
        if (minimal)
        {
            var i = 0;
            while (i < current.Count)
            {
                var trial = current.Where((_, j) => j != i).ToList();
                var status = Check(trial, CheckSeconds, out var core);
                if (status == CpSolverStatus.Infeasible)
                {
                    // Still infeasible without it: it stays out, and so does whatever the new core leaves out.
                    var keep = core.Count > 0 ? core.ToHashSet(StringComparer.Ordinal) : trial.ToHashSet(StringComparer.Ordinal);
                    var before = trial.Take(i).Count(keep.Contains);
                    current = [.. trial.Where(keep.Contains)];
                    i = before;
                    continue;
                }
                if (status != CpSolverStatus.Feasible && status != CpSolverStatus.Optimal)
                {
                    minimal = false;
                }
                i++;
            }
        }
        return ([.. Render(s, mode, current)], minimal);
    }

    private static IEnumerable<WorkshareConflict> Render(WorkshareSetup s, WorkshareMode mode, List<string> set)
    {
        var active = set.ToHashSet(StringComparer.Ordinal);

        // The companies each package may still go to with this set's limits in force (capability always holds).
        int[] Allowed(int w)
        {
            var wp = s.Packages[w];
            var release = active.Contains("release:" + wp.Id);
            var fixedIndex = wp.FixedCompany is { } f && active.Contains("fixed:" + wp.Id) ? s.CompanyIndex[f] : -1;
            return [.. s.Capable[w].Where(k => (!release || s.Releasable[w][s.CompanyNation[k]]) && (fixedIndex < 0 || k == fixedIndex))];
        }
        var allowed = Enumerable.Range(0, s.Packages.Length).Select(Allowed).ToArray();

        foreach (var group in set)
        {
            var colon = group.IndexOf(':', StringComparison.Ordinal);
            var kind = group[..colon];
            var subject = group[(colon + 1)..];
            switch (kind)
            {
                case "release":
                    {
                        var w = s.PackageIndex[subject];
                        var wp = s.Packages[w];
                        var values = PackageValues(s, w);
                        var excluded = s.Capable[w].Where(k => !s.Releasable[w][s.CompanyNation[k]]).Select(k => s.Companies[k]).ToList();
                        values["nations"] = string.Join(",", Releasable(s, w));
                        values["excluded"] = string.Join(",", excluded.Select(k => k.Name));
                        yield return new(kind, subject, values,
                            $"work package {Quote(wp)} ({Money(wp.Cost)}) may go only to companies of {Or(Releasable(s, w))} (its technical data is releasable to {string.Join(", ", Releasable(s, w))}), not to {Names(excluded.Select(k => $"{k.Name} ({k.Nation})").ToList())}");
                        break;
                    }
                case "fixed":
                    {
                        var w = s.PackageIndex[subject];
                        var wp = s.Packages[w];
                        var k = s.Companies[s.CompanyIndex[wp.FixedCompany!]];
                        var values = PackageValues(s, w);
                        values["company"] = k.Id;
                        values["companyName"] = k.Name;
                        values["nation"] = k.Nation;
                        yield return new(kind, subject, values, $"work package {Quote(wp)} ({Money(wp.Cost)}) is fixed to {k.Name} ({k.Nation})");
                        break;
                    }
                case "capacity":
                    {
                        var k = s.CompanyIndex[subject];
                        var company = s.Companies[k];
                        var only = Enumerable.Range(0, s.Packages.Length).Where(w => allowed[w].Length == 1 && allowed[w][0] == k).ToList();
                        var forced = only.Sum(w => s.Packages[w].Cost);
                        var values = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            ["company"] = company.Id,
                            ["companyName"] = company.Name,
                            ["nation"] = company.Nation,
                            ["capacity"] = Number(company.Capacity ?? 0),
                            ["forcedUsd"] = Number(forced),
                            ["packages"] = string.Join(",", only.Select(w => s.Packages[w].Id)),
                        };
                        var message = $"{company.Name} ({company.Nation}) can take at most {Money(company.Capacity ?? 0)} of work";
                        if (forced > (company.Capacity ?? 0))
                        {
                            message += $", but the packages only it can take come to {Money(forced)}: {PackageList(s, only)}";
                        }
                        yield return new(kind, subject, values, message);
                        break;
                    }
                case "share_ceiling":
                case "share_floor":
                    {
                        var n = Array.IndexOf(s.Nations, subject);
                        var ceiling = kind == "share_ceiling";
                        var percent = ceiling ? s.ShareBand(n).Upper : s.ShareBand(n).Lower;
                        var limitUsd = s.ToUsd(ceiling ? s.Upper[n] : s.Lower[n]);
                        var global = s.Problem.Policy == WorksharePolicy.Global;
                        var packages = ceiling
                            ? Enumerable.Range(0, s.Packages.Length).Where(w => allowed[w].Length > 0 && allowed[w].All(k => s.CompanyNation[k] == n)).ToList()
                            : Enumerable.Range(0, s.Packages.Length).Where(w => allowed[w].Any(k => s.CompanyNation[k] == n)).ToList();
                        var sum = packages.Sum(w => s.Packages[w].Cost);
                        var values = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            ["nation"] = subject,
                            [ceiling ? "ceilingPercent" : "floorPercent"] = Number(Math.Round(percent * 100, 6)),
                            [ceiling ? "ceilingUsd" : "floorUsd"] = Number(limitUsd),
                            [ceiling ? "forcedUsd" : "availableUsd"] = Number(sum),
                            ["packages"] = string.Join(",", packages.Select(w => s.Packages[w].Id)),
                            ["policy"] = global ? "global" : "program",
                        };
                        var whose = global ? $"{subject}'s share of all work (the history included)" : $"{subject}'s share of the work";
                        var usd = global ? $"{Money(limitUsd)} of this program's work" : Money(limitUsd);
                        var message = ceiling
                            ? $"{whose} may be at most {Percent(percent)} ({usd})"
                            : $"{whose} must be at least {Percent(percent)} ({usd})";
                        if (ceiling && sum > limitUsd)
                        {
                            message += $", but the packages only {subject} companies can take come to {Money(sum)}: {PackageList(s, packages)}";
                        }
                        else if (!ceiling && sum < limitUsd)
                        {
                            message += packages.Count == 0
                                ? $", but no package can go to {subject} companies"
                                : $", but the packages {subject} companies can take come to only {Money(sum)}: {PackageList(s, packages)}";
                        }
                        yield return new(kind, subject, values, message);
                        break;
                    }
                case "compartment":
                    {
                        var members = s.Subsystems.First(x => string.Equals(x.Name, subject, StringComparison.Ordinal)).Packages;
                        var where = members.Select(w => (w, Nations: allowed[w].Select(k => s.Nations[s.CompanyNation[k]]).Distinct(StringComparer.Ordinal).ToList())).ToList();
                        var values = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            ["subsystem"] = subject,
                            ["mode"] = mode.ToString().ToLowerInvariant(),
                            ["packages"] = string.Join(";", where.Select(p => $"{s.Packages[p.w].Id}={string.Join(",", p.Nations)}")),
                        };
                        var detail = string.Join("; ", where.Take(ListedPackages).Select(p => $"{Quote(s.Packages[p.w])} to {Or(p.Nations)}"));
                        if (where.Count > ListedPackages)
                        {
                            detail += $"; and {where.Count - ListedPackages} more";
                        }
                        yield return new(kind, subject, values, $"subsystem '{subject}' must sit in one nation (compartmentalized), but its packages can go: {detail}");
                        break;
                    }
            }
        }
    }

    private static Dictionary<string, string> PackageValues(WorkshareSetup s, int w) => new(StringComparer.Ordinal)
    {
        ["workPackage"] = s.Packages[w].Id,
        ["name"] = s.Packages[w].Name,
        ["cost"] = Number(s.Packages[w].Cost),
    };

    private static List<string> Releasable(WorkshareSetup s, int w) => [.. s.Nations.Where((_, n) => s.Releasable[w][n])];

    private static string PackageList(WorkshareSetup s, List<int> packages)
    {
        var listed = packages.OrderByDescending(w => s.Packages[w].Cost).Take(ListedPackages).Select(w => $"{Quote(s.Packages[w])} ({Money(s.Packages[w].Cost)})").ToList();
        var text = string.Join(", ", listed);
        return packages.Count > listed.Count ? $"{text} and {packages.Count - listed.Count} more" : text;
    }

    private static string Quote(WorkshareWorkPackage wp) => $"'{(string.IsNullOrWhiteSpace(wp.Name) ? wp.Id : wp.Name)}'";

    private static string Names(List<string> names) => names.Count == 0 ? "any other company" : string.Join(", ", names);

    private static string Or(List<string> items) => items.Count switch
    {
        0 => "no nation",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1],
    };

    public static string Money(double usd) => "$" + usd.ToString("N0", Invariant);

    private static string Percent(double share) => (share * 100).ToString("0.##", Invariant) + "%";

    private static string Number(double value) => value.ToString("R", Invariant);
}
