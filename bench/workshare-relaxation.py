#!/usr/bin/python3
"""Where the workshare allocator's gap lies (ADRs 0027 and 0029): three bounds on one program, local branching from its
allocation (ADR 0028), and the relaxation by crossed border weight, outside the product.

    BENCH_WORKSHARE_DUMP=/tmp/program.json dotnet <bench>/Musubi.Benchmarks.dll workshare /tmp/x.lp 500 60 4 1 integrated 30 2
    /usr/bin/python3 bench/workshare-relaxation.py /tmp/program.json [R ...]   # Debian's python3 with python3-scipy (apt-get), whose HiGHS it uses

The dump is the program in indices (bench/Musubi.Benchmarks/WorkshareBench.cs): per package its eligible companies and
their costs (USD), its cost in units; per company its nation and capacity row limit (-1: none); the share bands and
targets in units; λ (USD per unit of border weight), μ and the unit r; the merged interfaces. The model is the
allocator's in integrated mode with the leaf border rows (docs/engines/workshare.md, "Model"), costs in USD unrounded.

It prints:
  1. the LP relaxation: its value, how many packages it leaves fractional, which coupling rows bind;
  2. Dantzig-Wolfe by subsystem: one column per whole nation pattern of a subsystem (its inner borders in the column's
     cost), priced exactly by a small MIP, to convergence; the master's value is the bound;
  3. the share, deviation and capacity rows priced at the LP's duals: the rest solved as an LP and as a MIP (equal
     values mean no Lagrangian bound beats the LP), and that MIP's allocations with costs perturbed by 1e-5 (to pick
     vertices): border weight crossed, and how far over the share band and capacities they go;
  4. for each radius R given after the dump, local branching (ADR 0028): the best allocation with at most R packages on
     another company than in the dump's allocation, the whole model solved by HiGHS (60 s limit) — its objective, and
     which packages moved across which nations;
  5. the relaxation by border weight (ADR 0029): the least weight Σ ω y the LP can cross, and the LP's value with the
     crossed weight fixed at each whole k from there on — what an allocation crossing k units costs at least by the LP;
  6. with --least-weight as the last argument: the least weight any allocation crosses, as a MIP (HiGHS, 300 s), and
     the LP with Σ ω y ≥ that weight — a bound on every allocation, since none crosses less (about 40 s).
"""
import collections
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

d = json.load(open(sys.argv[1]))
nation_of = d["companyNation"]
eligible = d["eligible"]
units = d["units"]
P, N = len(eligible), len(d["lower"])
lam, mu, unit = d["lambda"], d["mu"], d["unit"]
nations = [sorted({nation_of[k] for k in eligible[w]}) for w in range(P)]
groups = collections.defaultdict(list)
for w, s in enumerate(d["subsystem"]):
    if s is not None:
        groups[s].append(w)
subsystems = [m for m in groups.values() if len(m) >= 2]
sub_of = [-1] * P
for i, m in enumerate(subsystems):
    for w in m:
        sub_of[w] = i
interfaces = [(int(a), int(b), wt) for a, b, wt in d["interfaces"]]


class Model:
    """Columns with costs and upper bounds; rows as ({column: value}, lower, upper)."""

    def __init__(self):
        self.cost, self.upper, self.rows = [], [], []
        self.borders = []  # (y's column, the interface's weight)

    def col(self, cost, upper=1.0):
        self.cost.append(cost)
        self.upper.append(upper)
        return len(self.cost) - 1

    def matrix(self):
        a = sp.lil_matrix((len(self.rows), len(self.cost)))
        for i, (r, _, _) in enumerate(self.rows):
            for c, v in r.items():
                a[i, c] = v
        return a.tocsr(), [r[1] for r in self.rows], [r[2] for r in self.rows]

    def solve(self, cost=None, integral=False, lower=None):
        """HiGHS through scipy's milp; duals (d objective / d row activity) when it is an LP."""
        a, lo, hi = self.matrix()
        c = np.array(self.cost if cost is None else cost) / 1e6
        ub = np.array(self.upper, dtype=float)
        ub[np.isinf(ub)] = 1e12
        lb = np.zeros(len(c)) if lower is None else lower
        if integral:
            res = milp(c, constraints=LinearConstraint(a, lo, hi), integrality=(ub == 1.0).astype(int), bounds=Bounds(lb, ub))
            return res.fun * 1e6, None, res.x
        # linprog for the duals: equalities apart, each bounded side as a row of its own.
        eq, ub_rows, where = [], [], []
        for i, (_, l, h) in enumerate(self.rows):
            if l == h:
                where.append([("e", len(eq), 1)])
                eq.append(i)
            else:
                w = []
                if h < np.inf:
                    w.append(("u", len(ub_rows), 1))
                    ub_rows.append((i, 1, h))
                if l > -np.inf:
                    w.append(("u", len(ub_rows), -1))
                    ub_rows.append((i, -1, -l))
                where.append(w)
        a_eq = a[eq] if eq else None
        b_eq = [lo[i] for i in eq] if eq else None
        a_ub = sp.vstack([a[i] * s for i, s, _ in ub_rows]) if ub_rows else None
        b_ub = [b for _, _, b in ub_rows] if ub_rows else None
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=list(zip(lb, ub)), method="highs")
        duals = [sum((res.eqlin if k == "e" else res.ineqlin).marginals[j] * s for k, j, s in w) * 1e6 for w in where]
        return res.fun * 1e6, duals, res.x


def build(borders):
    m = Model()
    x = [[(k, m.col(d["cost"][w][i])) for i, k in enumerate(eligible[w])] for w in range(P)]
    for w in range(P):
        m.rows.append(({c: 1 for _, c in x[w]}, 1, 1))
    coupling = []
    for k, limit in enumerate(d["capacity"]):
        if limit >= 0:
            coupling.append(len(m.rows))
            m.rows.append(({c: units[w] for w in range(P) for kk, c in x[w] if kk == k}, -np.inf, limit))
    for n in range(N):
        work = {c: units[w] for w in range(P) for k, c in x[w] if nation_of[k] == n}
        dev = m.col(mu * unit, upper=np.inf)
        coupling += [len(m.rows), len(m.rows) + 1, len(m.rows) + 2]
        m.rows.append((work, d["lower"][n], d["upper"][n]))
        m.rows.append(({**{c: -v for c, v in work.items()}, dev: 1}, -d["target"][n], np.inf))
        m.rows.append(({**work, dev: 1}, d["target"][n], np.inf))

    def in_nation(w, n):
        return {c: 1 for k, c in x[w] if nation_of[k] == n}

    for a, b, wt in borders:
        if len(nations[a]) == 1 and nations[a] == nations[b]:
            continue
        y = m.col(lam * wt)
        m.borders.append((y, wt))
        p, q = (a, b) if len(nations[a]) <= len(nations[b]) else (b, a)
        total = {y: -1}
        for n in nations[p]:
            v = m.col(0.0)
            r = dict(in_nation(p, n))
            for c, val in in_nation(q, n).items():
                r[c] = r.get(c, 0) - val
            r[v] = -1
            m.rows.append((r, -np.inf, 0))
            total[v] = 1
        m.rows.append((total, -np.inf, 0))
    return m, x, coupling, in_nation


def allocation_facts(x, values):
    choice = [max(x[w], key=lambda kc: values[kc[1]])[0] for w in range(P)]
    cut = sum(wt for a, b, wt in interfaces if nation_of[choice[a]] != nation_of[choice[b]])
    work = [sum(units[w] for w in range(P) if nation_of[choice[w]] == n) for n in range(N)]
    band = [work[n] - d["upper"][n] if work[n] > d["upper"][n] else work[n] - d["lower"][n] if work[n] < d["lower"][n] else 0 for n in range(N)]
    over = [sum(units[w] for w in range(P) if choice[w] == k) - limit for k, limit in enumerate(d["capacity"]) if limit >= 0]
    return cut, band, sum(1 for o in over if o > 0), sum(o for o in over if o > 0)


# 1. The LP relaxation.
lp, x, coupling, _ = build(interfaces)
value, duals, xs = lp.solve()
frac_company = sum(1 for w in range(P) if max(xs[c] for _, c in x[w]) < 0.999)
frac_nation = sum(1 for w in range(P) if max(sum(xs[c] for k, c in x[w] if nation_of[k] == n) for n in range(N)) < 0.999)
binding = sum(1 for i in coupling if abs(duals[i]) > 1e-6)
capacities = sum(1 for i in coupling if abs(duals[i]) > 1e-6 and lp.rows[i][1] == -np.inf)
shares = [n for n in range(N) if abs(duals[coupling[-3 * N + 3 * n]]) > 1e-6]
print(f"1. LP relaxation: ${value / 1e9:.4f} billion; {frac_company} packages fractional over companies, {frac_nation} over nations; "
      f"{binding} of {len(coupling)} share/deviation/capacity rows with a nonzero dual: "
      f"{capacities} of {len(coupling) - 3 * N} capacity rows, the share band of nation(s) {shares}")

# 2. Dantzig-Wolfe by subsystem: the borders inside a subsystem go into its columns' costs.
inner = collections.defaultdict(list)
outer = []
for a, b, wt in interfaces:
    (inner[sub_of[a]] if sub_of[a] >= 0 and sub_of[a] == sub_of[b] else outer).append((a, b, wt))
dw, xd, _, in_nation = build(outer)
link = {}
convexity = {}
for i, m in enumerate(subsystems):
    for w in m:
        for n in nations[w]:
            link[(w, n)] = len(dw.rows)
            dw.rows.append((in_nation(w, n), 0, 0))
    convexity[i] = len(dw.rows)
    dw.rows.append(({}, 1, 1))


patterns = 0


def add_pattern(i, pattern):
    global patterns
    patterns += 1
    m = subsystems[i]
    at = {w: j for j, w in enumerate(m)}
    c = dw.col(lam * sum(wt for a, b, wt in inner[i] if pattern[at[a]] != pattern[at[b]]))
    for j, w in enumerate(m):
        dw.rows[link[(w, pattern[j])]][0][c] = -1
    dw.rows[convexity[i]][0][c] = 1


def price(i, duals):
    """The subsystem's cheapest pattern at these duals (a small MIP) and its reduced cost."""
    m = subsystems[i]
    at = {w: j for j, w in enumerate(m)}
    index = {(j, n): t for t, (j, n) in enumerate((j, n) for j, w in enumerate(m) for n in nations[w])}
    cost = [duals[link[(m[j], n)]] for (j, n) in index]
    edges = inner[i]
    cost += [lam * wt for _, _, wt in edges]
    width = len(cost)
    rows, lo, hi = [], [], []
    for j, w in enumerate(m):
        r = np.zeros(width)
        for n in nations[w]:
            r[index[(j, n)]] = 1
        rows.append(r), lo.append(1), hi.append(1)
    for e, (a, b, _) in enumerate(edges):
        for n in set(nations[a]) | set(nations[b]):
            r = np.zeros(width)
            if (at[a], n) in index:
                r[index[(at[a], n)]] += 1
            if (at[b], n) in index:
                r[index[(at[b], n)]] -= 1
            r[len(index) + e] = -1
            rows.append(r), lo.append(-np.inf), hi.append(0)
    res = milp(np.array(cost) / 1e6, constraints=LinearConstraint(np.array(rows), lo, hi), integrality=np.ones(width), bounds=Bounds(0, 1))
    pattern = [None] * len(m)
    for (j, n), t in index.items():
        if res.x[t] > 0.5:
            pattern[j] = n
    return res.fun * 1e6 - duals[convexity[i]], tuple(pattern)


start = d["allocation"]
for i, m in enumerate(subsystems):
    # The dumped allocation's pattern, and every single-nation pattern that exists, to start.
    add_pattern(i, tuple(nation_of[start[w]] for w in m))
    for n in range(N):
        if all(n in nations[w] for w in m):
            add_pattern(i, tuple([n] * len(m)))
best = -np.inf
for rounds in range(1, 500):
    master, duals, _ = dw.solve()
    reduced = [price(i, duals) for i in range(len(subsystems))]
    best = max(best, master + sum(min(0.0, rc) for rc, _ in reduced))
    added = 0
    for i, (rc, pattern) in enumerate(reduced):
        if rc < -1e-3:
            add_pattern(i, pattern)
            added += 1
    if added == 0:
        break
print(f"2. Dantzig-Wolfe by subsystem ({len(subsystems)} subsystems of {min(map(len, subsystems))}-{max(map(len, subsystems))} packages): "
      f"master ${master / 1e9:.4f} billion after {rounds} rounds (best Lagrangian bound on the way ${best / 1e9:.4f} billion), "
      f"{patterns} pattern columns")

# 3. The share, deviation and capacity rows priced at the LP's duals.
_, duals, _ = lp.solve()
priced = Model()
priced.cost = list(lp.cost)
priced.upper = list(lp.upper)
constant = 0.0
for i in coupling:
    r, lo, hi = lp.rows[i]
    y = duals[i]
    for c, v in r.items():
        priced.cost[c] -= y * v
    constant += y * (lo if y > 0 else hi) if y != 0 else 0.0
priced.rows = [row for i, row in enumerate(lp.rows) if i not in set(coupling)]
as_lp, _, _ = priced.solve()
as_mip, _, _ = priced.solve(integral=True)
print(f"3. Shares, deviations and capacities priced at the LP's duals: the rest as an LP ${(as_lp + constant) / 1e9:.4f} billion, "
      f"as a MIP ${(as_mip + constant) / 1e9:.4f} billion")
rng = np.random.default_rng(1)
for t in range(4):
    perturbed = np.array(priced.cost) * (1 + 1e-5 * rng.random(len(priced.cost)))
    _, _, values = priced.solve(cost=perturbed, integral=True)
    cut, band, companies, excess = allocation_facts(x, values)
    print(f"   an optimal allocation of it (perturbation {t}): border weight {cut:g}; beyond the share bands by nation (units, of "
          f"{sum(units):,}): {band}; {companies} companies over capacity by {excess:,} units in all")

# 4. Local branching (ADR 0028): from the dumped allocation, the best allocation with at most r packages on another
# company, solved whole by HiGHS, for each r given after the dump (none: this part is skipped).
names = d.get("nations") or [str(n) for n in range(N)]


def facts(choice):
    cost = sum(d["cost"][w][eligible[w].index(choice[w])] for w in range(P))
    cut = sum(wt for a, b, wt in interfaces if nation_of[choice[a]] != nation_of[choice[b]])
    work = [sum(units[w] for w in range(P) if nation_of[choice[w]] == n) for n in range(N)]
    return cost + lam * cut + mu * unit * sum(abs(work[n] - d["target"][n]) for n in range(N)), cut


least_weight = sys.argv[-1] == "--least-weight"
for radius in map(int, sys.argv[2:-1] if least_weight else sys.argv[2:]):
    ball, xb, _, _ = build(interfaces)
    ball.rows.append(({c: 1 for w in range(P) for k, c in xb[w] if k == start[w]}, P - radius, np.inf))
    a, lo, hi = ball.matrix()
    ub = np.array(ball.upper, dtype=float)
    ub[np.isinf(ub)] = 1e12
    began = time.time()
    res = milp(np.array(ball.cost) / 1e6, constraints=LinearConstraint(a, lo, hi), integrality=(ub == 1.0).astype(int),
               bounds=Bounds(np.zeros(len(ub)), ub), options={"time_limit": 60})
    seconds = time.time() - began
    if res.x is None:
        print(f"4. Ball of radius {radius}: no allocation in {seconds:.1f} s ({res.message})")
        continue
    found = [max(xb[w], key=lambda kc: res.x[kc[1]])[0] for w in range(P)]
    (before, cut0), (after, cut1) = facts(start), facts(found)
    moved = [w for w in range(P) if found[w] != start[w]]
    across = collections.Counter((nation_of[start[w]], nation_of[found[w]]) for w in moved if nation_of[start[w]] != nation_of[found[w]])
    touched = sorted({d["subsystem"][w] for w in moved if d["subsystem"][w] is not None})
    print(f"4. Ball of radius {radius}: ${before / 1e9:.3f} billion (border weight {cut0}) -> ${after / 1e9:.3f} billion "
          f"(border weight {cut1}), {'proven best in the ball' if res.status == 0 else 'time limit'}, {seconds:.1f} s; "
          f"{len(moved)} packages moved, {sum(across.values())} of them across nations "
          f"({', '.join(f'{names[p]}->{names[q]} {c}' for (p, q), c in sorted(across.items()))}), in {len(touched)} subsystems")


# 5. The relaxation by border weight (ADR 0029): the LP with Σ ω y = k, for whole k from the least weight the LP can
# cross (the same rows, the crossed weight as the only cost) on.
weighted, _, _, _ = build(interfaces)
weight_of = dict(weighted.borders)
least, _, _ = weighted.solve(cost=[weight_of.get(c, 0.0) for c in range(len(weighted.cost))])
print(f"5. Relaxation by border weight: the least weight the LP can cross is {least:.2f}")
first = int(np.ceil(least - 1e-9))
for k in range(first, first + 10):
    fixed, _, _, _ = build(interfaces)
    fixed.rows.append(({y: wt for y, wt in fixed.borders}, k, k))
    value_k, _, _ = fixed.solve()
    print(f"   crossed weight {k}: LP ${value_k / 1e9:.4f} billion")

# 6. The least weight any allocation crosses (ADR 0029): Σ ω y minimized over the same rows as a MIP; when it is proven,
# the LP with Σ ω y ≥ that weight bounds every allocation.
if least_weight:
    whole, _, _, _ = build(interfaces)
    weight_of = dict(whole.borders)
    a, lo, hi = whole.matrix()
    ub = np.array(whole.upper, dtype=float)
    ub[np.isinf(ub)] = 1e12
    began = time.time()
    res = milp(np.array([weight_of.get(c, 0.0) for c in range(len(whole.cost))]), constraints=LinearConstraint(a, lo, hi),
               integrality=(ub == 1.0).astype(int), bounds=Bounds(np.zeros(len(ub)), ub), options={"time_limit": 300})
    seconds = time.time() - began
    proven = res.status == 0
    floor = int(round(res.fun)) if proven else int(np.ceil(getattr(res, "mip_dual_bound", least) - 1e-6))
    print(f"6. Least weight any allocation crosses: {floor} ({'proven' if proven else 'bound at the time limit'}, {seconds:.1f} s)")
    fixed, _, _, _ = build(interfaces)
    fixed.rows.append(({y: wt for y, wt in fixed.borders}, floor, np.inf))
    value_floor, _, _ = fixed.solve()
    print(f"   LP with crossed weight >= {floor}: ${value_floor / 1e9:.4f} billion (a bound on every allocation)")
