#!/usr/bin/env bash
# The one test command (README, .ci/run): set-up, static checks, unit tests, end-to-end tests on a
# real engine. Ends with the line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
echo "[test] typecheck and lint ($(date +%H:%M:%S))"
# Side by side (each is one process, the machine has 2 cores); any failure stops the run here.
npm run --silent typecheck & typecheck=$!
npx tsc --noEmit -p tsconfig.tests.json & typecheck_tests=$!
npm run --silent lint & lint=$!
static=0
wait "$typecheck" || static=1
wait "$typecheck_tests" || static=1
wait "$lint" || static=1
if [ "$static" != 0 ]; then
  echo "0 passed, 1 failed, 0 skipped"
  echo "[test] typecheck or lint failed (see above)" >&2
  exit 1
fi
mkdir -p .cache
rm -f .cache/vitest.json
status=0
# One vitest run in two lanes (vitest.config.ts, e2e/support/lanes.ts): the unit tests beside the
# e2e files that are safe together, then the timing-sensitive e2e files one at a time.
echo "[test] unit and e2e tests ($(date +%H:%M:%S))"
BERTH_TEST_LANES=1 npx vitest run --reporter=default --reporter=json --outputFile.json=.cache/vitest.json "$@" || status=$?
echo "[test] tests finished ($(date +%H:%M:%S))"
node scripts/test-summary.mjs .cache/vitest.json || status=$?
exit "$status"
