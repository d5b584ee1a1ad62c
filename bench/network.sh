#!/usr/bin/env bash
# Supply-network engine benchmarks (issue #5), all in one run on this machine (bench/Musubi.Benchmarks network, network-or):
#   1. critical units — a generated layered AND/OR network of 1,000,000 offers (about 5,000,000 approved-source edges,
#      six tiers below 20 end items, 1–4 inputs per offer, unqualified offers, planted single points of failure):
#      SupplyNetwork.Build, then CriticalUnits.Find for an end item at unit levels offer and organization.
#      Targets: Find ≤ 3 s, and ≤ 4 GB peak resident memory of the whole process (generated records included).
#   2. disruption — Disruption.Analyze on the same network with one country removed, every end item, WITHOUT the
#      steady-state LP (maxOutput null): feasibility before and after, capacity per part, recovery. Target ≤ 3 s.
#   3. OR-only peer — a generated network where every offer has one input (or none), all qualified, 1,000,000 offers:
#      the critical offers are exactly the item's dominators in the offer → consumer graph (virtual root feeding the
#      offers without inputs, virtual sink after the item's offers). python-igraph's Graph.dominator (Debian
#      python3-igraph) on the same graph (bench/network_igraph.py) against CriticalUnits.Find(…, offer).
#      Targets: identical answers; Find's time no worse than igraph's dominator call.
# Each process runs under /usr/bin/time -v (maximum resident set size), pinned to cores 0,1. Times are wall times of
# the first call in a fresh process (JIT included); a second call's time is printed beside them.
# Prints a Markdown section and appends it to bench/RESULTS.md (--no-record: print only).
#
#   bench/network.sh [--no-record]      about 2 minutes; installs python3-igraph with apt-get when it is missing
# Environment: BENCH_ARTIFACTS (artifacts/bench-network) the build's --artifacts-path; BENCH_OFFERS (1000000) offers
# of the AND/OR network; BENCH_OR_OFFERS (BENCH_OFFERS) offers of the OR-only network.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
record=true
[ "${1:-}" = --no-record ] && record=false
art=${BENCH_ARTIFACTS:-$root/artifacts/bench-network}
offers=${BENCH_OFFERS:-1000000}
or_offers=${BENCH_OR_OFFERS:-$offers}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v taskset >/dev/null || { echo "network.sh: taskset is missing (util-linux)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "network.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
if ! /usr/bin/python3 -c 'import igraph' 2>/dev/null; then
  echo "network.sh: installing python3-igraph" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-igraph >/dev/null 2>&1 || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-igraph >/dev/null; }
fi

dotnet build bench/Musubi.Benchmarks -c Release --artifacts-path "$art" -v q -nologo >/dev/null
bench="dotnet $art/bin/Musubi.Benchmarks/release/Musubi.Benchmarks.dll"
work=$(mktemp -d -t musubi-bench-network.XXXXXX)
trap 'rm -rf "$work"' EXIT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== AND/OR network of ${offers} offers: build, critical units, disruption (taskset -c 0,1)" >&2
/usr/bin/time -v -o "$work/time-andor.txt" taskset -c 0,1 $bench network "$offers" | tee "$work/run.txt" >&2
echo "== OR-only network of ${or_offers} offers: Musubi (taskset -c 0,1)" >&2
/usr/bin/time -v -o "$work/time-or.txt" taskset -c 0,1 $bench network-or "$or_offers" "$work/edges.txt" "$work/musubi-ids.txt" | tee -a "$work/run.txt" >&2
echo "== the same graph: python-igraph (taskset -c 0,1)" >&2
/usr/bin/time -v -o "$work/time-igraph.txt" taskset -c 0,1 /usr/bin/python3 bench/network_igraph.py "$work/edges.txt" "$work/igraph-ids.txt" | tee -a "$work/run.txt" >&2
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# One figure from a "RESULT name key=value ..." line.
get() { sed -n "s/^RESULT $1 .*\b$2=\([^ ]*\).*/\1/p" "$work/run.txt" | head -n1; }
verdict() { if python3 -c "import sys; sys.exit(0 if $1 else 1)"; then echo "met"; else echo "**missed**"; fi; }
fmt() { python3 -c "import sys; print(f'{float(sys.argv[1]):,.0f}')" "$1"; }
max_rss() { awk -F': ' '/Maximum resident set size/{printf "%.2f", $2/1e6}' "$1"; }
wall() { awk '/Elapsed \(wall clock\)/{n=split($NF,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%.1f", s}' "$1"; }

rss_andor=$(max_rss "$work/time-andor.txt")
peak_gb=$(get memory peak_rss_gb)
find_s=$(get find_offer find_s)
find_org_s=$(get find_organization find_s)
build_s=$(get build build_s)
disrupt_s=$(get disrupt disrupt_s)
or_find_s=$(get or_musubi find_s)
ig_dom_s=$(get or_igraph dominator_s)
musubi_count=$(wc -l <"$work/musubi-ids.txt")
igraph_count=$(wc -l <"$work/igraph-ids.txt")
if cmp -s "$work/musubi-ids.txt" "$work/igraph-ids.txt"; then
  same=true
  differences="none"
else
  same=false
  differences=$(diff "$work/musubi-ids.txt" "$work/igraph-ids.txt" | grep '^[<>]' | sed 's/^</only Musubi:/; s/^>/only igraph:/' | head -10 | paste -sd';' -)
fi
{
  echo "musubi critical offers: $(paste -sd' ' "$work/musubi-ids.txt")"
  echo "igraph critical offers: $(paste -sd' ' "$work/igraph-ids.txt")"
} | tee -a "$work/run.txt" >&2

section=$work/section.md
{
  echo
  echo "### Supply-network engine — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(. /etc/os-release && echo "$PRETTY_NAME"); .NET SDK $(dotnet --version), runtime $(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([^ ]*\).*/\1/p' | tail -1); python-igraph $(get or_igraph version) (Debian python3-igraph $(dpkg-query -W -f='${Version}' python3-igraph 2>/dev/null || echo '?')), Python $(/usr/bin/python3 -c 'import platform; print(platform.python_version())'). Each process pinned to cores 0,1 (\`taskset -c 0,1\`). Load average (1/5/15 min) $load_start at the start, $load_end at the end. Code: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src/Musubi.Engines.Network bench && [ -z "$(git ls-files --others --exclude-standard -- src/Musubi.Engines.Network bench)" ] || echo ' with uncommitted changes')."
  echo
  echo "| target | figure | result |"
  echo "|---|---|---|"
  echo "| critical units for an end item over 1,000,000 offers and 5,000,000 approved-source edges in ≤ 3 s | **$find_s s** \`CriticalUnits.Find\` at unit level offer ($(get find_offer critical) critical, the planted one among them; $(get find_offer find_cpu_s) s CPU), **$find_org_s s** at organization ($(get find_organization critical) critical; $(get find_organization find_cpu_s) s CPU), first calls (second: $(get find_offer warm_s) s, $(get find_organization warm_s) s); $(fmt "$(get build offers)") offers, $(fmt "$(get build edges)") approved-source edges ($(fmt "$(get build explicit)") explicit rows, the rest implied by inputs without rows), $(fmt "$(get build slots)") input slots; $(fmt "$(get find_offer upstream)") producing offers upstream of the item. \`SupplyNetwork.Build\` from the records $build_s s more ($(get build build_cpu_s) s CPU), so build + find $(get find_offer whole_s) s; generating the records $(get build generate_s) s (not counted) | $(verdict "$find_s <= 3 and $find_org_s <= 3") |"
  echo "| … in ≤ 4 GB, whole process | **$peak_gb GB** peak resident memory (VmHWM) of the process, the generated records ($(get build rss_before_gb) GB resident before the build) and both analyses included; /usr/bin/time's maximum resident set $rss_andor GB | $(verdict "$peak_gb <= 4") |"
  echo "| disruption what-if on the same network in ≤ 3 s | **$disrupt_s s** ($(get disrupt disrupt_cpu_s) s CPU) \`Disruption.Analyze\` removing $(get disrupt removed) ($(fmt "$(get disrupt offers_removed)") offers), every end item ($(get disrupt stopped) of $(get disrupt items) stop), $(fmt "$(get disrupt parts)") parts losing capacity, recovery by qualification; first call. **Without the steady-state LP** (\`maxOutput\` null): the maximum monthly output before and after is not in this figure | $(verdict "$disrupt_s <= 3") |"
  echo "| OR-only case: identical answers to python-igraph's dominator tree | **$( $same && echo identical || echo different)**: $musubi_count critical offers from \`CriticalUnits.Find(…, offer)\`, $igraph_count strict dominators of the item from \`Graph.dominator\`; differences: $differences. $(fmt "$(get or_musubi offers)") offers (all qualified), $(fmt "$(get or_igraph edges)") graph edges ($(fmt "$(get or_musubi edges)") approved-source edges plus root and sink edges), $(fmt "$(get or_musubi upstream)") offers upstream of the item | $($same && echo met || echo "**missed**") |"
  echo "| … Musubi's time no worse than igraph's | **$or_find_s s** \`CriticalUnits.Find\` (first call, $(get or_musubi find_cpu_s) s CPU; second call $(get or_musubi warm_s) s) against **$ig_dom_s s** \`Graph.dominator\` ($(get or_igraph dominator_cpu_s) s CPU; over its whole graph). Whole processes: Musubi build $(get or_musubi build_s) s + find, peak $(max_rss "$work/time-or.txt") GB (generation and the edge-list file included), $(wall "$work/time-or.txt") s wall; igraph load $(get or_igraph load_s) s + dominator, peak $(max_rss "$work/time-igraph.txt") GB, $(wall "$work/time-igraph.txt") s wall | $(verdict "$or_find_s <= $ig_dom_s") |"
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
