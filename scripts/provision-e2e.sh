#!/usr/bin/env bash
# Installs what the end-to-end tier (test/e2e/) needs and is idempotent: fast when all is present.
#   - Debian packages: chromium (headless browser), libkrb5-dev (headers for code-server's native
#     'kerberos' module), ripgrep (replaces @vscode/ripgrep's GitHub download)
#   - code-server 4.100.3 (= VS Code 1.100.3) into test/e2e/code-server/ from its own lockfile
# On Debian as root it installs what is missing; elsewhere it lists what is missing and exits 1.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CS_DIR="$ROOT/test/e2e/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
CS_VERSION=4.100.3
APT_PACKAGES=(chromium libkrb5-dev ripgrep)

# A package counts as present when dpkg knows it, or (for the programs) when it is on PATH.
package_present() {
  case "$1" in
    chromium)
      if [ -n "${CHROMIUM_BIN:-}" ]; then [ -x "$CHROMIUM_BIN" ]; return; fi
      [ -x /usr/bin/chromium ] && return 0 ;;
    ripgrep) command -v rg >/dev/null 2>&1 && return 0 ;;
  esac
  dpkg -s "$1" >/dev/null 2>&1
}

code_server_installed() {
  # read the version from package.json: running 'code-server --version' writes ~/.config/code-server
  [ -x "$CS_BIN" ] && [ "$(node -p "require('$CS_DIR/node_modules/code-server/package.json').version" 2>/dev/null)" = "$CS_VERSION" ]
}

can_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ -f /etc/debian_version ]
}

install_packages() {
  echo "provision-e2e: installing Debian packages: $*"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds the
# archive; put Debian's rg there under the name it looks for.
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
seed_ripgrep_cache() {
  local cache="$RG_CACHE"
  local staging
  staging="$(mktemp -d)"
  mkdir -p "$cache"
  cp "$(command -v rg)" "$staging/rg"
  tar czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$staging" rg
  rm -rf "$staging"
}

install_code_server() {
  echo "provision-e2e: installing code-server $CS_VERSION into $CS_DIR (npm ci, ~1-2 min)"
  seed_ripgrep_cache
  # As root code-server's postinstall insists on unsafe-perm; node-pty's postinstall runs
  # 'npx node-gyp', which an npmrc with yes=false would refuse without a TTY.
  (cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true \
    npm ci --no-audit --no-fund --loglevel=error)
  rm -rf "$RG_CACHE"
}

report_missing_and_exit() {
  local missing=()
  package_present chromium || missing+=(chromium)
  code_server_installed || missing+=("code-server $CS_VERSION in $CS_DIR")
  ((${#missing[@]})) || return 0
  echo "provision-e2e: missing: ${missing[*]}" >&2
  echo "  run this script as root on Debian to install them, or install by hand:" >&2
  echo "  a Chromium at /usr/bin/chromium (or set CHROMIUM_BIN), and: cd $CS_DIR && npm ci" >&2
  echo "  (code-server's install needs Kerberos headers, a C++ toolchain and network access)" >&2
  exit 1
}

main() {
  if ! can_install; then
    report_missing_and_exit
    echo "provision-e2e: ready"
    return
  fi
  local missing=()
  local pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    package_present "$pkg" || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) || install_packages "${missing[@]}"
  code_server_installed || install_code_server
  echo "provision-e2e: ready (code-server $CS_VERSION, $(chromium --version 2>/dev/null || echo chromium))"
}

main "$@"
