#!/usr/bin/env bash
# The one test command (README, .ci/run): set-up, static checks, unit tests, end-to-end tests on a
# real engine. Ends with the line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
echo "[test] typecheck and lint"
npm run --silent typecheck
npx tsc --noEmit -p tsconfig.tests.json
npm run --silent lint
mkdir -p .cache
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.cache/vitest.json "$@" || status=$?
node scripts/test-summary.mjs .cache/vitest.json || status=$?
exit "$status"
