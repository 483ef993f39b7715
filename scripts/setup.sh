#!/usr/bin/env bash
# Sets up everything berth and its tests need on a fresh Debian machine, and changes nothing that
# is already in place: system packages (as root), npm packages from the lockfile, the compiled CLI,
# a running Docker engine and the locally built base images (scripts/harness/).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages from the lockfile"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "compiling the CLI"
npm run --silent build
if [ "${BERTH_SKIP_ENGINE:-0}" != "1" ]; then
  bash scripts/harness/setup-engine.sh
  bash scripts/harness/build-images.sh
fi
log "ready"
