# A real Bluesky PDS (with an in-memory PLC directory) on 127.0.0.1 for the connector's
# integration tests: @atproto/dev-env run by Node 22 (scripts/lib/node.sh), installed under
# tests/bluesky/. Started by PID and stopped by PID, with a fresh TMPDIR (nothing persists).

chorus_bluesky_dir="$PWD/tests/bluesky"

chorus_bluesky_install() {
  chorus_node_install
  # Native modules (better-sqlite3) must be built for Node 22's ABI.
  chorus_with_node chorus_npm_ci_once "$chorus_bluesky_dir/server" --nodedir="$chorus_node_dir"
}

# Sets CHORUS_BLUESKY_PID and exports CHORUS_TEST_BLUESKY_PDS_URL and CHORUS_TEST_BLUESKY_PLC_URL.
chorus_bluesky_start() {
  CHORUS_BLUESKY_TMP=$(mktemp -d /tmp/chorus-bluesky.XXXXXX)
  (cd "$chorus_bluesky_dir/server" && TMPDIR="$CHORUS_BLUESKY_TMP" REDIS_HOST=127.0.0.1 \
    exec "$chorus_node_dir/bin/node" start.mjs >"$CHORUS_BLUESKY_TMP/ready.json" 2>"$CHORUS_BLUESKY_TMP/server.log") &
  CHORUS_BLUESKY_PID=$!
  for _ in $(seq 1 300); do
    if [ -s "$CHORUS_BLUESKY_TMP/ready.json" ]; then
      local ready pds plc
      ready=$(head -n1 "$CHORUS_BLUESKY_TMP/ready.json")
      pds=$(sed -E 's/.*"pds":"([^"]+)".*/\1/' <<<"$ready")
      plc=$(sed -E 's/.*"plc":"([^"]+)".*/\1/' <<<"$ready")
      export CHORUS_TEST_BLUESKY_PDS_URL="$pds" CHORUS_TEST_BLUESKY_PLC_URL="$plc"
      echo "Bluesky PDS on $pds, PLC directory on $plc (pid $CHORUS_BLUESKY_PID)"
      return 0
    fi
    kill -0 "$CHORUS_BLUESKY_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "the local Bluesky server did not start:" >&2
  tail -n 40 "$CHORUS_BLUESKY_TMP/server.log" >&2
  return 1
}

chorus_bluesky_stop() {
  if [ -n "${CHORUS_BLUESKY_PID:-}" ] && kill -0 "$CHORUS_BLUESKY_PID" 2>/dev/null; then
    kill -TERM "$CHORUS_BLUESKY_PID"
    for _ in $(seq 1 50); do kill -0 "$CHORUS_BLUESKY_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$CHORUS_BLUESKY_PID" 2>/dev/null || true
  fi
  [ -n "${CHORUS_BLUESKY_TMP:-}" ] && rm -rf "$CHORUS_BLUESKY_TMP"
  CHORUS_BLUESKY_PID=""
}
