#!/usr/bin/env bash
# Import benchmark (issue #2): a generated package with ~1,000,000 offers and ~3,000,000 approved sources, imported by
# `musubi import` into PostgreSQL (binary COPY) and SQLite, beside PostgreSQL's own `\copy` (and sqlite3's `.import`)
# of the same CSV files, all in one run on this machine. Prints a Markdown block for bench/RESULTS.md.
#
#   bench/import.sh [RUNS]      RUNS timed runs per contender (default 3); needs root for apt-get the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-3}
work=/tmp/musubi-bench
mkdir -p "$work" && chmod 755 "$work"

need() { command -v "$1" >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && { apt-get update -qq; apt-get install -y -qq --no-install-recommends "$2" >/dev/null; }; }; }
need hyperfine hyperfine
need sqlite3 sqlite3
need psql postgresql-client

./musubi --version >/dev/null   # build once, outside every timing
musubi="dotnet $root/artifacts/cli/musubi.dll"

pkg="$work/pkg"
if [ ! -f "$pkg/approved_sources.csv" ]; then
  $musubi generate --organizations 5000 --parts 200000 --tiers 5 --offers-per-part 5 --approved-per-input 4.5 --seed 1 --out "$pkg"
fi
rows() { echo $(( $(wc -l < "$pkg/$1") - 1 )); }

pgdir="$work/pg"
scripts/pg-throwaway.sh stop "$pgdir" >/dev/null 2>&1 || true
conn=$(scripts/pg-throwaway.sh start "$pgdir")
trap 'scripts/pg-throwaway.sh stop "$pgdir" >/dev/null 2>&1 || true' EXIT
port=$(sed 's/.*Port=\([0-9]*\).*/\1/' <<<"$conn")
psql_base="psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $port -U postgres"

# --- contenders -------------------------------------------------------------------------------------------------
$psql_base -d postgres -c "DROP DATABASE IF EXISTS musubi_bench" -c "CREATE DATABASE musubi_bench"
$musubi db migrate --db "postgres:$conn;Database=musubi_bench" >/dev/null
# Each timed run starts from a freshly migrated, empty schema (TRUNCATE keeps the migrated tables).
reset_pg="$psql_base -d musubi_bench -c 'TRUNCATE \"ApprovedSources\", \"OfferInputs\", \"Offers\", \"Parts\", \"FacilityCapabilities\", \"Facilities\", \"Organizations\" CASCADE'"

cat > "$work/peer.sql" <<SQL
DROP TABLE IF EXISTS organizations, facilities, parts, offers, offer_inputs, approved_sources;
CREATE TABLE organizations (id text, name text, country text, kind text);
CREATE TABLE facilities (id text, organization_id text, name text, country text, region text);
CREATE TABLE parts (id text, name text, end_item boolean, weapon boolean, usml text, eccn text);
CREATE TABLE offers (id text, part_id text, facility_id text, capacity_per_month numeric, lead_time_days int, unit_cost_usd numeric, qualified boolean, qualification_months int, qualification_cost_usd numeric);
CREATE TABLE offer_inputs (offer_id text, input_part_id text, quantity_per_unit numeric);
CREATE TABLE approved_sources (offer_id text, input_part_id text, source_offer_id text);
\copy organizations FROM '$pkg/organizations.csv' (FORMAT csv, HEADER true)
\copy facilities FROM '$pkg/facilities.csv' (FORMAT csv, HEADER true)
\copy parts FROM '$pkg/parts.csv' (FORMAT csv, HEADER true)
\copy offers FROM '$pkg/offers.csv' (FORMAT csv, HEADER true)
\copy offer_inputs FROM '$pkg/offer_inputs.csv' (FORMAT csv, HEADER true)
\copy approved_sources FROM '$pkg/approved_sources.csv' (FORMAT csv, HEADER true)
SQL
# The same \copy into tables with the keys and indexes Musubi's schema has, built after the load (the manual's recipe).
cat "$work/peer.sql" > "$work/peer-keyed.sql"
cat >> "$work/peer-keyed.sql" <<SQL
ALTER TABLE parts ADD PRIMARY KEY (id);
ALTER TABLE offers ADD PRIMARY KEY (id);
ALTER TABLE offer_inputs ADD PRIMARY KEY (offer_id, input_part_id);
ALTER TABLE approved_sources ADD PRIMARY KEY (offer_id, input_part_id, source_offer_id);
CREATE INDEX ON offers (part_id); CREATE INDEX ON offers (facility_id);
CREATE INDEX ON offer_inputs (input_part_id); CREATE INDEX ON approved_sources (source_offer_id);
SQL
$psql_base -d postgres -c "DROP DATABASE IF EXISTS peer" -c "CREATE DATABASE peer"

rm -f "$work"/sqlite-*.db*
names=(); prepares=(); commands=()
add() { names+=("$1"); prepares+=("$2"); commands+=("$3"); }
add "musubi import → PostgreSQL (binary COPY)" "$reset_pg" "$musubi import $pkg --db 'postgres:$conn;Database=musubi_bench'"
add "psql \\copy → PostgreSQL, plain tables (peer)" "true" "$psql_base -d peer -f $work/peer.sql"
add "psql \\copy → PostgreSQL, then keys + indexes (peer)" "true" "$psql_base -d peer -f $work/peer-keyed.sql"
add "musubi import → SQLite" "rm -f $work/sqlite-m.db $work/sqlite-m.db-wal $work/sqlite-m.db-shm && $musubi db migrate --db sqlite:$work/sqlite-m.db >/dev/null" \
    "$musubi import $pkg --db sqlite:$work/sqlite-m.db"
add "sqlite3 .import → SQLite, plain tables (peer)" "rm -f $work/sqlite-p.db" \
    "sqlite3 $work/sqlite-p.db '.import --csv $pkg/offers.csv offers' '.import --csv $pkg/offer_inputs.csv offer_inputs' '.import --csv $pkg/approved_sources.csv approved_sources' '.import --csv $pkg/parts.csv parts' '.import --csv $pkg/facilities.csv facilities' '.import --csv $pkg/organizations.csv organizations'"
args=()
for i in "${!commands[@]}"; do args+=(--command-name "${names[$i]}" --prepare "${prepares[$i]}"); done
hyperfine --runs "$runs" --export-markdown "$work/results.md" --export-json "$work/results.json" --style basic "${args[@]}" "${commands[@]}"

# One more Musubi run per provider with --timings, for the stage breakdown.
eval "$reset_pg" >/dev/null
$musubi import "$pkg" --timings --db "postgres:$conn;Database=musubi_bench" 2> "$work/stages-pg.txt" >/dev/null
rm -f "$work"/sqlite-s.db*
$musubi import "$pkg" --timings --db "sqlite:$work/sqlite-s.db" 2> "$work/stages-sqlite.txt" >/dev/null

{
  echo "### Import of a generated package — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(dotnet --version | sed 's/^/.NET SDK /'); $(postgres --version 2>/dev/null || /usr/lib/postgresql/*/bin/postgres --version); $(sqlite3 --version | cut -d' ' -f1 | sed 's/^/SQLite (sqlite3 CLI) /'); $(hyperfine --version)."
  echo "PostgreSQL: the throwaway cluster of scripts/pg-throwaway.sh (fsync=off, synchronous_commit=off, full_page_writes=off) — the same server for Musubi and the peer."
  echo
  echo "Package: \`musubi generate --organizations 5000 --parts 200000 --tiers 5 --offers-per-part 5 --approved-per-input 4.5 --seed 1\` —"
  echo "$(rows organizations.csv) organizations, $(rows facilities.csv) facilities, $(rows parts.csv) parts, $(rows offers.csv) offers, $(rows offer_inputs.csv) offer inputs, $(rows approved_sources.csv) approved sources ($(du -sh "$pkg" | cut -f1) of CSV)."
  echo
  cat "$work/results.md"
  echo
  echo "Musubi's times are whole-process (start, read and check every row, write in one transaction, commit). Stage breakdown of one more run:"
  echo
  echo '```text'
  echo "PostgreSQL:"; grep -v ' 0.0[0-9] s' "$work/stages-pg.txt"
  echo "SQLite:"; grep -v ' 0.0[0-9] s' "$work/stages-sqlite.txt"
  echo '```'
} | tee "$work/RESULTS-section.md"
