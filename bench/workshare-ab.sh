#!/usr/bin/env bash
# Paired runs of the workshare allocator's benchmark program under variants (issue #7, ADR 0031): the allocations vary
# by about $1 billion from run to run on the 500 × 60 × 4 program, so a change of $0.2 billion needs about ten runs of
# each variant, alternated so that the machine's drift falls on both alike.
#
#   bench/workshare-ab.sh ROUNDS 'VAR=a OTHER=b' 'VAR=c' ...
#
# Each variant is a list of environment assignments for bench/Musubi.Benchmarks (for example BENCH_WORKSHARE_MARGIN=0.006,
# BENCH_WORKSHARE_PARAMS=mip_heuristic_effort=0, BENCH_WORKSHARE_PROOF=0; '' for the code as it is). Each round runs
# every variant once (30 s, 2 threads, pinned to cores 0,1; CP-SAT and cbc are not run). It prints one line per run
# (objective, bound, gap, crossed border weight) and, per variant, the median objective and gap and the runs within 1%.
# Environment: BENCH_ARTIFACTS (artifacts/bench-workshare), BENCH_WORKSHARE_MODE (integrated), BENCH_WORKSHARE_SEED (1),
# BENCH_WORKSHARE_SECONDS (30), BENCH_WORKSHARE_WORKERS (2). Needs a quiet machine: nothing else running.
# A run that prints no result (an exception, a native crash) is reported with its exit status and last lines, and its
# whole output is kept in $TMPDIR/workshare-ab-failed-ROUND-INDEX.log (ADR 0032).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
[ $# -ge 2 ] || { echo "usage: bench/workshare-ab.sh ROUNDS 'VAR=value ...' ['VAR=value ...' ...]" >&2; exit 2; }
rounds=$1
shift
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "workshare-ab.sh: ROUNDS must be a whole number above 0, not '$rounds'" >&2; exit 2; }
for variant in "$@"; do
  for assignment in $variant; do
    [[ $assignment =~ ^[A-Z_][A-Z0-9_]*=.*$ ]] || { echo "workshare-ab.sh: '$assignment' in variant '$variant' is not NAME=value" >&2; exit 2; }
  done
done
art=${BENCH_ARTIFACTS:-$root/artifacts/bench-workshare}
mode=${BENCH_WORKSHARE_MODE:-integrated}
seed=${BENCH_WORKSHARE_SEED:-1}
seconds=${BENCH_WORKSHARE_SECONDS:-30}
workers=${BENCH_WORKSHARE_WORKERS:-2}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v taskset >/dev/null || { echo "workshare-ab.sh: taskset is missing (util-linux)" >&2; exit 2; }

dotnet build bench/Musubi.Benchmarks -c Release --artifacts-path "$art" -v q -nologo >/dev/null
work=$(mktemp -d -t musubi-bench-workshare-ab.XXXXXX)
trap 'rm -rf "$work"' EXIT
for round in $(seq 1 "$rounds"); do
  index=0
  for variant in "$@"; do
    index=$((index + 1))
    # shellcheck disable=SC2086 # the variant is a list of assignments, split on purpose
    status=0
    env $variant BENCH_WORKSHARE_CPSAT=0 taskset -c 0,1 dotnet "$art/bin/Musubi.Benchmarks/release/Musubi.Benchmarks.dll" \
      workshare "$work/program.lp" 500 60 4 "$seed" "$mode" "$seconds" "$workers" >"$work/run.log" 2>&1 || status=$?
    line=$(grep '^RESULT ours ' "$work/run.log" || true)
    if [ -z "$line" ]; then
      # What the run said last (an exception, a native crash's signal), kept for a look.
      kept="${TMPDIR:-/tmp}/workshare-ab-failed-$round-$index.log"
      cp "$work/run.log" "$kept"
      echo "round $round, variant $index ($variant): no result (exit $status; its output is in $kept, last lines:)" >&2
      tail -n 5 "$kept" | sed 's/^/    /' >&2
      continue
    fi
    fields=$(echo "$line" | grep -oE '(objective|bound|gap|border_weight)=[^ ]+' | tr '\n' ' ')
    echo "$index $fields" >>"$work/runs.txt"
    echo "round $round, variant $index (${variant:-as is}): $fields"
  done
done
echo
index=0
for variant in "$@"; do
  index=$((index + 1))
  awk -v i="$index" -v name="${variant:-as is}" '
    $1 == i { for (f = 2; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
              n++; obj[n] = v["objective"] / 1e9; gap[n] = v["gap"] * 100; if (v["gap"] <= 0.01) within++ }
    function median(a, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                       return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
    END { if (n == 0) { printf "variant %d (%s): no runs\n", i, name; exit }
          printf "variant %d (%s): %d runs, median objective $%.2f billion, median gap %.2f%%, %d within 1%%\n", i, name, n, median(obj, n), median(gap, n), within }
  ' "$work/runs.txt"
done
