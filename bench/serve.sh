#!/usr/bin/env bash
# API throughput of `musubi serve --demo` on SQLite (ADR 0046): wrk against a few list endpoints as a demo account,
# this tree's build and, when BASE is given, another revision's build in the same run, alternating round by round.
# Prints a Markdown block for bench/RESULTS.md.
#
#   bench/serve.sh [BASE [ROUNDS]]    e.g. bench/serve.sh 6d6b02e 2
#   WARM=30 MEASURE=20 CONNECTIONS=8  seconds of warm-up (the tiered JIT needs 20–40 s under load), seconds measured,
#                                     wrk's connections (1 thread, on the same cores as the server)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
base=${1:-}
rounds=${2:-1}
warm=${WARM:-30}
measure=${MEASURE:-20}
connections=${CONNECTIONS:-8}
work=/tmp/musubi-bench-serve
mkdir -p "$work"

command -v wrk >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && apt-get install -y -qq --no-install-recommends wrk >/dev/null; }

./musubi --version >/dev/null   # build once, outside every timing
builds=("this tree=$root/artifacts/cli/musubi.dll")
if [ -n "$base" ]; then
  rev=$(git rev-parse --short "$base")
  if [ ! -f "$work/base-$rev/musubi.dll" ]; then
    rm -rf "$work/src-$rev"
    git worktree add -f --detach "$work/src-$rev" "$rev" >/dev/null 2>&1
    dotnet build "$work/src-$rev/src/Musubi.Cli" -c Release -v q -nologo -o "$work/base-$rev" >/dev/null
    git worktree remove --force "$work/src-$rev"
  fi
  builds+=("$rev=$work/base-$rev/musubi.dll")
fi

# One demo database per build, loaded by that build (its own migrations); each of its servers gets a copy.
demo_of() { echo "$work/demo-$(tr -c 'a-z0-9\n' - <<<"$1")"; }
for build in "${builds[@]}"; do
  demo=$(demo_of "${build%%=*}")
  rm -rf "$demo" && mkdir -p "$demo"
  dotnet "${build#*=}" demo load --db "sqlite:$demo/demo.db" >/dev/null
done

endpoints=("/api/organizations?pageSize=50" "/api/requirements?pageSize=50" "/api/facilities?pageSize=50")
port=5190
results=()
for round in $(seq "$rounds"); do
  for build in "${builds[@]}"; do
    label=${build%%=*}
    dll=${build#*=}
    db=$work/run
    rm -rf "$db" && mkdir -p "$db" && cp "$(demo_of "$label")"/demo.db* "$db"/
    # The API's per-client limits would answer most of wrk's requests with 429.
    Hardening__ApiPermitsPerMinute=1000000000 Hardening__AddressPermitsPerMinute=1000000000 \
      dotnet "$dll" serve --demo --urls "http://127.0.0.1:$port" --db "sqlite:$db/demo.db" >"$db/serve.log" 2>&1 &
    pid=$!
    for _ in $(seq 120); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 1; done
    for endpoint in "${endpoints[@]}"; do
      url="http://127.0.0.1:$port$endpoint"
      wrk -t1 -c"$connections" -d"${warm}s" -H "Authorization: Demo us-acq" "$url" >/dev/null
      out=$(wrk -t1 -c"$connections" -d"${measure}s" -H "Authorization: Demo us-acq" "$url")
      rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
      bad=$(awk '/Non-2xx/ {print $5}' <<<"$out")
      results+=("| $round | $label | \`$endpoint\` | $rps | ${bad:-0} |")
    done
    kill "$pid"
    wait "$pid" 2>/dev/null || true
  done
done

echo "### serve --demo, SQLite: API requests per second ($(date -u +%F), $(git rev-parse --short HEAD))"
echo
echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); wrk 1 thread, $connections connections, on the"
echo "same cores; ${warm} s of warm-up per endpoint, then ${measure} s measured; as \`us-acq\` (\`Authorization: Demo us-acq\`)."
echo
echo "| round | build | endpoint | requests/s | non-2xx |"
echo "|---|---|---|---|---|"
printf '%s\n' "${results[@]}"
