#!/usr/bin/env bash
# Runs a PostgreSQL cluster as a child of this script, for the AppHost's local mode.
# usage: postgres.sh DATA_DIR PORT
# - initdb once into DATA_DIR (superuser "postgres", trust auth on 127.0.0.1 only: a developer cluster);
# - as root, everything runs as the postgres OS user (PostgreSQL refuses root);
# - SIGTERM from DCP → SIGINT to the postmaster (fast shutdown), so an idle pooled client cannot block it.
set -euo pipefail
data=$1; port=$2
fail() { echo "rbidp-postgres: $*" >&2; exit 1; }

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/postgres" ] || fail "PostgreSQL server binaries not found under /usr/lib/postgresql (install the 'postgresql' package)."

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  fail "port $port on 127.0.0.1 is already in use; set RbIdp:Local:PostgresPort to a free port."
fi

as_pg=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || fail "the 'postgres' OS user does not exist (install the 'postgresql' package)."
  as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups)
  mkdir -p "$data"
  chown postgres:postgres "$data"
  chmod 0700 "$data"
  "${as_pg[@]}" test -w "$data" || fail "$data is not reachable by the postgres user (a parent folder is mode 0700?); set RbIdp:Local:DataDir elsewhere."
else
  mkdir -p "$data"; chmod 0700 "$data"
fi

if [ ! -s "$data/PG_VERSION" ]; then
  echo "rbidp-postgres: initialising a new cluster in $data"
  "${as_pg[@]}" "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null \
    || fail "initdb failed for $data"
fi

"${as_pg[@]}" "$bin/postgres" -D "$data" -p "$port" -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200 &
child=$!
trap 'kill -INT "$child" 2>/dev/null' TERM INT
while kill -0 "$child" 2>/dev/null; do wait "$child" || true; done
