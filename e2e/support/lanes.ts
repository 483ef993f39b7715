// Which e2e files `npm test` may run beside each other (vitest.config.ts, BERTH_TEST_LANES=1).
//
// The parallel lane runs these files up to PARALLEL_WORKERS at a time, beside the unit tests;
// every other e2e file runs afterwards in the serial lane, alone on the machine. A file belongs
// here only when it cannot disturb, or be disturbed by, any other file of the lane:
// - its own compose project names, published ports, image tags, volume names and state folder
//   (BERTH_STATE_DIR: the shared .cache/e2e-state holds one folder per project);
// - no engine-wide operation (prune, swarm, `docker ps` / `docker events` without a project or
//   label filter, removing an image another file builds);
// - nothing that measures time, gaps or failed requests under load, or kills berth at a moment
//   (those need a quiet machine: rolling updates, crash and busy detection, kill points).
// A new e2e file lands in the serial lane until it is added here; lanes.test.ts checks the
// literals it can see (ports, project names, image tags) for collisions within this lane.

/** At most this many files of the parallel lane (and unit test files) run at once on 2 cores. */
export const PARALLEL_WORKERS = 3;

/**
 * The parallel lane, in the order its files start: longest first (seconds each took in the
 * last full rehearsal, 22:44 on 7 Dec, in the comments), and the two that build the flagship's
 * `:e2e` images (backup, report) apart, so the second one finds the first one's image instead
 * of building it at the same time. The lane keeps PARALLEL_WORKERS busy, so a long file that
 * starts last is what the serial lane waits for.
 */
export const PARALLEL_E2E: readonly string[] = [
  // First, before anything builds the flagship: it reinstalls examples/fullstack/backend/node_modules.
  "e2e/flagship-static.e2e.ts", // 23
  "e2e/seed-stacks.e2e.ts", // 176
  "e2e/backup.e2e.ts", // 157
  "e2e/verify.e2e.ts", // 100
  "e2e/redaction.e2e.ts", // 91
  "e2e/up.e2e.ts", // 69
  "e2e/day2-verbs.e2e.ts", // 67
  "e2e/serve.e2e.ts", // 47
  "e2e/report.e2e.ts", // 90, after verify and serve: backup has built the :e2e images by then
  "e2e/day2-rollback.e2e.ts", // 60
  "e2e/up-resilience.e2e.ts", // 60
  "e2e/flagship-dev.e2e.ts", // 48
  "e2e/day2-stale.e2e.ts", // 44
  // 37 in the serial lane (140 alone at load average 10-16): 15 small stacks one after another,
  // each failing on its own (exit, OOM, missing image, wrong healthcheck port...) whatever the
  // load; nothing in it kills berth at a moment or measures time; its one port (18120) and
  // projects (berthe2e-up-diag-*, berthe2e-h3-*) are its own.
  "e2e/diagnose.e2e.ts",
  "e2e/day2-buildkit.e2e.ts", // 25
  "e2e/day2-run-first.e2e.ts", // 25
  "e2e/truth-drift.e2e.ts", // 24
  "e2e/migrate.e2e.ts", // 20
  "e2e/secrets.e2e.ts", // 17
  "e2e/day2-migrate.e2e.ts", // 15
  "e2e/up-verify.e2e.ts", // 15
  "e2e/engine.e2e.ts", // 6
  "e2e/harness-images.e2e.ts", // 5
];

/** Where a file starts within the parallel lane; files not in it come after, in their order. */
export function laneRank(file: string): number {
  const index = PARALLEL_E2E.indexOf(file);
  return index === -1 ? PARALLEL_E2E.length : index;
}
