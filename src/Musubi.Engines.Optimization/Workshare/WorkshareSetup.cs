namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// A validated problem in indices: the money unit <c>r</c> and each package's cost in units, which companies can take
/// each package (capable; and eligible — capable, releasable, the fixed company), the subsystems, the interfaces merged
/// per pair, λ μ κ resolved, and each nation's balance band and target in units (docs/engines/workshare.md, "Model").
/// </summary>
internal sealed class WorkshareSetup
{
    public WorkshareSetup(WorkshareProblem problem, WorkshareOptions options)
    {
        Problem = problem;
        Options = options;
        Nations = [.. problem.Nations.Select(n => n.Code)];
        var nationIndex = Nations.Select((code, i) => (code, i)).ToDictionary(p => p.code, p => p.i, StringComparer.Ordinal);
        Share = [.. problem.Nations.Select(n => n.Share)];
        Packages = [.. problem.WorkPackages];
        Companies = [.. problem.Companies ?? []];
        CompanyNation = [.. Companies.Select(k => nationIndex[k.Nation])];
        CompanyIndex = Companies.Select((k, i) => (k.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        PackageIndex = Packages.Select((w, i) => (w.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        Total = Packages.Sum(w => w.Cost);
        var history = problem.Policy == WorksharePolicy.Global ? problem.History ?? [] : [];
        HistoryWork = new double[Nations.Length];
        HistoryFunding = new double[Nations.Length];
        foreach (var h in history)
        {
            HistoryWork[nationIndex[h.Nation]] += h.Work;
            HistoryFunding[nationIndex[h.Nation]] += h.Funding;
        }

        // r: the power of ten that keeps the program's total (with the history under policy global) at most 10⁹ units.
        var largest = Total + HistoryWork.Sum();
        Unit = 1;
        while (largest / Unit > 1e9)
        {
            Unit *= 10;
        }
        Units = [.. Packages.Select(w => (long)Math.Round(w.Cost / Unit, MidpointRounding.AwayFromZero))];
        TotalUnits = Units.Sum();

        Lambda = options.Lambda ?? 0.01 * Total;
        Mu = options.Mu ?? 1;
        Kappa = options.Kappa ?? 0.05 * Total;

        var parents = problem.CapabilityParents;
        Capable = new int[Packages.Length][];
        Eligible = new int[Packages.Length][];
        Releasable = new bool[Packages.Length][];
        for (var w = 0; w < Packages.Length; w++)
        {
            var wp = Packages[w];
            var asked = wp.Capabilities ?? [];
            Capable[w] = [.. Enumerable.Range(0, Companies.Length).Where(k => asked.All(a => (Companies[k].Capabilities ?? []).Any(h => Covers(h, a, parents))))];
            Releasable[w] = [.. Nations.Select(n => wp.ReleasableTo is null || wp.ReleasableTo.Contains(n, StringComparer.Ordinal))];
            var fixedIndex = wp.FixedCompany is { } f ? CompanyIndex[f] : -1;
            Eligible[w] = [.. Capable[w].Where(k => Releasable[w][CompanyNation[k]] && (fixedIndex < 0 || k == fixedIndex))];
        }

        // Subsystems: named ones with two packages or more (a package alone is in one nation anyway).
        var bySubsystem = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var w = 0; w < Packages.Length; w++)
        {
            if (Packages[w].Subsystem is { Length: > 0 } s)
            {
                if (!bySubsystem.TryGetValue(s, out var list))
                {
                    bySubsystem[s] = list = [];
                }
                list.Add(w);
            }
        }
        Subsystems = [.. bySubsystem.Where(p => p.Value.Count >= 2).Select(p => (p.Key, p.Value.ToArray()))];

        var merged = new Dictionary<(int, int), double>();
        foreach (var f in problem.Interfaces ?? [])
        {
            var a = PackageIndex[f.A];
            var b = PackageIndex[f.B];
            var key = a < b ? (a, b) : (b, a);
            merged[key] = merged.GetValueOrDefault(key) + f.Weight;
        }
        Interfaces = [.. merged.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2).Select(p => (p.Key.Item1, p.Key.Item2, p.Value))];

        // Balance: shares as decimals so that 0.5 − 0.05 is 0.45 exactly and its bound a whole number of units.
        var tolerance = (decimal)problem.Tolerance;
        Lower = new long[Nations.Length];
        Upper = new long[Nations.Length];
        Target = new long[Nations.Length];
        TargetShare = new double[Nations.Length];
        HistoryUnits = [.. HistoryWork.Select(h => (long)Math.Round(h / Unit, MidpointRounding.AwayFromZero))];
        var historyUnits = HistoryUnits.Sum();
        var funding = (decimal)HistoryFunding.Sum() + (decimal)Total;
        for (var n = 0; n < Nations.Length; n++)
        {
            var share = (decimal)Share[n];
            if (problem.Policy == WorksharePolicy.Global && funding > 0)
            {
                share = ((decimal)HistoryFunding[n] + (share * (decimal)Total)) / funding;
            }
            TargetShare[n] = (double)share;
            var all = historyUnits + TotalUnits;
            Lower[n] = (long)Math.Ceiling((share - tolerance) * all) - HistoryUnits[n];
            Upper[n] = (long)Math.Floor((share + tolerance) * all) - HistoryUnits[n];
            Target[n] = (long)Math.Round(share * all, MidpointRounding.AwayFromZero) - HistoryUnits[n];
        }
    }

    public WorkshareProblem Problem { get; }

    public WorkshareOptions Options { get; }

    public string[] Nations { get; }

    public double[] Share { get; }

    public WorkshareWorkPackage[] Packages { get; }

    public WorkshareCompany[] Companies { get; }

    public int[] CompanyNation { get; }

    public Dictionary<string, int> CompanyIndex { get; }

    public Dictionary<string, int> PackageIndex { get; }

    /// <summary>C, USD.</summary>
    public double Total { get; }

    /// <summary>r, USD per unit.</summary>
    public long Unit { get; }

    /// <summary>ĉ_w.</summary>
    public long[] Units { get; }

    /// <summary>Ĉ.</summary>
    public long TotalUnits { get; }

    public double Lambda { get; }

    public double Mu { get; }

    public double Kappa { get; }

    /// <summary>Companies covering every capability of each package.</summary>
    public int[][] Capable { get; }

    /// <summary>Capable companies in a releasable nation (the fixed company only, when there is one): the x_wk that exist.</summary>
    public int[][] Eligible { get; }

    /// <summary>Whether each package's data may go to each nation.</summary>
    public bool[][] Releasable { get; }

    /// <summary>Named subsystems with two packages or more.</summary>
    public (string Name, int[] Packages)[] Subsystems { get; }

    /// <summary>Interfaces merged per pair of packages (a &lt; b), weights summed.</summary>
    public (int A, int B, double Weight)[] Interfaces { get; }

    public double[] HistoryWork { get; }

    public double[] HistoryFunding { get; }

    public long[] HistoryUnits { get; }

    /// <summary>L_n, in units of this program's work (the history taken off under policy global).</summary>
    public long[] Lower { get; }

    /// <summary>U_n, likewise.</summary>
    public long[] Upper { get; }

    /// <summary>T_n, likewise.</summary>
    public long[] Target { get; }

    /// <summary>s_n (policy program) or σ_n (policy global).</summary>
    public double[] TargetShare { get; }

    public double ToUsd(long units) => (double)((decimal)units * Unit);

    /// <summary>
    /// Nation <paramref name="n"/>'s band of shares, its target share ± the tolerance within [0, 1], in decimals as the
    /// bounds above are, so that 0.4 − 0.1 reads 0.3 and not 0.30000000000000004.
    /// </summary>
    public (double Lower, double Upper) ShareBand(int n)
    {
        var (share, tolerance) = ((decimal)TargetShare[n], (decimal)Problem.Tolerance);
        return ((double)Math.Max(0, share - tolerance), (double)Math.Min(1, share + tolerance));
    }

    /// <summary>Whether a company holding <paramref name="held"/> covers a package asking for <paramref name="asked"/>: the same code or a narrower one.</summary>
    public static bool Covers(string held, string asked, IReadOnlyDictionary<string, string?>? parents)
    {
        if (string.Equals(held, asked, StringComparison.Ordinal))
        {
            return true;
        }
        if (parents is null)
        {
            return false;
        }
        var code = held;
        for (var depth = 0; depth < 64 && parents.TryGetValue(code, out var parent) && parent is not null; depth++)
        {
            if (string.Equals(parent, asked, StringComparison.Ordinal))
            {
                return true;
            }
            code = parent;
        }
        return false;
    }
}
