#!/usr/bin/env bash
# Matching engine and board search benchmarks (issue #8), one run on this machine (bench/Musubi.Benchmarks matching):
#   1. rank 200,000 synthetic supplier facilities for each of 50 requirements (top 10, with explanations). Target ≤ 200 ms.
#   2. rank 50,000 synthetic requirements for each of ~50 organizations. Target ≤ 200 ms.
#   3. board search over 100,000 synthetic requirements, 2,000 queries (English text, Japanese text, no-text listings
#      with facet filters, text with filters; total, a page of 25 and 7 facets each). Target p95 ≤ 50 ms.
#   Then the peer: the same documents and the first 200 of the same queries through SQLite FTS5 bm25()
#   (bench/matching_fts5.py, python3's sqlite3; its facet queries take seconds each, so all 2,000 would take an hour).
# The reader in every run cannot see about a quarter of the records (access key 3), so the access paths are measured.
# Each process is pinned to cores 0,1 and runs under /usr/bin/time -v (maximum resident set). Wall times count; the
# thread CPU time of each operation is printed beside them, since other work on the machine lengthens wall time.
# Prints a Markdown section and appends it to bench/RESULTS.md (--no-record: print only).
#
#   bench/matching.sh [--no-record]      a few minutes
# Environment: BENCH_ARTIFACTS (artifacts/bench-matching); BENCH_FACILITIES (200000), BENCH_REVERSE (50000),
# BENCH_BOARD (100000), BENCH_QUERIES (2000), BENCH_RANKINGS (50), BENCH_PEER_QUERIES (200).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
record=true
[ "${1:-}" = --no-record ] && record=false
art=${BENCH_ARTIFACTS:-$root/artifacts/bench-matching}
facilities=${BENCH_FACILITIES:-200000}
reverse=${BENCH_REVERSE:-50000}
board=${BENCH_BOARD:-100000}
queries=${BENCH_QUERIES:-2000}
rankings=${BENCH_RANKINGS:-50}
peer_queries=${BENCH_PEER_QUERIES:-200}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v taskset >/dev/null || { echo "matching.sh: taskset is missing (util-linux)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "matching.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "matching.sh: python3 is missing" >&2; exit 2; }

dotnet build bench/Musubi.Benchmarks -c Release --artifacts-path "$art" -v q -nologo >/dev/null
bench="dotnet $art/bin/Musubi.Benchmarks/release/Musubi.Benchmarks.dll"
work=$(mktemp -d -t musubi-bench-matching.XXXXXX)
trap 'rm -rf "$work"' EXIT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== engine: ${facilities} facilities, ${reverse} requirements (reverse), ${board} requirements (board), ${queries} queries (taskset -c 0,1)" >&2
/usr/bin/time -v -o "$work/time.txt" taskset -c 0,1 $bench matching "$facilities" "$reverse" "$board" "$queries" "$rankings" "$work/peer" | tee "$work/run.txt" >&2
echo "== peer: SQLite FTS5, first ${peer_queries} queries (taskset -c 0,1)" >&2
head -n "$peer_queries" "$work/peer/queries.jsonl" >"$work/peer/queries-peer.jsonl"
/usr/bin/time -v -o "$work/peer-time.txt" taskset -c 0,1 python3 bench/matching_fts5.py "$work/peer/docs.jsonl" "$work/peer/queries-peer.jsonl" | tee "$work/peer.txt" >&2
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

get() { sed -n "s/^RESULT $1 .*\b$2=\([^ ]*\).*/\1/p" "$work/run.txt" "$work/peer.txt" | head -n1; }
verdict() { if python3 -c "import sys; sys.exit(0 if $1 else 1)"; then echo "met"; else echo "**missed**"; fi; }
rss() { awk -F': ' '/Maximum resident set size/{printf "%.2f", $2/1e6}' "$1"; }

section=$work/section.md
{
  echo
  echo "### Matching and board search — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(. /etc/os-release && echo "$PRETTY_NAME"); .NET SDK $(dotnet --version); Lucene.Net 4.8.0-beta00017; python $(python3 -c 'import platform; print(platform.python_version())') with SQLite $(get fts5_build sqlite). Each process pinned to cores 0,1 (\`taskset -c 0,1\`). Load average (1/5/15 min) $load_start at the start, $load_end at the end. Code: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src/Musubi.Engines.Matching bench || echo ' with uncommitted changes'). All data synthetic (\`MatchingGenerator\`, seed 8): a 684-code taxonomy, facilities with 2–5 capabilities, requirements in English and/or Japanese; the reader cannot see a quarter of the records."
  echo
  echo "| target | figure | result |"
  echo "|---|---|---|"
  echo "| rank 200,000 suppliers for a requirement in ≤ 200 ms | **p50 $(get forward p50) ms, p95 $(get forward p95) ms** (max $(get forward max) ms) over $(get forward n) requirements, top 10 with explanations; thread CPU p50 $(get forward_cpu p50) ms, p95 $(get forward_cpu p95) ms; with every excluded candidate explained p95 $(get forward_excluded p95) ms. Index build $(get suppliers build_s) s ($(get suppliers build_cpu_s) s CPU), not counted | $(verdict "$(get forward p95) <= 200") |"
  echo "| rank 50,000 requirements for a supplier in ≤ 200 ms | **p50 $(get reverse p50) ms, p95 $(get reverse p95) ms** (max $(get reverse max) ms) over $(get reverse n) organizations; thread CPU p50 $(get reverse_cpu p50) ms, p95 $(get reverse_cpu p95) ms. Index build $(get reverse build_s) s | $(verdict "$(get reverse p95) <= 200") |"
  echo "| board search p95 ≤ 50 ms over 100,000 requirements | **p95 $(get board p95) ms** (p50 $(get board p50) ms, p99 $(get board p99) ms) over $(get board n) queries; thread CPU p50 $(get board_cpu p50) ms, p95 $(get board_cpu p95) ms. Index build $(get board build_s) s ($(get board build_cpu_s) s CPU) | $(verdict "$(get board p95) <= 50") |"
  echo "| peer: SQLite FTS5 bm25(), same documents, the first $(get fts5 n) of the same queries | p95 $(get fts5 p95) ms (p50 $(get fts5 p50) ms, max $(get fts5 max) ms); thread CPU p50 $(get fts5 cpu_p50) ms, p95 $(get fts5 cpu_p95) ms; load and index $(get fts5_build build_s) s; Japanese tokenizer $(get fts5_build ja) ($(get fts5 dropped_short) query words under 3 characters dropped) | — |"
  echo
  echo "Whole-process maximum resident set (/usr/bin/time): engine $(rss "$work/time.txt") GB (all three indexes and the generated data in one process), peer $(rss "$work/peer-time.txt") GB."
  echo
  echo "Run:"
  echo
  echo '```text'
  grep -hv '^RESULT' "$work/run.txt" "$work/peer.txt"
  echo '```'
} >"$section"
cat "$section"
if $record; then
  cat "$section" >>bench/RESULTS.md
  echo "(appended to bench/RESULTS.md)" >&2
fi
