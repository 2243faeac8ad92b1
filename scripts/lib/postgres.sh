# A throw-away PostgreSQL 15 cluster for the tests: a temp dir, a free port on 127.0.0.1,
# trust auth, no fsync. Started by PID and stopped by PID; nothing touches a system cluster.

chorus_pg_bin=/usr/lib/postgresql/15/bin

chorus_port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Sets CHORUS_PG_DIR, CHORUS_PG_PID and CHORUS_TEST_POSTGRES_URL.
chorus_pg_start() {
  CHORUS_PG_DIR=$(mktemp -d /tmp/chorus-pg.XXXXXX)
  local as_user=()
  if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses to run as root; the postgres system user comes with the package.
    # setpriv execs in place (runuser would fork), so $! below is the server's own PID.
    chown postgres:postgres "$CHORUS_PG_DIR"
    as_user=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  fi
  "${as_user[@]}" "$chorus_pg_bin/initdb" -D "$CHORUS_PG_DIR/data" -U chorus --auth=trust -E UTF8 --locale=C.UTF-8 >"$CHORUS_PG_DIR/initdb.log" 2>&1 \
    || { cat "$CHORUS_PG_DIR/initdb.log" >&2; return 1; }
  # Ports below the kernel's ephemeral range (32768 and up on Linux), so that no outgoing
  # connection, live or in TIME_WAIT after a benchmark, holds the one chosen; a port taken
  # anyway (the server stops at once) is replaced by another.
  local port attempt
  for attempt in 1 2 3 4 5; do
    for _ in $(seq 1 50); do
      port=$((20000 + RANDOM % 12000))
      chorus_port_is_free "$port" && break
    done
    "${as_user[@]}" "$chorus_pg_bin/postgres" -D "$CHORUS_PG_DIR/data" -p "$port" -k "$CHORUS_PG_DIR" \
      -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
      -c max_connections=300 >"$CHORUS_PG_DIR/server.log" 2>&1 &
    CHORUS_PG_PID=$!
    for _ in $(seq 1 100); do
      if "$chorus_pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
        "$chorus_pg_bin/createdb" -h 127.0.0.1 -p "$port" -U chorus chorus_test || return 1
        export CHORUS_TEST_POSTGRES_URL="postgres://chorus@127.0.0.1:$port/chorus_test"
        echo "PostgreSQL 15 test cluster on 127.0.0.1:$port (pid $CHORUS_PG_PID)"
        return 0
      fi
      kill -0 "$CHORUS_PG_PID" 2>/dev/null || break
      sleep 0.2
    done
    kill -0 "$CHORUS_PG_PID" 2>/dev/null && break  # running but never ready: not a port problem
  done
  cat "$CHORUS_PG_DIR/server.log" >&2
  return 1
}

chorus_pg_stop() {
  if [ -n "${CHORUS_PG_PID:-}" ] && kill -0 "$CHORUS_PG_PID" 2>/dev/null; then
    kill -INT "$CHORUS_PG_PID"   # fast shutdown
    for _ in $(seq 1 50); do kill -0 "$CHORUS_PG_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$CHORUS_PG_PID" 2>/dev/null || true
  fi
  [ -n "${CHORUS_PG_DIR:-}" ] && rm -rf "$CHORUS_PG_DIR"
  CHORUS_PG_PID=""
}
