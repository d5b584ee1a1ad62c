#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: fast (no fsync), loopback only, gone on stop.
#
#   scripts/pg-throwaway.sh start DIR   # prints the Npgsql connection string on stdout
#   scripts/pg-throwaway.sh stop DIR    # stops the server and removes DIR
#
# DIR should be fresh and short (the Unix socket lives in it), e.g. $(mktemp -d).
# As root the server runs as the `postgres` system user (PostgreSQL refuses root),
# so DIR and its parents must be reachable by that user; /tmp is.
set -euo pipefail

die() { printf 'pg-throwaway: %s\n' "$*" >&2; exit 1; }
marker=.musubi-pg-throwaway

pg_bin_dir() {
  local pgctl dir
  if pgctl=$(command -v pg_ctl 2>/dev/null); then
    dirname "$(readlink -f "$pgctl")"
    return
  fi
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) || true
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] ||
    die "no PostgreSQL server binaries (pg_ctl) found; install the Debian package 'postgresql'"
  printf '%s\n' "$dir"
}

# Runs a command as the cluster owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_is_free() {
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
  else
    # Without python3: a port that accepts a connection is taken.
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

start() {
  local dir=$1 bin locale port attempt
  bin=$(pg_bin_dir)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
  touch "$dir/$marker"

  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user to run the server as"
    chown -R postgres: "$dir"
    runuser -u postgres -- test -w "$dir" ||
      die "user postgres cannot write $dir (a parent directory is not searchable?); use a directory under /tmp"
  fi

  # C.UTF-8: code-point collation (like SQLite's BINARY) with UTF-8 aware ctype.
  locale=C
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C.UTF-8; fi

  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale="$locale" --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }

  cat >>"$dir/data/postgresql.conf" <<CONF

# musubi throwaway test cluster: durability off, loopback only
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF

  # Probe upward from 55432; retry on a lost race with another process binding the port.
  port=55432
  for attempt in $(seq 1 20); do
    while ! port_is_free "$port"; do
      port=$((port + 1))
      [ "$port" -lt 65000 ] || die "no free port found"
    done
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $port" -w -t 60 start >/dev/null 2>&1; then
      break
    fi
    if [ "$attempt" -eq 20 ] || ! grep -qiE 'could not bind|already in use' "$dir/server.log" 2>/dev/null; then
      cat "$dir/server.log" >&2 2>/dev/null || true
      die "server failed to start"
    fi
    port=$((port + 1))
  done

  local ready=false
  for _ in $(seq 1 100); do
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then ready=true; break; fi
    sleep 0.1
  done
  $ready || { cat "$dir/server.log" >&2; die "server did not become ready on port $port"; }

  printf 'Host=127.0.0.1;Port=%s;Username=postgres;Database=postgres\n' "$port"
}

stop() {
  local dir=$1 bin
  [ -d "$dir" ] || return 0
  # Refuse to delete anything that `start` did not create.
  [ -f "$dir/$marker" ] || die "$dir was not made by pg-throwaway.sh start; not removing it"
  if [ -f "$dir/data/postmaster.pid" ]; then
    bin=$(pg_bin_dir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) [ $# -eq 2 ] || die "usage: $0 start DIR"; start "$2" ;;
  stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) die "usage: $0 start DIR | stop DIR" ;;
esac
