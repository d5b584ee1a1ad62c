#!/usr/bin/env bash
# API fuzz, long run (issue #9): the generator of tests/Musubi.Web.Tests/Security/ApiFuzzTests.cs (random and malformed
# requests from the app's own OpenAPI document, anonymous and as demo accounts) with many more requests than ./test
# sends. Fails on any 5xx or any 4xx body that is not ProblemDetails, and appends its figures to bench/RESULTS.md.
#
#   bench/api-fuzz.sh [REQUESTS [SEED]]   default 200000 requests, a seed from the clock (printed; rerun with it)
#   MUSUBI_FUZZ_REQUESTS / MUSUBI_FUZZ_SEED in the environment do the same.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
requests=${1:-${MUSUBI_FUZZ_REQUESTS:-200000}}
seed=${2:-${MUSUBI_FUZZ_SEED:-$(date +%s)}}
artifacts=${MUSUBI_BENCH_ARTIFACTS:-/tmp/musubi-bench-fuzz}
work=$(mktemp -d /tmp/api-fuzz.XXXXXX)
summary=$work/summary
log=$work/test.log

echo "api fuzz: $requests requests, seed $seed (log: $log)"
dotnet build tests/Musubi.Web.Tests -c Release --artifacts-path "$artifacts" -v q -nologo >/dev/null
rc=0
MUSUBI_FUZZ_REQUESTS=$requests MUSUBI_FUZZ_SEED=$seed MUSUBI_FUZZ_SUMMARY=$summary \
  dotnet test tests/Musubi.Web.Tests -c Release --no-build --artifacts-path "$artifacts" --nologo \
  --filter "FullyQualifiedName~Musubi.Web.Tests.Security.ApiFuzzTests" --blame-hang-timeout 60m --blame-hang-dump-type none \
  >"$log" 2>&1 || rc=$?
if [ ! -s "$summary" ]; then
  tail -40 "$log"
  echo "api fuzz: the run did not finish (exit $rc); see $log" >&2
  exit 1
fi
get() { sed -n "s/^$1=//p" "$summary"; }
verdict=$([ "$rc" -eq 0 ] && echo "passed: zero 5xx, every error a ProblemDetails" || echo "FAILED (exit $rc): see the first failures below")
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
database=$([ -n "${MUSUBI_TEST_POSTGRES:-}" ] && echo "PostgreSQL (MUSUBI_TEST_POSTGRES)" || echo "SQLite")
machine="$(nproc) cores ($cpu), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; .NET SDK $(dotnet --version); $database, in-process test server, 2 client workers"
{
  echo
  echo "### API fuzz (\`bench/api-fuzz.sh\`) — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $machine."
  echo
  echo "| requests | operations | seed | duration | 5xx | failures | requests/s |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  echo "| $(get requests) | $(get operations) | $(get seed) | $(get seconds) s | $(get fivexx) | $(get failures) | $(awk -v r="$(get requests)" -v s="$(get seconds)" 'BEGIN { printf "%.0f", r / s }') |"
  echo
  echo "Result: $verdict. Statuses: \`$(get statuses)\`."
} | tee -a "$root/bench/RESULTS.md"
if [ "$rc" -ne 0 ]; then
  grep -A40 "first failures" "$log" | head -60
fi
exit "$rc"
