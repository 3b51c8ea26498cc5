#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on loopback for the tests and exports
# HAMAL_TEST_POSTGRES_URL. Source it: `. .ci/postgres.sh`. Installs Debian's server if needed.
# PostgreSQL refuses to run as root, so the server runs as the 'postgres' user when we are root.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
fi
PG_BIN="$(pg_bin)"
PG_PORT="${HAMAL_TEST_POSTGRES_PORT:-55432}"
PG_DIR="$(mktemp -d /tmp/hamal-pg.XXXXXX)"

if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$PG_DIR"
  run_pg() { runuser -u postgres -- "$@"; }
else
  run_pg() { "$@"; }
fi

run_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U hamal -E UTF8 >/dev/null
run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c max_connections=200" >/dev/null
export HAMAL_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=hamal"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data in $PG_DIR)"
