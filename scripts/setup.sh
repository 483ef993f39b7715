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
# The compiled CLI is current when nothing it is built from changed since the last build.
stamp=dist/.build-stamp
if [ -f "$stamp" ] && [ -z "$(find src scripts/copy-assets.mjs package-lock.json tsconfig.json tsconfig.build.json -newer "$stamp" -print -quit)" ]; then
  log "the compiled CLI is up to date"
else
  log "compiling the CLI"
  # Stamped at the start, so a source edited during the build is seen as newer next time.
  mkdir -p dist && touch "$stamp.next"
  npm run --silent build
  mv "$stamp.next" "$stamp"
fi
if [ "${BERTH_SKIP_ENGINE:-0}" != "1" ]; then
  bash scripts/harness/setup-engine.sh
  bash scripts/harness/build-images.sh
fi
log "ready"
