#!/usr/bin/python3
"""The peer of the supply-network benchmark's OR-only case (bench/network.sh): python-igraph's dominator tree.

In an OR-only network (every offer has one input, or none) an offer produces when any one of its sources produces,
so the item is producible exactly when its sink is reachable from a virtual root feeding every offer without inputs,
and the offers whose single loss stops the item are exactly the item sink's strict dominators (the virtual root
aside). Reads the edge list written by `Musubi.Benchmarks network-or` (vertex 0 the root, vertex i + 1 offer O<i>,
the highest vertex the item's sink), times the load and the dominator computation separately, and writes the
critical offer ids, one a line, sorted.

    bench/network_igraph.py EDGES IDS
"""
import resource
import sys
import time

import igraph


def main() -> int:
    edges, ids = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    graph = igraph.Graph.Read_Edgelist(edges, directed=True)
    load = time.perf_counter() - start
    sink = graph.vcount() - 1
    start, cpu = time.perf_counter(), time.process_time()
    idom = graph.dominator(0, mode="out")
    dominator, dominator_cpu = time.perf_counter() - start, time.process_time() - cpu
    # The sink's dominators: follow immediate dominators up to the root (its entry is negative).
    critical = []
    v = idom[sink]
    reachable = v is not None and v == v and v >= 0
    while v is not None and v == v and v > 0:
        critical.append(f"O{int(v) - 1}")
        v = idom[int(v)]
    critical.sort()
    with open(ids, "w", encoding="utf-8") as out:
        out.writelines(f"{c}\n" for c in critical)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e9
    print(f"igraph {igraph.__version__}: read {graph.vcount():,} vertices, {graph.ecount():,} edges in {load:.3f} s; "
          f"dominator tree from the root in {dominator:.3f} s ({dominator_cpu:.2f} s CPU); item sink reachable {reachable}; {len(critical)} critical offers "
          f"({', '.join(critical[:8])}); peak resident {peak_gb:.2f} GB")
    print(f"RESULT or_igraph version={igraph.__version__} vertices={graph.vcount()} edges={graph.ecount()} load_s={load:.3f} "
          f"dominator_s={dominator:.3f} dominator_cpu_s={dominator_cpu:.3f} critical={len(critical)} peak_rss_gb={peak_gb:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
