#!/usr/bin/env bash
# Screening engine benchmarks (issue #4), all in one run on this machine (bench/Musubi.Benchmarks screening-index):
#   1. index — a generated multi-script list of 1,000,000 entities (Han, kanji, katakana, Cyrillic, Hangul, Persian
#      and Arabic beside Latin; aliases, acronyms, identifiers) indexed with MeCab readings on 2 cores.
#      Targets ≤ 60 s and ≤ 3 GB (the process's peak resident memory during the build, entities included).
#   2. screening — 100,000 queries made by the evaluation's transformations (typos, legal forms, abbreviations,
#      transliteration variants, script changes, word order, partial names, acronyms, identifiers, hard and plain
#      negatives), top-10 candidates scored and explained, on 2 threads. Target ≥ 2,000 queries/s.
#   3. brute force — on the list's first 20,000 entities, 1,000 such queries screened by the index and by
#      ScreenExhaustive (every entity scored with the same scorer): recall of each (expected entity best, decision
#      match or review), time of each. Target: the index keeps ≥ 99 % of the brute force's recall.
# The whole process runs under /usr/bin/time -v (its maximum resident set size is reported too), pinned to cores 0,1.
# Wall times count; the CPU time of the build and of the screening is printed beside them, since other work on the
# machine lengthens wall time (the load average at the start and end is in the output).
# Prints a Markdown section and appends it to bench/RESULTS.md (--no-record: print only).
#
#   bench/screening.sh [--no-record]      about 3 minutes; needs libmecab2 + mecab-ipadic-utf8 (./musubi installs them)
# Environment: BENCH_ARTIFACTS (artifacts/bench-screening) the build's --artifacts-path; BENCH_ENTITIES (1000000),
# BENCH_QUERIES (100000), BENCH_SLICE (20000), BENCH_SLICE_QUERIES (1000).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
record=true
[ "${1:-}" = --no-record ] && record=false
art=${BENCH_ARTIFACTS:-$root/artifacts/bench-screening}
entities=${BENCH_ENTITIES:-1000000}
queries=${BENCH_QUERIES:-100000}
slice=${BENCH_SLICE:-20000}
slice_queries=${BENCH_SLICE_QUERIES:-1000}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v taskset >/dev/null || { echo "screening.sh: taskset is missing (util-linux)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "screening.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
[ -d /var/lib/mecab/dic/ipadic-utf8 ] || { echo "screening.sh: MeCab's IPADIC is missing (apt-get install libmecab2 mecab-ipadic-utf8)" >&2; exit 2; }

dotnet build bench/Musubi.Benchmarks -c Release --artifacts-path "$art" -v q -nologo >/dev/null
bench="dotnet $art/bin/Musubi.Benchmarks/release/Musubi.Benchmarks.dll"
work=$(mktemp -d -t musubi-bench-screening.XXXXXX)
trap 'rm -rf "$work"' EXIT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== index ${entities} entities, screen ${queries} queries, brute force on ${slice} (taskset -c 0,1)" >&2
/usr/bin/time -v -o "$work/time.txt" taskset -c 0,1 $bench screening-index "$entities" "$queries" "$slice" "$slice_queries" 2 | tee "$work/run.txt" >&2
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# One figure from a "RESULT name key=value ..." line.
get() { sed -n "s/^RESULT $1 .*\b$2=\([^ ]*\).*/\1/p" "$work/run.txt" | head -n1; }
verdict() { if python3 -c "import sys; sys.exit(0 if $1 else 1)"; then echo "met"; else echo "**missed**"; fi; }
fmt() { python3 -c "import sys; print(f'{float(sys.argv[1]):,.0f}')" "$1"; }
max_rss_gb=$(awk -F': ' '/Maximum resident set size/{printf "%.2f", $2/1e6}' "$work/time.txt")
build_s=$(get index build_s)
peak_gb=$(get index peak_rss_gb)
qps=$(get screen qps)
ratio=$(get slice ratio)

section=$work/section.md
{
  echo
  echo "### Screening engine — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(. /etc/os-release && echo "$PRETTY_NAME"); .NET SDK $(dotnet --version), runtime $(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([^ ]*\).*/\1/p' | tail -1); MeCab $(dpkg-query -W -f='${Version}' libmecab2 2>/dev/null || echo '?') with IPADIC $(dpkg-query -W -f='${Version}' mecab-ipadic-utf8 2>/dev/null || echo '?'). Run pinned to cores 0,1 (\`taskset -c 0,1\`). Load average (1/5/15 min) $load_start at the start, $load_end at the end. Code: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src/Musubi.Engines.Screening bench tests/Musubi.Engines.Tests/Screening/Synthetic || echo ' with uncommitted changes')."
  echo
  echo "| target | figure | result |"
  echo "|---|---|---|"
  echo "| index 1,000,000 generated multi-script entities in ≤ 60 s | **$build_s s** for $(fmt "$(get index entities)") entities ($(fmt "$(get index names)") names, $(fmt "$(get index keys)") keys), 2 threads, $(get index build_cpu_s) s of CPU (so at least $(python3 -c "print(f'{float(\"$(get index build_cpu_s)\")/2:.1f}')") s on 2 idle cores); generating the list took $(get index generate_s) s more (not counted) | $(verdict "$build_s <= 60") |"
  echo "| … in ≤ 3 GB | **$peak_gb GB** peak resident memory of the process during the build (the generated entities, $(get index rss_before_gb) GB, included); the index holds $(get index index_heap_gb) GB of managed heap; the whole run's maximum resident set (/usr/bin/time) $max_rss_gb GB | $(verdict "$peak_gb <= 3") |"
  echo "| screen 100,000 queries at ≥ 2,000 queries/s, top-10 candidates scored | **$(fmt "$qps") queries/s** ($(fmt "$(get screen queries)") queries in $(get screen wall_s) s on $(get screen workers) threads, each with up to 10 candidates scored and explained; from CPU time, at most $(fmt "$(get screen cpu_qps)") queries/s on 2 idle cores); at the default thresholds the queries with an expected entity found it as best with match $(python3 -c "print(f'{float(\"$(get screen recall_match)\")*100:.1f} %')") of the time, with match or review $(python3 -c "print(f'{float(\"$(get screen recall_review)\")*100:.1f} %')") | $(verdict "$qps >= 2000") |"
  echo "| the index keeps ≥ 99 % of the brute force's recall (20,000-entity slice, same run) | **$(python3 -c "print(f'{float(\"$ratio\")*100:.2f} %')")**: recall (expected entity best, match or review) $(python3 -c "print(f'{float(\"$(get slice recall_index)\")*100:.2f} %')") through the index against $(python3 -c "print(f'{float(\"$(get slice recall_brute)\")*100:.2f} %')") scoring every entity, on $(fmt "$(get slice queries)") queries ($(get slice positives) with an expected entity); the index $(get slice index_s) s, brute force $(get slice brute_s) s; same best candidate and score on $(get slice same_best) queries | $(verdict "$ratio >= 0.99") |"
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
