#!/usr/bin/env bash
# Surge planner benchmarks (issue #6), all in one run on this machine (bench/Musubi.Benchmarks surge-demo, surge,
# surge-solvers; Debian's clp beside them):
#   1. the demo network's plan — data/demo/network, item p-int, 24 months, objective max: SurgePlanner.Plan in-process
#      (model build + solve + the answer; first call in a fresh process, JIT included, and a second call), and the
#      CLI's wall time for `musubi surge plan … --format json` (process start to exit, three runs). Target < 1 s.
#   2. a generated instance of 10,000 offers and about 50,000 approved-source edges; the plan over 24 months, objective
#      max. By default the registry's synthetic package generator (issue #2, `musubi generate`), every producible end
#      item planned together — the issue's instance (docs/adr/0023-surge-benchmark-instance.md).
#      BENCH_SURGE_GENERATOR=upstream: bench/Musubi.Benchmarks/SurgeNetworkGenerator.cs instead, every offer upstream of
#      its one end item with short lead times, so the model spans the whole package and every month — a stress case
#      beyond any simplex code's minute at this size (set BENCH_SURGE_OFFERS=1000 for it). Targets: ≤ 60 s (model build +
#      solve) and ≤ 8 GB peak resident memory (VmHWM) of the whole process, generated package and its reading included.
#   3. the same model exported to MPS (SurgePlanner.ExportMps) and solved by CLP (Debian coinor-clp; Debian's clp
#      ignores OBJSENSE, so -max), twice: `-dualsimplex` and `-primalsimplex`; CLP's own reported solve time (the
#      faster of the two is the figure) and its process's wall time against Musubi's model build + solve. Target:
#      Musubi no slower than CLP's solve alone; objectives equal within 1e-6 relative.
#   4. for the record, OR-Tools' LP solvers on the same exported model (model builder's MPS reader; GLOP, HiGHS and
#      PDLP by default — this OR-Tools build's model builder has no CLP): which of them suits the planner.
#   5. for the record, CLP (the library OR-Tools ships, through its C API) on the same exported model, cold (with and
#      without presolve) and started from the steady-state plan repeated in every month (values pass; a crashed basis,
#      primal and dual) or sifted from it as the planner does (its columns first, then the whole model from that
#      basis): whether such a start beats solving cold (docs/engines/surge.md, "Solve").
# Each process runs under /usr/bin/time -v (maximum resident set size), pinned to cores 0,1.
# Prints a Markdown section and appends it to bench/RESULTS.md (--no-record: print only).
#
#   bench/surge.sh [--no-record]      about two minutes (issue #2's generator); with BENCH_SURGE_GENERATOR=upstream a
#                                     1,000-offer instance takes a minute or two, and at 10,000 offers the plan had not
#                                     finished after 13 min (2026-12-02, code a9d7924); each CLP run may then take up to
#                                     BENCH_CLP_TIMEOUT; installs coinor-clp with apt-get when missing
# Environment: BENCH_ARTIFACTS (artifacts/bench-surge) the build's --artifacts-path; BENCH_SURGE_GENERATOR (core) or
# upstream; BENCH_SURGE_OFFERS (10000)
# offers of the generated instance; BENCH_SURGE_MONTHS (24) its horizon; BENCH_SURGE_SOLVERS ("glop highs pdlp") the
# OR-Tools solvers of step 4, empty to skip it; BENCH_CLP_TIMEOUT (3600) seconds each CLP run may take.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
record=true
[ "${1:-}" = --no-record ] && record=false
art=${BENCH_ARTIFACTS:-$root/artifacts/bench-surge}
offers=${BENCH_SURGE_OFFERS:-10000}
months=${BENCH_SURGE_MONTHS:-24}
solvers=${BENCH_SURGE_SOLVERS-glop highs pdlp}
clp_timeout=${BENCH_CLP_TIMEOUT:-3600}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v taskset >/dev/null || { echo "surge.sh: taskset is missing (util-linux)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "surge.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
if ! command -v clp >/dev/null; then
  echo "surge.sh: installing coinor-clp" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q coinor-clp >/dev/null 2>&1 || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q coinor-clp >/dev/null; }
fi

dotnet build bench/Musubi.Benchmarks -c Release --artifacts-path "$art" -v q -nologo >/dev/null
dotnet build src/Musubi.Cli -c Release --artifacts-path "$art" -v q -nologo >/dev/null
bench="dotnet $art/bin/Musubi.Benchmarks/release/Musubi.Benchmarks.dll"
musubi="dotnet $art/bin/Musubi.Cli/release/musubi.dll"
work=$(mktemp -d -t musubi-bench-surge.XXXXXX)
trap 'rm -rf "$work"' EXIT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== demo network, p-int, 24 months: in-process (taskset -c 0,1)" >&2
/usr/bin/time -v -o "$work/time-demo.txt" taskset -c 0,1 $bench surge-demo data/demo/network p-int 24 | tee "$work/run.txt" >&2
echo "== demo network, p-int, 24 months: the CLI, three runs (taskset -c 0,1)" >&2
for i in 1 2 3; do
  /usr/bin/time -v -o "$work/time-cli-$i.txt" taskset -c 0,1 $musubi surge plan --input data/demo/network --item p-int --months 24 --format json >"$work/cli-$i.json"
done
echo "== generated instance of ${offers} offers, ${months} months: Musubi (taskset -c 0,1)" >&2
/usr/bin/time -v -o "$work/time-large.txt" taskset -c 0,1 $bench surge "$work/package" "$work/model.mps" "$months" "$offers" | tee -a "$work/run.txt" >&2
for method in dual primal; do
  echo "== the same model: clp -max -${method}simplex (taskset -c 0,1)" >&2
  /usr/bin/time -v -o "$work/time-clp-$method.txt" timeout "$clp_timeout" taskset -c 0,1 clp "$work/model.mps" -max -${method}simplex -solution "$work/clp-solution-$method.txt" >"$work/clp-$method.txt" || true
  grep -E '^(Problem|Model was imported|Presolve|Optimal|Primal|Dual|After Postsolve|Total time)' "$work/clp-$method.txt" | sed "s/^/clp -${method}simplex: /" | tee -a "$work/run.txt" >&2
done
if [ -n "$solvers" ]; then
  echo "== the same model: OR-Tools' solvers ($solvers) (taskset -c 0,1)" >&2
  # shellcheck disable=SC2086 # one argument per solver
  taskset -c 0,1 $bench surge-solvers "$work/model.mps" $solvers | tee -a "$work/run.txt" >&2
fi
echo "== the same model: CLP started from the steady-state plan (taskset -c 0,1)" >&2
# For the record only: a failure or a timeout here is reported and the run goes on.
{ timeout "$clp_timeout" taskset -c 0,1 $bench surge-clp-start "$work/package" "$work/model.mps" "$months" || echo "surge-clp-start failed or timed out (exit $?)"; } \
  | { grep -v "OBJSENSE - Coin ignores" || true; } | tee -a "$work/run.txt" >&2
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# One figure from a "RESULT name key=value ..." line.
get() { sed -n "s/^RESULT $1 .*\b$2=\([^ ]*\).*/\1/p" "$work/run.txt" | head -n1; }
# The size-bound targets are met only at the size the issue names.
at_size() { python3 -c "import sys; sys.exit(0 if float('$(get network offers)') >= 9500 else 1)"; }
verdict() { if python3 -c "import sys; sys.exit(0 if $1 else 1)"; then echo "met"; else echo "**missed**"; fi; }
fmt() { python3 -c "import sys; print(f'{float(sys.argv[1]):,.0f}')" "$1"; }
calc() { python3 -c "print(f'{$1:.3f}')"; }
max_rss() { awk -F': ' '/Maximum resident set size/{printf "%.2f", $2/1e6}' "$1"; }
wall() { awk '/Elapsed \(wall clock\)/{n=split($NF,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%.2f", s}' "$1"; }

demo_s=$(get demo_first plan_s)
demo_warm_s=$(get demo_second plan_s)
cli_walls=$(for i in 1 2 3; do wall "$work/time-cli-$i.txt"; echo; done | sort -n | paste -sd' ' -)
cli_median=$(echo "$cli_walls" | awk '{print $2}')
cli_status=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d.get('status'), d.get('delivered'))" "$work/cli-1.json" 2>/dev/null || echo "unreadable output")

plan_s=$(get plan plan_s)
build_s=$(get plan build_s)
solve_s=$(get plan solve_s)
musubi_s=$(calc "$build_s + $solve_s")
peak_gb=$(get memory peak_rss_gb)
ours=$(get plan objective)
# CLP: "Optimal objective 123.4 - 5678 iterations time 12.34[, Presolve 0.56]" and its solution file's first line;
# the faster of the dual and primal runs is the figure.
clp_figures() {
  local out=$work/clp-$1.txt line
  line=$(grep -m1 -E '^(Optimal|Primal|Dual|Stopped|Problem)[A-Za-z ]*objective .* iterations time' "$out" || true)
  clp_status=$(head -n1 "$work/clp-solution-$1.txt" 2>/dev/null | sed 's/ - objective value.*//')
  [ -n "$clp_status" ] || clp_status="no solution file (timed out after ${clp_timeout} s?)"
  clp_objective=$(echo "$line" | sed -n 's/.*objective \([-+0-9.eE]*\) - .*/\1/p')
  clp_s=$(echo "$line" | sed -n 's/.* iterations time \([0-9.]*\).*/\1/p')
  clp_iterations=$(echo "$line" | sed -n 's/.* - \([0-9]*\) iterations.*/\1/p')
  clp_read_s=$(sed -n 's/^Model was imported from .* in \([0-9.]*\) seconds.*/\1/p' "$out" | head -n1)
  [ -n "$clp_objective" ] || clp_objective=nan
  [ -n "$clp_s" ] || clp_s=nan
}
clp_figures primal
primal_s=$clp_s
primal_text="-primalsimplex $clp_s s ($clp_status, $clp_iterations iterations)"
clp_figures dual
dual_text="-dualsimplex $clp_s s ($clp_status, $clp_iterations iterations)"
clp_method=dual
if python3 -c "import sys; sys.exit(0 if float('$primal_s') < float('$clp_s') or '$clp_s' == 'nan' else 1)" 2>/dev/null; then
  clp_method=primal
  clp_figures primal
fi
same=$(python3 -c "import math,sys; a=float(sys.argv[1]); b=float(sys.argv[2]); d=abs(a-b); print(f'{d:.3g}', 'met' if d <= 1e-6*max(1,abs(b)) else '**missed**')" "$ours" "$clp_objective" 2>/dev/null || echo "? **missed**")
solver_rows=""
for s in $solvers; do
  st=$(get "solver_$s" status)
  [ -n "$st" ] || continue
  if [ "$st" = unsupported ]; then
    solver_rows="$solver_rows; $s: not in this OR-Tools build"
  else
    solver_rows="$solver_rows; $s: $(get "solver_$s" solve_s) s ($st, objective $(get "solver_$s" objective))"
  fi
done
solver_rows=${solver_rows#; }

section=$work/section.md
{
  if ! grep -q '^## Issue #6' bench/RESULTS.md; then
    echo
    echo "## Issue #6 — surge-production planner (\`bench/surge.sh\`)"
    echo
    echo "Targets: the demo network's plan in < 1 s; a generated instance of 10,000 offers, 50,000 approved-source edges and"
    echo "24 months in ≤ 60 s and ≤ 8 GB whole-process; in the same run CLP on the exported MPS of the same instance, Musubi"
    echo "(model build plus solve) no slower than CLP's solve alone."
  fi
  echo
  echo "### Surge planner — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(. /etc/os-release && echo "$PRETTY_NAME"); .NET SDK $(dotnet --version), runtime $(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([^ ]*\).*/\1/p' | tail -1); Google OR-Tools $(sed -n 's/.*Include="Google.OrTools" Version="\([^"]*\)".*/\1/p' Directory.Packages.props); CLP $(sed -n 's/^Coin LP version \([^,]*\),.*/\1/p' "$work/clp-dual.txt" | head -1) (Debian coinor-clp $(dpkg-query -W -f='${Version}' coinor-clp 2>/dev/null || echo '?')). Each process pinned to cores 0,1 (\`taskset -c 0,1\`). Load average (1/5/15 min) $load_start at the start, $load_end at the end. Code: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src/Musubi.Engines.Optimization src/Musubi.Engines.Network bench ':!bench/RESULTS.md' && [ -z "$(git ls-files --others --exclude-standard -- src/Musubi.Engines.Optimization bench)" ] || echo ' with uncommitted changes')."
  echo
  echo "| target | figure | result |"
  echo "|---|---|---|"
  echo "| the demo network's plan in < 1 s | **$demo_s s** \`SurgePlanner.Plan\` (p-int, 24 months, max; first call in a fresh process, JIT included: model build $(get demo_first build_s) s, $(get demo_first solve_s) s solve; $(get demo_first variables) variables, $(get demo_first constraints) constraints; $(get demo_first status), $(get demo_first delivered) delivered), second call $demo_warm_s s. The CLI \`musubi surge plan --input data/demo/network --item p-int --months 24 --format json\`, process start to exit: $cli_walls s (median $cli_median s; .NET start-up and the package read included; it answered $cli_status) | $(verdict "$demo_s < 1") |"
  echo "| a generated instance of 10,000 offers, 50,000 approved-source edges, 24 months in ≤ 60 s | generator: $(get network generator) ($(get network items) end item(s) planned together). **$musubi_s s** model build ($build_s s) + $(get plan solver) solve ($solve_s s); the whole \`Plan\` call $plan_s s ($(get plan plan_cpu_s) s CPU; with the bottlenecks, the schedule and the steady-state rate). $(fmt "$(get network offers)") offers, $(fmt "$(get network edges)") approved-source edges ($(fmt "$(get network explicit)") explicit rows, the rest implied by inputs without rows), $(fmt "$(get network slots)") input slots; $(fmt "$(get network upstream)") producing offers upstream of the item with $(fmt "$(get network upstream_edges)") edges between them; model $(fmt "$(get plan variables)") variables, $(fmt "$(get plan constraints)") constraints; $(get plan status), $(get plan delivered) delivered, $(get plan bottlenecks) binding (offer, month) capacities | $(if at_size; then verdict "$plan_s <= 60"; else echo "not at the target size"; fi) |"
  echo "| … in ≤ 8 GB, whole process | **$peak_gb GB** peak resident memory (VmHWM) of the process — generating and reading the package ($(get plan rss_before_gb) GB resident before the plan), the plan and the MPS export ($(get export mps_mb) MB) included; after the plan $(get plan peak_plan_gb) GB; /usr/bin/time's maximum resident set $(max_rss "$work/time-large.txt") GB | $(if at_size; then verdict "$peak_gb <= 8"; else echo "not at the target size"; fi) |"
  echo "| Musubi (model build + solve) no slower than CLP's solve alone | **$musubi_s s** against **$clp_s s** CLP (\`clp -max -${clp_method}simplex\`, the faster of $dual_text and $primal_text, CLP's own reported times; reading the MPS ${clp_read_s:-?} s more; process $(wall "$work/time-clp-$clp_method.txt") s wall, peak $(max_rss "$work/time-clp-$clp_method.txt") GB) | $(verdict "$musubi_s <= $clp_s") |"
  echo "| the same optimum | Musubi $ours, CLP $clp_objective ($clp_status); difference ${same% *} | ${same#* } |"
  echo "| (no target) where Musubi's time goes | steps re-run warm after the timed call (run 2): setup $(get phases_2 setup_s) s (the scope and timing, and the steady state that fills the pipeline: two GLOP solves), model built as arrays $(get phases_2 model_s) s, first solve $(get phases_2 first_s) s (CLP through its C API, sifted from the steady state: the $(fmt "$(get phases_2 sifted_columns)") columns it uses, $(fmt "$(get phases_2 restricted_iterations)") iterations with presolve, then the whole model from that basis, $(fmt "$(get phases_2 completion_iterations)") iterations; loading the model into CLP included), earliness solve (the earliest of the plans delivering the most, from the first's optimal basis) $(get phases_2 refine_s) s; together $(calc "$(get phases_2 setup_s) + $(get phases_2 model_s) + $(get phases_2 first_s) + $(get phases_2 refine_s)") s warm against the first call's $musubi_s s (JIT and first use of the native libraries) | — |"
  echo "| (no target) CLP started from the steady-state plan (C API, same model) | cold with presolve $(get clp_start_cold_presolve solve_s) s ($(get clp_start_cold_presolve iterations) iterations), cold without presolve $(get clp_start_cold_no_presolve solve_s) s ($(get clp_start_cold_no_presolve iterations)); from the plan: values pass $(get clp_start_values_pass solve_s) s ($(get clp_start_values_pass iterations)), crashed basis by primal simplex $(get clp_start_basis_primal solve_s) s ($(get clp_start_basis_primal iterations)), by dual simplex $(get clp_start_basis_dual solve_s) s ($(get clp_start_basis_dual iterations)); sifted from it as the planner does $(get clp_start_sifted solve_s) s ($(get clp_start_sifted iterations) iterations on the whole model after the restricted solve) | — |"
  if [ -n "$solver_rows" ]; then
    echo "| (no target) OR-Tools' LP solvers on the exported model | $solver_rows | — |"
  fi
  echo
  echo "Run:"
  echo
  echo '```text'
  grep -v '^RESULT' "$work/run.txt"
  echo '```'
} >"$section"
cat "$section"
if $record; then
  cat "$section" >>bench/RESULTS.md
  echo "(appended to bench/RESULTS.md)" >&2
fi
