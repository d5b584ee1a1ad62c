#!/usr/bin/env bash
# Installs what ./test needs beyond the .NET SDK, idempotently; quiet when all is there.
#
#   scripts/ensure-deps.sh              # PostgreSQL server, MeCab + IPADIC, CLP + CBC, Chromium, CJK fonts, AFL++, .NET local tools
#   scripts/ensure-deps.sh --no-browser # the same without Chromium, fonts and AFL++ (./test --fast)
#
# As root, missing Debian packages are installed with apt-get; otherwise the script
# says what to install and fails.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
browser=true
case "${1:-}" in
  --no-browser) browser=false ;;
  "") ;;
  *) echo "usage: $0 [--no-browser]" >&2; exit 2 ;;
esac

deb_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
# PostgreSQL server binaries (scripts/pg-throwaway.sh); Debian 12's `postgresql` is 15.
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  missing+=(postgresql)
fi
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# MeCab with IPADIC reads kanji names for screening (Musubi.Engines.Screening's MecabReader loads libmecab.so.2).
deb_installed libmecab2 || missing+=(libmecab2)
deb_installed mecab-ipadic-utf8 || missing+=(mecab-ipadic-utf8)
# COIN-OR's CLP and CBC solve the surge planner's exported MPS models independently (ClpCrossCheckTests, bench/surge.sh).
command -v clp >/dev/null 2>&1 || missing+=(coinor-clp)
command -v cbc >/dev/null 2>&1 || missing+=(coinor-cbc)
if $browser; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # Without CJK fonts Japanese pages render as boxes in browser tests and screenshots.
  deb_installed fonts-noto-cjk || missing+=(fonts-noto-cjk)
  # AFL++ for scripts/fuzz.sh; ./test --fast (which passes --no-browser) replays the fuzz seeds without it.
  command -v afl-fuzz >/dev/null 2>&1 || missing+=(afl++)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-deps: missing Debian packages; install them with:" >&2
    echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "ensure-deps: installing ${missing[*]} (apt-get)" >&2
  log=$(mktemp)
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -q &&
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "ensure-deps: apt-get failed" >&2
    exit 1
  fi
  rm -f "$log"
fi

# .NET local tools (.config/dotnet-tools.json: dotnet-ef, sharpfuzz).
cd "$root"
if ! out=$(DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet tool restore 2>&1); then
  printf '%s\n' "$out" >&2
  echo "ensure-deps: dotnet tool restore failed" >&2
  exit 1
fi
