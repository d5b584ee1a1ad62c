#!/usr/bin/env bash
# Audit log throughput (issue #9): appends per second (one event per transaction, and batches of 1,000) and streaming
# verification (events per second: every hash, the chain, the RFC 6962 tree heads and signatures) on SQLite and, when
# MUSUBI_TEST_POSTGRES names a server (or scripts/pg-throwaway.sh can start one), PostgreSQL. Appends its figures to
# bench/RESULTS.md.
#
#   bench/audit.sh [EVENTS [SINGLE_APPENDS]]   default 1,000,000 events, of which 20,000 appended one per transaction
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
singles=${2:-20000}
artifacts=${MUSUBI_BENCH_ARTIFACTS:-/tmp/musubi-bench-audit}
summary=$(mktemp /tmp/musubi-audit-summary.XXXXXX)
log=$(mktemp /tmp/musubi-audit-log.XXXXXX)
pgdir=""
cleanup() {
  rm -f "$summary"
  if [ -n "$pgdir" ]; then scripts/pg-throwaway.sh stop "$pgdir/pg" >/dev/null 2>&1 || true; rm -rf "$pgdir"; fi
}
trap cleanup EXIT
if [ -z "${MUSUBI_TEST_POSTGRES:-}" ]; then
  pgdir=$(mktemp -d /tmp/musubi-bench-pg.XXXX); chmod 755 "$pgdir"
  MUSUBI_TEST_POSTGRES=$(scripts/pg-throwaway.sh start "$pgdir/pg") || { echo "no PostgreSQL: SQLite only" >&2; MUSUBI_TEST_POSTGRES=""; }
  export MUSUBI_TEST_POSTGRES
fi

echo "audit bench: $events events ($singles one per transaction); log: $log"
dotnet build tests/Musubi.Core.Tests -c Release --artifacts-path "$artifacts" -v q -nologo >/dev/null
MUSUBI_AUDIT_BENCH_EVENTS=$events MUSUBI_AUDIT_BENCH_APPENDS=$singles MUSUBI_AUDIT_BENCH_SUMMARY=$summary \
  dotnet test tests/Musubi.Core.Tests -c Release --no-build --artifacts-path "$artifacts" --nologo \
  --filter "FullyQualifiedName~Musubi.Core.Tests.Audit.AuditThroughputTests" -- xUnit.ParallelizeTestCollections=false >"$log" 2>&1 || {
    tail -40 "$log"; echo "audit bench failed; see $log" >&2; exit 1; }
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
machine="$(nproc) cores ($cpu), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(df -T /tmp | awk 'NR==2 {print $2}') /tmp; .NET SDK $(dotnet --version); $(psql --version 2>/dev/null || echo "PostgreSQL $(postgres --version 2>/dev/null | awk '{print $3}')")"
{
  echo
  echo "### Audit log (\`bench/audit.sh\`) — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $machine. Release build; the test database on the local disk; appends include the periodic signed"
  echo "checkpoints (every 1% of the events); verification streams the whole log and checks every checkpoint."
  echo
  echo "| database | events | appends/s (1 per transaction) | appends/s (1,000 per transaction) | verify time | verify events/s | checkpoints |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  cat "$summary"
} | tee -a bench/RESULTS.md
