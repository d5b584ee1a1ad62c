#!/usr/bin/python3
"""Blend mode's LP relaxation against each subsystem's pattern hull, at the LP's own solution (ADR 0048), outside the
product.

    BENCH_WORKSHARE_DUMP=/tmp/p.json dotnet <bench>/Musubi.Benchmarks.dll workshare /tmp/p.lp 500 60 4 1 blend 30 2
    clp /tmp/p.lp -dualsimplex -solution /tmp/p.sol          # Debian's coinor-clp
    python3 bench/workshare-hull.py /tmp/p.json /tmp/p.sol

For each subsystem whose packages the LP splits between nations, the LP's own price of its inner borders
(λ·ω·half the L1 distance of the two packages' spreads over the nations) and of its split (κ·(Σ_n max_w X_wn − 1)), against
the least price of any mixture of whole nation patterns of the subsystem with the same spreads (each pattern priced
exactly: λ·ω per inner interface across nations, κ per nation beyond the first), solved as an LP by clp. The sum of the
differences is what pricing each subsystem by its patterns (Dantzig-Wolfe) would add at that point.
"""
import itertools
import json
import re
import subprocess
import sys
import tempfile

KAPPA_SHARE = 0.05  # the default κ: 5% of the program's total per extra nation (docs/engines/workshare.md)

dump = json.load(open(sys.argv[1]))
nation_of = dump["companyNation"]
lam = dump["lambda"]
kappa = KAPPA_SHARE * sum(dump["units"]) * dump["unit"]
values = {}
for line in open(sys.argv[2]):
    parts = line.split()
    if len(parts) >= 3 and parts[0].isdigit():
        values[parts[1]] = float(parts[2])
packages, nations = len(dump["units"]), len(dump["nations"])
spread = [[0.0] * nations for _ in range(packages)]
for name, value in values.items():
    if name.startswith("x_"):
        _, w, k = name.split("_")
        spread[int(w)][nation_of[int(k)]] += value
members = {}
for w, s in enumerate(dump["subsystem"]):
    members.setdefault(s, []).append(w)
weight = {}
for a, b, wt in dump["interfaces"]:
    key = (min(a, b), max(a, b))
    weight[key] = weight.get(key, 0) + wt

total_lp = total_hull = 0.0
split_subsystems = 0
for s, ws in members.items():
    support = [[n for n in range(nations) if spread[w][n] > 1e-6] for w in ws]
    if len(ws) < 2 or all(len(x) == 1 for x in support):
        continue
    split_subsystems += 1
    inside = set(ws)
    edges = [(a, b, wt) for (a, b), wt in weight.items() if a in inside and b in inside]
    lp_price = sum(lam * wt * 0.5 * sum(abs(spread[a][n] - spread[b][n]) for n in range(nations)) for a, b, wt in edges)
    lp_price += kappa * max(0.0, sum(max(spread[w][n] for w in ws) for n in range(nations)) - 1)
    index = {w: i for i, w in enumerate(ws)}
    patterns = []
    for pattern in itertools.product(*support):
        price = sum(lam * wt for a, b, wt in edges if pattern[index[a]] != pattern[index[b]]) + kappa * (len(set(pattern)) - 1)
        patterns.append((price, pattern))
    with tempfile.NamedTemporaryFile("w", suffix=".lp", delete=False) as f:
        f.write("Minimize\n obj: " + " + ".join(f"{p / 1e6:.6f} z{j}" for j, (p, _) in enumerate(patterns)) + "\nSubject To\n")
        for i, w in enumerate(ws):
            for n in support[i]:
                f.write(f" m_{i}_{n}: " + " + ".join(f"z{j}" for j, (_, pat) in enumerate(patterns) if pat[i] == n) + f" = {spread[w][n]:.9f}\n")
        f.write("End\n")
        path = f.name
    out = subprocess.run(["clp", path, "-primals"], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Optimal objective\s+([-0-9.e+]+)", out)
    if found is None:
        sys.exit(f"{s}: clp found no optimum")
    hull = float(found.group(1)) * 1e6
    total_lp += lp_price
    total_hull += hull
    if hull - lp_price > 1e6:
        print(f"{s}: {len(ws)} packages, {len(patterns)} patterns; LP {lp_price / 1e9:.3f} billion, patterns {hull / 1e9:.3f} billion")
print(f"{split_subsystems} subsystems split by the LP; their inner borders and splits: LP {total_lp / 1e9:.3f} billion USD, "
      f"patterns {total_hull / 1e9:.3f} billion USD (+{(total_hull - total_lp) / 1e9:.3f})")
