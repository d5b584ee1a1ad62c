using System.Globalization;
using Google.OrTools.Sat;

namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// The integer model of docs/engines/workshare.md ("Model") as plain rows with integer coefficients, built once and
/// then handed both to CP-SAT (<see cref="ToCpModel"/>) and to the LP/MPS writer (<see cref="ExportLp"/>,
/// <see cref="ExportMps"/>), so the exported model is the solved one. With <c>explain</c>, the feasibility model of
/// "Explanations": every capable pair has its x, and each limit (release, fixed, capacity, share floor and ceiling,
/// compartment) carries a group name to be switched on by an assumption literal.
/// </summary>
internal sealed class WorkshareModel
{
    public const long Infinity = long.MaxValue;

    /// <summary>A bound as a solver or file takes it: ±<see cref="Infinity"/> as ±∞.</summary>
    public static double Bound(long value) => value == Infinity ? double.PositiveInfinity : value == -Infinity ? double.NegativeInfinity : value;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly WorkshareSetup setup;

    /// <param name="setup">The resolved program.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="explain">The feasibility model of the explanations.</param>
    /// <param name="leafBorders">Border rows in the leaf form, y ≥ Σ_n (X_an − X_bn)⁺ (ADR 0024); otherwise the pairwise
    /// form, y ≥ |X_an − X_bn| for each nation.</param>
    public WorkshareModel(WorkshareSetup setup, WorkshareMode mode, bool explain, bool leafBorders = false)
    {
        this.setup = setup;
        Mode = mode;
        Explain = explain;
        LeafBorders = leafBorders;
        Build();
    }

    public WorkshareMode Mode { get; }

    public bool LeafBorders { get; }

    public bool Explain { get; }

    public List<Column> Columns { get; } = [];

    public List<Row> Rows { get; } = [];

    /// <summary>Objective coefficients, integers in units of r/1000 USD.</summary>
    public Dictionary<int, long> Objective { get; } = [];

    /// <summary>x_wk: per package, (company, column).</summary>
    public List<(int Company, int Column)>[] X { get; private set; } = [];

    /// <summary>D_n's column per nation (−1 in the explanation model).</summary>
    public int[] Deviation { get; private set; } = [];

    /// <summary>y_ab's column per interface that has one: (column, a, b).</summary>
    public List<(int Column, int A, int B)> Borders { get; } = [];

    /// <summary>In the leaf form, v_{i,n}'s column per border and nation of its side P: 1 when package P is in nation n and Q is not.</summary>
    public List<(int Column, int P, int Q, int Nation)> BorderLeaves { get; } = [];

    /// <summary>u_{S,n}'s column by (subsystem index, nation).</summary>
    public Dictionary<(int Subsystem, int Nation), int> SubsystemNations { get; } = [];

    /// <summary>e_S's column by subsystem index (blend mode with κ̂ &gt; 0).</summary>
    public Dictionary<int, int> Splits { get; } = [];

    /// <summary>The capacity row's limit per company that has one (units).</summary>
    public Dictionary<int, long> CapacityLimits { get; } = [];

    /// <summary>The limit groups of the explanation model, in the order they were made.</summary>
    public List<string> Groups { get; } = [];

    /// <summary>
    /// A column: an integer between <paramref name="Lower"/> and <paramref name="Upper"/>. With <paramref name="Scale"/>
    /// above 1 the LP solvers — HiGHS and the exported LP/MPS files — are given it divided by <paramref name="Scale"/>,
    /// as a continuous column x′ = x / Scale (its row coefficients and cost multiplied by Scale, its bounds divided):
    /// the deviation columns (<see cref="DeviationScale"/>, ADR 0041). CP-SAT and the searches keep the integer.
    /// </summary>
    public sealed record Column(string Name, long Lower, long Upper, long Scale = 1)
    {
        /// <summary>Whether the LP solvers take it as an integer (not scaled).</summary>
        public bool Integer => Scale == 1;

        /// <summary>Its lower bound as the LP solvers take it (divided by <see cref="Scale"/>).</summary>
        public double SolverLower => Bound(Lower) / Scale;

        /// <summary>Its upper bound as the LP solvers take it (divided by <see cref="Scale"/>).</summary>
        public double SolverUpper => Bound(Upper) / Scale;
    }

    public sealed record Row(string Name, List<(int Column, long Value)> Terms, long Lower, long Upper, string? Group, bool ExactlyOne = false);

    /// <summary>What one unit of the objective is worth, USD (r / 1000).</summary>
    public decimal ObjectiveUnitUsd => setup.Unit / 1000m;

    private int AddColumn(string name, long lower, long upper, long scale = 1)
    {
        Columns.Add(new(name, lower, upper, scale));
        return Columns.Count - 1;
    }

    /// <summary>
    /// The unit of the deviation columns D_n as the LP solvers are given them (<see cref="Column.Scale"/>): the largest
    /// power of ten not above the median work package's work, in units. D_n in single units beside packages of millions
    /// of units made the deviation rows so ill-conditioned that HiGHS and cbc each declared allocations "optimal" that
    /// were not — up to 0.5% dearer than an allocation the other solver found and exact arithmetic confirmed — on
    /// generated programs of 60 packages with the default λ, μ and κ. In this unit, and continuous (the least D_n of
    /// any allocation is a whole number of units anyway, so the optimum is unchanged), every solver and setting agreed
    /// (ADR 0041).
    /// </summary>
    public long DeviationScale { get; private set; } = 1;

    private void AddRow(string name, List<(int Column, long Value)> terms, long lower, long upper, string? group = null, bool exactlyOne = false)
    {
        group = Explain ? group : null;
        if (group is not null && (Groups.Count == 0 || !string.Equals(Groups[^1], group, StringComparison.Ordinal)) && !Groups.Contains(group, StringComparer.Ordinal))
        {
            Groups.Add(group);
        }
        Rows.Add(new(name, terms, lower, upper, group, exactlyOne));
    }

    /// <summary>The largest power of ten not above <paramref name="value"/> (≥ 1).</summary>
    internal static long PowerOfTenAtMost(long value)
    {
        var power = 1L;
        while (power <= value / 10)
        {
            power *= 10;
        }
        return power;
    }

    private static long Coefficient(double value) => (long)Math.Round(value, MidpointRounding.AwayFromZero);

    private void Build()
    {
        var s = setup;
        var nations = s.Nations.Length;
        X = new List<(int, int)>[s.Packages.Length];
        for (var w = 0; w < s.Packages.Length; w++)
        {
            X[w] = [];
            foreach (var k in Explain ? s.Capable[w] : s.Eligible[w])
            {
                var column = AddColumn(string.Create(Invariant, $"x_{w}_{k}"), 0, 1);
                X[w].Add((k, column));
                if (!Explain)
                {
                    var coefficient = Coefficient(1000 * s.Packages[w].Cost * s.Companies[k].CostFactor / s.Unit);
                    if (coefficient != 0)
                    {
                        Objective[column] = coefficient;
                    }
                }
            }
        }

        for (var w = 0; w < s.Packages.Length; w++)
        {
            AddRow(string.Create(Invariant, $"one_{w}"), [.. X[w].Select(p => (p.Column, 1L))], 1, 1, exactlyOne: true);
        }

        if (Explain)
        {
            for (var w = 0; w < s.Packages.Length; w++)
            {
                var unreleasable = X[w].Where(p => !s.Releasable[w][s.CompanyNation[p.Company]]).ToList();
                if (unreleasable.Count > 0)
                {
                    AddRow(string.Create(Invariant, $"release_{w}"), [.. unreleasable.Select(p => (p.Column, 1L))], 0, 0, $"release:{s.Packages[w].Id}");
                }
                if (s.Packages[w].FixedCompany is { } f)
                {
                    var fixedIndex = s.CompanyIndex[f];
                    var others = X[w].Where(p => p.Company != fixedIndex).ToList();
                    if (others.Count > 0)
                    {
                        AddRow(string.Create(Invariant, $"fixed_{w}"), [.. others.Select(p => (p.Column, 1L))], 0, 0, $"fixed:{s.Packages[w].Id}");
                    }
                }
            }
        }

        // Capacity: Σ ĉ_w x_wk ≤ ⌊cap_k / r⌋, where the company could otherwise exceed it.
        var byCompany = new List<(int Package, int Column)>[s.Companies.Length];
        for (var w = 0; w < s.Packages.Length; w++)
        {
            foreach (var (k, column) in X[w])
            {
                (byCompany[k] ??= []).Add((w, column));
            }
        }
        for (var k = 0; k < s.Companies.Length; k++)
        {
            if (s.Companies[k].Capacity is not { } capacity || byCompany[k] is null)
            {
                continue;
            }
            var limit = (long)Math.Floor(capacity / s.Unit);
            var terms = byCompany[k].Where(p => s.Units[p.Package] > 0).Select(p => (p.Column, s.Units[p.Package])).ToList();
            if (terms.Sum(t => t.Item2) > limit)
            {
                CapacityLimits[k] = limit;
                AddRow(string.Create(Invariant, $"capacity_{k}"), terms, -Infinity, limit, $"capacity:{s.Companies[k].Id}");
            }
        }

        // A nation's work W_n = Σ ĉ_w x_wk over its companies; the balance band and the deviation from target.
        var work = new List<(int Column, long Value)>[nations];
        for (var n = 0; n < nations; n++)
        {
            work[n] = [];
        }
        for (var w = 0; w < s.Packages.Length; w++)
        {
            if (s.Units[w] == 0)
            {
                continue;
            }
            foreach (var (k, column) in X[w])
            {
                work[s.CompanyNation[k]].Add((column, s.Units[w]));
            }
        }
        Deviation = new int[nations];
        Array.Fill(Deviation, -1);
        var sizes = s.Units.Where(u => u > 0).Order().ToArray();
        DeviationScale = sizes.Length == 0 ? 1 : PowerOfTenAtMost(sizes[sizes.Length / 2]);
        for (var n = 0; n < nations; n++)
        {
            if (Explain)
            {
                if (s.Lower[n] > 0)
                {
                    AddRow(string.Create(Invariant, $"floor_{n}"), work[n], s.Lower[n], Infinity, $"share_floor:{s.Nations[n]}");
                }
                if (s.Upper[n] < work[n].Sum(t => t.Value))
                {
                    AddRow(string.Create(Invariant, $"ceiling_{n}"), work[n], -Infinity, s.Upper[n], $"share_ceiling:{s.Nations[n]}");
                }
                continue;
            }
            AddRow(string.Create(Invariant, $"share_{n}"), work[n], s.Lower[n], s.Upper[n]);
            var target = s.Target[n];
            var d = AddColumn(string.Create(Invariant, $"d_{n}"), 0, s.TotalUnits + Math.Abs(target), DeviationScale);
            Deviation[n] = d;
            var mu = Coefficient(1000 * s.Mu);
            if (mu != 0)
            {
                Objective[d] = mu;
            }
            // D_n ≥ W_n − T_n and D_n ≥ T_n − W_n.
            AddRow(string.Create(Invariant, $"over_{n}"), [(d, 1), .. work[n].Select(t => (t.Column, -t.Value))], -target, Infinity);
            AddRow(string.Create(Invariant, $"under_{n}"), [(d, 1), .. work[n]], target, Infinity);
        }

        // Subsystems: u_{S,n} ≥ Σ_{k∈n} x_wk for every package w of S and nation n it can go to.
        var splitCoefficient = Coefficient(1000 * s.Kappa / s.Unit);
        for (var i = 0; i < s.Subsystems.Length; i++)
        {
            if (Mode == WorkshareMode.Integrated || (Mode == WorkshareMode.Blend && (Explain || splitCoefficient == 0)))
            {
                break;
            }
            var (name, members) = s.Subsystems[i];
            var reachable = members.SelectMany(w => X[w].Select(p => s.CompanyNation[p.Company])).Distinct().Order().ToArray();
            if (reachable.Length < 2)
            {
                continue;
            }
            var u = new Dictionary<int, int>();
            foreach (var n in reachable)
            {
                u[n] = AddColumn(string.Create(Invariant, $"u_{i}_{n}"), 0, 1);
                SubsystemNations[(i, n)] = u[n];
            }
            foreach (var w in members)
            {
                foreach (var group in X[w].GroupBy(p => s.CompanyNation[p.Company]))
                {
                    AddRow(string.Create(Invariant, $"in_{i}_{w}_{group.Key}"), [.. group.Select(p => (p.Column, 1L)), (u[group.Key], -1)], -Infinity, 0);
                }
            }
            var nationsUsed = u.Values.Select(c => (c, 1L)).ToList();
            if (Mode == WorkshareMode.Compartmentalized)
            {
                // Σ_n u_{S,n} = 1; in the explanation model ≤ 1 behind the literal compartment:S (the links stay).
                AddRow(string.Create(Invariant, $"compartment_{i}"), nationsUsed, Explain ? -Infinity : 1, 1, Explain ? $"compartment:{name}" : null);
            }
            else
            {
                // e_S ≥ Σ_n u_{S,n} − 1.
                var e = AddColumn(string.Create(Invariant, $"e_{i}"), 0, reachable.Length - 1);
                Objective[e] = splitCoefficient;
                Splits[i] = e;
                AddRow(string.Create(Invariant, $"split_{i}"), [(e, 1), .. nationsUsed.Select(t => (t.c, -1L))], -1, Infinity);
            }
        }

        // Interfaces: y_ab ≥ ±(Σ_{k∈n} x_ak − Σ_{k∈n} x_bk) for each nation n that a (+) or b (−) can go to.
        if (Explain || Mode == WorkshareMode.Compartmentalized)
        {
            return;
        }
        for (var i = 0; i < s.Interfaces.Length; i++)
        {
            var (a, b, weight) = s.Interfaces[i];
            var coefficient = Coefficient(1000 * s.Lambda * weight / s.Unit);
            if (coefficient == 0)
            {
                continue;
            }
            var na = X[a].Select(p => s.CompanyNation[p.Company]).Distinct().Order().ToArray();
            var nb = X[b].Select(p => s.CompanyNation[p.Company]).Distinct().ToArray();
            if (na.Length == 1 && nb.Length == 1 && na[0] == nb[0])
            {
                continue;
            }
            var y = AddColumn(string.Create(Invariant, $"y_{i}"), 0, 1);
            Objective[y] = coefficient;
            Borders.Add((y, a, b));
            if (LeafBorders)
            {
                AddLeafBorder(i, a, b, na, nb, y);
                continue;
            }
            // Both directions for every nation either package can go to: y ≥ X_an − X_bn and y ≥ X_bn − X_an. For whole
            // allocations one direction over a's nations is enough; the LP relaxation is much tighter with both (a
            // fractional package spread over two nations no longer hides a border): on the benchmark's 500-package
            // program the proven bound at 30 s went from $27 billion to $121 billion (docs/engines/workshare.md).
            foreach (var n in na.Union(nb).Order())
            {
                var toward = Difference(a, b, n);
                if (na.Contains(n))
                {
                    AddRow(string.Create(Invariant, $"border_{i}_{n}"), [.. toward, (y, -1L)], -Infinity, 0);
                }
                if (nb.Contains(n))
                {
                    AddRow(string.Create(Invariant, $"border_{i}_{n}_b"), [.. toward.Select(t => (t.Column, -t.Value)), (y, -1L)], -Infinity, 0);
                }
            }
        }
    }

    /// <summary>
    /// The leaf form of a border (ADR 0024): y ≥ Σ_n v_n and v_n ≥ X_Pn − X_Qn over the nations of P, the side with fewer
    /// nations to go to. For whole allocations Σ_n (X_Pn − X_Qn)⁺ is 1 across a border and 0 within a nation, as in the
    /// pairwise form; for fractional ones it is half the distance between the two packages' spreads over the nations,
    /// never less than the pairwise form's largest difference. A side with one nation needs no leaf: y ≥ 1 − X_Qn.
    /// </summary>
    private void AddLeafBorder(int i, int a, int b, int[] na, int[] nb, int y)
    {
        var (p, q, nations) = na.Length <= nb.Length ? (a, b, na) : (b, a, nb.Order().ToArray());
        if (nations.Length == 1)
        {
            AddRow(string.Create(Invariant, $"border_{i}"), [.. Difference(p, q, nations[0]), (y, -1L)], -Infinity, 0);
            return;
        }
        List<(int Column, long Value)> sum = [(y, -1L)];
        foreach (var n in nations)
        {
            var v = AddColumn(string.Create(Invariant, $"v_{i}_{n}"), 0, 1);
            BorderLeaves.Add((v, p, q, n));
            AddRow(string.Create(Invariant, $"border_{i}_{n}"), [.. Difference(p, q, n), (v, -1L)], -Infinity, 0);
            sum.Add((v, 1L));
        }
        AddRow(string.Create(Invariant, $"border_{i}"), sum, -Infinity, 0);
    }

    /// <summary>X_pn − X_qn as terms: package p's columns in nation n, less package q's.</summary>
    private List<(int Column, long Value)> Difference(int p, int q, int n) =>
        [.. X[p].Where(t => setup.CompanyNation[t.Company] == n).Select(t => (t.Column, 1L)),
         .. X[q].Where(t => setup.CompanyNation[t.Company] == n).Select(t => (t.Column, -1L))];

    /// <summary>
    /// The CP-SAT model. In the explanation model each group's rows are enforced by one literal, returned by group.
    /// </summary>
    public (CpModel Model, IntVar[] Variables, Dictionary<string, BoolVar> Literals) ToCpModel()
    {
        var model = new CpModel();
        var variables = new IntVar[Columns.Count];
        for (var j = 0; j < Columns.Count; j++)
        {
            var c = Columns[j];
            variables[j] = c.Lower == 0 && c.Upper == 1 ? model.NewBoolVar(c.Name) : model.NewIntVar(c.Lower, c.Upper, c.Name);
        }
        var literals = new Dictionary<string, BoolVar>(StringComparer.Ordinal);
        foreach (var group in Groups)
        {
            literals[group] = model.NewBoolVar("limit:" + group);
        }
        foreach (var row in Rows)
        {
            if (row.ExactlyOne && row.Group is null)
            {
                model.AddExactlyOne(row.Terms.Select(t => (ILiteral)(BoolVar)variables[t.Column]));
                continue;
            }
            var expression = LinearExpr.NewBuilder();
            foreach (var (column, value) in row.Terms)
            {
                expression.AddTerm(variables[column], value);
            }
            var constraint = model.AddLinearConstraint(expression, row.Lower == -Infinity ? long.MinValue : row.Lower, row.Upper);
            if (row.Group is { } g)
            {
                constraint.OnlyEnforceIf(literals[g]);
            }
        }
        if (!Explain)
        {
            var objective = LinearExpr.NewBuilder();
            foreach (var (column, value) in Objective.OrderBy(p => p.Key))
            {
                objective.AddTerm(variables[column], value);
            }
            model.Minimize(objective);
        }
        return (model, variables, literals);
    }

    private (List<(string Name, double Lower, double Upper, bool Integer)> Columns, List<(string Name, double Lower, double Upper)> Rows, List<(int Row, int Column, double Value)> Entries, Dictionary<int, double> Costs) Linear()
    {
        // A scaled column (Column.Scale) as the LP solvers take it: continuous, divided by its scale.
        var columns = Columns.Select(c => (c.Name, c.SolverLower, c.SolverUpper, c.Integer)).ToList();
        var rows = Rows.Select(r => (r.Name, Bound(r.Lower), Bound(r.Upper))).ToList();
        var entries = new List<(int Row, int Column, double Value)>();
        for (var r = 0; r < Rows.Count; r++)
        {
            foreach (var (column, value) in Rows[r].Terms)
            {
                entries.Add((r, column, (double)value * Columns[column].Scale));
            }
        }
        // Each objective coefficient as integer × r / 1000, an exact decimal: the objective is in USD.
        var costs = Objective.ToDictionary(p => p.Key, p => (double)(p.Value * Columns[p.Key].Scale * ObjectiveUnitUsd));
        return (columns, rows, entries, costs);
    }

    private string Comment() =>
        $"Musubi workshare allocation of program '{setup.Problem.Program}', mode {Mode.ToString().ToLowerInvariant()}, policy {setup.Problem.Policy.ToString().ToLowerInvariant()}: the exact model Musubi solves (docs/engines/workshare.md); objective in USD, work in units of {setup.Unit.ToString(Invariant)} USD";

    public string ExportLp()
    {
        var (columns, rows, entries, costs) = Linear();
        return MpsWriter.WriteLp(Comment(), columns, rows, entries, costs, maximize: false);
    }

    public string ExportMps()
    {
        var (columns, rows, entries, costs) = Linear();
        return MpsWriter.Write("workshare", Comment(), columns, rows, entries, costs, maximize: false);
    }
}
