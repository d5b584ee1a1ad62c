#!/usr/bin/env bash
# Workshare allocator benchmark (issue #7), in one run on this machine (bench/Musubi.Benchmarks workshare; Debian's cbc
# beside it):
#   for each mode (integrated, compartmentalized, blend by default), a generated program of 500 work packages × 60
#   companies × 4 nations (tests/Musubi.Engines.Tests/Workshare/WorkshareGenerator.cs, the generator of the cbc
#   cross-check) allocated by Musubi (HiGHS, with simulated annealing beside it on the second thread; BENCH_WORKSHARE_ANNEAL=0
#   runs HiGHS alone) with a 30 s limit on 2 threads → status, objective, proven bound, gap, time;
#   for the record CP-SAT on the same program and limit, with the pairwise border rows (the leaf form goes with the annealing,
#   ADR 0024; the allocator's solver before HiGHS; BENCH_WORKSHARE_CPSAT=0 skips it); in integrated and blend mode, the
#   same program without the regions the local-branching relaxation picks (ADR 0028; BENCH_WORKSHARE_RELAXED=0 skips it,
#   and runs the search without them throughout), and Musubi again, BENCH_WORKSHARE_REPEATS (5) runs in all, since the
#   allocations vary from run to run (the spread of the gaps is reported, and the target counts as met only when every
#   run meets it); the same model exported as LP and solved by cbc with the same limit (`cbc FILE -sec 30 -solve`) → status, objective,
#   bound, gap, time. Target: optimal or within 1% proven gap in ≤ 30 s; both objectives and times reported.
# Each process runs under /usr/bin/time -v, pinned to cores 0,1.
# Prints a Markdown section and appends it to bench/RESULTS.md (--no-record: print only).
#
#   bench/workshare.sh [--no-record]     about 2–3 minutes per mode; installs coinor-cbc with apt-get when it is missing
# Environment: BENCH_ARTIFACTS (artifacts/bench-workshare) the build's --artifacts-path; BENCH_WORKSHARE_PACKAGES (500),
# BENCH_WORKSHARE_COMPANIES (60), BENCH_WORKSHARE_NATIONS (4), BENCH_WORKSHARE_SEED (1) the generated program;
# BENCH_WORKSHARE_MODES ("integrated compartmentalized blend"); BENCH_WORKSHARE_SECONDS (30) the limit of both solvers;
# BENCH_WORKSHARE_WORKERS (2) threads / CP-SAT's workers. Experiments (recorded in the section when set): BENCH_WORKSHARE_PARAMS
# more HiGHS options (name=value,…); BENCH_WORKSHARE_LAMBDA / _KAPPA λ and κ as fractions of the program's total; BENCH_WORKSHARE_MU μ;
# BENCH_WORKSHARE_ANNEAL=0 HiGHS without the annealing; BENCH_WORKSHARE_NEIGHBOURHOODS=0 without the neighbourhood search
# (ADR 0025; otherwise integrated and blend also run without it, for the comparison in the same run); BENCH_WORKSHARE_PROOF=0 without
# the cutoff proof in a child process (ADR 0030; otherwise integrated and blend also run without it, SCIP beside the search in its
# place, in the same run); BENCH_WORKSHARE_MARGIN the proof's first cutoff above the LP (0.006 in integrated mode, 0.009 in
# blend, ADR 0039); BENCH_WORKSHARE_SUBSYSTEM_REGIONS=0 blend mode's search without its subsystem regions, and
# BENCH_WORKSHARE_BLEND_EARLY=0 without HiGHS giving way early in blend mode (ADR 0038); BENCH_WORKSHARE_RESUME=0 the
# annealing not resumed after the first cutoff (ADR 0034); BENCH_WORKSHARE_SECOND_CHAIN=0 the search kept beside the resumed annealing
# rather than a second chain (ADR 0035); BENCH_WORKSHARE_LP_START=0 the annealing from the cheapest companies, hot, rather than
# from the LP relaxation rounded, cool (ADR 0037); BENCH_WORKSHARE_SCIP=0 without
# SCIP's bound beside the search where the proof does not run (ADR 0027). (bench/Musubi.Benchmarks alone: BENCH_WORKSHARE_ENGINE=proof
# with BENCH_WORKSHARE_CUTOFF=USD proves one cutoff with HiGHS alone on one thread as the child runs it, ADRs 0030 and 0031; BENCH_WORKSHARE_ENGINE=anneal runs
# the annealing alone on one thread, ANNEAL_SEED its seed, ANNEAL_HEAT its starting heat, BENCH_WORKSHARE_CHOICE=FILE its start — what
# it finds without HiGHS; BENCH_WORKSHARE_ENGINE=lpround writes the LP relaxation rounded to BENCH_WORKSHARE_CHOICE (ADR 0037,
# BENCH_LPROUND_COLUMN=1 by largest column); BENCH_WORKSHARE_ENGINE=weight, ADR 0032;
# BENCH_WORKSHARE_ENGINE=trade|region|nations|lagrange, the experiments of ADR 0033, most on a dump's allocation;
# BENCH_WORKSHARE_ENGINE=merge, solution merging, and BENCH_WORKSHARE_POOL=FILE, a run's kept allocations, ADR 0048.)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
record=true
[ "${1:-}" = --no-record ] && record=false
art=${BENCH_ARTIFACTS:-$root/artifacts/bench-workshare}
packages=${BENCH_WORKSHARE_PACKAGES:-500}
companies=${BENCH_WORKSHARE_COMPANIES:-60}
nations=${BENCH_WORKSHARE_NATIONS:-4}
seed=${BENCH_WORKSHARE_SEED:-1}
modes=${BENCH_WORKSHARE_MODES:-integrated compartmentalized blend}
seconds=${BENCH_WORKSHARE_SECONDS:-30}
workers=${BENCH_WORKSHARE_WORKERS:-2}
repeats=${BENCH_WORKSHARE_REPEATS:-5}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v taskset >/dev/null || { echo "workshare.sh: taskset is missing (util-linux)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "workshare.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
if ! command -v cbc >/dev/null; then
  echo "workshare.sh: installing coinor-cbc" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q coinor-cbc >/dev/null 2>&1 || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q coinor-cbc >/dev/null; }
fi

dotnet build bench/Musubi.Benchmarks -c Release --artifacts-path "$art" -v q -nologo >/dev/null
bench="dotnet $art/bin/Musubi.Benchmarks/release/Musubi.Benchmarks.dll"
work=$(mktemp -d -t musubi-bench-workshare.XXXXXX)
trap 'rm -rf "$work"' EXIT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$work/run.txt"

for mode in $modes; do
  echo "== $packages work packages × $companies companies × $nations nations, $mode: Musubi (HiGHS), $seconds s, $workers threads (taskset -c 0,1)" >&2
  /usr/bin/time -v -o "$work/time-$mode.txt" taskset -c 0,1 $bench workshare "$work/$mode.lp" "$packages" "$companies" "$nations" "$seed" "$mode" "$seconds" "$workers" \
    | sed "s/^RESULT \([a-z]*\) /RESULT \1_$mode /" | tee -a "$work/run.txt" >&2
  if [ "$mode" != compartmentalized ] && [ "$workers" -ge 2 ] && [ "${BENCH_WORKSHARE_ANNEAL:-1}" != 0 ] && [ "${BENCH_WORKSHARE_NEIGHBOURHOODS:-1}" != 0 ]; then
    echo "== the same program: Musubi without the neighbourhood search (HiGHS to the limit beside the annealing, ADR 0025), $seconds s, $workers threads (taskset -c 0,1)" >&2
    BENCH_WORKSHARE_NEIGHBOURHOODS=0 taskset -c 0,1 $bench workshare "$work/$mode-off.lp" "$packages" "$companies" "$nations" "$seed" "$mode" "$seconds" "$workers" \
      | grep -E '^RESULT ours ' | sed "s/^RESULT ours /RESULT off_$mode /" | tee -a "$work/run.txt" >&2
    if [ "${BENCH_WORKSHARE_PROOF:-1}" != 0 ]; then
      echo "== the same program: Musubi without the cutoff proof (ADR 0030; SCIP's bound beside the search in its place, ADR 0027), $seconds s, $workers threads (taskset -c 0,1)" >&2
      BENCH_WORKSHARE_PROOF=0 taskset -c 0,1 $bench workshare "$work/$mode-noproof.lp" "$packages" "$companies" "$nations" "$seed" "$mode" "$seconds" "$workers" \
        | grep -E '^RESULT ours ' | sed "s/^RESULT ours /RESULT noproof_$mode /" | tee -a "$work/run.txt" >&2
    fi
    if [ "$mode" = blend ] && [ "${BENCH_WORKSHARE_NATION_REGION:-1}" != 0 ] && [ "${BENCH_WORKSHARE_PROOF:-1}" != 0 ]; then
      echo "== the same program: Musubi without the region by nation (ADR 0051; the annealing from the LP relaxation rounded as before it), $seconds s, $workers threads (taskset -c 0,1)" >&2
      BENCH_WORKSHARE_NATION_REGION=0 taskset -c 0,1 $bench workshare "$work/$mode-nonation.lp" "$packages" "$companies" "$nations" "$seed" "$mode" "$seconds" "$workers" \
        | grep -E '^RESULT ours ' | sed "s/^RESULT ours /RESULT nonation_$mode /" | tee -a "$work/run.txt" >&2
    fi
    if [ "${BENCH_WORKSHARE_RELAXED:-1}" != 0 ]; then
      echo "== the same program: Musubi without the regions the local-branching relaxation picks (ADR 0028), $seconds s, $workers threads (taskset -c 0,1)" >&2
      BENCH_WORKSHARE_RELAXED=0 taskset -c 0,1 $bench workshare "$work/$mode-norelaxed.lp" "$packages" "$companies" "$nations" "$seed" "$mode" "$seconds" "$workers" \
        | grep -E '^RESULT ours ' | sed "s/^RESULT ours /RESULT norelaxed_$mode /" | tee -a "$work/run.txt" >&2
    fi
    # The allocations vary from run to run (the annealing and the search race on two cores): the same program again.
    for i in $(seq 2 "$repeats"); do
      echo "== the same program again, run $i of $repeats: Musubi, $seconds s, $workers threads (taskset -c 0,1)" >&2
      taskset -c 0,1 $bench workshare "$work/$mode-repeat.lp" "$packages" "$companies" "$nations" "$seed" "$mode" "$seconds" "$workers" \
        | grep -E '^RESULT ours ' | sed "s/^RESULT ours /RESULT repeat_$mode /" | tee -a "$work/run.txt" >&2
    done
  fi
  if [ -s "$work/$mode.lp" ] && [ "${BENCH_WORKSHARE_CPSAT:-1}" != 0 ]; then
    echo "== the same program: CP-SAT (pairwise border rows), $seconds s, $workers workers, for the record (taskset -c 0,1)" >&2
    BENCH_WORKSHARE_ENGINE=cpsat BENCH_WORKSHARE_PARAMS= taskset -c 0,1 $bench workshare "$work/$mode-cpsat.lp" "$packages" "$companies" "$nations" "$seed" "$mode" "$seconds" "$workers" \
      | grep -E '^(CP-SAT|RESULT cpsat)' | sed "s/^RESULT \([a-z]*\) /RESULT \1_$mode /" | tee -a "$work/run.txt" >&2
  fi
  if [ -s "$work/$mode.lp" ]; then
    echo "== the same model: cbc -sec $seconds -solve (taskset -c 0,1)" >&2
    /usr/bin/time -v -o "$work/time-cbc-$mode.txt" taskset -c 0,1 cbc "$work/$mode.lp" -sec "$seconds" -solve >"$work/cbc-$mode.txt" 2>&1 || true
    grep -E '^(Result|Objective value|Lower bound|Gap|Enumerated nodes|Total time|Problem is infeasible)' "$work/cbc-$mode.txt" | sed "s/^/cbc ($mode): /" | tee -a "$work/run.txt" >&2
  fi
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# One figure from a "RESULT name key=value ..." line.
get() { sed -n "s/^RESULT $1 .*\b$2=\([^ ]*\).*/\1/p" "$work/run.txt" | head -n1; }
money() { python3 -c "import sys; v=sys.argv[1]; print('—' if v in ('', 'none') else f'\${float(v):,.0f}')" "${1:-}"; }
pct() { python3 -c "import sys; v=sys.argv[1]; print('—' if v in ('', 'none') else f'{100*float(v):.2f}%')" "${1:-}"; }
wall() { awk '/Elapsed \(wall clock\)/{n=split($NF,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%.2f", s}' "$1"; }
max_rss() { awk -F': ' '/Maximum resident set size/{printf "%.2f", $2/1e6}' "$1"; }
cbc_field() { sed -n "s/^$2: *\([-+0-9.eE]*\).*/\1/p" "$work/cbc-$1.txt" | head -n1; }

section=$work/section.md
{
  if ! grep -q '^## Issue #7' bench/RESULTS.md; then
    echo
    echo "## Issue #7 — workshare allocator (\`bench/workshare.sh\`)"
    echo
    echo "Target: a generated program of 500 work packages × 60 companies × 4 nations → optimal or within 1% proven gap in"
    echo "≤ 30 s on 2 cores; in the same run CBC on the exported model with the same limit — both objectives and times."
  fi
  echo
  echo "### Workshare allocator — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(. /etc/os-release && echo "$PRETTY_NAME"); .NET SDK $(dotnet --version); Google OR-Tools $(sed -n 's/.*Include="Google.OrTools" Version="\([^"]*\)".*/\1/p' Directory.Packages.props); CBC $(cbc -quit 2>/dev/null | sed -n 's/^Version: *//p' | head -1) (Debian coinor-cbc $(dpkg-query -W -f='${Version}' coinor-cbc 2>/dev/null || echo '?')). Each process pinned to cores 0,1 (\`taskset -c 0,1\`). Load average (1/5/15 min) $load_start at the start, $load_end at the end. Code: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src/Musubi.Engines.Optimization bench tests/Musubi.Engines.Tests/Workshare && [ -z "$(git ls-files --others --exclude-standard -- src/Musubi.Engines.Optimization bench tests/Musubi.Engines.Tests/Workshare)" ] || echo ' with uncommitted changes')."
  first=${modes%% *}
  echo
  echo "Program (seed $seed, \`WorkshareGenerator\`): $(get "program_$first" packages) work packages ($(money "$(get "program_$first" total_usd)") in all), $(get "program_$first" companies) companies, $(get "program_$first" nations) nations (shares 0.4/0.3/0.2/0.1 at 4), $(get "program_$first" interfaces) interfaces, capable companies per package $(get "program_$first" capable_min)–$(get "program_$first" capable_max) (mean $(get "program_$first" capable_mean)). Limits: $seconds s each, Musubi (HiGHS) on $workers threads$( [ "${BENCH_WORKSHARE_ANNEAL:-1}" = 0 ] && echo ' without the annealing' || { printf '%s' ', simulated annealing beside it when 2 or more'; [ "${BENCH_WORKSHARE_LP_START:-1}" = 0 ] && echo ' (from the cheapest companies)' || echo ' (from the LP relaxation rounded, cool, ADR 0037; in blend mode from the cheapest companies, hot, ADR 0051)'; })$( [ "${BENCH_WORKSHARE_NEIGHBOURHOODS:-1}" = 0 ] && echo ', without the neighbourhood search' || echo ", the neighbourhood search in HiGHS' place once its bound stalls")$( [ "${BENCH_WORKSHARE_RELAXED:-1}" = 0 ] && echo ' (connected regions only)' || echo " (regions picked by the local-branching relaxation among the connected ones$( [ "${BENCH_WORKSHARE_SUBSYSTEM_REGIONS:-1}" = 0 ] && echo '' || echo ', in blend mode among whole subsystems of at least 120 packages, ADRs 0038 and 0039'))")$( [ "${BENCH_WORKSHARE_BLEND_EARLY:-1}" = 0 ] && echo '' || echo "; in blend mode HiGHS gives way 3 s into its run once the proof runs (ADR 0038; before the region by nation, a second annealing chain for 2.5 s in its place instead, ADR 0052)")$( [ "${BENCH_WORKSHARE_NATION_REGION:-1}" = 0 ] && echo '' || echo "; in blend mode, then, a region by nation (each package among the nations the LP relaxation and the two chains' allocations give it, companies continuous, HiGHS on one thread with a cut pool of 1,000, first the relaxation's nations alone for at most half its time, then the whole region from that until 2 s before the limit$( [ "${BENCH_WORKSHARE_REGION_LNS:-1}" = 0 ] && echo '' || echo " — on programs of more than 240 packages by neighbourhoods of whole subsystems first, split ones drawn first, 120 packages and 1 s each, ADR 0055"), each time the companies chosen within its nations in at most 1.5 s, ADRs 0051 and 0052) before the search")$( [ "${BENCH_WORKSHARE_PROOF:-1}" = 0 ] && echo ', without the cutoff proof' || echo ", the cutoff proof in a process of its own (LP + ${BENCH_WORKSHARE_MARGIN:-0.006 (integrated) or 0.009 (blend)} × LP, ADRs 0030 and 0039; the cutoff also HiGHS' objective bound there and its restarts off, ADR 0039; HiGHS' heuristics off there, HiGHS in the parent on the threads less two — the annealing's and the child's — at least one, ADR 0031; each next cutoff as high as the time left allows, ADR 0032)$( [ "${BENCH_WORKSHARE_RESUME:-1}" = 0 ] && echo ', the annealing not resumed after the first cutoff' || echo '; once the first cutoff is proven, the child stops and the annealing resumes on its core (ADR 0034; in blend mode too, ADR 0044)')$( [ "${BENCH_WORKSHARE_RESUME:-1}" != 0 ] && { [ "${BENCH_WORKSHARE_SECOND_CHAIN:-1}" = 0 ] && echo ' beside the search' || echo ', and the search stops for a second annealing chain (ADR 0035)'; })")$( [ "${BENCH_WORKSHARE_SCIP:-1}" = 0 ] && echo ', without SCIP beside it' || echo ", SCIP for the bound beside the search when the proof does not run"), CP-SAT on $workers workers, cbc single-threaded (Debian's build).${BENCH_WORKSHARE_PARAMS:+ Extra HiGHS options: \`$BENCH_WORKSHARE_PARAMS\`.}${BENCH_WORKSHARE_LAMBDA:+ λ = $BENCH_WORKSHARE_LAMBDA × total.}${BENCH_WORKSHARE_MU:+ μ = $BENCH_WORKSHARE_MU.}${BENCH_WORKSHARE_KAPPA:+ κ = $BENCH_WORKSHARE_KAPPA × total.}"
  echo
  echo "| mode | Musubi (HiGHS) | CP-SAT, same program, pairwise border rows (for the record) | cbc on the exported LP | target (optimal or ≤ 1% gap in ≤ $seconds s) |"
  echo "|---|---|---|---|---|"
  for mode in $modes; do
    st=$(get "ours_$mode" status)
    gap=$(get "ours_$mode" gap)
    solve=$(get "ours_$mode" solve_s)
    ours="**$st**, objective $(money "$(get "ours_$mode" objective)"), bound $(money "$(get "ours_$mode" bound)"), gap $(pct "$gap"); solve $solve s (build $(get "ours_$mode" build_s) s; process $(wall "$work/time-$mode.txt") s wall, peak $(max_rss "$work/time-$mode.txt") GB); $(get "ours_$mode" variables) variables, $(get "ours_$mode" constraints) constraints; cross-border weight $(get "ours_$mode" border_weight), $(get "ours_$mode" split) split subsystems"
    ost=$(get "off_$mode" status)
    if [ -n "$ost" ]; then
      ours="$ours; without the neighbourhood search (same run): $ost, objective $(money "$(get "off_$mode" objective)"), bound $(money "$(get "off_$mode" bound)"), gap $(pct "$(get "off_$mode" gap)")"
    fi
    gst=$(get "nonation_$mode" status)
    if [ -n "$gst" ]; then
      ours="$ours; without the region by nation (same run): $gst, objective $(money "$(get "nonation_$mode" objective)"), bound $(money "$(get "nonation_$mode" bound)"), gap $(pct "$(get "nonation_$mode" gap)")"
    fi
    rst=$(get "norelaxed_$mode" status)
    if [ -n "$rst" ]; then
      ours="$ours; without the relaxation's regions (same run): $rst, objective $(money "$(get "norelaxed_$mode" objective)"), bound $(money "$(get "norelaxed_$mode" bound)"), gap $(pct "$(get "norelaxed_$mode" gap)")"
    fi
    # The repeats, when there are: "within runs spread" (a run without a gap counts as one outside 1%).
    repeated=""
    if grep -q "^RESULT repeat_$mode " "$work/run.txt"; then
      repeated=$( { get "ours_$mode" gap; sed -n "s/^RESULT repeat_$mode .*\bgap=\([^ ]*\).*/\1/p" "$work/run.txt"; } | python3 -c "
import sys
g = sorted(float(v) if v not in ('', 'none') else float('inf') for v in sys.stdin.read().split())
f = [v for v in g if v != float('inf')]
print(sum(v <= 0.01 for v in g), len(g), f'{len(g)} runs of the same program: gap {100*f[0]:.2f}–{100*f[-1]:.2f}%, median {100*g[len(g)//2]:.2f}%' if f else f'{len(g)} runs of the same program, none with a gap')
")
      ours="$ours; ${repeated#* * }, ${repeated%% *} of $(echo "$repeated" | cut -d' ' -f2) within 1%"
    fi
    nst=$(get "noproof_$mode" status)
    if [ -n "$nst" ]; then
      ours="$ours; without the cutoff proof, SCIP beside the search in its place (same run): $nst, objective $(money "$(get "noproof_$mode" objective)"), bound $(money "$(get "noproof_$mode" bound)"), gap $(pct "$(get "noproof_$mode" gap)")"
    fi
    cst=$(get "cpsat_$mode" status)
    if [ -n "$cst" ]; then
      cpsat="$cst, objective $(money "$(get "cpsat_$mode" objective)"), bound $(money "$(get "cpsat_$mode" bound)"), gap $(pct "$(get "cpsat_$mode" gap)"); solve $(get "cpsat_$mode" solve_s) s; cross-border weight $(get "cpsat_$mode" border_weight)"
    else
      cpsat="—"
    fi
    if [ -s "$work/$mode.lp" ] && [ -f "$work/cbc-$mode.txt" ]; then
      result=$(sed -n 's/^Result - //p' "$work/cbc-$mode.txt" | head -n1)
      grep -q '^Problem is infeasible' "$work/cbc-$mode.txt" && result="infeasible"
      cobj=$(cbc_field "$mode" 'Objective value')
      cbound=$(cbc_field "$mode" 'Lower bound')
      cgap=$(cbc_field "$mode" 'Gap')
      ctime=$(sed -n 's/^Total time (CPU seconds): *\([0-9.]*\).*Wallclock seconds): *\([0-9.]*\).*/\2/p' "$work/cbc-$mode.txt" | head -n1)
      theirs="${result:-no result line}, objective $(money "$cobj"), bound $(money "$cbound"), gap $(pct "$cgap"); ${ctime:-?} s wall by cbc (process $(wall "$work/time-cbc-$mode.txt") s)"
    else
      theirs="no model exported (answered without a solve)"
    fi
    if [ "$st" = optimal ] || { [ "$st" = feasible ] && python3 -c "import sys; sys.exit(0 if float('$gap') <= 0.01 and float('$solve') <= $seconds + 1 else 1)"; }; then
      verdict=met
    elif [ "$st" = infeasible ]; then
      verdict="— (no allocation exists; the conflicts are in the run below)"
    else
      verdict="**missed**"
    fi
    # Met only when every run of the same program met it.
    if [ -n "$repeated" ] && [ "$st" != infeasible ]; then
      read -r within runs _ <<<"$repeated"
      [ "$within" = "$runs" ] || verdict="**missed** (met in $within of $runs runs)"
    fi
    [ "$packages" -ge 500 ] && [ "$companies" -ge 60 ] || verdict="not at the target size ($verdict)"
    echo "| $mode | $ours | $cpsat | $theirs | $verdict |"
  done
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
