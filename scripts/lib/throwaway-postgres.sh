# A throwaway PostgreSQL 15 cluster for the tests: its own data directory in a temp dir,
# bound to 127.0.0.1 on a free port, stopped and deleted on exit (also on failure).
# Sourced by scripts/test; sets FACTORY_TEST_PG_DSN.

PG_BIN=/usr/lib/postgresql/15/bin
PG_OWNER=factory
PG_SYSTEM_USER=factorypg

# Runs a PostgreSQL tool as the cluster's owner: initdb refuses to run as root.
_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$PG_SYSTEM_USER" -- "$@"
  else
    "$@"
  fi
}

# Below Linux's ephemeral range (32768 up), where the benchmarks' many client sockets would
# otherwise hold a port that answers no connect yet cannot be bound.
_pg_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

start_throwaway_postgres() {
  if [ ! -x "$PG_BIN/initdb" ]; then
    echo "PostgreSQL 15 is not installed ($PG_BIN/initdb is missing)" >&2
    return 1
  fi
  if [ "$(id -u)" -eq 0 ] && ! id "$PG_SYSTEM_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_SYSTEM_USER"
  fi
  PG_DIR=$(mktemp -d /tmp/factory-pg.XXXXXX)
  chmod 700 "$PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown "$PG_SYSTEM_USER" "$PG_DIR"
  _pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_OWNER" --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  # A port can still be taken between the check and the bind: then another one.
  local attempt
  for attempt in 1 2 3 4 5; do
    PG_PORT=$(_pg_free_port)
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
      -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null && break
    if [ "$attempt" -eq 5 ] || ! grep -q "could not bind" "$PG_DIR/server.log"; then
      cat "$PG_DIR/server.log" >&2
      return 1
    fi
    : >"$PG_DIR/server.log"
  done
  trap stop_throwaway_postgres EXIT
  _pg_as_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_OWNER" factory_test
  export FACTORY_TEST_PG_DSN="postgresql://$PG_OWNER@127.0.0.1:$PG_PORT/factory_test"
  echo "throwaway PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

stop_throwaway_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
