using System.Globalization;

namespace Musubi.Engines.Optimization.Workshare;

/// <summary>The input errors of docs/engines/workshare.md ("Input errors"), every one collected with its field path.</summary>
internal static class WorkshareValidation
{
    /// <summary>How far the funding shares may sum from 1.</summary>
    public const double ShareSumTolerance = 1e-9;

    /// <summary>The longest time limit a caller may ask for, seconds.</summary>
    public const double MaxTimeLimitSeconds = 3600;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static List<(string Field, string Message)> Problems(WorkshareProblem problem, WorkshareOptions? options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var errors = new List<(string Field, string Message)>();
        void Add(string field, string message) => errors.Add((field, message));

        var nations = problem.Nations ?? [];
        var partners = new HashSet<string>(StringComparer.Ordinal);
        if (nations.Count == 0)
        {
            Add("nations", "a program needs at least one partner nation");
        }
        var sum = 0.0;
        var sharesReadable = true;
        for (var i = 0; i < nations.Count; i++)
        {
            var n = nations[i];
            var path = $"nations[{i}]";
            if (n is null)
            {
                Add(path, "is empty");
                sharesReadable = false;
                continue;
            }
            if (string.IsNullOrWhiteSpace(n.Code))
            {
                Add(path + ".code", "is empty");
            }
            else if (!partners.Add(n.Code))
            {
                Add(path + ".code", $"nation '{n.Code}' appears twice");
            }
            if (!double.IsFinite(n.Share) || n.Share < 0 || n.Share > 1)
            {
                Add(path + ".share", $"must be a number from 0 to 1, not {Number(n.Share)}");
                sharesReadable = false;
            }
            else
            {
                sum += n.Share;
            }
        }
        if (nations.Count > 0 && sharesReadable && Math.Abs(sum - 1) > ShareSumTolerance)
        {
            // 15 significant digits: what the user wrote (0.7 + 0.2 reads 0.9, not 0.8999999999999999), and still every
            // digit a sum off by more than the 1e-9 tolerance needs.
            Add("nations", $"the funding shares sum to {sum.ToString("G15", Invariant)}, not 1 (± 1e-9)");
        }
        if (!double.IsFinite(problem.Tolerance) || problem.Tolerance < 0 || problem.Tolerance > 1)
        {
            Add("tolerance", $"must be a number from 0 to 1, not {Number(problem.Tolerance)}");
        }

        var companies = problem.Companies ?? [];
        var companyIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < companies.Count; i++)
        {
            var k = companies[i];
            var path = $"companies[{i}]";
            if (k is null)
            {
                Add(path, "is empty");
                continue;
            }
            if (string.IsNullOrWhiteSpace(k.Id))
            {
                Add(path + ".id", "is empty");
            }
            else if (!companyIds.Add(k.Id))
            {
                Add(path + ".id", $"company '{k.Id}' appears twice");
            }
            if (string.IsNullOrWhiteSpace(k.Nation) || !partners.Contains(k.Nation))
            {
                Add(path + ".nation", $"'{k.Nation}' is not a partner nation of the program ({string.Join(", ", partners)})");
            }
            if (k.Capacity is { } capacity && (!double.IsFinite(capacity) || capacity < 0))
            {
                Add(path + ".capacity", $"must be a number ≥ 0 (USD) or left out for no limit, not {Number(capacity)}");
            }
            if (!double.IsFinite(k.CostFactor) || k.CostFactor <= 0)
            {
                Add(path + ".costFactor", $"must be a number > 0, not {Number(k.CostFactor)}");
            }
            if (k.PastPerformance is { } pp && (!double.IsFinite(pp) || pp < 0 || pp > 1))
            {
                Add(path + ".pastPerformance", $"must be a number from 0 to 1, not {Number(pp)}");
            }
            Capabilities(problem, k.Capabilities, path + ".capabilities", Add);
        }

        var packages = problem.WorkPackages ?? [];
        var packageIds = new HashSet<string>(StringComparer.Ordinal);
        if (packages.Count == 0)
        {
            Add("workPackages", "a program needs at least one work package");
        }
        for (var i = 0; i < packages.Count; i++)
        {
            var w = packages[i];
            var path = $"workPackages[{i}]";
            if (w is null)
            {
                Add(path, "is empty");
                continue;
            }
            if (string.IsNullOrWhiteSpace(w.Id))
            {
                Add(path + ".id", "is empty");
            }
            else if (!packageIds.Add(w.Id))
            {
                Add(path + ".id", $"work package '{w.Id}' appears twice");
            }
            if (!double.IsFinite(w.Cost) || w.Cost < 0)
            {
                Add(path + ".cost", $"must be a number ≥ 0 (USD), not {Number(w.Cost)}");
            }
            Capabilities(problem, w.Capabilities, path + ".capabilities", Add);
            var releasable = w.ReleasableTo ?? [];
            for (var j = 0; j < releasable.Count; j++)
            {
                if (releasable[j] is null || !partners.Contains(releasable[j]))
                {
                    Add($"{path}.releasableTo[{j}]", $"'{releasable[j]}' is not a partner nation of the program");
                }
            }
            if (w.FixedCompany is { } fixedCompany && !companies.Any(k => k is not null && string.Equals(k.Id, fixedCompany, StringComparison.Ordinal)))
            {
                Add(path + ".fixedCompany", $"'{fixedCompany}' is not one of the companies");
            }
        }

        var interfaces = problem.Interfaces ?? [];
        for (var i = 0; i < interfaces.Count; i++)
        {
            var f = interfaces[i];
            var path = $"interfaces[{i}]";
            if (f is null)
            {
                Add(path, "is empty");
                continue;
            }
            if (f.A is null || !packageIds.Contains(f.A))
            {
                Add(path + ".a", $"'{f.A}' is not one of the work packages");
            }
            if (f.B is null || !packageIds.Contains(f.B))
            {
                Add(path + ".b", $"'{f.B}' is not one of the work packages");
            }
            else if (string.Equals(f.A, f.B, StringComparison.Ordinal))
            {
                Add(path + ".b", $"an interface joins two different work packages, not '{f.B}' with itself");
            }
            if (!double.IsFinite(f.Weight) || f.Weight < 0)
            {
                Add(path + ".weight", $"must be a number ≥ 0, not {Number(f.Weight)}");
            }
        }

        var history = problem.History ?? [];
        if (history.Count > 0 && problem.Policy == WorksharePolicy.Program)
        {
            Add("history", "history is read only under policy 'global' (this program's policy is 'program')");
        }
        for (var i = 0; i < history.Count; i++)
        {
            var h = history[i];
            var path = $"history[{i}]";
            if (h is null)
            {
                Add(path, "is empty");
                continue;
            }
            if (h.Nation is null || !partners.Contains(h.Nation))
            {
                Add(path + ".nation", $"'{h.Nation}' is not a partner nation of the program");
            }
            if (!double.IsFinite(h.Work) || h.Work < 0)
            {
                Add(path + ".work", $"must be a number ≥ 0 (USD), not {Number(h.Work)}");
            }
            if (!double.IsFinite(h.Funding) || h.Funding < 0)
            {
                Add(path + ".funding", $"must be a number ≥ 0 (USD), not {Number(h.Funding)}");
            }
        }

        if (options is not null)
        {
            foreach (var (field, value) in new[] { ("lambda", options.Lambda), ("mu", options.Mu), ("kappa", options.Kappa) })
            {
                if (value is { } v && (!double.IsFinite(v) || v < 0))
                {
                    Add(field, $"must be a number ≥ 0, not {Number(v)}");
                }
            }
            if (!double.IsFinite(options.TimeLimitSeconds) || options.TimeLimitSeconds <= 0 || options.TimeLimitSeconds > MaxTimeLimitSeconds)
            {
                Add("timeLimitSeconds", $"must be more than 0 and at most 3600 seconds, not {Number(options.TimeLimitSeconds)}");
            }
            if (options.Workers is < 1 or > 64)
            {
                Add("workers", $"must be 1–64, not {options.Workers}");
            }
        }
        return errors;
    }

    private static void Capabilities(WorkshareProblem problem, IReadOnlyList<string>? codes, string path, Action<string, string> add)
    {
        codes ??= [];
        for (var j = 0; j < codes.Count; j++)
        {
            var code = codes[j];
            if (string.IsNullOrWhiteSpace(code))
            {
                add($"{path}[{j}]", "is empty");
            }
            else if (problem.CapabilityParents is { } taxonomy && !taxonomy.ContainsKey(code))
            {
                add($"{path}[{j}]", $"unknown capability code '{code}' (not in the capability taxonomy)");
            }
        }
    }

    private static string Number(double value) => value.ToString("R", Invariant);
}
