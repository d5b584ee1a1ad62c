namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// A whole allocation (each package's company) with the model's objective and its excess over the limits kept up to
/// date move by move, for the local searches (<see cref="WorksharePolish"/>, <see cref="WorkshareAnneal"/>): cost ×
/// factor, the border coefficient of every interface whose packages are in different nations, μ·|W_n − T_n|, κ̂ per
/// extra nation of a subsystem (blend), all in the model's integer units; <see cref="Excess"/> is the work over each
/// company's capacity row plus each nation's distance outside its band (units), zero for an allocation that keeps them.
/// </summary>
internal sealed class WorkshareState
{
    private readonly WorkshareSetup s;
    private readonly WorkshareModel m;
    private readonly (int Other, long Coefficient)[][] borders;
    private readonly int[][] splitOf;
    private readonly int[][] members;
    private readonly long[] splitCoefficient;
    private readonly long[] mu;
    private readonly long[] limit;
    private readonly List<int>[] held;
    private readonly int[] slot;
    // The objective's coefficient of each column (0 where it has none): read at every move, where the model's
    // dictionary cost a lookup each time.
    private readonly long[] coefficient;

    public WorkshareState(WorkshareSetup setup, WorkshareModel model, int[] choice)
    {
        s = setup;
        m = model;
        coefficient = new long[m.Columns.Count];
        foreach (var (column, value) in m.Objective)
        {
            coefficient[column] = value;
        }
        var packages = s.Packages.Length;
        var nations = s.Nations.Length;
        Choice = [.. choice];
        Column = new int[packages];
        Nation = new int[packages];
        Load = new long[s.Companies.Length];
        Work = new long[nations];
        limit = new long[s.Companies.Length];
        Array.Fill(limit, long.MaxValue);
        foreach (var (k, l) in m.CapacityLimits)
        {
            limit[k] = l;
        }

        var byPackage = new List<(int, long)>[packages];
        foreach (var (c, a, b) in m.Borders)
        {
            (byPackage[a] ??= []).Add((b, Cost(c)));
            (byPackage[b] ??= []).Add((a, Cost(c)));
        }
        borders = [.. byPackage.Select(l => l?.ToArray() ?? [])];
        var splits = new List<int>[packages];
        members = new int[s.Subsystems.Length][];
        splitCoefficient = new long[s.Subsystems.Length];
        foreach (var (i, e) in m.Splits)
        {
            members[i] = new int[nations];
            splitCoefficient[i] = Cost(e);
            foreach (var w in s.Subsystems[i].Packages)
            {
                (splits[w] ??= []).Add(i);
            }
        }
        splitOf = [.. splits.Select(l => l?.ToArray() ?? [])];
        mu = [.. Enumerable.Range(0, nations).Select(n => m.Deviation[n] >= 0 ? Cost(m.Deviation[n]) : 0)];

        held = [.. s.Companies.Select(_ => new List<int>())];
        slot = new int[packages];
        for (var w = 0; w < packages; w++)
        {
            var k = Choice[w];
            slot[w] = held[k].Count;
            held[k].Add(w);
            Column[w] = m.X[w].First(p => p.Company == k).Column;
            Nation[w] = s.CompanyNation[k];
            Load[k] += s.Units[w];
            Work[Nation[w]] += s.Units[w];
            foreach (var i in splitOf[w])
            {
                members[i][Nation[w]]++;
            }
        }
        Objective = Recount();
        Excess = Enumerable.Range(0, s.Companies.Length).Sum(k => Over(k, Load[k])) + Enumerable.Range(0, nations).Sum(n => Outside(n, Work[n]));
    }

    /// <summary>Each package's company.</summary>
    public int[] Choice { get; }

    /// <summary>Each package's x column.</summary>
    public int[] Column { get; }

    /// <summary>Each package's nation.</summary>
    public int[] Nation { get; }

    /// <summary>Work per company, units.</summary>
    public long[] Load { get; }

    /// <summary>Work per nation, units.</summary>
    public long[] Work { get; }

    /// <summary>The model's objective of this allocation, units.</summary>
    public long Objective { get; private set; }

    /// <summary>Work over capacity rows plus distance outside the bands, units; 0 when every limit holds.</summary>
    public long Excess { get; private set; }

    /// <summary>The interfaces of a package with a border column: the other package and the coefficient of y.</summary>
    public (int Other, long Coefficient)[] Borders(int w) => borders[w];

    /// <summary>ĉ_w of package <paramref name="w"/>.</summary>
    public long Units(int w) => s.Units[w];

    public long Cost(int column) => coefficient[column];

    private long Deviation(int n, long units) => mu[n] * Math.Abs(units - s.Target[n]);

    private static long Split(int[] count) => Math.Max(0, count.Count(c => c > 0) - 1);

    private long Over(int k, long load) => Math.Max(0, load - limit[k]);

    private long Outside(int n, long work) => Math.Max(0, s.Lower[n] - work) + Math.Max(0, work - s.Upper[n]);

    /// <summary>Whether company <paramref name="k"/> has room for <paramref name="units"/> more.</summary>
    public bool Room(int k, long units) => Load[k] + units <= limit[k];

    /// <summary>The objective from scratch (a check on the running value).</summary>
    public long Recount()
    {
        long total = 0;
        for (var w = 0; w < Choice.Length; w++)
        {
            total += Cost(Column[w]);
        }
        foreach (var (c, a, b) in m.Borders)
        {
            total += Nation[a] != Nation[b] ? Cost(c) : 0;
        }
        for (var n = 0; n < Work.Length; n++)
        {
            total += Deviation(n, Work[n]);
        }
        foreach (var (i, _) in m.Splits)
        {
            total += splitCoefficient[i] * Split(members[i]);
        }
        return total;
    }

    /// <summary>What moving package <paramref name="w"/> to company <paramref name="k"/> (column <paramref name="c"/>) changes in the objective.</summary>
    public long Delta(int w, int k, int c)
    {
        var delta = Cost(c) - Cost(Column[w]);
        var (from, to) = (Nation[w], s.CompanyNation[k]);
        if (from == to)
        {
            return delta;
        }
        var units = s.Units[w];
        foreach (var (other, coefficient) in borders[w])
        {
            var there = Nation[other];
            delta += there == from ? coefficient : there == to ? -coefficient : 0;
        }
        delta += Deviation(from, Work[from] - units) - Deviation(from, Work[from]) + Deviation(to, Work[to] + units) - Deviation(to, Work[to]);
        foreach (var i in splitOf[w])
        {
            var count = members[i];
            var before = Split(count);
            count[from]--;
            count[to]++;
            delta += splitCoefficient[i] * (Split(count) - before);
            count[from]++;
            count[to]--;
        }
        return delta;
    }

    /// <summary>Moves package <paramref name="w"/> to company <paramref name="k"/> (column <paramref name="c"/>), keeping the objective and the excess.</summary>
    public void Place(int w, int k, int c)
    {
        Objective += Delta(w, k, c);
        var units = s.Units[w];
        var (was, from, to) = (Choice[w], Nation[w], s.CompanyNation[k]);
        Excess -= Over(was, Load[was]) + Over(k, Load[k]);
        Load[was] -= units;
        Load[k] += units;
        Excess += Over(was, Load[was]) + Over(k, Load[k]);
        if (from != to)
        {
            Excess -= Outside(from, Work[from]) + Outside(to, Work[to]);
            Work[from] -= units;
            Work[to] += units;
            Excess += Outside(from, Work[from]) + Outside(to, Work[to]);
            foreach (var i in splitOf[w])
            {
                members[i][from]--;
                members[i][to]++;
            }
        }
        if (was != k)
        {
            // Out of the old company's list (the last one takes its slot), into the new one's.
            var list = held[was];
            var last = list[^1];
            list[slot[w]] = last;
            slot[last] = slot[w];
            list.RemoveAt(list.Count - 1);
            slot[w] = held[k].Count;
            held[k].Add(w);
        }
        Choice[w] = k;
        Column[w] = c;
        Nation[w] = to;
    }

    /// <summary>The packages company <paramref name="k"/> has now (do not keep: moves change it).</summary>
    public List<int> Held(int k) => held[k];

    /// <summary>Whether company <paramref name="k"/> is within its capacity row.</summary>
    public bool Within(int k) => Load[k] <= limit[k];

    /// <summary>Whether the move keeps company <paramref name="k"/>'s capacity and both nations' bands (the rest of the allocation as it is).</summary>
    public bool Keeps(int w, int k)
    {
        var units = s.Units[w];
        if (k != Choice[w] && Load[k] + units > limit[k])
        {
            return false;
        }
        var (from, to) = (Nation[w], s.CompanyNation[k]);
        return from == to || (Work[from] - units >= s.Lower[from] && Work[to] + units <= s.Upper[to]);
    }
}
