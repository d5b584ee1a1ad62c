#!/usr/bin/env bash
# Workshare correctness sweep (issue #7, ADR 0041): generated programs of at most 60 packages with the default λ, μ and κ,
# each allocated by Musubi (HiGHS; 30 s, 2 workers, pinned to cores 0,1) and its exported LP solved by Debian's cbc
# (single-threaded, 60 s) twice: without preprocessing (`-preprocess off`, as ./test's cross-check) and with cbc's
# defaults. For each program it prints Musubi's status and objective and cbc's two answers, and flags:
#   LOWER  — a cbc "Optimal" below an allocation Musubi calls optimal: Musubi is wrong (fails the sweep);
#   higher — a cbc "Optimal" above Musubi's allocation, which is feasible (the allocator checks every row in integers):
#            cbc is wrong.
# Prints a Markdown table; appends nothing (copy what you keep into bench/RESULTS.md).
#
#   bench/workshare-sweep.sh            about half a minute per program and mode
# Environment: BENCH_ARTIFACTS (artifacts/bench-workshare) the build's --artifacts-path; SWEEP_SIZES ("60x30x3 48x24x4
# 36x20x3") packages×companies×nations; SWEEP_SEEDS ("1 3 4 7 8 10 14 15"); SWEEP_MODES ("integrated blend").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
art=${BENCH_ARTIFACTS:-$root/artifacts/bench-workshare}
command -v cbc >/dev/null || { echo "workshare-sweep.sh: cbc is missing (apt-get install coinor-cbc)" >&2; exit 2; }
dotnet build bench/Musubi.Benchmarks -c Release --artifacts-path "$art" -v q -nologo >/dev/null
bench="dotnet $art/bin/Musubi.Benchmarks/release/Musubi.Benchmarks.dll"
work=$(mktemp -d -t musubi-workshare-sweep.XXXXXX)
trap 'rm -rf "$work"' EXIT

cbc_answer() {
  # "Optimal 123" / "Stopped 456" / "none"
  local out
  out=$(timeout 200 cbc "$@" 2>&1 || true)
  local result objective
  result=$(echo "$out" | sed -n 's/^Result - \([A-Za-z]*\).*/\1/p' | head -1)
  objective=$(echo "$out" | sed -n 's/^Objective value: *\([0-9.e+-]*\).*/\1/p' | head -1)
  echo "${result:-none} ${objective:-}"
}

echo "Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)); $(cbc -quit 2>/dev/null | sed -n 's/^Version: /CBC /p' | head -1); code: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo
echo "| program | mode | Musubi (HiGHS) | cbc -preprocess off | cbc (defaults) | verdict |"
echo "|---|---|---|---|---|---|"
wrong=0
for size in ${SWEEP_SIZES:-60x30x3 48x24x4 36x20x3}; do
  IFS=x read -r packages companies nations <<<"$size"
  for seed in ${SWEEP_SEEDS:-1 3 4 7 8 10 14 15}; do
    for mode in ${SWEEP_MODES:-integrated blend}; do
      lp="$work/m.lp"
      rm -f "$lp"
      line=$(BENCH_WORKSHARE_CPSAT=0 taskset -c 0,1 $bench workshare "$lp" "$packages" "$companies" "$nations" "$seed" "$mode" 30 2 2>&1 | grep '^RESULT ours' || true)
      status=$(echo "$line" | sed -n 's/.*status=\([a-z]*\).*/\1/p')
      objective=$(echo "$line" | sed -n 's/.* objective=\([0-9.]*\).*/\1/p')
      if [ ! -s "$lp" ] || [ -z "$objective" ]; then
        echo "| seed $seed, $packages × $companies × $nations | $mode | ${status:-?} | | | |"
        continue
      fi
      read -r off_status off_objective <<<"$(cbc_answer "$lp" -preprocess off -sec 60 -solve)"
      read -r on_status on_objective <<<"$(cbc_answer "$lp" -sec 60 -solve)"
      verdict=$(python3 - "$status" "$objective" "$off_status" "${off_objective:-}" "$on_status" "${on_objective:-}" <<'EOF'
import sys
status, ours = sys.argv[1], float(sys.argv[2])
notes = []
for name, st, obj in (("off", sys.argv[3], sys.argv[4]), ("defaults", sys.argv[5], sys.argv[6])):
    if st != "Optimal" or not obj:
        continue
    theirs = float(obj)
    if theirs < ours - 1e-6 * ours and status == "optimal":
        notes.append(f"LOWER ({name})")
    elif theirs > ours + 1e-6 * ours:
        notes.append(f"cbc {name} higher by {theirs - ours:,.0f}")
print("; ".join(notes) if notes else "agree")
EOF
)
      case "$verdict" in *LOWER*) wrong=$((wrong + 1)) ;; esac
      echo "| seed $seed, $packages × $companies × $nations | $mode | $status $(printf "%'.0f" "$objective") | $off_status ${off_objective:+$(printf "%'.0f" "$off_objective")} | $on_status ${on_objective:+$(printf "%'.0f" "$on_objective")} | $verdict |"
    done
  done
done
echo
echo "Programs where cbc found a lower allocation than one Musubi called optimal: $wrong"
[ "$wrong" -eq 0 ]
