# Installs the Debian packages Chorus needs to build, run and test, when they are missing.
# Sourced by scripts/serve and scripts/test.

chorus_build_packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
  libhowardhinnant-date-dev tzdata libutf8proc-dev publicsuffix libcurl4-openssl-dev libical-dev
  libvips-dev ffmpeg
)
chorus_test_packages=(
  postgresql-15 libgtest-dev libgmock-dev libbenchmark-dev wrk curl procps
  python3  # node-gyp builds the local Bluesky server's native module (tests/bluesky)
  chromium  # the web app's browser tests (web/e2e)
  clang libclang-rt-14-dev  # libFuzzer, for the fuzz targets (fuzz/)
)

chorus_install_packages() {
  local missing=()
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Run as root or install sudo to install: ${missing[*]}" >&2; return 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may never have fetched the package lists.
  if ! $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null; then
    $sudo apt-get update -q </dev/null
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
  fi
}
