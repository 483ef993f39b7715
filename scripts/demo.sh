#!/usr/bin/env bash
# The main job: set everything up, then check, deploy and verify the flagship example
# (examples/fullstack) with berth, and leave it running. Safe to run again: a second run changes
# nothing that is already right.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
example=examples/fullstack
berth() { node bin/berth.js "$@"; }

# Real random secrets for this machine, written once (never overwritten: the database volume was
# initialised with them).
sh "$example/init-env.sh"

echo "== berth check: the static doctor"
berth check -f "$example/compose.yaml" --fail-on error
echo "== berth up --verify: build, converge in health-gated order, then prove it works"
berth up -f "$example/compose.yaml" --verify
echo "== berth ps"
berth ps -f "$example/compose.yaml"
port=$(grep -E '^FRONTEND_PORT=' "$example/.env" | cut -d= -f2 || true)
echo
echo "The flagship is up: open http://127.0.0.1:${port:-8080}/ (stop it with: node bin/berth.js down -f $example/compose.yaml)"
