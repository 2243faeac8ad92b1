# What scripts/serve promises, checked on the binary it builds: the release preset (-O3,
# where g++ warns differently, and warnings are errors) builds, and `chorus serve` on an
# empty data directory answers /api/v1/health and prints the first owner's login.
chorus_release_check() {
  cmake --preset release >/dev/null
  cmake --build build/release --target chorus
  local data port log pid
  data="$(mktemp -d)"
  port=$((20000 + RANDOM % 12000))  # below the ephemeral range
  log="$data/serve.log"
  build/release/src/chorus serve --data "$data/store" --listen "127.0.0.1:$port" --publishers 0 >"$log" 2>&1 &
  pid=$!
  local healthy=""
  for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then healthy=1; break; fi
    sleep 0.2
  done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  if [[ -z "$healthy" ]] || ! grep -q "password:" "$log"; then
    echo "release check: chorus serve did not start as scripts/serve promises" >&2
    cat "$log" >&2
    rm -rf "$data"
    return 1
  fi
  echo "release check: build/release/src/chorus serves and printed the first owner's login"
  rm -rf "$data"
}
