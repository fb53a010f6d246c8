# Two throwaway PostgreSQL 15 servers for the failover test: a primary and a standby fed by
# streaming replication, synchronous (a commit is acknowledged once the standby has it), each
# in its own temp dir on a free port of 127.0.0.1. Sourced after throwaway-postgres.sh, whose
# helpers it uses; sets FACTORY_TEST_PG_HA_DSN (both hosts, target_session_attrs=read-write),
# FACTORY_TEST_PG_HA_PRIMARY_DIR (its postmaster.pid names the process to kill) and
# FACTORY_TEST_PG_HA_PROMOTE (the documented promotion, pg_ctl promote, as a command line).

start_replicated_postgres() {
  HA_DIR=$(mktemp -d /tmp/factory-pg-ha.XXXXXX)
  chmod 755 "$HA_DIR"
  [ "$(id -u)" -eq 0 ] && chown "$PG_SYSTEM_USER" "$HA_DIR"
  local primary="$HA_DIR/primary" standby="$HA_DIR/standby"
  _pg_as_owner "$PG_BIN/initdb" -D "$primary" -U "$PG_OWNER" --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$HA_DIR/initdb.log" 2>&1 \
    || { cat "$HA_DIR/initdb.log" >&2; return 1; }
  HA_PRIMARY_PORT=$(_pg_free_port)
  HA_STANDBY_PORT=$(_pg_free_port)
  while [ "$HA_STANDBY_PORT" = "$HA_PRIMARY_PORT" ]; do HA_STANDBY_PORT=$(_pg_free_port); done
  # fsync stays on: the test counts acknowledged changes lost, which fsync=off could lose.
  _pg_as_owner "$PG_BIN/pg_ctl" -D "$primary" -l "$HA_DIR/primary.log" -w -o "-p $HA_PRIMARY_PORT -k $HA_DIR \
    -c listen_addresses=127.0.0.1 -c max_connections=100 -c wal_level=replica -c max_wal_senders=4" start >/dev/null \
    || { cat "$HA_DIR/primary.log" >&2; return 1; }
  _pg_as_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$HA_PRIMARY_PORT" -U "$PG_OWNER" factory_test
  _pg_as_owner "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$HA_PRIMARY_PORT" -U "$PG_OWNER" -D "$standby" -X stream -R --checkpoint=fast \
    -d "application_name=standby" >"$HA_DIR/basebackup.log" 2>&1 || { cat "$HA_DIR/basebackup.log" >&2; return 1; }
  _pg_as_owner "$PG_BIN/pg_ctl" -D "$standby" -l "$HA_DIR/standby.log" -w -o "-p $HA_STANDBY_PORT -k $HA_DIR \
    -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null \
    || { cat "$HA_DIR/standby.log" >&2; return 1; }
  # Synchronous once the standby streams: a commit before that would wait for it forever.
  _pg_as_owner "$PG_BIN/psql" -h 127.0.0.1 -p "$HA_PRIMARY_PORT" -U "$PG_OWNER" -d postgres -qc \
    "ALTER SYSTEM SET synchronous_standby_names = 'standby'" -c "SELECT pg_reload_conf()" >/dev/null
  local streaming=""
  for _ in $(seq 1 100); do
    streaming=$(_pg_as_owner "$PG_BIN/psql" -h 127.0.0.1 -p "$HA_PRIMARY_PORT" -U "$PG_OWNER" -d postgres -Atc \
      "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby'")
    [ "$streaming" = "sync" ] && break
    sleep 0.1
  done
  [ "$streaming" = "sync" ] || { echo "the standby never became synchronous" >&2; cat "$HA_DIR/standby.log" >&2; return 1; }
  export FACTORY_TEST_PG_HA_DSN="postgresql://$PG_OWNER@127.0.0.1:$HA_PRIMARY_PORT,127.0.0.1:$HA_STANDBY_PORT/factory_test?target_session_attrs=read-write&connect_timeout=2"
  export FACTORY_TEST_PG_HA_PRIMARY_DIR="$primary"
  local as_owner=""
  [ "$(id -u)" -eq 0 ] && as_owner="runuser -u $PG_SYSTEM_USER -- "
  export FACTORY_TEST_PG_HA_PROMOTE="${as_owner}$PG_BIN/pg_ctl promote -w -D $standby"
  echo "replicated PostgreSQL: primary 127.0.0.1:$HA_PRIMARY_PORT, synchronous standby 127.0.0.1:$HA_STANDBY_PORT ($HA_DIR)"
}

stop_replicated_postgres() {
  [ -n "${HA_DIR:-}" ] || return 0
  for node in standby primary; do
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$HA_DIR/$node" -m immediate -w stop >/dev/null 2>&1 || true
  done
  rm -rf "$HA_DIR"
  HA_DIR=""
}
