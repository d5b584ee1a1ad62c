#!/usr/bin/env bash
# Transfer-eligibility engine benchmarks (issue #3), all in one run on this machine, with an independent peer:
#   1. throughput — BenchmarkDotNet (in-process), the default rule set loaded once, the shared examples plus 4,096
#      generated cases evaluated in turn; pinned to one core (taskset -c 0). Target ≥ 1,000,000 evaluations/s.
#   2. latency — 1,000,000 single evaluations each timed with Stopwatch.GetTimestamp after warm-up, one core;
#      BenchmarkDotNet gives no per-operation percentiles. Target p99 ≤ 20 µs.
#   3. re-evaluation — 1,000,000 saved checks (JSON lines) read, parsed, evaluated under a rule set with one rule's
#      date moved, and compared with the stored verdicts, on 2 cores. Target ≤ 5 s.
#   4. peer — bench/transfers_peer.py, an independent Python evaluator of the same YAML, on 20,008 cases: its
#      evaluations/s beside the engine's on the same cases, and a differential check (every answer must agree).
#   5. the product path — a SQLite database of 1,000,000 checks saved through TransferService.SaveAsync (rows, stored
#      rule set, audit records; not timed), then `./musubi transfers recheck --db … --rules <changed data>` timed as
#      a whole process, 3 runs after a warm-up, on 2 cores. Needs about 3 GB of disk in $TMPDIR.
# Prints a Markdown section and appends it to bench/RESULTS.md (--no-record: print only).
#
#   bench/transfers.sh [--no-record]     needs root for apt-get the first time (python3-yaml); about 5 minutes.
# Environment: BENCH_ARTIFACTS (artifacts/bench-transfers) the build's --artifacts-path; BENCH_CASES (1000000) the
# latency and re-evaluation counts; BENCH_PEER_CASES (20000) the peer's generated cases.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
record=true
[ "${1:-}" = --no-record ] && record=false
art=${BENCH_ARTIFACTS:-$root/artifacts/bench-transfers}
cases=${BENCH_CASES:-1000000}
peer_cases=${BENCH_PEER_CASES:-20000}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! python3 -c 'import yaml' 2>/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "transfers.sh: PyYAML is missing (apt-get install python3-yaml)" >&2; exit 2; }
  apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-yaml >/dev/null
fi
command -v taskset >/dev/null || { echo "transfers.sh: taskset is missing (util-linux)" >&2; exit 2; }

dotnet build bench/Musubi.Benchmarks -c Release --artifacts-path "$art" -v q -nologo >/dev/null
bench="dotnet $art/bin/Musubi.Benchmarks/release/Musubi.Benchmarks.dll"
work=$(mktemp -d -t musubi-bench-transfers.XXXXXX)
trap 'rm -rf "$work"' EXIT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== 1. throughput (BenchmarkDotNet, taskset -c 0)" >&2
taskset -c 0 $bench bdn --filter '*' --artifacts "$work/bdn" >"$work/bdn.log" 2>&1 || { tail -n 40 "$work/bdn.log" >&2; exit 1; }
report=$(ls "$work"/bdn/results/*-report-github.md)
echo "== 2. latency (taskset -c 0)" >&2
taskset -c 0 $bench latency "$cases" | tee "$work/latency.txt" >&2
echo "== 3. re-evaluation (taskset -c 0,1, 2 threads)" >&2
taskset -c 0,1 $bench reevaluate "$cases" 2 | tee "$work/reeval.txt" >&2
echo "== 4. peer (Python, taskset -c 0) and differential check" >&2
taskset -c 0 $bench peer-cases "$peer_cases" "$work/peer.jsonl" | tee "$work/engine-peer.txt" >&2
peer_rc=0
taskset -c 0 python3 bench/transfers_peer.py --data data --cases "$work/peer.jsonl" >"$work/peer.txt" || peer_rc=$?
cat "$work/peer.txt" >&2
echo "== 5. product path: ./musubi transfers recheck on a SQLite database of saved checks (taskset -c 0,1)" >&2
$bench recheck-db "$cases" "$work/checks.db" "$work/changed-data" | tee "$work/recheck-setup.txt" >&2
./musubi --help >/dev/null # builds the CLI when stale (not timed)
recheck() { taskset -c 0,1 ./musubi transfers recheck --db "sqlite:$work/checks.db" --rules "$work/changed-data" --format json >"$work/recheck.json"; }
recheck # warm-up: the page cache and the CLI's first start
: >"$work/recheck-times.txt"
for _ in 1 2 3; do
  start=$(date +%s.%N)
  recheck
  end=$(date +%s.%N)
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$start" "$end" >>"$work/recheck-times.txt"
done
recheck_times=$(paste -sd' ' "$work/recheck-times.txt")
recheck_median=$(sort -n "$work/recheck-times.txt" | sed -n 2p)
recheck_summary=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(f\"{d['reevaluated']:,} re-evaluated of {d['total']:,}, {len(d['changes']):,} verdicts changed, {d['unreadable']} unreadable\")" "$work/recheck.json")
empty_db=$work/empty.db
./musubi db migrate --db "sqlite:$empty_db" >/dev/null
start=$(date +%s.%N)
taskset -c 0,1 ./musubi transfers recheck --db "sqlite:$empty_db" --rules "$work/changed-data" --format json >/dev/null
end=$(date +%s.%N)
recheck_empty=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$start" "$end")
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# One figure from a "RESULT name key=value ..." line.
get() { sed -n "s/^RESULT $2 .*\b$3=\([^ ]*\).*/\1/p" "$work/$1" | head -n1; }
evaluate_ops=$(python3 - "$report" <<'PY'
import sys
rows = [l.strip().strip('|').split('|') for l in open(sys.argv[1]) if l.startswith('|')]
head = [c.strip() for c in rows[0]]
for r in rows[2:]:
    cells = [c.strip() for c in r]
    if cells[head.index('Method')] == 'Evaluate':
        print(cells[head.index('Op/s')].replace(',', ''))
PY
)
fmt() { python3 -c "import sys; print(f'{float(sys.argv[1]):,.0f}')" "$1"; }
verdict() { if python3 -c "import sys; sys.exit(0 if $1 else 1)"; then echo "met"; else echo "**missed**"; fi; }
p99=$(get latency.txt latency p99_us)
wall=$(get reeval.txt reevaluate wall_s)

section=$work/section.md
{
  echo
  echo "### Transfer engine — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(. /etc/os-release && echo "$PRETTY_NAME"); .NET SDK $(dotnet --version), runtime $(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([^ ]*\).*/\1/p' | tail -1); $(python3 --version), PyYAML $(python3 -c 'import yaml; print(yaml.__version__)'). Load average (1/5/15 min) $load_start at the start, $load_end at the end. Code: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src/Musubi.Engines.Transfers bench data || echo ' with uncommitted changes')."
  echo
  echo "| target | figure | result |"
  echo "|---|---|---|"
  echo "| ≥ 1,000,000 evaluations/s on one core | $(fmt "$evaluate_ops") evaluations/s (BenchmarkDotNet \`Evaluate\`, mean over the mix) | $(verdict "$evaluate_ops >= 1000000") |"
  echo "| p99 ≤ 20 µs per evaluation | p50 $(get latency.txt latency p50_us) µs, p90 $(get latency.txt latency p90_us) µs, **p99 $p99 µs**, p99.9 $(get latency.txt latency p999_us) µs, max $(get latency.txt latency max_us) µs ($(fmt "$cases") single evaluations, one core) | $(verdict "$p99 <= 20") |"
  echo "| 1,000,000 saved checks re-evaluated after a rule change ≤ 5 s on 2 cores | **$wall s** for $(fmt "$(get reeval.txt reevaluate count)") checks ($(get reeval.txt reevaluate mb) MB of JSON lines): file read $(get reeval.txt reevaluate read_s) s; apart, parse + check $(get reeval.txt reevaluate parse_s) s (document-based reader $(get reeval.txt reevaluate parse_document_s) s), evaluate + compare $(get reeval.txt reevaluate evaluate_s) s; $(fmt "$(get reeval.txt reevaluate changed)") verdicts changed | $(verdict "$wall <= 5") |"
  echo "| the same through the product: \`./musubi transfers recheck\` on a SQLite database of saved checks ≤ 5 s on 2 cores | **$recheck_median s** median of 3 runs ($recheck_times s), the whole process; $recheck_summary; the same command on an empty database takes $recheck_empty s (start-up, EF model, rule loading) | $(verdict "$recheck_median <= 5") |"
  echo "| peer: an independent evaluator agrees on every case | $(fmt "$(get peer.txt peer cases)") cases: $(get peer.txt peer verdict_disagreements) verdict, $(get peer.txt peer gate_disagreements) gate, $(get peer.txt peer approval_disagreements) approval and $(get peer.txt peer notification_disagreements) notification disagreements | $( [ "$peer_rc" = 0 ] && echo met || echo '**missed**') |"
  echo
  echo "Same cases, one core: Musubi $(fmt "$(get engine-peer.txt engine-on-peer-cases evals_per_s)") evaluations/s; the Python peer $(fmt "$(get peer.txt peer evals_per_s)") evaluations/s."
  echo
  echo "BenchmarkDotNet (in-process toolchain, \`taskset -c 0\`; one operation = one evaluation, or one case read from JSON):"
  echo
  sed -n '/^|/,$p' "$report"
  echo
  echo "Latency run:"
  echo
  echo '```text'
  grep -v '^RESULT' "$work/latency.txt"
  echo '```'
  echo
  echo "Product-path set-up (not timed):"
  echo
  echo '```text'
  cat "$work/recheck-setup.txt"
  echo '```'
  echo
  echo "Re-evaluation run:"
  echo
  echo '```text'
  grep -v '^RESULT' "$work/reeval.txt"
  echo '```'
} >"$section"
cat "$section"
if $record; then
  cat "$section" >>bench/RESULTS.md
  echo "(appended to bench/RESULTS.md)" >&2
fi
[ "$peer_rc" = 0 ]
