#!/usr/bin/env bash
# Sums the <Counters> of VSTest .trx files into a per-suite table and one closing line.
#
#   scripts/trx-summary.sh DIR SUITE...   # reads DIR/SUITE.trx for each SUITE
#
# The last line printed is exactly `N passed, N failed` (`, N skipped` when any were).
# Exits 1 when a test failed, a suite left no .trx, or no test ran at all.
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 DIR [SUITE...]" >&2; exit 2; }
exec python3 - "$@" <<'PY'
import os, sys
import xml.etree.ElementTree as ET

results_dir, suites = sys.argv[1], sys.argv[2:]
rows, bad = [], False
for suite in suites:
    path = os.path.join(results_dir, suite + ".trx")
    try:
        counters = next(e for e in ET.parse(path).iter() if e.tag.rsplit("}", 1)[-1] == "Counters")
    except (OSError, ET.ParseError, StopIteration):
        rows.append((suite, None))
        bad = True
        continue
    n = lambda name: int(counters.get(name, "0"))
    total, passed = n("total"), n("passed")
    failed = n("failed") + n("error") + n("timeout") + n("aborted")
    # xunit's skipped tests count in `total` but in neither `executed` nor `notExecuted`.
    skipped = max(0, total - passed - failed)
    rows.append((suite, (passed, failed, skipped)))

width = max([len("suite")] + [len(s) for s, _ in rows])
print(f"{'suite':<{width}}  {'passed':>7}  {'failed':>7}  {'skipped':>7}")
for suite, c in rows:
    if c is None:
        print(f"{suite:<{width}}  no results (no readable {suite}.trx)")
    else:
        print(f"{suite:<{width}}  {c[0]:>7}  {c[1]:>7}  {c[2]:>7}")

passed = sum(c[0] for _, c in rows if c)
failed = sum(c[1] for _, c in rows if c)
skipped = sum(c[2] for _, c in rows if c)
if passed + failed == 0:
    print("no test ran")
    bad = True
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if bad or failed else 0)
PY
